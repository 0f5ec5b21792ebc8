package sbom

import "github.com/soupkit/soupkit/sbom/internal/form"

// Family is a family of SBOM formats: CycloneDX, SPDX, SPDX3 or Native.
// Its String method returns "cyclonedx", "spdx", "spdx3" or "soupkit".
type Family = form.Family

// The format families.
const (
	CycloneDX = form.CycloneDX
	SPDX      = form.SPDX
	// Native is the soupkit list itself (soup.yaml, soup.json).
	Native = form.Native
	// SPDX3 is SPDX 3 JSON-LD ("spdx3-json@3.0.1").
	SPDX3 = form.SPDX3
)

// Encoding is the syntax an SBOM is written in: JSON, XML, TagValue or
// YAML. Its String method returns "json", "xml", "tagvalue" or "yaml".
type Encoding = form.Encoding

// The encodings.
const (
	JSON     = form.JSON
	XML      = form.XML
	TagValue = form.TagValue
	YAML     = form.YAML
)

// Format names an SBOM format: family, encoding and specification version
// (fields Family, Encoding and Version). Its text form (String,
// MarshalText, UnmarshalText) is "family-encoding@version", such as
// "cyclonedx-xml@1.5", "spdx-tagvalue@2.3" or "soupkit-yaml" (the native
// list has no version), as ParseFormat reads it. An empty Version means
// the family's default version when encoding. Versions are compared as
// dotted numbers, so that 1.10 comes after 1.9.
type Format = form.Format

// The default specification versions used when a Format names none.
const (
	DefaultCycloneDXVersion = form.DefaultCycloneDXVersion
	DefaultSPDXVersion      = form.DefaultSPDXVersion
	DefaultSPDX3Version     = form.DefaultSPDX3Version
)

// ParseFormat parses a format name such as "cyclonedx-json",
// "cyclonedx-xml@1.5", "spdx-json@2.3", "spdx-tagvalue", "spdx3-json@3.0.1"
// or "soupkit-yaml". Case is ignored; "spdx-tv" and "spdx-tag-value" are accepted for
// tag-value, "cdx" for cyclonedx and "native" for soupkit. Without a
// version the Version field stays empty (the default when encoding).
func ParseFormat(s string) (Format, error) { return form.ParseFormat(s) }

// Formats returns every format Encode can write, with explicit versions,
// sorted by family, encoding and version. VEX documents are not SBOM
// formats and are not listed: cyclonedx.EncodeVEX and openvex.Encode
// write them (see the package documentation, "Vulnerabilities apart").
func Formats() []Format { return form.Formats() }

// Prefix starts the name of every property (CycloneDX) and annotation
// comment (SPDX) that soupkit writes.
const Prefix = form.Prefix
