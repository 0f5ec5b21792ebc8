package cyclonedx

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// The property names for support: the end of support of the public
// CycloneDX property taxonomy (cdx:lifecycle:milestone), read and written,
// and the cdx:fda names earlier tools wrote, read for compatibility (the
// level of support, which the taxonomy has no name for, is still written
// as cdx:fda:level-of-support).
const (
	propSupportLevel    = "cdx:fda:level-of-support"
	propEndOfSupport    = "cdx:lifecycle:milestone:endOfSupport"
	propEndOfSupportFDA = "cdx:fda:end-of-support-date"
)

// Decode reads a CycloneDX BOM in format f, JSON or XML, as package sbom's
// Decoder hands it over: UTF-8 text that sbom.Detect named f (sniffing
// comes first because cyclonedx-go reads any JSON, an SPDX document
// included, as an empty BOM). Every error is a *sbom.DecodeError. Most
// callers want sbom.Decode.
func Decode(data []byte, f form.Format) (*soup.List, *form.Report, error) {
	d, err := decode(data, f)
	if err != nil {
		return nil, nil, err
	}
	l, rep := d.Finish(true)
	return l, rep, nil
}

// decode reads data, in format f, into the intermediate form.
func decode(data []byte, f form.Format) (*form.Doc, error) {
	bom := new(cdx.BOM)
	var (
		err       error
		tolerated form.Reporter
	)
	if f.Encoding == form.XML {
		if err = cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatXML).Decode(bom); err == nil {
			xmlText(bom)
		}
	} else {
		if d, ok := decodeStreamed(data, f); ok {
			return d, nil
		}
		err = unmarshalTolerant(data, bom, &tolerated)
	}
	if err != nil {
		return nil, form.Locate(f, data, err)
	}
	if vexOnly(bom) {
		return nil, &form.DecodeError{Format: f, Err: form.ErrVEXOnly}
	}
	d := fromBOM(bom, f)
	d.Rep.Prepend(&tolerated)
	return d, nil
}

// vexOnly reports whether bom is a VEX (or VDR) document: vulnerabilities
// about the components of another BOM, with no component of its own.
func vexOnly(bom *cdx.BOM) bool {
	if lenp(bom.Vulnerabilities) == 0 || lenp(bom.Components) > 0 || lenp(bom.Services) > 0 {
		return false
	}
	return bom.Metadata == nil || bom.Metadata.Component == nil || lenp(bom.Metadata.Component.Components) == 0
}

// FromBOM converts a CycloneDX BOM into a SOUP list, with a report of what
// had no place in it (a *sbom.Report).
func FromBOM(bom *cdx.BOM) (*soup.List, *form.Report) {
	f := form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: bom.SpecVersion.String()}
	if bom.SpecVersion == 0 {
		f.Version = ""
	}
	return fromBOM(bom, f).Finish(true)
}

// doc is the intermediate form of a BOM being read.
type doc struct {
	*form.Doc
	// trivy is set when trivy made the BOM.
	trivy bool
}

// fromBOM maps a BOM onto a doc.
func fromBOM(bom *cdx.BOM, f form.Format) *form.Doc {
	d, _ := fromBOMStream(bom, f, nil)
	return d
}

