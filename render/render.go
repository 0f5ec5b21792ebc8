// Package render writes a SOUP list as a controlled document: Markdown,
// HTML, CSV, JSON, or a Go template of the caller's own.
//
// The package is shaped like log/slog. A [Renderer] is one small interface;
// renderers are values whose exported fields are their format-specific
// options ([Markdown], [HTML], [CSV], [JSON], [Template]), and the options
// every format shares — columns, findings, optional sections, sort order,
// date — are in [Options], where nil means defaults. The heavy renderers
// live in their own packages (render/xlsx, render/pdf) so that importers of
// render do not pay for their dependencies.
//
// Every renderer builds its document from a [View] made by [NewView]: the
// format-neutral content of the document (title, document control,
// approval block, evidence of origin, summary, risk-level definitions, the
// SOUP table, findings) as plain-text tables. A renderer decides only how
// to lay it out and escape it, so all formats say the same thing.
//
// A [Registry] maps format names to renderers. There is no global registry:
// [Builtin] returns a new one holding the renderers of this package, and a
// program adds its own (or render/xlsx's, render/pdf's) to the registry it
// holds. Package render/rendertest is a conformance suite for any renderer.
//
// Output is deterministic: the same list and options give the same bytes.
// Nothing reads the clock; the date printed is [Options.Date] or the list's
// document date.
package render

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"sync"

	"github.com/soupkit/soupkit/internal/enum"
	"github.com/soupkit/soupkit/soup"
)

// A Renderer writes a SOUP list, and the findings and sections opts asks
// for, to w. A nil opts means defaults.
//
// A Renderer must not modify l, must write nothing to w when it fails
// before the output is complete (render to a buffer, then write), must
// produce the same bytes for the same input, and must be safe for
// concurrent use. Package render/rendertest checks these properties.
type Renderer interface {
	Render(w io.Writer, l *soup.List, opts *Options) error
}

// Options are the settings every renderer shares. The zero value, like a
// nil *Options, renders the full preset with every default section.
type Options struct {
	// Columns are the columns of the SOUP table, in order. Nil (or empty)
	// means the full preset; see [Preset] and [ParseColumns].
	Columns []Column

	// Findings are the validation findings to print in a findings section.
	// Nil means no findings section; a non-nil empty Findings prints the
	// section saying there are none.
	Findings soup.Findings

	// OmitSummary leaves out the summary (counts by risk level, direct and
	// transitive items, items with open findings).
	OmitSummary bool
	// OmitRiskLevels leaves out the table of risk-level definitions, which
	// is otherwise printed when the list defines any level.
	OmitRiskLevels bool

	// Sort is the order of the items; the zero value is [ByRisk].
	Sort Order

	// Date is the date printed on the document. The zero Date means the
	// list's document date. Renderers never read the clock.
	Date soup.Date

	// Validation is the context of the validation the document reports:
	// the class and policy the list was checked against, and every
	// finding. The document's status (DRAFT while a finding at error level
	// is open), its compliance summary and its NOT DOCUMENTED cells come
	// from it. Nil means Findings when they are set, else a validation
	// made while rendering with the zero soup.Policy (the list's class, no
	// clock, no suppression), which the document then says.
	Validation *Validation
}

// Validation is the context of a validation, printed in the document so
// that its reader knows what the list was checked against.
type Validation struct {
	// Class is the class the list was checked against; zero means the
	// list's own, else class C.
	Class soup.SafetyClass
	// Date is the date of the validation (the policy's Now); zero means
	// none was given.
	Date soup.Date
	// Policy names the policy the list was checked against (a file name)
	// and PolicyDigest is "sha256:" and the hex SHA-256 of its bytes;
	// both empty for the default policy.
	Policy, PolicyDigest string
	// Curated names the curated file the list was reconciled with and
	// CuratedDigest is "sha256:" and the hex SHA-256 of its bytes.
	Curated, CuratedDigest string
	// Findings are all the findings of the validation, suppressed ones
	// included.
	Findings soup.Findings
	// FindingSeq, when set and Findings is nil, yields the findings of
	// the validation in place of Findings, as [soup.List.ValidateSeq]
	// does, so that a renderer can go through the findings of a large
	// list without holding them all. It may be called more than once and
	// must yield the same findings each time. [NewView] collects them into
	// the view's Context.Findings.
	FindingSeq iter.Seq[soup.Finding]
}

