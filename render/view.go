package render

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/soupkit/soupkit"
	"github.com/soupkit/soupkit/internal/enum"
	"github.com/soupkit/soupkit/soup"
)

// A View is the format-neutral content of a rendered SOUP list: what every
// renderer prints, as plain text, in document order. [NewView] makes it
// from a list and options; a renderer only lays it out and escapes it for
// its format, so that no format has its own copy of the columns, document
// control, findings or summary logic.
//
// Every string in a View is plain, unescaped text, valid UTF-8, with no
// control characters other than newline and tab: invalid bytes, other
// control characters and the bidirectional override characters (which
// can make text display differently from what it is) are replaced by
// U+FFFD, and carriage returns become newlines.
type View struct {
	// Title is the document's title: the list's document title, else
	// "SOUP List — " and the system's name and version.
	Title string
	// Date is the document date: Options.Date, else the list's document
	// date (possibly zero).
	Date soup.Date
	// Generator names the program that made the document, with its version
	// ("soupkit 0.1.0"), for the evidence of origin.
	Generator string
	// Subject describes the document in a line, for document metadata:
	// "SOUP list (IEC 62304) of " and the system's name and version.
	Subject string
	// Reference identifies the controlled document in a line, for page
	// headers and footers: document ID, revision and date, such as
	// "SOUP-LIST-001 · Revision 7 · 2026-10-05" (parts that are unset are
	// left out).
	Reference string

	// Draft is set while a finding at error level is open: the document
	// is not ready to be signed, and every page says DRAFT.
	Draft bool
	// Status says so in a line, for the top of the document and every
	// page: "DRAFT — 3 open findings at error level: not ready for
	// approval", or "Ready for approval — no open finding at error level".
	Status string
	// Class is the software safety class the list was checked against.
	Class soup.SafetyClass
	// Edition names the edition of IEC 62304 the rules cite.
	Edition string

	// Control is the document control: document ID, revision, date, author,
	// the software system and its safety class, and the generator, as rows
	// of two cells (label, value).
	Control *Table
	// Validation is the validation context: status, the class and
	// standard edition the list was checked against, the date, the policy
	// and curated file with their digests, and the generator.
	Validation *Table
	// History is the revision history (revision, date, author, summary);
	// nil when the list has none.
	History *Table
	// Compliance is the compliance summary, always present: the findings
	// by reference (source and clause) and severity, open and suppressed.
	Compliance *Table
	// Approvals is the approval block: one row per person who signs (the
	// author first, then each approver, or one blank approver line when
	// the list names none) with the cells role, name, date and signature.
	// The date and signature cells are empty unless the list holds a date:
	// they are lines to be filled in by hand.
	Approvals *Table
	// Origin is the evidence of origin: one row per source SBOM with its
	// name, format, serial number or namespace, timestamp and tools.
	Origin *Table
	// Summary holds the counts of [View.Counts] as rows (label, count);
	// nil when Options.OmitSummary is set.
	Summary *Table
	// RiskLevels defines the risk levels (level, definition); nil when
	// Options.OmitRiskLevels is set or the list defines no level.
	RiskLevels *Table
	// Items is the SOUP table: the columns of Options.Columns, one row per
	// item that is not removed, in the order of Options.Sort.
	Items *Table
	// NotSOUP lists the components excluded as not SOUP, with the reason
	// (ID, name, version, package URL, reason); nil when there are none.
	NotSOUP *Table
	// Removed lists the items marked removed (no longer in the SBOM, kept
	// with their documentation) with the same columns; nil when there are
	// none.
	Removed *Table
	// Findings lists the validation findings (item, reference, severity,
	// rule, field, message, status, justification); nil when
	// Options.Findings is nil.
	Findings *Table

	// Counts are the figures of the summary.
	Counts Counts

	// List is the list the view was made from. Templates may use it for
	// what the tables do not show; it must not be modified.
	List *soup.List

	// Context is the validation the document reports (Options.Validation,
	// or the one made while rendering); Computed says it was made while
	// rendering, with the default policy.
	Context  Validation
	Computed bool
}

// Counts are the figures of a view's summary.
type Counts struct {
	// Items counts the items in the SOUP table (removed items and those
	// not considered SOUP excluded);
	// the other item counts add up to it.
	Items                 int
	High, Medium, Low     int
	Unassigned            int // items with no risk level
	Direct, Transitive    int
	UnknownDependency     int // items whose dependency kind is not recorded
	Removed               int // items marked removed
	NotSOUP               int // items excluded as not SOUP
	OpenFindings          int // findings not suppressed
	SuppressedFindings    int
	ItemsWithOpenFindings int // items in the SOUP table with an open finding
	ItemsWithOpenErrors   int // … with an open finding at error level
	FindingsAboutTheList  int // open findings about the list, not an item
}