// fromBOMStream maps a BOM onto a doc, the top-level components those of
// stream, when it is not nil, after bom's own (and the dependencies of
// stream after bom's); it returns stream's error.
func fromBOMStream(bom *cdx.BOM, f form.Format, stream *componentStream) (*form.Doc, error) {
	d := doc{Doc: form.NewDoc(f)}
	d.Source = soup.Source{Format: f.String(), Serial: bom.SerialNumber}
	if bom.Version > 1 {
		d.Source.BOMVersion = bom.Version
	}
	var nested []cdx.Component // the subject's own components
	if m := bom.Metadata; m != nil {
		d.Source.Timestamp = m.Timestamp
		d.Source.Tools = cdxTools(m.Tools)
		d.trivy = form.MadeByTrivy(d.Source.Tools)
		if c := m.Component; c != nil {
			var it soup.Item
			n := d.component(c, &it)
			d.System = soup.System{Name: it.Name, Version: it.Version, Manufacturer: it.Manufacturer}
			d.ListProps = n.Props
			d.Roots = []string{c.BOMRef}
			// The subject's own components are software it contains.
			if c.Components != nil {
				for _, sub := range *c.Components {
					if sub.BOMRef != "" {
						d.AddEdge(c.BOMRef, sub.BOMRef)
					}
				}
				nested = *c.Components
			}
		}
		d.ListProps = append(d.ListProps, d.properties(m.Properties, nil)...)
		for _, x := range []struct {
			what string
			set  bool
		}{
			{"metadata authors", m.Authors != nil},
			{"metadata lifecycles", m.Lifecycles != nil},
			{"metadata licenses", m.Licenses != nil},
			{"metadata manufacturer", m.Manufacturer != nil || m.Manufacture != nil},
			{"metadata supplier", m.Supplier != nil},
			{"metadata distribution constraints", m.DistributionConstraints != nil},
		} {
			if x.set {
				d.Rep.Ignore(x.what, 1)
			}
		}
	}
	streamed := stream != nil && stream.data != nil
	if bom.Components != nil || nested != nil || streamed {
		n := countComponents(nested)
		if bom.Components != nil {
			n += countComponents(*bom.Components)
		}
		d.Nodes, d.Items = make([]form.Node, 0, n), make([]soup.Item, 0, n)
		d.components(nested)
		if bom.Components != nil {
			d.components(*bom.Components)
		}
		if streamed {
			if err := stream.each(d); err != nil {
				return nil, err
			}
		}
	}
	if bom.Dependencies != nil {
		for i := range *bom.Dependencies {
			d.dependency(&(*bom.Dependencies)[i])
		}
	}
	if stream != nil && stream.deps != nil {
		if err := stream.dependencies(d); err != nil {
			return nil, err
		}
	}
	if bom.Vulnerabilities != nil {
		d.vulnerabilities(*bom.Vulnerabilities)
	}

	for _, x := range []struct {
		what string
		n    int
	}{
		{"service", countServices(bom.Services)},
		{"external reference of the BOM", lenp(bom.ExternalReferences)},
		{"composition", lenp(bom.Compositions)},
		{"annotation", lenp(bom.Annotations)},
		{"formula", lenp(bom.Formulation)},
		{"citation", lenp(bom.Citations)},
		{"BOM property", lenp(bom.Properties)},
	} {
		d.Rep.Ignore(x.what, x.n)
	}
	if bom.Declarations != nil {
		d.Rep.Ignore("declarations", 1)
	}
	if bom.Definitions != nil {
		d.Rep.Ignore("definitions", 1)
	}
	if bom.Signature != nil {
		d.Rep.Ignore("signature", 1)
	}
	return d.Doc, nil
}

func lenp[E any](p *[]E) int {
	if p == nil {
		return 0
	}
	return len(*p)
}

func countServices(p *[]cdx.Service) int {
	n := 0
	if p != nil {
		for _, s := range *p {
			n += 1 + countServices(s.Services)
		}
	}
	return n
}

// cdxTools names the tools that made a BOM, "name version".
func cdxTools(t *cdx.ToolsChoice) []string {
	if t == nil {
		return nil
	}
	var out []string
	add := func(group, name, version string) {
		s := strings.TrimSpace(name)
		if group != "" {
			s = group + "/" + s
		}
		if version != "" {
			s += " " + version
		}
		out = append(out, s)
	}
	if t.Tools != nil {
		for _, x := range *t.Tools {
			add("", x.Name, x.Version)
		}
	}
	if t.Components != nil {
		for _, x := range *t.Components {
			add(x.Group, x.Name, x.Version)
		}
	}
	if t.Services != nil {
		for _, x := range *t.Services {
			add(x.Group, x.Name, x.Version)
		}
	}
	return out
}

