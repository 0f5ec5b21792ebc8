package spdx3

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// Context is the JSON-LD context of the documents EncodeDoc writes.
const Context = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"

// DocOptions configures EncodeDoc. A nil *DocOptions means defaults.
type DocOptions struct {
	// Namespace starts the spdxId of every element written, such as
	// "urn:uuid:…" or "https://example.com/sbom/pump-2.4.0". Empty means
	// "urn:uuid:" and a UUID derived from the document's content.
	Namespace string
	// Created is the creation time, in RFC 3339 form in UTC
	// ("2026-11-24T00:00:00Z"). Empty means the Unix epoch: EncodeDoc never
	// reads the clock.
	Created string
	// Tool names the tool that writes the document; empty means "soupkit".
	Tool string
}

// ElementID returns the spdxId EncodeDoc gives the entry whose reference is
// ref in a document of namespace ns: DecodeDoc returns it as the entry's Ref.
func ElementID(ns, ref string) string {
	return ns + "#" + escapeRef(ref)
}

// escapeRef makes ref fit an IRI fragment: letters, digits and "-._~" are
// kept, every other byte percent-encoded.
func escapeRef(ref string) string {
	var b strings.Builder
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// EncodeDoc writes d as SPDX 3.0.1 JSON-LD (see the package documentation).
// d.Systems are the roots of the Sbom; each entry's Props and d.Props are
// written as soupkit: annotations; edges are written as relationships of
// their type (dependsOn when unset). The output is deterministic.
func EncodeDoc(d *Doc, opts *DocOptions) ([]byte, error) {
	var buf bytes.Buffer
	if err := EncodeDocTo(&buf, d, opts); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeDocTo writes d to out as EncodeDoc does, streamed: no copy of the
// document, nor a tree of it, is held in memory. The SpdxDocument and the
// Sbom, which come first, list every element; the writer goes over d once
// for each of those lists, then once each for the elements, the
// relationships and the annotations, making the same elements with the
// same IDs each time. Only errors of out are returned.
func EncodeDocTo(out io.Writer, d *Doc, opts *DocOptions) error {
	var o DocOptions
	if opts != nil {
		o = *opts
	}
	if o.Namespace == "" {
		o.Namespace = "urn:uuid:" + contentID(d)
	}
	if o.Created == "" {
		o.Created = "1970-01-01T00:00:00Z"
	}
	if o.Tool == "" {
		o.Tool = "soupkit"
	}
	b := bufio.NewWriterSize(out, 64<<10)
	w := newWriter(o.Namespace)
	w.out = b
	b.WriteString("{\n  \"@context\": ")
	writeString(b, Context)
	b.WriteString(",\n  \"@graph\": [")
	for i, x := range w.head(d, o) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		writeJSON(b, x, 2)
	}
	w.sweep(d, passElements)
	w.sweep(d, passRels)
	w.sweep(d, passNotes)
	b.WriteString("\n  ]\n}\n")
	return b.Flush()
}

// contentID returns a UUID (version 8, name-based) derived from d.
func contentID(d *Doc) string {
	b, _ := json.Marshal(d) // a Doc of strings always marshals
	h := sha256.Sum256(b)
	u := h[:16]
	u[6] = u[6]&0x0f | 0x80
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u)
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// kv is one member of a JSON object.
type kv struct {
	k string
	v any // string, bool, []string, idList, obj or []obj
}

// obj is a JSON object whose members keep their order.
type obj []kv

// idList is a list of strings made as it is written: the element IDs a
// sweep of the writer gives, never held in memory.
type idList func(yield func(string))

// writeJSON writes v, indented by two spaces per level: a string, a
// boolean, a list of strings, an object or a list of objects. It is a small encoder of the
// only shapes EncodeDoc writes, several times faster than encoding/json on
// them.
func writeJSON(b *bufio.Writer, v any, indent int) {
	nl := func(level int) {
		b.WriteByte('\n')
		for range level {
			b.WriteString("  ")
		}
	}
	switch x := v.(type) {
	case string:
		writeString(b, x)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case []string:
		b.WriteByte('[')
		for i, s := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(indent + 1)
			writeString(b, s)
		}
		nl(indent)
		b.WriteByte(']')
	case idList:
		b.WriteByte('[')
		first := true
		x(func(s string) {
			if !first {
				b.WriteByte(',')
			}
			first = false
			nl(indent + 1)
			writeString(b, s)
		})
		nl(indent)
		b.WriteByte(']')
	case obj:
		b.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(indent + 1)
			writeString(b, m.k)
			b.WriteString(": ")
			writeJSON(b, m.v, indent+1)
		}
		nl(indent)
		b.WriteByte('}')
	case []obj:
		b.WriteByte('[')
		for i, o := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(indent + 1)
			writeJSON(b, o, indent+1)
		}
		nl(indent)
		b.WriteByte(']')
	}
}

