package soup

import (
	"fmt"
	"time"

	"github.com/soupkit/soupkit/internal/enum"
)

// Authority names the document that requires a rule: a standard with its
// edition, a guidance, or the team's own policy.
type Authority string

// The authorities rules cite. Each names the edition it refers to, so that
// a reader can tell which text a clause number points into.
const (
	// IEC62304 is IEC 62304:2006 with Amendment 1:2015 (the consolidated
	// edition 1.1), whose Table A.1 says which clause applies to which
	// software safety class.
	IEC62304 Authority = "IEC 62304:2006+A1:2015"
	// FDAPremarket is the FDA guidance "Cybersecurity in Medical Devices:
	// Quality System Considerations and Content of Premarket Submissions"
	// (2023, updated 2025), whose section V.A.4 lists what an SBOM of a
	// premarket submission documents for each component.
	FDAPremarket Authority = "FDA premarket cybersecurity guidance"
	// IEC81001 is IEC 81001-5-1:2021, health software security activities
	// in the product life cycle.
	IEC81001 Authority = "IEC 81001-5-1"
	// NTIA is "The Minimum Elements For a Software Bill of Materials"
	// (NTIA, July 2021).
	NTIA Authority = "NTIA minimum elements"
	// CISAVEX is "Minimum Requirements for Vulnerability Exploitability
	// eXchange (VEX)" (CISA, April 2023).
	CISAVEX Authority = "CISA VEX minimum requirements"
	// TeamPolicy is the team's own choice, written in its policy; no
	// standard requires it.
	TeamPolicy Authority = "policy"
)

// Reference is what requires a rule: an authority and, unless the
// authority is [TeamPolicy], the clause in it ("8.1.2", "V.A.4").
type Reference struct {
	Source Authority `json:"source"`
	Clause string    `json:"clause,omitempty"`
}

// String returns the authority and clause, "IEC 62304:2006+A1:2015 8.1.2",
// or "policy".
func (r Reference) String() string {
	switch {
	case r.Clause == "":
		return string(r.Source)
	case r.Source == "":
		return r.Clause
	}
	return string(r.Source) + " " + r.Clause
}

// IsZero reports whether r is unset.
func (r Reference) IsZero() bool { return r == Reference{} }

// Finding is one problem validation found in a SOUP list. Findings are data,
// not errors: a caller prints, filters or suppresses them.
type Finding struct {
	// Rule is a stable kebab-case identifier such as "requirements-missing".
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Item is the ID of the item concerned (its name when it has no ID);
	// empty for the list itself.
	Item string `json:"item"`
	// Name, Version and PURL identify the item concerned, as the list
	// gives them; empty for the list itself.
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	PURL    string `json:"purl,omitempty"`
	// Field is the field concerned, in the native encoding's names
	// ("requirements.functional").
	Field string `json:"field"`
	// Source and Clause are what requires the rule in the validated
	// class: Source the authority (an edition of a standard, a guidance,
	// or "policy") and Clause the clause in it, such as "5.3.3"; see
	// [Finding.Reference].
	Source Authority `json:"source"`
	Clause string    `json:"clause"`
	// Message says what is wrong in a sentence or two.
	Message string `json:"message"`
	// Suppressed is set when a policy suppression covers the finding;
	// Justification is then the suppression's written justification.
	Suppressed    bool   `json:"suppressed"`
	Justification string `json:"justification,omitempty"`
}

// Reference returns the finding's source and clause.
func (f Finding) Reference() Reference { return Reference{Source: f.Source, Clause: f.Clause} }

// Subject names what the finding is about: "SOUP-0001 flask@1.1.2", the
// item reference alone when the name is not known, or "(list)".
func (f Finding) Subject() string {
	if f.Item == "" {
		return "(list)"
	}
	name := f.Name
	if name != "" && f.Version != "" {
		name += "@" + f.Version
	}
	if name == "" || name == f.Item {
		return f.Item
	}
	return f.Item + " " + name
}

// String formats f on one line: subject, rule, reference, severity and
// message.
func (f Finding) String() string {
	s := fmt.Sprintf("%s  %s  %s  %s: %s", f.Subject(), f.Rule, f.Reference(), f.Severity, f.Message)
	if f.Suppressed {
		s += " [suppressed: " + f.Justification + "]"
	}
	return s
}

// Severity is how serious a validation [Finding] is.
type Severity int

// The severities of findings.
const (
	SeverityWarning Severity = iota + 1
	SeverityError
)

