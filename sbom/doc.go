// Package sbom reads software bills of materials into SOUP lists and
// writes SOUP lists back as SBOMs that carry their documentation.
//
// It reads CycloneDX 1.2–1.7 (JSON and XML), SPDX 2.2 and 2.3 (JSON,
// tag-value and YAML) and the soupkit native list (JSON and YAML), and
// writes CycloneDX 1.4–1.7, SPDX 2.2 and 2.3 and the native list. [Decode]
// sniffs the format from the bytes, like image.Decode; a [Decoder] bounds
// the input, names the format explicitly and returns a [Report] of what
// had no place in a SOUP list. [Encode] writes a list in any [Format].
package sbom
