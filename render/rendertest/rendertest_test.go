package rendertest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	_ "github.com/soupkit/soupkit/internal/golden" // the module-wide -update flag
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

// failing reports the names of the checks that find problems with r.
func failing(r render.Renderer) []string {
	var names []string
	for _, c := range newSuite(r, nil).checks() {
		if len(c.run()) > 0 {
			names = append(names, c.name)
		}
	}
	return names
}

// renderFunc adapts a function to render.Renderer.
type renderFunc func(w io.Writer, l *soup.List, opts *render.Options) error

func (f renderFunc) Render(w io.Writer, l *soup.List, opts *render.Options) error {
	return f(w, l, opts)
}

// wrap renders with Markdown, then lets edit change the output.
func wrap(edit func(out string, l *soup.List, opts *render.Options) string) render.Renderer {
	return renderFunc(func(w io.Writer, l *soup.List, opts *render.Options) error {
		var b strings.Builder
		if err := (render.Markdown{}).Render(&b, l, opts); err != nil {
			return err
		}
		_, err := io.WriteString(w, edit(b.String(), l, opts))
		return err
	})
}

func TestSuiteFindsFaults(t *testing.T) {
	var calls atomic.Int64
	for _, c := range []struct {
		name string
		r    render.Renderer
		want []string
	}{
		{"conforming", render.Markdown{}, nil},
		{"clock", wrap(func(out string, _ *soup.List, _ *render.Options) string {
			return fmt.Sprintf("%s\nrendered at %d", out, calls.Add(1))
		}), []string{"Deterministic", "NilAndZeroOptions"}},
		{"options", wrap(func(out string, _ *soup.List, opts *render.Options) string {
			if opts == nil {
				return out + "defaults"
			}
			return out
		}), []string{"NilAndZeroOptions"}},
		{"drops hostile", wrap(func(out string, _ *soup.List, _ *render.Options) string {
			return strings.ReplaceAll(out, "HOSTILE07", "")
		}), []string{"Hostile"}},
		{"drops large", wrap(func(out string, l *soup.List, _ *render.Options) string {
			if len(l.Items) < 200 {
				return out
			}
			return strings.ReplaceAll(out, fmt.Sprintf("item-%05d", len(l.Items)), "") // the last item
		}), []string{"LargeList"}},
		{"ignores findings", wrap(func(out string, _ *soup.List, _ *render.Options) string {
			return strings.ReplaceAll(out, "FINDING03", "")
		}), []string{"Findings"}},
		{"invents findings", wrap(func(out string, _ *soup.List, _ *render.Options) string {
			return out + "FINDING01"
		}), []string{"Findings"}},
		{"no name in preset", wrap(func(out string, _ *soup.List, opts *render.Options) string {
			if opts != nil && len(opts.Columns) == 4 {
				return strings.ReplaceAll(out, "werkzeug", "")
			}
			return out
		}), []string{"Presets"}},
		{"modifies", renderFunc(func(w io.Writer, l *soup.List, opts *render.Options) error {
			if l != nil && len(l.Items) > 0 {
				l.Items[0].Name += "!"
			}
			return render.Markdown{}.Render(w, l, opts)
		}), []string{"DoesNotModifyList"}},
		{"panics", renderFunc(func(w io.Writer, l *soup.List, opts *render.Options) error {
			if l == nil {
				panic("nil list")
			}
			return render.Markdown{}.Render(w, l, opts)
		}), []string{"NilList"}},
		{"writes on error", renderFunc(func(w io.Writer, l *soup.List, opts *render.Options) error {
			_, _ = io.WriteString(w, "partial")
			return render.Markdown{}.Render(w, l, opts)
		}), []string{"NilList"}},
		{"swallows write errors", renderFunc(func(w io.Writer, l *soup.List, opts *render.Options) error {
			if l == nil {
				return errors.New("nil")
			}
			_ = render.Markdown{}.Render(w, l, opts)
			return nil
		}), []string{"WriterError"}},
		{"empty", renderFunc(func(io.Writer, *soup.List, *render.Options) error { return nil }),
			[]string{"Deterministic", "EmptyList", "LargeList", "Presets", "Hostile", "Findings", "NilList", "WriterError"}},
	} {
		got := failing(c.r)
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s: failing checks (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestRunText(t *testing.T) {
	// A renderer whose output is not text passes with a text extractor.
	rot := renderFunc(func(w io.Writer, l *soup.List, opts *render.Options) error {
		var b strings.Builder
		if err := (render.Markdown{}).Render(&b, l, opts); err != nil {
			return err
		}
		_, err := io.WriteString(w, strings.Map(rot13, b.String()))
		return err
	})
	if got := failing(rot); !slices.Contains(got, "Hostile") {
		t.Errorf("an encoded output passes the Hostile check without text extraction: %q", got)
	}
	RunText(t, rot, func(out []byte) (string, error) { return strings.Map(rot13, string(out)), nil })
}

func rot13(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z':
		return 'a' + (r-'a'+13)%26
	case r >= 'A' && r <= 'Z':
		return 'A' + (r-'A'+13)%26
	}
	return r
}

func TestFixtures(t *testing.T) {
	if n := len(HostileList().Items); n != len(HostileNames()) {
		t.Errorf("HostileList has %d items, HostileNames %d", n, len(HostileNames()))
	}
	for i, name := range HostileNames() {
		if m := fmt.Sprintf("HOSTILE%02d", i+1); !strings.Contains(name, m) {
			t.Errorf("hostile name %d lacks its marker %s", i+1, m)
		}
	}
	if n := len(LargeList(10).Items); n != 10 {
		t.Errorf("LargeList(10) has %d items", n)
	}
	// The fixtures are valid lists: they survive the native encoding.
	var b strings.Builder
	if err := FullList().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	l, err := soup.Parse([]byte(b.String()))
	if err != nil {
		t.Fatalf("FullList does not read back: %v", err)
	}
	if diff := cmp.Diff(FullList(), l, cmp.Comparer(func(a, b soup.Date) bool { return a == b })); diff != "" {
		t.Errorf("FullList round trip (-want +got):\n%s", diff)
	}
	for i, f := range FullFindings() {
		if m := fmt.Sprintf("FINDING%02d", i+1); !strings.Contains(f.Message, m) {
			t.Errorf("finding %d lacks its marker %s", i+1, m)
		}
	}
}
