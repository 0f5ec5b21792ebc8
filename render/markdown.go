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
	v, err := NewView(l, opts)
	if err != nil {
		return err
	}
	// Written as it goes, through a buffer: no copy of the whole document.
	b := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprintf(b, "# %s\n\n## Status: %s\n", m.text(v.Title), m.text(v.Status))
	for _, t := range v.Tables() {
		fmt.Fprintf(b, "\n## %s\n\n", m.text(t.Title))
		if t.Note != "" {
			fmt.Fprintf(b, "%s\n\n", m.text(t.Note))
		}
		if len(t.Rows) == 0 {
			fmt.Fprintf(b, "%s\n", m.text(t.Empty))
			continue
		}
		cells := make([]string, len(t.Headings))
		for i, h := range t.Headings {
			cells[i] = m.text(h)
		}
		m.row(b, cells)
		for i := range cells {
			cells[i] = "---"
		}
		m.row(b, cells)
		for _, r := range t.Rows {
			for i := range cells {
				cells[i] = ""
				if i < len(r.Cells) {
					cells[i] = m.cell(r.Cells[i])
				}
			}
			m.row(b, cells)
		}
	}
	if v.Draft {
		fmt.Fprintf(b, "\n## Status: %s\n", m.text(v.Status))
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("render: markdown: write: %w", err)
	}
	return nil
}

func (m Markdown) row(b *bufio.Writer, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" ")
		b.WriteString(c)
		b.WriteString(" |")
	}
	b.WriteString("\n")
}

// text escapes one value.
func (m Markdown) text(s string) string {
	if m.NoHTML {
		s = strings.ReplaceAll(s, "\n", " ")
	}
	return EscapeMarkdown(s)
}

// cell escapes and joins the values of a cell.
func (m Markdown) cell(c Cell) string {
	sep := "<br>"
	if m.NoHTML {
		sep = "; "
	}
	if len(c) == 1 {
		return m.text(c[0])
	}
	vs := make([]string, len(c))
	for i, s := range c {
		vs[i] = m.text(s)
	}
	return strings.Join(vs, sep)
}
