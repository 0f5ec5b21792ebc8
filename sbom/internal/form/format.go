package form

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/soupkit/soupkit/internal/enum"
)

// Family is a family of SBOM formats.
type Family int

// The format families.
const (
	CycloneDX Family = iota + 1
	SPDX
	// Native is the soupkit list itself (soup.yaml, soup.json).
	Native
	// SPDX3 is SPDX 3 in its JSON-LD serialisation, a family of its own:
	// another model than SPDX 2, and another document.
	SPDX3
)

// families are the names of the families. Zero is no family: it prints
// as Family(0), as it always has.
var families = &enum.Set[Family]{Pkg: "sbom", Type: "Family", Kind: "format family",
	Names: []string{"cyclonedx", "spdx", "soupkit", "spdx3"}, NoZero: true}

// String returns "cyclonedx", "spdx", "soupkit" or "spdx3".
func (f Family) String() string { return families.String(f) }

// MarshalText implements encoding.TextMarshaler.
func (f Family) MarshalText() ([]byte, error) { return families.MarshalText(f) }

// UnmarshalText implements encoding.TextUnmarshaler; case is ignored.
func (f *Family) UnmarshalText(b []byte) error { return families.Unmarshal(f, b) }

// Encoding is the syntax an SBOM is written in.
type Encoding int

// The encodings.
const (
	JSON Encoding = iota + 1
	XML
	TagValue
	YAML
)

// encodings are the names of the encodings; zero prints as Encoding(0).
var encodings = &enum.Set[Encoding]{Pkg: "sbom", Type: "Encoding", Kind: "encoding",
	Names: []string{"json", "xml", "tagvalue", "yaml"}, NoZero: true}

// String returns "json", "xml", "tagvalue" or "yaml".
func (e Encoding) String() string { return encodings.String(e) }

// MarshalText implements encoding.TextMarshaler.
func (e Encoding) MarshalText() ([]byte, error) { return encodings.MarshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler; case is ignored.
func (e *Encoding) UnmarshalText(b []byte) error { return encodings.Unmarshal(e, b) }

// Format names an SBOM format: family, encoding and specification version.
// Its text form is "family-encoding@version", such as "cyclonedx-xml@1.5",
// "spdx-tagvalue@2.3" or "soupkit-yaml" (the native list has no version).
// An empty Version means the family's default version when encoding.
type Format struct {
	Family   Family
	Encoding Encoding
	// Version is the specification version, such as "1.6" or "2.3".
	Version string
}

// The default specification versions used when a Format names none.
const (
	DefaultCycloneDXVersion = "1.6"
	DefaultSPDXVersion      = "2.3"
	DefaultSPDX3Version     = "3.0.1"
)

// What each family can be read and written in. A new format adds its
// versions and encodings here, as SPDX 3 did.
var (
	cdxDecodable = []string{"1.2", "1.3", "1.4", "1.5", "1.6", "1.7"}
	// cdxXMLOnly are the versions that had only an XML encoding.
	cdxXMLOnly     = []string{"1.0", "1.1"}
	cdxEncodable   = []string{"1.3", "1.4", "1.5", "1.6", "1.7"}
	spdxDecodable  = []string{"2.1", "2.2", "2.3"}
	spdxVersions   = []string{"2.2", "2.3"}
	spdx3Decodable = []string{"3.0.0", "3.0.1"}
	spdx3Encodable = []string{"3.0.1"}
	familyEncodes  = map[Family][]Encoding{
		CycloneDX: {JSON, XML},
		SPDX:      {JSON, TagValue, YAML},
		Native:    {JSON, YAML},
		SPDX3:     {JSON},
	}
)

// String returns the format as ParseFormat reads it.
func (f Format) String() string {
	s := f.Family.String() + "-" + f.Encoding.String()
	if f.Version != "" {
		s += "@" + f.Version
	}
	return s
}

// ParseFormat parses a format name such as "cyclonedx-json",
// "cyclonedx-xml@1.5", "spdx-json@2.3", "spdx-tagvalue", "spdx3-json@3.0.1"
// or "soupkit-yaml". Case is ignored; "spdx-tv" and "spdx-tag-value" are
// accepted for tag-value, "cdx" for cyclonedx and "native" for soupkit.
// Without a version the Version field stays empty (the default when
// encoding).
func ParseFormat(s string) (Format, error) {
	name, version, _ := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "@")
	fam, enc, ok := strings.Cut(name, "-")
	if !ok {
		return Format{}, fmt.Errorf("sbom: invalid format %q (want family-encoding[@version], such as cyclonedx-json@1.6)", s)
	}
	var (
		f     Format
		known bool
	)
	if f.Family, known = families.Lookup(alias(fam)); !known {
		return Format{}, fmt.Errorf("sbom: invalid format %q: unknown family %q (want cyclonedx, spdx, spdx3 or soupkit)", s, fam)
	}
	if f.Encoding, known = encodings.Lookup(alias(enc)); !known {
		return Format{}, fmt.Errorf("sbom: invalid format %q: unknown encoding %q", s, enc)
	}
	if !slices.Contains(familyEncodes[f.Family], f.Encoding) {
		return Format{}, fmt.Errorf("sbom: invalid format %q: %s has no %s encoding", s, f.Family, f.Encoding)
	}
	f.Version = strings.TrimPrefix(version, "v")
	if f.Version != "" && !f.Decodable() {
		return Format{}, fmt.Errorf("sbom: invalid format %q: unsupported %s version %q (want one of %s)",
			s, f.Family, version, strings.Join(f.versions(), ", "))
	}
	return f, nil
}

