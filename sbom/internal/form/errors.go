package form

import (
	"errors"
	"strconv"
	"strings"

	"github.com/soupkit/soupkit/internal/yamlcheck"
	"github.com/soupkit/soupkit/soup"
)

// ErrUnknownFormat is returned (wrapped) when the input is none of the
// formats this package reads.
var ErrUnknownFormat = errors.New("unknown format")

// ErrUnsupportedVersion is returned (wrapped) for a known format in a
// specification version this package does not read, such as CycloneDX 1.8
// or SPDX 3.
var ErrUnsupportedVersion = errors.New("unsupported specification version")

// ErrVEXOnly marks a VEX document without components given where an SBOM
// was expected.
var ErrVEXOnly = errors.New("a VEX document, not an SBOM: it lists no components (give it beside the SBOM: sbom.ApplyVEX, soup -vex FILE)")

// ErrInternal marks a failure that is not the input's fault: a bug in a
// dependency (or in soupkit) that decoding caught instead of crashing.
var ErrInternal = errors.New("internal error: a bug in a dependency, not in the input (please report it with the input)")

// ErrTooLarge is soup.ErrTooLarge: the input exceeds the Decoder's bound.
var ErrTooLarge = soup.ErrTooLarge

// DecodeError is an error in an SBOM: every decoding failure of every
// format is one. It locates the problem by format, line and column where
// the input has them, and the element (a component's bom-ref, an SPDX
// ID), and wraps the cause, such as ErrUnknownFormat,
// ErrUnsupportedVersion, ErrTooLarge or a syntax error of the encoding.
type DecodeError struct {
	// Format is the format being read; its zero value when unknown.
	Format Format
	// Line and Column are 1-based; 0 when unknown (the cause is not tied
	// to a place, or the parser does not say).
	Line, Column int
	// Ref names the element: a CycloneDX bom-ref, an SPDX ID, a label
	// such as `package 2 "flask"` for one without, or the path of a JSON
	// field; empty for the whole document.
	Ref string
	// Err is the cause.
	Err error
}

// Error returns "sbom: <format>: line <l>, column <c>: <ref>: <cause>",
// on one line, leaving out
// the parts that are unknown.
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("sbom: ")
	if e.Format != (Format{}) {
		// The version part comes from the document and may hold anything.
		b.WriteString(yamlcheck.Excerpt(oneLine(e.Format.String()), maxRef))
		b.WriteString(": ")
	}
	if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteString(", column ")
			b.WriteString(strconv.Itoa(e.Column))
		}
		b.WriteString(": ")
	}
	if e.Ref != "" {
		b.WriteString(yamlcheck.Excerpt(e.Ref, maxRef))
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(yamlcheck.Excerpt(oneLine(e.Err.Error()), maxMessage))
	}
	return b.String()
}

// maxRef and maxMessage bound, in bytes, what an error or a warning quotes
// of the input: a reference, and the cause (the upstream libraries quote
// whole values, a megabyte-long field included).
const (
	maxRef     = 200
	maxMessage = 500
)

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// oneLine folds the line breaks of a cause's message (the upstream
// libraries' messages can quote a line of input) so that the error is one
// line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
