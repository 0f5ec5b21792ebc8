package spdx3

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// maxWarnings bounds Doc.Warnings.
const maxWarnings = 100

// DecodeDoc reads an SPDX 3.0 or 3.0.1 JSON-LD document (see the package
// documentation for what it maps). An error wraps ErrNotSPDX3 when data is
// JSON but not SPDX 3 JSON-LD.
func DecodeDoc(data []byte) (*Doc, error) {
	d := &Doc{Ignored: map[string]int{}}
	dropped := 0
	warn := func(w Warning) {
		if len(d.Warnings) < maxWarnings {
			d.Warnings = append(d.Warnings, w)
		} else {
			dropped++
		}
	}
	g, err := parseGraph(data, warn)
	if err != nil {
		return nil, err
	}
	d.Version = g.version
	r := &reader{g: g, d: d, warn: warn,
		roles:     map[*node]role{},
		licenses:  map[*node][2][]*node{},
		anomalies: map[*node][]anomalyRef{},
		alias:     map[string]string{},
	}
	r.documents()
	r.findRoots()
	r.relationships()
	r.classify()
	r.edgesAndAnomalies()
	r.annotations()
	r.entries()
	r.report()
	if dropped > 0 {
		d.Warnings = append(d.Warnings, Warning{Message: fmt.Sprintf("… and %d more warnings", dropped)})
	}
	return d, nil
}

// role is what an element is in the SOUP list.
type role int

const (
	roleNone    role = iota
	roleRoot         // a system
	roleItem         // a SOUP item
	roleSkipped      // a file named by a package: the graph passes through it
)

// reader maps a graph onto a Doc.
type reader struct {
	g     *graph
	d     *Doc
	warn  func(Warning)
	docs  []*node // SpdxDocument elements
	roots []*node
	roles map[*node]role
	// rels are the relationships, in document order, with their type.
	rels []rel
	// licenses holds the concluded [0] and declared [1] licences of each
	// element.
	licenses map[*node][2][]*node
	// anomalies holds the assessments of each element, in document order.
	anomalies map[*node][]anomalyRef
	// alias maps a file that is a package's distribution artifact to the
	// package.
	alias map[string]string
	// named are the files another artifact contains, generates or
	// distributes.
	named map[*node]bool
	// props are the soupkit: annotations by subject.
	props map[*node][]Prop
	// licenseMemo holds the expression of each licence element read.
	licenseMemo map[*node]string
	// warned holds the keys of the warnings given once.
	warned map[string]bool
	// hasPackage is 1 when the document has a package, -1 when not, 0
	// until known.
	hasPackage int
}

// rel is one relationship element.
type rel struct {
	n    *node
	typ  string // relationshipType
	from *node
	// fromID is the from reference as written (the node may be absent);
	// fromIDs all of them, where a document writes several.
	fromID  string
	fromIDs []string
	to      []val
}

// anomalyRef is an anomaly read from an assessment, to be resolved once
// every amendedBy relationship is known.
type anomalyRef struct {
	a          soup.Anomaly
	assessment *node
	// vuln is the vulnerability; associated marks an anomaly known only
	// from hasAssociatedVulnerability, which an assessment supersedes.
	vuln       *node
	associated bool
}

// The element types that are SOUP items when they are not roots.
var packageTypes = []string{"software_Package", "ai_AIPackage", "dataset_DatasetPackage"}

// The collections whose root elements are looked through.
var collectionTypes = []string{"software_Sbom", "Bom", "Bundle", "BOM"}

// The artifact types that can be a system.
var artifactTypes = append([]string{"software_File", "software_Snippet", "Artifact"}, packageTypes...)

// describers are the types whose describes relationships name roots;
// namers those whose relationships can name a file as part of them.
var (
	describers = append([]string{"SpdxDocument"}, collectionTypes...)
	namers     = append(slices.Clone(artifactTypes), collectionTypes...)
)

// depTypes are the relationship types that make one element need or
// include another: the dependency graph.
var depTypes = []string{
	"contains", "dependsOn", "hasDynamicLink", "hasStaticLink", "hasOptionalDependency",
	"hasProvidedDependency", "hasOptionalComponent", "hasPrerequisite", "hasDataFile",
	"trainedOn", "testedOn",
}

// namingTypes are the relationship types by which an artifact names a file
// as part of itself.
var namingTypes = []string{"contains", "hasDistributionArtifact", "generates"}

// The VEX assessment classes and their statuses.
var vexStatus = map[string]soup.AnomalyStatus{
	"security_VexAffectedVulnAssessmentRelationship":           soup.StatusAffected,
	"security_VexNotAffectedVulnAssessmentRelationship":        soup.StatusNotAffected,
	"security_VexFixedVulnAssessmentRelationship":              soup.StatusFixed,
	"security_VexUnderInvestigationVulnAssessmentRelationship": soup.StatusUnderInvestigation,
}