// Section identifies a table of a [View].
type Section int

// The sections of a view, in document order.
const (
	SectionControl Section = iota + 1
	SectionApprovals
	SectionOrigin
	SectionSummary
	SectionRiskLevels
	SectionItems
	SectionRemoved
	SectionFindings
	SectionValidation
	SectionHistory
	SectionCompliance
	SectionNotSOUP
)

var sections = &enum.Set[Section]{Pkg: "render", Type: "Section", Kind: "section", NoZero: true,
	Names: []string{"control", "approvals", "origin", "summary", "riskLevels", "items", "removed", "findings",
		"validation", "history", "compliance", "notSoup"}}

// String returns the section's name, such as "riskLevels".
func (s Section) String() string { return sections.String(s) }

// A Table is one section of a view: a titled table of plain-text cells.
type Table struct {
	Section Section
	// Title is the section's heading, such as "Document Control".
	Title string
	// Note is a sentence or two to print before the table, or "".
	Note string
	// Headings are the column headings; every row has as many cells.
	Headings []string
	// Columns are the columns of an item table (Items, Removed), parallel
	// to Headings; nil for the other tables.
	Columns []Column
	Rows    []Row
	// Empty is the sentence to print instead of the table when it has no
	// rows, such as "No SOUP items."
	Empty string
	// FillIn marks a table whose empty cells are blanks to be filled in by
	// hand, such as the date and signature of the approval block: print a
	// line or a box for them, not nothing.
	FillIn bool
}

// A Row is one row of a table.
type Row struct {
	Cells []Cell
	// Item is the item of a row of an item table; nil in other tables.
	Item *soup.Item
	// Finding is the finding of a row of the findings table; nil in other
	// tables.
	Finding *soup.Finding
}

// Label names the row's item, "SOUP-0001 flask 1.1.2" (ID, name and
// version, as they are set), as plain text; "" in a row without an item.
func (r Row) Label() string {
	if r.Item == nil {
		return ""
	}
	return clean(joinNonEmpty(" ", r.Item.ID, r.Item.Name, r.Item.Version))
}

// A Cell holds the values of one cell. A single-valued field has at most
// one value; a multi-valued field (requirements, risk references,
// anomalies, …) has one per entry, kept separate so that each format joins
// them its own way. An empty cell has none. A value may contain newlines.
type Cell []string

// String returns the values joined by newlines.
func (c Cell) String() string { return strings.Join(c, "\n") }

// Join returns the values joined by sep.
func (c Cell) Join(sep string) string { return strings.Join(c, sep) }

// Tables returns the view's tables in document order, leaving out the
// sections that are absent.
func (v *View) Tables() []*Table {
	var ts []*Table
	for _, t := range []*Table{v.Control, v.Validation, v.Approvals, v.History, v.Origin, v.Compliance, v.Summary, v.RiskLevels, v.Items, v.NotSOUP, v.Removed, v.Findings} {
		if t != nil {
			ts = append(ts, t)
		}
	}
	return ts
}

// ErrNilList is returned when a renderer is given a nil list.
var ErrNilList = errors.New("render: nil list")

// NewView returns the view of l under opts (nil means defaults). It fails
// only for a nil list or an invalid column; it does not modify l.
func NewView(l *soup.List, opts *Options) (*View, error) {
	if opts == nil {
		opts = &Options{}
	}
	if val := opts.Validation; val != nil && val.Findings == nil && val.FindingSeq != nil {
		// The view holds the findings: they are made once.
		o, c := *opts, *val
		c.Findings = soup.Findings{}
		for f := range val.FindingSeq {
			c.Findings = append(c.Findings, f)
		}
		o.Validation = &c
		opts = &o
	}
	v, cols, sum, err := newStatus(l, opts, needMissing)
	if err != nil {
		return nil, err
	}
	v.fill(opts, cols, sum, false)
	return v, nil
}

// newLazyView is NewView for a renderer that writes the view as it goes:
// the findings of the validation are gone through, not collected, and the
// rows of the item tables are made as they are written, by the
// itemRows returned for each item table.
func newLazyView(l *soup.List, opts *Options) (*View, map[*Table]*itemRows, error) {
	if opts == nil {
		opts = &Options{}
	}
	v, cols, sum, err := newStatus(l, opts, needMissing)
	if err != nil {
		return nil, nil, err
	}
	return v, v.fill(opts, cols, sum, true), nil
}

