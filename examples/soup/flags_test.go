package main

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args     []string
		operands []string
		format   string
		findings bool
	}{
		{[]string{"a.json"}, []string{"a.json"}, "", false},
		{[]string{"-format", "html", "a.json", "b.json"}, []string{"a.json", "b.json"}, "html", false},
		{[]string{"a.json", "-format", "csv", "-findings", "b.json"}, []string{"a.json", "b.json"}, "csv", true},
		{[]string{"-", "-findings"}, []string{"-"}, "", true},
		{[]string{"-findings", "--", "-format", "x"}, []string{"-format", "x"}, "", true},
		{[]string{"a.json", "--", "-b.json"}, []string{"a.json", "-b.json"}, "", false},
		{nil, nil, "", false},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		f := newFlags(&env{stdout: &out}, "test", "soup test", "", "")
		format := f.String("format", "", "")
		findings := f.Bool("findings", false, "")
		got, err := f.parse(tt.args)
		if err != nil {
			t.Errorf("parse(%q): %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.operands, got); diff != "" || *format != tt.format || *findings != tt.findings {
			t.Errorf("parse(%q) = %q, -format %q, -findings %v; want %q, %q, %v",
				tt.args, got, *format, *findings, tt.operands, tt.format, tt.findings)
		}
	}
}

func TestParseErrors(t *testing.T) {
	var out bytes.Buffer
	f := newFlags(&env{stdout: &out}, "test", "soup test [flags]", "Test tests.", "  soup test x")
	f.String("format", "", "the `format`")
	if _, err := f.parse([]string{"-h"}); !errors.Is(err, errHelp) {
		t.Errorf("-h: err = %v, want errHelp", err)
	}
	want := "Usage: soup test [flags]\n\nTest tests.\n\nFlags:\n  -format format\n    \tthe format\n\nExamples:\n  soup test x\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("help (-want +got):\n%s", diff)
	}
	if _, err := f.parse([]string{"x", "-nope"}); err == nil || err.Error() != "flag provided but not defined: -nope (see soup test -h)" {
		t.Errorf("unknown flag: err = %v", err)
	}
	if _, err := f.parse([]string{"-format"}); err == nil {
		t.Error("missing flag value: no error")
	}
}