// vexTypes maps the VEX relationship types to statuses, for assessments
// written as plain relationships.
var vexTypes = map[string]soup.AnomalyStatus{
	"affects": soup.StatusAffected, "doesNotAffect": soup.StatusNotAffected,
	"fixedIn": soup.StatusFixed, "underInvestigationFor": soup.StatusUnderInvestigation,
}

// documents reads the SpdxDocument elements: name and source.
func (r *reader) documents() {
	for _, n := range r.g.nodes {
		if n.isA("SpdxDocument") {
			r.docs = append(r.docs, n)
		}
	}
	src := r.docs
	if len(src) == 0 {
		for _, n := range r.g.nodes {
			if n.isA(collectionTypes...) {
				src = append(src, n)
				break
			}
		}
	}
	for i, n := range src {
		n.used = true
		for _, p := range []string{"element", "profileConformance", "dataLicense", "namespaceMap"} {
			n.all(p)
		}
		if i > 0 {
			continue
		}
		r.d.Name = n.str("name")
		r.d.Source.Serial = n.id
		if ci := r.creationInfo(n); ci != nil {
			r.d.Source.Timestamp = ci.str("created")
			for _, a := range r.g.refs(ci, "createdBy") {
				a.used = true // the document's author, not the software's
				a.all("name")
			}
			for _, t := range r.g.refs(ci, "createdUsing") {
				t.used = true
				if name := agentName(t.str("name")); name != "" {
					r.d.Source.Tools = append(r.d.Source.Tools, name)
				}
			}
		}
	}
}

// creationInfo returns the creation information of n.
func (r *reader) creationInfo(n *node) *node {
	for _, ci := range r.g.refs(n, "creationInfo") {
		return ci
	}
	return nil
}

// findRoots finds the systems: the SpdxDocuments' root elements looked
// through collections, and what documents and collections describe.
func (r *reader) findRoots() {
	seen := map[*node]bool{}
	var visit func(n *node)
	visit = func(n *node) {
		if seen[n] {
			return
		}
		seen[n] = true
		if n.isA(collectionTypes...) {
			n.used = true
			n.all("element")
			for _, v := range n.all("rootElement") {
				if c := r.g.ref(v); c != nil {
					visit(c)
				} else {
					r.warn(Warning{Ref: n.typ + " " + n.id, Field: "rootElement", Message: fmt.Sprintf("root element %s is not in the document", v.s)})
				}
			}
			return
		}
		if !n.isA(artifactTypes...) {
			r.warn(Warning{Ref: n.typ + " " + n.id, Field: "rootElement", Message: "a root element that is not software: ignored"})
			return
		}
		r.roots = append(r.roots, n)
		r.roles[n] = roleRoot
	}
	for _, doc := range r.docs {
		for _, v := range doc.all("rootElement") {
			if n := r.g.ref(v); n != nil {
				visit(n)
			} else {
				r.warn(Warning{Ref: "SpdxDocument " + doc.id, Field: "rootElement", Message: fmt.Sprintf("root element %s is not in the document", v.s)})
			}
		}
	}
	if len(r.roots) == 0 {
		// No document, or its roots are missing: the collections' roots.
		for _, n := range r.g.nodes {
			if n.isA(collectionTypes...) && !seen[n] {
				visit(n)
			}
		}
	}
	// describes relationships from a document or collection name roots too.
	for _, n := range r.g.nodes {
		if !isRelationship(n) || r.relType(n) != "describes" {
			continue
		}
		from := r.g.refs(n, "from")
		if len(from) == 0 {
			from = r.absentDocument(n)
		}
		if len(from) != 1 || !from[0].isA(describers...) {
			continue
		}
		n.used = true
		n.all("completeness")
		for _, t := range r.g.refs(n, "to") {
			if !seen[t] {
				visit(t)
			}
		}
	}
}

// isRelationship reports whether n is a relationship of any class.
func isRelationship(n *node) bool {
	return strings.HasSuffix(n.typ, "Relationship")
}

