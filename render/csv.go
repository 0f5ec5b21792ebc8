package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/soupkit/soupkit/soup"
)

// CSV renders comma-separated values as RFC 4180 describes them (CRLF
// line ends, fields quoted where needed), in UTF-8 with a byte order mark
// by default, because without it Microsoft Excel reads the file in the
// system's legacy code page and garbles every non-ASCII name.
//
// By default the file is the whole document, one section after another
// like the other formats: a record with the title, one with the status
// (DRAFT while a finding at error level is open), then for each section
// of the [View] a record with its title, one with its note, the heading
// record and the rows, and an empty record between sections. Every record
// has the same number of fields (the widest table's), padded with empty
// fields, so that every spreadsheet program and CSV reader accepts it.
// TableOnly writes just the SOUP table, for programs that read the file.
//
// The values of a multi-valued cell are joined by newlines inside the
// quoted field. Every field is neutralised with [SafeCell] against formula
// injection.
type CSV struct {
	// TableOnly writes only the SOUP table: the heading record and one
	// record per item, without document control or other sections. When
	// the list has removed items, they follow the others, and a last
	// column, Removed, says "yes" for them.
	TableOnly bool
	// NoBOM leaves out the UTF-8 byte order mark.
	NoBOM bool
}

// Render implements [Renderer].
func (c CSV) Render(w io.Writer, l *soup.List, opts *Options) error {
	v, err := NewView(l, opts)
	if err != nil {
		return err
	}
	var records [][]string
	add := func(fields ...string) { records = append(records, fields) }
	table := func(t *Table) {
		add(t.Headings...)
		for _, r := range t.Rows {
			fields := make([]string, len(r.Cells))
			for i, cell := range r.Cells {
				fields[i] = cell.String()
			}
			add(fields...)
		}
	}
	if c.TableOnly {
		table(v.Items)
		if v.Removed != nil {
			// Removed items are not dropped: they follow, marked in an
			// extra column.
			records[0] = append(records[0], "Removed")
			for i := 1; i < len(records); i++ {
				records[i] = append(records[i], "")
			}
			for _, r := range v.Removed.Rows {
				fields := make([]string, 0, len(r.Cells)+1)
				for _, cell := range r.Cells {
					fields = append(fields, cell.String())
				}
				add(append(fields, "yes")...)
			}
		}
	} else {
		add(v.Title)
		add("Status", v.Status)
		for _, t := range v.Tables() {
			add()
			add(t.Title)
			if t.Note != "" {
				add(t.Note)
			}
			if len(t.Rows) == 0 {
				add(t.Empty)
				continue
			}
			table(t)
		}
	}
	width := 1
	for _, r := range records {
		width = max(width, len(r))
	}

	var b bytes.Buffer
	if !c.NoBOM {
		b.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(&b)
	cw.UseCRLF = true
	row := make([]string, width)
	for _, r := range records {
		for i := range row {
			row[i] = ""
			if i < len(r) {
				row[i] = SafeCell(r[i])
			}
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("render: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("render: csv: %w", err)
	}
	return write(w, "csv", b.Bytes())
}
