package soup

import (
	"cmp"
	"fmt"
	"iter"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/github/go-spdx/v2/spdxexp"
)

// Rule describes one validation rule: its stable ID, what requires it
// (an authority and a clause), and the severity of its findings in each
// safety class.
type Rule struct {
	ID string
	// Source and Clause are what requires the rule, as for a [Finding].
	Source Authority
	Clause string
	// ClassA, when set, is what requires the rule in class A instead, where
	// the clause above does not apply (IEC 62304 7.1 is for classes B and
	// C only, so a class A check is the team's policy).
	ClassA Reference
	// Also are further clauses the rule serves, for the reader.
	Also []Reference
	// Summary says in a sentence what the rule demands.
	Summary string
	// A, B and C are the severities in each class; zero means the rule
	// does not apply in that class.
	A, B, C Severity
	// OptIn rules apply only when the Policy asks for them.
	OptIn bool
}

// Reference returns what requires the rule in class c.
func (r Rule) Reference(c SafetyClass) Reference {
	if c == ClassA && !r.ClassA.IsZero() {
		return r.ClassA
	}
	return Reference{Source: r.Source, Clause: r.Clause}
}

// Severity returns the rule's severity in class c (an unset class is
// validated as class C), zero when the rule does not apply in c.
func (r Rule) Severity(c SafetyClass) Severity { return r.severity(c) }

// severity returns the rule's severity in class c.
func (r Rule) severity(c SafetyClass) Severity {
	switch c {
	case ClassA:
		return r.A
	case ClassB:
		return r.B
	}
	return r.C
}

// Required reports whether the standard requires the rule in class c:
// its reference there is IEC 62304 and it applies in c. Such a rule's
// findings can be suppressed only item by item, never list-wide.
func (r Rule) Required(c SafetyClass) bool {
	return r.severity(c) != 0 && r.Reference(c).Source == IEC62304
}

// Short names for the rule table.
const (
	warn = SeverityWarning
	fail = SeverityError
)

// References used by the rule table.
var (
	policyRef    = Reference{Source: TeamPolicy}
	fdaSBOM      = Reference{Source: FDAPremarket, Clause: "V.A.4"}
	iec61f       = Reference{Source: IEC62304, Clause: "6.1f"}
	iec743       = Reference{Source: IEC62304, Clause: "7.4.3"}
	iec621       = Reference{Source: IEC62304, Clause: "6.2.1"}
	iec534       = Reference{Source: IEC62304, Clause: "5.3.4"}
	ntiaSupplier = Reference{Source: NTIA, Clause: "Supplier Name"}
)