// relationships reads every relationship and notes the files that
// artifacts name.
func (r *reader) relationships() {
	r.named = map[*node]bool{}
	for _, n := range r.g.nodes {
		if !isRelationship(n) {
			continue
		}
		x := rel{n: n, typ: r.relType(n), to: n.all("to")}
		if ids := refIDs(n, "from"); len(ids) > 0 {
			x.fromID, x.fromIDs = ids[0], ids
			x.from = r.g.byID[ids[0]]
			if len(ids) > 1 {
				r.warn(Warning{Ref: n.typ + " " + n.id, Field: "from", Message: fmt.Sprintf(
					"%d from elements where SPDX allows one: a dependency is read from each, anything else from the first", len(ids))})
			}
		}
		r.rels = append(r.rels, x)
		if x.from == nil || !slices.Contains(namingTypes, x.typ) || !x.from.isA(namers...) {
			continue
		}
		for _, v := range x.to {
			t := r.g.ref(v)
			if t == nil || !t.isA("software_File") {
				continue
			}
			r.named[t] = true
			if x.typ == "hasDistributionArtifact" && x.from.isA(packageTypes...) {
				if _, ok := r.alias[t.id]; !ok {
					r.alias[t.id] = x.from.id
				}
			}
		}
	}
}

// classify gives every artifact its role.
func (r *reader) classify() {
	for _, n := range r.g.nodes {
		if r.roles[n] == roleRoot {
			continue
		}
		switch {
		case n.isA(packageTypes...):
			r.roles[n] = roleItem
		case n.isA("software_File") && r.named[n]:
			r.roles[n] = roleSkipped
			n.counted = true
			r.d.Skipped = append(r.d.Skipped, n.id)
			r.d.Ignored["file named by a package"]++
		case n.isA("software_File") && r.packages():
			// A document that lists packages names the software by them:
			// its other files are theirs, or sources, inputs and outputs
			// of builds (SPDX 2 lists them apart from the packages; a
			// converter may lose the relationship to the package).
			r.roles[n] = roleSkipped
			n.counted = true
			r.d.Skipped = append(r.d.Skipped, n.id)
			r.d.Ignored["file (the document lists packages)"]++
		case n.isA("software_File"):
			r.roles[n] = roleItem
		}
	}
}

// packages reports whether the document has a package.
func (r *reader) packages() bool {
	if r.hasPackage == 0 {
		r.hasPackage = -1
		for _, n := range r.g.nodes {
			if n.isA(packageTypes...) {
				r.hasPackage = 1
				break
			}
		}
	}
	return r.hasPackage > 0
}

// resolve returns the reference an edge uses for id: the package a file
// is the distribution artifact of, else id.
func (r *reader) resolve(id string) string {
	if p, ok := r.alias[id]; ok {
		return p
	}
	return id
}

// edgesAndAnomalies reads the dependency graph, the licences and the
// security assessments from the relationships.
func (r *reader) edgesAndAnomalies() {
	amended := map[*node]bool{} // assessments a later one amends
	var scored []rel
	for _, x := range r.rels {
		n := x.n
		status, isVEX := vexStatus[n.typ]
		if !isVEX && n.isA("Relationship", "security_VulnAssessmentRelationship") {
			status, isVEX = vexTypes[x.typ]
		}
		switch {
		case isVEX:
			r.assessment(x, status)
		case strings.HasPrefix(n.typ, "security_Cvss") || n.isA("security_ExploitCatalogVulnAssessmentRelationship"):
			scored = append(scored, x)
		case x.typ == "amendedBy":
			n.used = true
			if x.from != nil {
				amended[x.from] = true
			}
		case x.typ == "describes" && n.used:
			// A root, read by findRoots.
		case slices.Contains(depTypes, x.typ):
			r.edge(x)
		case x.typ == "hasConcludedLicense" || x.typ == "hasDeclaredLicense":
			if x.from == nil {
				r.d.Ignored["relationship "+x.typ+" from an element not in the document"]++
				continue
			}
			n.used = true
			i := 0
			if x.typ == "hasDeclaredLicense" {
				i = 1
			}
			ls := r.licenses[x.from]
			for _, v := range x.to {
				ls[i] = append(ls[i], r.licenseNode(v))
			}
			r.licenses[x.from] = ls
		case x.typ == "hasAssociatedVulnerability":
			if x.from == nil {
				continue
			}
			n.used = true
			for _, v := range x.to {
				if vuln := r.g.ref(v); vuln != nil {
					r.anomalies[x.from] = append(r.anomalies[x.from], anomalyRef{a: r.vulnerability(vuln), vuln: vuln, associated: true})
				}
			}
		default:
			r.d.Ignored["relationship "+x.typ]++
			n.counted = true
		}
	}
	// The last of each amendedBy chain stands; an assessment supersedes
	// the mere association of the vulnerability.
	for el, as := range r.anomalies {
		assessed := map[*node]bool{}
		for _, a := range as {
			if a.assessment != nil {
				assessed[a.vuln] = true
			}
		}
		kept := as[:0]
		for _, a := range as {
			switch {
			case a.assessment != nil && amended[a.assessment]:
				r.d.Ignored["assessment amended by a later one"]++
			case a.associated && assessed[a.vuln]:
			default:
				kept = append(kept, a)
			}
		}
		r.anomalies[el] = kept
	}
	// The newest CVSS version gives the severity, vector and score: the
	// first applied stands.
	slices.SortStableFunc(scored, func(a, b rel) int { return cvssRank(a.n.typ) - cvssRank(b.n.typ) })
	for _, x := range scored {
		r.scored(x)
	}
}

