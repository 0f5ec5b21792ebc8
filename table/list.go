package table

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/soupkit/soupkit/soup"
)

// Options configures [Table.List]. A nil *Options means defaults.
type Options struct {
	// Map maps column headers (as written, compared without regard to
	// case and surrounding space) to fields (see [Fields]), overriding
	// the headers recognised: "Owner" → "manufacturer", "Internal" → "-".
	Map map[string]string
}

// Report says what [Table.List] did with each column and which cells it
// could not read as their field asks (those went to the item's notes).
type Report struct {
	Format Format
	Sheet  string
	// Rows is the number of data rows read, Items the number of items.
	Rows, Items int
	Columns     []Column
	// Problems are the cells that did not fit their field, each kept in
	// the item's notes, and other row-level remarks.
	Problems []Problem
	// IDsAssigned counts the items without an ID, which got a fresh one.
	IDsAssigned int
	// Warnings are about the input as a whole.
	Warnings []string
}

// Column says where the cells of one column went.
type Column struct {
	Header string
	// Field is the field the column filled, Notes or Skip.
	Field string
	// Mapped is set when Options.Map chose the field, rather than the
	// header's name.
	Mapped bool
	// Cells counts the column's non-empty cells.
	Cells int
}

// Problem is a cell that could not be read as its field asks, or another
// remark about a row.
type Problem struct {
	// Place is where the row is: "line 7" of a CSV or Markdown file,
	// "row 7" of a sheet.
	Place   string
	Header  string
	Message string
}

// String formats p as "line 7: Risk Level: …".
func (p Problem) String() string {
	if p.Header == "" {
		return p.Place + ": " + p.Message
	}
	return p.Place + ": " + p.Header + ": " + p.Message
}

// List returns the table as a SOUP list, one item per row. Every
// non-empty cell lands in its column's field, or in the item's notes as
// "Header: value" when the column names no field or the cell cannot be
// read as its field asks (a risk level of "critical", a date of "last
// spring"); the report lists both.
func (t *Table) List(opts *Options) (*soup.List, *Report, error) {
	rep := &Report{Format: t.Format, Sheet: t.Sheet, Rows: len(t.Rows), Warnings: slices.Clone(t.Warnings)}
	mapping := map[string]string{}
	if opts != nil {
		for h, f := range opts.Map {
			field, err := parseField(f)
			if err != nil {
				return nil, nil, fmt.Errorf("table: map %q: %w", h, err)
			}
			mapping[strings.ToLower(strings.TrimSpace(h))] = field
		}
	}
	used := map[string]bool{}
	for _, h := range t.Header {
		c := Column{Header: strings.TrimSpace(h)}
		if f, ok := mapping[strings.ToLower(c.Header)]; ok {
			c.Field, c.Mapped = f, true
			used[strings.ToLower(c.Header)] = true
		} else if c.Field = MatchHeader(h); c.Field == "" {
			c.Field = Notes
		}
		rep.Columns = append(rep.Columns, c)
	}
	for h := range mapping {
		if !used[h] {
			return nil, nil, fmt.Errorf("table: map: no column %q", h)
		}
	}
	if !slices.ContainsFunc(rep.Columns, func(c Column) bool { return c.Field == "name" }) {
		var hs []string
		for _, c := range rep.Columns {
			hs = append(hs, fmt.Sprintf("%q", c.Header))
		}
		return nil, nil, fmt.Errorf("%w: no column names the items (headers: %s); name one with Options.Map (soup import -map HEADER=name)", ErrNoTable, strings.Join(hs, ", "))
	}
	// A field filled by two columns: the second goes to the notes, unless
	// it is text that can be joined.
	seen := map[string]int{}
	for i := range rep.Columns {
		c := &rep.Columns[i]
		if c.Field == Notes || c.Field == Skip || joinable[c.Field] || isList(c.Field) {
			continue
		}
		if j, dup := seen[c.Field]; dup {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("columns %q and %q both name %s: %q goes to the notes", rep.Columns[j].Header, c.Header, c.Field, c.Header))
			c.Field = Notes
			continue
		}
		seen[c.Field] = i
	}
	l := &soup.List{Items: []soup.Item{}}
	ids := map[string]bool{}
	for r, row := range t.Rows {
		line := fmt.Sprintf("line %d", r+2)
		if r < len(t.Line) {
			line = fmt.Sprintf("line %d", t.Line[r])
		}
		if t.Format == XLSX {
			line = strings.Replace(line, "line", "row", 1)
		}
		var it soup.Item
		var notes []string
		for c, col := range rep.Columns {
			v := strings.TrimSpace(strings.ReplaceAll(cell(row, c), "\r\n", "\n"))
			if v == "" {
				continue
			}
			rep.Columns[c].Cells++
			switch col.Field {
			case Skip:
				continue
			case Notes:
				notes = append(notes, noteLine(col.Header, v))
				continue
			}
			if err := set(&it, col.Field, v); err != nil {
				rep.Problems = append(rep.Problems, Problem{Place: line, Header: col.Header, Message: err.Error() + "; kept in notes"})
				notes = append(notes, noteLine(col.Header, v))
			}
		}
		if it.ID != "" {
			if ids[it.ID] {
				rep.Problems = append(rep.Problems, Problem{Place: line, Message: fmt.Sprintf("ID %s is used by an earlier row: the item gets a fresh ID; the old one is kept in notes", it.ID)})
				notes = append(notes, noteLine("ID", it.ID))
				it.ID = ""
			} else {
				ids[it.ID] = true
			}
		}
		if it.Name == "" {
			rep.Problems = append(rep.Problems, Problem{Place: line, Message: "no name: imported as is; check will ask for one"})
		}
		it.Notes = strings.Join(append(nonEmpty(it.Notes), notes...), "\n")
		l.Items = append(l.Items, it)
	}
	rep.IDsAssigned = l.AssignIDs()
	rep.Items = len(l.Items)
	return l, rep, nil
}

