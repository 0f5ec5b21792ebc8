// Package xlsx renders a SOUP list as an Office Open XML workbook (.xlsx)
// for quality teams that keep their records in spreadsheets.
//
// [Renderer] implements render.Renderer. It lays out the format-neutral
// [render.View] of the list on three kinds of sheet:
//
//   - "SOUP List": the document's status in the first row, then the SOUP
//     table, one item per row, with a bold heading row that stays in view
//     (frozen with the status) and filters (autofilter), column
//     widths to fit the content, long and multi-valued cells wrapped (one
//     value per line) and the risk-level cells coloured; "Removed Items"
//     holds the items marked removed the same way, when there are any;
//   - "Findings": the validation findings, when the options give them;
//   - "Document Control": the title, document control, approval block
//     (lines to sign), evidence of origin, summary and risk-level
//     definitions.
//
// While a finding at error level is open, every printed page of every
// sheet carries DRAFT in its header, and the status row says why.
//
// Every cell is written as a string, never as a formula, and is
// neutralised with render.SafeCell, so that a hostile component name such
// as =HYPERLINK(…) stays text here and in any CSV exported from it.
//
// The output is deterministic: the document properties (creator "soupkit",
// creation and modification dates from the document date, never the
// clock) and the zip archive (entry order and times) depend only on the
// list and the options.
//
// A program adds the renderer to the registry it holds:
//
//	reg := render.Builtin()
//	err := reg.Register("xlsx", xlsx.Renderer{})
package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

// Renderer renders a SOUP list as an XLSX workbook: the document control
// sheet first, then the SOUP items, the removed items and the findings,
// each on a sheet of its own. The columns, sections and order are those of
// render.Options.
//
// The sheets are set up for printing: landscape tables with the heading
// row repeated on every page, columns sized to their text (within limits),
// one page wide as long as that keeps the text at a readable size
// (MinScale); a wider table is printed at that scale across several pages,
// with its first column repeated on each.
type Renderer struct {
	// PageSize is the paper size; zero means [A4].
	PageSize PageSize
}

// PageSize is a paper size.
type PageSize int

// The paper sizes.
const (
	A4     PageSize = iota + 1 // 210 × 297 mm
	Letter                     // US Letter, 8.5 × 11 in
)

// MinScale is the smallest print scale, in percent, that fitting a table
// to the page width may use: 11-point text stays above 6.5 points.
const MinScale = 60

// The sheet names.
const (
	SheetItems    = "SOUP List"
	SheetRemoved  = "Removed Items"
	SheetFindings = "Findings"
	SheetControl  = "Document Control"
)

