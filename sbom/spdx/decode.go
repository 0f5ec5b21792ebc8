package spdx

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// noAssertion reports the SPDX values that mean "unknown" or "none": they
// are not names, locations or licence expressions.
func noAssertion(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s == "NOASSERTION" || s == "NONE"
}

// Decode reads an SPDX 2.2 or 2.3 document in format f, JSON, tag-value
// or YAML, as package sbom's Decoder hands it over: UTF-8 text that
// sbom.Detect named f. Every error is a *sbom.DecodeError. Most callers
// want sbom.Decode.
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
	var lenient form.Reporter
	sd, err := read(data, f, &lenient)
	if err != nil {
		return nil, err
	}
	for i, p := range sd.Packages {
		if p == nil || p.PackageSPDXIdentifier == "" {
			name := ""
			if p != nil {
				name = p.PackageName
			}
			e := &form.DecodeError{Format: f, Ref: fmt.Sprintf("package %d %q", i+1, name), Err: errors.New("missing SPDXID")}
			if f.Encoding != form.TagValue { // tools-golang rejects it there
				e.Line, e.Column = form.ElementPosition(data, "packages", i)
			}
			return nil, e
		}
	}
	d := fromDocument(sd, f)
	d.Rep.Prepend(&lenient)
	return d, nil
}

// FromDocument converts an SPDX 2.3 document (tools-golang reads 2.2 into
// 2.3 too) into a SOUP list, with a report of what had no place in it (a
// *sbom.Report).
func FromDocument(sd *v2_3.Document) (*soup.List, *form.Report) {
	f := form.Format{Family: form.SPDX, Encoding: form.JSON, Version: strings.TrimPrefix(sd.SPDXVersion, "SPDX-")}
	return fromDocument(sd, f).Finish(true)
}

// doc is the intermediate form of an SPDX document being read.
type doc struct{ *form.Doc }

