package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests here run the built soup binary, for what only a process shows:
// its exit status, its standard streams (a closed pipe, a terminal, a
// descriptor named by -o), signals, and concurrent processes. All
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

// TestSignalRemovesTemporary interrupts soup while it waits for its input
// (the output file is opened, as a temporary file, before the input is
// read): the temporary file is removed, the old output kept, and the
// exit status is the shell's for the signal.
func TestSignalRemovesTemporary(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM")
	}
	bin := soupBinary(t)
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "out.md"), []byte("old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "render", "-o", "out.md", "-")
		cmd.Dir = dir
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for len(temporaries(t, dir)) == 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if len(temporaries(t, dir)) == 0 {
			cmd.Process.Kill()
			t.Fatal("no temporary file appeared")
		}
		cmd.Process.Signal(tt.sig)
		err = cmd.Wait()
		stdin.Close()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != tt.code {
			t.Errorf("%v: err = %v, want exit status %d", tt.sig, err, tt.code)
		}
		if tmp := temporaries(t, dir); len(tmp) > 0 {
			t.Errorf("%v: temporary files left: %v", tt.sig, tmp)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "out.md")); string(b) != "old\n" {
			t.Errorf("%v: out.md = %q, want the old content", tt.sig, b)
		}
	}
}

// TestOutputToStreams writes -o /dev/stdout, /dev/fd/1 and /dev/fd/3 to
// pipes, as a shell redirection would.
func TestOutputToStreams(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("/dev/fd and /dev/stdout as on Linux")
	}
	bin := soupBinary(t)
	for _, name := range []string{"/dev/stdout", "/dev/fd/1", "/dev/fd/3"} {
		cmd := exec.Command(bin, "render", "-columns", "name", "-o", name, sbomV1)
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.ExtraFiles = []*os.File{pw}
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pw.Close()
		fd3, _ := io.ReadAll(pr)
		pr.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("-o %s: %v", name, err)
		}
		got := stdout.Bytes()
		if name == "/dev/fd/3" {
			got = fd3
		}
		if !bytes.HasPrefix(got, []byte("# SOUP List")) {
			t.Errorf("-o %s: got %.40q", name, got)
		}
	}
}

// TestOutputLikeShell writes -o /dev/stdout, /dev/fd/1 and /dev/stderr
// with the standard streams connected to a pipe, a FIFO and a regular file
// opened for appending, and compares what arrives with what a shell's
// redirection to the same name (sh -c 'cat out > /dev/stdout') delivers on
// the same connection: the same bytes, the same file content (a shell
// reopens the file and truncates it).
func TestOutputLikeShell(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("/dev/stdout as on Linux")
	}
	bin := soupBinary(t)
	dir := t.TempDir()
	want := filepath.Join(dir, "want.md")
	if out, err := exec.Command(bin, "render", "-columns", "name", "-o", want, sbomV1).CombinedOutput(); err != nil {
		t.Fatalf("render: %v\n%s", err, out)
	}
	content, err := os.ReadFile(want)
	if err != nil || !bytes.HasPrefix(content, []byte("# SOUP List")) {
		t.Fatalf("render wrote %.40q, %v", content, err)
	}
	// connect returns the file to give the command as its stream and a
	// function that returns what arrived, once the command has ended.
	connections := map[string]func(t *testing.T, n int) (*os.File, func() []byte){
		"pipe": func(t *testing.T, n int) (*os.File, func() []byte) {
			pr, pw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			got := make(chan []byte)
			go func() { b, _ := io.ReadAll(pr); pr.Close(); got <- b }()
			return pw, func() []byte { pw.Close(); return <-got }
		},
		"fifo": func(t *testing.T, n int) (*os.File, func() []byte) {
			fifo := filepath.Join(dir, fmt.Sprintf("fifo%d", n))
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			got := make(chan []byte)
			go func() {
				f, err := os.Open(fifo)
				if err != nil {
					got <- nil
					return
				}
				b, _ := io.ReadAll(f)
				f.Close()
				got <- b
			}()
			w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			return w, func() []byte { w.Close(); return <-got }
		},
		"appended file": func(t *testing.T, n int) (*os.File, func() []byte) {
			p := filepath.Join(dir, fmt.Sprintf("log%d", n))
			if err := os.WriteFile(p, []byte("an earlier line of the log\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			return f, func() []byte { f.Close(); b, _ := os.ReadFile(p); return b }
		},
	}
	n := 0
	for _, conn := range []string{"pipe", "fifo", "appended file"} {
		for _, name := range []string{"/dev/stdout", "/dev/fd/1", "/dev/stderr"} {
			var got [2][]byte
			for i, args := range [][]string{
				{"sh", "-c", `cat "$1" > ` + name, "sh", want},
				{bin, "render", "-columns", "name", "-o", name, sbomV1},
			} {
				n++
				f, arrived := connections[conn](t, n)
				cmd := exec.Command(args[0], args[1:]...)
				var other bytes.Buffer
				cmd.Stdout, cmd.Stderr = f, &other
				if name == "/dev/stderr" {
					cmd.Stdout, cmd.Stderr = &other, f
				}
				err := cmd.Run()
				got[i] = arrived()
				if err != nil {
					t.Fatalf("%s, %s: %v: %v\n%s", conn, name, args[0], err, other.Bytes())
				}
			}
			if !bytes.Equal(got[0], content) && conn != "appended file" {
				t.Errorf("%s, %s: the shell delivered %.60q", conn, name, got[0])
			}
			if !bytes.Equal(got[1], got[0]) {
				t.Errorf("%s, -o %s: got %.60q, a shell's redirection gives %.60q", conn, name, got[1], got[0])
			}
		}
	}
}

// TestConcurrentSyncs runs two syncs of one file at the same time, each
// with an SBOM of another package: neither update is lost (each adds its
// item under its own ID), 20 times over.
func TestConcurrentSyncs(t *testing.T) {
	t.Parallel()
	bin := soupBinary(t)
	dir := t.TempDir()
	sboms := []string{}
	for _, name := range []string{"alpha", "beta"} {
		p := filepath.Join(dir, name+".cdx.json")
		doc := fmt.Sprintf(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":%q,"version":"1.0","purl":"pkg:npm/%s@1.0"}]}`, name, name)
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		sboms = append(sboms, p)
	}
	tries := 20
	if testing.Short() {
		tries = 5
	}
	for try := range tries {
		curated := filepath.Join(dir, fmt.Sprintf("soup%d.yaml", try))
		if err := os.WriteFile(curated, []byte("items: []\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		outs := make([][]byte, 2)
		for i, s := range sboms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				outs[i], _ = exec.Command(bin, "sync", "-curated", curated, s).CombinedOutput()
			}()
		}
		wg.Wait()
		l := readList(t, curated)
		names := map[string]string{}
		for _, it := range l.Items {
			names[it.Name] = it.ID
		}
		if len(l.Items) != 2 || names["alpha"] == "" || names["beta"] == "" || names["alpha"] == names["beta"] {
			t.Fatalf("try %d: an update was lost: %v\n%s\n%s", try, names, outs[0], outs[1])
		}
	}
}