// edge records a dependency relationship.
func (r *reader) edge(x rel) {
	x.n.used = true
	if x.fromID == "" {
		r.d.Ignored["relationship "+x.typ+" without from"]++
		return
	}
	if len(x.to) == 0 {
		r.d.Ignored["relationship "+x.typ+" to nothing ("+cmpOr(vocab(x.n.str("completeness")), "completeness unstated")+")"]++
		return
	}
	compl := vocab(x.n.str("completeness"))
	scope := vocab(x.n.str("scope"))
	for _, fromID := range x.fromIDs {
		from := r.resolve(fromID)
		for _, v := range x.to {
			to := v.s
			if v.n != nil {
				to = v.n.id
			}
			if to == "" {
				continue
			}
			if r.g.byID[to] == nil {
				r.d.Ignored["relationship "+x.typ+" to an element not in the document"]++
				continue
			}
			r.d.Edges = append(r.d.Edges, Edge{From: from, To: r.resolve(to), Type: x.typ, Completeness: compl, Scope: scope})
		}
	}
}

// cmpOr returns a, or b when a is empty.
func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// assessment reads a VEX assessment: from the vulnerability to the
// elements it assesses.
func (r *reader) assessment(x rel, status soup.AnomalyStatus) {
	x.n.used = true
	var a soup.Anomaly
	switch id := lastSegment(x.fromID); {
	case x.from != nil:
		a = r.vulnerability(x.from)
	case vulnID.MatchString(id):
		// Yocto points at vulnerabilities of other documents by an alias
		// ending in the ID ("…/vulnerability/CVE-2023-1234").
		r.warn(Warning{Ref: x.n.typ + " " + x.n.id, Field: "from", Message: fmt.Sprintf("vulnerability %s is not in the document: read as %s", x.fromID, id)})
		a.ID = id
	default:
		r.warn(Warning{Ref: x.n.typ + " " + x.n.id, Field: "from", Message: fmt.Sprintf("vulnerability %s is not in the document: assessment ignored", x.fromID)})
		r.d.Ignored["VEX assessment of a vulnerability not in the document"]++
		return
	}
	a.Status = status
	switch status {
	case soup.StatusNotAffected:
		code := vocab(x.n.str("security_justificationType"))
		stmt := x.n.str("security_impactStatement")
		switch {
		case code != "" && stmt != "":
			a.Justification = code + ": " + stmt
		default:
			a.Justification = code + stmt
		}
	case soup.StatusAffected:
		a.Justification = x.n.str("security_actionStatement")
	}
	if notes := x.n.str("security_statusNotes"); notes != "" {
		a.Justification = strings.TrimPrefix(a.Justification+"; "+notes, "; ")
	}
	a.By = r.agents(x.n, "suppliedBy")
	if t := x.n.str("security_publishedTime"); t != "" {
		if dt, err := soup.ParseDate(t); err == nil {
			a.Date = dt
		}
	}
	targets := r.g.refs(x.n, "to")
	if as := r.g.refs(x.n, "security_assessedElement"); len(as) > 0 {
		targets = as // the element assessed within the product
	}
	for _, t := range targets {
		r.anomalies[t] = append(r.anomalies[t], anomalyRef{a: a, assessment: x.n, vuln: x.from})
	}
}

// vulnID matches the vulnerability IDs of the common databases: CVE, GHSA,
// OSV's ecosystem prefixes ("CVE-2023-1234", "GHSA-m2qf-hxjv-5gpq",
// "PYSEC-2023-62").
var vulnID = regexp.MustCompile(`^[A-Z][A-Z0-9]*-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)+$`)