func countComponents(cs []cdx.Component) int {
	n := len(cs)
	for _, c := range cs {
		if c.Components != nil {
			n += countComponents(*c.Components)
		}
	}
	return n
}

// components adds cs and their nested components, flattened.
func (d doc) components(cs []cdx.Component) {
	for i := range cs {
		c := &cs[i]
		if k := form.ComponentKind(string(c.Type), c.Version, c.PackageURL, d.trivy || trivyManifest(c)); k != "" {
			d.Rep.Ignore(k, 1)
			d.Skip(c.BOMRef)
		} else {
			d.Add(d.component(c, d.NewItem()))
		}
		if c.Components != nil {
			d.components(*c.Components)
		}
	}
}

// dependency adds the edges of dep.
func (d doc) dependency(dep *cdx.Dependency) {
	if dep.Dependencies != nil {
		for _, to := range *dep.Dependencies {
			d.AddEdge(dep.Ref, to)
		}
	}
	if dep.Provides != nil {
		d.Rep.Ignore("dependency provides", len(*dep.Provides))
	}
}

// xmlText normalises the text of an XML BOM's components and
// vulnerabilities as form.XMLText does (form.XMLLine for the component
// fields of type xs:normalizedString), so that the XML and the JSON of
// one BOM give the same list.
func xmlText(bom *cdx.BOM) {
	t := func(ps ...*string) {
		for _, p := range ps {
			*p = form.XMLText(*p)
		}
	}
	line := func(ps ...*string) { // xs:normalizedString
		for _, p := range ps {
			*p = form.XMLLine(*p)
		}
	}
	entity := func(e *cdx.OrganizationalEntity) {
		if e != nil {
			line(&e.Name)
		}
	}
	licenses := func(ls *cdx.Licenses) {
		if ls == nil {
			return
		}
		for i := range *ls {
			l := &(*ls)[i]
			t(&l.Expression)
			if l.License != nil {
				line(&l.License.ID, &l.License.Name)
			}
		}
	}
	var component func(c *cdx.Component)
	component = func(c *cdx.Component) {
		line(&c.Group, &c.Name, &c.Version, &c.Description, &c.PackageURL, &c.CPE, &c.Publisher, &c.Author)
		entity(c.Manufacturer)
		entity(c.Supplier)
		licenses(c.Licenses)
		if c.Evidence != nil {
			licenses(c.Evidence.Licenses)
		}
		if c.Hashes != nil {
			for i := range *c.Hashes {
				t(&(*c.Hashes)[i].Value)
			}
		}
		if c.ExternalReferences != nil {
			for i := range *c.ExternalReferences {
				t(&(*c.ExternalReferences)[i].URL)
			}
		}
		if c.Components != nil {
			for i := range *c.Components {
				component(&(*c.Components)[i])
			}
		}
	}
	if bom.Metadata != nil && bom.Metadata.Component != nil {
		component(bom.Metadata.Component)
	}
	if bom.Components != nil {
		for i := range *bom.Components {
			component(&(*bom.Components)[i])
		}
	}
	if bom.Vulnerabilities != nil {
		for i := range *bom.Vulnerabilities {
			v := &(*bom.Vulnerabilities)[i]
			t(&v.ID, &v.Description, &v.Detail)
			if v.Analysis != nil {
				t(&v.Analysis.Detail)
			}
		}
	}
}

// trivyManifest reports whether trivy marked c as a manifest or binary it
// read packages from.
func trivyManifest(c *cdx.Component) bool {
	if c.Properties != nil {
		for _, p := range *c.Properties {
			if p.Name == form.TrivyClassProp && p.Value == form.TrivyClassValue {
				return true
			}
		}
	}
	return false
}

