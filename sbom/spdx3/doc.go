// Package spdx3 reads and writes SPDX 3.0 and 3.0.1 JSON-LD, the
// serialisation the SPDX 3 specification defines: a JSON object with an
// @context naming https://spdx.org/rdf/3.0.x/spdx-context.jsonld and an
// @graph of elements.
//
// [Decode] and [Encode] are what package sbom dispatches to for the format
// "spdx3-json" (most callers want sbom.Decode and sbom.Encode): they read
// a document into a soup.List and write one, carrying every field of the
// list. Underneath, [DecodeDoc] and [EncodeDoc] convert between the
// document and a [Doc], the shape soupkit's SBOM formats share: the
// systems (the SBOM's root elements), the entries that become SOUP items
// with their soupkit: annotations, and the dependency graph by reference.
//
// Decode makes the system of the roots by the rule SPDX 2 shares
// (form.Doc.SetRoots in sbom/internal/form): one root is List.System; of
// several, a root through which the dependency graph reaches an item is a
// system, one that reaches none is an item (a package) or a counted file.
// One system is List.System; several are represented as soup.Merge
// represents several systems: List.System is named after the SpdxDocument,
// with the version and manufacturer the systems share, and every item
// names in Item.Systems the systems that reach it. No root is dropped.
// Anomalies assessed on a system, which a SOUP list has no place for, are
// counted.
//
// # Reading
//
// The reader is written with the standard library's encoding/json and
// understands what JSON-LD allows an SPDX document to be written as:
// compacted terms ("software_Package", "software_packageVersion") and full
// or prefixed IRIs for types, properties and vocabulary values
// ("https://spdx.org/rdf/3.0.1/terms/Software/Package",
// "spdx:Core/RelationshipType/dependsOn"); "@id"/"spdxId" and
// "@type"/"type"; elements referenced by spdxId or written inline as
// nested objects; blank nodes ("_:creationinfo"); a single value where a
// list is expected; value objects ({"@value": …}); expanded JSON-LD (an
// array of nodes without a context); element IDs and references compacted
// with a prefix the namespaceMap or a local context defines ("ex:lib");
// several SpdxDocument, Bom and Sbom elements in one graph, and one
// element written in several pieces under the same ID. It tolerates, with
// a warning, what Microsoft's sbom-tool writes in SPDX 3.0 the SPDX 2 way:
// relationship types in SPDX 2's spelling ("DEPENDS_ON"), the identifier
// type "purl", a describes relationship from "SPDXRef-DOCUMENT" (an
// element not in the document) instead of a root element, an object with
// both @id and spdxId, agents named "Organization: …", licences written as
// AnyLicenseInfo elements named by the expression.
//
// The system is the SBOM's root elements: the rootElement of every
// SpdxDocument, looked through Bom and Sbom collections to what they have
// at their root (and the targets of describes relationships from those);
// without an SpdxDocument, the roots of the Bom and Sbom elements. Every
// root is in [Doc.Systems], in document order.
//
// Items are the packages (software_Package, ai_AIPackage,
// dataset_DatasetPackage). A software_File is an item only when nothing
// else names the software it is: the document lists no package (the files
// of a document with packages are the packages' own, or the sources,
// inputs and outputs of builds), and no element contains it, generates it
// or has it as its distribution artifact; a file that is a package's
// distribution artifact stands for that package in the dependency graph.
// The graph ([Doc.Edges]) comes from the relationships that make one
// element need or include another: contains, dependsOn, hasDynamicLink,
// hasStaticLink, hasOptionalDependency, hasProvidedDependency,
// hasOptionalComponent, hasPrerequisite, hasDataFile, trainedOn and
// testedOn, with their relationshipType, completeness and lifecycle scope.
// A relationship may name an element of another document that the
// SpdxDocument imports (an ExternalMap): the graph passes through it, as
// through a file, and it is counted. The Build profile adds what Yocto's
// image SBOM needs: a root that a Build outputs (the root file system) is
// made of that Build's inputs (the installed packages), contains edges
// from the root to each input that is not itself a root (an image file
// built from the root file system is not a system of its own); and once a
// root reaches an item, a package that only Builds read and no root
// reaches (a recipe's source archive) is a build input, counted, not an
// item.
//
// Fields map as follows: name, software_packageVersion; the supplier
// (suppliedBy, else originatedBy: the Agent, Organization, Person or
// SoftwareAgent's name); software_packageUrl, else an externalIdentifier of
// type packageUrl; an externalIdentifier of type cpe23 or cpe22;
// hasConcludedLicense, else hasDeclaredLicense, to a
// simplelicensing_LicenseExpression or an expanded licence (listed and
// custom licences, conjunctive and disjunctive sets, "or later" and "with"
// operators), NOASSERTION and NONE meaning unknown; software_homePage;
// externalRef issueTracker and vcs; description; verifiedUsing hashes
// (algorithm names as CycloneDX spells them, "SHA-256"); supportLevel and
// validUntilTime; and the VEX relationships of the Security profile
// (security_Vex*VulnAssessmentRelationship: affects, doesNotAffect with
// its justification type and impact statement, fixedIn,
// underInvestigationFor, the last of an amendedBy chain winning) and
// hasAssociatedVulnerability as anomalies, their ID the vulnerability's
// CVE or other identifier (for a vulnerability not in the document, the ID
// its reference ends in, as Yocto's aliases do), their source its advisory reference, their
// severity that of a CVSS assessment. EPSS and SSVC assessments are
// counted by class: soup.Anomaly has no field for a probability or a
// decision (its Score and Severity are CVSS's). Annotations whose
// statement starts with "soupkit:" are returned as [Prop] values for
// package sbom to apply.
//
// Anything else the document holds is counted in [Doc.Ignored]: elements
// by type, unused properties by element type, relationships by type; and
// what the reader tolerated is in [Doc.Warnings]. Nothing is dropped
// without a word.
//
// # Writing
//
// [EncodeDoc] writes SPDX 3.0.1 JSON-LD that validates against the official
// SPDX 3.0.1 JSON schema: one SpdxDocument whose root is a software_Sbom
// whose root is the system's software_Package, a software_Package per
// item, Organization elements for suppliers, license expressions through
// hasConcludedLicense, dependsOn relationships, Vulnerability elements with
// VEX relationships for the anomalies, and an Annotation of type other per
// soupkit: property ("soupkit:<field>=<value>", as in SPDX 2). An element
// an edge names that is neither a system nor an item (a file of the
// document a Doc was read from) is declared in the SpdxDocument's import,
// as SPDX requires of references to elements not in the document. Output is
// deterministic: element IDs derive from the namespace and the entries'
// references, and the clock is never read. [EncodeDocTo] and [EncodeTo]
// stream the document to a writer, holding neither the output nor a tree
// of it; Encode learns which fields need soupkit: annotations by reading
// the writer's objects in memory, an entry at a time, not by writing the
// document and reading it back.
//
// # Why not tools-golang
//
// tools-golang has SPDX 3 only in release candidates (v0.6.0-rc4, June
// 2026): 20,000 lines of Go generated for every class of every profile,
// a full JSON-LD processor (piprate/json-gold) and two more modules. Tried
// on the documents here, it reads what this package writes and validates
// it (the test module scripts/spdx3ref checks every document the tests
// write), except decimal values (CVSS scores) and references to elements
// of other documents, which it reads in no document; but it refuses
// cdxgen 12.8.4's output altogether (a createdBy agent that is not in the
// document, the profile "extension"), it drops
// properties it does not know without a word (a property
// software_unknownProperty added to the SPDX example reads back as if it
// were not there), and it took 2.8 s for a document of 1,431 packages
// (2 MB) that this package reads in 0.15 s. Reading and writing documents of
// this shape take about 2,800 lines of standard-library code: no new dependency, no
// generator to follow, a reader that keeps going where a typed model stops
// (a malformed property costs that property, not the document) and that
// sees every property it does not map, so that it counts it instead of
// losing it.
package spdx3

