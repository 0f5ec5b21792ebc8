package sbom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"

	packageurl "github.com/package-url/packageurl-go"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"
	"github.com/spdx/tools-golang/tagvalue"
	spdxyaml "github.com/spdx/tools-golang/yaml"
	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/soup"
)

// noAssertion reports the SPDX values that mean "unknown" or "none": they
// are not names, locations or licence expressions.
func noAssertion(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s == "NOASSERTION" || s == "NONE"
}

// decodeSPDX reads SPDX 2.2 or 2.3 JSON, tag-value or YAML.
func decodeSPDX(data []byte, f Format) (*doc, error) {
	g, err := Detect(data)
	if err != nil {
		return nil, err
	}
	if g.Family != SPDX || g.Encoding != f.Encoding {
		return nil, &DecodeError{Format: f, Err: fmt.Errorf("%w: input is %v", ErrUnknownFormat, g)}
	}
	f = g
	var rep reporter
	sd := new(v2_3.Document)
	switch f.Encoding {
	case JSON:
		var ps []party
		data, ps, err = lenientSPDXJSON(data, &rep)
		if err == nil {
			err = spdxjson.ReadInto(bytes.NewReader(data), sd)
		}
		if err == nil {
			fixParties(sd, ps)
		}
	case TagValue:
		err = tagvalue.ReadInto(bytes.NewReader(data), sd)
	case YAML:
		err = spdxyaml.ReadInto(bytes.NewReader(data), sd)
		if err == nil {
			// tools-golang turns YAML into JSON and reads that: the same
			// escapes stay in suppliers.
			var top struct {
				Packages []struct{ Supplier, Originator string }
			}
			if yaml.Unmarshal(data, &top) == nil {
				ps := make([]party, len(top.Packages))
				for i, p := range top.Packages {
					ps[i] = party{p.Supplier, p.Originator}
				}
				fixParties(sd, ps)
			}
		}
	}
	if err != nil {
		return nil, &DecodeError{Format: f, Ref: errRef(data, err), Err: err}
	}
	for i, p := range sd.Packages {
		if p == nil || p.PackageSPDXIdentifier == "" {
			name := ""
			if p != nil {
				name = p.PackageName
			}
			return nil, &DecodeError{Format: f, Ref: fmt.Sprintf("package %d %q", i+1, name), Err: errors.New("missing SPDXID")}
		}
	}
	d := fromDocument(sd, f)
	d.rep.warnings = append(rep.warnings, d.rep.warnings...)
	return d, nil
}

// lenientSPDXJSON repairs what tools-golang rejects but generators write:
// element IDs without the SPDXRef- prefix and suppliers or originators
// without the Organization:/Person: prefix. Each repair is a warning.
func lenientSPDXJSON(data []byte, rep *reporter) ([]byte, []party, error) {
	if ps, ok := plainSPDXJSON(data); ok {
		return data, ps, nil
	}
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, nil, err
	}
	var parties []party
	changed := false
	fixID := func(where string, v any) any {
		s, ok := v.(string)
		if !ok || s == "" || strings.HasPrefix(s, "SPDXRef-") || strings.HasPrefix(s, "DocumentRef-") || noAssertion(s) {
			return v
		}
		rep.warn(fmt.Sprintf("%s: element ID %q without SPDXRef- prefix", where, s))
		changed = true
		return "SPDXRef-" + s
	}
	fixParty := func(where string, v any) any {
		s, ok := v.(string)
		if !ok || s == "NOASSERTION" || strings.Contains(s, ":") {
			return v
		}
		rep.warn(fmt.Sprintf("%s: %q without Organization: or Person: prefix", where, s))
		changed = true
		return "Organization: " + s
	}
	for _, key := range []string{"packages", "files"} {
		list, _ := top[key].([]any)
		for i, e := range list {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			where := fmt.Sprintf("%s %d %q", strings.TrimSuffix(key, "s"), i+1, fmt.Sprint(m["name"]))
			if id, ok := m["SPDXID"]; ok {
				m["SPDXID"] = fixID(where, id)
			}
			for _, k := range []string{"supplier", "originator"} {
				if v, ok := m[k]; ok {
					m[k] = fixParty(where+": "+k, v)
				}
			}
			if key == "packages" {
				sup, _ := m["supplier"].(string)
				org, _ := m["originator"].(string)
				parties = append(parties, party{sup, org})
			}
		}
	}
	rels, _ := top["relationships"].([]any)
	for i, e := range rels {
		if m, ok := e.(map[string]any); ok {
			where := fmt.Sprintf("relationship %d", i+1)
			for _, k := range []string{"spdxElementId", "relatedSpdxElement"} {
				if v, ok := m[k]; ok {
					m[k] = fixID(where, v)
				}
			}
		}
	}
	if ds, ok := top["documentDescribes"].([]any); ok {
		for i, v := range ds {
			ds[i] = fixID("documentDescribes", v)
		}
	}
	if !changed {
		return data, parties, nil
	}
	data, err := json.Marshal(top)
	return data, parties, err
}

