package soup

import (
	"encoding"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/internal/enum"
)

// The typed enumerations of this package share the machinery of
// internal/enum: each has a zero value meaning "unset" and a fixed list of
// canonical names, value 1 upwards.

// unmarshal sets *v to the value text b names, read by parse; empty text
// means unset.
func unmarshal[E ~int](v *E, b []byte, parse func(string) (E, error)) error {
	if len(b) == 0 {
		*v = 0
		return nil
	}
	x, err := parse(string(b))
	if err != nil {
		return err
	}
	*v = x
	return nil
}

// unmarshalYAML reads the scalar n through u's text form and reports a bad
// value with its line.
func unmarshalYAML(n *yaml.Node, field string, u encoding.TextUnmarshaler) error {
	if err := u.UnmarshalText([]byte(n.Value)); err != nil {
		return yamlTypeError(n, field, err)
	}
	return nil
}

// yamlTypeError turns a parse error into a located YAML type error, so that
// a hand-written file reports every bad value with its line, not just the
// first.
func yamlTypeError(n *yaml.Node, field string, err error) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %s: %s", n.Line, field, strings.TrimPrefix(err.Error(), "soup: "))}}
}

// SafetyClass is the software safety class of IEC 62304 4.3. The zero value
// means no class has been assigned; validation then treats the software as
// class C, as the standard requires.
type SafetyClass int

// The software safety classes of IEC 62304 4.3.
const (
	ClassA SafetyClass = iota + 1 // no injury or damage to health is possible
	ClassB                        // non-serious injury is possible
	ClassC                        // death or serious injury is possible
)

var classes = &enum.Set[SafetyClass]{Pkg: "soup", Type: "SafetyClass", Kind: "safety class", Names: []string{"A", "B", "C"}}

// ParseSafetyClass parses "A", "b", "Class C" or "class-b" into a class. It
// rejects anything else, including risk levels such as "high", which people
// often confuse with classes.
func ParseSafetyClass(s string) (SafetyClass, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimPrefix(strings.TrimPrefix(t, "CLASS"), "-")
	if c, ok := classes.Lookup(t); ok {
		return c, nil
	}
	if _, err := ParseRiskLevel(s); err == nil {
		return 0, fmt.Errorf("soup: invalid safety class %q: that is a risk level; a safety class is A, B or C", s)
	}
	return 0, fmt.Errorf("soup: invalid safety class %q (want A, B or C)", s)
}

// String returns "A", "B" or "C", or "" when unset.
func (c SafetyClass) String() string { return classes.String(c) }

// MarshalText implements encoding.TextMarshaler.
func (c SafetyClass) MarshalText() ([]byte, error) { return classes.MarshalText(c) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unset.
func (c *SafetyClass) UnmarshalText(b []byte) error { return unmarshal(c, b, ParseSafetyClass) }

// UnmarshalYAML reports a bad class with its line.
func (c *SafetyClass) UnmarshalYAML(n *yaml.Node) error { return unmarshalYAML(n, "safetyClass", c) }

// RiskLevel is the risk a SOUP item's malfunction poses, on the three-step
// scale whose definitions each list carries in [List.RiskLevels]
// (IEC 62304 5.1.7, 7.1).
type RiskLevel int

// The risk levels.
const (
	RiskLow RiskLevel = iota + 1
	RiskMedium
	RiskHigh
)

var risks = &enum.Set[RiskLevel]{Pkg: "soup", Type: "RiskLevel", Kind: "risk level", Names: []string{"low", "medium", "high"}}

// ParseRiskLevel parses "low", "Medium" or "HIGH". A safety class written
// where a risk level belongs ("B", "class C") is rejected with an error that
// says so.
func ParseRiskLevel(s string) (RiskLevel, error) {
	if r, ok := risks.Lookup(s); ok {
		return r, nil
	}
	if strings.EqualFold(strings.TrimSpace(s), "med") {
		return RiskMedium, nil
	}
	if isClassLike(s) {
		return 0, fmt.Errorf("soup: invalid risk level %q: that is a safety class; a risk level is low, medium or high", s)
	}
	return 0, fmt.Errorf("soup: invalid risk level %q (want low, medium or high)", s)
}

func isClassLike(t string) bool {
	t = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(t)), "class"))
	t = strings.TrimPrefix(t, "-")
	return t == "a" || t == "b" || t == "c"
}

// String returns "low", "medium" or "high", or "" when unset.
func (r RiskLevel) String() string { return risks.String(r) }