// Render writes l as an XLSX workbook to w. It implements render.Renderer;
// opts chooses the columns, sections and order as for every renderer (nil
// means defaults). Nothing is written when it fails.
func (r Renderer) Render(w io.Writer, l *soup.List, opts *render.Options) error {
	v, err := render.NewView(l, opts)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	var buf bytes.Buffer
	if err := write(&buf, layOut(v, r.PageSize)); err != nil {
		return err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// book is a workbook laid out, ready to be written: its sheets in order
// (the first is active) and its document properties.
type book struct {
	v      *render.View
	size   PageSize
	sheets []*sheet
}

// sheet is a sheet laid out: its rows, column widths and print setup.
type sheet struct {
	name string
	rows []row // in ascending order of number; numbers may skip
	cols []int // column widths in characters, from column A
	// table, when set, is the number of columns of the table whose
	// heading is row 2: it is filtered, frozen with the status row above
	// it and printed in landscape.
	table    int
	lastRow  int // the last row of the table, for its filter
	fit      bool
	titles   string // print titles; "" means none
	header   string // the page header and footer, with their codes
	footer   string
	portrait bool
}

// row is a row of a sheet.
type row struct {
	num    int
	cells  []cell
	height float64 // in points; zero means the default
}

// cell is a cell of a row: its text, as written (neutralised and cut), and
// its style.
type cell struct {
	style int
	text  string
}

// The styles, by their index in the style sheet's cellXfs.
const (
	styleNone = iota
	styleTitle
	styleHeading
	styleHead
	styleBody
	styleStatus
	styleLow
	styleMedium
	styleHigh
)

var riskStyles = map[soup.RiskLevel]int{
	soup.RiskLow:    styleLow,
	soup.RiskMedium: styleMedium,
	soup.RiskHigh:   styleHigh,
}

// layOut lays v out on sheets: the document control sheet first (it is
// what a reader and a printout start with), then the items, the removed
// items and the findings.
func layOut(v *render.View, size PageSize) *book {
	b := &book{v: v, size: size}
	b.sheets = append(b.sheets, b.controlSheet())
	b.sheets = append(b.sheets, b.itemSheet(SheetItems, v.Items))
	if v.Removed != nil {
		b.sheets = append(b.sheets, b.itemSheet(SheetRemoved, v.Removed))
	}
	if v.Findings != nil {
		b.sheets = append(b.sheets, b.tableSheet(SheetFindings, v.Findings, func(int, int) int { return styleBody }))
	}
	for _, s := range b.sheets {
		b.print(s)
	}
	return b
}

// itemSheet lays out an item table on its own sheet, its risk levels
// coloured.
func (b *book) itemSheet(name string, t *render.Table) *sheet {
	risk := -1
	for i, c := range t.Columns {
		if c.Field == render.FieldRiskLevel {
			risk = i
		}
	}
	return b.tableSheet(name, t, func(row, col int) int {
		if it := t.Rows[row].Item; col == risk && it != nil {
			if s, ok := riskStyles[it.RiskLevel]; ok {
				return s
			}
		}
		return styleBody
	})
}

// tableSheet lays out the document's status in the first row of a sheet
// and t under it, with its heading row frozen and filtered.
func (b *book) tableSheet(name string, t *render.Table, style func(row, col int) int) *sheet {
	w := &writer{s: &sheet{name: name, table: len(t.Headings)}}
	w.text(styleStatus, b.v.Status)
	w.row(styleHead, t.Headings...)
	for i, r := range t.Rows {
		w.cells(r.Cells, func(col int) int { return style(i, col) })
	}
	if len(t.Rows) == 0 && t.Empty != "" {
		w.text(styleNone, t.Empty)
	}
	w.s.lastRow = max(len(t.Rows)+2, 3)
	w.finish()
	return w.s
}

// controlSheet lays out the title and the document's other sections, one
// under another.
func (b *book) controlSheet() *sheet {
	w := &writer{s: &sheet{name: SheetControl}}
	w.text(styleTitle, b.v.Title)
	w.text(styleStatus, b.v.Status)
	for _, t := range b.v.Tables() {
		switch t.Section {
		case render.SectionItems, render.SectionRemoved, render.SectionFindings:
			continue // on sheets of their own
		}
		w.skip()
		w.text(styleHeading, t.Title)
		if t.Note != "" {
			w.text(styleNone, t.Note)
		}
		if len(t.Rows) == 0 {
			w.text(styleNone, t.Empty)
			continue
		}
		w.row(styleHead, t.Headings...)
		for _, r := range t.Rows {
			w.cells(r.Cells, func(int) int { return styleBody })
			if t.Section == render.SectionApprovals {
				w.height(30) // room to sign
			}
		}
	}
	w.finish()
	return w.s
}

// print sets s up for printing, on the book's paper: a table landscape
// with its heading row repeated, one page wide unless that takes the
// scale below MinScale, then at MinScale with its first column repeated on
// every page; other sheets portrait, one page wide. The document is named
// in the header, pages numbered in the footer.
func (b *book) print(s *sheet) {
	s.portrait, s.fit = true, true
	if s.table > 0 {
		s.portrait = false
		s.titles = quoteSheet(s.name) + "!$1:$2" // the status and heading rows
		if fitScale(s.cols, b.size) < MinScale {
			s.fit = false
			s.titles = quoteSheet(s.name) + "!$A:$A," + s.titles
		}
	}
	s.header = "&L" + headerText(b.v.Title, 200)
	if b.v.Draft {
		s.header = "&L" + headerText(b.v.Title, 150) + `&C&"-,Bold"&K` + draftColor + "DRAFT"
	}
	s.footer = "&L" + headerText(b.v.Reference, 150) + "&RPage &P of &N"
}

// quoteSheet quotes a sheet name for a reference.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// fitScale returns the scale, in percent, at which columns of the given
// widths (in characters of the default font) fit the width of a landscape
// page of the given size between the default margins (0.7 in each side).
func fitScale(widths []int, size PageSize) int {
	px := 0
	for _, w := range widths {
		px += 7*w + 5 // Excel's column width in pixels at 96 dpi
	}
	if px == 0 {
		return 100
	}
	page := 11.69 // A4 landscape, inches
	if size == Letter {
		page = 11
	}
	printable := (page - 1.4) * 96
	return min(100, int(100*printable/float64(px)))
}

// writer lays rows out down a sheet and keeps the widest line of each
// column to size the columns.
type writer struct {
	s        *sheet
	r        int   // rows written
	wide     []int // widest line per column, in characters
	measured []int // indexes in s.rows of the rows of tables
	minH     []float64
}

// Column widths, in characters.
const (
	minWidth = 8
	maxWidth = 60
)

func (w *writer) skip() { w.r++ }

// row writes a row of a table: single values, all in style s.
func (w *writer) row(s int, values ...string) {
	w.r++
	cells := make([]cell, len(values))
	for i, v := range values {
		cells[i] = cell{style: s, text: render.SafeCell(v)}
	}
	w.table(cells)
}

// text writes a line of text (a title, a note) in the first column, in
// style s (styleNone: none); it does not widen the column.
func (w *writer) text(s int, text string) {
	w.r++
	w.s.rows = append(w.s.rows, row{num: w.r, cells: []cell{{style: s, text: render.SafeCell(text)}}})
}

// cells writes a row of a table, each value of a cell on a line of its
// own, and widens the columns to fit.
func (w *writer) cells(cs []render.Cell, style func(col int) int) {
	w.r++
	cells := make([]cell, len(cs))
	for i, c := range cs {
		cells[i] = cell{style: style(i), text: value(c)}
	}
	w.table(cells)
}

// table adds a row of a table, measured.
func (w *writer) table(cells []cell) {
	for len(w.wide) < len(cells) {
		w.wide = append(w.wide, 0)
	}
	for i, c := range cells {
		w.wide[i] = max(w.wide[i], widestLine(c.text))
	}
	w.measured = append(w.measured, len(w.s.rows))
	w.minH = append(w.minH, 0)
	w.s.rows = append(w.s.rows, row{num: w.r, cells: cells})
}

// height asks for at least points of height for the last row written.
func (w *writer) height(points float64) {
	if n := len(w.measured); n > 0 && w.measured[n-1] == len(w.s.rows)-1 {
		w.minH[n-1] = points
	}
}

// Row heights, in points: spreadsheet programs do not fit the height of a
// row of wrapped text when they open a file, so the writer sets it.
const (
	lineHeight = 15
	maxHeight  = 409 // the most a row can be
)

// finish sizes each column to its widest line, within limits, and each row
// of a table to its cells' lines as they wrap in those columns.
func (w *writer) finish() {
	widths := make([]int, len(w.wide))
	for i, n := range w.wide {
		widths[i] = min(max(n+2, minWidth), maxWidth)
	}
	w.s.cols = widths
	for k, i := range w.measured {
		r := &w.s.rows[i]
		lines := 1
		for j, c := range r.cells {
			lines = max(lines, wrappedLines(c.text, widths[j]-1))
		}
		h := max(float64(lines)*lineHeight, w.minH[k])
		if h > lineHeight {
			r.height = min(h, maxHeight)
		}
	}
}

// wrappedLines estimates how many lines text takes in a column width
// characters wide.
func wrappedLines(text string, width int) int {
	lines, n := 0, 0
	for i := 0; i < len(text); {
		c := text[i]
		if c == '\n' {
			lines += max(1, (n+width-1)/width)
			n = 0
			i++
			continue
		}
		if c < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		n++
	}
	return lines + max(1, (n+width-1)/width)
}

// widestLine returns the number of characters of the longest line of
// text.
func widestLine(text string) int {
	n, widest := 0, 0
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n':
			widest = max(widest, n)
			n = 0
			i++
			continue
		case c < utf8.RuneSelf:
			i++
		default:
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		n++
	}
	return max(widest, n)
}

// maxCell is the most characters (UTF-16 code units) a cell holds.
const maxCell = 32767

// value returns the text of a cell: its values one per line, neutralised
// against formula injection, and cut with a visible mark if it is longer
// than a cell can hold (a spreadsheet program would cut it silently).
func value(c render.Cell) string {
	s := render.SafeCell(c.String())
	if len(s) <= maxCell || utf16Len(s) <= maxCell { // no more UTF-16 units than bytes
		return s
	}
	const mark = "… [truncated: too long for a spreadsheet cell]"
	limit := maxCell - utf16Len(mark)
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > limit {
			return s[:i] + mark
		}
	}
	return s
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// headerText escapes s for a page header or footer, where & starts a
// code, and cuts it to at most n UTF-16 code units, marking the cut.
func headerText(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if e := strings.ReplaceAll(s, "&", "&&"); utf16Len(e) <= n {
		return e
	}
	var b strings.Builder
	used := 1 // for the ellipsis
	for _, r := range s {
		e := string(r)
		if r == '&' {
			e = "&&"
		}
		if used += utf16Len(e); used > n {
			break
		}
		b.WriteString(e)
	}
	return b.String() + "…"
}
