package main

// Script tests. Each file testdata/script/NAME.txt is one case, run in
// parallel in its own temporary directory through runIn, in-process (no
// test changes the working directory: env.dir resolves file names). A case
// reads like a terminal session, followed by the files the directory
// starts with (txtar: a "-- NAME --" line, then the content):
//
//	# What the case shows: free text up to the first command.
//
//	$ cp $EXAMPLE/python-backend.cdx.json .
//	$ soup check -class B sbom.json
//	SOUP-0001  risk-level-missing  7.1  error: ...
//	[exit 1]
//
//	# A comment sits directly above its command, after a blank line.
//	$ soup render -format html -o SOUP.html missing.json
//	[stderr]
//	soup render: missing.json: no such file
//	[exit 2]
//
//	-- policy.yaml --
//	class: B
//
// A "$ " line is a command; the lines after it, up to the blank line
// before the next comment or command, are what it printed: standard output, then "[stderr]" and standard error,
// then "[exit N]" unless it exited 0 ("[no newline at end]" marks output
// that does not end in one). Never write them by hand: run
//
//	go test ./examples/soup -run TestScript/NAME -update
//
// and read the diff. Words are split at spaces, except in double quotes
// ("Jane Doe"); NAME=VALUE
// words before soup set its environment (otherwise empty); $WORK,
// $EXAMPLE, $TESTDATA and $REPO name the case's directory, ./example,
// ./testdata and the repository's root, and are written back so in the output; "< FILE" at the end
// feeds FILE to standard input. The commands are soup and, to set up and
// look at files: cat FILE..., chmod MODE FILE, cmp A B (prints whether
// they are identical), cp SRC... DST, head -c N FILE (the first N bytes,
// quoted), ln -s TARGET LINK, ls [-l] (the directory, recursively). Output
// that would read as syntax (a "$ " line, a "-- NAME --" line) fails the
// test: the demo, which prints "$ soup …" lines, is a golden file instead.
//
// Adding a case is adding a file with its commands and running -update.

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/internal/golden"
)

func TestScript(t *testing.T) {
	files, err := filepath.Glob("testdata/script/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata/script: %v", err)
	}
	vars := map[string]string{"EXAMPLE": mustAbs(t, "example"), "TESTDATA": mustAbs(t, "testdata"), "REPO": mustAbs(t, "../..")}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s := parseScript(string(data))
			got := runScript(t, s, vars)
			if back := parseScript(got); !cmp.Equal(back, s, cmp.AllowUnexported(script{}, step{})) {
				t.Errorf("the output cannot be told from the script (a line starting with $ or #, or a -- NAME -- line):\n%s",
					cmp.Diff(s, back, cmp.AllowUnexported(script{}, step{})))
			}
			if *golden.Update {
				golden.Check(t, file, []byte(got))
			} else if string(data) != got {
				// A diff by lines: the file is a transcript.
				t.Errorf("%s mismatch (-want +got; go test -run TestScript/%s -update rewrites it):\n%s", file, t.Name()[len("TestScript/"):],
					cmp.Diff(strings.SplitAfter(string(data), "\n"), strings.SplitAfter(got, "\n")))
			}
		})
	}
}

// script is a parsed case. Output is not kept: it is regenerated on each
// run and the whole text compared.
type script struct {
	header string // the text before the first command
	steps  []step
	files  []archiveFile
}

type step struct {
	comment string // the "#" lines directly above the command
	command string // without "$ "
}

type archiveFile struct{ Name, Data string }

func parseScript(text string) script {
	var s script
	session, files := text, ""
	if i := fileMarker(text); i >= 0 {
		session, files = text[:i], text[i:]
	}
	lines := strings.SplitAfter(session, "\n")
	var pending []string // lines since the last command
	for _, l := range lines {
		if cmd, ok := strings.CutPrefix(l, "$ "); ok {
			if len(s.steps) == 0 {
				s.header = strings.Join(pending, "")
				pending = nil
			}
			n := len(pending)
			for n > 0 && strings.HasPrefix(pending[n-1], "#") {
				n--
			}
			s.steps = append(s.steps, step{comment: strings.Join(pending[n:], ""), command: strings.TrimSpace(cmd)})
			pending = nil
			continue
		}
		pending = append(pending, l)
	}
	if len(s.steps) == 0 {
		s.header = session
	}
	for files != "" {
		nl := strings.IndexByte(files, '\n')
		if nl < 0 {
			nl = len(files) - 1
		}
		name := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(files[:nl], "-- "), " --"))
		files = files[nl+1:]
		end := fileMarker(files)
		if end < 0 {
			end = len(files)
		}
		s.files = append(s.files, archiveFile{name, files[:end]})
		files = files[end:]
	}
	return s
}