// noteLine formats a cell kept in the notes.
func noteLine(header, v string) string {
	if header == "" {
		header = "(no header)"
	}
	return header + ": " + v
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// joinable are the text fields that several columns may fill, joined by
// line breaks.
var joinable = map[string]bool{
	"description": true, "verification.architecture": true, "anomalyReview.conclusion": true,
	"support.justification": true, Notes: true,
}

func isList(field string) bool {
	switch field {
	case "systems", "requirements.functional", "requirements.performance", "requirements.hardware",
		"requirements.software", "failureModes", "riskRefs", "anomalyReview.sources":
		return true
	}
	return false
}

// set stores v, a cell's text, in field of it. A link in a URL field
// ("issues (https://…)", as the Markdown reader gives it) is stored as its
// address: its text is markup.
func set(it *soup.Item, field, v string) error {
	if m := linkText().FindStringSubmatch(v); m != nil && (field == "website" || field == "issueTracker" || field == "vcs") {
		v = m[1]
	}
	str := func(p *string) error {
		*p = v
		return nil
	}
	join := func(p *string) error {
		if *p != "" {
			*p += "\n"
		}
		*p += v
		return nil
	}
	date := func(p *soup.Date) error {
		if soup.IsPlaceholder(v) {
			return fmt.Errorf("%q is not a date", v)
		}
		d, err := ParseDate(v)
		if err != nil {
			return err
		}
		*p = d
		return nil
	}
	switch field {
	case "id":
		return str(&it.ID)
	case "name":
		return str(&it.Name)
	case "version":
		return str(&it.Version)
	case "manufacturer":
		return str(&it.Manufacturer)
	case "purl":
		if _, err := soup.PURLKey(v); err != nil {
			return fmt.Errorf("%q is not a valid package URL", v)
		}
		return str(&it.PURL)
	case "cpe":
		return str(&it.CPE)
	case "license":
		return str(&it.License)
	case "website":
		return str(&it.Website)
	case "issueTracker":
		return str(&it.IssueTracker)
	case "vcs":
		return str(&it.VCS)
	case "description":
		return join(&it.Description)
	case "systems":
		it.Systems = append(it.Systems, splitList(v)...)
	case "dependency":
		if err := it.Dependency.UnmarshalText([]byte(strings.ToLower(v))); err != nil {
			return fmt.Errorf("%q is not direct or transitive", v)
		}
	case "requirements.functional":
		it.Requirements.Functional = append(it.Requirements.Functional, splitSentences(v)...)
	case "requirements.performance":
		it.Requirements.Performance = append(it.Requirements.Performance, splitSentences(v)...)
	case "requirements.hardware":
		it.Requirements.Hardware = append(it.Requirements.Hardware, splitSentences(v)...)
	case "requirements.software":
		it.Requirements.Software = append(it.Requirements.Software, splitSentences(v)...)
	case "riskLevel":
		r, err := parseRiskLevel(v)
		if err != nil {
			return err
		}
		it.RiskLevel = r
	case "failureModes":
		it.FailureModes = append(it.FailureModes, splitSentences(v)...)
	case "riskRefs":
		it.RiskRefs = append(it.RiskRefs, splitList(v)...)
	case "verification.architecture":
		return join(&it.Verification.Architecture)
	case "verification.by":
		return str(&it.Verification.By)
	case "verification.date":
		return date(&it.Verification.Date)
	case "verification.version":
		return str(&it.Verification.Version)
	case "anomalyReview.date":
		return date(&it.AnomalyReview.Date)
	case "anomalyReview.by":
		return str(&it.AnomalyReview.By)
	case "anomalyReview.version":
		return str(&it.AnomalyReview.Version)
	case "anomalyReview.conclusion":
		return join(&it.AnomalyReview.Conclusion)
	case "anomalyReview.sources":
		it.AnomalyReview.Sources = append(it.AnomalyReview.Sources, splitList(v)...)
	case "support.level":
		s, err := soup.ParseSupportLevel(v)
		if err != nil {
			return fmt.Errorf("%q is not a support level", v)
		}
		it.Support.Level = s
	case "support.endOfSupport":
		return date(&it.Support.EndOfSupport)
	case "support.justification":
		return join(&it.Support.Justification)
	case Notes:
		return join(&it.Notes)
	default:
		return fmt.Errorf("no field %s", field)
	}
	return nil
}

var linkText = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[^()]* \((https?://\S+)\)$`) })

// parseRiskLevel reads a risk level as people write it: low, Medium,
// "High risk".
func parseRiskLevel(v string) (soup.RiskLevel, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(v)), "risk"))
	if r, err := soup.ParseRiskLevel(t); err == nil {
		return r, nil
	}
	return 0, fmt.Errorf("%q is not a risk level (low, medium or high)", v)
}

