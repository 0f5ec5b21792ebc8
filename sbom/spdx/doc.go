// Package spdx reads and writes SPDX 2.2 and 2.3 (JSON, tag-value and
// YAML) for package sbom, and converts the tools-golang types:
// [FromDocument] turns an SPDX document into a SOUP list, [ToDocument] a
// SOUP list into an SPDX 2.3 document carrying every field (its
// documentation as soupkit: annotations). Reading repairs what
// tools-golang rejects but generators write (lenient.go), each repair a
// warning.
//
// Most callers want sbom.Decode and sbom.Encode, which sniff the format
// and dispatch here; the mapping is described in package sbom's
// documentation. The types in the signatures (Format, Report,
// EncodeOptions) are package sbom's, and so is every error, a
// *sbom.DecodeError.
package spdx