// newStatus returns the part of the view of l that says what the document
// is and where it stands: title, date, validation context, class, status;
// the tables are left to fill. The JSON renderer, which writes the list
// itself, needs no more. It goes through the validation's findings once,
// and returns what the document needs of them (see summarize).
func newStatus(l *soup.List, opts *Options, need summaryNeeds) (*View, []Column, *findingSummary, error) {
	if l == nil {
		return nil, nil, nil, ErrNilList
	}
	cols := opts.Columns
	if len(cols) == 0 {
		cols = presets["full"]
	}
	for i, c := range cols {
		if !fieldSet.Valid(c.Field) {
			return nil, nil, nil, fmt.Errorf("render: column %d: invalid field %d", i+1, int(c.Field))
		}
	}
	if !orders.Valid(opts.Sort) {
		return nil, nil, nil, fmt.Errorf("render: invalid sort order %d", int(opts.Sort))
	}

	v := &View{
		Title:     clean(title(l)),
		Date:      opts.Date,
		Generator: "soupkit " + soupkit.Version,
		List:      l,
	}
	if v.Date.IsZero() {
		v.Date = l.Document.Date
	}
	v.Subject = "SOUP list (IEC 62304)"
	if name := joinNonEmpty(" ", l.System.Name, l.System.Version); name != "" {
		v.Subject = clean(v.Subject + " of " + name)
	}
	v.Reference = clean(joinNonEmpty(" · ", l.Document.ID, prefixed("Revision ", l.Document.Revision), v.Date.String()))
	val, computed := validation(l, opts)
	v.Context, v.Computed = val, computed
	v.Class = l.Class(soup.Policy{Class: val.Class})
	v.Edition = string(soup.IEC62304)
	sum := summarize(val.all(), need)
	errs := sum.errs
	v.Draft = errs > 0
	if v.Draft {
		v.Status = fmt.Sprintf("DRAFT — %s at error level open: not ready for approval", plural(errs, "finding"))
	} else {
		v.Status = "Ready for approval — no finding at error level open"
	}
	return v, cols, sum, nil
}

// findingSummary is what a document needs of the findings of its
// validation, made in one pass over them.
type findingSummary struct {
	// errs counts the open findings at error level.
	errs int
	// compliance counts the findings by reference and severity.
	compliance []complianceRow
	// missing holds the fields each item reference misses (see
	// undocumented); nil unless asked for.
	missing map[string][]string
	// notDocumented are the findings that say a required field of an
	// item is empty, in their order, as runs of one item's; nil unless
	// asked for.
	notDocumented []missingRun
}

// summaryNeeds says what summarize makes besides the counts.
type summaryNeeds int

const (
	needMissing       summaryNeeds = iota + 1 // findingSummary.missing
	needNotDocumented                         // findingSummary.notDocumented
)

// missingRun is a run of findings about one item that say a required
// field is empty: their fields and rules. Runs with the same entries
// share them.
type missingRun struct {
	item    string
	entries []missingEntry
}

type missingEntry struct{ field, rule string }

// summarize goes through fs once.
func summarize(fs iter.Seq[soup.Finding], need summaryNeeds) *findingSummary {
	sum := &findingSummary{}
	var c complianceCounter
	var u *undocumentedMap
	if need == needMissing {
		u = newUndocumented()
	}
	var (
		cur    missingRun
		shared = map[string][]missingEntry{}
		key    []byte
	)
	flush := func() {
		if len(cur.entries) == 0 {
			return
		}
		key = key[:0]
		for _, e := range cur.entries {
			key = append(append(append(append(key, e.field...), 0), e.rule...), 0)
		}
		es, ok := shared[string(key)]
		if !ok {
			es = slices.Clone(cur.entries)
			shared[string(key)] = es
		}
		sum.notDocumented = append(sum.notDocumented, missingRun{item: cur.item, entries: es})
		cur.entries = cur.entries[:0]
	}
	for f := range fs {
		if !f.Suppressed && f.Severity == soup.SeverityError {
			sum.errs++
		}
		c.add(&f)
		if u != nil {
			u.add(&f)
		}
		if need == needNotDocumented && missing(&f) {
			if f.Item != cur.item {
				flush()
				cur.item = f.Item
			}
			cur.entries = append(cur.entries, missingEntry{field: f.Field, rule: f.Rule})
		}
	}
	flush()
	sum.compliance = c.sorted()
	if u != nil {
		sum.missing = u.done()
	}
	return sum
}

