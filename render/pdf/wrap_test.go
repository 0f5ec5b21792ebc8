package pdf

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testMeasurer(t testing.TB) *measurer {
	t.Helper()
	m, err := newMeasurer()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestClean(t *testing.T) {
	m := testMeasurer(t)
	for _, tc := range []struct{ in, want string }{
		{"Grüße, Ελλάδα, Россия", "Grüße, Ελλάδα, Россия"},
		{"中文", "\uFFFD\uFFFD"},
		{"a\x00b\tc", "a\uFFFDb c"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"rtl \u202e override", "rtl \uFFFD override"},
	} {
		for _, s := range []style{regular, bold} {
			if got := m.clean(s, tc.in); got != tc.want {
				t.Errorf("clean(%d, %q) = %q, want %q", s, tc.in, got, tc.want)
			}
		}
	}
}

func TestWidth(t *testing.T) {
	m := testMeasurer(t)
	if w := m.width(regular, 10, ""); w != 0 {
		t.Errorf("width of empty text = %v", w)
	}
	a, b := m.width(regular, 10, "ab"), m.width(regular, 10, "a")+m.width(regular, 10, "b")
	if a != b || a <= 0 {
		t.Errorf("width(ab) = %v, width(a)+width(b) = %v", a, b)
	}
	if r, bd := m.width(regular, 10, "Wide"), m.width(bold, 10, "Wide"); bd <= r {
		t.Errorf("bold width %v not wider than regular %v", bd, r)
	}
	if w10, w20 := m.width(regular, 10, "x"), m.width(regular, 20, "x"); w20 != 2*w10 {
		t.Errorf("width does not scale with size: %v at 10, %v at 20", w10, w20)
	}
}

func TestWrap(t *testing.T) {
	m := testMeasurer(t)
	const size = 10
	w := func(s string) float64 { return m.width(regular, size, s) + 0.01 }
	for _, tc := range []struct {
		text  string
		width float64
		want  []string
	}{
		{"", 100, nil},
		{"hello world", w("hello world"), []string{"hello world"}},
		{"hello world", w("hello wor"), []string{"hello", "world"}},
		{"hello   world", w("hello "), []string{"hello", "world"}},
		{"one two three four", w("one two th"), []string{"one two", "three four"}},
		{"pkg:npm/left-pad@1.3.0", w("pkg:npm/left-pa"), []string{"pkg:npm/left-", "pad@1.3.0"}},
		{"https://example.com/a/b", w("https://example.co"), []string{"https://example.", "com/a/b"}},
		{"abcdefgh", w("abc"), []string{"abc", "def", "gh"}},
		{"see https://example.com/x", w("https://example."), []string{"see", "https://example.", "com/x"}},
		{"a\n\nb", 100, []string{"a", "", "b"}},
		{"a\r\nb\rc", 100, []string{"a", "b", "c"}},
		{"trailing  ", 100, []string{"trailing"}},
		{"  indented", 100, []string{"  indented"}},
		{"WWW", 1, []string{"W", "W", "W"}},
		{"中文", 100, []string{"\uFFFD\uFFFD"}},
		{"• one two three", w("• one two"), []string{"• one two", "  three"}},
		{"• one\n• two three", w("• three"), []string{"• one", "• two", "  three"}},
		{"  indented text here", w("  indented t"), []string{"  indented", "  text here"}},
		{"• abc", 1, []string{"•", "a", "b", "c"}},
		{"    abc", 1, []string{"", "a", "b", "c"}},
	} {
		got := m.wrap(regular, size, tc.width, tc.text)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("wrap(%q, %.1f) (-want +got):\n%s", tc.text, tc.width, diff)
		}
	}
}

// TestWrapFits checks on varied text that no line is wider than the width
// unless it is a single character, and that no character is lost.
func TestWrapFits(t *testing.T) {
	m := testMeasurer(t)
	text := "The quick brown fox jumps over the lazy dog; pkg:golang/github.com/xuri/excelize/v2@v2.10.1 " +
		"sha256:0123456789abcdef0123456789abcdef Grüße Ωμέγα\nsecond paragraph"
	for width := 5.0; width < 400; width += 7 {
		lines := m.wrap(regular, 9, width, text)
		for _, l := range lines {
			if lw := m.width(regular, 9, l); lw > width+1e-9 && len([]rune(l)) > 1 {
				t.Fatalf("width %v: line %q is %v wide", width, l, lw)
			}
		}
		strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if got, want := strip(strings.Join(lines, " ")), strip(text); got != want {
			t.Fatalf("width %v: characters changed:\n got %q\nwant %q", width, got, want)
		}
	}
}
