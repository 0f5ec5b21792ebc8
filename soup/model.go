package soup

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

// List is a SOUP list: the software system it documents, the document
// control of the list itself, and one [Item] per SOUP component.
//
// A List is the native model of soupkit. It is written by hand as soup.yaml
// (see [Read] and [List.WriteYAML]), read from SBOMs by package sbom and
// rendered by package render.
type List struct {
	System     System     `json:"system,omitzero" yaml:"system,omitempty"`
	Document   Document   `json:"document,omitzero" yaml:"document,omitempty"`
	RiskLevels RiskLevels `json:"riskLevels,omitzero" yaml:"riskLevels,omitempty"`
	// Sources are the SBOMs the list was made from, so that an auditor can
	// trace it to a build.
	Sources []Source `json:"sources,omitempty" yaml:"sources,omitempty"`
	// Exclusions name the components of the SBOM that are not SOUP (the
	// product's own modules, build- or test-only tools), each with the
	// reason. Excluded items leave validation and are listed apart, never
	// silently.
	Exclusions []Exclusion `json:"exclusions,omitempty" yaml:"exclusions,omitempty"`
	Items      []Item      `json:"items" yaml:"items"`
	// LastIssuedID is the highest item ID issued in this list, kept so
	// that an ID is never issued twice, even after its item was deleted by
	// hand (a risk file may still cite it): [List.NextID] never goes at or
	// below it. [Reconcile] records it when it adds or removes an item.
	LastIssuedID string `json:"lastIssuedID,omitempty" yaml:"lastIssuedID,omitempty"`
}

// Exclusion says that the items it matches are not SOUP. It matches by
// Key (an item's [Key], "pkg:golang/example.com/ours/api") or by PURL, a
// pattern in the syntax of path.Match matched against the item's package
// URL without its version ("pkg:golang/example.com/ours/*"). An exclusion
// without a justification excludes nothing and is itself a finding.
type Exclusion struct {
	Key           string `json:"key,omitempty" yaml:"key,omitempty"`
	PURL          string `json:"purl,omitempty" yaml:"purl,omitempty"`
	Justification string `json:"justification,omitempty" yaml:"justification,omitempty"`
}

// System is the software system the list documents.
type System struct {
	Name         string      `json:"name,omitempty" yaml:"name,omitempty"`
	Version      string      `json:"version,omitempty" yaml:"version,omitempty"`
	Manufacturer string      `json:"manufacturer,omitempty" yaml:"manufacturer,omitempty"`
	SafetyClass  SafetyClass `json:"safetyClass,omitzero" yaml:"safetyClass,omitempty"`
}

// Document is the document control of the SOUP list: it goes into a quality
// management system and is signed.
type Document struct {
	Title     string     `json:"title,omitempty" yaml:"title,omitempty"`
	ID        string     `json:"id,omitempty" yaml:"id,omitempty"`
	Revision  string     `json:"revision,omitempty" yaml:"revision,omitempty"`
	Date      Date       `json:"date,omitzero" yaml:"date,omitempty"`
	Author    string     `json:"author,omitempty" yaml:"author,omitempty"`
	Approvers []Approver `json:"approvers,omitempty" yaml:"approvers,omitempty"`
	// History is the revision history, newest last as people write it.
	History []Revision `json:"history,omitempty" yaml:"history,omitempty"`
}

// Revision is one entry of a document's revision history.
type Revision struct {
	Revision string `json:"revision,omitempty" yaml:"revision,omitempty"`
	Date     Date   `json:"date,omitzero" yaml:"date,omitempty"`
	Author   string `json:"author,omitempty" yaml:"author,omitempty"`
	Summary  string `json:"summary,omitempty" yaml:"summary,omitempty"`
}

// Approver is a person who approves (signs) the document.
type Approver struct {
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	Role string `json:"role,omitempty" yaml:"role,omitempty"`
	Date Date   `json:"date,omitzero" yaml:"date,omitempty"`
}

// RiskLevels holds the list's own definitions of its risk levels.
type RiskLevels struct {
	Low    string `json:"low,omitempty" yaml:"low,omitempty"`
	Medium string `json:"medium,omitempty" yaml:"medium,omitempty"`
	High   string `json:"high,omitempty" yaml:"high,omitempty"`
}

// Definition returns the list's definition of level r, or "".
func (d RiskLevels) Definition(r RiskLevel) string {
	switch r {
	case RiskLow:
		return d.Low
	case RiskMedium:
		return d.Medium
	case RiskHigh:
		return d.High
	}
	return ""
}