// plainSPDXJSON reports whether data needs none of lenientSPDXJSON's
// repairs, reading only the fields they concern (far cheaper than a map of
// the whole document), and returns the packages' parties.
func plainSPDXJSON(data []byte) ([]party, bool) {
	type element struct {
		SPDXID, Supplier, Originator any
	}
	var top struct {
		Packages      []element `json:"packages"`
		Files         []element `json:"files"`
		Relationships []struct {
			A any `json:"spdxElementId"`
			B any `json:"relatedSpdxElement"`
		} `json:"relationships"`
		DocumentDescribes []any `json:"documentDescribes"`
	}
	if json.Unmarshal(data, &top) != nil {
		return nil, false // the full repair says what is wrong
	}
	id := func(v any) bool {
		s, ok := v.(string)
		return !ok || s == "" || strings.HasPrefix(s, "SPDXRef-") || strings.HasPrefix(s, "DocumentRef-") || noAssertion(s)
	}
	prefixed := func(v any) bool {
		s, ok := v.(string)
		return !ok || s == "NOASSERTION" || strings.Contains(s, ":")
	}
	ps := make([]party, len(top.Packages))
	for i, e := range append(top.Packages, top.Files...) {
		if !id(e.SPDXID) || !prefixed(e.Supplier) || !prefixed(e.Originator) {
			return nil, false
		}
		if i < len(ps) {
			ps[i].supplier, _ = e.Supplier.(string)
			ps[i].originator, _ = e.Originator.(string)
		}
	}
	for _, r := range top.Relationships {
		if !id(r.A) || !id(r.B) {
			return nil, false
		}
	}
	for _, v := range top.DocumentDescribes {
		if !id(v) {
			return nil, false
		}
	}
	return ps, true
}

// party is a package's supplier and originator as written.
type party struct{ supplier, originator string }

// fixParties sets the suppliers and originators of sd from ps, in package
// order: tools-golang takes them from the raw JSON without unescaping
// (\u003c stays, for <).
func fixParties(sd *v2_3.Document, ps []party) {
	if len(ps) != len(sd.Packages) {
		return
	}
	for i, p := range sd.Packages {
		if s := p.PackageSupplier; s != nil && s.Supplier != "NOASSERTION" {
			if typ, name, ok := strings.Cut(ps[i].supplier, ":"); ok {
				s.SupplierType, s.Supplier = strings.TrimSpace(typ), strings.TrimSpace(name)
			}
		}
		if o := p.PackageOriginator; o != nil && o.Originator != "NOASSERTION" {
			if typ, name, ok := strings.Cut(ps[i].originator, ":"); ok {
				o.OriginatorType, o.Originator = typ, strings.TrimLeft(name, " \t")
			}
		}
	}
}

// FromSPDX converts an SPDX 2.3 document (tools-golang reads 2.2 into 2.3
// too) into a SOUP list, with a report of what had no place in it.
func FromSPDX(sd *v2_3.Document) (*soup.List, *Report) {
	f := Format{Family: SPDX, Encoding: JSON, Version: strings.TrimPrefix(sd.SPDXVersion, "SPDX-")}
	return fromDocument(sd, f).finish(true)
}

