package spdx

import (
	"io"
	"strings"

	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

// writeJSON writes sd, a document buildSPDX built, to w as tools-golang's
// JSON writer does with Indent("  ") and EscapeHTML(false), but field by
// field as it goes: no reflection, no copy of the output. A document with
// a field buildSPDX never sets is written by reflection instead.
func writeJSON(w io.Writer, sd *v2_3.Document) error {
	if !ownShape(sd) {
		return form.WriteJSON(w, sd, false)
	}
	j := form.NewJSONWriter(w)
	j.Open('{')
	j.KeyString("spdxVersion", sd.SPDXVersion)
	j.KeyString("dataLicense", sd.DataLicense)
	j.KeyString("SPDXID", elementID(sd.SPDXIdentifier))
	j.KeyString("name", sd.DocumentName)
	j.KeyString("documentNamespace", sd.DocumentNamespace)
	j.KeyOmit("comment", sd.DocumentComment)
	j.Key("creationInfo")
	if ci := sd.CreationInfo; ci == nil {
		j.Null()
	} else {
		j.Open('{')
		j.KeyOmit("licenseListVersion", ci.LicenseListVersion)
		if ci.Creators == nil {
			j.Key("creators")
			j.Null()
		} else {
			form.Array(j, "creators", ci.Creators, func(c *common.Creator) { j.String(c.CreatorType + ": " + c.Creator) })
		}
		j.KeyString("created", ci.Created)
		j.KeyOmit("comment", ci.CreatorComment)
		j.Close('}')
	}
	if len(sd.Packages) > 0 {
		form.Array(j, "packages", sd.Packages, func(p **v2_3.Package) { writePackage(j, *p) })
	}
	if len(sd.Relationships) > 0 {
		form.Objects(j, "relationships", sd.Relationships, func(r **v2_3.Relationship) {
			j.KeyString("spdxElementId", docElementID((*r).RefA))
			j.KeyString("relatedSpdxElement", docElementID((*r).RefB))
			j.KeyString("relationshipType", (*r).Relationship)
			j.KeyOmit("comment", (*r).RelationshipComment)
		})
	}
	if len(sd.Annotations) > 0 {
		form.Objects(j, "annotations", sd.Annotations, func(a **v2_3.Annotation) { writeAnnotation(j, *a) })
	}
	j.Close('}')
	return j.Flush()
}

func writePackage(j *form.JSONWriter, p *v2_3.Package) {
	j.Open('{')
	j.KeyString("name", p.PackageName)
	j.KeyString("SPDXID", elementID(p.PackageSPDXIdentifier))
	j.KeyOmit("versionInfo", p.PackageVersion)
	j.KeyOmit("packageFileName", p.PackageFileName)
	if s := p.PackageSupplier; s != nil {
		if s.Supplier == "NOASSERTION" {
			j.KeyString("supplier", s.Supplier)
		} else {
			j.KeyString("supplier", s.SupplierType+": "+s.Supplier)
		}
	}
	j.KeyString("downloadLocation", p.PackageDownloadLocation)
	j.Key("filesAnalyzed")
	j.Bool(p.FilesAnalyzed)
	if len(p.PackageChecksums) > 0 {
		form.Objects(j, "checksums", p.PackageChecksums, func(c *common.Checksum) {
			j.KeyString("algorithm", string(c.Algorithm))
			j.KeyString("checksumValue", c.Value)
		})
	}
	j.KeyOmit("homepage", p.PackageHomePage)
	j.KeyOmit("sourceInfo", p.PackageSourceInfo)
	j.KeyOmit("licenseConcluded", p.PackageLicenseConcluded)
	j.KeyOmit("licenseDeclared", p.PackageLicenseDeclared)
	j.KeyOmit("licenseComments", p.PackageLicenseComments)
	j.KeyOmit("copyrightText", p.PackageCopyrightText)
	j.KeyOmit("summary", p.PackageSummary)
	j.KeyOmit("description", p.PackageDescription)
	j.KeyOmit("comment", p.PackageComment)
	if len(p.PackageExternalReferences) > 0 {
		form.Objects(j, "externalRefs", p.PackageExternalReferences, func(r **v2_3.PackageExternalReference) {
			j.KeyString("referenceCategory", strings.ReplaceAll((*r).Category, "_", "-"))
			j.KeyString("referenceType", (*r).RefType)
			j.KeyString("referenceLocator", (*r).Locator)
			j.KeyOmit("comment", (*r).ExternalRefComment)
		})
	}
	j.KeyOmit("primaryPackagePurpose", p.PrimaryPackagePurpose)
	j.KeyOmit("releaseDate", p.ReleaseDate)
	j.KeyOmit("builtDate", p.BuiltDate)
	j.KeyOmit("validUntilDate", p.ValidUntilDate)
	if len(p.Annotations) > 0 {
		form.Objects(j, "annotations", p.Annotations, func(a *v2_3.Annotation) { writeAnnotation(j, a) })
	}
	j.Close('}')
}

// writeAnnotation writes the members of a.
func writeAnnotation(j *form.JSONWriter, a *v2_3.Annotation) {
	j.KeyString("annotator", a.Annotator.AnnotatorType+": "+a.Annotator.Annotator)
	j.KeyString("annotationDate", a.AnnotationDate)
	j.KeyString("annotationType", a.AnnotationType)
	j.KeyString("comment", a.AnnotationComment)
}

// elementID writes an element ID as common.ElementID's MarshalJSON does.
func elementID(id common.ElementID) string {
	if s := string(id); strings.HasPrefix(s, "SPDXRef-") {
		return s
	}
	return "SPDXRef-" + string(id)
}

// docElementID writes a reference as common.DocElementID's MarshalJSON
// does, for the references buildSPDX makes (in this document, not
// special).
func docElementID(id common.DocElementID) string { return elementID(id.ElementRefID) }

// ownShape reports whether sd holds only what writeJSON writes by hand:
// the fields buildSPDX sets, with values whose MarshalJSON methods
// writeJSON mirrors (no empty party, creator, annotator or reference,
// which those methods refuse or write otherwise).
func ownShape(sd *v2_3.Document) bool {
	if len(sd.ExternalDocumentReferences) > 0 || len(sd.Files) > 0 || len(sd.OtherLicenses) > 0 || len(sd.Snippets) > 0 {
		return false
	}
	if ci := sd.CreationInfo; ci != nil {
		for _, c := range ci.Creators {
			if c.Creator == "" {
				return false
			}
		}
	}
	for _, r := range sd.Relationships {
		if r == nil || !plainRef(r.RefA) || !plainRef(r.RefB) {
			return false
		}
	}
	for _, a := range sd.Annotations {
		if a == nil || a.Annotator.Annotator == "" {
			return false
		}
	}
	for _, p := range sd.Packages {
		if p == nil || p.PackageOriginator != nil || p.PackageVerificationCode != nil || len(p.PackageLicenseInfoFromFiles) > 0 ||
			len(p.PackageAttributionTexts) > 0 || len(p.Files) > 0 {
			return false
		}
		if s := p.PackageSupplier; s != nil && s.Supplier != "NOASSERTION" && (s.Supplier == "" || s.SupplierType == "") {
			return false
		}
		for _, r := range p.PackageExternalReferences {
			if r == nil {
				return false
			}
		}
		for _, a := range p.Annotations {
			if a.Annotator.Annotator == "" {
				return false
			}
		}
	}
	return true
}

// plainRef reports whether r is a reference to an element of this
// document.
func plainRef(r common.DocElementID) bool {
	return r.DocumentRefID == "" && r.ElementRefID != ""
}
