// Package soupkit turns the software bills of materials a build already
// produces into the SOUP documentation that IEC 62304 demands of medical
// device software, and keeps it true as dependencies change.
//
// # What SOUP is
//
// IEC 62304 calls every third-party component of medical device software
// SOUP, software of unknown provenance. For each one the manufacturer
// documents its title, manufacturer and unique designator (8.1.2, every
// class) and, for software safety class B and C, its functional and
// performance requirements (5.3.3), hardware and software requirements
// (5.3.4), that the architecture supports it (5.3.6c), its potential failure
// modes tied to the risk analysis (7.1.2c) and an evaluation of its
// published anomaly list (7.1.3); a change of SOUP is evaluated (6.1f, 7.4).
//
// # The flow
//
//	SBOM bytes (CycloneDX 1.2–1.7 JSON/XML, SPDX 2.2/2.3 JSON/tag-value/YAML)
//	       │  sbom.Decode sniffs the format from the bytes
//	       ▼
//	soup.List "scanned": identity, version, supplier, licence, links, graph
//	       │  soup.Reconcile(curated, scanned) carries the hand-written
//	       ▼  documentation (soup.yaml) across upgrades
//	soup.List "documented" ──► List.Validate(policy) ──► soup.Findings (with references)
//	       ├──► render: Markdown, HTML, CSV, JSON, templates; render/xlsx, render/pdf
//	       └──► sbom.Encode: CycloneDX / SPDX carrying the SOUP documentation
//
// The packages: [github.com/soupkit/soupkit/soup] (the model, validation,
// reconciliation), [github.com/soupkit/soupkit/sbom] (SBOM formats),
// [github.com/soupkit/soupkit/render] (renderers, a registry for your own,
// and the conformance suite render/rendertest). The soup command in
// examples/soup puts them together for a CI pipeline.
//
// soupkit reads no clock and touches no network; the same input gives the
// same bytes.
package soupkit

// Version is the version of soupkit, printed in the evidence of origin of
// every rendered document.
const Version = "0.1.0"