// all returns the findings of the validation: Findings, else those
// FindingSeq yields.
func (val *Validation) all() iter.Seq[soup.Finding] {
	if val.Findings == nil && val.FindingSeq != nil {
		return val.FindingSeq
	}
	return func(yield func(soup.Finding) bool) {
		for i := range val.Findings {
			if !yield(val.Findings[i]) {
				return
			}
		}
	}
}

// Order is the order in which items are listed.
type Order int

// The orders of items. Each breaks ties by name, then version, then ID,
// then position in the list, so that the order is total.
const (
	// ByRisk lists the items whose risk level is not assigned first (an
	// unassessed item is treated as the highest risk), then high, medium
	// and low; within a level by name (case-insensitively), then version.
	// It is the default.
	ByRisk Order = iota + 1
	// ByName lists the items by name (case-insensitively), then version.
	ByName
	// ByID lists the items by ID, comparing numbers by value (SOUP-9
	// before SOUP-10); items without an ID come last.
	ByID
	// AsGiven keeps the order of the list.
	AsGiven
)

var orders = &enum.Set[Order]{Pkg: "render", Type: "Order", Kind: "order", Names: []string{"risk", "name", "id", "given"}}

// String returns "risk", "name", "id" or "given", or "" for the zero
// Order.
func (o Order) String() string { return orders.String(o) }

// MarshalText implements encoding.TextMarshaler.
func (o Order) MarshalText() ([]byte, error) { return orders.MarshalText(o) }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts the names
// String returns, in any case, and empty text for the zero Order.
func (o *Order) UnmarshalText(b []byte) error { return orders.Unmarshal(o, b) }

// write writes the finished output b to w, naming the format in an error.
func write(w io.Writer, format string, b []byte) error {
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("render: %s: write: %w", format, err)
	}
	return nil
}

// ErrDuplicate is returned, wrapped, by [Registry.Register] when the name
// is taken.
var ErrDuplicate = errors.New("render: duplicate renderer name")

// A Registry maps format names to renderers. It is safe for concurrent use
// and its zero value is an empty registry ready to use. It must not be
// copied after first use.
type Registry struct {
	mu sync.RWMutex
	m  map[string]Renderer
}

// Builtin returns a new registry holding the renderers of this package
// with their default options, under the names markdown, html, csv, json
// and template.
func Builtin() *Registry {
	r := new(Registry)
	for _, e := range []struct {
		name string
		r    Renderer
	}{
		{"markdown", Markdown{}},
		{"html", HTML{}},
		{"csv", CSV{}},
		{"json", JSON{}},
		{"template", Template{}},
	} {
		_ = r.Register(e.name, e.r) // the names are distinct
	}
	return r
}

// Register adds r under name. It returns an error wrapping [ErrDuplicate]
// when name is already registered, and an error when name is empty or r is
// nil.
func (reg *Registry) Register(name string, r Renderer) error {
	if name == "" {
		return errors.New("render: register: empty name")
	}
	if r == nil {
		return fmt.Errorf("render: register %q: nil renderer", name)
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if _, ok := reg.m[name]; ok {
		return fmt.Errorf("%w %q", ErrDuplicate, name)
	}
	if reg.m == nil {
		reg.m = make(map[string]Renderer)
	}
	reg.m[name] = r
	return nil
}

// Lookup returns the renderer registered under name.
func (reg *Registry) Lookup(name string) (Renderer, bool) {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	r, ok := reg.m[name]
	return r, ok
}

// Names returns the registered names, sorted.
func (reg *Registry) Names() []string {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	names := make([]string, 0, len(reg.m))
	for n := range reg.m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
