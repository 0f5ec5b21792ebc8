package soup

import (
	"fmt"
	"time"

	"github.com/soupkit/soupkit/internal/enum"
)

// Finding is one problem validation found in a SOUP list. Findings are data,
// not errors: a caller prints, filters or suppresses them.
type Finding struct {
	// Rule is a stable kebab-case identifier such as "requirements-missing".
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Item is the ID of the item concerned (its name when it has no ID);
	// empty for the list itself.
	Item string `json:"item"`
	// Field is the field concerned, in the native encoding's names
	// ("requirements.functional").
	Field string `json:"field"`
	// Clause is the IEC 62304 clause the rule enforces, such as "5.3.3".
	Clause  string `json:"clause"`
	Message string `json:"message"`
	// Suppressed is set when a policy suppression covers the finding;
	// Justification is then the suppression's written justification.
	Suppressed    bool   `json:"suppressed"`
	Justification string `json:"justification,omitempty"`
}

// String formats f on one line: item, rule, clause, severity and message.
func (f Finding) String() string {
	item := f.Item
	if item == "" {
		item = "(list)"
	}
	s := fmt.Sprintf("%s  %s  %s  %s: %s", item, f.Rule, f.Clause, f.Severity, f.Message)
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
	var out Findings
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
	// written justification of why they are unknown.
	RequireSupport bool
}

// Suppression accepts the findings of one rule for one item (or, with an
// empty Item, for the whole list and every item). A suppression without a
// justification suppresses nothing and is itself a finding.
type Suppression struct {
	Rule          string `json:"rule" yaml:"rule"`
	Item          string `json:"item,omitempty" yaml:"item,omitempty"`
	Justification string `json:"justification" yaml:"justification"`
}
