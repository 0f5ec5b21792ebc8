package form

import (
	"testing"
)

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, ünïcode 🚑", "plain text, ünïcode 🚑"},
		{"", `""`},
		{" lead", `" lead"`},
		{`"quoted"`, `"\"quoted\""`},
		{"two\nlines", `"two\nlines"`},
		{"tab\there", `"tab\there"`},
		{"a <text>b</text>", `"a \x3ctext>b\x3c/text>"`},
		{"a < b", "a < b"},
		{"\u2028", `"\u2028"`},
	} {
		got := quote(tc.in)
		if got != tc.want {
			t.Errorf("quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
		back, err := unquote(got)
		if err != nil || back != tc.in {
			t.Errorf("unquote(%s) = %q, %v; want %q", got, back, err, tc.in)
		}
	}
	if _, err := unquote(`"unterminated`); err == nil {
		t.Error("unquote accepts an unterminated quote")
	}
}

func TestReportString(t *testing.T) {
	var r Reporter
	r.Ignore("service", 2)
	r.IgnoreProperty("syft:location:0:path")
	r.IgnoreProperty("syft:location:12:path")
	r.Warn(Warning{Message: "w"})
	got := r.Report(412, 3).String()
	want := "kept 412 items, merged 3 duplicates; ignored 2 property syft:location:N:path, 2 service; 1 warnings"
	if got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
