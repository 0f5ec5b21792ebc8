package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit"
	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// The tests here run soup in-process, like the scripts of
// testdata/script, where a property is better checked in Go than read in
// a transcript: the documentation every item keeps through sync and
// convert, and output that depends on the toolchain or prints "$ " lines.

// The test inputs: real SBOMs made by syft (copied from sbom/testdata/real)
// and the bundled example's curated list.
const (
	sbomV1    = "example/python-backend.cdx.json"
	sbomV2    = "testdata/python-backend-v2.cdx.json"
	curatedV1 = "example/soup.yaml"
)

// soupIn runs soup in-process in dir with stdin and fails the test unless
// it exits with status want.
func soupIn(t *testing.T, want int, dir, stdin string, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, dir: dir}
	if code := runIn(e, args); code != want {
		t.Fatalf("soup %s: exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

// copyTo copies the package file name into dir and returns its new path.
func copyTo(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.Base(name))
	writeWork(t, p, mustRead(t, name), 0o644)
	return p
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readList(t *testing.T, path string) *soup.List {
	t.Helper()
	l, err := soup.Parse(mustRead(t, path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return l
}

// TestDemo checks what soup prints without arguments. Its output shows
// command lines ("$ soup render …"), so it is a golden file, not a script.
func TestDemo(t *testing.T) {
	t.Parallel()
	stdout, stderr := soupIn(t, 0, t.TempDir(), "")
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing", stderr)
	}
	golden.Check(t, "testdata/demo.golden", []byte(stdout))
}

func TestVersion(t *testing.T) {
	t.Parallel()
	stdout, _ := soupIn(t, 0, "", "", "version")
	if !strings.HasPrefix(stdout, "soup devel (soupkit "+soupkit.Version+", go") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("soup version = %q", stdout)
	}
	if alias, _ := soupIn(t, 0, "", "", "--version"); alias != stdout {
		t.Errorf("soup --version = %q, want %q", alias, stdout)
	}
}

// TestHelpEveryCommand checks that every command has help with a usage
// line and examples, by both spellings.
func TestHelpEveryCommand(t *testing.T) {
	t.Parallel()
	var usage, errb bytes.Buffer
	if code := run([]string{"-h"}, strings.NewReader(""), &usage, &errb); code != 0 || errb.Len() > 0 {
		t.Fatalf("soup -h: exit status %d, stderr %q", code, errb.String())
	}
	for _, c := range commands() {
		if !strings.Contains(usage.String(), "\n  "+c.name+" ") {
			t.Errorf("soup -h does not list %s", c.name)
		}
		for _, args := range [][]string{{c.name, "-h"}, {"help", c.name}} {
			stdout, stderr := soupIn(t, 0, "", "", args...)
			if !strings.HasPrefix(stdout, "Usage: soup "+c.name) || !strings.Contains(stdout, "\nExamples:\n  soup "+c.name) || stderr != "" {
				t.Errorf("soup %s: help lacks usage or examples, or wrote to stderr %q:\n%s", strings.Join(args, " "), stderr, stdout)
			}
		}
	}
}

// TestSyncKeepsDocumentation syncs the curated list with the SBOM of
// release 1, then of the upgraded release 2: every hand-written field of
// every item is kept, chardet (gone from the SBOM) is marked removed, the
// ten upgraded items take their new version, and check then flags each
// upgraded item's verification as outdated.
func TestSyncKeepsDocumentation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cur := copyTo(t, dir, curatedV1)
	copyTo(t, dir, sbomV1)
	copyTo(t, dir, sbomV2)
	orig := readList(t, cur)
	soupIn(t, 0, dir, "", "sync", "-curated", "soup.yaml", filepath.Base(sbomV1))
	soupIn(t, 0, dir, "", "sync", "-curated", "soup.yaml", filepath.Base(sbomV2))

	got := readList(t, cur)
	if got.System != orig.System || !cmp.Equal(got.Document, orig.Document, equateDates) || got.RiskLevels != orig.RiskLevels {
		t.Error("sync changed the system, document control or risk levels")
	}
	upgraded := map[string]string{}
	for _, o := range orig.Items {
		g := got.Item(o.ID)
		if g == nil {
			t.Errorf("%s %s: lost", o.ID, o.Name)
			continue
		}
		if diff := cmp.Diff(documentation(o), documentation(*g), equateDates); diff != "" {
			t.Errorf("%s %s: documentation changed (-want +got):\n%s", o.ID, o.Name, diff)
		}
		switch {
		case o.Name == "chardet":
			if !g.Removed {
				t.Errorf("chardet is not marked removed")
			}
		case g.Version != o.Version:
			upgraded[o.ID] = g.Version
		}
	}
	if len(upgraded) != 10 {
		t.Errorf("%d items upgraded, want 10: %v", len(upgraded), upgraded)
	}

	stdout, _ := soupIn(t, 1, dir, "", "check", "-format", "json", "-curated", "soup.yaml", filepath.Base(sbomV2))
	var findings []soup.Finding
	if err := json.Unmarshal([]byte(stdout), &findings); err != nil {
		t.Fatal(err)
	}
	outdated := map[string]bool{}
	for _, f := range findings {
		if f.Rule == "verification-outdated" {
			outdated[f.Item] = true
		}
	}
	for id := range upgraded {
		// idna (SOUP-0010) had no verification to become outdated.
		if id != "SOUP-0010" && !outdated[id] {
			t.Errorf("%s upgraded to %s: no verification-outdated finding", id, upgraded[id])
		}
	}
	if outdated["SOUP-0012"] {
		t.Error("gunicorn was not upgraded but its verification is reported outdated")
	}
}

// equateDates compares soup.Dates by their text.
var equateDates = cmp.Comparer(func(a, b soup.Date) bool { return a.String() == b.String() })

// documentation returns the hand-written fields of an item.
func documentation(it soup.Item) soup.Item {
	return soup.Item{
		ID: it.ID, Manufacturer: it.Manufacturer, License: it.License, Website: it.Website,
		IssueTracker: it.IssueTracker, Description: it.Description, Requirements: it.Requirements,
		RiskLevel: it.RiskLevel, FailureModes: it.FailureModes, RiskRefs: it.RiskRefs,
		Verification: it.Verification, AnomalyReview: it.AnomalyReview, Anomalies: it.Anomalies,
		Support: it.Support, Notes: it.Notes,
	}
}

// TestConvertKeepsDocumentation converts the documented example to each
// SBOM format and checks that decoding the output gives every item its
// documentation back.
func TestConvertKeepsDocumentation(t *testing.T) {
	t.Parallel()
	want := renderedList(t, "-curated", curatedV1, sbomV1)
	for _, to := range []string{"cyclonedx-json", "cyclonedx-xml@1.5", "spdx-json", "spdx-tagvalue", "spdx-yaml", "soupkit-yaml"} {
		t.Run(to, func(t *testing.T) {
			t.Parallel()
			stdout, _ := soupIn(t, 0, "", "", "convert", "-to", to, "-curated", curatedV1, sbomV1)
			l, f, err := sbom.Decode(strings.NewReader(stdout))
			if err != nil {
				t.Fatalf("decoding the output: %v", err)
			}
			wantFormat, _ := sbom.ParseFormat(to)
			if f.Family != wantFormat.Family || f.Encoding != wantFormat.Encoding {
				t.Errorf("output is %v, want %v", f, wantFormat)
			}
			got := map[string]soup.Item{}
			for _, it := range l.Items {
				got[it.Name+"@"+it.Version] = documentation(it)
			}
			if len(got) != len(want.Items) {
				t.Errorf("%d items, want %d", len(got), len(want.Items))
			}
			for _, it := range want.Items {
				if diff := cmp.Diff(documentation(it), got[it.Name+"@"+it.Version], equateDates); diff != "" {
					t.Errorf("%s %s (-want +got):\n%s", it.Name, it.Version, diff)
				}
			}
		})
	}
}

// renderedList returns the list soup render -format json writes.
func renderedList(t *testing.T, args ...string) *soup.List {
	t.Helper()
	stdout, _ := soupIn(t, 0, "", "", append([]string{"render", "-format", "json"}, args...)...)
	var doc struct{ List json.RawMessage }
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	l, err := soup.Parse(doc.List)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestExitInternal: a bug in a dependency (sbom.ErrInternal) exits 3,
// bad input 2.
func TestExitInternal(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{&sbom.DecodeError{Err: fmt.Errorf("%w: runtime error", sbom.ErrInternal)}, exitInternal},
		{&sbom.DecodeError{Err: sbom.ErrUnknownFormat}, exitError},
	} {
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb}
		if got := report(e, "check", tc.err); got != tc.want {
			t.Errorf("report(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}
