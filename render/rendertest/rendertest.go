// Package rendertest is a conformance suite for implementations of
// [render.Renderer], ours or a third party's, in the manner of
// testing/slogtest: a renderer's own tests call [Run] (or [RunText]).
//
// The suite checks that a renderer
//
//   - gives the same bytes for the same input, and for nil and zero options;
//   - renders an empty list, a large list (2,000 items) and every column
//     preset without error;
//   - renders the hostile fixture ([HostileList]) without error and keeps
//     every hostile item recognisable (its marker HOSTILEnn appears);
//   - prints the findings it is given;
//   - does not modify the list;
//   - reports an error, not a panic, for a nil list and a failing writer.
//
// It checks what every format shares; the escaping rules of a format are
// for the renderer's own tests, which can reuse the fixtures: [FullList],
// [FullFindings], [HostileList], [HostileFindings], [LargeList].
package rendertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

// Run runs the conformance suite on r, whose output is text: the suite
// looks for names and markers in the output bytes. A renderer whose
// output is not text (a zip archive, a compressed PDF) uses [RunText].
func Run(t *testing.T, r render.Renderer) {
	t.Helper()
	RunText(t, r, nil)
}

// RunText runs the conformance suite on r, with text extracting the text
// of r's output (the cells of a workbook, the text of a PDF) for the
// checks that look for names and markers. A nil text uses the output as it
// is.
func RunText(t *testing.T, r render.Renderer, text func(out []byte) (string, error)) {
	t.Helper()
	if text == nil {
		text = func(out []byte) (string, error) { return string(out), nil }
	}
	s := &suite{r: r, text: text}
	t.Run("Deterministic", s.deterministic)
	t.Run("NilAndZeroOptions", s.nilAndZeroOptions)
	t.Run("EmptyList", s.emptyList)
	t.Run("LargeList", s.largeList)
	t.Run("Presets", s.presets)
	t.Run("Hostile", s.hostile)
	t.Run("Findings", s.findings)
	t.Run("DoesNotModifyList", s.doesNotModify)
	t.Run("NilList", s.nilList)
	t.Run("WriterError", s.writerError)
}

type suite struct {
	r    render.Renderer
	text func([]byte) (string, error)
}

// render renders l with opts, failing the test on error.
func (s *suite) render(t *testing.T, l *soup.List, opts *render.Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := s.r.Render(&b, l, opts); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.Bytes()
}

// textOf renders l and extracts the text of the output.
func (s *suite) textOf(t *testing.T, l *soup.List, opts *render.Options) string {
	t.Helper()
	out := s.render(t, l, opts)
	txt, err := s.text(out)
	if err != nil {
		t.Fatalf("extracting the text of the output: %v", err)
	}
	return txt
}

func (s *suite) deterministic(t *testing.T) {
	for _, c := range []struct {
		name string
		list func() *soup.List
		fs   func() soup.Findings
	}{
		{"full", FullList, FullFindings},
		{"hostile", HostileList, HostileFindings},
	} {
		first := s.render(t, c.list(), &render.Options{Findings: c.fs()})
		for range 2 {
			if again := s.render(t, c.list(), &render.Options{Findings: c.fs()}); !bytes.Equal(first, again) {
				t.Fatalf("%s list: two renderings differ:\n%s", c.name, firstDiff(first, again))
			}
		}
		if len(first) == 0 {
			t.Errorf("%s list: empty output", c.name)
		}
	}
}

func (s *suite) nilAndZeroOptions(t *testing.T) {
	a := s.render(t, FullList(), nil)
	b := s.render(t, FullList(), &render.Options{})
	if !bytes.Equal(a, b) {
		t.Fatalf("nil options and zero options render differently:\n%s", firstDiff(a, b))
	}
}

func (s *suite) emptyList(t *testing.T) {
	if out := s.render(t, &soup.List{}, nil); len(out) == 0 {
		t.Error("empty output for an empty list; want at least the document's frame")
	}
}

func (s *suite) largeList(t *testing.T) {
	const n = 2000
	txt := s.textOf(t, LargeList(n), nil)
	for _, i := range []int{1, n / 2, n} {
		if name := fmt.Sprintf("item-%05d", i); !strings.Contains(txt, name) {
			t.Errorf("item %s of %d is missing from the output", name, n)
		}
	}
}

func (s *suite) presets(t *testing.T) {
	for _, name := range render.Presets() {
		cols, err := render.Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		txt := s.textOf(t, FullList(), &render.Options{Columns: cols})
		if showsName(cols) && !strings.Contains(txt, "werkzeug") {
			t.Errorf("preset %s: item werkzeug is missing from the output", name)
		}
	}
}

// showsName reports whether the columns show the item's name.
func showsName(cols []render.Column) bool {
	for _, c := range cols {
		if c.Field == render.FieldName {
			return true
		}
	}
	return false
}

func (s *suite) hostile(t *testing.T) {
	txt := s.textOf(t, HostileList(), &render.Options{Findings: HostileFindings()})
	for i := range HostileNames() {
		if m := fmt.Sprintf("HOSTILE%02d", i+1); !strings.Contains(txt, m) {
			t.Errorf("hostile item %s is missing from the output", m)
		}
	}
}

func (s *suite) findings(t *testing.T) {
	fs := FullFindings()
	txt := s.textOf(t, FullList(), &render.Options{Findings: fs})
	for i := range fs {
		if m := fmt.Sprintf("FINDING%02d", i+1); !strings.Contains(txt, m) {
			t.Errorf("finding %s is missing from the output", m)
		}
	}
	if txt := s.textOf(t, FullList(), nil); strings.Contains(txt, "FINDING01") {
		t.Error("a finding is printed without findings in the options")
	}
}

func (s *suite) doesNotModify(t *testing.T) {
	for _, l := range []*soup.List{FullList(), HostileList()} {
		before, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		s.render(t, l, &render.Options{Findings: FullFindings()})
		after, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Fatalf("Render modified the list:\n%s", firstDiff(before, after))
		}
	}
}

func (s *suite) nilList(t *testing.T) {
	var b bytes.Buffer
	if err := s.r.Render(&b, nil, nil); err == nil {
		t.Error("Render(nil list) returned no error")
	}
	if b.Len() > 0 {
		t.Errorf("Render(nil list) wrote %d bytes; want none", b.Len())
	}
}

var errWrite = errors.New("rendertest: write failed")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func (s *suite) writerError(t *testing.T) {
	if err := s.r.Render(failingWriter{}, FullList(), nil); err == nil {
		t.Error("Render to a failing writer returned no error")
	}
}

// firstDiff describes where a and b first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	ctx := func(x []byte) string { return fmt.Sprintf("%q", x[max(0, i-40):min(len(x), i+40)]) }
	return fmt.Sprintf("at byte %d (lengths %d and %d):\n  %s\n  %s", i, len(a), len(b), ctx(a), ctx(b))
}
