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
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

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
	b, err := build(v, r.PageSize)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// build returns the workbook of v.
func build(v *render.View, size PageSize) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	wb := &workbook{f: f, v: v, size: size}
	if err := wb.styles(); err != nil {
		return nil, err
	}
	// The document control sheet comes first: it is what a reader and a
	// printout start with.
	if err := f.SetSheetName("Sheet1", SheetControl); err != nil {
		return nil, wb.fail(SheetControl, err)
	}
	if err := wb.controlSheet(); err != nil {
		return nil, err
	}
	if err := wb.itemSheet(SheetItems, v.Items); err != nil {
		return nil, err
	}
	if v.Removed != nil {
		if err := wb.itemSheet(SheetRemoved, v.Removed); err != nil {
			return nil, err
		}
	}
	if v.Findings != nil {
		if err := wb.findingSheet(v.Findings); err != nil {
			return nil, err
		}
	}
	if err := wb.properties(); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return normalize(buf.Bytes(), v.Date.Time())
}

// workbook is a workbook being built.
type workbook struct {
	f    *excelize.File
	v    *render.View
	size PageSize
	// style IDs
	title, heading, head, body, status int
	risk                               map[soup.RiskLevel]int
}

func (wb *workbook) fail(sheet string, err error) error {
	return fmt.Errorf("xlsx: sheet %q: %w", sheet, err)
}

// Fill colours of the heading row and the risk levels (as in the PDF), and
// the colour of the DRAFT mark.
const (
	headFill   = "E1E5EB"
	draftColor = "8B0000"
)

var riskFills = map[soup.RiskLevel]string{
	soup.RiskHigh:   "F8D7D5",
	soup.RiskMedium: "FFECC8",
	soup.RiskLow:    "DCF0DE",
}

func (wb *workbook) styles() error {
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	border := []excelize.Border{
		{Type: "left", Color: "A0A0A0", Style: 1}, {Type: "right", Color: "A0A0A0", Style: 1},
		{Type: "top", Color: "A0A0A0", Style: 1}, {Type: "bottom", Color: "A0A0A0", Style: 1},
	}
	solid := func(c string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
	}
	var err error
	style := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = wb.f.NewStyle(s)
		return id
	}
	wb.title = style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	wb.heading = style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}})
	wb.head = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: solid(headFill), Alignment: wrap, Border: border})
	wb.body = style(&excelize.Style{Alignment: wrap, Border: border})
	if wb.v.Draft {
		wb.status = style(&excelize.Style{Font: &excelize.Font{Bold: true, Color: draftColor}, Fill: solid("FDE2E1")})
	} else {
		wb.status = style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	}
	wb.risk = make(map[soup.RiskLevel]int)
	for _, r := range []soup.RiskLevel{soup.RiskLow, soup.RiskMedium, soup.RiskHigh} {
		wb.risk[r] = style(&excelize.Style{Alignment: wrap, Border: border, Fill: solid(riskFills[r])})
	}
	if err != nil {
		return fmt.Errorf("xlsx: styles: %w", err)
	}
	return nil
}

// itemSheet writes an item table on its own sheet: heading row frozen and
// filtered, widths to fit, risk levels coloured.
func (wb *workbook) itemSheet(sheet string, t *render.Table) error {
	if _, err := wb.f.NewSheet(sheet); err != nil {
		return wb.fail(sheet, err)
	}
	risk := -1
	for i, c := range t.Columns {
		if c.Field == render.FieldRiskLevel {
			risk = i
		}
	}
	return wb.sheetTable(sheet, t, func(row, col int) int {
		if it := t.Rows[row].Item; col == risk && it != nil {
			if s, ok := wb.risk[it.RiskLevel]; ok {
				return s
			}
		}
		return wb.body
	})
}

func (wb *workbook) findingSheet(t *render.Table) error {
	if _, err := wb.f.NewSheet(SheetFindings); err != nil {
		return wb.fail(SheetFindings, err)
	}
	return wb.sheetTable(SheetFindings, t, func(int, int) int { return wb.body })
}