// splitList splits a cell of several values at line breaks, commas and
// semicolons.
func splitList(v string) []string {
	return cleanParts(strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }))
}

// splitSentences splits a cell of sentences (requirements, failure modes) at
// line breaks only, dropping list bullets.
func splitSentences(v string) []string {
	return cleanParts(strings.Split(v, "\n"))
}

var bullet = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:[-*•·–]|\d+[.)])\s+`) })

func cleanParts(parts []string) []string {
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(bullet().ReplaceAllString(strings.TrimSpace(p), ""))
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// dateLayouts are the unambiguous date layouts ParseDate accepts.
var dateLayouts = []string{
	"2006-01-02", "2006/01/02", "2006.01.02", "2.1.2006", "02.01.2006", "2.1.06",
	"Jan 2, 2006", "January 2, 2006", "2 Jan 2006", "2 January 2006", "Jan 2 2006", "January 2 2006",
	"2-Jan-2006", "02-Jan-06", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05",
}

var slashDate = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$`) })

// ParseDate reads a date as spreadsheets hold it: ISO (2026-11-24),
// German (24.11.2026), written out (24 Nov 2026, Nov 24, 2026), an Excel
// serial number (46350), or with slashes when the day is told from the
// month by being above 12 (24/11/2026, 11/24/2026). An ambiguous date
// such as 03/04/2026 is an error.
func ParseDate(s string) (soup.Date, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		// An Excel serial date (1900 date system) between 1960 and 2100.
		if f >= 21916 && f < 73051 {
			day := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(math.Floor(f)))
			return soup.DateOf(day), nil
		}
		return soup.Date{}, fmt.Errorf("%q is not a date", s)
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return soup.DateOf(t), nil
		}
	}
	if m := slashDate().FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if len(m[3]) == 2 {
			y += 2000
		}
		var month, day int
		switch {
		case a > 12 && b <= 12:
			day, month = a, b
		case b > 12 && a <= 12:
			month, day = a, b
		case a == b:
			month, day = a, b
		default:
			return soup.Date{}, fmt.Errorf("%q is ambiguous (day/month or month/day?)", s)
		}
		t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if t.Month() == time.Month(month) && t.Day() == day {
			return soup.DateOf(t), nil
		}
	}
	return soup.Date{}, fmt.Errorf("%q is not a date", s)
}

// String formats the report for a person: where each column went, then
// the problems, one a line.
func (r *Report) String() string {
	var b strings.Builder
	from := r.Format.String()
	if r.Sheet != "" {
		from += fmt.Sprintf(" sheet %q", r.Sheet)
	}
	fmt.Fprintf(&b, "%s: %s, %s\n", from, plural(r.Rows, "row"), plural(r.Items, "item"))
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	b.WriteString("columns:\n")
	for _, c := range r.Columns {
		h := c.Header
		if h == "" {
			h = "(no header)"
		}
		how := c.Field
		switch {
		case c.Field == Skip:
			how = "left out (-map)"
		case c.Field == Notes && !c.Mapped:
			how = "notes (no field of that name; -map HEADER=FIELD chooses one)"
		case c.Mapped:
			how += " (-map)"
		}
		fmt.Fprintf(&b, "  %-28s -> %s, %s\n", fmt.Sprintf("%q", h), how, plural(c.Cells, "cell"))
	}
	if r.IDsAssigned > 0 {
		fmt.Fprintf(&b, "%s without an ID got a fresh one\n", plural(r.IDsAssigned, "item"))
	}
	for _, p := range r.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}