// component maps the fields of c that a SOUP item has into it, an empty
// item, and returns c's form.Node.
func (d doc) component(c *cdx.Component, it *soup.Item) form.Node {
	n := form.Node{Ref: c.BOMRef}
	// A description's surrounding space means nothing (XML loses it).
	it.Name, it.Version, it.CPE, it.Description = c.Name, c.Version, c.CPE, strings.TrimSpace(c.Description)
	label := func() string {
		return fmt.Sprintf("component %q", strings.TrimSpace(c.Group+" "+c.Name+" "+c.Version))
	}
	if c.Group != "" {
		sep := "/"
		if strings.HasPrefix(c.PackageURL, "pkg:maven/") {
			sep = ":"
		}
		it.Name = d.Arena.Concat(c.Group, sep, c.Name)
	} else if ns, ok := form.MavenNamespace(c.PackageURL, c.Name); ok {
		it.Name = d.Arena.Concat(ns, ":", c.Name)
	}
	if c.PackageURL != "" {
		if k, err := soup.PURLKey(c.PackageURL); err != nil {
			d.Rep.Warn(form.Warning{Ref: label(), Field: "purl", Message: fmt.Sprintf("invalid purl %q dropped", c.PackageURL)})
		} else {
			it.PURL, n.Key = c.PackageURL, k
		}
	}
	switch {
	case c.Manufacturer != nil && c.Manufacturer.Name != "":
		it.Manufacturer = c.Manufacturer.Name
	case c.Supplier != nil && c.Supplier.Name != "":
		it.Manufacturer = c.Supplier.Name
	// A publisher or an author is not necessarily the manufacturer: the
	// name is taken, marked as inferred, for a person to confirm.
	case c.Publisher != "":
		it.Manufacturer, it.ManufacturerSource = c.Publisher, "inferred from the CycloneDX component's publisher"
	case c.Author != "":
		it.Manufacturer, it.ManufacturerSource = c.Author, "inferred from the CycloneDX component's author"
	case c.Authors != nil && len(*c.Authors) > 0 && (*c.Authors)[0].Name != "":
		it.Manufacturer, it.ManufacturerSource = (*c.Authors)[0].Name, "inferred from the CycloneDX component's authors"
	}
	it.License = d.licenses(c.Licenses, label)
	if it.License == "" && c.Evidence != nil && c.Evidence.Licenses != nil {
		if it.License = d.licenses(c.Evidence.Licenses, label); it.License != "" {
			d.Rep.Ignore("licence taken from evidence", 1)
		}
	}
	if c.Hashes != nil && len(*c.Hashes) > 0 {
		it.Hashes = d.Arena.HashSlice(len(*c.Hashes))
		for _, h := range *c.Hashes {
			it.Hashes = append(it.Hashes, soup.Hash{Algorithm: string(h.Algorithm), Value: h.Value})
		}
	}
	if c.ExternalReferences != nil {
		for _, r := range *c.ExternalReferences {
			var p *string
			switch r.Type {
			case cdx.ERTypeWebsite:
				p = &it.Website
			case cdx.ERTypeIssueTracker:
				p = &it.IssueTracker
			case cdx.ERTypeVCS:
				p = &it.VCS
			case cdx.ERTypeBuildMeta:
				// syft writes the digests of an archive (a jar) as a
				// build-meta reference without URL, and reads them back
				// from there as the package's own: without them two jars
				// of one versionless purl would be merged.
				if r.URL == "" && r.Hashes != nil && len(*r.Hashes) > 0 && len(it.Hashes) == 0 {
					for _, h := range *r.Hashes {
						it.Hashes = append(it.Hashes, soup.Hash{Algorithm: string(h.Algorithm), Value: h.Value})
					}
					continue
				}
			}
			if p == nil || *p != "" {
				d.Rep.IgnoreNamed("external reference", string(r.Type), 1)
				continue
			}
			*p = r.URL
		}
	}
	n.Props = d.properties(c.Properties, func(name, value string) bool {
		switch name {
		case propSupportLevel:
			lv, err := soup.ParseSupportLevel(value)
			if err != nil {
				d.Rep.Warn(form.Warning{Ref: label(), Field: name, Message: fmt.Sprintf("%s: %v", name, err)})
				return false
			}
			it.Support.Level = lv
		case propEndOfSupport, propEndOfSupportFDA:
			dt, err := soup.ParseDate(value)
			if err != nil {
				d.Rep.Warn(form.Warning{Ref: label(), Field: name, Message: fmt.Sprintf("%s: %v", name, err)})
				return false
			}
			if !it.Support.EndOfSupport.IsZero() && it.Support.EndOfSupport != dt {
				// Two names for one date that disagree: keep the first,
				// say so.
				d.Rep.Warn(form.Warning{Ref: label(), Field: name, Message: fmt.Sprintf("%s: %s differs from the end of support %s already read; kept %s", name, dt, it.Support.EndOfSupport, it.Support.EndOfSupport)})
				return true
			}
			it.Support.EndOfSupport = dt
		default:
			return false
		}
		return true
	})
	for _, x := range []struct {
		what string
		set  bool
	}{
		{"component copyright", c.Copyright != ""},
		{"component pedigree", c.Pedigree != nil},
		{"component swid", c.SWID != nil},
		{"component release notes", c.ReleaseNotes != nil},
		{"component model card", c.ModelCard != nil},
		{"component data", c.Data != nil},
		{"component crypto properties", c.CryptoProperties != nil},
		{"component scope excluded", c.Scope == cdx.ScopeExcluded},
	} {
		if x.set {
			d.Rep.Ignore(x.what, 1)
		}
	}
	return n
}