// sheetTable writes the document's status in the first row of sheet and
// t under it, with its heading row frozen and filtered, and prepares the
// sheet for printing.
func (wb *workbook) sheetTable(sheet string, t *render.Table, style func(row, col int) int) error {
	f := wb.f
	w := &writer{wb: wb, sheet: sheet}
	w.text(wb.status, wb.v.Status)
	w.row(wb.head, t.Headings...)
	for i, r := range t.Rows {
		w.cells(r.Cells, func(col int) int { return style(i, col) })
	}
	if len(t.Rows) == 0 && t.Empty != "" {
		w.text(0, t.Empty)
	}
	if w.err != nil {
		return wb.fail(sheet, w.err)
	}
	last, err := excelize.CoordinatesToCellName(len(t.Headings), max(len(t.Rows)+2, 3))
	if err != nil {
		return wb.fail(sheet, err)
	}
	if err := f.AutoFilter(sheet, "A2:"+last, nil); err != nil {
		return wb.fail(sheet, err)
	}
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}},
	}); err != nil {
		return wb.fail(sheet, err)
	}
	widths, err := w.finish()
	if err != nil {
		return wb.fail(sheet, err)
	}
	return wb.print(sheet, widths)
}

// controlSheet writes the title and the document's other sections, one
// under another.
func (wb *workbook) controlSheet() error {
	const sheet = SheetControl
	w := &writer{wb: wb, sheet: sheet}
	w.text(wb.title, wb.v.Title)
	w.text(wb.status, wb.v.Status)
	for _, t := range wb.v.Tables() {
		switch t.Section {
		case render.SectionItems, render.SectionRemoved, render.SectionFindings:
			continue // on sheets of their own
		}
		w.skip()
		w.text(wb.heading, t.Title)
		if t.Note != "" {
			w.text(0, t.Note)
		}
		if len(t.Rows) == 0 {
			w.text(0, t.Empty)
			continue
		}
		w.row(wb.head, t.Headings...)
		for _, r := range t.Rows {
			w.cells(r.Cells, func(int) int { return wb.body })
			if t.Section == render.SectionApprovals {
				w.height(30) // room to sign
			}
		}
	}
	if w.err != nil {
		return wb.fail(sheet, w.err)
	}
	if _, err := w.finish(); err != nil {
		return wb.fail(sheet, err)
	}
	return wb.print(sheet, nil)
}

// print sets up sheet for printing, on the renderer's paper: a table
// (widths, in characters, given) landscape with its heading row repeated,
// one page wide unless that takes the scale below MinScale, then at
// MinScale with its first column repeated on every page; other sheets
// portrait, one page wide. The document is named in the header, pages
// numbered in the footer.
func (wb *workbook) print(sheet string, widths []int) error {
	f := wb.f
	orientation := "portrait"
	size := 9 // A4, in the numbering of the XLSX standard
	if wb.size == Letter {
		size = 1
	}
	opts := &excelize.PageLayoutOptions{Orientation: &orientation, Size: &size}
	fit := true
	if widths != nil {
		orientation = "landscape"
		titles := "'" + sheet + "'!$1:$2" // the status and heading rows
		if scale := fitScale(widths, wb.size); scale < MinScale {
			fit = false
			s := uint(MinScale)
			opts.AdjustTo = &s
			order := "overThenDown"
			opts.PageOrder = &order
			titles = "'" + sheet + "'!$A:$A," + titles
		}
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: sheet,
		}); err != nil {
			return wb.fail(sheet, err)
		}
	}
	if fit {
		one, zero := 1, 0
		opts.FitToWidth, opts.FitToHeight = &one, &zero
	}
	if err := f.SetPageLayout(sheet, opts); err != nil {
		return wb.fail(sheet, err)
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return wb.fail(sheet, err)
	}
	left := wb.v.Reference
	header := "&L" + headerText(wb.v.Title, 200)
	if wb.v.Draft {
		header = "&L" + headerText(wb.v.Title, 150) + `&C&"-,Bold"&K` + draftColor + "DRAFT"
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: header,
		OddFooter: "&L" + headerText(left, 150) + "&RPage &P of &N",
	}); err != nil {
		return wb.fail(sheet, err)
	}
	return nil
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

// properties sets the document properties: fixed, and dated with the
// document date.
func (wb *workbook) properties() error {
	date := wb.v.Date.Time()
	if date.IsZero() {
		date = epoch
	}
	stamp := date.UTC().Format(time.RFC3339)
	l := wb.v.List
	if err := wb.f.SetDocProps(&excelize.DocProperties{
		Title:          wb.v.Title,
		Subject:        wb.v.Subject,
		Creator:        "soupkit",
		LastModifiedBy: "soupkit",
		Identifier:     l.Document.ID,
		Revision:       l.Document.Revision,
		Keywords:       "SOUP, IEC 62304",
		Created:        stamp,
		Modified:       stamp,
	}); err != nil {
		return fmt.Errorf("xlsx: document properties: %w", err)
	}
	if err := wb.f.SetAppProps(&excelize.AppProperties{Application: "soupkit"}); err != nil {
		return fmt.Errorf("xlsx: application properties: %w", err)
	}
	return nil
}