// rules is the rule table; Rules returns a copy. Each row cites what
// really requires it, checked against the clause-by-class table A.1 of
// IEC 62304:2006+A1:2015 and the texts of the other authorities.
var rules = []Rule{
	// 4.3: a software system is class C until a class is assigned.
	{ID: "class-unset", Source: IEC62304, Clause: "4.3", A: warn, B: warn, C: warn, Summary: "The software system has a safety class; without one it is validated as class C."},
	// A list without items passes every item rule: the wrong SBOM (hardware, services, data alone) must not.
	{ID: "no-items", Source: TeamPolicy, A: fail, B: fail, C: fail, Summary: "The list documents at least one SOUP item: a list without any (an SBOM of hardware, services or data alone, or the wrong SBOM) is not the SOUP list of a software system."},
	// 8.1.1: a scheme for the unique identification of configuration items.
	{ID: "id-missing", Source: IEC62304, Clause: "8.1.1", A: warn, B: warn, C: warn, Summary: "Every SOUP item has a stable ID in the list, so that it can be identified as a configuration item."},
	// 8.1.2: title, manufacturer and unique designator of each SOUP item.
	{ID: "name-missing", Source: IEC62304, Clause: "8.1.2", A: fail, B: fail, C: fail, Summary: "Every SOUP item has a title (name)."},
	{ID: "version-missing", Source: IEC62304, Clause: "8.1.2", A: fail, B: fail, C: fail, Summary: "Every SOUP item has a unique designator (version)."},
	{ID: "version-not-unique", Source: IEC62304, Clause: "8.1.2", A: fail, B: fail, C: fail, Summary: "The version designates one release, not a range such as ^1.2 or >=2."},
	{ID: "manufacturer-missing", Source: IEC62304, Clause: "8.1.2", A: fail, B: fail, C: fail, Also: []Reference{{FDAPremarket, "V.A.4"}, ntiaSupplier}, Summary: "Every SOUP item names its manufacturer."},
	// 8.1.3: the configuration documented is the one built.
	{ID: "system-version-mismatch", Source: IEC62304, Clause: "8.1.3", A: fail, B: fail, C: fail, Summary: "The SBOM describes the software system version the list documents."},
	// 7.1 (7.1.2c) applies to classes B and C; in class A a risk level is policy.
	{ID: "risk-level-missing", Source: IEC62304, Clause: "7.1.2c", ClassA: policyRef, A: warn, B: fail, C: fail, Summary: "Every SOUP item has a risk level: the outcome of analysing how its failure can contribute to a hazardous situation (7.1.2c; policy in class A)."},
	{ID: "risk-levels-undefined", Source: TeamPolicy, A: warn, B: warn, C: warn, Summary: "The list defines the risk levels its items use."},
	{ID: "requirements-missing", Source: IEC62304, Clause: "5.3.3", Also: []Reference{iec534}, B: fail, C: fail, Summary: "Functional and performance requirements (5.3.3) and hardware and software requirements (5.3.4) are documented."},
	{ID: "verification-missing", Source: IEC62304, Clause: "5.3.6c", B: fail, C: fail, Summary: "The verification that the architecture supports the item is recorded."},
	{ID: "verification-outdated", Source: IEC62304, Clause: "5.3.6c", Also: []Reference{iec61f}, B: fail, C: fail, Summary: "The verification that the architecture supports the item was recorded for the version in use: an upgraded item is verified again."},
	// 7.4.1 applies to every class since Amendment 1; 7.4.2 and 7.4.3 to B and C.
	{ID: "change-unanalysed", Source: IEC62304, Clause: "7.4.1", Also: []Reference{iec61f}, A: fail, B: fail, C: fail, Summary: "A SOUP item whose version changed has a recorded analysis of whether the change adds potential causes of hazardous situations (changeAnalysis for the version in use)."},
	{ID: "change-risk-controls", Source: IEC62304, Clause: "7.4.2", Also: []Reference{iec743}, B: fail, C: fail, Summary: "A SOUP item whose version changed has a recorded analysis of the change's impact on the existing risk control measures (changeAnalysis.riskControls)."},
	{ID: "failure-modes-missing", Source: IEC62304, Clause: "7.1.2c", B: fail, C: fail, Summary: "Items above low risk list their potential failure modes."},
	{ID: "risk-refs-missing", Source: IEC62304, Clause: "7.1.2c", B: fail, C: fail, Summary: "Items above low risk refer to the risk analysis."},
	{ID: "anomaly-review-missing", Source: IEC62304, Clause: "7.1.3", B: fail, C: fail, Summary: "The item's published anomaly list has been evaluated."},
	{ID: "anomaly-review-outdated", Source: IEC62304, Clause: "7.1.3", B: fail, C: fail, Summary: "The anomaly list evaluated is that of the version in use: an upgraded item's anomalies are evaluated again."},
	// 6.2.1 (monitoring feedback, including published anomalies) applies to every class.
	{ID: "anomaly-review-stale", Source: IEC62304, Clause: "6.2.1", A: warn, B: fail, C: fail, Summary: "The anomaly list evaluation is within the policy's maximum age: published anomalies are monitored."},
	{ID: "anomaly-unjustified", Source: IEC62304, Clause: "7.1.3", B: fail, C: fail, Summary: "No anomaly is left affected or under investigation without a justification."},
	// An unevaluated anomaly: 7.1.3 in B and C; in class A, where 7.1.3 does not apply, monitoring (6.2.1).
	{ID: "anomaly-unevaluated", Source: IEC62304, Clause: "7.1.3", ClassA: iec621, A: warn, B: fail, C: fail, Summary: "Every published anomaly affecting the item's version has been evaluated: it has a status (7.1.3; 6.2.1 in class A)."},
	{ID: "anomaly-exploited-unevaluated", Source: IEC62304, Clause: "7.1.3", ClassA: iec621, A: fail, B: fail, C: fail, Summary: "A known exploited anomaly (CISA KEV) has been evaluated, in every class (7.1.3; 6.2.1 in class A)."},
	{ID: "anomaly-data-stale", Source: IEC62304, Clause: "6.2.1", A: warn, B: fail, C: fail, Summary: "The published anomaly data the item was last evaluated against is within the policy's monitoring interval."},
	{ID: "anomaly-not-affected-unjustified", Source: CISAVEX, Clause: "not_affected justification", A: warn, B: fail, C: fail, Also: []Reference{{IEC62304, "7.1.3"}}, Summary: "An anomaly marked not-affected says why (component or vulnerable code not present, not in the execution path, cannot be controlled by an adversary, mitigations exist)."},
	// Support comes from the FDA guidance's SBOM elements; its end is obsolescence (6.1f).
	{ID: "support-unjustified", Source: FDAPremarket, Clause: "V.A.4", A: warn, B: warn, C: warn, Summary: "A support level of no-assertion has a written justification."},
	{ID: "support-ended", Source: IEC62304, Clause: "6.1f", Also: []Reference{fdaSBOM}, A: warn, B: warn, C: warn, Summary: "The item is still supported: its end of support has not passed and its level is not end-of-support, no-support, no longer maintained or abandoned (an error when the policy requires support data)."},
	{ID: "support-ending", Source: IEC62304, Clause: "6.1f", Also: []Reference{fdaSBOM}, A: warn, B: warn, C: warn, Summary: "The item's end of support is not within the policy's warning window."},
	{ID: "suppression-unjustified", Source: TeamPolicy, A: fail, B: fail, C: fail, Summary: "Every suppression has a written justification, the name of who approved it and the date (it suppresses nothing otherwise)."},
	{ID: "suppression-unknown-rule", Source: TeamPolicy, A: warn, B: warn, C: warn, Summary: "Every suppression names an existing rule."},
	{ID: "suppression-expired", Source: TeamPolicy, A: warn, B: warn, C: warn, Summary: "No suppression has passed its expiry date (it suppresses nothing then)."},
	{ID: "suppression-unused", Source: TeamPolicy, A: warn, B: warn, C: warn, Summary: "Every suppression matches a finding."},
	{ID: "suppression-too-broad", Source: TeamPolicy, A: fail, B: fail, C: fail, Summary: "A rule that IEC 62304 requires in the class is suppressed item by item, never for the whole list (it suppresses nothing otherwise)."},
	{ID: "exclusion-unjustified", Source: TeamPolicy, A: fail, B: fail, C: fail, Summary: "Every exclusion of a component that is not SOUP has a written justification (it excludes nothing otherwise)."},
	{ID: "exclusion-unused", Source: TeamPolicy, A: warn, B: warn, C: warn, Summary: "Every exclusion matches an item."},
	{ID: "license-missing", Source: TeamPolicy, A: fail, B: fail, C: fail, OptIn: true, Summary: "Every item has a licence (Policy.RequireLicense)."},
	{ID: "license-invalid", Source: TeamPolicy, A: fail, B: fail, C: fail, OptIn: true, Summary: "The licence is a valid SPDX expression (Policy.RequireLicense)."},
	{ID: "supplier-missing", Source: NTIA, Clause: "Supplier Name", Also: []Reference{fdaSBOM}, A: fail, B: fail, C: fail, OptIn: true, Summary: "The software system names its manufacturer, the supplier of the device SBOM (Policy.RequireSupplier)."},
	{ID: "support-missing", Source: FDAPremarket, Clause: "V.A.4", Also: []Reference{iec61f}, A: fail, B: fail, C: fail, OptIn: true, Summary: "Every item has a level of support and an end-of-support date, or a justification why they are unknown (Policy.RequireSupport)."},
}