// writeString writes s as a JSON string: quotes, backslashes and control
// characters escaped, U+2028 and U+2029 too (for JavaScript), invalid UTF-8
// as U+FFFD; HTML characters are kept as they are.
func writeString(b *bufio.Writer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0 // s[start:i] is yet to be written, as is
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && r != 0x2028 && r != 0x2029 {
				i += size
				continue
			}
		}
		b.WriteString(s[start:i])
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError:
			b.WriteString("\uFFFD") // invalid UTF-8, or U+FFFD itself
		default: // control characters, U+2028, U+2029
			b.WriteString(`\u`)
			b.WriteByte(hex[r>>12&0xF])
			b.WriteByte(hex[r>>8&0xF])
			b.WriteByte(hex[r>>4&0xF])
			b.WriteByte(hex[r&0xF])
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// add appends k: v when v is not empty.
func (o *obj) add(k string, v any) {
	switch x := v.(type) {
	case string:
		if x == "" {
			return
		}
	case []string:
		if len(x) == 0 {
			return
		}
	case []obj:
		if len(x) == 0 {
			return
		}
	}
	*o = append(*o, kv{k, v})
}

// pass is what one sweep of the writer over a Doc does with the objects
// it makes.
type pass int

const (
	// passIDs gives the ID of every element, in the order the
	// SpdxDocument lists them, to the writer's ids function.
	passIDs pass = iota
	// passElements writes the elements but relationships and
	// annotations, which follow them.
	passElements
	// passRels writes the relationships.
	passRels
	// passNotes writes the annotations.
	passNotes
	// passCapture gives every object to the writer's capture function
	// (see readBack).
	passCapture
)

// class says which pass writes an object.
type class int

const (
	classElement class = iota // written in passElements
	classShared               // an agent, licence or vulnerability that entries share; passElements
	classRel                  // passRels
	classNote                 // passNotes
)

// writer makes the graph of a Doc. Each sweep (see sweep) makes the same
// objects with the same IDs: the element IDs come from counters and the
// shared elements from maps, both reset at the start of a sweep.
type writer struct {
	ns   string
	pass pass
	out  *bufio.Writer
	// ids gets each element ID in passIDs; capture each object in
	// passCapture.
	ids     func(string)
	capture func(o obj, c class)

	agents   map[string]string // by type and name
	licenses map[string]string // by expression
	vulns    map[vulnKey]string
	counter  map[string]int
	// valid remembers which licence expressions are valid, across
	// sweeps.
	valid map[string]bool
}

// newWriter returns a writer of elements in the namespace ns.
func newWriter(ns string) *writer {
	return &writer{ns: ns, agents: map[string]string{}, licenses: map[string]string{},
		vulns: map[vulnKey]string{}, counter: map[string]int{}, valid: map[string]bool{}}
}

// wants reports whether the sweep does something with objects of class c
// beyond their IDs: the others need not be made.
func (w *writer) wants(c class) bool {
	switch w.pass {
	case passCapture:
		return true
	case passElements:
		return c == classElement || c == classShared
	case passRels:
		return c == classRel
	case passNotes:
		return c == classNote
	}
	return false
}