// fromDocument maps an SPDX document onto a doc.
func fromDocument(sd *v2_3.Document, f form.Format) *form.Doc {
	d := doc{form.NewDoc(f)}
	d.Source = soup.Source{Format: f.String(), Serial: sd.DocumentNamespace}
	if ci := sd.CreationInfo; ci != nil {
		d.Source.Timestamp = ci.Created
		for _, c := range ci.Creators {
			if c.CreatorType == "Tool" {
				d.Source.Tools = append(d.Source.Tools, toolName(c.Creator))
			}
		}
	}

	trivy := form.MadeByTrivy(d.Source.Tools)

	// Annotations, by the element they annotate.
	anns := map[string][]v2_3.Annotation{}
	for _, a := range sd.Annotations {
		if a == nil {
			continue
		}
		id := string(a.AnnotationSPDXIdentifier.ElementRefID)
		if a.AnnotationSPDXIdentifier.DocumentRefID != "" {
			d.Rep.Ignore("annotation of another document", 1)
			continue
		}
		if id == "" {
			id = string(sd.SPDXIdentifier)
		}
		anns[id] = append(anns[id], *a)
	}
	d.ListProps = d.annotations(anns[string(sd.SPDXIdentifier)])

	// The subject: what the document describes.
	isRoot := map[string]bool{}
	for _, r := range sd.Relationships {
		if r == nil {
			continue
		}
		switch {
		case r.Relationship == common.TypeRelationshipDescribe && r.RefA.ElementRefID == sd.SPDXIdentifier:
			isRoot[string(r.RefB.ElementRefID)] = true
		case r.Relationship == common.TypeRelationshipDescribeBy && r.RefB.ElementRefID == sd.SPDXIdentifier:
			isRoot[string(r.RefA.ElementRefID)] = true
		}
	}
	// The described packages are the roots form.Doc.SetRoots makes the
	// system (or systems, or items) of, once the graph is known; a
	// described file is the subject's too.
	var roots []form.Root
	rooted := map[string]bool{}
	d.Nodes, d.Items = make([]form.Node, 0, len(sd.Packages)), make([]soup.Item, 0, len(sd.Packages))
	annotated := map[string]bool{string(sd.SPDXIdentifier): true} // whose annotations were read
	for _, p := range sd.Packages {
		id := string(p.PackageSPDXIdentifier)
		as := append(p.Annotations, anns[id]...)
		annotated[id] = true
		switch {
		case isRoot[id] && !rooted[id]:
			rooted[id] = true
			r := form.Root{}
			n := d.pkg(p, as, &r.Item)
			r.Ref, r.Key, r.Props = n.Ref, n.Key, n.Props
			roots = append(roots, r)
		default:
			if k := form.PackageKind(p.PrimaryPackagePurpose, p.PackageVersion, hasPURL(p), trivy || trivyManifest(as)); k != "" {
				d.Rep.Ignore(k, 1)
				d.Skip(id)
			} else {
				d.Add(d.pkg(p, as, d.NewItem()))
			}
		}
		if len(p.Files) > 0 {
			d.Rep.Ignore("file", len(p.Files))
			for _, fl := range p.Files {
				if fl != nil {
					d.Skipped[string(fl.FileSPDXIdentifier)] = true
				}
			}
		}
	}
	for _, fl := range sd.Files {
		d.Rep.Ignore("file", 1)
		if fl != nil {
			d.Skipped[string(fl.FileSPDXIdentifier)] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(isRoot)) {
		if d.Skipped[id] {
			d.Roots = append(d.Roots, id) // a described file
		}
	}
	// Annotations of files, snippets or of no element at all.
	for id, as := range anns {
		if !annotated[id] {
			d.Rep.Ignore("annotation", len(as))
		}
	}
	d.Rep.Ignore("snippet", len(sd.Snippets))
	d.Rep.Ignore("extracted licence text", len(sd.OtherLicenses))
	d.Rep.Ignore("external document reference", len(sd.ExternalDocumentReferences))

	for _, r := range sd.Relationships {
		if r == nil {
			continue
		}
		a, b := string(r.RefA.ElementRefID), string(r.RefB.ElementRefID)
		if r.RefA.DocumentRefID != "" || r.RefB.DocumentRefID != "" {
			d.Rep.Ignore("relationship to another document", 1)
			continue
		}
		switch r.Relationship {
		case common.TypeRelationshipDescribe, common.TypeRelationshipDescribeBy:
			if !isRoot[a] && !isRoot[b] {
				d.Rep.IgnoreNamed("relationship", r.Relationship, 1)
			}
		case common.TypeRelationshipDependsOn, common.TypeRelationshipContains:
			if a == string(sd.SPDXIdentifier) {
				// The document is no element: what it contains is what
				// it describes (SPDX 2.1 examples say both).
				if !isRoot[b] {
					d.Rep.IgnoreNamed("relationship", r.Relationship+" from the document", 1)
				}
				continue
			}
			d.AddEdge(a, b)
		case common.TypeRelationshipDependencyOf, common.TypeRelationshipRuntimeDependencyOf, common.TypeRelationshipContainedBy:
			d.AddEdge(b, a)
		default:
			d.Rep.IgnoreNamed("relationship", r.Relationship, 1)
		}
	}
	d.SetRoots(string(sd.SPDXIdentifier), sd.DocumentName, roots)
	return d.Doc
}

// trivyManifest reports whether as, a package's annotations, hold trivy's
// mark of a manifest or binary it read packages from.
func trivyManifest(as []v2_3.Annotation) bool {
	for _, a := range as {
		if a.AnnotationComment == "Class: "+form.TrivyClassValue {
			return true
		}
	}
	return false
}

// hasPURL reports whether p has a package URL.
func hasPURL(p *v2_3.Package) bool {
	for _, r := range p.PackageExternalReferences {
		if r != nil && strings.TrimPrefix(r.RefType, "http://spdx.org/rdf/references/") == common.TypePackageManagerPURL {
			return true
		}
	}
	return false
}

// pkg maps the fields of p that a SOUP item has into it, an empty item,
// and returns p's form.Node; as are p's annotations.
func (d doc) pkg(p *v2_3.Package, as []v2_3.Annotation, it *soup.Item) form.Node {
	label := "package " + string(p.PackageSPDXIdentifier)
	n := form.Node{Ref: string(p.PackageSPDXIdentifier)}
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
		it.Hashes = append(it.Hashes, soup.Hash{Algorithm: hashName(c.Algorithm), Value: c.Value})
	}
	if p.ValidUntilDate != "" {
		if dt, err := soup.ParseDate(p.ValidUntilDate); err != nil {
			d.Rep.Warn(form.Warning{Ref: label, Field: "validUntilDate", Message: fmt.Sprintf("validUntilDate: %v", err)})
		} else {
			it.Support.EndOfSupport = dt
		}
	}
	for _, r := range p.PackageExternalReferences {
		if r == nil {
			continue
		}
		var dst *string
		// A listed reference type may be written as its IRI (Yocto's
		// create-spdx writes "http://spdx.org/rdf/references/cpe23Type").
		typ := strings.TrimPrefix(r.RefType, "http://spdx.org/rdf/references/")
		switch cat := strings.ReplaceAll(r.Category, "_", "-"); {
		case cat == common.CategoryPackageManager && typ == common.TypePackageManagerPURL:
			k, err := soup.PURLKey(r.Locator)
			if err != nil {
				d.Rep.Warn(form.Warning{Ref: label, Field: "purl", Message: fmt.Sprintf("invalid purl %q dropped", r.Locator)})
				continue
			}
			if it.PURL == "" {
				n.Key = k
			}
			dst = &it.PURL
		case cat == common.CategorySecurity && (typ == common.TypeSecurityCPE23Type || typ == common.TypeSecurityCPE22Type):
			dst = &it.CPE
		case cat == common.CategorySecurity && typ == common.TypeSecurityAdvisory && r.Locator != "":
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
			d.Rep.IgnoreNamed("external reference", r.Category+" "+r.RefType, 1)
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
			d.Rep.Ignore(x.what, 1)
		}
	}
	if ns, ok := form.MavenNamespace(it.PURL, it.Name); ok {
		// Generators write the artifact alone (SPDX always, CycloneDX
		// without a group). The item's name has both, either way.
		it.Name = ns + ":" + it.Name
	}
	n.Props = d.annotations(as)
	return n
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
func (d doc) annotations(as []v2_3.Annotation) []form.Prop {
	var out []form.Prop
	for _, a := range as {
		rest, ok := strings.CutPrefix(a.AnnotationComment, form.Prefix)
		if !ok {
			d.Rep.Ignore("annotation", 1)
			continue
		}
		name, value, ok := strings.Cut(rest, "=")
		if !ok {
			d.Rep.Warn(form.Warning{Field: "annotation", Message: fmt.Sprintf("annotation %q without =", a.AnnotationComment)})
			continue
		}
		out = append(out, form.Prop{Name: name, Value: value})
	}
	return out
}

// hashName spells an SPDX checksum algorithm the CycloneDX way
// ("SHA-256"), the spelling items carry whatever format they come from.
func hashName(a common.ChecksumAlgorithm) string {
	n, _ := form.HashName(string(a))
	return n
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