// Source records an SBOM the list was made from.
type Source struct {
	// Name is the file name or another label the caller chose.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Format names the SBOM format, such as "cyclonedx-json@1.6".
	Format string `json:"format,omitempty" yaml:"format,omitempty"`
	// Serial is the CycloneDX serial number or the SPDX document namespace.
	Serial string `json:"serial,omitempty" yaml:"serial,omitempty"`
	// BOMVersion is the CycloneDX version of the SBOM (how often it was
	// issued again under its serial number) when it is above 1; 0 means 1,
	// CycloneDX's default. A VEX statement's BOM-Link names both.
	BOMVersion int `json:"bomVersion,omitempty" yaml:"bomVersion,omitempty"`
	// Timestamp is when the SBOM was made, as the SBOM states it.
	Timestamp string `json:"timestamp,omitempty" yaml:"timestamp,omitempty"`
	// Tools are the tools that generated the SBOM ("syft 1.57.0").
	Tools []string `json:"tools,omitempty" yaml:"tools,omitempty"`
	// Subject and SubjectVersion are the name and version of the software
	// the SBOM describes (CycloneDX metadata.component, the SPDX described
	// package).
	Subject        string `json:"subject,omitempty" yaml:"subject,omitempty"`
	SubjectVersion string `json:"subjectVersion,omitempty" yaml:"subjectVersion,omitempty"`
	// SHA256 is the hex SHA-256 of the SBOM file as read, so that the
	// document can be traced to the exact bytes.
	SHA256 string `json:"sha256,omitempty" yaml:"sha256,omitempty"`
}