// propertyValueRead reports whether the mapping reads the value of a
// component property named name (component, trivyManifest): the fast
// decoder (compReader) leaves the others empty.
func propertyValueRead(name string) bool {
	switch name {
	case propSupportLevel, propEndOfSupport, propEndOfSupportFDA, form.TrivyClassProp:
		return true
	}
	return strings.HasPrefix(name, form.Prefix)
}

// extRefURLRead reports whether the mapping reads the URL of a component's
// external reference of type t (component): the fast decoder (compReader)
// leaves the others empty.
func extRefURLRead(t cdx.ExternalReferenceType) bool {
	return t == cdx.ERTypeWebsite || t == cdx.ERTypeIssueTracker || t == cdx.ERTypeVCS || t == cdx.ERTypeBuildMeta
}

// properties returns the soupkit properties of ps; others go to own, then,
// when own does not take them, to the report.
func (d doc) properties(ps *[]cdx.Property, own func(name, value string) bool) []form.Prop {
	if ps == nil {
		return nil
	}
	var out []form.Prop
	for _, p := range *ps {
		if name, ok := strings.CutPrefix(p.Name, form.Prefix); ok {
			out = append(out, form.Prop{Name: name, Value: p.Value})
			continue
		}
		if own == nil || !own(p.Name, p.Value) {
			d.Rep.IgnoreProperty(p.Name)
		}
	}
	return out
}

// licenses turns CycloneDX licence choices into one SPDX expression: an
// expression as written, or the licences' IDs (else names) joined by AND.
func (d doc) licenses(ls *cdx.Licenses, label func() string) string {
	if ls == nil {
		return ""
	}
	if len(*ls) == 1 {
		if l := (*ls)[0]; l.Expression == "" && l.License != nil && l.License.ID != "" && l.License.Name == "" {
			return l.License.ID // the common case, without allocating
		}
	}
	var parts []string
	for _, l := range *ls {
		switch {
		case l.Expression != "":
			parts = append(parts, form.Expression(l.Expression))
		case l.License != nil && l.License.ID != "":
			if l.License.Name != "" {
				d.Rep.Warn(form.Warning{Ref: label(), Field: "licenses",
					Message: fmt.Sprintf("licence with both id %q and name %q: id kept", l.License.ID, l.License.Name)})
			}
			parts = append(parts, l.License.ID)
		case l.License != nil && l.License.Name != "":
			parts = append(parts, l.License.Name)
		}
	}
	if len(parts) > 1 {
		for i, p := range parts {
			if strings.ContainsAny(p, " ") {
				parts[i] = "(" + p + ")"
			}
		}
	}
	return strings.Join(parts, " AND ")
}