// vulnerability returns the anomaly a Vulnerability element describes.
func (r *reader) vulnerability(v *node) soup.Anomaly {
	v.used = true
	a := soup.Anomaly{Summary: v.str("summary")}
	if a.Summary == "" {
		a.Summary = v.str("description")
	}
	for _, e := range r.g.refs(v, "externalIdentifier") {
		typ := vocab(e.str("externalIdentifierType"))
		id := e.str("identifier")
		switch {
		case id == "" || typ != "cve" && typ != "securityOther":
		case a.ID == "":
			a.ID = id
			if a.Source == "" {
				a.Source = e.str("identifierLocator")
			}
		default:
			a.Aliases = append(a.Aliases, id)
		}
	}
	for p, dst := range map[string]*soup.Date{"security_publishedTime": &a.Published, "security_modifiedTime": &a.Modified} {
		if t := v.str(p); t != "" {
			if dt, err := soup.ParseDate(t); err == nil {
				*dst = dt
			}
		}
	}
	for _, e := range r.g.refs(v, "externalRef") {
		typ := vocab(e.str("externalRefType"))
		if a.Source == "" && (typ == "securityAdvisory" || typ == "securityOther") {
			a.Source = e.str("locator")
		}
	}
	if a.ID == "" {
		a.ID = v.str("name")
	}
	if a.ID == "" {
		a.ID = lastSegment(v.id)
	}
	return a
}

// scored applies a CVSS assessment (severity, vector, score) or an exploit
// catalog assessment (listed as exploited) from the vulnerability to the
// elements it names, to their anomalies of that vulnerability; an element
// without one gets an anomaly of no status.
func (r *reader) scored(x rel) {
	x.n.used = true
	if x.from == nil {
		r.d.Ignored[x.n.typ+" of a vulnerability not in the document"]++
		return
	}
	set := func(a *soup.Anomaly) {
		if x.n.isA("security_ExploitCatalogVulnAssessmentRelationship") {
			x.n.all("security_catalogType")
			x.n.all("security_locator")
			a.KnownExploited = a.KnownExploited || x.n.str("security_exploited") == "true"
			return
		}
		if sev := strings.ToLower(vocab(x.n.str("security_severity"))); sev != "" && a.Severity == "" {
			a.Severity = sev
		}
		if v := x.n.str("security_vectorString"); v != "" && a.CVSS == "" {
			a.CVSS = v
			if f, err := strconv.ParseFloat(x.n.str("security_score"), 64); err == nil {
				a.Score = f
			}
		}
	}
	id := r.vulnerability(x.from).ID
	for _, t := range r.g.refs(x.n, "to") {
		matched := false
		for i := range r.anomalies[t] {
			if a := &r.anomalies[t][i].a; a.ID == id {
				set(a)
				matched = true
			}
		}
		if !matched {
			a := r.vulnerability(x.from)
			set(&a)
			r.anomalies[t] = append(r.anomalies[t], anomalyRef{a: a, vuln: x.from})
		}
	}
}

// cvssRank orders the scoring assessments: CVSS v4, v3, v2, then the
// others.
func cvssRank(typ string) int {
	for i, t := range []string{"security_CvssV4VulnAssessmentRelationship", "security_CvssV3VulnAssessmentRelationship", "security_CvssV2VulnAssessmentRelationship"} {
		if typ == t {
			return i
		}
	}
	return 3
}

// lastSegment returns what follows the last '/' or '#' of an IRI.
func lastSegment(s string) string {
	if i := strings.LastIndexAny(s, "/#"); i >= 0 && i < len(s)-1 {
		return s[i+1:]
	}
	return s
}

// licenseNode returns the node a licence value names; an unresolved IRI
// gets a node of its own, so that listed licences referenced by IRI
// ("https://spdx.org/licenses/MIT") and the NoAssertion/None individuals
// read.
func (r *reader) licenseNode(v val) *node {
	if n := r.g.ref(v); n != nil {
		return n
	}
	if v.s == "" {
		return &node{}
	}
	return &node{id: v.s, typ: "expandedlicensing_ListedLicense"}
}

// licenseRefs resolves the licences property p of n names.
func (r *reader) licenseRefs(n *node, p string) []*node {
	var out []*node
	for _, v := range n.all(p) {
		out = append(out, r.licenseNode(v))
	}
	return out
}

// license returns the licence expression of a licence element, or "" for
// NOASSERTION, NONE and what is not a licence.
func (r *reader) license(n *node, depth int) string {
	if s, ok := r.licenseMemo[n]; ok {
		return s // also breaks cycles: "" while in progress
	}
	if depth > 32 {
		return ""
	}
	if r.licenseMemo == nil {
		r.licenseMemo = map[*node]string{}
	}
	r.licenseMemo[n] = ""
	s := r.licenseOf(n, depth)
	if len(s) > maxLicense {
		r.warn(Warning{Ref: n.typ + " " + n.id, Message: fmt.Sprintf("licence expression of %d bytes ignored", len(s))})
		s = ""
	}
	r.licenseMemo[n] = s
	return s
}

// maxLicense bounds the length of a licence expression built from
// expanded licensing elements, which can nest sets without end.
const maxLicense = 16 << 10

