package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit"
	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// soupBin is the soup command, built once by TestMain.
var soupBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "soup-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	soupBin = filepath.Join(dir, "soup")
	if runtime.GOOS == "windows" {
		soupBin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", soupBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building soup: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// The test inputs: real SBOMs made by syft and trivy (copied from
// sbom/testdata/real) and the bundled example's curated list.
const (
	sbomV1      = "example/python-backend.cdx.json"
	sbomV2      = "testdata/python-backend-v2.cdx.json"
	sbomTrivyV1 = "testdata/python-backend.trivy.spdx.json"
	sbomGo      = "testdata/go-service.trivy.cdx.json"
	curatedV1   = "example/soup.yaml"
)

// result is what one run of soup did.
type result struct {
	stdout, stderr string
	code           int
}

// soupCmd runs the built soup in dir (the package directory when empty)
// with stdin as its standard input.
func soupCmd(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(soupBin, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("soup %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return result{out.String(), errb.String(), code}
}

// soupOK runs soup and fails the test unless it exits with status want.
func soupWant(t *testing.T, want int, dir, stdin string, args ...string) result {
	t.Helper()
	r := soupCmd(t, dir, stdin, args...)
	if r.code != want {
		t.Fatalf("soup %s: exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, want, r.stdout, r.stderr)
	}
	return r
}

// abs returns the absolute path of a file of the package directory.
func abs(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// copyTo copies the package file name into dir as base and returns its
// path.
func copyTo(t *testing.T, dir, name, base string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, base)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readList(t *testing.T, path string) *soup.List {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := soup.Read(f, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return l
}

func TestDemo(t *testing.T) {
	r := soupWant(t, 0, t.TempDir(), "")
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing", r.stderr)
	}
	for _, want := range []string{
		"$ soup render -curated soup.yaml -columns minimal python-backend.cdx.json",
		"# SOUP list of the infusion pump backend",
		"| Name | Version | Requirements | Issue Tracker |",
		"| flask | 1.1.2 | Functional: Route HTTP requests of the device API to their handlers",
		"$ soup check -curated soup.yaml python-backend.cdx.json",
		"SOUP-0013  risk-level-missing  7.1  error:",
		"SOUP-0010  verification-missing  5.3.6c  error:",
		"(exit status 1: in a CI pipeline the build fails here)",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("soup output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestHelp(t *testing.T) {
	r := soupWant(t, 0, "", "", "-h")
	for _, c := range commands() {
		if !strings.Contains(r.stdout, "\n  "+c.name+" ") {
			t.Errorf("soup -h does not list %s:\n%s", c.name, r.stdout)
		}
		for _, args := range [][]string{{c.name, "-h"}, {"help", c.name}} {
			r := soupWant(t, 0, "", "", args...)
			if !strings.HasPrefix(r.stdout, "Usage: soup "+c.name) || !strings.Contains(r.stdout, "\nExamples:\n  soup "+c.name) {
				t.Errorf("soup %s: help lacks usage or examples:\n%s", strings.Join(args, " "), r.stdout)
			}
			if r.stderr != "" {
				t.Errorf("soup %s: stderr = %q", strings.Join(args, " "), r.stderr)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	r := soupWant(t, 0, "", "", "version")
	if !strings.HasPrefix(r.stdout, "soup ") || !strings.Contains(r.stdout, "soupkit "+soupkit.Version) || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("soup version = %q", r.stdout)
	}
	soupWant(t, 2, "", "", "version", "extra")
}

// TestErrors checks that every usage or input error exits with status 2,
// prints nothing on standard output and one line on standard error that
// names the problem (and the file).
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.json", "")
	blank := write("blank.json", " \n\t\n")
	malformed := write("malformed.json", `{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [`)
	text := write("notes.txt", "this is not an SBOM\n")
	badCurated := write("bad-soup.yaml", "items:\n  - name: flask\n    riskLevel: severe\n")
	badPolicy := write("policy.yaml", "suppress: []\n")
	missing := filepath.Join(dir, "missing.json")
	v1 := abs(t, sbomV1)

	tests := []struct {
		name string
		args []string
		want []string // substrings of the error line
	}{
		{"unknown command", []string{"frobnicate"}, []string{`unknown command "frobnicate"`}},
		{"unknown flag", []string{"check", "-frob", v1}, []string{"-frob", "soup check -h"}},
		{"no input", []string{"check"}, []string{"no INPUT"}},
		{"missing file", []string{"check", missing}, []string{missing, "no such file"}},
		{"missing among several", []string{"render", v1, missing}, []string{missing, "no such file"}},
		{"empty file", []string{"check", empty}, []string{empty, "empty"}},
		{"blank file", []string{"render", blank}, []string{blank, "empty"}},
		{"malformed JSON", []string{"check", malformed}, []string{malformed}},
		{"not an SBOM", []string{"render", text}, []string{text, "unknown format"}},
		{"directory", []string{"check", dir}, []string{dir, "directory"}},
		{"empty stdin", []string{"check", "-"}, []string{"standard input", "empty"}},
		{"stdin twice", []string{"check", "-", "-"}, []string{"standard input"}},
		{"unknown render format", []string{"render", "-format", "docx", v1}, []string{`"docx"`, "markdown"}},
		{"template without file", []string{"render", "-format", "template:", v1}, []string{"template:FILE"}},
		{"missing template", []string{"render", "-format", "template:" + missing, v1}, []string{"missing.json"}},
		{"unknown columns", []string{"render", "-columns", "everything", v1}, []string{"-columns", "everything"}},
		{"unknown class", []string{"check", "-class", "D", v1}, []string{"-class"}},
		{"unknown check format", []string{"check", "-format", "xml", v1}, []string{`"xml"`}},
		{"negative review age", []string{"check", "-max-review-age", "-1", v1}, []string{"-max-review-age"}},
		{"bad -now", []string{"check", "-now", "yesterday", v1}, []string{"-now", "YYYY-MM-DD"}},
		{"bad policy", []string{"check", "-policy", badPolicy, v1}, []string{badPolicy, "suppress"}},
		{"bad curated", []string{"check", "-curated", badCurated, v1}, []string{badCurated, "line 3"}},
		{"missing curated", []string{"render", "-curated", missing, v1}, []string{missing, "no such file"}},
		{"unknown convert format", []string{"convert", "-to", "swid-xml", v1}, []string{"-to", "swid"}},
		{"convert without -to", []string{"convert", v1}, []string{"-to FORMAT is required"}},
		{"sync without -curated", []string{"sync", v1}, []string{"-curated FILE is required"}},
		{"sync new file of unknown kind", []string{"sync", "-curated", filepath.Join(dir, "soup.txt"), v1}, []string{"soup.txt", ".yaml"}},
		{"diff one operand", []string{"diff", v1}, []string{"OLD and NEW"}},
		{"diff unknown format", []string{"diff", "-format", "html", v1, v1}, []string{`"html"`}},
		{"diff missing file", []string{"diff", v1, missing}, []string{missing, "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := soupWant(t, 2, dir, "", tt.args...)
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "soup") {
				t.Errorf("stderr is not one line starting with soup: %q", r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
		})
	}
	// Nothing was created by the failed runs.
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"bad-soup.yaml", "blank.json", "empty.json", "malformed.json", "notes.txt", "policy.yaml"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("files after the failed runs (-want +got):\n%s", diff)
	}
}

// TestNoPartialOutput checks that a failing run leaves no output file, and
// an existing output file as it was, with no temporary file behind.
func TestNoPartialOutput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": `), 0o644); err != nil {
		t.Fatal(err)
	}
	v1 := abs(t, sbomV1)
	for _, args := range [][]string{
		{"render", "-o", "out.md", v1, bad},
		{"render", "-format", "xlsx", "-o", "out.xlsx", bad},
		{"render", "-format", "template:" + filepath.Join(dir, "none.tmpl"), "-o", "out.txt", v1},
		{"convert", "-to", "cyclonedx-json", "-o", "out.cdx.json", bad},
	} {
		soupWant(t, 2, dir, "", args...)
	}
	// An existing file is left as it was.
	keep := filepath.Join(dir, "keep.md")
	if err := os.WriteFile(keep, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	soupWant(t, 2, dir, "", "render", "-o", keep, bad)
	if b, _ := os.ReadFile(keep); string(b) != "old\n" {
		t.Errorf("keep.md = %q after a failed render, want it unchanged", b)
	}
	// A failed sync leaves the curated file as it was.
	cur := copyTo(t, dir, curatedV1, "soup.yaml")
	soupWant(t, 2, dir, "", "sync", "-curated", cur, bad)
	if b, _ := os.ReadFile(cur); !bytes.Equal(b, mustRead(t, curatedV1)) {
		t.Error("soup.yaml changed by a failed sync")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"bad.json", "keep.md", "soup.yaml"}, names); diff != "" {
		t.Errorf("files after the failed runs (-want +got):\n%s", diff)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheck(t *testing.T) {
	t.Run("findings exit 1", func(t *testing.T) {
		r := soupWant(t, 1, "", "", "check", "-curated", curatedV1, sbomV1)
		golden.Check(t, "testdata/check-v1.golden", []byte(r.stdout))
		if r.stderr != "" {
			t.Errorf("stderr = %q", r.stderr)
		}
	})
	t.Run("json", func(t *testing.T) {
		r := soupWant(t, 1, "", "", "check", "-format", "json", "-curated", curatedV1, sbomV1)
		var raw []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
			t.Fatalf("check -format json: %v\n%s", err, r.stdout)
		}
		if len(raw) != 14 {
			t.Errorf("%d findings, want 14", len(raw))
		}
		for _, f := range raw {
			var keys []string
			for k := range f {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if diff := cmp.Diff([]string{"clause", "field", "item", "message", "rule", "severity", "suppressed"}, keys); diff != "" {
				t.Fatalf("finding keys (-want +got):\n%s", diff)
			}
		}
		if raw[0]["item"] != "SOUP-0010" || raw[0]["severity"] != "error" || raw[0]["suppressed"] != false {
			t.Errorf("first finding = %v", raw[0])
		}
	})
	t.Run("class A exit 0", func(t *testing.T) {
		// In class A only identification and the risk level (a warning)
		// are asked for.
		r := soupWant(t, 0, "", "", "check", "-class", "A", "-curated", curatedV1, sbomV1)
		if !strings.Contains(r.stdout, "SOUP-0013  risk-level-missing  7.1  warning:") {
			t.Errorf("class A output:\n%s", r.stdout)
		}
	})
	t.Run("no findings", func(t *testing.T) {
		// A list of the documented items only, with every finding fixed.
		l := readList(t, curatedV1)
		l.Items = slices.DeleteFunc(l.Items, func(it soup.Item) bool { return it.Name == "idna" })
		p := writeList(t, t.TempDir(), "soup.json", l)
		r := soupWant(t, 0, "", "", "check", p)
		if r.stdout != "no findings\n" {
			t.Errorf("stdout = %q", r.stdout)
		}
		r = soupWant(t, 0, "", "", "check", "-format", "json", p)
		if r.stdout != "[]\n" {
			t.Errorf("json stdout = %q, want []", r.stdout)
		}
	})
	t.Run("policy suppressions", func(t *testing.T) {
		dir := t.TempDir()
		var b strings.Builder
		b.WriteString("# accepted findings\nclass: B\nsuppressions:\n")
		for _, item := range []string{"SOUP-0010", "SOUP-0013"} {
			for _, rule := range []string{"anomaly-review-missing", "requirements-missing", "verification-missing", "risk-level-missing", "failure-modes-missing", "risk-refs-missing"} {
				fmt.Fprintf(&b, "  - rule: %s\n    item: %s\n    justification: Accepted for release 2.4 (CR-77).\n", rule, item)
			}
		}
		pol := filepath.Join(dir, "policy.yaml")
		if err := os.WriteFile(pol, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		r := soupWant(t, 0, "", "", "check", "-policy", pol, "-curated", curatedV1, sbomV1)
		if !strings.Contains(r.stdout, "[suppressed: Accepted for release 2.4 (CR-77).]") ||
			!strings.HasSuffix(r.stdout, "14 findings: 0 errors, 0 warnings, 14 suppressed\n") {
			t.Errorf("stdout:\n%s", r.stdout)
		}
		// Opt-in rules from the policy file: licences are valid SPDX.
		if err := os.WriteFile(pol, []byte("requireLicense: true\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r = soupWant(t, 1, "", "", "check", "-class", "A", "-policy", pol, sbomV1)
		for _, want := range []string{"license-invalid", `"BSD-like"`, "license-missing"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("requireLicense: output lacks %q:\n%s", want, r.stdout)
			}
		}
	})
	t.Run("example policy", func(t *testing.T) {
		r := soupWant(t, 1, "", "", "check", "-policy", "example/policy.yaml", "-now", "2026-11-24", "-curated", curatedV1, sbomV1)
		for _, want := range []string{
			"SOUP-0010  verification-missing  5.3.6c  error: The verification that the architecture supports the item (5.3.6c) is missing. [suppressed: idna is verified with requests under change request CR-77, due 2026-12-15.]\n",
			"SOUP-0013  license-missing  8.1.2  error:",
			"\n15 findings: 14 errors, 0 warnings, 1 suppressed\n",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("output lacks %q:\n%s", want, r.stdout)
			}
		}
	})
	t.Run("review age", func(t *testing.T) {
		// The reviews are dated 2026-10-05.
		r := soupWant(t, 1, "", "", "check", "-max-review-age", "365", "-now", "2027-12-01", "-curated", curatedV1, sbomV1)
		if n := strings.Count(r.stdout, "anomaly-review-stale"); n != 11 {
			t.Errorf("%d stale reviews a year later, want 11:\n%s", n, r.stdout)
		}
		r = soupWant(t, 1, "", "", "check", "-max-review-age", "365", "-now", "2026-11-24", "-curated", curatedV1, sbomV1)
		if strings.Contains(r.stdout, "anomaly-review-stale") {
			t.Errorf("stale reviews within a year:\n%s", r.stdout)
		}
	})
}

// writeList writes l as JSON to dir/name and returns the path.
func writeList(t *testing.T, dir, name string, l *soup.List) string {
	t.Helper()
	var b bytes.Buffer
	if err := l.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStdinStdout(t *testing.T) {
	sbomBytes := string(mustRead(t, sbomV1))
	file := soupWant(t, 0, "", "", "render", "-curated", curatedV1, sbomV1)
	stdin := soupWant(t, 0, "", sbomBytes, "render", "-curated", curatedV1, "-o", "-", "-")
	// The two differ only in the name of the source.
	if got := strings.ReplaceAll(stdin.stdout, "| stdin |", "| python-backend.cdx.json |"); got != file.stdout {
		t.Errorf("render from standard input differs from render of the file:\n%s", cmp.Diff(file.stdout, got))
	}
	r := soupWant(t, 1, "", sbomBytes, "check", "-curated", curatedV1, "-")
	if !strings.Contains(r.stdout, "SOUP-0013  verification-missing") {
		t.Errorf("check from standard input:\n%s", r.stdout)
	}
}

func TestRender(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "list.tmpl")
	if err := os.WriteFile(tmpl, []byte("{{.Title}}: {{len .List.Items}} items\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		format string
		check  func([]byte) bool
	}{
		{"markdown", func(b []byte) bool { return bytes.HasPrefix(b, []byte("# SOUP list of the infusion pump backend\n")) }},
		{"html", func(b []byte) bool { return bytes.Contains(b, []byte("<table")) && bytes.Contains(b, []byte("flask")) }},
		{"csv", func(b []byte) bool {
			return bytes.Contains(b, []byte("flask,1.1.2")) || bytes.Contains(b, []byte(",flask,"))
		}},
		{"json", func(b []byte) bool { return json.Valid(b) && bytes.Contains(b, []byte(`"flask"`)) }},
		{"xlsx", func(b []byte) bool { return bytes.HasPrefix(b, []byte("PK\x03\x04")) }},
		{"pdf", func(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) }},
		{"template", func(b []byte) bool { return len(b) > 0 && bytes.Contains(b, []byte("flask")) }},
		{"template:" + tmpl, func(b []byte) bool {
			return string(b) == "SOUP list of the infusion pump backend: 13 items\n"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(filepath.Base(tt.format), ":", "-"))
			r := soupWant(t, 0, "", "", "render", "-format", tt.format, "-curated", curatedV1, "-o", out, sbomV1)
			if r.stdout != "" || r.stderr != "" {
				t.Errorf("render -o wrote stdout %q, stderr %q", r.stdout, r.stderr)
			}
			b := mustRead(t, out)
			if !tt.check(b) {
				t.Errorf("render -format %s: unexpected output:\n%.300s", tt.format, b)
			}
		})
	}
	t.Run("html template escapes", func(t *testing.T) {
		l := &soup.List{System: soup.System{Name: "<b>Pump</b>"}}
		list := writeList(t, dir, "hostile.json", l)
		for ext, want := range map[string]string{".html": "&lt;b&gt;Pump&lt;/b&gt;\n", ".tmpl": "<b>Pump</b>\n"} {
			tf := filepath.Join(dir, "name"+ext)
			if err := os.WriteFile(tf, []byte("{{.List.System.Name}}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if r := soupWant(t, 0, "", "", "render", "-format", "template:"+tf, list); r.stdout != want {
				t.Errorf("template%s: %q, want %q", ext, r.stdout, want)
			}
		}
	})
	t.Run("columns", func(t *testing.T) {
		r := soupWant(t, 0, "", "", "render", "-columns", "name,version:Release", sbomV1)
		if !strings.Contains(r.stdout, "\n| Name | Release |\n") {
			t.Errorf("custom columns:\n%s", r.stdout)
		}
		r = soupWant(t, 0, "", "", "render", "-columns", "minimal", sbomV1)
		if !strings.Contains(r.stdout, "\n| Name | Version | Requirements | Issue Tracker |\n") {
			t.Errorf("minimal preset:\n%s", r.stdout)
		}
	})
	t.Run("findings", func(t *testing.T) {
		without := soupWant(t, 0, "", "", "render", "-curated", curatedV1, sbomV1)
		with := soupWant(t, 0, "", "", "render", "-findings", "-curated", curatedV1, sbomV1)
		if strings.Contains(without.stdout, "risk-refs-missing") || !strings.Contains(with.stdout, "risk-refs-missing") {
			t.Error("-findings does not add the findings section")
		}
	})
}

// TestSyncUpgrade runs the workflow of a dependency upgrade: the curated
// list is synced with the SBOM of the old release, then with that of the
// upgraded one. Every hand-written text survives, the comments of the file
// too, and check then asks for the verification of every upgraded item.
func TestSyncUpgrade(t *testing.T) {
	dir := t.TempDir()
	cur := copyTo(t, dir, curatedV1, "soup.yaml")
	v1, v2 := abs(t, sbomV1), abs(t, sbomV2)
	orig := readList(t, cur)

	r := soupWant(t, 0, dir, "", "sync", "-curated", "soup.yaml", v1)
	if r.stdout != "soup.yaml: 1 added\n  added      SOUP-0013  setuptools 46.1.3\n" {
		t.Errorf("first sync printed:\n%s", r.stdout)
	}
	synced1 := mustRead(t, cur)
	for _, line := range strings.Split(string(mustRead(t, curatedV1)), "\n") {
		if c := strings.TrimSpace(line); strings.HasPrefix(c, "#") && !bytes.Contains(synced1, []byte(c)) {
			t.Errorf("sync lost the comment %q", c)
		}
	}

	r = soupWant(t, 0, dir, "", "sync", "-curated", "soup.yaml", v1)
	if r.stdout != "soup.yaml: up to date\n" {
		t.Errorf("second sync printed %q", r.stdout)
	}
	if !bytes.Equal(mustRead(t, cur), synced1) {
		t.Error("a second sync with the same SBOM changed the file")
	}
	soupWant(t, 0, dir, "", "sync", "-check", "-curated", "soup.yaml", v1)
	soupWant(t, 1, dir, "", "sync", "-check", "-curated", "soup.yaml", v2)
	if !bytes.Equal(mustRead(t, cur), synced1) {
		t.Error("sync -check changed the file")
	}

	r = soupWant(t, 0, dir, "", "sync", "-curated", "soup.yaml", v2)
	golden.Check(t, "testdata/sync-v2.golden", []byte(r.stdout))
	synced2 := mustRead(t, cur)
	soupWant(t, 0, dir, "", "sync", "-curated", "soup.yaml", v2)
	if !bytes.Equal(mustRead(t, cur), synced2) {
		t.Error("a second sync with the upgraded SBOM changed the file")
	}
	golden.Check(t, "testdata/soup-v2.golden.yaml", synced2)

	// Every hand-written field of every curated item is kept.
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

	// check flags the verification of each upgraded item as outdated.
	r = soupWant(t, 1, dir, "", "check", "-format", "json", "-curated", "soup.yaml", v2)
	var findings []soup.Finding
	if err := json.Unmarshal([]byte(r.stdout), &findings); err != nil {
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

func TestSyncNewFile(t *testing.T) {
	dir := t.TempDir()
	v1 := abs(t, sbomV1)
	for _, name := range []string{"soup.json", "soup.yaml", "soup.yml"} {
		r := soupWant(t, 0, dir, "", "sync", "-curated", name, v1)
		if !strings.HasPrefix(r.stdout, name+": 13 added\n") {
			t.Errorf("sync into a new %s printed:\n%s", name, r.stdout)
		}
		b := mustRead(t, filepath.Join(dir, name))
		if isJSON := bytes.HasPrefix(b, []byte("{")); isJSON != (name == "soup.json") {
			t.Errorf("%s written as JSON: %v", name, isJSON)
		}
		if l := readList(t, filepath.Join(dir, name)); len(l.Items) != 13 {
			t.Errorf("%s: %d items, want 13", name, len(l.Items))
		}
	}
	// A blank line the YAML library drops is a change of layout only.
	yml := filepath.Join(dir, "soup.yaml")
	b := mustRead(t, yml)
	if err := os.WriteFile(yml, bytes.Replace(b, []byte("\nitems:"), []byte("\n\nitems:"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := soupWant(t, 0, dir, "", "sync", "-check", "-curated", "soup.yaml", v1); r.stdout != "soup.yaml: up to date (only the layout of the file would change)\n" {
		t.Errorf("sync -check after a blank line: %q", r.stdout)
	}
	if r := soupWant(t, 0, dir, "", "sync", "-curated", "soup.yaml", v1); r.stdout != "soup.yaml: no item changed; layout normalised\n" {
		t.Errorf("sync after a blank line: %q", r.stdout)
	}
	if !bytes.Equal(mustRead(t, yml), b) {
		t.Error("the layout was not normalised back")
	}
	// A JSON file stays JSON.
	soupWant(t, 0, dir, "", "sync", "-curated", "soup.json", abs(t, sbomV2))
	if b := mustRead(t, filepath.Join(dir, "soup.json")); !bytes.HasPrefix(b, []byte("{")) {
		t.Error("soup.json rewritten as YAML")
	}
}

// TestMerge checks that several INPUTs make one list: the same package in
// two SBOMs (syft's CycloneDX and trivy's SPDX of the backend) is one item,
// and each item records the software systems it came from.
func TestMerge(t *testing.T) {
	// An SBOM that names no system is labelled by its file name.
	unnamed := filepath.Join(t.TempDir(), "frontend.cdx.json")
	if err := os.WriteFile(unnamed, []byte(`{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
		{"type": "library", "name": "left-pad", "version": "1.3.0", "purl": "pkg:npm/left-pad@1.3.0"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	l := renderedList(t, sbomV1, sbomTrivyV1, sbomGo, unnamed)
	systems := map[string][]string{}
	for _, it := range l.Items {
		key := it.Name + "@" + it.Version
		if _, dup := systems[key]; dup {
			t.Errorf("%s: two items", key)
		}
		systems[key] = it.Systems
	}
	for key, want := range map[string][]string{
		"flask@1.1.2":                   {"python-backend"},
		"requests@2.23.0":               {"python-backend"},
		"github.com/google/uuid@v1.6.0": {"go-service"},
		"golang.org/x/text@v0.21.0":     {"go-service"},
	} {
		if diff := cmp.Diff(want, systems[key]); diff != "" {
			t.Errorf("%s: systems (-want +got):\n%s", key, diff)
		}
	}
	if len(l.Sources) != 4 {
		t.Errorf("%d sources, want 4: %+v", len(l.Sources), l.Sources)
	}
}

func TestConvert(t *testing.T) {
	want := renderedList(t, "-curated", curatedV1, sbomV1)
	for _, to := range []string{"cyclonedx-json", "cyclonedx-xml@1.5", "spdx-json", "spdx-tagvalue", "soupkit-yaml"} {
		t.Run(to, func(t *testing.T) {
			r := soupWant(t, 0, "", "", "convert", "-to", to, "-curated", curatedV1, sbomV1)
			l, f, err := sbom.Decode(strings.NewReader(r.stdout))
			if err != nil {
				t.Fatalf("decoding the output: %v", err)
			}
			wantFormat, _ := sbom.ParseFormat(to)
			if f.Family != wantFormat.Family || f.Encoding != wantFormat.Encoding {
				t.Errorf("output is %v, want %v", f, wantFormat)
			}
			// The documentation of every item is carried.
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
	r := soupWant(t, 0, "", "", append([]string{"render", "-format", "json"}, args...)...)
	var doc struct{ List json.RawMessage }
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	l, err := soup.Parse(doc.List)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestDiff(t *testing.T) {
	r := soupWant(t, 0, "", "", "diff", "-curated", curatedV1, sbomV1, sbomV2)
	golden.Check(t, "testdata/diff-v2.golden", []byte(r.stdout))

	r = soupWant(t, 0, "", "", "diff", "-format", "json", "-curated", curatedV1, sbomV1, sbomV2)
	var rep impactReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	kinds := map[string][]string{}
	for _, c := range rep.Changes {
		kinds[c.Kind] = append(kinds[c.Kind], c.Name)
		if c.Name == "flask" {
			if c.RiskLevel != "medium" || c.Requirements == nil || len(c.Redo) == 0 || !strings.Contains(c.Redo[0], "5.3.6c") {
				t.Errorf("flask's impact = %+v", c)
			}
		}
	}
	if diff := cmp.Diff(map[string][]string{
		"added":    {"charset-normalizer"},
		"removed":  {"chardet"},
		"upgraded": {"certifi", "click", "flask", "idna", "itsdangerous", "jinja2", "markupsafe", "requests", "urllib3", "werkzeug"},
	}, kinds); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}

	r = soupWant(t, 0, "", "", "diff", "-format", "markdown", "-curated", curatedV1, sbomV1, sbomV2)
	if !strings.Contains(r.stdout, "| upgraded | SOUP-0001 | flask | 1.1.2 | 2.0.3 | medium (RISK-012) |") {
		t.Errorf("markdown:\n%s", r.stdout)
	}

	r = soupWant(t, 0, "", "", "diff", sbomV1, sbomV1)
	if r.stdout != "Change impact: example/python-backend.cdx.json -> example/python-backend.cdx.json: no changes\n" {
		t.Errorf("diff of a file with itself = %q", r.stdout)
	}
}

func TestVerbose(t *testing.T) {
	r := soupWant(t, 1, "", "", "check", "-v", sbomV1)
	if !strings.HasPrefix(r.stderr, "soup: example/python-backend.cdx.json: cyclonedx-json@1.6: kept 13 items") {
		t.Errorf("check -v stderr = %q", r.stderr)
	}
	if r = soupWant(t, 1, "", "", "check", sbomV1); r.stderr != "" {
		t.Errorf("check without -v wrote to stderr: %q", r.stderr)
	}
	// Warnings say what decoding had to change, with or without -v.
	dir := t.TempDir()
	data, err := os.ReadFile(sbomV1)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.cdx.json")
	if err := os.WriteFile(bad, bytes.Replace(data, []byte(`"purl":"pkg:pypi/flask@`), []byte(`"purl":"not a purl/flask@`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	r = soupWant(t, 1, "", "", "check", bad)
	if !strings.Contains(r.stderr, `bad.cdx.json: warning: component "flask 1.1.2": invalid purl "not a purl/flask@1.1.2" dropped`) ||
		strings.Contains(r.stderr, "kept 13 items") {
		t.Errorf("check stderr = %q, want the warning alone", r.stderr)
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	// A missing directory: one line, nothing created.
	r := soupWant(t, 2, dir, "", "render", "-o", filepath.Join("nodir", "out.md"), abs(t, sbomV1))
	if r.stderr != "soup render: "+filepath.Join("nodir", "out.md")+": cannot create: no such file or directory\n" {
		t.Errorf("stderr = %q", r.stderr)
	}
	// An output file's permissions are kept; a symbolic link is followed.
	out := filepath.Join(dir, "SOUP.md")
	if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink("SOUP.md", link); err != nil {
		t.Skip("no symbolic links:", err)
	}
	soupWant(t, 0, dir, "", "render", "-o", "link.md", abs(t, sbomV1))
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.md is no longer a symbolic link: %v", err)
	}
	fi, err = os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || fi.Size() < 1000 {
		t.Errorf("SOUP.md: mode %v, %d bytes; want 0600 and the rendered list", fi.Mode().Perm(), fi.Size())
	}
}

// TestSyncClosedStdout checks that sync updates the file even when nobody
// reads what it prints (soup sync … | head -1).
func TestSyncClosedStdout(t *testing.T) {
	dir := t.TempDir()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	pr.Close()
	defer pw.Close()
	cmd := exec.Command(soupBin, "sync", "-curated", "soup.yaml", abs(t, sbomV1))
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
	script, err := exec.LookPath("script")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("needs script(1) from util-linux")
	}
	cmd := exec.Command(script, "-qec", soupBin+" check -curated "+curatedV1+" "+sbomV1, os.DevNull)
	out, _ := cmd.Output()
	const clear = "\r\x1b[K"
	for _, want := range []string{
		clear + "soup: reading " + sbomV1 + " (41.7 KiB)…",
		clear + "soup: decoding " + sbomV1 + "…",
		clear + "soup: reconciling with " + curatedV1 + "…" + clear + "SOUP-0010  anomaly-review-missing",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("terminal output lacks %q:\n%q", want, out)
		}
	}
}

// TestBinaryToTerminal checks that XLSX and PDF are not written to a
// terminal.
func TestBinaryToTerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("needs script(1) from util-linux")
	}
	for _, format := range []string{"xlsx", "pdf"} {
		cmd := exec.Command(script, "-qec", soupBin+" render -format "+format+" "+sbomV1, os.DevNull)
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

// TestSyncNewScan checks that a new SBOM of the same dependencies (a new
// serial number and timestamp) updates only the record of the SBOM, and
// that sync -check does not count it as a change.
func TestSyncNewScan(t *testing.T) {
	dir := t.TempDir()
	cur := copyTo(t, dir, curatedV1, "soup.yaml")
	soupWant(t, 0, dir, "", "sync", "-curated", "soup.yaml", abs(t, sbomV1))
	before := readList(t, cur)
	rescan := strings.Replace(string(mustRead(t, sbomV1)), `"serialNumber":"urn:uuid:5fa9ff2a-3332-451f-ab23-e96614fd72ff"`,
		`"serialNumber":"urn:uuid:00000000-0000-4000-8000-000000000001"`, 1)
	if rescan == string(mustRead(t, sbomV1)) {
		t.Fatal("the SBOM has no serial number to change")
	}
	r := soupWant(t, 0, dir, rescan, "sync", "-check", "-curated", "soup.yaml", "-")
	if r.stdout != "soup.yaml: up to date (only the record of the SBOM differs)\n" {
		t.Errorf("sync -check printed %q", r.stdout)
	}
	r = soupWant(t, 0, dir, rescan, "sync", "-curated", "soup.yaml", "-")
	if r.stdout != "soup.yaml: no item changed; the record of the SBOM updated\n" {
		t.Errorf("sync printed %q", r.stdout)
	}
	after := readList(t, cur)
	if after.Sources[0].Serial != "urn:uuid:00000000-0000-4000-8000-000000000001" {
		t.Errorf("sources = %+v", after.Sources)
	}
	after.Sources, before.Sources = nil, nil
	if !sameList(after, before) {
		t.Error("a new scan of the same dependencies changed the items")
	}
}

// TestInputFormats checks that soup reads the backend's SBOM in every
// encoding alike: CycloneDX JSON and XML, SPDX JSON and tag-value, from
// syft and trivy.
func TestInputFormats(t *testing.T) {
	names := func(l *soup.List) []string {
		var out []string
		for _, it := range l.Items {
			// trivy keeps the names as written (Flask), syft lowercases.
			out = append(out, strings.ToLower(it.Name)+"@"+it.Version)
		}
		slices.Sort(out)
		return out
	}
	want := names(renderedList(t, sbomV1))
	if len(want) != 13 {
		t.Fatalf("%d items in %s, want 13", len(want), sbomV1)
	}
	for _, tt := range []struct {
		in      string
		summary string
	}{
		{"testdata/python-backend.cdx-1.5.xml", "14 findings: 14 errors, 0 warnings, 0 suppressed"},
		{"testdata/python-backend.spdx", "14 findings: 14 errors, 0 warnings, 0 suppressed"},
		// trivy records no authors, so setuptools (not curated) has no
		// manufacturer either.
		{sbomTrivyV1, "15 findings: 15 errors, 0 warnings, 0 suppressed"},
	} {
		if diff := cmp.Diff(want, names(renderedList(t, tt.in))); diff != "" {
			t.Errorf("%s (-%s +%s):\n%s", tt.in, sbomV1, tt.in, diff)
		}
		// The curated documentation applies whatever the encoding.
		r := soupWant(t, 1, "", "", "check", "-curated", curatedV1, tt.in)
		if !strings.HasSuffix(r.stdout, "\n"+tt.summary+"\n") {
			t.Errorf("check %s:\n%s", tt.in, r.stdout)
		}
	}
}