var severities = &enum.Set[Severity]{Pkg: "soup", Type: "Severity", Kind: "severity", Names: []string{"warning", "error"}}

// String returns "warning" or "error".
func (s Severity) String() string { return severities.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return severities.MarshalText(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error { return severities.Unmarshal(s, b) }

// Findings is a list of findings. Like go/scanner.ErrorList it is itself an
// error, and Err returns nil when nothing at error level is left.
type Findings []Finding

// Error implements error, listing the unsuppressed error-level findings.
func (fs Findings) Error() string {
	var lines []string
	for _, f := range fs.Open() {
		if f.Severity == SeverityError {
			lines = append(lines, f.String())
		}
	}
	switch len(lines) {
	case 0:
		return "no findings at error level"
	case 1:
		return lines[0]
	}
	return fmt.Sprintf("%s (and %d more findings at error level)", lines[0], len(lines)-1)
}

// Err returns fs as an error if it holds an unsuppressed finding at error
// level, else nil.
func (fs Findings) Err() error {
	for _, f := range fs {
		if !f.Suppressed && f.Severity == SeverityError {
			return fs
		}
	}
	return nil
}

// Open returns the findings that are not suppressed.
func (fs Findings) Open() Findings {
	n := 0
	for i := range fs {
		if !fs[i].Suppressed {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make(Findings, 0, n)
	for _, f := range fs {
		if !f.Suppressed {
			out = append(out, f)
		}
	}
	return out
}

// ForItem returns the findings about the item with the given ID.
func (fs Findings) ForItem(id string) Findings {
	var out Findings
	for _, f := range fs {
		if f.Item == id {
			out = append(out, f)
		}
	}
	return out
}

// Policy is what a validation checks against. The zero Policy validates
// with the list's own safety class (class C when it has none), no clock
// (so no review-age check), and no opt-in rules.
type Policy struct {
	// Class overrides the list's safety class when set.
	Class SafetyClass
	// Now is the validation date, for the anomaly review's age. Zero means
	// no clock: the age is not checked. soupkit never reads the clock.
	Now time.Time
	// MaxReviewAge is the longest time since an anomaly review (7.1.3)
	// before it is stale; zero means no limit.
	MaxReviewAge time.Duration
	// MonitoringInterval is the longest time since the published anomaly
	// data an item was last evaluated against (AnomalyReview.Snapshots)
	// before it must be evaluated again (6.2.1); zero means MaxReviewAge.
	MonitoringInterval time.Duration
	// Suppressions mark findings as accepted; they are reported as
	// suppressed, never hidden.
	Suppressions []Suppression
	// RequireLicense asks for a licence on every item, as a valid SPDX
	// expression.
	RequireLicense bool
	// RequireSupplier asks for a supplier (manufacturer) on every item even
	// in classes where 8.1.2 is satisfied otherwise; it makes the finding an
	// error in every class. (8.1.2 always asks for one.)
	RequireSupplier bool
	// RequireSupport asks for a support level and end of support, or a
	// written justification of why they are unknown; an end of support
	// that has passed is then an error, not a warning.
	RequireSupport bool
	// SupportWarning is how long before an item's end of support a
	// warning is given; zero means none. It needs Now.
	SupportWarning time.Duration
}

// Suppression accepts the findings of one rule for one item (or, with an
// empty Item, for the whole list and every item). A suppression needs a
// written justification, who approved it and when; without them it
// suppresses nothing and is itself a finding, as is one past its expiry
// and one that matches no finding. A rule that IEC 62304 requires in the
// validated class can be suppressed only for an item, never list-wide.
type Suppression struct {
	Rule          string `json:"rule" yaml:"rule"`
	Item          string `json:"item,omitempty" yaml:"item,omitempty"`
	Justification string `json:"justification" yaml:"justification"`
	// ApprovedBy names who accepted the suppression, and Approved when.
	ApprovedBy string `json:"approvedBy,omitempty" yaml:"approvedBy,omitempty"`
	Approved   Date   `json:"approved,omitzero" yaml:"approved,omitempty"`
	// Expires, when set, is the last day the suppression applies (it
	// needs Policy.Now to be checked).
	Expires Date `json:"expires,omitzero" yaml:"expires,omitempty"`
	// Reference points to the record of the decision (a ticket, a
	// deviation report).
	Reference string `json:"reference,omitempty" yaml:"reference,omitempty"`
}
