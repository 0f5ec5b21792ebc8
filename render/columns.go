package render

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/soupkit/soupkit/internal/enum"
	"github.com/soupkit/soupkit/soup"
)

// A Column is one column of the SOUP table: the field it shows and its
// heading.
type Column struct {
	Field Field
	// Heading is the column's heading; empty means the field's own
	// heading ([Field.Heading]).
	Heading string
}

// Title returns the column's heading: Heading, else the field's.
func (c Column) Title() string {
	if c.Heading != "" {
		return c.Heading
	}
	return c.Field.Heading()
}

// Field is a field of a SOUP item that a column shows. Most fields are
// named after the item's field in the native encoding ("riskLevel",
// "requirements.functional"); a few combine several ("requirements",
// "verification") or derive a value ("language" from the package URL's
// type), as the presets need.
type Field int

// The fields. The comment gives the field's name ([Field.String]).
const (
	FieldID                       Field = iota + 1 // id
	FieldName                                      // name
	FieldVersion                                   // version
	FieldManufacturer                              // manufacturer
	FieldPURL                                      // purl
	FieldCPE                                       // cpe
	FieldLicense                                   // license
	FieldWebsite                                   // website
	FieldIssueTracker                              // issueTracker
	FieldVCS                                       // vcs
	FieldDescription                               // description
	FieldHashes                                    // hashes: "algorithm:value" each
	FieldDependency                                // dependency: direct or transitive
	FieldRequiredBy                                // requiredBy
	FieldSystems                                   // systems
	FieldRequirements                              // requirements: all four kinds, each value prefixed by its kind
	FieldFunctional                                // requirements.functional
	FieldPerformance                               // requirements.performance
	FieldHardware                                  // requirements.hardware
	FieldSoftware                                  // requirements.software
	FieldRiskLevel                                 // riskLevel
	FieldFailureModes                              // failureModes
	FieldRiskRefs                                  // riskRefs
	FieldVerification                              // verification: architecture, then who, when and which version
	FieldVerificationArchitecture                  // verification.architecture
	FieldVerificationBy                            // verification.by
	FieldVerificationDate                          // verification.date
	FieldVerificationVersion                       // verification.version
	FieldAnomalyReview                             // anomalyReview: conclusion, then who, when, version and sources
	FieldAnomalyReviewDate                         // anomalyReview.date
	FieldAnomalyReviewBy                           // anomalyReview.by
	FieldAnomalyReviewVersion                      // anomalyReview.version
	FieldAnomalyReviewSources                      // anomalyReview.sources
	FieldAnomalyReviewConclusion                   // anomalyReview.conclusion
	FieldAnomalies                                 // anomalies: "ID (status): justification" each
	FieldSupport                                   // support: level, end of support and justification
	FieldSupportLevel                              // support.level
	FieldEndOfSupport                              // support.endOfSupport
	FieldSupportJustification                      // support.justification
	FieldNotes                                     // notes
	FieldLanguage                                  // language: the programming language, from the package URL's type
	FieldSoftwareSystem                            // softwareSystem: the item's systems, else the list's system name
	FieldAuthor                                    // author: the document's author (the FDA's "author of SBOM data")
	FieldTimestamp                                 // timestamp: the source SBOMs' timestamps, else the document date
	FieldUniqueID                                  // uniqueId: package URL and CPE, else the item's ID
	FieldRelationship                              // relationship: dependency and the items that require it
	FieldChangeAnalysis                            // changeAnalysis: the change, the safety analysis, the impact on risk controls, who and when
	fieldEnd
)

// cellContext is what a field's value may depend on besides the item.
type cellContext struct {
	list *soup.List
	date soup.Date
	// missing holds the fields the findings say are missing, by item
	// reference; marked is set once a cell says NOT DOCUMENTED.
	missing map[string][]string
	marked  bool
}

type fieldInfo struct {
	name    string
	heading string
	value   func(c *cellContext, it *soup.Item) []string
}

