// Package rendertest is a conformance suite for implementations of
// [render.Renderer], ours or a third party's, in the manner of
// testing/slogtest: a renderer's own tests call [Run] (or [RunText]):
//
//	func TestConformance(t *testing.T) {
//		rendertest.Run(t, asciidoc.Renderer{})
//	}
//
// The suite checks that a renderer
//
//   - gives the same bytes for the same input, and for nil and zero options;
//   - renders an empty list, a large list (2,000 items; 200 with -short)
//     and every column preset without error;
//   - renders the hostile fixture ([HostileList]) without error and keeps
//     every hostile item recognisable (its marker HOSTILEnn appears);
//   - prints the findings it is given, and none when given none;
//   - does not modify the list;
//   - reports an error, and writes nothing, for a nil list; reports an
//     error for a failing writer.
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
// is. The checks run as parallel subtests, so r must be safe for concurrent
// use, as a Renderer is.
func RunText(t *testing.T, r render.Renderer, text func(out []byte) (string, error)) {
	t.Helper()
	s := newSuite(r, text)
	for _, c := range s.checks() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for _, err := range c.run() {
				t.Error(err)
			}
		})
	}
}

type suite struct {
	r    render.Renderer
	text func([]byte) (string, error)
}

func newSuite(r render.Renderer, text func([]byte) (string, error)) *suite {
	if text == nil {
		text = func(out []byte) (string, error) { return string(out), nil }
	}
	return &suite{r: r, text: text}
}

type check struct {
	name string
	run  func() []error
}

func (s *suite) checks() []check {
	return []check{
		{"Deterministic", s.deterministic},
		{"NilAndZeroOptions", s.nilAndZeroOptions},
		{"EmptyList", s.emptyList},
		{"LargeList", s.largeList},
		{"Presets", s.presets},
		{"Hostile", s.hostile},
		{"Findings", s.findings},
		{"DoesNotModifyList", s.doesNotModify},
		{"NilList", s.nilList},
		{"WriterError", s.writerError},
	}
}

// render renders l with opts, turning a panic into an error.
func (s *suite) render(l *soup.List, opts *render.Options) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rendering panicked: %v", p)
		}
	}()
	var b bytes.Buffer
	if err := s.r.Render(&b, l, opts); err != nil {
		return nil, fmt.Errorf("rendering: %w", err)
	}
	return b.Bytes(), nil
}

// textOf renders l and extracts the text of the output.
func (s *suite) textOf(l *soup.List, opts *render.Options) (string, error) {
	out, err := s.render(l, opts)
	if err != nil {
		return "", err
	}
	txt, err := s.text(out)
	if err != nil {
		return "", fmt.Errorf("extracting the text of the output: %w", err)
	}
	return txt, nil
}

func (s *suite) deterministic() []error {
	var errs []error
	for _, c := range []struct {
		name string
		list func() *soup.List
		fs   func() soup.Findings
	}{
		{"full", FullList, FullFindings},
		{"hostile", HostileList, HostileFindings},
	} {
		first, err := s.render(c.list(), &render.Options{Findings: c.fs()})
		if err != nil {
			errs = append(errs, fmt.Errorf("%s list: %w", c.name, err))
			continue
		}
		if len(first) == 0 {
			errs = append(errs, fmt.Errorf("%s list: empty output", c.name))
		}
		for range 2 {
			again, err := s.render(c.list(), &render.Options{Findings: c.fs()})
			if err != nil {
				errs = append(errs, fmt.Errorf("%s list: %w", c.name, err))
				break
			}
			if !bytes.Equal(first, again) {
				errs = append(errs, fmt.Errorf("%s list: two renderings differ:\n%s", c.name, firstDiff(first, again)))
				break
			}
		}
	}
	return errs
}

func (s *suite) nilAndZeroOptions() []error {
	a, err := s.render(FullList(), nil)
	if err != nil {
		return []error{err}
	}
	b, err := s.render(FullList(), &render.Options{})
	if err != nil {
		return []error{err}
	}
	if !bytes.Equal(a, b) {
		return []error{fmt.Errorf("nil options and zero options render differently:\n%s", firstDiff(a, b))}
	}
	return nil
}

