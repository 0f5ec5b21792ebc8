package form

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// encodingJSON is what encoding/json writes for v with
// SetEscapeHTML(false) and SetIndent("", "  ").
func encodingJSON(t testing.TB, v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestJSONWriterStrings: every character below U+3000, the line
// separators, invalid bytes and the escapes are written as encoding/json
// writes them.
func TestJSONWriterStrings(t *testing.T) {
	var all []string
	for r := rune(0); r < 0x3000; r++ {
		all = append(all, "a"+string(r)+"b", string(r))
	}
	all = append(all, "", "bad\xffutf8", "\xe2\x80", "<>&", `"\`, "\u2028\u2029", "\U0001F600", "ctl\x00\x1f\x7f")
	var b bytes.Buffer
	j := NewJSONWriter(&b)
	j.Open('[')
	for _, s := range all {
		j.Elem()
		j.String(s)
	}
	j.Close(']')
	if err := j.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := encodingJSON(t, all); b.String() != want {
		t.Errorf("strings differ from encoding/json's")
	}

	// HTMLString: as json.Marshal (which escapes HTML) writes them.
	b.Reset()
	j = NewJSONWriter(&b)
	j.Open('[')
	for _, s := range all {
		j.Elem()
		j.HTMLString(s)
	}
	j.Close(']')
	if err := j.Flush(); err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := json.Indent(&want, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	if want.WriteByte('\n'); b.String() != want.String() {
		t.Errorf("HTML-escaped strings differ from json.Marshal's")
	}
}

// TestJSONWriterShape: nesting, empty objects and arrays, keys, booleans
// and numbers are laid out as encoding/json's indentation does.
func TestJSONWriterShape(t *testing.T) {
	type inner struct {
		A []string       `json:"a"`
		B map[string]int `json:"b"`
		C bool           `json:"c"`
		N int            `json:"n"`
	}
	v := struct {
		X  string  `json:"x"`
		In []inner `json:"in"`
		E  []int   `json:"e"`
		Z  *int    `json:"z"`
	}{X: "x", In: []inner{{A: []string{"1", "2"}, B: map[string]int{}, C: true, N: -12}, {A: []string{}, N: 7}}, E: []int{}}
	var b bytes.Buffer
	j := NewJSONWriter(&b)
	j.Open('{')
	j.KeyString("x", v.X)
	j.Key("in")
	j.Open('[')
	for _, in := range v.In {
		j.Elem()
		j.Open('{')
		j.Key("a")
		j.Open('[')
		for _, s := range in.A {
			j.Elem()
			j.String(s)
		}
		j.Close(']')
		j.Key("b")
		if in.B == nil {
			j.Null()
		} else {
			j.Open('{')
			j.Close('}')
		}
		j.Key("c")
		j.Bool(in.C)
		j.Key("n")
		j.Int(in.N)
		j.Close('}')
	}
	j.Close(']')
	j.Key("e")
	j.Open('[')
	j.Close(']')
	j.Key("z")
	j.Null()
	j.Close('}')
	if err := j.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := encodingJSON(t, v); b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if strings.Count(b.String(), "\n") < 10 {
		t.Errorf("not indented:\n%s", b.String())
	}
}
