package pdf

import (
	"strings"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

// maxColumns is the most columns an item table has before its items are
// laid out as records instead: a field per line, an item after another.
const maxColumns = 12

type tableLayout int

const (
	asTable tableLayout = iota + 1
	asRecords
)

// layoutOf says how the item table t is laid out.
func layoutOf(t *render.Table) tableLayout {
	if t != nil && len(t.Headings) > maxColumns {
		return asRecords
	}
	return asTable
}

// Risk-level colours, as in the spreadsheet.
var riskFill = map[soup.RiskLevel]rgb{
	soup.RiskHigh:   {248, 215, 213},
	soup.RiskMedium: {255, 236, 200},
	soup.RiskLow:    {220, 240, 222},
}

// keyValueWidth is the width of the tables of labels and values, such as
// the document control: a portrait page's.
const keyValueWidth = 515

// labelFill is the background of a record's field names.
var labelFill = rgb{242, 244, 247}

// document lays out the view: the title, then each section of the view in
// document order, then the footers.
func document(lo *layout, v *render.View) {
	lo.paragraph(bold, titleSize, black, v.Title)
	if s := subtitle(v.List); s != "" {
		lo.gap(2)
		lo.paragraph(regular, headingSize, grey, s)
	}
	lo.gap(4)
	status := black
	if v.Draft {
		status = draftRed
	}
	lo.paragraph(bold, bodySize+1, status, v.Status)
	lo.gap(6)
	for _, t := range v.Tables() {
		section(lo, v, t)
	}
	if v.Draft {
		lo.headers("DRAFT — not ready for approval")
	}
	lo.footers(strings.Join(nonEmpty(v.Reference, v.Title), " · "))
}

// subtitle names the system the list documents.
func subtitle(l *soup.List) string {
	s := l.System
	name := strings.Join(nonEmpty(s.Name, s.Version), " ")
	if name == "" {
		return ""
	}
	return "SOUP list of " + name + " (IEC 62304)"
}

// section lays out one table of the view under its heading.
func section(lo *layout, v *render.View, t *render.Table) {
	lo.heading(t.Title, 3*bodySize*leading)
	if t.Note != "" {
		lo.paragraph(regular, bodySize, grey, t.Note)
		lo.gap(4)
	}
	if len(t.Rows) == 0 {
		lo.paragraph(regular, bodySize, black, t.Empty)
		return
	}
	switch t.Section {
	case render.SectionItems, render.SectionRemoved:
		if layoutOf(t) == asRecords {
			records(lo, t)
			return
		}
		items(lo, t)
	case render.SectionControl, render.SectionSummary, render.SectionRiskLevels, render.SectionValidation:
		lo.table(&table{head: t.Headings, rows: rows(t), widths: []float64{0.3, 0.7}, maxWidth: keyValueWidth})
	case render.SectionApprovals:
		lo.table(&table{head: t.Headings, rows: rows(t), widths: []float64{0.25, 0.3, 0.15, 0.3}, minHeight: 30})
	default:
		lo.table(&table{head: t.Headings, rows: rows(t)})
	}
}

// items lays out an item table as a table, with its risk levels coloured.
func items(lo *layout, t *render.Table) {
	size := float64(bodySize)
	switch n := len(t.Headings); {
	case n > 9:
		size = 7.5
	case n > 6:
		size = 8
	}
	risk := riskColumn(t)
	lo.table(&table{
		head: t.Headings,
		rows: rows(t),
		size: size,
		fill: func(row, col int) (rgb, bool) {
			if col != risk {
				return rgb{}, false
			}
			if it := t.Rows[row].Item; it != nil {
				c, ok := riskFill[it.RiskLevel]
				return c, ok
			}
			return rgb{}, false
		},
	})
}

// records lays out an item table too wide for the page: each item as a
// table of its own, a field with a value per row, under a caption that
// identifies the item.
func records(lo *layout, t *render.Table) {
	lo.paragraph(regular, bodySize, grey, "Each item is shown with the fields that have a value; "+render.NotDocumented+" marks a field that the class requires and that is empty.")
	lo.gap(4)
	risk := riskColumn(t)
	for _, r := range t.Rows {
		var rows [][]string
		riskRow := -1
		for i, c := range r.Cells {
			if len(c) == 0 {
				continue
			}
			if i == risk {
				riskRow = len(rows)
			}
			rows = append(rows, []string{t.Headings[i], text(c)})
		}
		lo.table(&table{
			caption: caption(r),
			rows:    rows,
			widths:  []float64{0.25, 0.75},
			keep:    true,
			fill: func(row, col int) (rgb, bool) {
				switch {
				case col == 0:
					return labelFill, true
				case row == riskRow && r.Item != nil:
					c, ok := riskFill[r.Item.RiskLevel]
					return c, ok
				}
				return rgb{}, false
			},
		})
		lo.gap(6)
	}
}

// caption identifies the item of row r: its ID, name and version.
func caption(r render.Row) string {
	if it := r.Item; it != nil {
		if s := strings.Join(nonEmpty(it.ID, it.Name, it.Version), "  "); s != "" {
			return s
		}
	}
	for _, c := range r.Cells {
		if len(c) > 0 {
			return c[0]
		}
	}
	return "(unnamed item)"
}

// riskColumn returns the index of t's risk-level column, or -1.
func riskColumn(t *render.Table) int {
	for i, c := range t.Columns {
		if c.Field == render.FieldRiskLevel {
			return i
		}
	}
	return -1
}

// rows returns the cells of t as text.
func rows(t *render.Table) [][]string {
	out := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		row := make([]string, len(r.Cells))
		for j, c := range r.Cells {
			row[j] = text(c)
		}
		out[i] = row
	}
	return out
}

// text writes a cell's values one per line, bulleted when there are
// several, the lines of each value hanging under its bullet.
func text(c render.Cell) string {
	if len(c) < 2 {
		return c.String()
	}
	var b strings.Builder
	for i, v := range c {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• ")
		b.WriteString(strings.ReplaceAll(v, "\n", "\n  "))
	}
	return b.String()
}

// metadataOf returns the PDF metadata of v.
func metadataOf(v *render.View) info {
	return info{title: v.Title, author: v.List.Document.Author, subject: v.Subject, created: v.Date.Time()}
}

func nonEmpty(v ...string) []string {
	var out []string
	for _, s := range v {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