// fields is indexed by Field.
var fields = [fieldEnd]fieldInfo{
	FieldID:      {"id", "ID", str(func(it *soup.Item) string { return it.ID })},
	FieldName:    {"name", "Name", str(func(it *soup.Item) string { return it.Name })},
	FieldVersion: {"version", "Version", str(func(it *soup.Item) string { return it.Version })},
	FieldManufacturer: {"manufacturer", "Manufacturer", func(_ *cellContext, it *soup.Item) []string {
		if it.Manufacturer != "" && it.ManufacturerSource != "" {
			return []string{it.Manufacturer, "(" + it.ManufacturerSource + "; to be confirmed)"}
		}
		return nonEmpty(it.Manufacturer)
	}},
	FieldPURL:         {"purl", "Package URL", str(func(it *soup.Item) string { return it.PURL })},
	FieldCPE:          {"cpe", "CPE", str(func(it *soup.Item) string { return it.CPE })},
	FieldLicense:      {"license", "License", str(func(it *soup.Item) string { return it.License })},
	FieldWebsite:      {"website", "Website", str(func(it *soup.Item) string { return it.Website })},
	FieldIssueTracker: {"issueTracker", "Issue Tracker", str(func(it *soup.Item) string { return it.IssueTracker })},
	FieldVCS:          {"vcs", "Source Repository", str(func(it *soup.Item) string { return it.VCS })},
	FieldDescription:  {"description", "Description", str(func(it *soup.Item) string { return it.Description })},
	FieldHashes: {"hashes", "Hashes", func(_ *cellContext, it *soup.Item) []string {
		var v []string
		for _, h := range it.Hashes {
			v = append(v, h.Algorithm+":"+h.Value)
		}
		return v
	}},
	FieldDependency: {"dependency", "Dependency", str(func(it *soup.Item) string { return it.Dependency.String() })},
	FieldRequiredBy: {"requiredBy", "Required By", list(func(it *soup.Item) []string { return it.RequiredBy })},
	FieldSystems:    {"systems", "Used In", list(func(it *soup.Item) []string { return it.Systems })},
	FieldRequirements: {"requirements", "Requirements", func(_ *cellContext, it *soup.Item) []string {
		var v []string
		r := it.Requirements
		for _, k := range []struct {
			kind string
			reqs []string
		}{{"Functional", r.Functional}, {"Performance", r.Performance}, {"Hardware", r.Hardware}, {"Software", r.Software}} {
			for _, s := range k.reqs {
				v = append(v, k.kind+": "+s)
			}
		}
		return v
	}},
	FieldFunctional:   {"requirements.functional", "Functional Requirements", list(func(it *soup.Item) []string { return it.Requirements.Functional })},
	FieldPerformance:  {"requirements.performance", "Performance Requirements", list(func(it *soup.Item) []string { return it.Requirements.Performance })},
	FieldHardware:     {"requirements.hardware", "Hardware Requirements", list(func(it *soup.Item) []string { return it.Requirements.Hardware })},
	FieldSoftware:     {"requirements.software", "Software Requirements", list(func(it *soup.Item) []string { return it.Requirements.Software })},
	FieldRiskLevel:    {"riskLevel", "Risk Level", str(func(it *soup.Item) string { return it.RiskLevel.String() })},
	FieldFailureModes: {"failureModes", "Failure Modes", list(func(it *soup.Item) []string { return it.FailureModes })},
	FieldRiskRefs:     {"riskRefs", "Risk References", list(func(it *soup.Item) []string { return it.RiskRefs })},
	FieldVerification: {"verification", "Verification", func(_ *cellContext, it *soup.Item) []string {
		v := it.Verification
		return nonEmpty(v.Architecture, joinNonEmpty(", ", prefixed("by ", v.By), v.Date.String(), prefixed("version ", v.Version)))
	}},
	FieldVerificationArchitecture: {"verification.architecture", "Verification Reasoning", str(func(it *soup.Item) string { return it.Verification.Architecture })},
	FieldVerificationBy:           {"verification.by", "Verified By", str(func(it *soup.Item) string { return it.Verification.By })},
	FieldVerificationDate:         {"verification.date", "Last Verified At", str(func(it *soup.Item) string { return it.Verification.Date.String() })},
	FieldVerificationVersion:      {"verification.version", "Verified Version", str(func(it *soup.Item) string { return it.Verification.Version })},
	FieldAnomalyReview: {"anomalyReview", "Anomaly Review", func(_ *cellContext, it *soup.Item) []string {
		r := it.AnomalyReview
		v := nonEmpty(r.Conclusion, joinNonEmpty(", ", prefixed("reviewed by ", r.By), r.Date.String(), prefixed("version ", r.Version)))
		if len(r.Sources) > 0 {
			v = append(v, "sources:")
			v = append(v, r.Sources...)
		}
		for _, s := range r.Snapshots {
			v = append(v, snapshotText(s))
		}
		return v
	}},
	FieldAnomalyReviewDate:       {"anomalyReview.date", "Anomaly Review Date", str(func(it *soup.Item) string { return it.AnomalyReview.Date.String() })},
	FieldAnomalyReviewBy:         {"anomalyReview.by", "Anomaly Review By", str(func(it *soup.Item) string { return it.AnomalyReview.By })},
	FieldAnomalyReviewVersion:    {"anomalyReview.version", "Anomaly Review Version", str(func(it *soup.Item) string { return it.AnomalyReview.Version })},
	FieldAnomalyReviewSources:    {"anomalyReview.sources", "Anomaly List Sources", list(func(it *soup.Item) []string { return it.AnomalyReview.Sources })},
	FieldAnomalyReviewConclusion: {"anomalyReview.conclusion", "Anomaly Review Conclusion", str(func(it *soup.Item) string { return it.AnomalyReview.Conclusion })},
	FieldAnomalies: {"anomalies", "Anomalies", func(_ *cellContext, it *soup.Item) []string {
		var v []string
		for _, a := range it.Anomalies {
			v = append(v, anomalyText(a))
		}
		return v
	}},
	FieldSupport: {"support", "Support", func(_ *cellContext, it *soup.Item) []string {
		s := it.Support
		return nonEmpty(s.Level.String(), prefixed("until ", s.EndOfSupport.String()), s.Justification,
			prefixed("from ", joinNonEmpty(" as of ", s.Source, s.Date.String())))
	}},
	FieldSupportLevel:         {"support.level", "Level of Support", str(func(it *soup.Item) string { return it.Support.Level.String() })},
	FieldEndOfSupport:         {"support.endOfSupport", "End of Support", str(func(it *soup.Item) string { return it.Support.EndOfSupport.String() })},
	FieldSupportJustification: {"support.justification", "Support Justification", str(func(it *soup.Item) string { return it.Support.Justification })},
	FieldNotes:                {"notes", "Notes", str(func(it *soup.Item) string { return it.Notes })},
	FieldLanguage:             {"language", "Programming Language", str(func(it *soup.Item) string { return Language(it.PURL) })},
	FieldSoftwareSystem: {"softwareSystem", "Software System", func(c *cellContext, it *soup.Item) []string {
		if len(it.Systems) > 0 {
			return nonEmpty(it.Systems...)
		}
		return nonEmpty(c.list.System.Name)
	}},
	FieldAuthor: {"author", "Author", func(c *cellContext, _ *soup.Item) []string { return nonEmpty(c.list.Document.Author) }},
	FieldTimestamp: {"timestamp", "Timestamp", func(c *cellContext, _ *soup.Item) []string {
		var v []string
		for _, s := range c.list.Sources {
			if s.Timestamp != "" && !slices.Contains(v, s.Timestamp) {
				v = append(v, s.Timestamp)
			}
		}
		if len(v) == 0 {
			return nonEmpty(c.date.String())
		}
		return v
	}},
	FieldUniqueID: {"uniqueId", "Unique Identifier", func(_ *cellContext, it *soup.Item) []string {
		if v := nonEmpty(it.PURL, it.CPE); len(v) > 0 {
			return v
		}
		return nonEmpty(it.ID)
	}},
	FieldChangeAnalysis: {"changeAnalysis", "Change Analysis", func(_ *cellContext, it *soup.Item) []string {
		ca := it.ChangeAnalysis
		change := ""
		switch {
		case ca.From != "" && ca.Version != "":
			change = "from " + ca.From + " to " + ca.Version
		case ca.From != "":
			change = "changed from " + ca.From
		case ca.Version != "":
			change = "version " + ca.Version
		}
		return nonEmpty(change, ca.Conclusion, prefixed("risk controls: ", ca.RiskControls), joinNonEmpty(", ", prefixed("by ", ca.By), ca.Date.String()))
	}},
	FieldRelationship: {"relationship", "Relationship", func(_ *cellContext, it *soup.Item) []string {
		var req string
		if len(it.RequiredBy) > 0 {
			req = "required by " + strings.Join(it.RequiredBy, ", ")
		}
		return nonEmpty(it.Dependency.String(), req)
	}},
}

