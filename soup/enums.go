package soup

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// enum is the shared machinery behind the typed enumerations of this
// package: each has a zero value meaning "unset" and a fixed list of
// canonical names, index 1 upwards.
type enum interface {
	~int
}

func enumString[E enum](v E, names []string) string {
	if v > 0 && int(v) < len(names) {
		return names[v]
	}
	if v == 0 {
		return ""
	}
	return fmt.Sprintf("%s(%d)", names[0], int(v))
}

func enumMarshal[E enum](v E, names []string) ([]byte, error) {
	if v < 0 || int(v) >= len(names) {
		return nil, fmt.Errorf("soup: invalid %s %d", names[0], int(v))
	}
	return []byte(enumString(v, names)), nil
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

var classNames = []string{"SafetyClass", "A", "B", "C"}

// ParseSafetyClass parses "A", "b", "Class C" or "class-b" into a class. It
// rejects anything else, including risk levels such as "high", which people
// often confuse with classes.
func ParseSafetyClass(s string) (SafetyClass, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "CLASS"), "-"))
	switch t {
	case "A":
		return ClassA, nil
	case "B":
		return ClassB, nil
	case "C":
		return ClassC, nil
	}
	if _, err := ParseRiskLevel(s); err == nil {
		return 0, fmt.Errorf("soup: invalid safety class %q: that is a risk level; a safety class is A, B or C", s)
	}
	return 0, fmt.Errorf("soup: invalid safety class %q (want A, B or C)", s)
}

// String returns "A", "B" or "C", or "" when unset.
func (c SafetyClass) String() string { return enumString(c, classNames) }

// MarshalText implements encoding.TextMarshaler.
func (c SafetyClass) MarshalText() ([]byte, error) { return enumMarshal(c, classNames) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unset.
func (c *SafetyClass) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = 0
		return nil
	}
	v, err := ParseSafetyClass(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// UnmarshalYAML reports a bad class with its line.
func (c *SafetyClass) UnmarshalYAML(n *yaml.Node) error {
	if err := c.UnmarshalText([]byte(n.Value)); err != nil {
		return yamlTypeError(n, "safetyClass", err)
	}
	return nil
}

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

var riskNames = []string{"RiskLevel", "low", "medium", "high"}

// ParseRiskLevel parses "low", "Medium" or "HIGH". A safety class written
// where a risk level belongs ("B", "class C") is rejected with an error that
// says so.
func ParseRiskLevel(s string) (RiskLevel, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for i, n := range riskNames[1:] {
		if t == n {
			return RiskLevel(i + 1), nil
		}
	}
	if t == "med" {
		return RiskMedium, nil
	}
	if isClassLike(t) {
		return 0, fmt.Errorf("soup: invalid risk level %q: that is a safety class; a risk level is low, medium or high", s)
	}
	return 0, fmt.Errorf("soup: invalid risk level %q (want low, medium or high)", s)
}

func isClassLike(t string) bool {
	t = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(t), "class"))
	t = strings.TrimPrefix(t, "-")
	return t == "a" || t == "b" || t == "c"
}

// String returns "low", "medium" or "high", or "" when unset.
func (r RiskLevel) String() string { return enumString(r, riskNames) }

// MarshalText implements encoding.TextMarshaler.
func (r RiskLevel) MarshalText() ([]byte, error) { return enumMarshal(r, riskNames) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unset.
func (r *RiskLevel) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = 0
		return nil
	}
	v, err := ParseRiskLevel(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// UnmarshalYAML reports a bad risk level with its line.
func (r *RiskLevel) UnmarshalYAML(n *yaml.Node) error {
	if err := r.UnmarshalText([]byte(n.Value)); err != nil {
		return yamlTypeError(n, "riskLevel", err)
	}
	return nil
}

// Severity is how serious a validation [Finding] is.
type Severity int

// The severities of findings.
const (
	SeverityWarning Severity = iota + 1
	SeverityError
)

var severityNames = []string{"Severity", "warning", "error"}

// String returns "warning" or "error".
func (s Severity) String() string { return enumString(s, severityNames) }

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return enumMarshal(s, severityNames) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	return parseEnum(s, string(b), severityNames)
}

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

var statusNames = []string{"AnomalyStatus", "affected", "not-affected", "fixed", "under-investigation"}