// vulnerabilities adds each vulnerability to the anomalies of the items it
// affects.
func (d doc) vulnerabilities(vs []cdx.Vulnerability) {
	byRef := make(map[string]int, len(d.Nodes))
	for i, n := range d.Nodes {
		if n.Ref != "" {
			byRef[n.Ref] = i
		}
	}
	for _, v := range vs {
		a := anomaly(&v, d.date)
		d.vulnerabilityRest(&v)
		if v.Affects == nil || len(*v.Affects) == 0 {
			d.Rep.Ignore("vulnerability without affects", 1)
			continue
		}
		for _, af := range *v.Affects {
			i, ok := byRef[af.Ref]
			if !ok {
				d.Rep.Warn(form.Warning{Ref: "vulnerability " + v.ID, Field: "affects", Message: fmt.Sprintf("affects unknown ref %q", af.Ref)})
				continue
			}
			d.Items[i].Anomalies = append(d.Items[i].Anomalies, a)
		}
	}
}

// anomaly is the anomaly a vulnerability states; date parses its dates
// (reporting those it cannot read).
func anomaly(v *cdx.Vulnerability, date func(ref, field, s string) soup.Date) soup.Anomaly {
	a := soup.Anomaly{ID: v.ID, Summary: v.Description}
	if a.Summary == "" {
		a.Summary = v.Detail
	}
	if v.Source != nil {
		a.Source = v.Source.Name
		if a.Source == "" {
			a.Source = v.Source.URL
		}
	}
	if v.Ratings != nil {
		for _, r := range *v.Ratings {
			if r.Severity != "" {
				a.Severity = string(r.Severity)
				break
			}
		}
	}
	ref := "vulnerability " + v.ID
	a.Published = date(ref, "published", v.Published)
	a.Modified = date(ref, "updated", v.Updated)
	if an := v.Analysis; an != nil {
		a.Status = vexStatus[an.State]
		a.Justification = an.Detail
		if an.Justification != "" {
			// The reason code, then the words explaining it.
			a.Justification = strings.TrimSuffix(string(an.Justification)+": "+an.Detail, ": ")
		}
		// When the analysis was last updated is when the anomaly was
		// evaluated; its first issue, when it was not updated since.
		a.Date = date(ref, "analysis.lastUpdated", an.LastUpdated)
		if a.Date.IsZero() {
			a.Date = date(ref, "analysis.firstIssued", an.FirstIssued)
		}
		if an.Response != nil {
			for _, r := range *an.Response {
				a.Response = append(a.Response, string(r))
			}
		}
	}
	return a
}