// emit hands the object o, whose ID is id, to what the sweep does.
func (w *writer) emit(c class, id string, o obj) {
	switch {
	case w.pass == passIDs:
		w.ids(id)
	case w.pass == passCapture:
		w.capture(o, c)
	case w.wants(c):
		w.write(o)
	}
}

// write writes an element of the graph after the head.
func (w *writer) write(o obj) {
	w.out.WriteString(",\n    ")
	writeJSON(w.out, o, 2)
}

// sweep goes over d making its elements after the head, in the order of
// the SpdxDocument's list: each entry's package with what hangs off it,
// the dependency relationships, the annotations; p says what is done with
// them. Written, the relationships follow the elements and the
// annotations the relationships, each pass writing its part.
func (w *writer) sweep(d *Doc, p pass) {
	w.pass = p
	clear(w.agents)
	clear(w.licenses)
	clear(w.vulns)
	clear(w.counter)
	if p != passNotes {
		for i := range d.Systems {
			w.pkg(&d.Systems[i])
		}
		for i := range d.Items {
			w.pkg(&d.Items[i])
		}
		if p == passElements {
			return
		}
		w.edges(d.Edges)
		if p == passRels {
			return
		}
	}
	for _, e := range d.Systems {
		w.annotate(ElementID(w.ns, e.Ref), e.Props)
	}
	for _, e := range d.Items {
		w.annotate(ElementID(w.ns, e.Ref), e.Props)
	}
	w.annotate(w.ns+"/document", d.Props)
}

// The creation information every element shares.
const creationInfo = "_:creationinfo"

// id returns a new element ID of kind: ns/kind/N.
func (w *writer) id(kind string) string {
	w.counter[kind]++
	return w.ns + "/" + kind + "/" + strconv.Itoa(w.counter[kind])
}

// element makes an element of the class c.
func (w *writer) element(c class, typ, id string, rest ...kv) {
	var o obj
	if w.wants(c) {
		o = append(obj{{"type", typ}, {"spdxId", id}, {"creationInfo", creationInfo}}, rest...)
	}
	w.emit(c, id, o)
}

// head returns the objects that start the graph: the creation
// information, its creator and tool, the SpdxDocument and the Sbom, whose
// lists of elements take a sweep over d each as they are written.
func (w *writer) head(d *Doc, o DocOptions) []obj {
	tool := w.ns + "/tool/soupkit"
	creator := w.ns + "/agent/creator"
	// The creator: the system's manufacturer, else an agent that says it
	// is not known.
	creatorName := "NOASSERTION"
	creatorType := "Agent"
	if len(d.Systems) > 0 && d.Systems[0].Item.Manufacturer != "" {
		creatorName, creatorType = d.Systems[0].Item.Manufacturer, "Organization"
	}
	docID, sbomID := w.ns+"/document", w.ns+"/sbom"
	var roots []string
	for _, e := range d.Systems {
		roots = append(roots, ElementID(w.ns, e.Ref))
	}
	elements := func(first ...string) idList {
		return func(yield func(string)) {
			for _, id := range first {
				yield(id)
			}
			w.ids = yield
			w.sweep(d, passIDs)
			w.ids = nil
		}
	}
	sbom := obj{{"type", "software_Sbom"}, {"spdxId", sbomID}, {"creationInfo", creationInfo}}
	sbom.add("rootElement", roots)
	sbom = append(sbom, kv{"element", elements(creator, tool)})
	doc := obj{{"type", "SpdxDocument"}, {"spdxId", docID}, {"creationInfo", creationInfo}}
	doc.add("name", d.Name)
	doc.add("import", w.externals(d))
	doc = append(doc,
		kv{"profileConformance", []string{"core", "software", "security", "simpleLicensing"}},
		kv{"rootElement", []string{sbomID}},
		kv{"element", elements(sbomID, creator, tool)})
	return []obj{
		{{"type", "CreationInfo"}, {"@id", creationInfo}, {"specVersion", "3.0.1"},
			{"created", o.Created}, {"createdBy", []string{creator}}, {"createdUsing", []string{tool}}},
		{{"type", creatorType}, {"spdxId", creator}, {"creationInfo", creationInfo}, {"name", creatorName}},
		{{"type", "Tool"}, {"spdxId", tool}, {"creationInfo", creationInfo}, {"name", o.Tool}},
		doc, sbom,
	}
}

