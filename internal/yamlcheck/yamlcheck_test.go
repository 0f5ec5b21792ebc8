package yamlcheck

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string // the error; "" for none
	}{
		{"one document", "a: 1\nb: [x, y]\n", 0, ""},
		{"document markers", "---\na: 1\n...\n", 0, ""},
		{"empty", "", 0, "empty document"},
		{"only a comment", "# nothing\n", 0, "empty document"},
		{"second document", "a: 1\n---\nb: 2\n", 0, "line 2: a second YAML document begins (---): the input must be one document"},
		{"empty second document", "a: 1\n---\n", 0, "line 2: a second YAML document begins (---): the input must be one document"},
		{"repeated key", "a: 1\nb: 2\na: 3\n", 0, `line 3: key "a" given twice in one mapping (first at line 1)`},
		{"repeated nested key", "items:\n  - id: X\n    name: a\n    name: b\n", 0, `line 4: key "name" given twice in one mapping (first at line 3)`},
		{"same key in two mappings", "a: {x: 1}\nb: {x: 2}\n", 0, ""},
		{"flow mapping", "{a: 1, a: 2}", 0, `line 1: key "a" given twice in one mapping (first at line 1)`},
		{"json", `{"a": 1, "b": {"c": 2, "c": 3}}`, 0, `line 1: key "c" given twice in one mapping (first at line 1)`},
		{"too many keys", "a: 1\nb: 2\nc: 3\n", 2, "line 1: a mapping of 3 keys (at most 2 expected)"},
		{"syntax error", "a: [\n", 0, "line 1: did not find expected node content"},
		{"long key", strings.Repeat("k", 1000) + ": 1\n" + strings.Repeat("k", 1000) + ": 2\n", 0,
			`line 2: key "` + strings.Repeat("k", 60) + `…" given twice in one mapping (first at line 1)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), &Options{MaxKeys: tt.max})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Parse(%.40q) = %q, want %q", tt.in, got, tt.want)
			}
			if tt.want == "empty document" && !errors.Is(err, ErrEmpty) {
				t.Errorf("err = %v, want ErrEmpty", err)
			}
		})
	}
}

// TestRepeatedKeyIsFast is the attack of issue 12: ~200 KB of one key
// written 10,000 times must be refused in milliseconds, with one error.
func TestRepeatedKeyIsFast(t *testing.T) {
	var b strings.Builder
	b.WriteString("items:\n  - id: SOUP-0001\n")
	for i := range 10000 {
		fmt.Fprintf(&b, "    notes: value number %d\n", i)
	}
	// The best of five runs: the machine may be busy. A busy machine slows
	// the same parse of as many distinct keys too, so the bound is missed
	// only when both the 100 ms and four times that parse are exceeded.
	best := bestOf(5, func() {
		if _, err := Parse([]byte(b.String()), nil); err == nil || err.Error() != `line 4: key "notes" given twice in one mapping (first at line 3)` {
			t.Fatalf("err = %v, want the first repeated key", err)
		}
	})
	var d strings.Builder
	d.WriteString("items:\n  - id: SOUP-0001\n")
	for i := range 10000 {
		fmt.Fprintf(&d, "    notes%d: value number %d\n", i, i)
	}
	distinct := bestOf(5, func() {
		if _, err := Parse([]byte(d.String()), nil); err != nil {
			t.Fatal(err)
		}
	})
	if best > 100*time.Millisecond && best > 4*distinct && !testing.Short() && !raceEnabled {
		t.Errorf("took %v (%v for as many distinct keys), want < 100ms", best, distinct)
	}
	t.Logf("refused in %v (distinct keys parsed in %v)", best, distinct)
}

// bestOf returns the shortest of n runs of f.
func bestOf(n int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range n {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// TestDeepNesting checks that the walk does not recurse: the YAML library
// bounds the depth it parses, and the check must not add a limit of its
// own below it.
func TestDeepNesting(t *testing.T) {
	in := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	_, err := Parse([]byte(in), nil)
	if err == nil {
		return // the library took it; the walk did too
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("err = %T %v, want *Error", err, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"a: 1\n", "a: 1\n---\nb: 2\n", "{a: 1, a: 2}", "- [a, {b: c}]\n", "a: &x 1\nb: *x\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data, &Options{MaxKeys: 8})
		if err == nil && doc == nil {
			t.Fatal("nil document without error")
		}
		if err != nil && len(err.Error()) > 400 {
			t.Fatalf("error of %d bytes", len(err.Error()))
		}
	})
}
