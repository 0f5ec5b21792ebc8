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

// The public CycloneDX property taxonomy's names for support.
const (
	propSupportLevel = "cdx:fda:level-of-support"
	propEndOfSupport = "cdx:fda:end-of-support-date"
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
	var err error
	if f.Encoding == form.XML {
		err = cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatXML).Decode(bom)
	} else {
		err = unmarshalJSON(data, bom)
	}
	if err != nil {
		return nil, form.Locate(f, data, err)
	}
	return fromBOM(bom, f), nil
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
type doc struct{ *form.Doc }

// fromBOM maps a BOM onto a doc.
func fromBOM(bom *cdx.BOM, f form.Format) *form.Doc {
	d := doc{form.NewDoc(f)}
	d.Source = soup.Source{Format: f.String(), Serial: bom.SerialNumber}
	if m := bom.Metadata; m != nil {
		d.Source.Timestamp = m.Timestamp
		d.Source.Tools = cdxTools(m.Tools)
		if c := m.Component; c != nil {
			var it soup.Item
			n := d.component(c, &it)
			d.System = soup.System{Name: it.Name, Version: it.Version, Manufacturer: it.Manufacturer}
			d.ListProps = n.Props
			d.Roots = []string{c.BOMRef}
			if c.Components != nil {
				d.Rep.Ignore("component of the subject", len(*c.Components))
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
	if bom.Components != nil {
		n := countComponents(*bom.Components)
		d.Nodes, d.Items = make([]form.Node, 0, n), make([]soup.Item, 0, n)
		d.components(*bom.Components)
	}
	if bom.Dependencies != nil {
		for _, dep := range *bom.Dependencies {
			if dep.Dependencies != nil {
				for _, to := range *dep.Dependencies {
					d.AddEdge(dep.Ref, to)
				}
			}
			if dep.Provides != nil {
				d.Rep.Ignore("dependency provides", len(*dep.Provides))
			}
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
	return d.Doc
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
		switch {
		case c.Type == cdx.ComponentTypeFile:
			d.Rep.Ignore("component of type file", 1)
			d.Skip(c.BOMRef)
		case c.Type == cdx.ComponentTypeApplication && c.Version == "" && c.PackageURL == "":
			// trivy's entry for each manifest or binary it read (go.mod,
			// package-lock.json), between the subject and the packages.
			d.Rep.Ignore("application component without version or purl", 1)
			d.Skip(c.BOMRef)
		default:
			d.Add(d.component(c, d.NewItem()))
		}
		if c.Components != nil {
			d.components(*c.Components)
		}
	}
}

// component maps the fields of c that a SOUP item has into it, an empty
// item, and returns c's form.Node.
func (d doc) component(c *cdx.Component, it *soup.Item) form.Node {
	n := form.Node{Ref: c.BOMRef}
	it.Name, it.Version, it.CPE, it.Description = c.Name, c.Version, c.CPE, c.Description
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
	case c.Publisher != "":
		it.Manufacturer = c.Publisher
	case c.Author != "":
		it.Manufacturer = c.Author
	case c.Authors != nil && len(*c.Authors) > 0:
		it.Manufacturer = (*c.Authors)[0].Name
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
		case propEndOfSupport:
			dt, err := soup.ParseDate(value)
			if err != nil {
				d.Rep.Warn(form.Warning{Ref: label(), Field: name, Message: fmt.Sprintf("%s: %v", name, err)})
				return false
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
			parts = append(parts, l.Expression)
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
		if an := v.Analysis; an != nil {
			a.Status = vexStatus[an.State]
			a.Justification = an.Detail
			if an.Justification != "" {
				// The reason code, then the words explaining it.
				a.Justification = strings.TrimSuffix(string(an.Justification)+": "+an.Detail, ": ")
			}
		}
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
		{"vulnerability dates", b2i(v.Created != "" || v.Published != "" || v.Updated != "" || v.Rejected != "")},
		{"vulnerability credits", b2i(v.Credits != nil)},
		{"vulnerability tools", b2i(v.Tools != nil)},
		{"vulnerability affected versions", b2i(versions)},
		{"vulnerability analysis response", b2i(lenp(an.Response) > 0)},
		{"vulnerability analysis dates", b2i(an.FirstIssued != "" || an.LastUpdated != "")},
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