// externals returns an ExternalMap for every element an edge of d names
// that is neither a system nor an item (a file of the document d was read
// from, which EncodeDoc does not write), in the order the edges name them:
// SPDX 3 requires an element referenced but not in the document to be
// declared in the SpdxDocument's import.
func (w *writer) externals(d *Doc) []obj {
	known := map[string]bool{}
	for _, e := range d.Systems {
		known[e.Ref] = true
	}
	for _, e := range d.Items {
		known[e.Ref] = true
	}
	var out []obj
	for _, e := range d.Edges {
		for _, ref := range []string{e.From, e.To} {
			if !known[ref] {
				known[ref] = true
				out = append(out, obj{{"type", "ExternalMap"}, {"externalSpdxId", ElementID(w.ns, ref)}})
			}
		}
	}
	return out
}

// pkg writes an entry as a software_Package with what hangs off it:
// supplier, licence, anomalies.
func (w *writer) pkg(e *Entry) {
	it := &e.Item
	id := ElementID(w.ns, e.Ref)
	var supplier string
	if it.Manufacturer != "" {
		supplier = w.agent(it.Manufacturer)
	}
	var p obj
	if w.wants(classElement) {
		p = w.pkgObj(it, id, supplier)
	}
	w.emit(classElement, id, p)

	if lic := it.License; lic != "" && w.validLicense(lic) {
		w.rel("Relationship", id, "hasConcludedLicense", []string{w.license(lic)}, "", "")
	}
	for i := range it.Anomalies {
		w.anomaly(id, &it.Anomalies[i])
	}
}

// pkgObj returns the software_Package of it, whose ID is id and whose
// supplier's is supplier.
func (w *writer) pkgObj(it *soup.Item, id, supplier string) obj {
	p := obj{{"type", "software_Package"}, {"spdxId", id}, {"creationInfo", creationInfo}}
	p.add("name", it.Name)
	p.add("description", it.Description)
	p.add("software_packageVersion", it.Version)
	p.add("suppliedBy", supplier)
	if _, err := soup.PURLKey(it.PURL); err == nil {
		p.add("software_packageUrl", it.PURL)
	}
	p.add("software_homePage", it.Website)
	if it.CPE != "" {
		typ := "cpe23"
		if strings.HasPrefix(it.CPE, "cpe:/") {
			typ = "cpe22"
		}
		p.add("externalIdentifier", []obj{{{"type", "ExternalIdentifier"}, {"externalIdentifierType", typ}, {"identifier", it.CPE}}})
	}
	var refs []obj
	for _, r := range []struct{ typ, loc string }{{"issueTracker", it.IssueTracker}, {"vcs", it.VCS}} {
		if r.loc != "" {
			refs = append(refs, obj{{"type", "ExternalRef"}, {"externalRefType", r.typ}, {"locator", []string{r.loc}}})
		}
	}
	p.add("externalRef", refs)
	var hashes []obj
	for _, h := range it.Hashes {
		if alg, ok := spdxHash(h.Algorithm); ok && h.Value != "" {
			hashes = append(hashes, obj{{"type", "Hash"}, {"algorithm", alg}, {"hashValue", h.Value}})
		}
	}
	p.add("verifiedUsing", hashes)
	if lv := supportType(it.Support.Level); lv != "" {
		p.add("supportLevel", []string{lv})
	}
	if !it.Support.EndOfSupport.IsZero() {
		p.add("validUntilTime", it.Support.EndOfSupport.String()+"T00:00:00Z")
	}
	return p
}

