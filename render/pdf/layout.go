package pdf

import (
	"cmp"
	"fmt"
	"math"
	"strings"
)

// The layout lays the document out on pages of drawing operations, in
// points from the page's top left corner. Only when every page is laid out
// is the page count known, so that the footers ("Page N of M") come last
// and the PDF is written from the finished pages (see write.go).

// rgb is a colour.
type rgb struct{ r, g, b uint8 }

var (
	black      = rgb{0, 0, 0}
	grey       = rgb{90, 90, 90}
	rule       = rgb{150, 150, 150}
	headerFill = rgb{225, 229, 235}
)

type opKind int

const (
	opText opKind = iota + 1
	opFill
	opLine
)

// op is one drawing operation. Text is drawn with its baseline at y; a fill
// covers the rectangle x, y, w, h; a line runs from x, y to x+w, y+h.
type op struct {
	kind       opKind
	x, y, w, h float64
	text       string
	style      style
	size       float64
	color      rgb
}

type page struct {
	ops      []op
	marks    []mark // bookmarks to places on the page
	contents []int  // the content streams written, by object number
}

// mark is a bookmark (an entry of the PDF's outline) to the place y
// points from the top of a page.
type mark struct {
	title string
	y     float64
}

// Text sizes and spacing, in points.
const (
	titleSize   = 16
	headingSize = 11
	bodySize    = 9
	footerSize  = 7.5
	leading     = 1.25 // line height as a multiple of the text size
	padX        = 3    // cell padding, left and right
	padY        = 2.5  // cell padding, top and bottom
	ruleWidth   = 0.4
)

// layout is a document being laid out.
type layout struct {
	m             *measurer
	width, height float64 // page size
	margin        float64
	footer        float64 // height reserved at the bottom for the footer
	pages         []*page
	y             float64 // top of the free space on the last page
	// sink, when set, is given each page as soon as the next one starts,
	// and writes and drops its drawing operations; it keeps the first
	// error in err.
	sink *pdfWriter
	err  error
}

func newLayout(m *measurer, width, height float64) *layout {
	return &layout{m: m, width: width, height: height, margin: 40, footer: 24}
}

func (lo *layout) left() float64   { return lo.margin }
func (lo *layout) inner() float64  { return lo.width - 2*lo.margin }
func (lo *layout) top() float64    { return lo.margin }
func (lo *layout) bottom() float64 { return lo.height - lo.margin - lo.footer }
func (lo *layout) free() float64   { return lo.bottom() - lo.y }

func (lo *layout) page() *page {
	if len(lo.pages) == 0 {
		lo.newPage()
	}
	return lo.pages[len(lo.pages)-1]
}

func (lo *layout) newPage() {
	var ops []op
	if n := len(lo.pages); n > 0 && lo.sink != nil && lo.err == nil {
		// The page is complete but for its footer and header: write it,
		// and draw the next on the same operations.
		p := lo.pages[n-1]
		c, err := lo.sink.contents(p.ops)
		p.contents, lo.err = append(p.contents, c), err
		clear(p.ops) // the strings
		ops, p.ops = p.ops[:0], nil
	}
	lo.pages = append(lo.pages, &page{ops: ops})
	lo.y = lo.top()
}

// need starts a new page unless h points are free on this one.
func (lo *layout) need(h float64) {
	if len(lo.pages) == 0 || (h > lo.free() && lo.y > lo.top()) {
		lo.newPage()
	}
}

func (lo *layout) add(o op) {
	p := lo.page()
	p.ops = append(p.ops, o)
}

// text draws one line of text at x with its top at y.
func (lo *layout) text(x, y float64, s style, size float64, c rgb, line string) {
	if line == "" {
		return
	}
	base := y + (leading-1)/2*size + lo.m.faces[s].ascent*size
	lo.add(op{kind: opText, x: x, y: base, text: line, style: s, size: size, color: c})
}

func (lo *layout) fill(x, y, w, h float64, c rgb) {
	lo.add(op{kind: opFill, x: x, y: y, w: w, h: h, color: c})
}

func (lo *layout) line(x, y, w, h float64, c rgb) {
	lo.add(op{kind: opLine, x: x, y: y, w: w, h: h, color: c})
}