// licenseOf builds the licence expression of n.
func (r *reader) licenseOf(n *node, depth int) string {
	n.used = true
	switch {
	case strings.HasSuffix(n.id, "/NoAssertionLicense") || strings.HasSuffix(n.id, "/NoneLicense"):
		return ""
	case n.isA("simplelicensing_LicenseExpression"):
		n.all("simplelicensing_customIdToUri")
		n.all("simplelicensing_licenseListVersion")
		s := n.str("simplelicensing_licenseExpression")
		if s == "NOASSERTION" || s == "NONE" {
			return ""
		}
		return unparen(s)
	case n.isA("AnyLicenseInfo", "simplelicensing_AnyLicenseInfo", "Element"):
		// Not a licence class SPDX 3 defines: Microsoft's sbom-tool names
		// the abstract class (or a bare Element) after the expression.
		s := n.str("name")
		if s == "" || s == "NOASSERTION" || s == "NONE" {
			return ""
		}
		r.once("licence "+n.typ, Warning{Ref: n.typ + " " + n.id, Field: "name", Message: fmt.Sprintf(
			"a licence of type %s, which SPDX 3 does not define: its name read as the expression", n.typ)})
		return unparen(s)
	case n.isA("expandedlicensing_ListedLicense", "expandedlicensing_ListedLicenseException"):
		return lastSegment(n.id)
	case n.isA("expandedlicensing_CustomLicense", "expandedlicensing_CustomLicenseAddition"):
		id := lastSegment(n.id)
		if strings.HasPrefix(id, "LicenseRef-") || strings.HasPrefix(id, "AdditionRef-") {
			return id
		}
		prefix := "LicenseRef-"
		if n.isA("expandedlicensing_CustomLicenseAddition") {
			prefix = "AdditionRef-"
		}
		return prefix + idChars(cmpOr(n.str("name"), id))
	case n.isA("expandedlicensing_ConjunctiveLicenseSet", "expandedlicensing_DisjunctiveLicenseSet"):
		op := " AND "
		if n.isA("expandedlicensing_DisjunctiveLicenseSet") {
			op = " OR "
		}
		var parts []string
		for _, m := range r.licenseRefs(n, "expandedlicensing_member") {
			s := r.license(m, depth+1)
			if s == "" {
				continue
			}
			if compound(s) {
				s = "(" + s + ")"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, op)
	case n.isA("expandedlicensing_OrLaterOperator"):
		for _, m := range r.licenseRefs(n, "expandedlicensing_subjectLicense") {
			if s := r.license(m, depth+1); s != "" {
				return s + "+"
			}
		}
	case n.isA("expandedlicensing_WithAdditionOperator"):
		var lic, add string
		for _, m := range r.licenseRefs(n, "expandedlicensing_subjectExtendableLicense") {
			lic = r.license(m, depth+1)
		}
		for _, m := range r.licenseRefs(n, "expandedlicensing_subjectAddition") {
			add = r.license(m, depth+1)
		}
		if lic != "" && add != "" {
			return lic + " WITH " + add
		}
		return lic
	}
	return ""
}

// compound reports whether the licence expression s joins licences with
// AND or OR, and so needs parentheses inside another.
func compound(s string) bool {
	return strings.Contains(s, " AND ") || strings.Contains(s, " OR ")
}

// unparen strips parentheses around the whole expression s, which SPDX 2
// tools do not write: "(MIT OR Apache-2.0)" is "MIT OR Apache-2.0".
func unparen(s string) string {
	for len(s) > 1 && s[0] == '(' && s[len(s)-1] == ')' {
		depth := 0
		for i := 0; i < len(s)-1; i++ {
			switch s[i] {
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 {
				return s // the first parenthesis closes before the end
			}
		}
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// idChars makes s fit a licence reference: letters, digits, dots and
// hyphens.
func idChars(s string) string {
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' {
			return c
		}
		return '-'
	}, s)
}

// annotations reads the soupkit: annotations; others are counted.
func (r *reader) annotations() {
	r.props = map[*node][]Prop{}
	for _, n := range r.g.nodes {
		if !n.isA("Annotation") {
			continue
		}
		stmt := n.str("statement")
		rest, ok := strings.CutPrefix(stmt, Prefix)
		if !ok {
			continue // counted as an element
		}
		n.used = true
		n.all("annotationType")
		name, value, ok := strings.Cut(rest, "=")
		subj := r.g.refs(n, "subject")
		if !ok || len(subj) != 1 {
			r.warn(Warning{Ref: "Annotation " + n.id, Field: "statement", Message: fmt.Sprintf("%q is not soupkit:<field>=<value> about one element: ignored", stmt)})
			continue
		}
		r.props[subj[0]] = append(r.props[subj[0]], Prop{Name: name, Value: value})
	}
	for _, doc := range r.docs {
		r.d.Props = append(r.d.Props, r.props[doc]...)
	}
}

// entries maps the roots and the items.
func (r *reader) entries() {
	for _, n := range r.roots {
		r.d.Systems = append(r.d.Systems, r.entry(n))
	}
	for _, n := range r.g.nodes {
		if r.roles[n] == roleItem {
			r.d.Items = append(r.d.Items, r.entry(n))
		}
	}
}

// entry maps an artifact.
func (r *reader) entry(n *node) Entry {
	n.used = true
	label := n.typ + " " + n.id
	n.all("creationInfo")
	it := soup.Item{
		Name:        n.str("name"),
		Version:     n.str("software_packageVersion"),
		Description: n.str("description"),
		Website:     n.str("software_homePage"),
	}
	if it.Manufacturer = r.agents(n, "suppliedBy"); it.Manufacturer == "" {
		it.Manufacturer = r.agents(n, "originatedBy")
	}
	if p := n.str("software_packageUrl"); p != "" {
		r.setPURL(&it, p, label)
	}
	for _, e := range r.g.refs(n, "externalIdentifier") {
		typ, id := r.identifierType(e, label), e.str("identifier")
		switch {
		case typ == "packageUrl" && it.PURL == "":
			r.setPURL(&it, id, label)
		case (typ == "cpe23" || typ == "cpe22") && it.CPE == "":
			it.CPE = id
		default:
			r.d.Ignored["externalIdentifier "+typ]++
		}
	}
	for _, e := range r.g.refs(n, "externalRef") {
		typ, loc := vocab(e.str("externalRefType")), e.str("locator")
		switch {
		case typ == "issueTracker" && it.IssueTracker == "":
			it.IssueTracker = loc
		case typ == "vcs" && it.VCS == "":
			it.VCS = loc
		case typ == "securityAdvisory" && loc != "":
			it.Anomalies = append(it.Anomalies, advisoryAnomaly(loc, e.str("comment")))
		default:
			r.d.Ignored["externalRef "+typ]++
		}
	}
	for _, h := range r.g.refs(n, "verifiedUsing") {
		if !h.isA("Hash") {
			r.d.Ignored["verifiedUsing "+h.typ]++
			continue
		}
		alg, v := vocab(h.str("algorithm")), h.str("hashValue")
		if v == "" {
			continue
		}
		it.Hashes = append(it.Hashes, soup.Hash{Algorithm: hashName(alg), Value: v})
	}
	if s := n.str("supportLevel"); s != "" {
		if lv, err := soup.ParseSupportLevel(vocab(s)); err == nil {
			it.Support.Level = lv
		} else {
			r.warn(Warning{Ref: label, Field: "supportLevel", Message: fmt.Sprintf("supportLevel %q has no SOUP support level: ignored", vocab(s))})
			r.d.Ignored["supportLevel "+vocab(s)]++
		}
	}
	if s := n.str("validUntilTime"); s != "" {
		if dt, err := soup.ParseDate(s); err == nil {
			it.Support.EndOfSupport = dt
		} else {
			r.warn(Warning{Ref: label, Field: "validUntilTime", Message: fmt.Sprintf("validUntilTime: %v: ignored", err)})
		}
	}
	ls := r.licenses[n]
	for _, set := range ls {
		var parts []string
		for _, l := range set {
			if s := r.license(l, 0); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) > 1 {
			for i, p := range parts {
				if compound(p) {
					parts[i] = "(" + p + ")"
				}
			}
		}
		if it.License = strings.Join(parts, " AND "); it.License != "" {
			break
		}
	}
	for _, a := range r.anomalies[n] {
		it.Anomalies = append(it.Anomalies, a.a)
	}
	r.cdxExtension(n, &it)
	if ns, ok := form.MavenNamespace(it.PURL, it.Name); ok {
		// SPDX names a Maven package by its artifact alone; the item's
		// name has both, as from SPDX 2 and CycloneDX.
		it.Name = ns + ":" + it.Name
	}
	return Entry{Ref: n.id, Item: it, Props: r.props[n], File: n.isA("software_File", "software_Snippet")}
}

// agents returns the name of the first agent property p of n names.
func (r *reader) agents(n *node, p string) string {
	for _, v := range n.all(p) {
		a := r.g.ref(v)
		if a == nil {
			// The individual SPDX defines for itself, which no document
			// holds (tools-java's full example supplies its packages so).
			if _, ok := termPath(v.s); ok && vocab(v.s) == "SpdxOrganization" {
				return "SPDX"
			}
			continue
		}
		a.used = true
		if name := agentName(a.str("name")); name != "" && name != "NOASSERTION" && name != "NONE" {
			return name
		}
	}
	return ""
}

// agentName returns the name of an agent without the "Organization: ",
// "Person: " or "Tool: " that SPDX 2 writes before one (and Microsoft's
// sbom-tool in SPDX 3 too).
func agentName(s string) string {
	for _, p := range []string{"Organization:", "Person:", "Tool:"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

// relType returns the relationshipType of the relationship n: the
// vocabulary value, also when written in SPDX 2's spelling ("DEPENDS_ON"
// is dependsOn, as Microsoft's sbom-tool writes it), with a warning once
// per spelling.
func (r *reader) relType(n *node) string {
	s := vocab(n.str("relationshipType"))
	if s == "" || strings.ToUpper(s) != s {
		return s
	}
	parts := strings.Split(strings.ToLower(s), "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	t := strings.Join(parts, "")
	r.once("relationshipType "+s, Warning{Field: "relationshipType", Message: fmt.Sprintf(
		"relationshipType %s is SPDX 2's spelling: read as %s", s, t)})
	return t
}

// identifierType returns the externalIdentifierType of e, reading SPDX
// 2's "purl" (Microsoft's sbom-tool writes it) as packageUrl.
func (r *reader) identifierType(e *node, label string) string {
	typ := vocab(e.str("externalIdentifierType"))
	if typ == "purl" {
		r.once("externalIdentifierType purl", Warning{Ref: label, Field: "externalIdentifierType", Message: "externalIdentifierType purl is SPDX 2's spelling: read as packageUrl"})
		return "packageUrl"
	}
	return typ
}

// absentDocument returns, for a describes relationship from an element
// that is not in the document, the document's only SpdxDocument when it
// names no root itself: Microsoft's sbom-tool writes its SPDX 2 document
// ID ("SPDXRef-DOCUMENT") there.
func (r *reader) absentDocument(n *node) []*node {
	ids := refIDs(n, "from")
	if len(ids) != 1 || r.g.byID[ids[0]] != nil || len(r.docs) != 1 || len(r.docs[0].props["rootElement"]) > 0 {
		return nil
	}
	r.warn(Warning{Ref: n.typ + " " + n.id, Field: "from", Message: fmt.Sprintf(
		"describes from %s, which is not in the document: read as from the SpdxDocument", ids[0])})
	return r.docs
}

// once records w the first time key is seen.
func (r *reader) once(key string, w Warning) {
	if r.warned == nil {
		r.warned = map[string]bool{}
	}
	if !r.warned[key] {
		r.warned[key] = true
		r.warn(w)
	}
}

// setPURL sets the item's package URL when it is valid.
func (r *reader) setPURL(it *soup.Item, p, label string) {
	if _, err := soup.PURLKey(p); err != nil {
		r.warn(Warning{Ref: label, Field: "software_packageUrl", Message: fmt.Sprintf("invalid purl %q dropped", p)})
		return
	}
	it.PURL = p
}

// advisoryAnomaly is the anomaly a securityAdvisory reference names: its
// ID the last segment of the address, its source the address, its status
// unset.
func advisoryAnomaly(loc, comment string) soup.Anomaly {
	a := soup.Anomaly{ID: loc, Source: loc, Summary: strings.TrimSpace(comment)}
	if u, err := url.Parse(loc); err == nil {
		if seg := path.Base(strings.TrimRight(u.Path, "/")); seg != "." && seg != "/" {
			a.ID = seg
		}
	}
	return a
}

// hashName returns the soupkit (CycloneDX) spelling of an SPDX 3 hash
// algorithm ("sha3_256" is "SHA3-256"), or the algorithm as written.
func hashName(alg string) string {
	n, _ := form.HashName(alg)
	return n
}

// structural are the types of nested objects that are part of their
// parent: when unused, the parent's property is counted instead.
var structural = []string{
	"CreationInfo", "Hash", "PackageVerificationCode", "ExternalIdentifier", "ExternalRef",
	"NamespaceMap", "ExternalMap", "DictionaryEntry", "PositiveIntegerRange",
}

// report counts what was not used: elements by type, and the properties
// of used elements that were not read.
func (r *reader) report() {
	for _, n := range r.g.nodes {
		switch {
		case n.isA("CreationInfo") || n.counted:
			continue
		case !n.used && (n.isA(structural...) || n.nested && strings.HasPrefix(n.id, blankPrefix)):
			// Part of the element that holds it, counted as its property.
			continue
		case !n.used:
			r.d.Ignored["element "+cmpOr(n.typ, "without type")]++
			continue
		}
		for _, k := range n.keys {
			if !n.took[k] && k != "creationInfo" {
				r.d.Ignored["property "+k+" of "+n.typ]++
			}
		}
	}
	if len(r.d.Ignored) == 0 {
		r.d.Ignored = nil
	}
}