// validLicense reports whether s is a valid licence expression without
// surrounding space, checked once per writer.
func (w *writer) validLicense(s string) bool {
	ok, seen := w.valid[s]
	if !seen {
		ok = strings.TrimSpace(s) == s && form.ValidExpression(s)
		w.valid[s] = ok
	}
	return ok
}

// agent returns the ID of the Organization named name, written once.
func (w *writer) agent(name string) string {
	if id, ok := w.agents["organization:"+name]; ok {
		return id
	}
	id := w.id("agent")
	w.agents["organization:"+name] = id
	w.element(classShared, "Organization", id, kv{"name", name})
	return id
}

// license returns the ID of the licence expression s, written once.
func (w *writer) license(s string) string {
	if id, ok := w.licenses[s]; ok {
		return id
	}
	id := w.id("license")
	w.licenses[s] = id
	w.element(classShared, "simplelicensing_LicenseExpression", id, kv{"simplelicensing_licenseExpression", s})
	return id
}

// rel records a relationship, written after the elements.
func (w *writer) rel(typ, from, relType string, to []string, completeness, scope string) {
	id := w.id("relationship")
	var r obj
	if w.wants(classRel) {
		r = obj{{"type", typ}, {"spdxId", id}, {"creationInfo", creationInfo},
			{"from", from}, {"relationshipType", relType}, {"to", to}}
		r.add("completeness", completeness)
		r.add("scope", scope)
	}
	w.emit(classRel, id, r)
}

// edges writes the dependency graph (see groupEdges).
func (w *writer) edges(edges []Edge) {
	for _, g := range groupEdges(edges) {
		typ := "Relationship"
		if g.scope != "" {
			typ = "LifecycleScopedRelationship"
		}
		to := make([]string, len(g.to))
		for i, ref := range g.to {
			to[i] = ElementID(w.ns, ref)
		}
		w.rel(typ, ElementID(w.ns, g.from), g.typ, to, g.completeness, g.scope)
	}
}

// edgeGroup is one relationship of the dependency graph: the edges of one
// source, type, completeness and scope.
type edgeGroup struct {
	from, typ, completeness, scope string
	to                             []string
}

// groupEdges groups edges by source, type (dependsOn when unset),
// completeness and scope, in the order the groups first appear.
func groupEdges(edges []Edge) []edgeGroup {
	type key struct{ from, typ, completeness, scope string }
	var out []edgeGroup
	at := map[key]int{}
	for _, e := range edges {
		k := key{e.From, cmpOr(e.Type, "dependsOn"), e.Completeness, e.Scope}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, edgeGroup{from: k.from, typ: k.typ, completeness: k.completeness, scope: k.scope})
		}
		out[i].to = append(out[i].to, e.To)
	}
	return out
}

// The VEX classes by status.
var vexClass = map[soup.AnomalyStatus]struct{ class, rel string }{
	soup.StatusAffected:           {"security_VexAffectedVulnAssessmentRelationship", "affects"},
	soup.StatusNotAffected:        {"security_VexNotAffectedVulnAssessmentRelationship", "doesNotAffect"},
	soup.StatusFixed:              {"security_VexFixedVulnAssessmentRelationship", "fixedIn"},
	soup.StatusUnderInvestigation: {"security_VexUnderInvestigationVulnAssessmentRelationship", "underInvestigationFor"},
}

// justificationTypes are the SPDX VEX justification types.
var justificationTypes = []string{
	"componentNotPresent", "inlineMitigationsAlreadyExist", "vulnerableCodeCannotBeControlledByAdversary",
	"vulnerableCodeNotInExecutePath", "vulnerableCodeNotPresent",
}

// vulnKey identifies a vulnerability element: anomalies of several items
// that agree on it share one.
type vulnKey struct {
	id, source, summary, aliases string
	published, modified          soup.Date
}

