// Package cyclonedx reads and writes CycloneDX 1.2–1.7 (JSON and XML) for
// package sbom, and converts the cyclonedx-go types: [FromBOM] turns a BOM
// into a SOUP list, [ToBOM] a SOUP list into a BOM carrying every field
// (its documentation as soupkit: properties). [EncodeVEX] writes the
// anomalies alone as a standalone CycloneDX VEX document whose statements
// point at the components of the SBOM by BOM-Link ([BOMLink]), for an SBOM
// written without them (sbom.EncodeOptions.NoVulnerabilities).
//
// Most callers want sbom.Decode and sbom.Encode, which sniff the format
// and dispatch here; the mapping is described in package sbom's
// documentation. The types in the signatures (Format, Report,
// EncodeOptions) are package sbom's, and so is every error, a
// *sbom.DecodeError.
package cyclonedx