// writer writes rows down a sheet and keeps the widest line of each column
// to size the columns. It keeps the first error.
type writer struct {
	wb    *workbook
	sheet string
	r     int              // rows written
	col   int              // column being written, from 0
	wide  []int            // widest line per column, in characters
	rows  map[int]*rowInfo // the rows of tables, by number
	err   error
}

// Column widths, in characters.
const (
	minWidth = 8
	maxWidth = 60
)

func (w *writer) skip() { w.r++ }

// row writes a row of a table: single values, all in style s.
func (w *writer) row(s int, values ...string) {
	cells := make([]render.Cell, len(values))
	for i, v := range values {
		if v != "" {
			cells[i] = render.Cell{v}
		}
	}
	w.cells(cells, func(int) int { return s })
}

// text writes a line of text (a title, a note) in the first column, in
// style s (0: none); it does not widen the column.
func (w *writer) text(s int, text string) {
	w.r++
	w.col = 0
	w.put(s, render.SafeCell(text), false)
}

// cells writes a row of a table, each value of a cell on a line of its
// own, and widens the columns to fit.
func (w *writer) cells(cells []render.Cell, style func(col int) int) {
	w.r++
	for i, c := range cells {
		w.col = i
		w.put(style(i), value(c), true)
	}
}

// put writes text in column w.col of row w.r.
func (w *writer) put(s int, text string, measure bool) {
	if w.err != nil {
		return
	}
	name, err := excelize.CoordinatesToCellName(w.col+1, w.r)
	if err != nil {
		w.err = err
		return
	}
	if text != "" {
		if err := w.wb.f.SetCellStr(w.sheet, name, text); err != nil {
			w.err = err
			return
		}
	}
	if s != 0 {
		if err := w.wb.f.SetCellStyle(w.sheet, name, name, s); err != nil {
			w.err = err
			return
		}
	}
	if measure {
		for len(w.wide) <= w.col {
			w.wide = append(w.wide, 0)
		}
		for line := range strings.SplitSeq(text, "\n") {
			w.wide[w.col] = max(w.wide[w.col], utf8.RuneCountInString(line))
		}
		if w.rows == nil {
			w.rows = make(map[int]*rowInfo)
		}
		ri := w.rows[w.r]
		if ri == nil {
			ri = &rowInfo{}
			w.rows[w.r] = ri
		}
		ri.cells = append(ri.cells, text)
	}
}

// rowInfo is what sizing needs of a row of a table.
type rowInfo struct {
	cells     []string // the text of each cell
	minHeight float64  // in points; zero means none
}

// height asks for at least points of height for the last row written.
func (w *writer) height(points float64) {
	if ri := w.rows[w.r]; ri != nil {
		ri.minHeight = points
	}
}

// Row heights, in points: spreadsheet programs do not fit the height of a
// row of wrapped text when they open a file, so the writer sets it.
const (
	lineHeight = 15
	maxHeight  = 409 // the most a row can be
)

// finish sizes each column to its widest line, within limits, and each row
// of a table to its cells' lines as they wrap in those columns. It returns
// the widths.
func (w *writer) finish() ([]int, error) {
	widths := make([]int, len(w.wide))
	for i, n := range w.wide {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return nil, err
		}
		widths[i] = min(max(n+2, minWidth), maxWidth)
		if err := w.wb.f.SetColWidth(w.sheet, col, col, float64(widths[i])); err != nil {
			return nil, err
		}
	}
	for _, r := range slices.Sorted(maps.Keys(w.rows)) {
		ri := w.rows[r]
		lines := 1
		for i, text := range ri.cells {
			lines = max(lines, wrappedLines(text, widths[i]-1))
		}
		h := max(float64(lines)*lineHeight, ri.minHeight)
		if h <= lineHeight {
			continue
		}
		if err := w.wb.f.SetRowHeight(w.sheet, r, min(h, maxHeight)); err != nil {
			return nil, err
		}
	}
	return widths, nil
}

// wrappedLines estimates how many lines text takes in a column width
// characters wide.
func wrappedLines(text string, width int) int {
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		n += max(1, (utf8.RuneCountInString(line)+width-1)/width)
	}
	return n
}

// maxCell is the most characters (UTF-16 code units) a cell holds.
const maxCell = excelize.TotalCellChars

// value returns the text of a cell: its values one per line, neutralised
// against formula injection, and cut with a visible mark if it is longer
// than a cell can hold (excelize would cut it silently).
func value(c render.Cell) string {
	s := render.SafeCell(c.String())
	if utf16Len(s) <= maxCell {
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