// anomaly writes the vulnerability of a and its assessment for element id.
func (w *writer) anomaly(id string, a *soup.Anomaly) {
	key := vulnKey{a.ID, a.Source, a.Summary, strings.Join(a.Aliases, "\x00"), a.Published, a.Modified}
	vuln, ok := w.vulns[key]
	if !ok {
		vuln = w.id("vulnerability")
		w.vulns[key] = vuln
		w.element(classShared, "security_Vulnerability", vuln, w.vulnerability(a)...)
	}
	if c, ok := vexClass[a.Status]; ok {
		rid := w.id("vex")
		var by string
		if a.By != "" {
			by = w.person(a.By)
		}
		var r obj
		if w.wants(classRel) {
			r = vexObj(c.class, c.rel, rid, vuln, id, by, a)
		}
		w.emit(classRel, rid, r)
	} else {
		w.rel("Relationship", id, "hasAssociatedVulnerability", []string{vuln}, "", "")
	}
	w.scores(id, vuln, a)
}

// vulnerability returns the members of the Vulnerability of a, after its
// type, ID and creation information; nil where the sweep does not want
// them.
func (w *writer) vulnerability(a *soup.Anomaly) obj {
	if !w.wants(classShared) {
		return nil
	}
	v := obj{}
	v.add("summary", a.Summary)
	var ids []obj
	for i, x := range append([]string{a.ID}, a.Aliases...) {
		if x == "" {
			continue
		}
		typ := "securityOther"
		if strings.HasPrefix(x, "CVE-") {
			typ = "cve"
		}
		e := obj{{"type", "ExternalIdentifier"}, {"externalIdentifierType", typ}, {"identifier", x}}
		if i == 0 && a.Source != "" {
			e = append(e, kv{"identifierLocator", []string{a.Source}})
		}
		ids = append(ids, e)
	}
	v.add("externalIdentifier", ids)
	v.add("security_publishedTime", timestamp(a.Published))
	v.add("security_modifiedTime", timestamp(a.Modified))
	return v
}

// vexObj returns the VEX assessment of class (and relationship type rel),
// whose ID is rid, of the vulnerability vuln for the element id, by the
// agent whose ID is by ("" for none).
func vexObj(class, rel, rid, vuln, id, by string, a *soup.Anomaly) obj {
	r := obj{{"type", class}, {"spdxId", rid}, {"creationInfo", creationInfo},
		{"from", vuln}, {"relationshipType", rel}, {"to", []string{id}}}
	switch a.Status {
	case soup.StatusNotAffected:
		code, stmt, _ := strings.Cut(a.Justification, ": ")
		switch {
		case isJustificationType(code):
			r.add("security_justificationType", code)
			r.add("security_impactStatement", stmt)
		case isJustificationType(a.Justification):
			r.add("security_justificationType", a.Justification)
		default:
			r.add("security_impactStatement", a.Justification)
		}
	case soup.StatusAffected:
		r = append(r, kv{"security_actionStatement", a.Justification})
	default:
		r.add("security_statusNotes", a.Justification)
	}
	r.add("suppliedBy", by)
	r.add("security_publishedTime", timestamp(a.Date))
	return r
}