// fill makes the tables of the view, with the columns cols. When lazy is
// set, the rows of the item tables are left to make: fill returns how, by
// table.
func (v *View) fill(opts *Options, cols []Column, sum *findingSummary, lazy bool) map[*Table]*itemRows {
	l, val, computed := v.List, v.Context, v.Computed
	v.Counts = count(l, opts.Findings)
	v.Control = control(l, v)
	v.Validation = validationTable(l, v, val, computed)
	v.Approvals = approvals(l)
	if len(l.Document.History) > 0 {
		v.History = history(l.Document.History)
	}
	v.Origin = origin(l, v.Generator, val)
	v.Compliance = compliance(v, sum.compliance, opts.Findings != nil)
	if !opts.OmitSummary {
		v.Summary = summary(&v.Counts, opts.Findings != nil)
	}
	if !opts.OmitRiskLevels && l.RiskLevels != (soup.RiskLevels{}) {
		v.RiskLevels = riskLevels(l.RiskLevels)
	}

	var current, removed, excluded []*soup.Item
	for i := range l.Items {
		it := &l.Items[i]
		switch _, ex := l.Excluded(it); {
		case it.Removed:
			removed = append(removed, it)
		case ex:
			excluded = append(excluded, it)
		default:
			current = append(current, it)
		}
	}
	sortItems(current, opts.Sort)
	sortItems(removed, opts.Sort)
	sortItems(excluded, ByName)
	ctx := &cellContext{list: l, date: v.Date, missing: sum.missing}
	var rows map[*Table]*itemRows
	table := func(ctx *cellContext, items []*soup.Item) *Table {
		if !lazy {
			return itemTable(ctx, cols, items)
		}
		t := itemHeadings(cols)
		if rows == nil {
			rows = map[*Table]*itemRows{}
		}
		rows[t] = &itemRows{ctx: ctx, cols: cols, items: items}
		ctx.marked = ctx.marks(cols, items)
		return t
	}
	v.Items = table(ctx, current)
	v.Items.Section, v.Items.Title, v.Items.Empty = SectionItems, "SOUP Items", "No SOUP items."
	if ctx.marked {
		v.Items.Note = NotDocumented + " marks a field that the rules of class " + v.Class.String() + " require and that is empty."
	}
	if len(excluded) > 0 {
		v.NotSOUP = notSOUP(l, excluded)
	}
	if len(removed) > 0 {
		// Removed items are not validated.
		v.Removed = table(&cellContext{list: l, date: v.Date}, removed)
		v.Removed.Section, v.Removed.Title = SectionRemoved, "Removed Items"
		v.Removed.Note = "These items are no longer in the SBOM. They are kept with their documentation until the list is revised."
	}
	if opts.Findings != nil {
		v.Findings = findings(l, opts.Findings, &v.Counts)
	}
	return rows
}

func title(l *soup.List) string {
	if l.Document.Title != "" {
		return l.Document.Title
	}
	if s := joinNonEmpty(" ", l.System.Name, l.System.Version); s != "" {
		return "SOUP List — " + s
	}
	return "SOUP List"
}

// NotDocumented is the text of a cell whose field the rules of the class
// require and that is empty.
const NotDocumented = "NOT DOCUMENTED"

// validation returns the validation the document reports, and whether it
// was made here for want of one.
func validation(l *soup.List, opts *Options) (Validation, bool) {
	switch {
	case opts.Validation != nil:
		return *opts.Validation, false
	case opts.Findings != nil:
		return Validation{Findings: opts.Findings}, false
	}
	return Validation{Findings: l.Validate(soup.Policy{})}, true
}

// classText says which class the list was checked against, and the list's
// own class when that differs.
func classText(l *soup.List, checked soup.SafetyClass) string {
	own := l.System.SafetyClass
	switch {
	case own == checked:
		return "Class " + checked.String()
	case own == 0:
		return "Class " + checked.String() + " (the list assigns none; IEC 62304 4.3)"
	}
	return fmt.Sprintf("Class %s, as checked; the list states class %s", checked, own)
}

func validationTable(l *soup.List, v *View, val Validation, computed bool) *Table {
	t := &Table{Section: SectionValidation, Title: "Validation", Headings: []string{"Field", "Value"},
		Note: "What this document was checked against. While a finding at error level is open, the document is marked as a draft and must not be signed."}
	date := val.Date.String()
	if date == "" {
		date = "not dated (no validation date given: review ages and end-of-support dates were not checked)"
	}
	policy := "default policy (no suppressions, no opt-in rules)"
	if val.Policy != "" {
		policy = joinNonEmpty(", ", val.Policy, val.PolicyDigest)
	}
	if computed {
		policy = "default policy, applied when the document was rendered (no suppressions, no opt-in rules)"
	}
	for _, kv := range [][2]string{
		{"Status", v.Status},
		{"Standard", v.Edition},
		{"Software Safety Class", classText(l, v.Class)},
		{"Validation Date", date},
		{"Policy", policy},
		{"Curated File", joinNonEmpty(", ", val.Curated, val.CuratedDigest)},
		{"Generated By", v.Generator},
	} {
		t.Rows = append(t.Rows, textRow(kv[0], kv[1]))
	}
	return t
}

func history(h []soup.Revision) *Table {
	t := &Table{Section: SectionHistory, Title: "Revision History", Headings: []string{"Revision", "Date", "Author", "Summary"}}
	for _, r := range h {
		t.Rows = append(t.Rows, textRow(r.Revision, r.Date.String(), r.Author, r.Summary))
	}
	return t
}

