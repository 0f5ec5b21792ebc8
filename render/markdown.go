package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// Markdown renders GitHub-flavoured Markdown: a level-one heading with the
// title, a level-two heading with the document's status (repeated at the
// end while the document is a DRAFT), then each section of the [View] as a level-two heading, its note
// and a pipe table (or its empty sentence). Every text is escaped with
// [EscapeMarkdown], so no cell can break its table or inject markup, and
// every row has as many cells as the heading row.
type Markdown struct {
	// NoHTML avoids raw HTML for Markdown processors that drop it (some
	// Markdown-to-PDF tool chains): the values of a cell are joined by "; "
	// and newlines become spaces. By default values and lines are joined
	// by <br>, which GitHub renders as a line break in a table cell.
	NoHTML bool
}

// Render implements [Renderer].
func (m Markdown) Render(w io.Writer, l *soup.List, opts *Options) error {
	v, lazy, err := newLazyView(l, opts)
	if err != nil {
		return err
	}
	// Written as it goes, through a buffer: no copy of the whole document,
	// and the rows of the SOUP table made one at a time.
	b := bufio.NewWriterSize(w, 64<<10)
	b.WriteString("# ")
	m.write(b, v.Title)
	b.WriteString("\n\n## Status: ")
	m.write(b, v.Status)
	b.WriteString("\n")
	for _, t := range v.Tables() {
		b.WriteString("\n## ")
		m.write(b, t.Title)
		b.WriteString("\n\n")
		if t.Note != "" {
			m.write(b, t.Note)
			b.WriteString("\n\n")
		}
		rows := lazy[t]
		if len(t.Rows) == 0 && (rows == nil || len(rows.items) == 0) {
			m.write(b, t.Empty)
			b.WriteString("\n")
			continue
		}
		b.WriteString("|")
		for _, h := range t.Headings {
			b.WriteString(" ")
			m.write(b, h)
			b.WriteString(" |")
		}
		b.WriteString("\n|")
		for range t.Headings {
			b.WriteString(" --- |")
		}
		b.WriteString("\n")
		if rows != nil {
			rows.each(func(r *Row) bool { m.row(b, len(t.Headings), r); return true })
			continue
		}
		for i := range t.Rows {
			m.row(b, len(t.Headings), &t.Rows[i])
		}
	}
	if v.Draft {
		b.WriteString("\n## Status: ")
		m.write(b, v.Status)
		b.WriteString("\n")
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("render: markdown: write: %w", err)
	}
	return nil
}

// row writes a table row of n cells: r's, escaped, empty where r has
// fewer.
func (m Markdown) row(b *bufio.Writer, n int, r *Row) {
	b.WriteString("|")
	for i := range n {
		b.WriteString(" ")
		if i < len(r.Cells) {
			m.cell(b, r.Cells[i])
		}
		b.WriteString(" |")
	}
	b.WriteString("\n")
}

// write writes one value, escaped.
func (m Markdown) write(b io.StringWriter, s string) {
	for _, p := range escapeMarkdownParts(m.noHTML(s)) {
		b.WriteString(p)
	}
}

// cell writes the values of a cell, escaped and joined.
func (m Markdown) cell(b io.StringWriter, c Cell) {
	sep := "<br>"
	if m.NoHTML {
		sep = "; "
	}
	for i, s := range c {
		if i > 0 {
			b.WriteString(sep)
		}
		m.write(b, s)
	}
}

// cellText returns the values of a cell, escaped and joined, as the table
// cell writes them.
func (m Markdown) cellText(c Cell) string {
	if len(c) == 1 {
		p := escapeMarkdownParts(m.noHTML(c[0]))
		if p[0] == "" && p[2] == "" {
			return p[1]
		}
	}
	var b strings.Builder
	m.cell(&b, c)
	return b.String()
}

// noHTML replaces newlines with spaces when m avoids HTML.
func (m Markdown) noHTML(s string) string {
	if m.NoHTML {
		return strings.ReplaceAll(s, "\n", " ")
	}
	return s
}