// MarshalText implements encoding.TextMarshaler.
func (r RiskLevel) MarshalText() ([]byte, error) { return risks.MarshalText(r) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unset.
func (r *RiskLevel) UnmarshalText(b []byte) error { return unmarshal(r, b, ParseRiskLevel) }

// UnmarshalYAML reports a bad risk level with its line.
func (r *RiskLevel) UnmarshalYAML(n *yaml.Node) error { return unmarshalYAML(n, "riskLevel", r) }

// AnomalyStatus is the state of a known anomaly with respect to this system,
// in the vocabulary of VEX.
type AnomalyStatus int

// The anomaly statuses.
const (
	StatusAffected AnomalyStatus = iota + 1
	StatusNotAffected
	StatusFixed
	StatusUnderInvestigation
)

var statuses = &enum.Set[AnomalyStatus]{Pkg: "soup", Type: "AnomalyStatus", Kind: "anomaly status",
	Names: []string{"affected", "not-affected", "fixed", "under-investigation"}}

// ParseAnomalyStatus parses one of affected, not-affected, fixed or
// under-investigation ("not_affected" is accepted too).
func ParseAnomalyStatus(s string) (AnomalyStatus, error) {
	return statuses.Parse(strings.ReplaceAll(s, "_", "-"))
}

// String returns the status's canonical name.
func (s AnomalyStatus) String() string { return statuses.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s AnomalyStatus) MarshalText() ([]byte, error) { return statuses.MarshalText(s) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unset.
func (s *AnomalyStatus) UnmarshalText(b []byte) error { return unmarshal(s, b, ParseAnomalyStatus) }

// UnmarshalYAML reports a bad status with its line.
func (s *AnomalyStatus) UnmarshalYAML(n *yaml.Node) error { return unmarshalYAML(n, "status", s) }

// SupportLevel is the supplier's level of support for a component: one of
// the SPDX 3 support levels, or one of the words of the FDA's premarket
// cybersecurity guidance (actively maintained, no longer maintained,
// abandoned), kept as written.
type SupportLevel int

// The support levels.
const (
	SupportDevelopment SupportLevel = iota + 1
	SupportActive                   // "support"
	SupportLimited                  // "limited-support"
	SupportEnded                    // "end-of-support"
	SupportNone                     // "no-support"
	SupportNoAssertion              // "no-assertion": the level is unknown

	// The FDA guidance's words.
	SupportActivelyMaintained // "actively-maintained"
	SupportNoLongerMaintained // "no-longer-maintained"
	SupportAbandoned          // "abandoned"
)

var supportLevels = &enum.Set[SupportLevel]{Pkg: "soup", Type: "SupportLevel", Kind: "support level",
	Names: []string{"development", "support", "limited-support", "end-of-support", "no-support", "no-assertion",
		"actively-maintained", "no-longer-maintained", "abandoned"}}

// Unsupported reports whether level s says that the supplier no longer
// maintains the component: end-of-support, no-support, no longer
// maintained or abandoned.
func (s SupportLevel) Unsupported() bool {
	switch s {
	case SupportEnded, SupportNone, SupportNoLongerMaintained, SupportAbandoned:
		return true
	}
	return false
}

// ParseSupportLevel parses one of the SPDX 3 support levels
// (development, support, limited-support, end-of-support, no-support,
// no-assertion) or the FDA guidance's words (actively maintained, no
// longer maintained, abandoned); underscores, spaces and camel case
// ("endOfSupport") are accepted.
func ParseSupportLevel(s string) (SupportLevel, error) {
	var b strings.Builder
	prev := rune(0)
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '_' || r == ' ':
			b.WriteByte('-')
		case r >= 'A' && r <= 'Z':
			if prev >= 'a' && prev <= 'z' { // camelCase boundary
				b.WriteByte('-')
			}
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	v, err := supportLevels.Parse(b.String())
	if err != nil {
		return 0, fmt.Errorf("soup: invalid support level %q (want one of %s)", s, strings.Join(supportLevels.Names, ", "))
	}
	return v, nil
}

// String returns the level's SPDX 3 name.
func (s SupportLevel) String() string { return supportLevels.String(s) }

// MarshalText implements encoding.TextMarshaler.
func (s SupportLevel) MarshalText() ([]byte, error) { return supportLevels.MarshalText(s) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unset.
func (s *SupportLevel) UnmarshalText(b []byte) error { return unmarshal(s, b, ParseSupportLevel) }

// UnmarshalYAML reports a bad support level with its line.
func (s *SupportLevel) UnmarshalYAML(n *yaml.Node) error { return unmarshalYAML(n, "level", s) }

// Dependency says how a SOUP item enters the system: required directly by
// the system's own code, or pulled in by another SOUP item.
type Dependency int

// The kinds of dependency.
const (
	Direct Dependency = iota + 1
	Transitive
)

var dependencies = &enum.Set[Dependency]{Pkg: "soup", Type: "Dependency", Kind: "dependency", Names: []string{"direct", "transitive"}}

// String returns "direct" or "transitive", or "" when unknown.
func (d Dependency) String() string { return dependencies.String(d) }

// MarshalText implements encoding.TextMarshaler.
func (d Dependency) MarshalText() ([]byte, error) { return dependencies.MarshalText(d) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unknown.
func (d *Dependency) UnmarshalText(b []byte) error { return dependencies.Unmarshal(d, b) }

// UnmarshalYAML reports a bad dependency kind with its line.
func (d *Dependency) UnmarshalYAML(n *yaml.Node) error { return unmarshalYAML(n, "dependency", d) }
