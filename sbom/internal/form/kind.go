package form

import (
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// This file holds what becomes a SOUP item and what is counted in the
// report instead: the one place every decode path of a format (the
// upstream library's and any faster one) takes the decision from.

// Kinds of entries that are not SOUP items, as the report counts them.
const (
	KindFile         = "component of type file"
	KindManifest     = "application component a generator read packages from (trivy lang-pkgs)"
	KindSPDXFile     = "package of purpose FILE"
	KindSPDXManifest = "application package a generator read packages from (trivy lang-pkgs)"
)

// notSoftware are the CycloneDX component types that are not software and
// so not SOUP: hardware, data and cryptographic material.
var notSoftware = map[string]bool{"device": true, "data": true, "cryptographic-asset": true}

// ComponentKind returns the report kind of a CycloneDX component that is
// not a SOUP item, or "" for one that is. typ is the component type;
// manifest reports whether the generator marked it as a file it read
// packages from (trivy's property aquasecurity:trivy:Class = lang-pkgs on
// an application without version or purl): files and such manifests are
// // devices, data and cryptographic assets are not software. The
// dependency graph looks through all of them. Every other component is an item, an
// application without version or purl included (a hand-written SBOM's
// in-house binary), and validation says what it lacks.
func ComponentKind(typ, version, purl string, manifest bool) string {
	switch {
	case typ == "file":
		return KindFile
	case notSoftware[typ]:
		return "component of type " + typ
	case typ == "application" && version == "" && purl == "" && manifest:
		return KindManifest
	}
	return ""
}

// PackageKind is ComponentKind for an SPDX package of primary purpose
// purpose (trivy marks its manifests with the annotation "Class:
// lang-pkgs").
func PackageKind(purpose, version string, hasPURL, manifest bool) string {
	switch {
	case purpose == "FILE":
		return KindSPDXFile
	case purpose == "APPLICATION" && version == "" && !hasPURL && manifest:
		return KindSPDXManifest
	}
	return ""
}

// MadeByTrivy reports whether tools, those that made a document ("trivy
// 0.74.0"), name trivy, whose application entries without version or purl
// are the manifests and binaries it read (its SPDX tag-value carries no
// annotation that says so).
func MadeByTrivy(tools []string) bool {
	for _, t := range tools {
		if t == "trivy" || strings.HasPrefix(t, "trivy ") {
			return true
		}
	}
	return false
}

// TrivyClassProp and TrivyClassValue are the property (CycloneDX) or annotation (SPDX, "Class:
// lang-pkgs") trivy puts on the entry of a manifest or binary it read.
const (
	TrivyClassProp  = "aquasecurity:trivy:Class"
	TrivyClassValue = "lang-pkgs"
)

// Statement is one VEX statement: what it says about an anomaly (ID,
// status, justification…) and the references of the products it is about
// (package URLs, bom-refs, BOM-Links).
type Statement struct {
	Refs    []string
	Anomaly soup.Anomaly
}

// XMLText normalises the text of an XML element as a pretty-printer
// indents it, so that the XML and the JSON of one BOM read the same: a
// value on one line loses its surrounding space; a value over several
// lines loses its blank first and last lines, the indentation its lines
// share and their trailing space.
func XMLText(s string) string {
	if !strings.Contains(s, "\n") {
		return strings.TrimSpace(s)
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	// Text right after the opening tag has no indentation of its own.
	inline := strings.TrimSpace(lines[0]) != ""
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	indent := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "" || i == 0 && inline {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " \t")); indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if i == 0 && inline {
			lines[i] = strings.TrimSpace(l)
			continue
		}
		if indent > 0 && len(l) >= indent && strings.TrimSpace(l[:indent]) == "" {
			l = l[indent:]
		}
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// XMLLine normalises the text of an XML element of type
// xs:normalizedString (the names, version, description, publisher and
// licence of a CycloneDX component), where a line break stands for a
// space: text that a pretty-printer or an editor wrapped onto indented
// lines below the opening tag is one line again, its lines trimmed and
// joined by single spaces. Text that starts on the tag's own line is
// what the generator wrote, line breaks included (its JSON twin has
// them): it is normalised as XMLText does.
func XMLLine(s string) string {
	rest := strings.TrimLeft(s, " \t")
	if !strings.HasPrefix(rest, "\n") && !strings.HasPrefix(rest, "\r") {
		return XMLText(s)
	}
	var lines []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l) // spaces within a line stay as written
		}
	}
	return strings.Join(lines, " ")
}

// Expression normalises the spacing of a licence expression: runs of
// white space, line breaks included, are one space.
func Expression(s string) string {
	if !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
