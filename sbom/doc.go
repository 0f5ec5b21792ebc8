// Package sbom reads software bills of materials into SOUP lists and
// writes SOUP lists back as SBOMs that carry their documentation.
//
// # Formats
//
// It reads CycloneDX 1.2–1.7 (JSON and XML), SPDX 2.2 and 2.3 (JSON,
// tag-value and YAML), SPDX 3.0 and 3.0.1 (JSON-LD, compacted or
// expanded; the format "spdx3-json") and the soupkit native list (JSON and
// YAML, see soup.Read), and writes CycloneDX 1.3–1.7, SPDX 2.2 and 2.3,
// SPDX 3.0.1 and the native list. (CycloneDX 1.3 has no vulnerabilities, so anomalies travel
// there as soupkit: properties; 1.2 has no properties at all, so it cannot
// carry the documentation and is only read.) A [Format] names one ("cyclonedx-xml@1.5"); [Formats] lists
// those [Encode] writes. [Decode] sniffs the format from the bytes, like
// image.Decode ([Detect] is the sniffer); a [Decoder] names the format
// explicitly, bounds the input (256 MiB unless told otherwise) and returns
// a [Report] of what the input held that a SOUP list has no place for.
// The packages [github.com/soupkit/soupkit/sbom/cyclonedx] (FromBOM,
// ToBOM) and [github.com/soupkit/soupkit/sbom/spdx] (FromDocument,
// ToDocument) convert the upstream libraries' types for tools that
// already hold them; [github.com/soupkit/soupkit/sbom/spdx3] (DecodeDoc,
// EncodeDoc) gives the SPDX 3 document in the shape the formats share.
// SPDX 3 is read and written with the standard library: its package
// documentation says what maps where and why not tools-golang.
//
// # Packages: one per format
//
// This package only dispatches: it reads the input (bounded), makes it
// UTF-8 text, sniffs the format once ([Detect]) and hands the bytes with
// the trusted format to the package of the format, which neither sniffs
// nor transcodes again; [Encode] likewise. Each format package
// (sbom/cyclonedx, sbom/spdx) maps its documents onto, and builds them
// from, a family-neutral intermediate form in the internal package
// sbom/internal/form, which holds what the formats share: the soupkit
// property field table, the merge of duplicates, item references, the
// dependency graph, the arena, the conversion [Report] and [DecodeError].
// The types callers see ([Format], [Report], [Warning], [DecodeError],
// [EncodeOptions]) are defined there and aliased here, so that a format
// package returns them without importing this one: imports run from sbom
// to the format packages to form, never back.
//
// A new format plugs in as a package of its own (as sbom/spdx3 did) with
// the same two functions,
//
//	Decode(data []byte, f sbom.Format) (*soup.List, *sbom.Report, error) // errors are *sbom.DecodeError
//	Encode(l *soup.List, f sbom.Format, o sbom.EncodeOptions) ([]byte, error)
//
// built on form.Doc (decoding: map entries onto nodes, then Doc.Finish;
// encoding: form.TwoPass with form.ItemProps and form.ListProps, or its
// first pass in memory where form.OnePass allows, as the CycloneDX, SPDX
// 2.3 JSON and SPDX 3 encoders do, with EncodeTo streaming the output); its
// versions go into the tables of form/format.go, its recognition into
// Detect, and one case into the switches of Decoder.decodeBytes and
// Encode.
//
// # Reading
//
// The document's subject (CycloneDX metadata.component, the package an
// SPDX document DESCRIBES, the root element of an SPDX 3 SBOM) becomes
// List.System; every other component or package becomes an item: nested
// CycloneDX components (flattened) and those under metadata.component
// (software the subject contains). SPDX 2 and 3 share one rule for a
// document with several roots (several described packages, several root
// elements): a root through which the dependency graph reaches an item
// is a system, and several systems are represented as soup.Merge
// represents them (List.System named after the document, with the version
// and manufacturer they share; each item naming in Systems the systems
// that reach it); one system among the roots is List.System itself; a
// root below which nothing is listed is an item the document depends on
// directly (a file root is counted as a file). No root is dropped. Not items, but counted in the report by
// kind: files (CycloneDX components of type file, SPDX files and packages
// of purpose FILE), the manifests and binaries trivy read packages from
// (applications without version or purl it marks so), CycloneDX devices,
// data, cryptographic assets and services; the dependency graph looks
// through them. An application without version or purl that no generator
// marks is an item, and validation says what it lacks. Items of the same
// key and version (soup.Key) merge into one when they are the same
// package: the same name, and no digest of one algorithm that differs
// (items with neither name nor purl are never merged).
// Items are sorted
// by key then version and given IDs (List.AssignIDs), so that RequiredBy
// holds IDs: the items that depend on the item directly. An item is direct
// when the subject depends on it (CycloneDX dependencies; SPDX DEPENDS_ON,
// DEPENDENCY_OF, RUNTIME_DEPENDENCY_OF, CONTAINS, CONTAINED_BY),
// transitive when reachable further down, and of unknown dependency
// otherwise. In SPDX 3 the items are the packages (files only in a
// document without packages, where nothing names them), the graph comes
// from dependsOn, contains and the other relationships that make one
// element need another, and the support
// level, end of support and VEX assessments have fields of their own; the
// package documentation of sbom/spdx3 has the details.
//
// Fields map as the design describes: the CycloneDX group joins the name
// ("@babel/core", Maven "org.example:lib"); the manufacturer is the
// CycloneDX manufacturer, else supplier, publisher, author, or the SPDX
// supplier, else originator, without its Organization:/Person: prefix;
// NOASSERTION and NONE mean unknown, never a name or a licence. Licences
// are kept as written: an expression, or the IDs (else names) of several
// licences joined by AND; CycloneDX evidence licences are used when no
// licence is asserted. Hash algorithms are spelled the CycloneDX way
// ("SHA-256"). The support level comes from the CycloneDX property
// cdx:fda:level-of-support, the end of support from the CycloneDX taxonomy's
// cdx:lifecycle:milestone:endOfSupport (written so) or the older
// cdx:fda:end-of-support-date (read), or the SPDX validUntilDate; CycloneDX
// vulnerabilities with an analysis become anomalies (exploitable →
// affected, in_triage → under-investigation, resolved → fixed, not_affected
// and false_positive → not-affected; the justification is the analysis's
// reason code and detail, "code_not_reachable: the parser is not used", and
// the code goes back to its field on writing; the analysis's response and
// last update, and the vulnerability's published and updated dates, are
// kept), and so do SPDX SECURITY advisory references (the ID is the
// last segment of the advisory's address, the source the address, the
// status unset: nothing says how it was evaluated).
//
// Reading is lenient where generators are sloppy and says so in
// Report.Warnings: SPDX element IDs without SPDXRef-, suppliers without a
// prefix (JSON, YAML and tag-value alike), SPDX tag-value snippets after a
// package and SPDX 2.0/2.1 review sections (left out and counted), SPDX
// 2.2 tags in an SPDX 2.1 tag-value document (read as 2.2), the
// documentDescribes of SPDX 2.1 JSON (which tools-golang drops), malformed
// package URLs (dropped),
// CycloneDX licences with both an id and a name (the id is kept), parts of
// a CycloneDX JSON document cyclonedx-go cannot decode and soupkit does
// not use (left out), bytes that are not UTF-8 (read as U+FFFD). The text
// of pretty-printed CycloneDX XML is normalised (indentation, surrounding
// space; a component's description, name or licence an editor wrapped
// over lines is one line again, as its xs:normalizedString type says), so that the XML and the JSON of one BOM give the same list.
// CR-only line ends are read. A byte order mark is skipped, UTF-16 that starts with one and
// XML declared in Latin-1 are transcoded, and compressed input is named
// in the error. It is strict where the input is not
// what it claims: cyclonedx-go would read an SPDX document as an empty
// BOM, so the bytes are sniffed first; XML with a DOCTYPE or ENTITY
// declaration is refused. Every decoding failure, of every format, is a
// [*DecodeError] naming the format, the line (and column) as numbers where
// the input has them, the element (bom-ref, SPDX ID) and the cause, which
// errors.Is and errors.As find ([ErrUnknownFormat], [ErrUnsupportedVersion],
// [ErrTooLarge], a syntax error); warnings are [Warning] values.
//
// # Speed
//
// Sniffing passes over the top level of a JSON document by its brackets
// and quotes alone, so that a document whose bomFormat or specVersion
// follows its components (keys in alphabetical order) costs one pass over
// the bytes, not a parse; only a document it cannot name plainly (an error
// to report) is tokenised. CycloneDX JSON is decoded into the cyclonedx-go
// types by github.com/go-json-experiment/json (the encoding/json/v2
// proposal as a module, no experiment flag) with encoding/json's
// semantics, several times faster, and its components are streamed: the
// rest of the BOM is decoded first, then one component at a time, each
// mapped onto the list as it comes, so that the BOM's components are never
// held whole; the mapping is the one FromBOM uses. SPDX 2.3 JSON is
// decoded into the tools-golang types the same way, with what their own
// UnmarshalJSON methods do done once. Input a fast path refuses (an error
// to report, a repeated key it cannot decode as encoding/json would) is
// decoded again by cyclonedx-go's or tools-golang's own path, so that
// lists, reports and errors are the same: tests compare the paths on the
// real SBOMs in testdata and by fuzzing. Repeated keys are found by one
// scan that allocates nothing for the keys. scripts/bench-cli.sh measures
// the command beside a bare cyclonedx-go decode.
//
// # Writing: the soupkit: properties
//
// Encode writes every field of the list, so that decoding the output gives
// the list back, items sorted by key then version — except the items
// marked removed: an SBOM describes what ships, so they and every link to
// them are left out (the curated list keeps them). The tools (CycloneDX)
// and creators (SPDX) name soupkit with its version. Each field goes to the
// format's own field where there is one (name, version, manufacturer, purl,
// CPE, licence, links, hashes, description, the dependency graph, support;
// in CycloneDX the anomalies as vulnerabilities with analysis, in SPDX 2.3
// a SECURITY advisory reference for each anomaly whose advisory has an
// address: its source, or the NVD or GitHub page of a CVE or GHSA); the
// rest goes into properties (CycloneDX, on the component or on metadata for
// the list) or annotations of type OTHER (SPDX, on the package or on the
// document) named after the field's path in the native encoding:
//
//	soupkit:schema                    1 (marks a document written by soupkit)
//	soupkit:system.safetyClass        B
//	soupkit:document.approvers        {"name":"John Roe","role":"Head of QA"}
//	soupkit:sources                   {"name":"scan.cdx.json","format":"cyclonedx-json@1.6"}
//	soupkit:id                        SOUP-0001
//	soupkit:requirements.functional   Route HTTP requests of the device API
//	soupkit:verification.date         2026-10-02
//	soupkit:anomalies                 {"id":"GHSA-…","status":"not-affected"}
//
// In SPDX the annotation comment is "soupkit:<field>=<value>". A scalar
// field is one property; a list of strings one property per element, in
// order; a list of records (approvers, sources, hashes, anomalies) one
// property per element whose value is the element in JSON. A value is
// written as is when it is printable text without surrounding space that
// does not start with a double quote; any other value (empty, multi-line,
// control characters) is written quoted in Go syntax with "<" escaped, so
// that every value survives every encoding, tag-value included.
//
// Fields with a native home get a property only when the native field
// loses something in the chosen format: Encode writes the native fields,
// reads them back and adds a property for each field that came back
// different (a licence that is not a valid SPDX expression, a supplier
// with a line break in tag-value, a severity CycloneDX does not know, the
// end of support in SPDX 2.2). CycloneDX JSON and SPDX 2.3 JSON of valid
// UTF-8 text learn this without writing and reading: the document built
// is mapped in memory as the reader maps what it reads, the properties
// are made again on that same document, and it is streamed to the writer
// field by field, in the bytes cyclonedx-go and tools-golang write (tests
// compare them on every fixture and by fuzzing); the other formats are
// written twice. On reading, properties override the native
// fields; an empty value clears one. A document marked with
// soupkit:schema is the list itself: its sources are those it carries,
// not the document.
//
// Output is deterministic: sorted items, dates from the list (never the
// clock), and a CycloneDX serial number and SPDX namespace derived from
// the content unless [EncodeOptions] sets them.
//
// # Vulnerabilities apart: VEX
//
// By default an SBOM carries the items' anomalies (CycloneDX
// vulnerabilities, SPDX advisory references). BSI TR-03183-2 v2.1 asks
// for vulnerability information in a separate document, since it changes
// daily while the SBOM of a release does not: EncodeOptions.NoVulnerabilities
// leaves them out of the SBOM (every format), and two writers put them in
// a standalone VEX document:
//
//   - [github.com/soupkit/soupkit/sbom/cyclonedx.EncodeVEX]: CycloneDX VEX
//     (1.4–1.7), whose statements point at the components of the SBOM by
//     BOM-Link, urn:cdx:SERIAL/VERSION#bom-ref;
//   - [github.com/soupkit/soupkit/sbom/openvex.Encode]: OpenVEX 0.2.0,
//     products named by package URL.
//
// The VEX formats are output only and not in [Formats]: [Encode] and
// [ParseFormat] know SBOM formats alone.
package sbom
