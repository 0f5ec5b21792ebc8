package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPeakMemoryHandWritten holds sync into a curated file kept by hand
// (comments above items and after values, empty values with comments,
// flow lists, block scalars: the file scripts/bench-cli.sh writes for its
// sync-handwritten row) to a peak resident memory of at most ten times the
// input, the SBOM and the curated file (issue 12), as TestPeakMemory
// holds the other subcommands.
func TestPeakMemoryHandWritten(t *testing.T) {
	m := newPeakMeter(t)
	bin, dir, bom, data := m.bin, m.dir, m.bom, m.data
	cur := filepath.Join(dir, "soup.yaml")
	if out, err := exec.Command(bin, "sync", "-curated", cur, bom).CombinedOutput(); err != nil {
		t.Fatalf("first sync: %v\n%s", err, out)
	}
	laidOut, err := os.ReadFile(cur)
	if err != nil {
		t.Fatal(err)
	}
	hand := handWrittenList(laidOut)
	// The second run finds the file as the first wrote it.
	for round := range 2 {
		if round == 0 {
			if err := os.WriteFile(cur, hand, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		fi, err := os.Stat(cur)
		if err != nil {
			t.Fatal(err)
		}
		input := int64(len(data)) + fi.Size()
		kb, out, err := m.peak("sync", "-curated", cur, bom)
		if err != nil {
			t.Fatalf("sync: %v\n%s", err, out)
		}
		if strings.Contains(string(out), "warning") {
			t.Errorf("sync of the hand-written file: %s", out)
		}
		ratio := float64(kb*1024) / float64(input)
		t.Logf("sync into the hand-written file (run %d): peak %.1f MiB, %.1f× the input", round+1, float64(kb)/1024, ratio)
		if ratio > 10 {
			t.Errorf("sync into a hand-written file (run %d): peak memory %.1f× the %d bytes of input, want at most 10×", round+1, ratio, input)
		}
	}
	got, err := os.ReadFile(cur)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "notes: \"\" # to do") || !strings.Contains(string(got), "# Reviewed with the supplier in 2026.") {
		t.Error("the hand-written file lost its comments")
	}
}