// fromDocument maps an SPDX document onto a doc.
func fromDocument(sd *v2_3.Document, f Format) *doc {
	d := &doc{format: f, skipped: map[string]bool{}}
	d.source = soup.Source{Format: f.String(), Serial: sd.DocumentNamespace}
	if ci := sd.CreationInfo; ci != nil {
		d.source.Timestamp = ci.Created
		for _, c := range ci.Creators {
			if c.CreatorType == "Tool" {
				d.source.Tools = append(d.source.Tools, toolName(c.Creator))
			}
		}
	}

	// Annotations, by the element they annotate.
	anns := map[string][]v2_3.Annotation{}
	for _, a := range sd.Annotations {
		if a == nil {
			continue
		}
		id := string(a.AnnotationSPDXIdentifier.ElementRefID)
		if a.AnnotationSPDXIdentifier.DocumentRefID != "" {
			d.rep.ignore("annotation of another document", 1)
			continue
		}
		if id == "" {
			id = string(sd.SPDXIdentifier)
		}
		anns[id] = append(anns[id], *a)
	}
	d.listProps = d.annotations(anns[string(sd.SPDXIdentifier)])

	// The subject: what the document describes.
	isRoot := map[string]bool{}
	for _, r := range sd.Relationships {
		if r == nil {
			continue
		}
		switch {
		case r.Relationship == common.TypeRelationshipDescribe && r.RefA.ElementRefID == sd.SPDXIdentifier:
			isRoot[string(r.RefB.ElementRefID)] = true
			d.roots = append(d.roots, string(r.RefB.ElementRefID))
		case r.Relationship == common.TypeRelationshipDescribeBy && r.RefB.ElementRefID == sd.SPDXIdentifier:
			isRoot[string(r.RefA.ElementRefID)] = true
			d.roots = append(d.roots, string(r.RefA.ElementRefID))
		}
	}
	subject := false
	d.nodes, d.items = make([]node, 0, len(sd.Packages)), make([]soup.Item, 0, len(sd.Packages))
	for _, p := range sd.Packages {
		id := string(p.PackageSPDXIdentifier)
		as := append(p.Annotations, anns[id]...)
		switch {
		case isRoot[id] && !subject:
			subject = true
			var it soup.Item
			n := d.pkg(p, as, &it)
			d.system = soup.System{Name: it.Name, Version: it.Version, Manufacturer: it.Manufacturer}
			d.listProps = append(n.props, d.listProps...)
		case isRoot[id]:
			d.rep.ignore("further described package", 1)
		case p.PrimaryPackagePurpose == "FILE":
			d.rep.ignore("package of purpose FILE", 1)
			d.skip(id)
		case p.PrimaryPackagePurpose == "APPLICATION" && p.PackageVersion == "" && !hasPURL(p):
			// trivy's package for each manifest or binary it read.
			d.rep.ignore("application package without version or purl", 1)
			d.skip(id)
		default:
			d.add(d.pkg(p, as, d.newItem()))
		}
		if len(p.Files) > 0 {
			d.rep.ignore("file", len(p.Files))
			for _, fl := range p.Files {
				d.skipped[string(fl.FileSPDXIdentifier)] = true
			}
		}
	}
	for _, fl := range sd.Files {
		d.rep.ignore("file", 1)
		d.skipped[string(fl.FileSPDXIdentifier)] = true
	}
	d.rep.ignore("snippet", len(sd.Snippets))
	d.rep.ignore("extracted licence text", len(sd.OtherLicenses))
	d.rep.ignore("external document reference", len(sd.ExternalDocumentReferences))

	for _, r := range sd.Relationships {
		if r == nil {
			continue
		}
		a, b := string(r.RefA.ElementRefID), string(r.RefB.ElementRefID)
		if r.RefA.DocumentRefID != "" || r.RefB.DocumentRefID != "" {
			d.rep.ignore("relationship to another document", 1)
			continue
		}
		switch r.Relationship {
		case common.TypeRelationshipDescribe, common.TypeRelationshipDescribeBy:
			if !isRoot[a] && !isRoot[b] {
				d.rep.ignoreNamed("relationship", r.Relationship, 1)
			}
		case common.TypeRelationshipDependsOn, common.TypeRelationshipContains:
			d.addEdge(a, b)
		case common.TypeRelationshipDependencyOf, common.TypeRelationshipRuntimeDependencyOf, common.TypeRelationshipContainedBy:
			d.addEdge(b, a)
		default:
			d.rep.ignoreNamed("relationship", r.Relationship, 1)
		}
	}
	return d
}