// Item is one SOUP item. Identification follows IEC 62304 8.1.2; the
// documentation fields the clauses named at each.
type Item struct {
	// ID is the item's stable identifier, such as SOUP-0007: assigned once,
	// never reused.
	ID           string `json:"id,omitempty" yaml:"id,omitempty"`
	Name         string `json:"name,omitempty" yaml:"name,omitempty"`
	Version      string `json:"version,omitempty" yaml:"version,omitempty"`
	Manufacturer string `json:"manufacturer,omitempty" yaml:"manufacturer,omitempty"`
	// ManufacturerSource says where an inferred Manufacturer came from
	// ("inferred from the purl namespace github.com/pallets"); empty when a
	// person wrote it or the SBOM stated it. An inferred manufacturer is
	// shown as such until a person confirms it by clearing this field.
	ManufacturerSource string `json:"manufacturerSource,omitempty" yaml:"manufacturerSource,omitempty"`
	// PURL is the package URL, including its version.
	PURL string `json:"purl,omitempty" yaml:"purl,omitempty"`
	CPE  string `json:"cpe,omitempty" yaml:"cpe,omitempty"`
	// License is an SPDX licence expression.
	License string `json:"license,omitempty" yaml:"license,omitempty"`
	Website string `json:"website,omitempty" yaml:"website,omitempty"`
	// IssueTracker is where the item's anomaly list is published (7.1.3).
	IssueTracker string `json:"issueTracker,omitempty" yaml:"issueTracker,omitempty"`
	// VCS is the item's source repository.
	VCS         string `json:"vcs,omitempty" yaml:"vcs,omitempty"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	Hashes      []Hash `json:"hashes,omitempty" yaml:"hashes,omitempty"`

	// Dependency says whether the system uses the item directly.
	Dependency Dependency `json:"dependency,omitzero" yaml:"dependency,omitempty"`
	// RequiredBy holds the IDs of the items that pull this one in.
	RequiredBy []string `json:"requiredBy,omitempty" yaml:"requiredBy,omitempty"`
	// Systems are the software items or repositories that use the item.
	Systems []string `json:"systems,omitempty" yaml:"systems,omitempty"`

	// Requirements are the functional, performance, hardware and software
	// requirements of the item (5.3.3, 5.3.4).
	Requirements Requirements `json:"requirements,omitzero" yaml:"requirements,omitempty"`

	// RiskLevel is the risk the item's malfunction poses (5.1.7, 7.1).
	RiskLevel RiskLevel `json:"riskLevel,omitzero" yaml:"riskLevel,omitempty"`
	// FailureModes are the item's potential failure modes (7.1.2c).
	FailureModes []string `json:"failureModes,omitempty" yaml:"failureModes,omitempty"`
	// RiskRefs are IDs in the risk management file that cover the item.
	RiskRefs []string `json:"riskRefs,omitempty" yaml:"riskRefs,omitempty"`

	// Verification records that the architecture supports the item (5.3.6c).
	Verification Verification `json:"verification,omitzero" yaml:"verification,omitempty"`
	// ChangeAnalysis records the analysis of the item's last change of
	// version (7.4).
	ChangeAnalysis ChangeAnalysis `json:"changeAnalysis,omitzero" yaml:"changeAnalysis,omitempty"`
	// AnomalyReview records the evaluation of the item's published anomaly
	// list (7.1.3).
	AnomalyReview AnomalyReview `json:"anomalyReview,omitzero" yaml:"anomalyReview,omitempty"`
	// Anomalies are the known anomalies and how each affects the system.
	Anomalies []Anomaly `json:"anomalies,omitempty" yaml:"anomalies,omitempty"`

	// Support is the supplier's support for the item.
	Support Support `json:"support,omitzero" yaml:"support,omitempty"`

	Notes string `json:"notes,omitempty" yaml:"notes,omitempty"`

	// Removed marks an item that the SBOM no longer contains. [Reconcile]
	// keeps such items, with their documentation, instead of deleting them.
	Removed bool `json:"removed,omitempty" yaml:"removed,omitempty"`
}

// Hash is a checksum of the item's distribution.
type Hash struct {
	Algorithm string `json:"algorithm" yaml:"algorithm"`
	Value     string `json:"value" yaml:"value"`
}

// Requirements are what the system requires of a SOUP item (5.3.3) and what
// the item requires of the system (5.3.4).
type Requirements struct {
	Functional  []string `json:"functional,omitempty" yaml:"functional,omitempty"`
	Performance []string `json:"performance,omitempty" yaml:"performance,omitempty"`
	Hardware    []string `json:"hardware,omitempty" yaml:"hardware,omitempty"`
	Software    []string `json:"software,omitempty" yaml:"software,omitempty"`
}

// IsZero reports whether no requirement is recorded.
func (r Requirements) IsZero() bool {
	return len(r.Functional)+len(r.Performance)+len(r.Hardware)+len(r.Software) == 0
}

// Verification records the verification that the architecture supports the
// item (5.3.6c). Version is the item version that was verified, so that an
// upgrade shows.
type Verification struct {
	Architecture string `json:"architecture,omitempty" yaml:"architecture,omitempty"`
	By           string `json:"by,omitempty" yaml:"by,omitempty"`
	Date         Date   `json:"date,omitzero" yaml:"date,omitempty"`
	Version      string `json:"version,omitempty" yaml:"version,omitempty"`
}

// ChangeAnalysis records the analysis of a change of a SOUP item's version
// (IEC 62304 7.4): whether the change adds potential causes of hazardous
// situations (7.4.1, every class) and its impact on the existing risk
// control measures (7.4.2, classes B and C).
//
// [Reconcile] sets From when it sees the version change; a person writes
// Version (the version analysed, the one in use), By, Date, Conclusion
// and RiskControls. An item whose version differs from the one its
// documentation was made for, without an analysis for the version in
// use, is a finding.
type ChangeAnalysis struct {
	// From is the version before the change: the last version whose
	// documentation was complete.
	From    string `json:"from,omitempty" yaml:"from,omitempty"`
	Version string `json:"version,omitempty" yaml:"version,omitempty"`
	By      string `json:"by,omitempty" yaml:"by,omitempty"`
	Date    Date   `json:"date,omitzero" yaml:"date,omitempty"`
	// Conclusion is the safety analysis of the change (7.4.1).
	Conclusion string `json:"conclusion,omitempty" yaml:"conclusion,omitempty"`
	// RiskControls is the analysis of the change's impact on the existing
	// risk control measures (7.4.2), naming them.
	RiskControls string `json:"riskControls,omitempty" yaml:"riskControls,omitempty"`
}

// AnomalyReview records the evaluation of a published anomaly list (7.1.3).
type AnomalyReview struct {
	Date Date   `json:"date,omitzero" yaml:"date,omitempty"`
	By   string `json:"by,omitempty" yaml:"by,omitempty"`
	// Version is the item version whose anomalies were reviewed; empty means
	// the version verified in [Verification], else the item's version at the
	// time of the review is unknown.
	Version    string   `json:"version,omitempty" yaml:"version,omitempty"`
	Sources    []string `json:"sources,omitempty" yaml:"sources,omitempty"`
	Conclusion string   `json:"conclusion,omitempty" yaml:"conclusion,omitempty"`
	// Snapshots record the published data an automated evaluation (package
	// soup/anomaly) was made against, one per source, so that the same
	// evaluation can be re-run later and compared. A person's Date, By and
	// Conclusion are never set by such an evaluation.
	Snapshots []Snapshot `json:"snapshots,omitempty" yaml:"snapshots,omitempty"`
}

// Snapshot identifies the published data (an anomaly list, a catalogue of
// known exploited vulnerabilities, lifecycle data) that an evaluation used:
// where it came from, how current it was and a digest of what was read.
type Snapshot struct {
	// Source names the data, such as "osv:GHSA-advisories.zip",
	// "https://api.osv.dev" or "cisa-kev".
	Source string `json:"source" yaml:"source"`
	// AsOf is when the data was current: the newest modification time in
	// it, the catalogue's release time or the time the server answered.
	AsOf time.Time `json:"asOf,omitzero" yaml:"asOf,omitempty"`
	// Digest is "sha256:" and the hex SHA-256 of the data the evaluation
	// used, in a canonical order.
	Digest string `json:"digest,omitempty" yaml:"digest,omitempty"`
	// Records is the number of records the digest covers.
	Records int `json:"records,omitempty" yaml:"records,omitempty"`
}

// Anomaly is one known anomaly (bug, vulnerability) of a SOUP item and its
// evaluation.
type Anomaly struct {
	ID     string `json:"id,omitempty" yaml:"id,omitempty"`
	Source string `json:"source,omitempty" yaml:"source,omitempty"`
	// Summary describes the anomaly.
	Summary string `json:"summary,omitempty" yaml:"summary,omitempty"`
	// Severity is the severity the source assigns (critical, high, …).
	Severity string `json:"severity,omitempty" yaml:"severity,omitempty"`
	// Aliases are other IDs of the same anomaly (CVE, GHSA, PYSEC …).
	Aliases []string `json:"aliases,omitempty" yaml:"aliases,omitempty"`
	// CVSS is the CVSS vector the source gives, such as
	// "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"; Score its base score
	// (zero when not computed, as for CVSS 4.0).
	CVSS  string  `json:"cvss,omitempty" yaml:"cvss,omitempty"`
	Score float64 `json:"score,omitempty" yaml:"score,omitempty"`
	// Fixed are the versions that fix the anomaly, as the source lists them.
	Fixed []string `json:"fixed,omitempty" yaml:"fixed,omitempty"`
	// KnownExploited is set when a catalogue of known exploited
	// vulnerabilities (CISA KEV) lists the anomaly or one of its aliases.
	KnownExploited bool `json:"knownExploited,omitempty" yaml:"knownExploited,omitempty"`
	// Published and Modified are the source's dates for the record.
	Published Date `json:"published,omitzero" yaml:"published,omitempty"`
	Modified  Date `json:"modified,omitzero" yaml:"modified,omitempty"`
	// NoLongerAffects is set by an automated evaluation when the published
	// record no longer affects the item's version (the item was upgraded
	// past it, or the record was withdrawn), with the reason. The anomaly
	// and its evaluation are kept, never deleted.
	NoLongerAffects string `json:"noLongerAffects,omitempty" yaml:"noLongerAffects,omitempty"`

	// Status, Justification, By and Date are a person's evaluation of the
	// anomaly for this system; an automated evaluation never changes them.
	Status        AnomalyStatus `json:"status,omitzero" yaml:"status,omitempty"`
	Justification string        `json:"justification,omitempty" yaml:"justification,omitempty"`
	// By is who evaluated the anomaly and Date when.
	By   string `json:"by,omitempty" yaml:"by,omitempty"`
	Date Date   `json:"date,omitzero" yaml:"date,omitempty"`
	// Response is what the manufacturer does or recommends about the
	// anomaly, in the VEX vocabulary (can_not_fix, will_not_fix, update,
	// rollback, workaround_available).
	Response []string `json:"response,omitempty" yaml:"response,omitempty"`
}

// Support is the supplier's support for the item, as the FDA's premarket
// cybersecurity guidance (section V.A.4) asks for it: the level of support
// and the end-of-support date.
type Support struct {
	Level        SupportLevel `json:"level,omitzero" yaml:"level,omitempty"`
	EndOfSupport Date         `json:"endOfSupport,omitzero" yaml:"endOfSupport,omitempty"`
	// Justification explains an unknown level or end of support.
	Justification string `json:"justification,omitempty" yaml:"justification,omitempty"`
	// Source names the published lifecycle data the level and end of
	// support were taken from ("endoflife.date") and Date the date of that
	// data; both are empty when a person wrote the entry.
	Source string `json:"source,omitempty" yaml:"source,omitempty"`
	Date   Date   `json:"date,omitzero" yaml:"date,omitempty"`
}

// Date is a calendar date, written YYYY-MM-DD. The zero Date means unset.
type Date struct {
	t time.Time
}

// NewDate returns the date of year, month and day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	return NewDate(t.Date())
}

// ParseDate parses a date written YYYY-MM-DD, or an RFC 3339 timestamp
// whose date part is taken.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		ts, err2 := time.Parse(time.RFC3339, s)
		if err2 != nil {
			return Date{}, fmt.Errorf("soup: invalid date %q (want YYYY-MM-DD)", s)
		}
		return DateOf(ts), nil
	}
	return Date{t}, nil
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// String returns d as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalYAML writes the date as a plain YAML timestamp, as a person
// writes it.
func (d Date) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: d.String()}, nil
}

// UnmarshalYAML reads a date with its line in any error.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if err := d.UnmarshalText([]byte(n.Value)); err != nil {
		return yamlTypeError(n, "date", err)
	}
	return nil
}
