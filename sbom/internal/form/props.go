package form

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/soupkit/soupkit/soup"
)

// schemaProp marks a document written by Encode; its value is the version
// of the property layout.
const schemaProp = "schema"

// Prop is one soupkit property.
type Prop struct {
	// Name is the property's name without Prefix, such as "riskLevel".
	Name string
	// Value is the value as written (see quote).
	Value string
}

// field maps one field of T to property values: one value for a scalar,
// one per element for a list. A nil result means the field is unset.
type field[T any] struct {
	name string
	// native reports that the formats have a field of their own for it,
	// so that a property is written only where the native field loses it.
	native bool
	// list marks a list field, one value per element.
	list bool
	get  func(*T) []string
	set  func(*T, []string) error
	// same, when set, reports cheaply that two values of the field are
	// equal, so that their property values need not be made to be
	// compared (false may still mean equal values).
	same func(a, b *T) bool
}

// str maps a string field.
func str[T any](name string, native bool, p func(*T) *string) field[T] {
	return field[T]{name: name, native: native,
		same: func(a, b *T) bool { return *p(a) == *p(b) },
		get: func(t *T) []string {
			if s := *p(t); s != "" {
				return []string{s}
			}
			return nil
		},
		set: func(t *T, v []string) error {
			if len(v) != 1 {
				return fmt.Errorf("want one value, have %d", len(v))
			}
			*p(t) = v[0]
			return nil
		}}
}

// list maps a list of strings, one value per element.
func list[T any](name string, native bool, p func(*T) *[]string) field[T] {
	return field[T]{name: name, native: native, list: true,
		same: func(a, b *T) bool { return slices.Equal(*p(a), *p(b)) },
		get:  func(t *T) []string { return *p(t) },
		set: func(t *T, v []string) error {
			*p(t) = slices.Clip(slices.Clone(v))
			return nil
		}}
}

// textValue is a value with a text form, such as an enum or a date.
type textValue[V any] interface {
	*V
	encoding.TextMarshaler
	encoding.TextUnmarshaler
}

// text maps an enum or date through its text form.
func text[T, V any, P textValue[V]](name string, native bool, p func(*T) *V) field[T] {
	return field[T]{name: name, native: native,
		get: func(t *T) []string {
			b, err := P(p(t)).MarshalText()
			if err != nil || len(b) == 0 {
				return nil
			}
			return []string{string(b)}
		},
		set: func(t *T, v []string) error {
			if len(v) != 1 {
				return fmt.Errorf("want one value, have %d", len(v))
			}
			return P(p(t)).UnmarshalText([]byte(v[0]))
		}}
}

// jsonList maps a list of structs, one JSON object per element.
func jsonList[T, E any](name string, native bool, p func(*T) *[]E) field[T] {
	return field[T]{name: name, native: native, list: true,
		same: func(a, b *T) bool { return reflect.DeepEqual(*p(a), *p(b)) },
		get: func(t *T) []string {
			var out []string
			for _, e := range *p(t) {
				b, err := json.Marshal(e)
				if err != nil {
					continue
				}
				out = append(out, string(b))
			}
			return out
		},
		set: func(t *T, v []string) error {
			if len(v) == 0 {
				*p(t) = nil
				return nil
			}
			es := make([]E, len(v))
			for i, s := range v {
				if err := json.Unmarshal([]byte(s), &es[i]); err != nil {
					return fmt.Errorf("element %d: %w", i+1, err)
				}
			}
			*p(t) = es
			return nil
		}}
}

// boolean maps a flag, written "true".
func boolean[T any](name string, p func(*T) *bool) field[T] {
	return field[T]{name: name,
		get: func(t *T) []string {
			if *p(t) {
				return []string{"true"}
			}
			return nil
		},
		set: func(t *T, v []string) error {
			if len(v) != 1 {
				return fmt.Errorf("want one value, have %d", len(v))
			}
			b, err := strconv.ParseBool(v[0])
			*p(t) = b
			return err
		}}
}