// aliases are the other names ParseFormat reads for families and encodings.
var aliases = map[string]string{"cdx": "cyclonedx", "native": "soupkit", "soup": "soupkit",
	"tag-value": "tagvalue", "tv": "tagvalue", "yml": "yaml"}

func alias(name string) string {
	if a, ok := aliases[name]; ok {
		return a
	}
	return name
}

// MarshalText implements encoding.TextMarshaler, so that a Format can be
// a flag (flag.TextVar) or a configuration value.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseFormat.
func (f *Format) UnmarshalText(b []byte) error {
	g, err := ParseFormat(string(b))
	if err != nil {
		return err
	}
	*f = g
	return nil
}

// versions returns the versions of f's family that can be read.
func (f Format) versions() []string {
	switch f.Family {
	case CycloneDX:
		if f.Encoding == XML {
			return append(slices.Clone(cdxXMLOnly), cdxDecodable...)
		}
		return cdxDecodable
	case SPDX:
		return spdxDecodable
	case SPDX3:
		return spdx3Decodable
	}
	return nil
}

// Decodable reports whether f's family is read in f's version.
func (f Format) Decodable() bool { return slices.Contains(f.versions(), f.Version) }

// UnsupportedVersion returns the error for f, a family read in other
// versions than f's, wrapping ErrUnsupportedVersion.
func (f Format) UnsupportedVersion() error {
	return fmt.Errorf("%w %q (this package reads %s %s)",
		ErrUnsupportedVersion, f.Version, f.Family, strings.Join(f.versions(), ", "))
}

// WithDefault returns f with the family's default version filled in.
func (f Format) WithDefault() Format {
	if f.Version == "" {
		switch f.Family {
		case CycloneDX:
			f.Version = DefaultCycloneDXVersion
		case SPDX:
			f.Version = DefaultSPDXVersion
		case SPDX3:
			f.Version = DefaultSPDX3Version
		}
	}
	return f
}

// Encodable reports whether f can be written (after defaults).
func (f Format) Encodable() bool {
	if !slices.Contains(familyEncodes[f.Family], f.Encoding) {
		return false
	}
	switch f.Family {
	case CycloneDX:
		return slices.Contains(cdxEncodable, f.Version)
	case SPDX:
		return slices.Contains(spdxVersions, f.Version)
	case SPDX3:
		return slices.Contains(spdx3Encodable, f.Version)
	}
	return f.Version == ""
}

// Formats returns every format that can be written, with explicit
// versions, sorted by family, encoding and version.
func Formats() []Format {
	var fs []Format
	for fam := CycloneDX; fam <= SPDX3; fam++ {
		vs := Format{Family: fam}.versions()
		switch fam {
		case CycloneDX:
			vs = cdxEncodable
		case SPDX:
			vs = spdxVersions
		case SPDX3:
			vs = spdx3Encodable
		}
		if len(vs) == 0 {
			vs = []string{""}
		}
		for _, enc := range familyEncodes[fam] {
			for _, v := range vs {
				fs = append(fs, Format{Family: fam, Encoding: enc, Version: v})
			}
		}
	}
	slices.SortFunc(fs, func(a, b Format) int {
		return cmp.Or(strings.Compare(a.Family.String()+"-"+a.Encoding.String(), b.Family.String()+"-"+b.Encoding.String()),
			CompareVersions(a.Version, b.Version))
	})
	return fs
}

// CompareVersions compares two specification versions as dotted numbers,
// so that "1.10" comes after "1.9": it returns -1, 0 or +1. Parts that are
// not numbers compare as text, after numbers.
func CompareVersions(a, b string) int {
	for a != "" || b != "" {
		var x, y string
		x, a, _ = strings.Cut(a, ".")
		y, b, _ = strings.Cut(b, ".")
		if c := comparePart(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// comparePart compares one part of two versions: a missing part first,
// then numbers by value, then text.
func comparePart(x, y string) int {
	m, errX := strconv.ParseUint(x, 10, 64)
	n, errY := strconv.ParseUint(y, 10, 64)
	switch {
	case x == "" || y == "":
		return cmp.Compare(len(x), len(y))
	case errX == nil && errY == nil:
		return cmp.Compare(m, n)
	case errX == nil:
		return -1
	case errY == nil:
		return 1
	}
	return strings.Compare(x, y)
}