// hasPURL reports whether p has a package URL.
func hasPURL(p *v2_3.Package) bool {
	for _, r := range p.PackageExternalReferences {
		if r != nil && r.RefType == common.TypePackageManagerPURL {
			return true
		}
	}
	return false
}

// pkg maps the fields of p that a SOUP item has into it, an empty item,
// and returns p's node; as are p's annotations.
func (d *doc) pkg(p *v2_3.Package, as []v2_3.Annotation, it *soup.Item) node {
	label := "package " + string(p.PackageSPDXIdentifier)
	n := node{ref: string(p.PackageSPDXIdentifier)}
	it.Name, it.Version, it.Description = p.PackageName, p.PackageVersion, p.PackageDescription
	switch {
	case p.PackageSupplier != nil && !noAssertion(p.PackageSupplier.Supplier):
		it.Manufacturer = p.PackageSupplier.Supplier
	case p.PackageOriginator != nil && !noAssertion(p.PackageOriginator.Originator):
		it.Manufacturer = p.PackageOriginator.Originator
	}
	switch {
	case !noAssertion(p.PackageLicenseConcluded):
		it.License = p.PackageLicenseConcluded
	case !noAssertion(p.PackageLicenseDeclared):
		it.License = p.PackageLicenseDeclared
	}
	if !noAssertion(p.PackageHomePage) {
		it.Website = p.PackageHomePage
	}
	for _, c := range p.PackageChecksums {
		it.Hashes = append(it.Hashes, soup.Hash{Algorithm: cdxHashName(string(c.Algorithm)), Value: c.Value})
	}
	if p.ValidUntilDate != "" {
		if dt, err := soup.ParseDate(p.ValidUntilDate); err != nil {
			d.rep.warn(fmt.Sprintf("%s: validUntilDate: %v", label, err))
		} else {
			it.Support.EndOfSupport = dt
		}
	}
	for _, r := range p.PackageExternalReferences {
		if r == nil {
			continue
		}
		var dst *string
		switch cat := strings.ReplaceAll(r.Category, "_", "-"); {
		case cat == common.CategoryPackageManager && r.RefType == common.TypePackageManagerPURL:
			k, err := soup.PURLKey(r.Locator)
			if err != nil {
				d.rep.warn(fmt.Sprintf("%s: invalid purl %q dropped", label, r.Locator))
				continue
			}
			if it.PURL == "" {
				n.key = k
			}
			dst = &it.PURL
		case cat == common.CategorySecurity && (r.RefType == common.TypeSecurityCPE23Type || r.RefType == common.TypeSecurityCPE22Type):
			dst = &it.CPE
		case cat == common.CategorySecurity && r.RefType == common.TypeSecurityAdvisory && r.Locator != "":
			it.Anomalies = append(it.Anomalies, advisoryAnomaly(r.Locator, r.ExternalRefComment))
			continue
		case cat == common.CategoryOther && r.RefType == "issue-tracker":
			dst = &it.IssueTracker
		case cat == common.CategoryOther && r.RefType == "vcs":
			dst = &it.VCS
		case cat == common.CategoryOther && r.RefType == "website":
			dst = &it.Website
		}
		if dst == nil || *dst != "" {
			d.rep.ignoreNamed("external reference", r.Category+" "+r.RefType, 1)
			continue
		}
		*dst = r.Locator
	}
	for _, x := range []struct {
		what string
		set  bool
	}{
		{"package copyright text", !noAssertion(p.PackageCopyrightText)},
		{"package download location", !noAssertion(p.PackageDownloadLocation)},
		{"package file name", p.PackageFileName != ""},
		{"package source info", p.PackageSourceInfo != ""},
		{"package comment", p.PackageComment != ""},
		{"package summary", p.PackageSummary != ""},
		{"package licence comments", p.PackageLicenseComments != ""},
		{"package attribution text", len(p.PackageAttributionTexts) > 0},
		{"package release date", p.ReleaseDate != ""},
		{"package built date", p.BuiltDate != ""},
	} {
		if x.set {
			d.rep.ignore(x.what, 1)
		}
	}
	if ns, ok := mavenNamespace(it.PURL, it.Name); ok {
		// Generators write the artifact alone (SPDX always, CycloneDX
		// without a group). The item's name has both, either way.
		it.Name = ns + ":" + it.Name
	}
	n.props = d.annotations(as)
	return n
}