// fileMarker returns the offset of the first "-- NAME --" line, or -1.
func fileMarker(text string) int {
	for off := 0; off < len(text); {
		l, _, _ := strings.Cut(text[off:], "\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			return off
		}
		off += len(l) + 1
	}
	return -1
}

// runScript runs s in a new directory and returns its text with the
// output of this run.
func runScript(t *testing.T, s script, vars map[string]string) string {
	work := t.TempDir()
	vars = map[string]string{"WORK": work, "EXAMPLE": vars["EXAMPLE"], "TESTDATA": vars["TESTDATA"], "REPO": vars["REPO"]}
	for _, f := range s.files {
		writeWork(t, filepath.Join(work, f.Name), []byte(f.Data), 0o644)
	}
	var b strings.Builder
	b.WriteString(s.header)
	for i, st := range s.steps {
		b.WriteString(st.comment + "$ " + st.command + "\n")
		out := runStep(t, work, st.command, vars)
		for _, k := range []string{"WORK", "EXAMPLE", "TESTDATA", "REPO"} {
			out = strings.ReplaceAll(out, vars[k], "$"+k)
		}
		b.WriteString(out)
		if out != "" || i == len(s.steps)-1 || i+1 < len(s.steps) && s.steps[i+1].comment != "" {
			b.WriteString("\n")
		}
	}
	for _, f := range s.files {
		fmt.Fprintf(&b, "-- %s --\n%s", f.Name, f.Data)
	}
	return b.String()
}

