package form

import (
	"fmt"
	"slices"
	"strings"

	"github.com/soupkit/soupkit/internal/yamlcheck"
	"github.com/soupkit/soupkit/soup"
)

// Report says what decoding did with the input: how many items it kept and
// what it found no place for in a SOUP list, so that nothing disappears
// without a word.
type Report struct {
	// Items is the number of items in the decoded list.
	Items int
	// Merged counts entries merged into another item of the same key and
	// version.
	Merged int
	// Ignored counts what the input holds that a SOUP list has no place
	// for, by kind, sorted by kind.
	Ignored []Count
	// Warnings are problems decoding tolerated, in input order.
	Warnings []Warning
	// Source describes the document read: its format, serial number
	// (CycloneDX) or namespace (SPDX), CycloneDX version, timestamp and
	// tools. The list's Sources hold it too, unless soupkit wrote the
	// document: then they are the sources it carries, if any.
	Source soup.Source
}

// Count is a number of things of one kind.
type Count struct {
	What string
	N    int
}

// Warning is a problem decoding tolerated, such as a malformed package URL
// it dropped.
type Warning struct {
	// Line and Column place the problem in the input (1-based); 0 when
	// unknown.
	Line, Column int
	// Ref names the element: a label such as `component "flask 1.1.2"`
	// or `package SPDXRef-flask`; empty for the whole document.
	Ref string
	// Field names the field or property concerned ("purl",
	// "validUntilDate", "soupkit:riskLevel"); empty when none is.
	Field string
	// Message says what was wrong and what decoding did about it, in
	// words that name the field.
	Message string
}

// String returns the warning as one line: "<ref>: <message>" (the
// message names the field, and the position is left to those who read
// the fields).
func (w Warning) String() string {
	msg := yamlcheck.Excerpt(w.Message, maxMessage)
	if w.Ref == "" {
		return msg
	}
	return yamlcheck.Excerpt(w.Ref, maxRef) + ": " + msg
}

// String summarises r on one line: "kept 412 items, merged 3 duplicates;
// ignored 3 service, 2 property syft:location:N:path".
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kept %d items", r.Items)
	if r.Merged > 0 {
		fmt.Fprintf(&b, ", merged %d duplicates", r.Merged)
	}
	for i, c := range r.Ignored {
		if i == 0 {
			b.WriteString("; ignored ")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", c.N, c.What)
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(&b, "; %d warnings", len(r.Warnings))
	}
	return b.String()
}

// maxWarnings bounds Report.Warnings.
const maxWarnings = 100

// Reporter collects a Report. Its zero value is ready to use.
type Reporter struct {
	ignored map[kind]int
	// props counts ignored properties by their name as written, folded
	// into ignored when the report is made.
	props    map[string]int
	warnings []Warning
	dropped  int
}

// kind is a kind of thing ignored: a general kind and, for properties,
// external references and relationships, the name of its type.
type kind struct{ what, name string }

// Ignore counts n things of kind what.
func (r *Reporter) Ignore(what string, n int) { r.IgnoreNamed(what, "", n) }

// IgnoreNamed counts n things of kind what and type name, such as
// external references of type "distribution".
func (r *Reporter) IgnoreNamed(what, name string, n int) {
	if n <= 0 {
		return
	}
	if r.ignored == nil {
		r.ignored = map[kind]int{}
	}
	r.ignored[kind{what, name}] += n
}

// IgnoreProperty counts a property by its name with numbers replaced by N,
// so that syft:location:0:path and syft:location:1:path count together.
func (r *Reporter) IgnoreProperty(name string) {
	if r.props == nil {
		r.props = map[string]int{}
	}
	r.props[name]++
}

// propertyKind is the name of a property with each run of digits replaced
// by N.
func propertyKind(name string) string {
	if !strings.ContainsAny(name, "0123456789") {
		return name
	}
	var b strings.Builder
	digit := false
	for _, c := range name {
		switch d := c >= '0' && c <= '9'; {
		case d && !digit:
			b.WriteByte('N')
		case !d:
			b.WriteRune(c)
		}
		digit = c >= '0' && c <= '9'
	}
	return b.String()
}

// Warn records a warning, up to a bound; past it, warnings are counted.
func (r *Reporter) Warn(w Warning) {
	if len(r.warnings) >= maxWarnings {
		r.dropped++
		return
	}
	r.warnings = append(r.warnings, w)
}

// Prepend puts the warnings of first, collected before r's, in front of
// r's, and adds first's counts to r's.
func (r *Reporter) Prepend(first *Reporter) {
	r.warnings = append(first.warnings, r.warnings...)
	r.dropped += first.dropped
	for k, n := range first.ignored {
		r.IgnoreNamed(k.what, k.name, n)
	}
}

// Report returns the report of a list of items holding merged duplicates.
func (r *Reporter) Report(items, merged int) *Report {
	for name, n := range r.props {
		r.IgnoreNamed("property", propertyKind(name), n)
	}
	r.props = nil
	rep := &Report{Items: items, Merged: merged, Warnings: r.warnings}
	if r.dropped > 0 {
		rep.Warnings = append(rep.Warnings, Warning{Message: fmt.Sprintf("… and %d more warnings", r.dropped)})
	}
	for k, n := range r.ignored {
		what := k.what
		if k.name != "" {
			what += " " + k.name
		}
		rep.Ignored = append(rep.Ignored, Count{what, n})
	}
	slices.SortFunc(rep.Ignored, func(a, b Count) int { return strings.Compare(a.What, b.What) })
	return rep
}
