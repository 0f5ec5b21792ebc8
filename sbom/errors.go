package sbom

import "github.com/soupkit/soupkit/sbom/internal/form"

// ErrUnknownFormat is returned (wrapped in a *DecodeError) when the input
// is none of the formats this package reads.
var ErrUnknownFormat = form.ErrUnknownFormat

// ErrUnsupportedVersion is returned (wrapped in a *DecodeError) for a
// known format in a specification version this package does not read,
// such as CycloneDX 1.8 or SPDX 3.
var ErrUnsupportedVersion = form.ErrUnsupportedVersion

// ErrInternal is returned (wrapped in a *DecodeError) when decoding hits a
// bug in a dependency (such as a panic of an upstream SBOM library) instead
// of a problem in the input: the input may well be valid, and the failure
// should be reported. Callers tell it from bad input with errors.Is (the
// soup command exits 3 for it, 2 for bad input).
var ErrInternal = form.ErrInternal

// ErrTooLarge is soup.ErrTooLarge: the input exceeds the Decoder's bound.
var ErrTooLarge = form.ErrTooLarge

// DecodeError is an error in an SBOM; every failure of Detect, Decode and
// Decoder is one, whatever the format, like encoding/csv's ParseError.
// Its fields:
//
//	Format       Format // the format being read; zero when unknown
//	Line, Column int    // 1-based; 0 when unknown or not tied to a place
//	Ref          string // the element: bom-ref, SPDX ID, `package 2 "flask"`, a JSON field path
//	Err          error  // the cause: ErrUnknownFormat, ErrUnsupportedVersion, ErrTooLarge, a syntax error…
//
// Its message is one line, "sbom: cyclonedx-json@1.6: line 12, column 7:
// components.name: …", leaving out what is unknown, and Unwrap returns
// Err, so that errors.Is finds the sentinels. The type is defined in an
// internal package shared with the format packages (sbom/cyclonedx,
// sbom/spdx), which return it too.
type DecodeError = form.DecodeError

// Report says what decoding did with the input: how many items it kept
// (Items), how many duplicates it merged into them (Merged), what the
// input held that a SOUP list has no place for (Ignored, counts by kind,
// sorted) and the problems decoding tolerated (Warnings, in input order),
// so that nothing disappears without a word. Its String method summarises
// it on one line: "kept 412 items, merged 3 duplicates; ignored 3 service,
// 2 property syft:location:N:path".
type Report = form.Report

// Count is a number (N) of things of one kind (What).
type Count = form.Count

// Warning is a problem decoding tolerated: Ref names the element (such as
// `component "flask 1.1.2"`), Field the field or property concerned
// ("purl", "validUntilDate"), Message what was wrong and what decoding did
// about it. String returns "<ref>: <message>".
type Warning = form.Warning

// EncodeOptions configures Encode; a nil *EncodeOptions means defaults.
// Its fields:
//
//	SerialNumber string    // CycloneDX serial number; empty: derived from the content
//	Namespace    string    // SPDX document namespace; empty: derived from the content
//	Timestamp    time.Time // creation time; zero: the list's document date, else none (CycloneDX)
//	                       // or the latest timestamp of the list's sources, else the Unix epoch (SPDX)
//
// Encode never reads the clock.
type EncodeOptions = form.EncodeOptions