// Rules returns the validation rules, in a stable order.
func Rules() []Rule { return slices.Clone(rules) }

func ruleByID(id string) (Rule, bool) {
	if i, ok := ruleIndex[id]; ok {
		return rules[i], true
	}
	return Rule{}, false
}

// ruleIndex is the place of each rule in rules, by ID: a finding looks its
// rule up once, not through the table.
var ruleIndex = func() map[string]int {
	m := make(map[string]int, len(rules))
	for i, r := range rules {
		m[r.ID] = i
	}
	return m
}()

// placeholders are texts that people write instead of an answer.
var placeholders = []string{"", "tbd", "todo", "tba", "n/a", "na", "-", "--", "?", "??", "...", "…", "none", "xxx", "fixme", "unknown", "noassertion"}

// IsPlaceholder reports whether s is empty or a placeholder such as TBD,
// TODO, n/a, - or ?, which count as missing.
func IsPlaceholder(s string) bool {
	// Lowering leaves the trailing punctuation as it is: it is trimmed
	// first, and only a short text is compared, ASCII without a copy.
	t := strings.TrimRight(strings.TrimSpace(s), ".!:")
	if t == "" {
		return true // empty, or only punctuation like "..."
	}
	if len(t) > maxPlaceholder {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] >= utf8.RuneSelf {
			return slices.Contains(placeholders, strings.ToLower(t))
		}
	}
	for _, p := range placeholders {
		if len(p) == len(t) && asciiLowerEqual(t, p) {
			return true
		}
	}
	return false
}

// maxPlaceholder bounds the length of a text that lowers to a
// placeholder: three bytes a character (the Kelvin sign lowers to k).
var maxPlaceholder = func() int {
	n := 0
	for _, p := range placeholders {
		n = max(n, 3*utf8.RuneCountInString(p))
	}
	return n
}()

