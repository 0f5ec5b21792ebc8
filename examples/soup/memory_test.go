package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/internal/benchdata"
)

// TestPeakMemory runs the built command on a synthetic CycloneDX JSON of
// 10,000 components and holds every subcommand but pdf and xlsx to a peak
// resident memory of at most ten times the input (issue 12).
func TestPeakMemory(t *testing.T) {
	m := newPeakMeter(t)
	dir, bom := m.dir, m.bom
	cur := filepath.Join(dir, "soup.yaml")
	out := filepath.Join(dir, "out")
	curExisted := false
	for _, args := range [][]string{
		{"sync", "-curated", cur, bom}, // fresh
		{"sync", "-curated", cur, bom}, // second
		{"render", "-format", "markdown", "-class", "B", "-o", out, bom},
		{"render", "-format", "json", "-o", out, bom},
		{"render", "-format", "html", "-curated", cur, "-o", out, bom},
		{"check", "-class", "B", "-format", "json", bom},
		{"convert", "-to", "spdx-json", "-o", out, bom},
		{"convert", "-to", "spdx-tagvalue", "-o", out, bom},
		{"convert", "-to", "spdx3-json", "-o", out, bom},
		{"convert", "-to", "cyclonedx-xml", "-o", out, bom},
		{"diff", bom, bom},
	} {
		kb, _, err := m.peak(args...)
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatalf("%v: %v", args, err)
		}
		// The input is every file the command reads: the SBOM, and the
		// curated file where it is given (sync reads it when it exists).
		var input int64
		for _, a := range args {
			if a == bom || a == cur {
				if fi, err := os.Stat(a); err == nil && !(a == cur && args[0] == "sync" && !curExisted) {
					input += fi.Size()
				}
			}
		}
		if args[0] == "sync" {
			curExisted = true
		}
		peak := kb * 1024
		ratio := float64(peak) / float64(input)
		t.Logf("%v: peak %.1f MiB, %.1f× the input", args[:3], float64(peak)/(1<<20), ratio)
		if ratio > 10 {
			t.Errorf("%v: peak memory %.1f× the %d bytes of input, want at most 10×", args, ratio, input)
		}
	}
}

// peakMeter runs the built command under GNU time on a synthetic
// CycloneDX JSON of 10,000 components.
type peakMeter struct {
	t                      *testing.T
	gnuTime, bin, dir, bom string
	data                   []byte // the BOM
}

// newPeakMeter builds the command and writes the BOM, or skips the test
// where the peak cannot be measured.
func newPeakMeter(t *testing.T) *peakMeter {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the command; Linux only")
	}
	// GNU time forks the command from a small process: the peak a child
	// of this (large) test process reports includes the test's own, as
	// the child starts in its memory.
	gnuTime, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		t.Skip("no /usr/bin/time to measure the peak with")
	}
	m := &peakMeter{t: t, gnuTime: gnuTime, dir: t.TempDir()}
	m.bin = filepath.Join(m.dir, "soup")
	if out, err := exec.Command("go", "build", "-o", m.bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if m.data, err = benchdata.CycloneDX(10000); err != nil {
		t.Fatal(err)
	}
	m.bom = filepath.Join(m.dir, "bom.cdx.json")
	if err := os.WriteFile(m.bom, m.data, 0o644); err != nil {
		t.Fatal(err)
	}
	return m
}

// peak runs the command with args and returns its peak resident memory
// in KiB, its combined output, and its error.
func (m *peakMeter) peak(args ...string) (kb int64, out []byte, err error) {
	report := filepath.Join(m.dir, "time")
	out, err = exec.Command(m.gnuTime, append([]string{"-f", "%M", "-o", report, m.bin}, args...)...).CombinedOutput()
	rep, rerr := os.ReadFile(report)
	if rerr != nil {
		m.t.Fatal(rerr)
	}
	fields := strings.Fields(string(rep))
	if len(fields) == 0 {
		m.t.Fatalf("%v: /usr/bin/time said nothing", args)
	}
	kb, perr := strconv.ParseInt(fields[len(fields)-1], 10, 64)
	if perr != nil {
		m.t.Fatalf("%v: /usr/bin/time said %q", args, rep)
	}
	return kb, out, err
}