func (s *suite) emptyList() []error {
	out, err := s.render(&soup.List{}, nil)
	if err != nil {
		return []error{err}
	}
	if len(out) == 0 {
		return []error{errors.New("empty output for an empty list; want at least the document's frame")}
	}
	return nil
}

func (s *suite) largeList() []error {
	n := 2000
	if testing.Short() {
		n = 200 // the full size only without -short
	}
	txt, err := s.textOf(LargeList(n), nil)
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, i := range []int{1, n / 2, n} {
		if name := fmt.Sprintf("item-%05d", i); !strings.Contains(txt, name) {
			errs = append(errs, fmt.Errorf("item %s of %d is missing from the output", name, n))
		}
	}
	return errs
}

func (s *suite) presets() []error {
	var errs []error
	for _, name := range render.Presets() {
		cols, err := render.Preset(name)
		if err != nil {
			return []error{err}
		}
		txt, err := s.textOf(FullList(), &render.Options{Columns: cols})
		if err != nil {
			errs = append(errs, fmt.Errorf("preset %s: %w", name, err))
			continue
		}
		if showsName(cols) && !strings.Contains(txt, "werkzeug") {
			errs = append(errs, fmt.Errorf("preset %s: item werkzeug is missing from the output", name))
		}
	}
	return errs
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

func (s *suite) hostile() []error {
	txt, err := s.textOf(HostileList(), &render.Options{Findings: HostileFindings()})
	if err != nil {
		return []error{err}
	}
	var errs []error
	for i := range HostileNames() {
		if m := fmt.Sprintf("HOSTILE%02d", i+1); !strings.Contains(txt, m) {
			errs = append(errs, fmt.Errorf("hostile item %s is missing from the output", m))
		}
	}
	return errs
}

func (s *suite) findings() []error {
	fs := FullFindings()
	txt, err := s.textOf(FullList(), &render.Options{Findings: fs})
	if err != nil {
		return []error{err}
	}
	var errs []error
	for i := range fs {
		if m := fmt.Sprintf("FINDING%02d", i+1); !strings.Contains(txt, m) {
			errs = append(errs, fmt.Errorf("finding %s is missing from the output", m))
		}
	}
	txt, err = s.textOf(FullList(), nil)
	if err != nil {
		return append(errs, err)
	}
	if strings.Contains(txt, "FINDING01") {
		errs = append(errs, errors.New("a finding is printed without findings in the options"))
	}
	return errs
}

func (s *suite) doesNotModify() []error {
	var errs []error
	for _, l := range []*soup.List{FullList(), HostileList()} {
		before, err := json.Marshal(l)
		if err != nil {
			return []error{err}
		}
		if _, err := s.render(l, &render.Options{Findings: FullFindings()}); err != nil {
			errs = append(errs, err)
			continue
		}
		after, err := json.Marshal(l)
		if err != nil {
			return []error{err}
		}
		if !bytes.Equal(before, after) {
			errs = append(errs, fmt.Errorf("rendering modified the list:\n%s", firstDiff(before, after)))
		}
	}
	return errs
}

func (s *suite) nilList() (errs []error) {
	defer func() {
		if p := recover(); p != nil {
			errs = append(errs, fmt.Errorf("rendering a nil list panicked: %v", p))
		}
	}()
	var b bytes.Buffer
	if err := s.r.Render(&b, nil, nil); err == nil {
		errs = append(errs, errors.New("rendering a nil list returned no error"))
	}
	if b.Len() > 0 {
		errs = append(errs, fmt.Errorf("rendering a nil list wrote %d bytes; want none", b.Len()))
	}
	return errs
}

var errWrite = errors.New("rendertest: write failed")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func (s *suite) writerError() (errs []error) {
	defer func() {
		if p := recover(); p != nil {
			errs = append(errs, fmt.Errorf("rendering to a failing writer panicked: %v", p))
		}
	}()
	if err := s.r.Render(failingWriter{}, FullList(), nil); err == nil {
		errs = append(errs, errors.New("rendering to a failing writer returned no error"))
	}
	return errs
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