// compliance is the compliance summary: the findings by reference and
// severity.
func compliance(v *View, rows []complianceRow, detail bool) *Table {
	t := &Table{
		Section:  SectionCompliance,
		Title:    "Compliance Summary",
		Headings: []string{"Source", "Clause", "Severity", "Open", "Suppressed"},
		Empty:    fmt.Sprintf("No findings: the list meets every rule of class %s.", v.Class),
		Note:     fmt.Sprintf("Findings of the validation against class %s, by what requires them.", v.Class),
	}
	if detail {
		t.Note += " The Findings section lists each one."
	} else {
		t.Note += " Each finding is listed in the validation report."
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, textRow(string(r.Source), r.Clause, r.Severity.String(), strconv.Itoa(r.Open), strconv.Itoa(r.Suppressed)))
	}
	return t
}

// complianceRow counts the findings of one reference and severity.
type complianceRow struct {
	Source           soup.Authority
	Clause           string
	Severity         soup.Severity
	Open, Suppressed int
}

// complianceCounter counts findings by reference and severity.
type complianceCounter struct{ rows []complianceRow }

func (c *complianceCounter) add(f *soup.Finding) {
	i := slices.IndexFunc(c.rows, func(r complianceRow) bool {
		return r.Source == f.Source && r.Clause == f.Clause && r.Severity == f.Severity
	})
	if i < 0 {
		c.rows = append(c.rows, complianceRow{Source: f.Source, Clause: f.Clause, Severity: f.Severity})
		i = len(c.rows) - 1
	}
	if f.Suppressed {
		c.rows[i].Suppressed++
	} else {
		c.rows[i].Open++
	}
}

// sorted returns the counts sorted by source, clause (numerically) and
// severity (errors first).
func (c *complianceCounter) sorted() []complianceRow {
	slices.SortFunc(c.rows, func(a, b complianceRow) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), compareClauses(a.Clause, b.Clause), cmp.Compare(b.Severity, a.Severity))
	})
	return c.rows
}