// itemFields are the fields of a SOUP item, in the order they are written.
var itemFields = []field[soup.Item]{
	str("id", false, func(it *soup.Item) *string { return &it.ID }),
	str("name", true, func(it *soup.Item) *string { return &it.Name }),
	str("version", true, func(it *soup.Item) *string { return &it.Version }),
	str("manufacturer", true, func(it *soup.Item) *string { return &it.Manufacturer }),
	str("manufacturerSource", false, func(it *soup.Item) *string { return &it.ManufacturerSource }),
	str("purl", true, func(it *soup.Item) *string { return &it.PURL }),
	str("cpe", true, func(it *soup.Item) *string { return &it.CPE }),
	str("license", true, func(it *soup.Item) *string { return &it.License }),
	str("website", true, func(it *soup.Item) *string { return &it.Website }),
	str("issueTracker", true, func(it *soup.Item) *string { return &it.IssueTracker }),
	str("vcs", true, func(it *soup.Item) *string { return &it.VCS }),
	str("description", true, func(it *soup.Item) *string { return &it.Description }),
	jsonList("hashes", true, func(it *soup.Item) *[]soup.Hash { return &it.Hashes }),
	text("dependency", true, func(it *soup.Item) *soup.Dependency { return &it.Dependency }),
	list("requiredBy", true, func(it *soup.Item) *[]string { return &it.RequiredBy }),
	list("systems", false, func(it *soup.Item) *[]string { return &it.Systems }),
	list("requirements.functional", false, func(it *soup.Item) *[]string { return &it.Requirements.Functional }),
	list("requirements.performance", false, func(it *soup.Item) *[]string { return &it.Requirements.Performance }),
	list("requirements.hardware", false, func(it *soup.Item) *[]string { return &it.Requirements.Hardware }),
	list("requirements.software", false, func(it *soup.Item) *[]string { return &it.Requirements.Software }),
	text("riskLevel", false, func(it *soup.Item) *soup.RiskLevel { return &it.RiskLevel }),
	list("failureModes", false, func(it *soup.Item) *[]string { return &it.FailureModes }),
	list("riskRefs", false, func(it *soup.Item) *[]string { return &it.RiskRefs }),
	str("verification.architecture", false, func(it *soup.Item) *string { return &it.Verification.Architecture }),
	str("verification.by", false, func(it *soup.Item) *string { return &it.Verification.By }),
	text("verification.date", false, func(it *soup.Item) *soup.Date { return &it.Verification.Date }),
	str("verification.version", false, func(it *soup.Item) *string { return &it.Verification.Version }),
	str("changeAnalysis.from", false, func(it *soup.Item) *string { return &it.ChangeAnalysis.From }),
	str("changeAnalysis.version", false, func(it *soup.Item) *string { return &it.ChangeAnalysis.Version }),
	str("changeAnalysis.by", false, func(it *soup.Item) *string { return &it.ChangeAnalysis.By }),
	text("changeAnalysis.date", false, func(it *soup.Item) *soup.Date { return &it.ChangeAnalysis.Date }),
	str("changeAnalysis.conclusion", false, func(it *soup.Item) *string { return &it.ChangeAnalysis.Conclusion }),
	str("changeAnalysis.riskControls", false, func(it *soup.Item) *string { return &it.ChangeAnalysis.RiskControls }),
	text("anomalyReview.date", false, func(it *soup.Item) *soup.Date { return &it.AnomalyReview.Date }),
	str("anomalyReview.by", false, func(it *soup.Item) *string { return &it.AnomalyReview.By }),
	str("anomalyReview.version", false, func(it *soup.Item) *string { return &it.AnomalyReview.Version }),
	list("anomalyReview.sources", false, func(it *soup.Item) *[]string { return &it.AnomalyReview.Sources }),
	str("anomalyReview.conclusion", false, func(it *soup.Item) *string { return &it.AnomalyReview.Conclusion }),
	jsonList("anomalyReview.snapshots", false, func(it *soup.Item) *[]soup.Snapshot { return &it.AnomalyReview.Snapshots }),
	jsonList("anomalies", true, func(it *soup.Item) *[]soup.Anomaly { return &it.Anomalies }),
	text("support.level", true, func(it *soup.Item) *soup.SupportLevel { return &it.Support.Level }),
	text("support.endOfSupport", true, func(it *soup.Item) *soup.Date { return &it.Support.EndOfSupport }),
	str("support.justification", false, func(it *soup.Item) *string { return &it.Support.Justification }),
	str("support.source", false, func(it *soup.Item) *string { return &it.Support.Source }),
	text("support.date", false, func(it *soup.Item) *soup.Date { return &it.Support.Date }),
	str("notes", false, func(it *soup.Item) *string { return &it.Notes }),
	boolean("removed", func(it *soup.Item) *bool { return &it.Removed }),
}

// listFields are the fields of a SOUP list outside its items, in the order
// they are written. The system's name, version and manufacturer are native
// to every format (the document's subject).
var listFields = []field[soup.List]{
	str("system.name", true, func(l *soup.List) *string { return &l.System.Name }),
	str("system.version", true, func(l *soup.List) *string { return &l.System.Version }),
	str("system.manufacturer", true, func(l *soup.List) *string { return &l.System.Manufacturer }),
	text("system.safetyClass", false, func(l *soup.List) *soup.SafetyClass { return &l.System.SafetyClass }),
	str("document.title", false, func(l *soup.List) *string { return &l.Document.Title }),
	str("document.id", false, func(l *soup.List) *string { return &l.Document.ID }),
	str("document.revision", false, func(l *soup.List) *string { return &l.Document.Revision }),
	text("document.date", false, func(l *soup.List) *soup.Date { return &l.Document.Date }),
	str("document.author", false, func(l *soup.List) *string { return &l.Document.Author }),
	jsonList("document.approvers", false, func(l *soup.List) *[]soup.Approver { return &l.Document.Approvers }),
	jsonList("document.history", false, func(l *soup.List) *[]soup.Revision { return &l.Document.History }),
	str("riskLevels.low", false, func(l *soup.List) *string { return &l.RiskLevels.Low }),
	str("riskLevels.medium", false, func(l *soup.List) *string { return &l.RiskLevels.Medium }),
	str("riskLevels.high", false, func(l *soup.List) *string { return &l.RiskLevels.High }),
	jsonList("sources", false, func(l *soup.List) *[]soup.Source { return &l.Sources }),
	str("lastIssuedID", false, func(l *soup.List) *string { return &l.LastIssuedID }),
	jsonList("exclusions", false, func(l *soup.List) *[]soup.Exclusion { return &l.Exclusions }),
}

