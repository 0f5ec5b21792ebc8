package soup_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/soup"
)

// cmpOpts compare lists: dates by value, nil and empty alike.
var cmpOpts = []cmp.Option{cmp.AllowUnexported(soup.Date{}), cmpopts.EquateEmpty()}

func readFile(t *testing.T, path string) *soup.List {
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

// TestYAMLRoundTrip writes the hand-written file back (golden), reads it
// again and checks that the second write gives the same bytes and the same
// list; likewise through JSON.
func TestYAMLRoundTrip(t *testing.T) {
	l := readFile(t, "testdata/flask.yaml")
	var y1 bytes.Buffer
	if err := l.WriteYAML(&y1); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/flask.golden.yaml", y1.Bytes())
	l2, err := soup.Parse(y1.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var y2 bytes.Buffer
	if err := l2.WriteYAML(&y2); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(y1.String(), y2.String()); diff != "" {
		t.Errorf("second YAML write differs:\n%s", diff)
	}
	var j bytes.Buffer
	if err := l.WriteJSON(&j); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/flask.golden.json", j.Bytes())
	l3, err := soup.Parse(j.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(l, l3, cmpOpts...); diff != "" {
		t.Errorf("JSON round trip (-yaml +json):\n%s", diff)
	}
	if got := l.Items[1].Notes; !strings.HasPrefix(got, "Pinned because") || !strings.HasSuffix(got, "3.12.\n") {
		t.Errorf("block scalar notes = %q", got)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // substrings of the error
	}{
		{"wrong safety class", "system:\n  safetyClass: D\nitems: []\n", []string{"yaml", "line 2", "safetyClass", `"D"`}},
		{"class written as risk level", "items:\n  - name: a\n    riskLevel: B\n", []string{"line 3", "riskLevel", "safety class"}},
		{"risk level written as class", "system:\n  safetyClass: high\n", []string{"line 2", "risk level"}},
		{"malformed purl", "items:\n  - id: SOUP-0001\n    name: flask\n  - id: SOUP-0002\n    name: x\n    purl: pypi/flask\n", []string{"line 4", "SOUP-0002 (x)", "purl"}},
		{"duplicate ID", "items:\n  - id: SOUP-0001\n    name: a\n  - id: SOUP-0001\n    name: b\n", []string{"line 4", "item SOUP-0001 (b)", "id", "duplicate"}},
		{"yaml type error", "items:\n  - name: a\n    requirements:\n      functional: {a: b}\n", []string{"line 4", "[]string"}},
		{"unknown field", "items:\n  - name: a\n    requirement: x\n", []string{"line 3", "requirement", "not found"}},
		{"bad date", "document:\n  date: 24.11.2026\n", []string{"line 2", "date", "YYYY-MM-DD"}},
		{"bad status", "items:\n  - name: a\n    anomalies:\n      - id: X\n        status: maybe\n", []string{"line 5", "status", "maybe"}},
		{"json syntax", "{\n  \"items\": [\n  }\n", []string{"json", "line 3"}},
		{"json unknown field", "{\"items\": [{\"name\": \"a\", \"colour\": 1}]}", []string{"json", "colour"}},
		{"empty", "", []string{"empty"}},
		{"not a mapping", "- a\n- b\n", []string{"yaml", "line 1", "not a SOUP list"}},
		{"plain text", "hello world\n", []string{"yaml", "line 1", "not a SOUP list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := soup.Parse([]byte(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			var pe *soup.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestParseJSON(t *testing.T) {
	// Escaped control characters, which the YAML decoder refuses, and a
	// revision written as a number, which encoding/json refuses.
	l, err := soup.Parse([]byte(`{"document": {"revision": 7}, "items": [{"name": "a\u0000\u001b[31m", "version": "1"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if l.Items[0].Name != "a\x00\x1b[31m" || l.Document.Revision != "7" {
		t.Errorf("got %q, revision %q", l.Items[0].Name, l.Document.Revision)
	}
	_, err = soup.Parse([]byte("{\"items\": [\n {\"id\": \"SOUP-0001\"},\n {\"id\": \"SOUP-0001\"}]}"))
	if err == nil || !strings.Contains(err.Error(), "json: line 3: item SOUP-0001: id: duplicate") {
		t.Errorf("duplicate ID in JSON: %v", err)
	}
}

func TestReadSizeBound(t *testing.T) {
	in := strings.NewReader("items: []\n" + strings.Repeat("#", 100))
	_, err := soup.Read(in, &soup.ReadOptions{MaxBytes: 50})
	if !errors.Is(err, soup.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestReadReportsAllTypeErrors(t *testing.T) {
	_, err := soup.Parse([]byte("system:\n  safetyClass: X\nitems:\n  - name: a\n    riskLevel: extreme\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "line 5") {
		t.Errorf("want both bad lines reported, got %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/flask.yaml", "testdata/flask.golden.json"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("items: [{name: a, version: '1', riskLevel: low}]"))
	f.Add([]byte(`{"items":[{"name":"a","support":{"level":"no-assertion"}}]}`))
	f.Add([]byte("document: {date: 2026-01-01}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := soup.Parse(data)
		if err != nil {
			return
		}
		// Whatever parses must write and re-read to the same list.
		for _, write := range []func(*soup.List, *bytes.Buffer) error{
			func(l *soup.List, b *bytes.Buffer) error { return l.WriteYAML(b) },
			func(l *soup.List, b *bytes.Buffer) error { return l.WriteJSON(b) },
		} {
			var b bytes.Buffer
			if err := write(l, &b); err != nil {
				t.Fatalf("write: %v", err)
			}
			l2, err := soup.Parse(b.Bytes())
			if err != nil {
				t.Fatalf("re-read: %v\n%s", err, b.Bytes())
			}
			if diff := cmp.Diff(l, l2, cmpOpts...); diff != "" {
				t.Fatalf("round trip:\n%s", diff)
			}
		}
		_ = l.Validate(soup.Policy{})
	})
}

// TestParseRefuses checks what every YAML path refuses (issue 12): a
// second document, a repeated key, an oversized mapping; and that an
// error quotes a short excerpt of a long value.
func TestParseRefuses(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	tests := []struct {
		name, in string
		want     string
	}{
		{"second document", "items:\n  - id: SOUP-0001\n    name: a\n---\nitems:\n  - id: SOUP-0002\n    name: b\n",
			"soup: yaml: line 4: a second YAML document begins (---): the input must be one document"},
		{"second document, JSON", "{\"items\": []}\n---\n{\"items\": []}\n", "soup: json: line 2: "},
		{"repeated key", "items:\n  - id: SOUP-0001\n    notes: a\n    notes: b\n",
			`soup: yaml: line 4: key "notes" given twice in one mapping (first at line 3)`},
		{"repeated key, JSON", "{\"items\": [\n  {\"id\": \"SOUP-0001\",\n   \"id\": \"SOUP-0002\"}]}",
			`soup: json: line 3: key "id" given twice in one mapping (first at line 2)`},
		{"oversized mapping", "items:\n  - id: SOUP-0001\n" + manyKeys(100), "soup: yaml: line 2: a mapping of 101 keys (at most 64 expected)"},
		{"long unknown field", "items:\n  - ? " + long + "\n    : 1\n", "soup: yaml: line 2: field " + strings.Repeat("x", 150)},
		{"long safety class", "system:\n  safetyClass: " + long + "\n", "soup: yaml: line 2: "},
		{"long duplicate ID", "items:\n  - id: " + long + "\n  - id: " + long + "\n", "soup: yaml: line 3: item " + strings.Repeat("x", 40) + "…: id: duplicate ID"},
		{"long purl", "items:\n  - purl: pkg:" + long + "\n", "soup: yaml: line 2: item #1: purl: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := soup.Parse([]byte(tt.in))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %.300v, want prefix %q", err, tt.want)
			}
			if err != nil && len(err.Error()) > 1100 {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
		})
	}
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "    k%d: v\n", i)
	}
	return b.String()
}

// TestRepeatedKeyRefusedFast: ~200 KB of one key written 10,000 times is
// refused with one error, quickly (it took gigabytes before).
func TestRepeatedKeyRefusedFast(t *testing.T) {
	var b strings.Builder
	b.WriteString("items:\n  - id: SOUP-0001\n")
	for i := range 10000 {
		fmt.Fprintf(&b, "    notes: value number %d\n", i)
	}
	start := time.Now()
	_, err := soup.Parse([]byte(b.String()))
	if want := `soup: yaml: line 4: key "notes" given twice in one mapping (first at line 3)`; err == nil || err.Error() != want {
		t.Errorf("err = %.300v, want %s", err, want)
	}
	if d := time.Since(start); d > time.Second && !raceEnabled {
		t.Errorf("took %v", d)
	}
}