func str(f func(*soup.Item) string) func(*cellContext, *soup.Item) []string {
	return func(_ *cellContext, it *soup.Item) []string { return nonEmpty(f(it)) }
}

func list(f func(*soup.Item) []string) func(*cellContext, *soup.Item) []string {
	return func(_ *cellContext, it *soup.Item) []string {
		v := f(it)
		if !slices.Contains(v, "") {
			return v // the item's own values, read only: no copy
		}
		return nonEmpty(v...)
	}
}

// nonEmpty returns the non-empty strings of v, or nil.
func nonEmpty(v ...string) []string {
	var out []string
	for _, s := range v {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinNonEmpty(sep string, v ...string) string { return strings.Join(nonEmpty(v...), sep) }

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// anomalyText formats an anomaly as "ID (status): justification", falling
// back to the summary when there is no justification, followed by what an
// automated evaluation recorded (aliases, CVSS, fixed versions, known
// exploitation, no longer affecting) and who evaluated it when.
func anomalyText(a soup.Anomaly) string {
	head := a.ID
	if head == "" {
		head = a.Source
	}
	if a.Status != 0 {
		head = joinNonEmpty(" ", head, "("+a.Status.String()+")")
	}
	text := a.Justification
	if text == "" {
		text = a.Summary
	}
	var score string
	if a.Score != 0 {
		score = strconv.FormatFloat(a.Score, 'f', 1, 64)
	}
	var exploited string
	if a.KnownExploited {
		exploited = "KNOWN EXPLOITED"
	}
	extra := joinNonEmpty("; ",
		prefixed("also ", strings.Join(a.Aliases, ", ")),
		prefixed("CVSS ", joinNonEmpty(" ", score, a.CVSS)),
		prefixed("fixed in ", strings.Join(a.Fixed, ", ")),
		exploited,
		prefixed("no longer affects: ", a.NoLongerAffects),
		prefixed("response: ", strings.Join(a.Response, ", ")),
		prefixed("evaluated by ", a.By), prefixed("on ", a.Date.String()))
	if extra != "" {
		extra = "[" + extra + "]"
	}
	return joinNonEmpty(" ", joinNonEmpty(": ", head, text), extra)
}

// snapshotText formats the data an automated anomaly evaluation was made
// against: "data: SOURCE as of TIME, N records, DIGEST".
func snapshotText(s soup.Snapshot) string {
	var asOf, records string
	if !s.AsOf.IsZero() {
		asOf = s.AsOf.UTC().Format(time.RFC3339)
	}
	if s.Records != 0 {
		records = strconv.Itoa(s.Records) + " records"
	}
	return "data: " + joinNonEmpty(", ", joinNonEmpty(" as of ", s.Source, asOf), records, s.Digest)
}

// fieldSet names the fields after the table.
var fieldSet = &enum.Set[Field]{Pkg: "render", Type: "Field", Kind: "field", NoZero: true, Names: fieldNames()}

func fieldNames() []string {
	names := make([]string, 0, fieldEnd-1)
	for _, f := range fields[1:] {
		names = append(names, f.name)
	}
	return names
}

// String returns the field's name, as [ParseField] reads it.
func (f Field) String() string { return fieldSet.String(f) }

// Heading returns the field's default heading, such as "Issue Tracker".
func (f Field) Heading() string {
	if fieldSet.Valid(f) {
		return fields[f].heading
	}
	return f.String()
}

// MarshalText implements encoding.TextMarshaler.
func (f Field) MarshalText() ([]byte, error) { return fieldSet.MarshalText(f) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (f *Field) UnmarshalText(b []byte) error {
	v, err := ParseField(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// ErrUnknownField is returned, wrapped, for a field name that does not
// exist.
var ErrUnknownField = errors.New("render: unknown field")

// ParseField returns the field with the given name (see [Fields]),
// ignoring case.
func ParseField(name string) (Field, error) {
	if f, ok := fieldSet.Lookup(name); ok {
		return f, nil
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownField, name)
}

// Fields returns every field, in the order of their constants.
func Fields() []Field {
	v := make([]Field, 0, fieldEnd-1)
	for f := Field(1); f < fieldEnd; f++ {
		v = append(v, f)
	}
	return v
}

// ParseColumns reads a comma-separated list of columns, each a field name
// optionally followed by a colon and a heading:
//
//	name,version,riskLevel:Risk
func ParseColumns(s string) ([]Column, error) {
	var cols []Column
	for i, part := range strings.Split(s, ",") {
		name, heading, _ := strings.Cut(part, ":")
		f, err := ParseField(name)
		if err != nil {
			return nil, fmt.Errorf("render: column %d: %w", i+1, err)
		}
		cols = append(cols, Column{Field: f, Heading: strings.TrimSpace(heading)})
	}
	return cols, nil
}

// ErrUnknownPreset is returned, wrapped, by [Preset] for a name that is
// not a preset.
var ErrUnknownPreset = errors.New("render: unknown column preset")

// presets holds the column presets by name.
var presets = map[string][]Column{
	// minimal is the seed's table, exactly.
	"minimal": {
		{Field: FieldName}, {Field: FieldVersion}, {Field: FieldRequirements}, {Field: FieldIssueTracker},
	},
	// class-a is the identification of 8.1.2.
	"class-a": {
		{Field: FieldID}, {Field: FieldName}, {Field: FieldVersion}, {Field: FieldManufacturer},
		{Field: FieldPURL}, {Field: FieldLicense}, {Field: FieldWebsite}, {Field: FieldIssueTracker},
		{Field: FieldDependency},
	},
	// full is every documented field.
	"full": {
		{Field: FieldID}, {Field: FieldName}, {Field: FieldVersion}, {Field: FieldManufacturer},
		{Field: FieldLicense}, {Field: FieldPURL}, {Field: FieldCPE}, {Field: FieldWebsite},
		{Field: FieldIssueTracker}, {Field: FieldVCS}, {Field: FieldDescription}, {Field: FieldHashes},
		{Field: FieldDependency}, {Field: FieldRequiredBy}, {Field: FieldSystems},
		{Field: FieldFunctional}, {Field: FieldPerformance}, {Field: FieldHardware}, {Field: FieldSoftware},
		{Field: FieldRiskLevel}, {Field: FieldFailureModes}, {Field: FieldRiskRefs},
		{Field: FieldVerification}, {Field: FieldChangeAnalysis}, {Field: FieldAnomalyReview}, {Field: FieldAnomalies},
		{Field: FieldSupport}, {Field: FieldNotes},
	},
	// template follows the columns of the widely used public SOUP list
	// templates.
	"template": {
		{Field: FieldID}, {Field: FieldSoftwareSystem}, {Field: FieldName, Heading: "Package Name"},
		{Field: FieldLanguage}, {Field: FieldVersion}, {Field: FieldManufacturer}, {Field: FieldWebsite},
		{Field: FieldVerificationDate}, {Field: FieldRiskLevel}, {Field: FieldRequirements},
		{Field: FieldVerificationArchitecture},
	},
	// fda is the human-readable SBOM of a premarket cybersecurity
	// submission.
	"fda": {
		{Field: FieldAuthor}, {Field: FieldTimestamp}, {Field: FieldManufacturer, Heading: "Supplier"},
		{Field: FieldName, Heading: "Component Name"}, {Field: FieldVersion}, {Field: FieldUniqueID},
		{Field: FieldRelationship}, {Field: FieldSupportLevel}, {Field: FieldEndOfSupport},
	},
}

// Preset returns a new copy of the columns of the named preset:
//
//   - minimal: Name, Version, Requirements, Issue Tracker — the seed's table;
//   - class-a: the identification of IEC 62304 8.1.2 (ID, name, version,
//     manufacturer, package URL, licence, website, issue tracker,
//     dependency);
//   - full: every documented field (the default);
//   - template: the columns of the widely used public SOUP list templates
//     (ID, software system, package name, programming language, version,
//     website, last verified at, risk level, requirements, verification
//     reasoning);
//   - fda: the human-readable SBOM of an FDA premarket cybersecurity
//     submission (author, timestamp, supplier, component name, version,
//     unique identifier, relationship, level of support, end of support).
func Preset(name string) ([]Column, error) {
	cols, ok := presets[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (want one of %s)", ErrUnknownPreset, name, strings.Join(Presets(), ", "))
	}
	return slices.Clone(cols), nil
}

// Presets returns the names of the column presets, sorted.
func Presets() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// languages maps package URL types to programming languages.
var languages = map[string]string{
	"cargo": "Rust", "cocoapods": "Objective-C / Swift", "composer": "PHP",
	"conan": "C / C++", "cpan": "Perl", "cran": "R", "gem": "Ruby", "golang": "Go",
	"hackage": "Haskell", "hex": "Erlang / Elixir", "maven": "Java", "npm": "JavaScript",
	"nuget": ".NET", "pub": "Dart", "pypi": "Python", "swift": "Swift", "luarocks": "Lua",
	"julia": "Julia", "opam": "OCaml", "clojars": "Clojure",
}

// Language returns the programming language of the package with package
// URL purl, derived from its type ("pkg:pypi/…" is Python), or "" when the
// type says nothing about the language (deb, rpm, github, …).
func Language(purl string) string {
	purl = strings.TrimSpace(purl)
	if len(purl) < 4 || !strings.EqualFold(purl[:4], "pkg:") {
		return ""
	}
	typ, _, _ := strings.Cut(strings.TrimLeft(purl[4:], "/"), "/")
	return languages[strings.ToLower(typ)]
}