// Statements reads a CycloneDX VEX or VDR document in format f (as
// sbom.ApplyVEX hands it over) into its statements: one per vulnerability,
// about the references its affects name, each a bom-ref, a BOM-Link
// (urn:cdx:serial/version#bom-ref) or a package URL. A bom-ref of a
// component of the document itself is replaced by the component's
// package URL, when it has one.
func Statements(data []byte, f form.Format) ([]form.Statement, error) {
	bom := new(cdx.BOM)
	var err error
	if f.Encoding == form.XML {
		err = cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatXML).Decode(bom)
	} else {
		err = unmarshalJSON(data, bom)
	}
	if err != nil {
		return nil, form.Locate(f, data, err)
	}
	purls := map[string]string{}
	var walk func([]cdx.Component)
	walk = func(cs []cdx.Component) {
		for _, c := range cs {
			if c.BOMRef != "" && c.PackageURL != "" {
				purls[c.BOMRef] = c.PackageURL
			}
			if c.Components != nil {
				walk(*c.Components)
			}
		}
	}
	if bom.Components != nil {
		walk(*bom.Components)
	}
	var out []form.Statement
	if bom.Vulnerabilities != nil {
		for _, v := range *bom.Vulnerabilities {
			st := form.Statement{Anomaly: anomaly(&v, func(_, _, s string) soup.Date {
				dt, _ := soup.ParseDate(s) // a VEX statement's dates are not checked
				return dt
			})}
			if v.Affects != nil {
				for _, af := range *v.Affects {
					ref := af.Ref
					if p, ok := purls[ref]; ok {
						ref = p
					}
					st.Refs = append(st.Refs, ref)
				}
			}
			out = append(out, st)
		}
	}
	return out, nil
}

// date reads a CycloneDX date-time as a date, warning about one that is
// not.
func (d doc) date(ref, field, s string) soup.Date {
	if s == "" {
		return soup.Date{}
	}
	dt, err := soup.ParseDate(s)
	if err != nil {
		d.Rep.Warn(form.Warning{Ref: ref, Field: field, Message: fmt.Sprintf("%s: %v", field, err)})
		return soup.Date{}
	}
	return dt
}

// vulnerabilityRest reports what of v an anomaly has no place for.
func (d doc) vulnerabilityRest(v *cdx.Vulnerability) {
	ratings := lenp(v.Ratings)
	if ratings > 0 && slices.ContainsFunc(*v.Ratings, func(r cdx.VulnerabilityRating) bool { return r.Severity != "" }) {
		ratings-- // the one whose severity the anomaly took
	}
	versions := false
	if v.Affects != nil {
		versions = slices.ContainsFunc(*v.Affects, func(af cdx.Affects) bool { return lenp(af.Range) > 0 })
	}
	an := v.Analysis
	if an == nil {
		an = &cdx.VulnerabilityAnalysis{}
	}
	for _, x := range []struct {
		what string
		n    int
	}{
		{"vulnerability rating besides the severity", ratings},
		{"vulnerability reference", lenp(v.References)},
		{"vulnerability CWE", lenp(v.CWEs)},
		{"vulnerability advisory", lenp(v.Advisories)},
		{"vulnerability property", lenp(v.Properties)},
		{"vulnerability detail besides its description", b2i(v.Description != "" && v.Detail != "")},
		{"vulnerability source URL besides its name", b2i(v.Source != nil && v.Source.Name != "" && v.Source.URL != "")},
		{"vulnerability recommendation", b2i(v.Recommendation != "")},
		{"vulnerability workaround", b2i(v.Workaround != "")},
		{"vulnerability proof of concept", b2i(v.ProofOfConcept != nil)},
		{"vulnerability dates besides published and updated", b2i(v.Created != "" || v.Rejected != "")},
		{"vulnerability credits", b2i(v.Credits != nil)},
		{"vulnerability tools", b2i(v.Tools != nil)},
		{"vulnerability affected versions", b2i(versions)},
		{"vulnerability analysis first issue besides its last update", b2i(an.FirstIssued != "" && an.LastUpdated != "")},
	} {
		d.Rep.Ignore(x.what, x.n)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// vexStatus maps CycloneDX analysis states to anomaly statuses.
var vexStatus = map[cdx.ImpactAnalysisState]soup.AnomalyStatus{
	cdx.IASExploitable:          soup.StatusAffected,
	cdx.IASInTriage:             soup.StatusUnderInvestigation,
	cdx.IASResolved:             soup.StatusFixed,
	cdx.IASResolvedWithPedigree: soup.StatusFixed,
	cdx.IASNotAffected:          soup.StatusNotAffected,
	cdx.IASFalsePositive:        soup.StatusNotAffected,
}