// scores writes the CVSS assessment of a, when it has a vector and a score,
// and its listing in CISA's catalogue of known exploited vulnerabilities.
func (w *writer) scores(id, vuln string, a *soup.Anomaly) {
	if a.CVSS != "" && a.Score > 0 && a.Score <= 10 {
		class := "security_CvssV2VulnAssessmentRelationship"
		switch {
		case strings.HasPrefix(a.CVSS, "CVSS:4"):
			class = "security_CvssV4VulnAssessmentRelationship"
		case strings.HasPrefix(a.CVSS, "CVSS:3"):
			class = "security_CvssV3VulnAssessmentRelationship"
		}
		rid := w.id("cvss")
		var r obj
		if w.wants(classRel) {
			r = obj{{"type", class}, {"spdxId", rid}, {"creationInfo", creationInfo},
				{"from", vuln}, {"relationshipType", "hasAssessmentFor"}, {"to", []string{id}},
				{"security_score", strconv.FormatFloat(a.Score, 'f', -1, 64)}, {"security_vectorString", a.CVSS}}
			if class != "security_CvssV2VulnAssessmentRelationship" {
				r = append(r, kv{"security_severity", cvssSeverity(a.Severity, a.Score)})
			}
		}
		w.emit(classRel, rid, r)
	}
	if a.KnownExploited {
		rid := w.id("exploit")
		var r obj
		if w.wants(classRel) {
			r = obj{{"type", "security_ExploitCatalogVulnAssessmentRelationship"}, {"spdxId", rid},
				{"creationInfo", creationInfo}, {"from", vuln}, {"relationshipType", "hasAssessmentFor"}, {"to", []string{id}},
				{"security_catalogType", "kev"}, {"security_exploited", true},
				{"security_locator", "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"}}
		}
		w.emit(classRel, rid, r)
	}
}

// cvssSeverity returns the CVSS severity of an anomaly: its own when it is
// one of CVSS's, else the one its score falls in.
func cvssSeverity(sev string, score float64) string {
	switch s := strings.ToLower(sev); s {
	case "critical", "high", "medium", "low", "none":
		return s
	}
	switch {
	case score >= 9:
		return "critical"
	case score >= 7:
		return "high"
	case score >= 4:
		return "medium"
	case score > 0:
		return "low"
	}
	return "none"
}

// timestamp writes a date as SPDX 3 does: midnight UTC; "" when unset.
func timestamp(d soup.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String() + "T00:00:00Z"
}

// person returns the ID of the Person named name, written once.
func (w *writer) person(name string) string {
	if id, ok := w.agents["person:"+name]; ok {
		return id
	}
	id := w.id("agent")
	w.agents["person:"+name] = id
	w.element(classShared, "Person", id, kv{"name", name})
	return id
}

// isJustificationType reports whether s is an SPDX VEX justification type.
func isJustificationType(s string) bool {
	for _, t := range justificationTypes {
		if s == t {
			return true
		}
	}
	return false
}

// annotate writes one Annotation per soupkit: property of the element id.
func (w *writer) annotate(id string, ps []Prop) {
	for _, p := range ps {
		aid := w.id("annotation")
		var o obj
		if w.wants(classNote) {
			o = obj{{"type", "Annotation"}, {"spdxId", aid}, {"creationInfo", creationInfo},
				{"annotationType", "other"}, {"subject", id}, {"statement", Prefix + p.Name + "=" + p.Value}}
		}
		w.emit(classNote, aid, o)
	}
}

// spdxHashes are the SPDX 3 names of the hash algorithms soupkit knows,
// by their soupkit (CycloneDX) spelling.
var spdxHashes = map[string]string{
	"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512",
	"SHA3-256": "sha3_256", "SHA3-384": "sha3_384", "SHA3-512": "sha3_512",
	"BLAKE2b-256": "blake2b256", "BLAKE2b-384": "blake2b384", "BLAKE2b-512": "blake2b512", "BLAKE3": "blake3",
}

// spdxHash returns the SPDX 3 name of a hash algorithm, however it is
// spelled.
func spdxHash(alg string) (string, bool) {
	n, ok := form.HashName(alg)
	if !ok {
		return "", false
	}
	h, ok := spdxHashes[n]
	return h, ok
}

// supportType returns the SPDX 3 support type of a support level.
func supportType(l soup.SupportLevel) string {
	switch l {
	case soup.SupportDevelopment:
		return "development"
	case soup.SupportActive:
		return "support"
	case soup.SupportLimited:
		return "limitedSupport"
	case soup.SupportEnded:
		return "endOfSupport"
	case soup.SupportNone:
		return "noSupport"
	case soup.SupportNoAssertion:
		return "noAssertion"
	}
	return ""
}