import (
	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// Doc is an SPDX 3 document in the shape soupkit's formats share.
type Doc struct {
	// Version is the SPDX version the document states: "3.0.1" or "3.0.0".
	Version string
	// Name is the name of the (first) SpdxDocument.
	Name string
	// Systems are the document's root elements, in document order. The
	// items of an entry here are system fields: name, version and
	// manufacturer, with the rest of what the root carries.
	Systems []Entry
	// Items are the entries that become SOUP items, in document order.
	Items []Entry
	// Edges are the dependency relationships between entries (and files
	// the graph looks through), by reference, in document order.
	Edges []Edge
	// Skipped are the references of elements that are not SOUP items
	// (files named by a package) that edges may pass through.
	Skipped []string
	// Props are the document's soupkit: annotations.
	Props []Prop
	// Source describes the document: its ID, creation time and tools.
	Source soup.Source
	// Ignored counts what the document holds that has no place in a SOUP
	// list, by kind ("element Tool", "property software_copyrightText of
	// software_Package", "relationship generates").
	Ignored map[string]int
	// Warnings are problems the reader tolerated, in document order.
	Warnings []Warning
}

// Warning is a problem the reader tolerated.
type Warning struct {
	// Ref names the element ("software_Package urn:…"); empty for the
	// whole document.
	Ref string
	// Field names the property concerned, or is empty.
	Field string
	// Message says what was wrong and what the reader did about it.
	Message string
}

// String returns the warning as one line: "<ref>: <message>".
func (w Warning) String() string {
	if w.Ref == "" {
		return w.Message
	}
	return w.Ref + ": " + w.Message
}

// Entry is one element that becomes an item or a system.
type Entry struct {
	// Ref is the element's spdxId.
	Ref  string
	Item soup.Item
	// Props are the element's soupkit: annotations, in document order.
	Props []Prop
	// File marks a software_File or software_Snippet: a root that is one
	// is never an item.
	File bool
}

// Prop is one soupkit: annotation: the field name without the "soupkit:"
// prefix and the value as written.
type Prop struct {
	Name, Value string
}

// Edge says that the element From needs or includes the element To.
type Edge struct {
	From, To string
	// Type is the relationshipType ("dependsOn", "contains", …).
	Type string
	// Completeness is the relationship's completeness ("complete",
	// "incomplete", "noAssertion"), or empty.
	Completeness string
	// Scope is the lifecycle scope of a LifecycleScopedRelationship
	// ("build", "runtime", …), or empty.
	Scope string
}

// Prefix starts every annotation statement soupkit reads and writes, as
// in the other formats.
const Prefix = form.Prefix
