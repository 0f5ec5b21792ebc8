package pdf

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pageTexts returns the text drawn on each page of lo, in drawing order.
func pageTexts(lo *layout) [][]string {
	out := make([][]string, len(lo.pages))
	for i, p := range lo.pages {
		for _, o := range p.ops {
			if o.kind == opText {
				out[i] = append(out[i], o.text)
			}
		}
	}
	return out
}

// TestTablePagination lays out a long table of rows of varied height,
// one taller than a page, and checks that the heading row is on every
// page, that no row but the tall one is split between pages, that the
// tall one is split only between lines, and that every line is drawn once,
// in order, inside the page's body.
func TestTablePagination(t *testing.T) {
	lo := newLayout(testMeasurer(t), 595, 842)
	tb := &table{head: []string{"Row", "Text"}}
	lines := map[int]int{} // row → number of lines
	for r := range 120 {
		n := 1 + r%5
		if r == 77 {
			n = 150 // taller than a page
		}
		lines[r] = n
		var cell []string
		for l := range n {
			cell = append(cell, fmt.Sprintf("r%03d-l%03d", r, l))
		}
		tb.rows = append(tb.rows, []string{fmt.Sprintf("row %03d", r), strings.Join(cell, "\n")})
	}
	lo.table(tb)
	pages := pageTexts(lo)
	if len(pages) < 5 {
		t.Fatalf("%d pages, want a table over several pages", len(pages))
	}
	seen := map[int][]int{} // row → pages with its lines
	var order []string
	for p, texts := range pages {
		if !slices.Contains(texts, "Row") || !slices.Contains(texts, "Text") {
			t.Errorf("page %d lacks the heading row", p+1)
		}
		for _, s := range texts {
			var r, l int
			if _, err := fmt.Sscanf(s, "r%03d-l%03d", &r, &l); err == nil {
				order = append(order, s)
				if ps := seen[r]; len(ps) == 0 || ps[len(ps)-1] != p {
					seen[r] = append(seen[r], p)
				}
			}
		}
	}
	for r, n := range lines {
		switch ps := seen[r]; {
		case r == 77 && len(ps) < 2:
			t.Errorf("row 77 (%d lines) is on pages %v; want it split", n, ps)
		case r != 77 && len(ps) != 1:
			t.Errorf("row %d (%d lines) is on pages %v; want one", r, n, ps)
		}
	}
	var want []string
	for r := range 120 {
		for l := range lines[r] {
			want = append(want, fmt.Sprintf("r%03d-l%03d", r, l))
		}
	}
	if diff := cmp.Diff(want, order); diff != "" {
		t.Errorf("lines drawn (-want +got):\n%s", diff)
	}
	for p, pg := range lo.pages {
		for _, o := range pg.ops {
			if o.kind == opText && (o.y < lo.top() || o.y > lo.bottom()) {
				t.Errorf("page %d: text %q at y=%.1f, outside the body %.1f–%.1f", p+1, o.text, o.y, lo.top(), lo.bottom())
			}
		}
	}
}

// TestHeadingKeptWithTable checks that a heading at the foot of a page
// moves to the next page with its table.
func TestHeadingKeptWithTable(t *testing.T) {
	lo := newLayout(testMeasurer(t), 595, 842)
	lo.newPage()
	lo.y = lo.bottom() - 20
	lo.heading("Section", 3*bodySize*leading)
	lo.table(&table{head: []string{"A"}, rows: [][]string{{"x"}}})
	texts := pageTexts(lo)
	if len(texts) != 2 || len(texts[0]) != 0 || !slices.Equal(texts[1], []string{"Section", "A", "x"}) {
		t.Errorf("pages hold %q; want the heading and its table on page 2", texts)
	}
	if m := lo.pages[1].marks; len(m) != 1 || m[0].title != "Section" {
		t.Errorf("bookmarks on page 2: %+v", m)
	}
}

func TestColumnWidths(t *testing.T) {
	lo := newLayout(testMeasurer(t), 595, 842)
	for _, tc := range []struct {
		name string
		t    table
	}{
		{"narrow", table{head: []string{"ID", "Name"}, rows: [][]string{{"1", "a"}}}},
		{"wide", table{head: []string{"ID", "Description"}, rows: [][]string{{"SOUP-0001", strings.Repeat("long words here ", 80)}}}},
		{"many", table{head: strings.Fields("a b c d e f g h i j k l m n o p q r s t"), rows: [][]string{strings.Fields(strings.Repeat("https://example.com/a/very/long/url ", 20))}}},
	} {
		w := lo.columnWidths(&tc.t, len(tc.t.head), bodySize, lo.inner())
		var sum float64
		for _, x := range w {
			sum += x
			if x <= 0 {
				t.Errorf("%s: column width %v", tc.name, x)
			}
		}
		if sum < lo.inner()-0.01 || sum > lo.inner()+0.01 {
			t.Errorf("%s: widths add up to %v, want the page's %v", tc.name, sum, lo.inner())
		}
		if tc.name == "wide" && w[0] >= w[1] {
			t.Errorf("wide: the ID column (%v) is not narrower than the description (%v)", w[0], w[1])
		}
	}
}

func TestTruncate(t *testing.T) {
	lo := newLayout(testMeasurer(t), 595, 842)
	if got := lo.truncate(regular, 10, 1000, "short\ntext"); got != "short text" {
		t.Errorf("truncate = %q", got)
	}
	long := strings.Repeat("word ", 1000)
	got := lo.truncate(regular, 10, 100, long)
	if !strings.HasSuffix(got, "…") || lo.m.width(regular, 10, got) > 100 {
		t.Errorf("truncate to 100pt = %q (%.1fpt)", got, lo.m.width(regular, 10, got))
	}
}

// TestKeepTogether checks that a table marked keep moves whole to the next
// page when it does not fit on this one, and that one without starts here.
func TestKeepTogether(t *testing.T) {
	for _, keep := range []bool{false, true} {
		lo := newLayout(testMeasurer(t), 595, 842)
		lo.newPage()
		lo.y = lo.bottom() - 100
		tb := &table{caption: "record", widths: []float64{1, 3}, keep: keep}
		for i := range 10 {
			tb.rows = append(tb.rows, []string{"field", fmt.Sprint("value ", i)})
		}
		lo.table(tb)
		texts := pageTexts(lo)
		onFirst := slices.Contains(texts[0], "value 0")
		if len(texts) != 2 || onFirst == keep || !slices.Contains(texts[1], "value 9") {
			t.Errorf("keep %v: pages hold %q", keep, texts)
		}
		if !keep && !slices.Contains(texts[1], "record (continued)") {
			t.Errorf("keep %v: the caption is not repeated on page 2: %q", keep, texts[1])
		}
	}
}