// runStep runs one command in work and returns what it printed.
func runStep(t *testing.T, work, command string, vars map[string]string) string {
	t.Helper()
	args := splitWords(os.Expand(command, func(v string) string {
		if _, ok := vars[v]; !ok {
			t.Fatalf("%s: unknown variable $%s", command, v)
		}
		return vars[v]
	}))
	var stdin []byte
	if n := len(args); n > 2 && args[n-2] == "<" {
		stdin = readWork(t, work, args[n-1])
		args = args[:n-2]
	}
	// NAME=VALUE words before soup set its environment, which is
	// otherwise empty.
	environ := map[string]string{}
	for len(args) > 1 && strings.Contains(args[0], "=") && !strings.HasPrefix(args[0], "=") {
		k, v, _ := strings.Cut(args[0], "=")
		environ[k] = v
		args = args[1:]
	}
	if len(environ) > 0 && args[0] != "soup" {
		t.Fatalf("%s: NAME=VALUE is only for soup", command)
	}
	if args[0] == "soup" {
		var stdout, stderr bytes.Buffer
		lookup := func(k string) (string, bool) { v, ok := environ[k]; return v, ok }
		code := runIn(&env{stdin: bytes.NewReader(stdin), stdout: &stdout, stderr: &stderr, dir: work, lookupEnv: lookup}, args[1:])
		var b strings.Builder
		b.WriteString(withNewline(stdout.String()))
		if stderr.Len() > 0 {
			b.WriteString("[stderr]\n" + withNewline(stderr.String()))
		}
		if code != 0 {
			fmt.Fprintf(&b, "[exit %d]\n", code)
		}
		return b.String()
	}
	path := func(name string) string {
		if filepath.IsAbs(name) {
			return name
		}
		return filepath.Join(work, name)
	}
	var b strings.Builder
	switch cmd, ops := args[0], args[1:]; {
	case cmd == "cat" && len(ops) > 0:
		for _, name := range ops {
			b.WriteString(withNewline(string(readWork(t, work, name))))
		}
	case cmd == "chmod" && len(ops) == 2:
		mode, err := strconv.ParseUint(ops[0], 8, 32)
		if err != nil {
			t.Fatalf("%s: %v", command, err)
		}
		if err := os.Chmod(path(ops[1]), fs.FileMode(mode)); err != nil {
			t.Fatalf("%s: %v", command, err)
		}
	case cmd == "cmp" && len(ops) == 2:
		verdict := "are identical"
		if !bytes.Equal(readWork(t, work, ops[0]), readWork(t, work, ops[1])) {
			verdict = "differ"
		}
		fmt.Fprintf(&b, "%s and %s %s\n", ops[0], ops[1], verdict)
	case cmd == "cp" && len(ops) >= 2:
		dst := path(ops[len(ops)-1])
		fi, err := os.Stat(dst)
		toDir := err == nil && fi.IsDir()
		for _, src := range ops[:len(ops)-1] {
			to := dst
			if toDir {
				to = filepath.Join(dst, filepath.Base(src))
			}
			writeWork(t, to, readWork(t, work, src), 0o644)
		}
	case cmd == "ln" && len(ops) == 3 && ops[0] == "-s":
		if err := os.Symlink(ops[1], path(ops[2])); err != nil {
			t.Skipf("%s: %v", command, err)
		}
	case cmd == "ls" && (len(ops) == 0 || len(ops) == 1 && ops[0] == "-l"):
		err := filepath.WalkDir(work, func(p string, d fs.DirEntry, err error) error {
			if err != nil || p == work {
				return err
			}
			rel, _ := filepath.Rel(work, p)
			if len(ops) == 0 {
				b.WriteString(filepath.ToSlash(rel) + "\n")
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%v %s", fi.Mode(), filepath.ToSlash(rel))
			if target, err := os.Readlink(p); err == nil {
				b.WriteString(" -> " + target)
			}
			b.WriteString("\n")
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", command, err)
		}
	case cmd == "head" && len(ops) == 3 && ops[0] == "-c":
		n, err := strconv.Atoi(ops[1])
		if err != nil {
			t.Fatalf("%s: %v", command, err)
		}
		data := readWork(t, work, ops[2])
		fmt.Fprintf(&b, "%q\n", data[:min(n, len(data))])
	default:
		t.Fatalf("unknown command or wrong arguments: %s", command)
	}
	return b.String()
}

// splitWords splits a command line at spaces; a double-quoted word may
// hold spaces ("Jane Doe"), and the quotes are removed.
func splitWords(s string) []string {
	var (
		words  []string
		w      strings.Builder
		quoted bool
		inWord bool
	)
	for _, r := range s {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// withNewline marks output that does not end in a newline.
func withNewline(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n[no newline at end]\n"
}

func readWork(t *testing.T, work, name string) []byte {
	t.Helper()
	if !filepath.IsAbs(name) {
		name = filepath.Join(work, name)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeWork writes a file with exactly mode perm, whatever the umask, so
// that ls -l shows the same in every run.
func writeWork(t *testing.T, path string, data []byte, perm fs.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}

func mustAbs(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseScript(t *testing.T) {
	text := `# What it shows.

$ cp a b
$ soup check a
SOUP-0001  rule  7.1  error: text
# SOUP heading: output, as no command follows directly
[exit 1]

# A comment
# on two lines.
$ cat b
-- a --
{}
-- dir/b --
-- c --
x
`
	want := script{
		header: "# What it shows.\n\n",
		steps: []step{
			{command: "cp a b"},
			{command: "soup check a"},
			{comment: "# A comment\n# on two lines.\n", command: "cat b"},
		},
		files: []archiveFile{{"a", "{}\n"}, {"dir/b", ""}, {"c", "x\n"}},
	}
	got := parseScript(text)
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(script{}, step{})); diff != "" {
		t.Errorf("parseScript (-want +got):\n%s", diff)
	}
	// Output that looks like a command cannot be told apart: TestScript
	// reports it rather than writing a file that reads differently.
	if got := parseScript("$ cat a\n$ not a command\n"); len(got.steps) != 2 {
		t.Errorf("steps = %q", got.steps)
	}
}