// paragraph draws wrapped text across the page; it breaks across pages
// between lines.
func (lo *layout) paragraph(s style, size float64, c rgb, text string) {
	lh := size * leading
	for _, l := range lo.m.wrap(s, size, lo.inner(), text) {
		lo.need(lh)
		lo.text(lo.left(), lo.y, s, size, c, l)
		lo.y += lh
	}
}

// heading starts a section: it draws its title and bookmarks it. It keeps
// with the next keep points, so that a heading never ends a page.
func (lo *layout) heading(title string, keep float64) {
	lh := headingSize * leading
	if len(lo.pages) > 0 && lo.y > lo.top() {
		lo.y += headingSize * 0.8
	}
	lo.need(lh + keep + 4)
	p := lo.page()
	p.marks = append(p.marks, mark{title, lo.y})
	lo.text(lo.left(), lo.y, bold, headingSize, black, lo.m.clean(bold, title))
	lo.y += lh + 4
}

func (lo *layout) gap(h float64) { lo.y += h }

// footers draws each page's footer: left, then "Page N of M" on the right.
func (lo *layout) footers(left string) {
	left = lo.truncate(regular, footerSize, lo.inner()*0.7, left)
	n := len(lo.pages)
	y := lo.height - lo.margin - footerSize*leading
	base := y + lo.m.faces[regular].ascent*footerSize
	for i, p := range lo.pages {
		p.ops = append(p.ops, op{kind: opLine, x: lo.left(), y: y - 3, w: lo.inner(), color: rule})
		if left != "" {
			p.ops = append(p.ops, op{kind: opText, x: lo.left(), y: base, text: left, size: footerSize, color: grey})
		}
		num := fmt.Sprintf("Page %d of %d", i+1, n)
		x := lo.left() + lo.inner() - lo.m.width(regular, footerSize, num)
		p.ops = append(p.ops, op{kind: opText, x: x, y: base, text: num, size: footerSize, color: grey})
	}
}

// headers draws text at the top of every page, above the margin, in bold
// dark red: the DRAFT mark of a document that is not ready to sign.
func (lo *layout) headers(text string) {
	const size = headingSize
	text = lo.truncate(bold, size, lo.inner(), text)
	base := lo.margin/2 - size/2 + lo.m.faces[bold].ascent*size
	x := lo.left() + (lo.inner()-lo.m.width(bold, size, text))/2
	for _, p := range lo.pages {
		p.ops = append(p.ops, op{kind: opText, x: x, y: base, text: text, style: bold, size: size, color: draftRed})
	}
}

// draftRed is the colour of the DRAFT mark.
var draftRed = rgb{139, 0, 0}

// truncate returns text on one line, cleaned, cut with an ellipsis to fit
// width.
func (lo *layout) truncate(s style, size, width float64, text string) string {
	text = lo.m.clean(s, strings.Join(strings.Fields(text), " "))
	if lo.m.width(s, size, text) <= width {
		return text
	}
	limit := width/size - lo.m.glyph(s, '…').width
	var w float64
	for i, r := range text {
		if w += lo.m.glyph(s, r).width; w > limit {
			return text[:i] + "…"
		}
	}
	return text
}

// table is a table to lay out: a caption and a heading row, both repeated
// on every page the table spans, and rows of cells, each cell wrapped in
// its column.
type table struct {
	// caption, when set, is a bold line across the table's width above
	// the heading row; on later pages it is marked "(continued)".
	caption string
	// head is the heading row; nil means none.
	head []string
	rows [][]string
	// fill, when set, gives a cell's background colour.
	fill func(row, col int) (rgb, bool)
	// widths, when set, are the columns' shares of the page width;
	// otherwise they follow the content.
	widths []float64
	// minHeight is the least height of a row (room to sign, say).
	minHeight float64
	// size is the text size; zero means bodySize.
	size float64
	// maxWidth, when set, limits the table's width; otherwise it spans
	// the page.
	maxWidth float64
	// keep keeps the table on one page when it fits on one.
	keep bool
}

// cellLines is a cell wrapped into its column.
type cellLines []string