// ParseAnomalyStatus parses one of affected, not-affected, fixed or
// under-investigation ("not_affected" is accepted too).
func ParseAnomalyStatus(s string) (AnomalyStatus, error) {
	var v AnomalyStatus
	err := parseEnum(&v, strings.ReplaceAll(s, "_", "-"), statusNames)
	return v, err
}

// String returns the status's canonical name.
func (s AnomalyStatus) String() string { return enumString(s, statusNames) }

// MarshalText implements encoding.TextMarshaler.
func (s AnomalyStatus) MarshalText() ([]byte, error) { return enumMarshal(s, statusNames) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unset.
func (s *AnomalyStatus) UnmarshalText(b []byte) error {
	v, err := ParseAnomalyStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// UnmarshalYAML reports a bad status with its line.
func (s *AnomalyStatus) UnmarshalYAML(n *yaml.Node) error {
	if err := s.UnmarshalText([]byte(n.Value)); err != nil {
		return yamlTypeError(n, "status", err)
	}
	return nil
}

// SupportLevel is the supplier's level of support for a component, in the
// SPDX 3 vocabulary that the FDA's premarket cybersecurity guidance uses.
type SupportLevel int

// The support levels.
const (
	SupportDevelopment SupportLevel = iota + 1
	SupportActive                   // "support"
	SupportLimited                  // "limited-support"
	SupportEnded                    // "end-of-support"
	SupportNone                     // "no-support"
	SupportNoAssertion              // "no-assertion": the level is unknown
)

var supportNames = []string{"SupportLevel", "development", "support", "limited-support", "end-of-support", "no-support", "no-assertion"}

// ParseSupportLevel parses one of the SPDX 3 support levels
// (development, support, limited-support, end-of-support, no-support,
// no-assertion); underscores and camel case ("endOfSupport") are accepted.
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
	var v SupportLevel
	err := parseEnum(&v, b.String(), supportNames)
	if err != nil {
		return 0, fmt.Errorf("soup: invalid support level %q (want one of %s)", s, strings.Join(supportNames[1:], ", "))
	}
	return v, nil
}

// String returns the level's SPDX 3 name.
func (s SupportLevel) String() string { return enumString(s, supportNames) }

// MarshalText implements encoding.TextMarshaler.
func (s SupportLevel) MarshalText() ([]byte, error) { return enumMarshal(s, supportNames) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unset.
func (s *SupportLevel) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	v, err := ParseSupportLevel(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// UnmarshalYAML reports a bad support level with its line.
func (s *SupportLevel) UnmarshalYAML(n *yaml.Node) error {
	if err := s.UnmarshalText([]byte(n.Value)); err != nil {
		return yamlTypeError(n, "level", err)
	}
	return nil
}

// Dependency says how a SOUP item enters the system: required directly by
// the system's own code, or pulled in by another SOUP item.
type Dependency int

// The kinds of dependency.
const (
	Direct Dependency = iota + 1
	Transitive
)

var dependencyNames = []string{"Dependency", "direct", "transitive"}

// String returns "direct" or "transitive", or "" when unknown.
func (d Dependency) String() string { return enumString(d, dependencyNames) }

// MarshalText implements encoding.TextMarshaler.
func (d Dependency) MarshalText() ([]byte, error) { return enumMarshal(d, dependencyNames) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text means unknown.
func (d *Dependency) UnmarshalText(b []byte) error {
	return parseEnum(d, string(b), dependencyNames)
}

// UnmarshalYAML reports a bad dependency kind with its line.
func (d *Dependency) UnmarshalYAML(n *yaml.Node) error {
	if err := d.UnmarshalText([]byte(n.Value)); err != nil {
		return yamlTypeError(n, "dependency", err)
	}
	return nil
}

// parseEnum sets *v to the index of s in names (case-insensitively); empty s
// means unset.
func parseEnum[E enum](v *E, s string, names []string) error {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		*v = 0
		return nil
	}
	for i, n := range names[1:] {
		if t == n {
			*v = E(i + 1)
			return nil
		}
	}
	return fmt.Errorf("soup: invalid %s %q (want one of %s)", strings.ToLower(names[0]), s, strings.Join(names[1:], ", "))
}