// ItemProps returns the soupkit properties of it: every field that is not
// native, and the native fields whose value differs in back, what a
// reader of the native fields alone gets back. A nil back leaves native
// fields out.
func ItemProps(it, back *soup.Item) []Prop { return props(itemFields, it, back) }

// ListProps returns the soupkit properties of l outside its items, with
// the schema mark first, as ItemProps does for items.
func ListProps(l, back *soup.List) []Prop {
	return append([]Prop{{schemaProp, "1"}}, props(listFields, l, back)...)
}

// props returns the properties of t: every field that is not native, and
// the native fields whose value differs in read, what a reader of the
// native fields alone gets back. A nil read leaves native fields out.
func props[T any](fields []field[T], t, read *T) []Prop {
	var out []Prop
	for _, f := range fields {
		if f.native && read == nil {
			continue
		}
		if f.native && f.same != nil && f.same(t, read) {
			continue // equal values give equal property values
		}
		v := f.get(t)
		if f.native {
			back := f.get(read)
			if slices.Equal(v, back) {
				continue
			}
			if len(v) == 0 {
				// The native field reads back something the list does
				// not hold: an empty value overrides it.
				out = append(out, Prop{f.name, quote("")})
				continue
			}
		}
		for _, s := range v {
			out = append(out, Prop{f.name, quote(s)})
		}
	}
	return out
}

// applyProps sets the fields of t named in ps, which override anything read
// from native fields. It returns the names of the fields it set. Unknown
// names and bad values are reported through warn.
func applyProps[T any](fields []field[T], t *T, ps []Prop, warn func(Warning)) map[string]bool {
	if len(ps) == 0 {
		return nil
	}
	vals := map[string][]string{}
	var order []string
	for _, p := range ps {
		v, err := unquote(p.Value)
		if err != nil {
			warn(Warning{Field: Prefix + p.Name, Message: fmt.Sprintf("property %s%s: %v", Prefix, p.Name, err)})
			continue
		}
		if _, ok := vals[p.Name]; !ok {
			order = append(order, p.Name)
		}
		vals[p.Name] = append(vals[p.Name], v)
	}
	set := map[string]bool{}
	for _, name := range order {
		if name == schemaProp {
			continue
		}
		i := slices.IndexFunc(fields, func(f field[T]) bool { return f.name == name })
		if i < 0 {
			warn(Warning{Field: Prefix + name, Message: fmt.Sprintf("unknown property %s%s", Prefix, name)})
			continue
		}
		v := vals[name]
		if fields[i].list && len(v) == 1 && v[0] == "" {
			v = nil // an empty override clears a list
		}
		if err := fields[i].set(t, v); err != nil {
			warn(Warning{Field: Prefix + name, Message: fmt.Sprintf("property %s%s: %v", Prefix, name, err)})
			continue
		}
		set[name] = true
	}
	return set
}

// quote returns s as a property value: s itself when it is plain text
// that every format keeps as is, else s quoted in Go (JSON-like) syntax.
func quote(s string) string {
	if plain(s) {
		return s
	}
	// "<" is escaped so that no quoted value holds the tag-value <text>
	// markers.
	return strings.ReplaceAll(strconv.Quote(s), "<", `\x3c`)
}

// unquote reverses quote.
func unquote(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		return s, nil
	}
	v, err := strconv.Unquote(s)
	if err != nil {
		return "", fmt.Errorf("invalid quoted value %s", s)
	}
	return v, nil
}

// plain reports whether s survives every encoding unchanged: printable,
// without surrounding space, not starting with a quote and free of the
// tag-value text markers.
func plain(s string) bool {
	if s == "" || s[0] == '"' || !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if !strconv.IsPrint(r) {
			return false
		}
	}
	if strings.IndexByte(s, '<') < 0 {
		return true // no marker, and no lowercase copy to look for one
	}
	l := strings.ToLower(s)
	return !strings.Contains(l, "<text>") && !strings.Contains(l, "</text>")
}
