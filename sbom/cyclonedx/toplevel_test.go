package cyclonedx

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTopArrays: the top-level scan finds the two arrays where they are
// written once as arrays, past strings holding brackets, quotes and
// backslashes, and nothing in text that does not scan.
func TestTopArrays(t *testing.T) {
	for _, tc := range []struct {
		in          string
		comps, deps string // the values found, "" for none
		rest        string
	}{
		{`{"components":[1],"dependencies":[{"ref":"a"}]}`, `[1]`, `[{"ref":"a"}]`, `{"components":[],"dependencies":[]}`},
		{` { "a" : "]\"}[" , "components" : [ "\\", "\\\"]" , {"x":["]"]} ] } `, `[ "\\", "\\\"]" , {"x":["]"]} ]`, "", ` { "a" : "]\"}[" , "components" : [] } `},
		{`{"components":[],"components":[1]}`, "", "", `{"components":[],"components":[1]}`},     // twice: left to the decoder
		{`{"components":null,"dependencies":5}`, "", "", `{"components":null,"dependencies":5}`}, // not arrays
		{`{"Components":[1]}`, "", "", `{"Components":[1]}`},                                     // not exactly so
		{`{"comp\u006fnents":[1]}`, "", "", `{"comp\u006fnents":[1]}`},                           // escaped
		{`{"metadata":{"components":[1]},"version":1,"x":true}`, "", "", `{"metadata":{"components":[1]},"version":1,"x":true}`},
		{`{"components":[1]`, "", "", `{"components":[1]`}, // unclosed
		{`{"components":[1],}`, "", "", `{"components":[1],}`},
		{`{"components":[1] "x":2}`, "", "", `{"components":[1] "x":2}`},
		{`{"components":["]`, "", "", `{"components":["]`},
		{`[1,2]`, "", "", `[1,2]`},
		{`{}`, "", "", `{}`},
		{``, "", "", ``},
	} {
		data := []byte(tc.in)
		c, d := topArrays(data)
		got := func(s span) string { return string(data[s[0]:s[1]]) }
		if got(c) != tc.comps || got(d) != tc.deps {
			t.Errorf("topArrays(%s) = %q, %q; want %q, %q", tc.in, got(c), got(d), tc.comps, tc.deps)
		}
		rest, holes := without(data, c, d)
		if diff := cmp.Diff(tc.rest, string(rest)); diff != "" {
			t.Errorf("without(%s) (-want +got):\n%s", tc.in, diff)
		}
		for i, s := range []span{c, d} {
			if (s == span{}) != (holes[i] < 0) || holes[i] >= 0 && string(rest[holes[i]:holes[i]+2]) != "[]" {
				t.Errorf("without(%s): hole %d at %d", tc.in, i, holes[i])
			}
		}
	}
}
