package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReviewKeepsFile checks that review changes only the lines of the
// review it records: every comment and every other line of the
// hand-written file stays as it was.
func TestReviewKeepsFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := copyTo(t, dir, curatedV1)
	before := string(mustRead(t, path))
	soupIn(t, 0, dir, "", "review", "-by", "Jane Doe", "-date", "2026-12-01", "-verification", "Checked again.", "SOUP-0007")
	after := string(mustRead(t, filepath.Join(dir, "soup.yaml")))
	removed, added := lineChanges(before, after)
	// The item's verification: architecture, by and date change (the
	// version, 2.23.0, was already the one in use); its anomaly review,
	// which named no version of its own, is pinned to the version verified
	// before.
	want := []string{"architecture: Checked again.", "date: 2026-12-01", "version: 2.23.0"}
	if diff := cmp.Diff(want, added); diff != "" {
		t.Errorf("changed lines (-want +got):\n%s\nremoved: %q", diff, removed)
	}
}

// lineChanges returns the lines only in a and only in b, trimmed, counting
// repeated lines.
func lineChanges(a, b string) (onlyA, onlyB []string) {
	count := map[string]int{}
	for _, l := range strings.Split(a, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(b, "\n") {
		if count[l] > 0 {
			count[l]--
			continue
		}
		onlyB = append(onlyB, strings.TrimSpace(l))
	}
	for _, l := range strings.Split(a, "\n") {
		if count[l] > 0 {
			count[l]--
			onlyA = append(onlyA, strings.TrimSpace(l))
		}
	}
	return onlyA, onlyB
}