// table lays t out at the current position, starting new pages as needed.
// A row that does not fit on the page starts a new one, with the caption
// and heading row repeated; only a row taller than a page breaks, between
// lines.
func (lo *layout) table(t *table) {
	size := cmp.Or(t.size, bodySize)
	lh := size * leading
	ncol := max(len(t.head), 1)
	for _, r := range t.rows {
		ncol = max(ncol, len(r))
	}
	tw := lo.inner() // the table's width
	if t.maxWidth > 0 {
		tw = min(tw, t.maxWidth)
	}
	widths := t.widths
	if widths == nil {
		widths = lo.columnWidths(t, ncol, size, tw)
	} else {
		widths = scale(widths, tw)
	}
	wrapRow := func(s style, cells []string) (lines []cellLines, n int, h float64) {
		lines = make([]cellLines, len(widths))
		n = 1
		for i, w := range widths {
			if i < len(cells) {
				lines[i] = lo.m.wrap(s, size, w-2*padX, cells[i])
				n = max(n, len(lines[i]))
			}
		}
		return lines, n, max(float64(n)*lh+2*padY, t.minHeight)
	}
	var (
		head         []cellLines
		headH        float64
		caption      [2][]string // first and continued
		captionH     float64
		fragTop, top float64 // tops of the table and of its columns on this page
	)
	if t.head != nil {
		head, _, headH = wrapRow(bold, t.head)
	}
	if t.caption != "" {
		for i, c := range []string{t.caption, t.caption + " (continued)"} {
			caption[i] = lo.m.wrap(bold, size, tw-2*padX, c)
			captionH = max(captionH, float64(len(caption[i]))*lh+2*padY)
		}
	}
	room := lo.bottom() - lo.top() - captionH - headH // for rows on a page

	// drawRow draws lines [from, to) of each cell in a row h high.
	drawRow := func(cells []cellLines, s style, from, to int, h float64, fill func(col int) (rgb, bool)) {
		x := lo.left()
		for i, w := range widths {
			if c, ok := fill(i); ok {
				lo.fill(x, lo.y, w, h, c)
			}
			for j := from; j < min(to, len(cells[i])); j++ {
				lo.text(x+padX, lo.y+padY+float64(j-from)*lh, s, size, black, cells[i][j])
			}
			x += w
		}
		lo.y += h
		lo.line(lo.left(), lo.y, tw, 0, rule)
	}
	headFill := func(int) (rgb, bool) { return headerFill, true }
	startFragment := func(cont int) {
		fragTop = lo.y
		lo.line(lo.left(), lo.y, tw, 0, rule)
		if t.caption != "" {
			lo.fill(lo.left(), lo.y, tw, captionH, headerFill)
			for j, l := range caption[cont] {
				lo.text(lo.left()+padX, lo.y+padY+float64(j)*lh, bold, size, black, l)
			}
			lo.y += captionH
			lo.line(lo.left(), lo.y, tw, 0, rule)
		}
		top = lo.y
		if head != nil {
			drawRow(head, bold, 0, math.MaxInt, headH, headFill)
		}
	}
	closeFragment := func() {
		lo.line(lo.left(), fragTop, 0, lo.y-fragTop, rule)
		x := lo.left()
		for _, w := range widths[:len(widths)-1] {
			x += w
			lo.line(x, top, 0, lo.y-top, rule)
		}
		lo.line(lo.left()+tw, fragTop, 0, lo.y-fragTop, rule)
	}
	pageBreak := func() {
		closeFragment()
		lo.newPage()
		startFragment(1)
	}

	type wrapped struct {
		lines []cellLines
		n     int // lines
		h     float64
	}
	// Each row is wrapped once, when it is drawn; only a table kept on
	// one page is wrapped first, to know its height.
	var rows []wrapped
	wrapAt := func(i int) wrapped {
		if rows != nil {
			return rows[i]
		}
		var w wrapped
		w.lines, w.n, w.h = wrapRow(regular, t.rows[i])
		return w
	}
	var next wrapped     // the first row, wrapped to place the table
	first := lh + 2*padY // keep the caption and heading with the first row
	if t.keep {
		rows = make([]wrapped, len(t.rows))
		total := captionH + headH
		for i, cells := range t.rows {
			r := &rows[i]
			r.lines, r.n, r.h = wrapRow(regular, cells)
			total += r.h
		}
		if total <= lo.bottom()-lo.top() {
			first = total - captionH - headH
		} else if len(rows) > 0 {
			first = min(rows[0].h, room)
		}
	} else if len(t.rows) > 0 {
		next = wrapAt(0)
		first = min(next.h, room)
	}
	lo.need(captionH + headH + first)
	startFragment(0)
	for r := range t.rows {
		row := next
		if r > 0 || rows != nil {
			row = wrapAt(r)
		}
		lines, n, h := row.lines, row.n, row.h
		fill := func(col int) (rgb, bool) {
			if t.fill == nil {
				return rgb{}, false
			}
			return t.fill(r, col)
		}
		if h > lo.free() && h <= room {
			pageBreak()
		}
		if h <= lo.free() {
			drawRow(lines, regular, 0, n, h, fill)
			continue
		}
		// Taller than a page: break between lines.
		for from := 0; from < n; {
			fit := int((lo.free() - 2*padY) / lh)
			if fit < 1 && lo.y > top+headH {
				pageBreak()
				continue
			}
			to := min(n, from+max(fit, 1))
			drawRow(lines, regular, from, to, float64(to-from)*lh+2*padY, fill)
			if from = to; from < n {
				pageBreak()
			}
		}
	}
	closeFragment()
}