// asciiLowerEqual reports whether the ASCII text t lowered is p.
func asciiLowerEqual(t, p string) bool {
	for i := 0; i < len(t); i++ {
		c := t[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

// allPlaceholders reports whether every entry of ss is a placeholder
// (true for an empty list).
func allPlaceholders(ss []string) bool {
	for _, s := range ss {
		if !IsPlaceholder(s) {
			return false
		}
	}
	return true
}

// IsVersionRange reports whether v is empty or a range or pattern (^1.2,
// ~1, >=2, 1.x, *, latest) rather than the designator of one release, by
// the rules of the ecosystem purlType names (the package URL type: "deb",
// "rpm", "maven", "npm"…; empty when unknown). What is a range in one
// ecosystem is part of a unique designator in another: Debian, Alpine and
// RPM versions sort a tilde before anything ("3.0.19-1~deb12u2"), RPM a
// caret after ("1.0^20240101git"), and an epoch ("1:1.2.13") or release
// ("2.36-9.el9") is part of the version; a Maven range is written in
// brackets ("[1.0,2.0)"), and a qualifier ("31.1-jre") is part of the
// version.
func IsVersionRange(purlType, v string) bool {
	t := strings.TrimSpace(v)
	ranges := "^~<>*| "
	switch strings.ToLower(purlType) {
	case "deb", "apk", "alpm", "opkg":
		ranges = "^<>*| "
	case "rpm":
		ranges = "<>*| "
	case "maven":
		ranges = "^~<>*| [](),"
		if u := strings.ToUpper(t); u == "LATEST" || u == "RELEASE" {
			return true
		}
	}
	if t == "" || strings.ContainsAny(t, ranges) || strings.HasPrefix(t, "=") {
		return true
	}
	switch strings.ToLower(t) {
	case "latest", "x", "any", "unknown", "noassertion", "none", "master", "main", "head":
		return true
	}
	for part := range strings.SplitSeq(t, ".") {
		if part == "x" || part == "X" {
			return true
		}
	}
	return false
}

// purlType returns the type of a package URL ("deb" of
// "pkg:deb/debian/bash@5.2"), or "".
func purlType(p string) string {
	rest, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(p)), "pkg:")
	if !ok {
		return ""
	}
	typ, _, _ := strings.Cut(strings.TrimLeft(rest, "/"), "/")
	return typ
}

// Validate checks l against p and returns every finding, sorted by item
// (list findings first, then items by ID in [CompareIDs] order, then items
// without an ID), then rule, clause and field. It never stops at the first
// problem. Items marked removed are not checked: they are no longer
// shipped; nor are items an [Exclusion] with a justification marks as not
// SOUP. Each finding cites what requires it in the validated class and
// names its item's name, version and package URL.
func (l *List) Validate(p Policy) Findings {
	var out Findings
	l.walkFindings(p, func(fs []Finding, done, groups int) bool {
		// The findings of a large list are made item by item: once a
		// sample of the items is checked, room for the findings of all
		// of them at that rate is made at once, instead of doubling the
		// slice as it grows (each doubling a copy, and the old and the
		// new at once in memory).
		if sample := max(64, groups/16); done == sample && groups > sample {
			out = slices.Grow(out, len(out)*(groups-done)/done*17/16+16+len(fs))
		}
		out = append(out, fs...)
		return true
	})
	if out == nil && len(l.Items) > 64 {
		// As Validate always returned for a list of more than 64
		// items, which reserved room for its findings: empty, not nil.
		out = Findings{}
	}
	return out
}

// ValidateSeq yields the findings of [List.Validate] under p one at a
// time, in the same order, making them item by item as they are asked
// for: a caller that prints or counts the findings of a large list need
// not hold them all. Each iteration validates the list again.
func (l *List) ValidateSeq(p Policy) iter.Seq[Finding] {
	return func(yield func(Finding) bool) {
		l.walkFindings(p, func(fs []Finding, _, _ int) bool {
			for i := range fs {
				if !yield(fs[i]) {
					return false
				}
			}
			return true
		})
	}
}

// walkFindings makes the findings of l under p group by group in the order
// Validate returns them: the list's own findings first, then those of each
// item reference (an ID, or the label of an item without one) in
// [CompareIDs] order, labels last. Each group is sorted by rule, clause and
// field, findings that tie in the order they were made (the items of a
// reference in list order, then the suppressions' own findings), and given
// to emit with the number of groups done before it and the number of
// groups in all; emit returning false stops the walk. The slice emit gets
// is reused for the next group.
func (l *List) walkFindings(p Policy, emit func(fs []Finding, done, groups int) bool) {
	v := validator{list: l, policy: p, class: p.Class}
	if v.class == 0 {
		v.class = l.System.SafetyClass
	}
	if v.class == 0 {
		v.class = ClassC
		v.add("class-unset", "", "system.safetyClass", "No software safety class is assigned; the list is validated as class C (IEC 62304 4.3).")
	}
	if p.RequireSupplier && IsPlaceholder(l.System.Manufacturer) {
		v.add("supplier-missing", "", "system.manufacturer", "The software system does not name its manufacturer.")
	}
	v.subjects()
	excluded := v.exclusions()

	// The items checked (neither removed nor excluded), with the
	// reference their findings name them by.
	used := map[RiskLevel]bool{}
	refs := make([]string, len(l.Items))
	var entries []groupEntry
	for i := range l.Items {
		it := &l.Items[i]
		if it.Removed || excluded[i] {
			continue
		}
		used[it.RiskLevel] = true
		ref := it.ID
		if ref == "" {
			ref = it.label(i)
			if v.labels == nil {
				v.labels = map[string]bool{}
			}
			v.labels[ref] = true
		}
		refs[i] = ref
		entries = append(entries, groupEntry{ref: ref, item: int32(i)})
	}
	if len(entries) == 0 {
		v.add("no-items", "", "items", "no SOUP items: is this the device's SBOM? (an SBOM of hardware, services, data or cryptographic assets alone has no software items)")
	}
	for _, r := range []RiskLevel{RiskLow, RiskMedium, RiskHigh} {
		if used[r] && IsPlaceholder(l.RiskLevels.Definition(r)) {
			v.add("risk-levels-undefined", "", "riskLevels."+r.String(), fmt.Sprintf("Items use the risk level %q but the list does not define it.", r))
		}
	}
	head := v.out
	v.out = nil

	sup := v.suppressions()
	for _, s := range sup {
		if s.item != "" {
			entries = append(entries, groupEntry{ref: s.item, item: -1})
		}
	}
	// The references in their order; a reference's items in list order,
	// the suppressions naming it after them.
	slices.SortFunc(entries, func(a, b groupEntry) int {
		if a.ref != b.ref {
			return cmp.Or(cmp.Compare(boolInt(v.labels[a.ref]), boolInt(v.labels[b.ref])), CompareIDs(a.ref, b.ref))
		}
		return cmp.Compare(uint32(a.item), uint32(b.item))
	})
	groups := 1
	for i := range entries {
		if i == 0 || entries[i].ref != entries[i-1].ref {
			groups++
		}
	}

	// group makes the findings of the reference ref (the list's own for
	// ""), its items those of ents, with the suppressions applied.
	var (
		idx    []int32
		sorted []Finding
	)
	group := func(ref string, ents []groupEntry) []Finding {
		v.out = v.out[:0]
		if ref == "" {
			v.out = append(v.out, head...)
		}
		var last *Item
		for _, e := range ents {
			if e.item >= 0 {
				last = &l.Items[e.item]
				v.item(last, ref)
			}
		}
		v.suppress(sup, ref)
		if last != nil {
			for i := range v.out {
				f := &v.out[i]
				f.Name, f.Version, f.PURL = last.Name, last.Version, last.PURL
			}
		}
		// Sorted by their places, which are cheap to move, then copied
		// in that order.
		idx = idx[:0]
		for i := range v.out {
			idx = append(idx, int32(i))
		}
		slices.SortFunc(idx, func(i, j int32) int {
			a, b := &v.out[i], &v.out[j]
			return cmp.Or(cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Clause, b.Clause), cmp.Compare(a.Field, b.Field), cmp.Compare(i, j))
		})
		sorted = sorted[:0]
		for _, i := range idx {
			sorted = append(sorted, v.out[i])
		}
		return sorted
	}
	// A suppression of the whole list is unused only when it matched no
	// finding of any item; its finding comes first, with the list's: the
	// items are checked once beforehand to know.
	if slices.ContainsFunc(sup, func(s *suppression) bool { return s.valid && s.s.Item == "" }) {
		forGroups(entries, func(ref string, ents []groupEntry) bool { group(ref, ents); return true })
	}
	if !emit(group("", nil), 0, groups) {
		return
	}
	done := 1
	forGroups(entries, func(ref string, ents []groupEntry) bool {
		fs := group(ref, ents)
		ok := emit(fs, done, groups)
		done++
		return ok
	})
}