// compareClauses orders clause numbers part by part, numerically where
// both parts are numbers (5.3.3 before 5.3.10).
func compareClauses(a, b string) int {
	as, bs := strings.FieldsFunc(a, isClauseSep), strings.FieldsFunc(b, isClauseSep)
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errx := strconv.Atoi(strings.TrimRight(as[i], "abcdefghijklmnopqrstuvwxyz"))
		y, erry := strconv.Atoi(strings.TrimRight(bs[i], "abcdefghijklmnopqrstuvwxyz"))
		if errx == nil && erry == nil && x != y {
			return cmp.Compare(x, y)
		}
		if c := cmp.Compare(as[i], bs[i]); c != 0 && (errx != nil || erry != nil || x == y) {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

func isClauseSep(r rune) bool { return r == '.' || r == ' ' }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func notSOUP(l *soup.List, items []*soup.Item) *Table {
	t := &Table{
		Section:  SectionNotSOUP,
		Title:    "Not Considered SOUP",
		Note:     "These components are in the SBOM but are not SOUP (the product's own modules, build- or test-only tools); they are excluded from validation for the reason given.",
		Headings: []string{"ID", "Name", "Version", "Package URL", "Reason"},
	}
	for _, it := range items {
		e, _ := l.Excluded(it)
		r := textRow(it.ID, it.Name, it.Version, it.PURL, e.Justification)
		r.Item = it
		t.Rows = append(t.Rows, r)
	}
	return t
}

// undocumentedMap collects, for each item reference, the fields its
// findings say are missing, in the native encoding's names. The findings
// of an item usually come together and most items miss the same fields:
// each distinct list of fields is kept once, and shared.
type undocumentedMap struct {
	m     map[string][]string
	lists map[string][]string // the distinct lists, by their fields joined
	item  string
	cur   []string // the fields of item's findings in a row
	key   []byte
}

func newUndocumented() *undocumentedMap {
	return &undocumentedMap{m: map[string][]string{}, lists: map[string][]string{}}
}

func (u *undocumentedMap) add(f *soup.Finding) {
	if f.Item == "" || f.Field == "" {
		return
	}
	if f.Item != u.item {
		u.flush()
		u.item = f.Item
	}
	field := f.Field
	if f.Rule == "verification-missing" {
		field = "verification" // nothing of it is recorded
	}
	u.cur = append(u.cur, field)
}

func (u *undocumentedMap) flush() {
	if len(u.cur) == 0 {
		return
	}
	cur := u.cur
	if prev := u.m[u.item]; len(prev) > 0 { // the item's findings did not all come together
		cur = append(slices.Clone(prev), cur...)
	}
	u.key = u.key[:0]
	for _, f := range cur {
		u.key = append(append(u.key, f...), 0)
	}
	shared, ok := u.lists[string(u.key)]
	if !ok {
		shared = slices.Clone(cur)
		u.lists[string(u.key)] = shared
	}
	u.m[u.item] = shared
	u.cur = u.cur[:0]
}

// done returns the fields by item reference.
func (u *undocumentedMap) done() map[string][]string {
	u.flush()
	return u.m
}

// missingIn reports whether a finding about field (native name) concerns
// the column of render field name: the same field, one inside it, or the
// record it belongs to.
// dotPrefix reports whether s begins with prefix and a dot.
func dotPrefix(s, prefix string) bool {
	return len(s) > len(prefix) && s[len(prefix)] == '.' && strings.HasPrefix(s, prefix)
}

func missingIn(name string, fields []string) bool {
	for _, f := range fields {
		if f == name || dotPrefix(f, name) || dotPrefix(name, f) {
			return true
		}
	}
	return false
}

func control(l *soup.List, v *View) *Table {
	class := classText(l, v.Class)
	t := &Table{Section: SectionControl, Title: "Document Control", Headings: []string{"Field", "Value"}}
	for _, kv := range [][2]string{
		{"Document ID", l.Document.ID},
		{"Revision", l.Document.Revision},
		{"Date", v.Date.String()},
		{"Author", l.Document.Author},
		{"Software System", l.System.Name},
		{"System Version", l.System.Version},
		{"Manufacturer", l.System.Manufacturer},
		{"Software Safety Class", class},
		{"Status", v.Status},
		{"Generated By", v.Generator},
	} {
		t.Rows = append(t.Rows, textRow(kv[0], kv[1]))
	}
	return t
}

func approvals(l *soup.List) *Table {
	t := &Table{
		Section:  SectionApprovals,
		Title:    "Approval",
		Note:     "By signing, each person below approves this revision of the SOUP list.",
		Headings: []string{"Role", "Name", "Date", "Signature"},
		FillIn:   true,
	}
	t.Rows = append(t.Rows, textRow("Author", l.Document.Author, "", ""))
	for _, a := range l.Document.Approvers {
		role := a.Role
		if role == "" {
			role = "Approver"
		}
		t.Rows = append(t.Rows, textRow(role, a.Name, a.Date.String(), ""))
	}
	if len(l.Document.Approvers) == 0 {
		t.Rows = append(t.Rows, textRow("Approver", "", "", ""))
	}
	return t
}

func origin(l *soup.List, generator string, val Validation) *Table {
	t := &Table{
		Section:  SectionOrigin,
		Title:    "Evidence of Origin",
		Note:     "Generated by " + generator + " from the inputs below; the SHA-256 identifies the exact bytes read.",
		Headings: []string{"Source", "Format", "Subject", "Serial Number / Namespace", "Timestamp", "Tools", "SHA-256"},
		Empty:    "No source SBOM is recorded.",
	}
	for _, s := range l.Sources {
		t.Rows = append(t.Rows, Row{Cells: []Cell{
			cell(s.Name), cell(s.Format), cell(joinNonEmpty(" ", s.Subject, s.SubjectVersion)), cell(s.Serial), cell(s.Timestamp), cell(s.Tools...), cell(s.SHA256),
		}})
	}
	if val.Curated != "" || val.CuratedDigest != "" {
		t.Rows = append(t.Rows, Row{Cells: []Cell{
			cell(val.Curated), cell("curated SOUP list"), cell(joinNonEmpty(" ", l.System.Name, l.System.Version)), nil, nil, nil,
			cell(strings.TrimPrefix(val.CuratedDigest, "sha256:")),
		}})
	}
	return t
}

func count(l *soup.List, fs soup.Findings) Counts {
	var c Counts
	open, errs := map[string]bool{}, map[string]bool{}
	for _, f := range fs {
		switch {
		case f.Suppressed:
			c.SuppressedFindings++
		case f.Item == "":
			c.OpenFindings++
			c.FindingsAboutTheList++
		default:
			c.OpenFindings++
			open[f.Item] = true
			if f.Severity == soup.SeverityError {
				errs[f.Item] = true
			}
		}
	}
	for i := range l.Items {
		it := &l.Items[i]
		if it.Removed {
			c.Removed++
			continue
		}
		if _, ex := l.Excluded(it); ex {
			c.NotSOUP++
			continue
		}
		c.Items++
		switch it.RiskLevel {
		case soup.RiskHigh:
			c.High++
		case soup.RiskMedium:
			c.Medium++
		case soup.RiskLow:
			c.Low++
		default:
			c.Unassigned++
		}
		switch it.Dependency {
		case soup.Direct:
			c.Direct++
		case soup.Transitive:
			c.Transitive++
		default:
			c.UnknownDependency++
		}
		var hasOpen, hasErr bool
		for _, ref := range findingRefs(it) {
			hasOpen, hasErr = hasOpen || open[ref], hasErr || errs[ref]
		}
		if hasOpen {
			c.ItemsWithOpenFindings++
		}
		if hasErr {
			c.ItemsWithOpenErrors++
		}
	}
	return c
}

// findingRefs are the ways a finding names an item: its ID, else its
// name, quoted as soup.List.Validate quotes it, or as it is.
func findingRefs(it *soup.Item) []string {
	if it.ID != "" {
		return []string{it.ID}
	}
	return []string{strconv.Quote(it.Name), it.Name}
}

func summary(c *Counts, withFindings bool) *Table {
	t := &Table{Section: SectionSummary, Title: "Summary", Headings: []string{"Measure", "Count"}}
	add := func(label string, n int) { t.Rows = append(t.Rows, textRow(label, strconv.Itoa(n))) }
	add("SOUP items", c.Items)
	add("High risk", c.High)
	add("Medium risk", c.Medium)
	add("Low risk", c.Low)
	add("Risk level not assigned", c.Unassigned)
	add("Direct dependencies", c.Direct)
	add("Transitive dependencies", c.Transitive)
	add("Dependency kind not recorded", c.UnknownDependency)
	if withFindings {
		add("Items with open findings", c.ItemsWithOpenFindings)
		add("Items with open errors", c.ItemsWithOpenErrors)
		add("Open findings about the list", c.FindingsAboutTheList)
		add("Open findings", c.OpenFindings)
		add("Suppressed findings", c.SuppressedFindings)
	}
	if c.Removed > 0 {
		add("Removed items", c.Removed)
	}
	if c.NotSOUP > 0 {
		add("Not considered SOUP", c.NotSOUP)
	}
	return t
}

func riskLevels(d soup.RiskLevels) *Table {
	t := &Table{Section: SectionRiskLevels, Title: "Risk Levels", Headings: []string{"Risk Level", "Definition"}}
	for _, r := range []soup.RiskLevel{soup.RiskLow, soup.RiskMedium, soup.RiskHigh} {
		t.Rows = append(t.Rows, textRow(r.String(), d.Definition(r)))
	}
	return t
}

// itemHeadings returns an item table with the columns cols and no rows.
func itemHeadings(cols []Column) *Table {
	t := &Table{Columns: slices.Clone(cols)}
	for _, c := range cols {
		t.Headings = append(t.Headings, clean(c.Title()))
	}
	return t
}

func itemTable(ctx *cellContext, cols []Column, items []*soup.Item) *Table {
	t := itemHeadings(cols)
	t.Rows = make([]Row, len(items))
	// The cells of all rows, and their values, are cut from two slabs
	// rather than allocated one by one.
	n := len(cols)
	slab := make([]Cell, len(items)*n)
	values := make([]string, 0, len(items)*n)
	var missing []string
	for i, it := range items {
		cells := slab[i*n : (i+1)*n : (i+1)*n]
		missing = ctx.missingOf(missing[:0], it)
		for j, c := range cols {
			cells[j] = appendCell(&values, fields[c.Field].value(ctx, it))
			if len(cells[j]) == 0 && missingIn(fields[c.Field].name, missing) {
				cells[j] = Cell{NotDocumented}
				ctx.marked = true
			}
		}
		t.Rows[i] = Row{Cells: cells, Item: it}
	}
	return t
}

// missingOf appends to dst the fields the findings about it say are
// missing.
func (ctx *cellContext) missingOf(dst []string, it *soup.Item) []string {
	if it.ID != "" { // the references of findingRefs
		return append(dst, ctx.missing[it.ID]...)
	}
	dst = append(dst, ctx.missing[strconv.Quote(it.Name)]...)
	return append(dst, ctx.missing[it.Name]...)
}

// marks reports whether a row of items would have a cell marked
// NotDocumented, as itemTable marks them.
func (ctx *cellContext) marks(cols []Column, items []*soup.Item) bool {
	var missing []string
	for _, it := range items {
		missing = ctx.missingOf(missing[:0], it)
		if len(missing) == 0 {
			continue
		}
		for _, c := range cols {
			if missingIn(fields[c.Field].name, missing) && !slices.ContainsFunc(fields[c.Field].value(ctx, it), notEmpty) {
				return true
			}
		}
	}
	return false
}

func notEmpty(s string) bool { return s != "" }

// itemRows makes the rows of an item table one at a time, as itemTable
// makes them all.
type itemRows struct {
	ctx   *cellContext
	cols  []Column
	items []*soup.Item
}

// each yields each row in turn. The row and its cells are reused: they
// are valid until the next.
func (r *itemRows) each(yield func(*Row) bool) {
	cells := make([]Cell, len(r.cols))
	var values, missing []string
	row := Row{Cells: cells}
	for _, it := range r.items {
		values = values[:0]
		missing = r.ctx.missingOf(missing[:0], it)
		for j, c := range r.cols {
			cells[j] = appendCell(&values, fields[c.Field].value(r.ctx, it))
			if len(cells[j]) == 0 && missingIn(fields[c.Field].name, missing) {
				cells[j] = notDocumentedCell
			}
		}
		row.Item = it
		if !yield(&row) {
			return
		}
	}
}

// notDocumentedCell is the cell of a required field left empty.
var notDocumentedCell = Cell{NotDocumented}

func findings(l *soup.List, fs soup.Findings, c *Counts) *Table {
	t := &Table{
		Section:  SectionFindings,
		Title:    "Findings",
		Headings: []string{"Item", "Reference", "Severity", "Rule", "Field", "Message", "Status", "Justification"},
		Empty:    "No findings.",
		Note: fmt.Sprintf("Validation against %s and the policy: %d open, %d suppressed. "+
			"A suppressed finding was accepted with the justification shown.", soup.IEC62304, c.OpenFindings, c.SuppressedFindings),
	}
	names := make(map[string]string, len(l.Items))
	for i := range l.Items {
		if it := &l.Items[i]; it.ID != "" && it.Name != "" {
			names[it.ID] = it.Name
		}
	}
	for i := range fs {
		f := &fs[i]
		item := f.Item
		switch {
		case item == "":
			item = "(list)"
		case f.Name != "":
			item = f.Subject()
		case names[item] != "":
			item += " (" + names[item] + ")"
		}
		status := "open"
		if f.Suppressed {
			status = "suppressed"
		}
		r := textRow(item, f.Reference().String(), f.Severity.String(), f.Rule, f.Field, f.Message, status, f.Justification)
		r.Finding = f
		t.Rows = append(t.Rows, r)
	}
	return t
}

// sortItems sorts items in place by order o (zero means ByRisk). The
// lowered names are made once, not at each comparison.
func sortItems(items []*soup.Item, o Order) {
	if o == AsGiven || len(items) < 2 {
		return
	}
	type keyed struct {
		it    *soup.Item
		lower string
	}
	ks := make([]keyed, len(items))
	for i, it := range items {
		ks[i] = keyed{it, strings.ToLower(it.Name)}
	}
	// items point into one slice, in list order; a stable sort keeps that
	// order as the last tie-breaker.
	slices.SortStableFunc(ks, func(ka, kb keyed) int {
		a, b := ka.it, kb.it
		switch o {
		case ByID:
			// Items without an ID come last.
			if c := cmp.Compare(b2i(a.ID == ""), b2i(b.ID == "")); c != 0 {
				return c
			}
			if c := soup.CompareIDs(a.ID, b.ID); c != 0 {
				return c
			}
		case ByName:
		default:
			if c := cmp.Compare(riskRank(a.RiskLevel), riskRank(b.RiskLevel)); c != 0 {
				return c
			}
		}
		return cmp.Or(
			cmp.Compare(ka.lower, kb.lower),
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Version, b.Version),
			soup.CompareIDs(a.ID, b.ID),
		)
	})
	for i := range ks {
		items[i] = ks[i].it
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// riskRank orders risk levels for ByRisk: unassigned, high, medium, low.
func riskRank(r soup.RiskLevel) int {
	switch r {
	case soup.RiskHigh:
		return 1
	case soup.RiskMedium:
		return 2
	case soup.RiskLow:
		return 3
	}
	return 0
}

func textRow(values ...string) Row {
	cells := make([]Cell, len(values))
	for i, s := range values {
		cells[i] = cell(s)
	}
	return Row{Cells: cells}
}

// cell returns the cleaned non-empty values as a cell.
// appendCell is cell(vs...), its values appended to the slab *values.
func appendCell(values *[]string, vs []string) Cell {
	start := len(*values)
	for _, s := range vs {
		if s != "" {
			*values = append(*values, clean(s))
		}
	}
	if len(*values) == start {
		return nil
	}
	return (*values)[start:len(*values):len(*values)]
}

func cell(values ...string) Cell {
	var c Cell
	for _, s := range values {
		if s != "" {
			c = append(c, clean(s))
		}
	}
	return c
}

// clean makes s plain text as View promises: valid UTF-8 without control
// characters other than newline and tab, and without bidirectional
// overrides.
func clean(s string) string {
	if isPlain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r' || r == '\u2028' || r == '\u2029':
			return '\n'
		case r < 0x20 || (r >= 0x7f && r < 0xa0),
			r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
			return utf8.RuneError
		}
		return r
	}, s)
}

// isPlain reports whether s is printable ASCII, newlines and tabs: the
// common case that needs no cleaning.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f {
			return false
		}
	}
	return true
}