// scale returns shares scaled to add up to total.
func scale(shares []float64, total float64) []float64 {
	var sum float64
	for _, s := range shares {
		sum += s
	}
	out := make([]float64, len(shares))
	for i, s := range shares {
		out[i] = s / sum * total
	}
	return out
}

// columnWidths shares the page width among t's columns by their content:
// each column gets at least its narrowest sensible width (its heading's
// longest word, its contents' longest word up to a limit) and the rest in
// proportion to how much more its longest line would need.
func (lo *layout) columnWidths(t *table, n int, size, total float64) []float64 {
	least := make([]float64, n)   // narrowest sensible width
	natural := make([]float64, n) // width of the longest line, capped
	wordCap := min(total/float64(n), 90.0)
	lineCap := total * 0.6
	measure := func(s style, i int, text string, capWords bool) {
		line, word := lo.m.extents(s, text)
		natural[i] = max(natural[i], min(line*size, lineCap))
		w := word * size
		if capWords {
			w = min(w, wordCap)
		}
		least[i] = max(least[i], w)
	}
	for i := 0; i < n && i < len(t.head); i++ {
		measure(bold, i, t.head[i], false)
	}
	for _, row := range t.rows {
		for i := 0; i < n && i < len(row); i++ {
			measure(regular, i, row[i], true)
		}
	}
	var sumLeast, sumNatural float64
	for i := range n {
		least[i] += 2*padX + 1
		natural[i] = max(natural[i]+2*padX+1, least[i])
		sumLeast += least[i]
		sumNatural += natural[i]
	}
	switch {
	case sumNatural <= total:
		return scale(natural, total)
	case sumLeast >= total:
		return scale(least, total)
	}
	out := make([]float64, n)
	k := (total - sumLeast) / (sumNatural - sumLeast)
	for i := range n {
		out[i] = least[i] + (natural[i]-least[i])*k
	}
	return out
}

// extents returns the width of the widest line of text and of its widest
// word (between spaces), in em, as wrap draws them at any width: in one
// pass, without drawing the lines.
func (m *measurer) extents(s style, text string) (line, word float64) {
	var w, solid, wd float64 // the line, up to its last character that is not a space, and the word
	for _, r := range text {
		if r == '\n' || r == '\r' {
			line, word = max(line, solid), max(word, wd)
			w, solid, wd = 0, 0, 0
			continue
		}
		g := m.glyph(s, r)
		w += g.width
		if g.r == ' ' {
			word, wd = max(word, wd), 0
			continue
		}
		solid = w
		wd += g.width
	}
	return max(line, solid), max(word, wd)
}
