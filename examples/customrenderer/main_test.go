package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/soupkit/soupkit/internal/golden" // the module-wide -update flag
	"github.com/soupkit/soupkit/render/rendertest"
)

func TestRun(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string // lines the output must hold
	}{
		{nil, []string{
			"SOUP List — Infusion pump backend 2.4.0",
			"Document ID:           SOUP-LIST-001",
			"Name      Version  Requirements                              Issue Tracker",
			"flask     1.1.2    Functional: Route HTTP requests of the …  https://github.com/pallets/flask/issues",
			"werkzeug  1.0.1    NOT DOCUMENTED",
			"Status:                DRAFT — 12 findings at error level open…",
		}},
		{[]string{"-format", "markdown"}, []string{
			"# SOUP List — Infusion pump backend 2.4.0",
			"| werkzeug | 1.0.1 | NOT DOCUMENTED |  |",
		}},
		{[]string{"-columns", "name,riskLevel:Risk"}, []string{
			"Name      Risk",
			"flask     medium",
		}},
		{[]string{"-formats"}, []string{"csv", "html", "json", "markdown", "template", "text"}},
	} {
		var out bytes.Buffer
		if err := run(c.args, &out); err != nil {
			t.Fatalf("run(%q): %v", c.args, err)
		}
		lines := strings.Split(out.String(), "\n")
		for _, want := range c.want {
			found := false
			for _, l := range lines {
				found = found || l == want
			}
			if !found {
				t.Errorf("run(%q): no line %q in:\n%s", c.args, want, out.String())
			}
		}
	}
}

func TestRunFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "soup.yaml")
	if err := os.WriteFile(path, []byte("items:\n  - name: zlib\n    version: 1.3.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{"-columns", "name,version", path}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\nzlib  1.3.1\n") {
		t.Errorf("output lacks the file's item:\n%s", out.String())
	}
}

func TestRunErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-format", "nope"},
		{"-columns", "colour"},
		{"-nope"},
		{"a.yaml", "b.yaml"},
		{filepath.Join(t.TempDir(), "missing.yaml")},
	} {
		var out bytes.Buffer
		if err := run(args, &out); err == nil {
			t.Errorf("run(%q): no error", args)
		}
		if out.Len() > 0 {
			t.Errorf("run(%q) wrote %q", args, out.String())
		}
	}
}

// The custom renderer passes the conformance suite every renderer runs.
func TestTextConformance(t *testing.T) {
	rendertest.Run(t, Text{})
}