// groupEntry is an item (its index in the list), or with item -1 a
// suppression, under the reference ref that findings name it by.
type groupEntry struct {
	ref  string
	item int32
}

// forGroups calls f with each run of entries of one reference, until f
// returns false.
func forGroups(entries []groupEntry, f func(ref string, ents []groupEntry) bool) {
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j].ref == entries[i].ref {
			j++
		}
		if !f(entries[i].ref, entries[i:j]) {
			return
		}
		i = j
	}
}

// Class returns the safety class l is validated against under p: p's
// class, else the list's, else class C (IEC 62304 4.3).
func (l *List) Class(p Policy) SafetyClass {
	return cmp.Or(p.Class, l.System.SafetyClass, ClassC)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

type validator struct {
	list   *List
	policy Policy
	class  SafetyClass
	out    Findings
	// labels holds the names that stand for items without an ID.
	labels map[string]bool
}

// add records a finding of rule if the rule applies in the class.
func (v *validator) add(rule, item, field, msg string) {
	if f := v.finding(rule, item, field, msg); f.Severity != 0 {
		v.out = append(v.out, f)
	}
}

// applies reports whether rule yields findings in the class.
func (v *validator) applies(rule string) bool {
	r, _ := ruleByID(rule)
	return r.severity(v.class) != 0
}

// subjects reports an SBOM that describes another version of the system
// than the list documents (8.1.3).
func (v *validator) subjects() {
	sys := v.list.System
	for i, s := range v.list.Sources {
		if s.SubjectVersion == "" || IsPlaceholder(sys.Version) || s.SubjectVersion == sys.Version {
			continue
		}
		name := cmp.Or(s.Name, fmt.Sprintf("source %d", i+1))
		v.add("system-version-mismatch", "", fmt.Sprintf("sources[%d].subjectVersion", i),
			fmt.Sprintf("The SBOM %s describes %s version %s, but the list documents version %s.", name, cmp.Or(s.Subject, "the system"), s.SubjectVersion, sys.Version))
	}
}

// exclusions returns which items are excluded as not SOUP, and reports
// the exclusions without a justification or without a match.
func (v *validator) exclusions() map[int]bool {
	excluded := map[int]bool{}
	for j, e := range v.list.Exclusions {
		field := fmt.Sprintf("exclusions[%d]", j)
		what := cmp.Or(e.Key, e.PURL, "(empty)")
		if IsPlaceholder(e.Justification) {
			v.add("exclusion-unjustified", "", field+".justification", fmt.Sprintf("The exclusion of %s has no written justification, so it excludes nothing.", what))
			continue
		}
		matched := false
		for i := range v.list.Items {
			if e.Matches(&v.list.Items[i]) {
				matched = true
				excluded[i] = true
			}
		}
		if !matched {
			v.add("exclusion-unused", "", field, fmt.Sprintf("The exclusion of %s matches no item.", what))
		}
	}
	return excluded
}

// Matches reports whether e matches it, by key or by package URL pattern.
func (e Exclusion) Matches(it *Item) bool {
	if e.Key != "" && string(it.Key()) == strings.ToLower(strings.TrimSpace(e.Key)) {
		return true
	}
	if e.PURL == "" || it.PURL == "" {
		return false
	}
	purl := it.PURL
	if i := strings.IndexAny(purl, "?#"); i >= 0 {
		purl = purl[:i]
	}
	if i := strings.LastIndexByte(purl, '@'); i > strings.LastIndexByte(purl, '/') {
		purl = purl[:i]
	}
	ok, err := path.Match(e.PURL, purl)
	return ok && err == nil
}

// Excluded returns the exclusion with a justification that marks it as
// not SOUP, if any.
func (l *List) Excluded(it *Item) (Exclusion, bool) {
	for _, e := range l.Exclusions {
		if !IsPlaceholder(e.Justification) && e.Matches(it) {
			return e, true
		}
	}
	return Exclusion{}, false
}

// item checks one item, which findings name ref.
func (v *validator) item(it *Item, ref string) {
	if it.ID == "" {
		v.add("id-missing", ref, "id", "The item has no ID to identify it as a configuration item (8.1.1); run soup sync or assign one.")
	}
	missing := func(rule, field, what string, val string) {
		if IsPlaceholder(val) {
			v.add(rule, ref, field, placeholderMsg(what, val))
		}
	}
	missing("name-missing", "name", "The item's name (title, 8.1.2)", it.Name)
	switch {
	case IsPlaceholder(it.Version):
		v.add("version-missing", ref, "version", placeholderMsg("The version (unique designator, 8.1.2)", it.Version))
	case IsVersionRange(purlType(it.PURL), it.Version):
		v.add("version-not-unique", ref, "version", fmt.Sprintf("The version %q is a range, not the designator of one release (8.1.2).", it.Version))
	}
	missing("manufacturer-missing", "manufacturer", "The manufacturer (8.1.2)", it.Manufacturer)
	if it.RiskLevel == 0 {
		v.add("risk-level-missing", ref, "riskLevel", "No risk level is assigned to the item.")
	}

	if v.applies("requirements-missing") {
		reqs := [...]struct {
			field, clause, msg string
			vals               []string
		}{
			{"requirements.functional", "5.3.3", "No functional requirements are documented (5.3.3).", it.Requirements.Functional},
			{"requirements.performance", "5.3.3", "No performance requirements are documented (5.3.3).", it.Requirements.Performance},
			{"requirements.hardware", "5.3.4", "No hardware requirements are documented (5.3.4).", it.Requirements.Hardware},
			{"requirements.software", "5.3.4", "No software requirements are documented (5.3.4).", it.Requirements.Software},
		}
		for _, r := range reqs {
			if allPlaceholders(r.vals) {
				v.add("requirements-missing", ref, r.field, r.msg)
				v.out[len(v.out)-1].Clause = r.clause
			}
		}
	}

	v.verification(it, ref)
	v.change(it, ref)
	if it.RiskLevel != RiskLow {
		if allPlaceholders(it.FailureModes) {
			v.add("failure-modes-missing", ref, "failureModes", riskMsg(it, noFailureModes))
		}
		if allPlaceholders(it.RiskRefs) {
			v.add("risk-refs-missing", ref, "riskRefs", riskMsg(it, noRiskRefs))
		}
	}
	v.anomalies(it, ref)
	v.support(it, ref)
	if v.policy.RequireLicense {
		v.license(it, ref)
	}
}

// missingMsgs are the messages of placeholderMsg for an empty value, made
// once.
var missingMsgs = func() map[string]string {
	m := map[string]string{}
	for _, what := range []string{
		"The item's name (title, 8.1.2)", "The version (unique designator, 8.1.2)", "The manufacturer (8.1.2)",
		"The verification that the architecture supports the item (5.3.6c)",
		"The conclusion of the anomaly list evaluation", "The licence",
	} {
		m[what] = what + " is missing."
	}
	return m
}()

// The messages of riskMsg.
const (
	noFailureModes        = "No potential failure modes are listed"
	noRiskRefs            = "No reference to the risk analysis is given"
	unrated               = "; the item has no risk level, so it counts as above low risk."
	noFailureModesUnrated = noFailureModes + unrated
	noRiskRefsUnrated     = noRiskRefs + unrated
)

func placeholderMsg(what, val string) string {
	if strings.TrimSpace(val) == "" {
		if m, ok := missingMsgs[what]; ok {
			return m
		}
		return what + " is missing."
	}
	return fmt.Sprintf("%s is a placeholder (%q), not an answer.", what, val)
}

func riskMsg(it *Item, msg string) string {
	if it.RiskLevel == 0 {
		// The messages of the items without a risk level, made once.
		switch msg {
		case noFailureModes:
			return noFailureModesUnrated
		case noRiskRefs:
			return noRiskRefsUnrated
		}
		return msg + unrated
	}
	return fmt.Sprintf("%s for an item of %s risk.", msg, it.RiskLevel)
}

func (v *validator) verification(it *Item, ref string) {
	ver := it.Verification
	if IsPlaceholder(ver.Architecture) {
		v.add("verification-missing", ref, "verification.architecture", placeholderMsg("The verification that the architecture supports the item (5.3.6c)", ver.Architecture))
		return
	}
	switch {
	case IsPlaceholder(ver.Version):
		v.add("verification-outdated", ref, "verification.version", "The verification does not say which version of the item was verified.")
	case ver.Version != it.Version:
		v.add("verification-outdated", ref, "verification.version", fmt.Sprintf("The verification was recorded for version %s, but version %s is in use: verify again that the architecture supports it (5.3.6c).", ver.Version, it.Version))
	}
}

// documentedFrom returns the version the item's documentation was made
// for, when it differs from the version in use: the version Reconcile
// recorded before a change, or the version verified or whose anomalies
// were reviewed. It returns "" when nothing says the version changed or
// a change analysis covers the version in use.
func documentedFrom(it *Item) string {
	ca := it.ChangeAnalysis
	if ca.Version == it.Version && ca.Version != "" {
		return ""
	}
	for _, v := range []string{ca.From, it.Verification.Version, it.AnomalyReview.Version} {
		if !IsPlaceholder(v) && v != it.Version {
			return v
		}
	}
	return ""
}

// change reports an item whose version changed without a recorded
// analysis of the change for the version in use (7.4.1, 7.4.2).
func (v *validator) change(it *Item, ref string) {
	ca := it.ChangeAnalysis
	from := documentedFrom(it)
	analysed := ca.Version == it.Version && ca.Version != ""
	if from == "" && !analysed {
		return
	}
	if !analysed || IsPlaceholder(ca.Conclusion) {
		v.add("change-unanalysed", ref, "changeAnalysis", fmt.Sprintf("The item changed from version %s to %s and no analysis of the change for version %s is recorded: analyse whether it adds potential causes of hazardous situations (7.4.1).", cmp.Or(from, "?"), it.Version, it.Version))
	}
	if (!analysed || IsPlaceholder(ca.RiskControls)) && v.applies("change-risk-controls") {
		refs := "the item has no risk references"
		if !allPlaceholders(it.RiskRefs) {
			refs = "risk references " + strings.Join(it.RiskRefs, ", ")
		}
		v.add("change-risk-controls", ref, "changeAnalysis.riskControls", fmt.Sprintf("Analyse the impact of the change to version %s on the existing risk control measures (%s) and record it (7.4.2, 7.4.3).", it.Version, refs))
	}
}

func (v *validator) anomalies(it *Item, ref string) {
	rev := it.AnomalyReview
	if rev.Date.IsZero() && IsPlaceholder(rev.Conclusion) {
		v.add("anomaly-review-missing", ref, "anomalyReview", "The item's published anomaly list has not been evaluated (7.1.3).")
	} else {
		if IsPlaceholder(rev.Conclusion) {
			v.add("anomaly-review-missing", ref, "anomalyReview.conclusion", placeholderMsg("The conclusion of the anomaly list evaluation", rev.Conclusion))
		}
		if rev.Date.IsZero() {
			v.add("anomaly-review-missing", ref, "anomalyReview.date", "The anomaly list evaluation has no date.")
		}
		reviewed := cmp.Or(rev.Version, it.Verification.Version)
		switch {
		case IsPlaceholder(reviewed):
			v.add("anomaly-review-outdated", ref, "anomalyReview.version", "The anomaly list evaluation does not say which version it covers.")
		case reviewed != it.Version:
			v.add("anomaly-review-outdated", ref, "anomalyReview.version", fmt.Sprintf("The anomaly list was evaluated for version %s, but version %s is in use (7.1.3).", reviewed, it.Version))
		}
		p := v.policy
		if !rev.Date.IsZero() && !p.Now.IsZero() && p.MaxReviewAge > 0 && p.Now.Sub(rev.Date.Time()) > p.MaxReviewAge {
			days := int(p.Now.Sub(rev.Date.Time()).Hours() / 24)
			v.add("anomaly-review-stale", ref, "anomalyReview.date", fmt.Sprintf("The anomaly list was last evaluated on %s, %d days ago; the policy allows %d days.", rev.Date, days, int(p.MaxReviewAge.Hours()/24)))
		}
	}
	for _, a := range it.Anomalies {
		id := cmp.Or(a.ID, "(no ID)")
		switch {
		case a.NoLongerAffects != "":
			// Kept for the record; it does not affect the version in use.
		case a.Status == 0 && a.KnownExploited:
			v.add("anomaly-exploited-unevaluated", ref, "anomalies", fmt.Sprintf("Anomaly %s is known to be exploited and has not been evaluated.", id))
		case a.Status == 0:
			v.add("anomaly-unevaluated", ref, "anomalies", fmt.Sprintf("Anomaly %s affects the version in use and has not been evaluated (no status).", id))
		case (a.Status == StatusAffected || a.Status == StatusUnderInvestigation) && IsPlaceholder(a.Justification):
			v.add("anomaly-unjustified", ref, "anomalies", fmt.Sprintf("Anomaly %s is %s and has no justification.", id, a.Status))
		}
		if a.Status == StatusNotAffected && a.NoLongerAffects == "" && IsPlaceholder(a.Justification) {
			v.add("anomaly-not-affected-unjustified", ref, "anomalies", fmt.Sprintf("Anomaly %s is marked not-affected without a justification; say why (component or vulnerable code not present, not in the execution path, cannot be controlled by an adversary, or mitigations exist).", id))
		}
	}
	v.anomalyData(it, ref)
}

// anomalyData reports an automated anomaly evaluation made against data
// older than the policy's monitoring interval (6.2.1).
func (v *validator) anomalyData(it *Item, ref string) {
	p := v.policy
	interval := cmp.Or(p.MonitoringInterval, p.MaxReviewAge)
	if p.Now.IsZero() || interval <= 0 {
		return
	}
	var oldest *Snapshot
	for i, s := range it.AnomalyReview.Snapshots {
		if !s.AsOf.IsZero() && (oldest == nil || s.AsOf.Before(oldest.AsOf)) {
			oldest = &it.AnomalyReview.Snapshots[i]
		}
	}
	if oldest == nil || p.Now.Sub(oldest.AsOf) <= interval {
		return
	}
	days := int(p.Now.Sub(oldest.AsOf).Hours() / 24)
	v.add("anomaly-data-stale", ref, "anomalyReview.snapshots", fmt.Sprintf("The anomaly data from %s is as of %s, %d days ago; the policy monitors every %d days: evaluate again.",
		oldest.Source, oldest.AsOf.Format("2006-01-02"), days, int(interval.Hours()/24)))
}

func (v *validator) support(it *Item, ref string) {
	s := it.Support
	p := v.policy
	justified := !IsPlaceholder(s.Justification)
	if p.RequireSupport {
		unknownLevel := s.Level == 0 || s.Level == SupportNoAssertion
		if (unknownLevel || s.EndOfSupport.IsZero()) && !justified {
			what := "end-of-support date"
			if unknownLevel {
				what = "level of support"
			}
			v.add("support-missing", ref, "support", fmt.Sprintf("The %s is unknown and no justification is written (FDA premarket cybersecurity guidance V.A.4).", what))
		}
	} else if s.Level == SupportNoAssertion && !justified {
		v.add("support-unjustified", ref, "support.justification", "The support level is no-assertion and no justification is written.")
	}
	ended := func(msg string, field string) {
		v.add("support-ended", ref, field, msg+" Evaluate its obsolescence and plan a replacement or your own maintenance (6.1f).")
		if p.RequireSupport {
			v.out[len(v.out)-1].Severity = SeverityError
		}
	}
	switch {
	case !s.EndOfSupport.IsZero() && !p.Now.IsZero() && !p.Now.Before(s.EndOfSupport.Time().AddDate(0, 0, 1)):
		ended(fmt.Sprintf("Support for the item ended on %s.", s.EndOfSupport), "support.endOfSupport")
	case s.Level.Unsupported():
		ended(fmt.Sprintf("The item's support level is %s.", s.Level), "support.level")
	case !s.EndOfSupport.IsZero() && !p.Now.IsZero() && p.SupportWarning > 0 && p.Now.Add(p.SupportWarning).After(s.EndOfSupport.Time()):
		days := int(s.EndOfSupport.Time().Sub(p.Now).Hours()/24) + 1
		v.add("support-ending", ref, "support.endOfSupport", fmt.Sprintf("Support for the item ends on %s, in %d days; the policy warns %d days ahead (6.1f).", s.EndOfSupport, days, int(p.SupportWarning.Hours()/24)))
	}
}

func (v *validator) license(it *Item, ref string) {
	lic := strings.TrimSpace(it.License)
	if IsPlaceholder(lic) {
		v.add("license-missing", ref, "license", placeholderMsg("The licence", it.License))
		return
	}
	if ok, bad := spdxexp.ValidateLicenses([]string{lic}); !ok {
		v.add("license-invalid", ref, "license", fmt.Sprintf("The licence %q is not a valid SPDX expression (%s).", lic, strings.Join(bad, ", ")))
	}
}

// suppression is a suppression of the policy as validation applies it.
type suppression struct {
	s Suppression
	// valid is set when the suppression suppresses; otherwise extra is
	// the finding that says why not.
	valid bool
	extra Finding
	// item is the reference of the findings about the suppression.
	item string
	// note is the justification of the findings it suppresses.
	note string
	// matched is set once it suppressed a finding.
	matched bool
}

// suppressions returns the policy's suppressions, in order, each checked.
func (v *validator) suppressions() []*suppression {
	p := v.policy
	out := make([]*suppression, len(p.Suppressions))
	for i, s := range p.Suppressions {
		sp := &suppression{s: s, item: s.Item}
		out[i] = sp
		field := fmt.Sprintf("suppressions[%d]", i)
		r, known := ruleByID(s.Rule)
		if !known {
			sp.extra = v.finding("suppression-unknown-rule", s.Item, field, fmt.Sprintf("The suppression names rule %q, which does not exist.", s.Rule))
			continue
		}
		var lacks []string
		if IsPlaceholder(s.Justification) {
			lacks = append(lacks, "a written justification")
		}
		if IsPlaceholder(s.ApprovedBy) {
			lacks = append(lacks, "who approved it")
		}
		if s.Approved.IsZero() {
			lacks = append(lacks, "when it was approved")
		}
		if len(lacks) > 0 {
			sp.extra = v.finding("suppression-unjustified", s.Item, field, fmt.Sprintf("The suppression of %s lacks %s, so it suppresses nothing.", s.Rule, strings.Join(lacks, ", ")))
			continue
		}
		if !s.Expires.IsZero() && !p.Now.IsZero() && !p.Now.Before(s.Expires.Time().AddDate(0, 0, 1)) {
			sp.extra = v.finding("suppression-expired", s.Item, field, fmt.Sprintf("The suppression of %s expired on %s, so it suppresses nothing.", s.Rule, s.Expires))
			continue
		}
		if s.Item == "" && r.Required(v.class) {
			sp.extra = v.finding("suppression-too-broad", "", field, fmt.Sprintf("Rule %s is required by %s in class %s; suppress it item by item, not for the whole list.", s.Rule, r.Reference(v.class), v.class))
			continue
		}
		sp.valid = true
		sp.note = suppressionNote(s)
		sp.extra = v.finding("suppression-unused", s.Item, field, fmt.Sprintf("The suppression of %s matches no finding; remove it.", s.Rule))
	}
	return out
}

// suppress applies the suppressions to the findings made of the reference
// ref (the list's own for ""), each finding suppressed by the first that
// matches it, and adds the findings about the suppressions of ref: those
// that cannot be applied, and those that matched no finding (of any item,
// for a suppression of the whole list: its items must have been checked
// before).
func (v *validator) suppress(sup []*suppression, ref string) {
	n := len(v.out)
	for _, s := range sup {
		if !s.valid || s.s.Item != "" && s.s.Item != ref {
			continue
		}
		for i := range v.out[:n] {
			if f := &v.out[i]; f.Rule == s.s.Rule && !f.Suppressed {
				f.Suppressed, f.Justification = true, s.note
				s.matched = true
			}
		}
	}
	for _, s := range sup {
		if s.item == ref && (!s.valid || !s.matched) {
			v.out = append(v.out, s.extra)
		}
	}
}

// suppressionNote is the justification of a suppressed finding: the
// suppression's justification, approver and date, expiry and reference.
func suppressionNote(s Suppression) string {
	note := fmt.Sprintf("%s (approved by %s on %s", s.Justification, s.ApprovedBy, s.Approved)
	if !s.Expires.IsZero() {
		note += ", until " + s.Expires.String()
	}
	if s.Reference != "" {
		note += ", " + s.Reference
	}
	return note + ")"
}

// finding returns a finding of rule in the class, citing what requires it
// there; its Severity is zero when the rule does not apply.
func (v *validator) finding(rule, item, field, msg string) Finding {
	r, _ := ruleByID(rule)
	ref := r.Reference(v.class)
	return Finding{Rule: rule, Severity: r.severity(v.class), Item: item, Field: field, Source: ref.Source, Clause: ref.Clause, Message: msg}
}