// mavenNamespace returns the group of a Maven purl whose name is name,
// for an item named group:artifact.
func mavenNamespace(purl, name string) (string, bool) {
	if !strings.HasPrefix(purl, "pkg:maven/") {
		return "", false
	}
	p, err := packageurl.FromString(purl)
	if err != nil || p.Namespace == "" || p.Name != name {
		return "", false
	}
	return p.Namespace, true
}

// toolName writes an SPDX tool, "syft-1.57.0", as CycloneDX tools are
// written: "syft 1.57.0".
func toolName(s string) string {
	if i := strings.LastIndexByte(s, '-'); i > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
		return s[:i] + " " + s[i+1:]
	}
	return s
}

// annotations returns the soupkit properties among as.
func (d *doc) annotations(as []v2_3.Annotation) []prop {
	var out []prop
	for _, a := range as {
		rest, ok := strings.CutPrefix(a.AnnotationComment, Prefix)
		if !ok {
			d.rep.ignore("annotation", 1)
			continue
		}
		name, value, ok := strings.Cut(rest, "=")
		if !ok {
			d.rep.warn(fmt.Sprintf("annotation %q without =", a.AnnotationComment))
			continue
		}
		out = append(out, prop{name, value})
	}
	return out
}

// cdxHashName spells a hash algorithm the CycloneDX way ("SHA-256"), the
// spelling items carry whatever format they come from.
func cdxHashName(s string) string {
	if n, ok := hashNames[normHash(s)]; ok {
		return n
	}
	return s
}

// normHash folds a hash algorithm's name: "sha-256", "SHA_256" → "SHA256".
func normHash(s string) string {
	return strings.ToUpper(hashFolder.Replace(s))
}

var hashFolder = strings.NewReplacer("-", "", "_", "", " ", "")

// hashNames maps normalised algorithm names to CycloneDX's.
var hashNames = map[string]string{
	"MD5": "MD5", "SHA1": "SHA-1", "SHA256": "SHA-256", "SHA384": "SHA-384", "SHA512": "SHA-512",
	"SHA3256": "SHA3-256", "SHA3384": "SHA3-384", "SHA3512": "SHA3-512",
	"BLAKE2B256": "BLAKE2b-256", "BLAKE2B384": "BLAKE2b-384", "BLAKE2B512": "BLAKE2b-512", "BLAKE3": "BLAKE3",
}

// advisoryAnomaly is the anomaly an SPDX SECURITY advisory reference
// names: its ID is the last segment of the advisory's address
// (https://nvd.nist.gov/vuln/detail/CVE-2020-28498), its source the
// address, its summary the reference's comment. Nothing says how it was
// evaluated: its status stays unset.
func advisoryAnomaly(loc, comment string) soup.Anomaly {
	a := soup.Anomaly{ID: loc, Source: loc, Summary: strings.TrimSpace(comment)}
	if u, err := url.Parse(loc); err == nil {
		if seg := path.Base(strings.TrimRight(u.Path, "/")); seg != "." && seg != "/" {
			a.ID = seg
		}
	}
	return a
}
