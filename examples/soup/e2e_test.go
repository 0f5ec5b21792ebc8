package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// The tests here run the built soup binary, for what only a process shows:
// its exit status, its standard streams (a closed pipe, a terminal). All
// other behaviour is tested in-process by the scripts of testdata/script.

var (
	binDir   string // removed by TestMain
	binOnce  sync.Once
	soupBin  string
	buildErr error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// soupBinary returns the path of the soup command, built on first use.
func soupBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "soup-e2e-"); buildErr != nil {
			return
		}
		soupBin = filepath.Join(binDir, "soup")
		if runtime.GOOS == "windows" {
			soupBin += ".exe"
		}
		if out, err := exec.Command("go", "build", "-o", soupBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("building soup: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return soupBin
}

// TestProcess checks the exit status and the standard streams of the
// process: results on standard output, one line on standard error for an
// error, an SBOM read from a pipe.
func TestProcess(t *testing.T) {
	t.Parallel()
	bin := soupBinary(t)
	tests := []struct {
		args           []string
		stdin          string
		code           int
		stdout, stderr string // prefixes
	}{
		{[]string{"check", "-curated", curatedV1, sbomV1}, "", 1, "SOUP-0010 idna@2.9  anomaly-review-missing  IEC 62304:2006+A1:2015 7.1.3", ""},
		{[]string{"check", "-class", "A", "-curated", curatedV1, "-"}, string(mustRead(t, sbomV1)), 0, "SOUP-0013 setuptools@46.1.3  risk-level-missing  policy  warning", ""},
		{[]string{"check", "missing.json"}, "", 2, "", "soup check: missing.json: no such file\n"},
		{[]string{"frobnicate"}, "", 2, "", "soup: unknown command \"frobnicate\""},
		{[]string{"version"}, "", 0, "soup ", ""},
		{nil, "", 0, "soup turns the SBOM of a build", ""},
	}
	for _, tt := range tests {
		cmd := exec.Command(bin, tt.args...)
		cmd.Stdin = strings.NewReader(tt.stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code || !strings.HasPrefix(out.String(), tt.stdout) || !strings.HasPrefix(errb.String(), tt.stderr) ||
			tt.stderr == "" && errb.Len() > 0 || tt.stderr != "" && (out.Len() > 0 || strings.Count(errb.String(), "\n") != 1) {
			t.Errorf("soup %s: exit status %d, want %d\nstdout:\n%.300s\nstderr:\n%s", strings.Join(tt.args, " "), code, tt.code, out.String(), errb.String())
		}
	}
}

// TestSyncClosedStdout checks that sync updates the file even when nobody
// reads what it prints (soup sync … | head -1).
func TestSyncClosedStdout(t *testing.T) {
	t.Parallel()
	bin := soupBinary(t)
	dir := t.TempDir()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	pr.Close()
	defer pw.Close()
	sbomPath, err := filepath.Abs(sbomV1)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "sync", "-curated", "soup.yaml", sbomPath)
	cmd.Dir, cmd.Stdout = dir, pw
	_ = cmd.Run() // killed by SIGPIPE when it prints
	if l := readList(t, filepath.Join(dir, "soup.yaml")); len(l.Items) != 13 {
		t.Errorf("soup.yaml: %d items, want 13", len(l.Items))
	}
}

// TestProgress runs soup on a terminal (made by script(1)): the steps show
// on standard error, each overwriting the last, and the line is cleared
// before the result is printed. Without a terminal (every other test)
// standard error stays empty.
func TestProgress(t *testing.T) {
	t.Parallel()
	script, err := exec.LookPath("script")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("needs script(1) from util-linux")
	}
	cmd := exec.Command(script, "-qec", soupBinary(t)+" check -curated "+curatedV1+" "+sbomV1, os.DevNull)
	out, _ := cmd.Output()
	const clear = "\r\x1b[K"
	for _, want := range []string{
		clear + "soup: reading " + sbomV1 + " (41.7 KiB)…",
		clear + "soup: decoding " + sbomV1 + "…",
		clear + "soup: reconciling with " + curatedV1 + "…" + clear + "SOUP-0010 idna@2.9  anomaly-review-missing",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("terminal output lacks %q:\n%q", want, out)
		}
	}
}

// TestBinaryToTerminal checks that XLSX and PDF are not written to a
// terminal.
func TestBinaryToTerminal(t *testing.T) {
	t.Parallel()
	script, err := exec.LookPath("script")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("needs script(1) from util-linux")
	}
	for _, format := range []string{"xlsx", "pdf"} {
		cmd := exec.Command(script, "-qec", soupBinary(t)+" render -format "+format+" "+sbomV1, os.DevNull)
		out, err := cmd.Output()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Errorf("%s to a terminal: err = %v, want exit status 2", format, err)
		}
		if want := "soup render: " + format + " is a binary format: write it to a file with -o (see soup render -h)\r\n"; string(out) != want {
			t.Errorf("%s to a terminal: %q, want %q", format, out, want)
		}
	}
}
