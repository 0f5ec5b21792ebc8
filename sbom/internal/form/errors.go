package form

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// ErrUnknownFormat is returned (wrapped) when the input is none of the
// formats this package reads.
var ErrUnknownFormat = errors.New("unknown format")

// ErrUnsupportedVersion is returned (wrapped) for a known format in a
// specification version this package does not read, such as CycloneDX 1.8
// or SPDX 3.
var ErrUnsupportedVersion = errors.New("unsupported specification version")

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
		b.WriteString(e.Format.String())
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
		b.WriteString(e.Ref)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(oneLine(e.Err.Error()))
	}
	return b.String()
}

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

// Locate returns err as a DecodeError of format f, located in data, the
// input in f's encoding, where err tells the place (a JSON, XML or YAML
// syntax or type error). A DecodeError is returned as it is.
func Locate(f Format, data []byte, err error) *DecodeError {
	var de *DecodeError
	if errors.As(err, &de) {
		return de
	}
	e := &DecodeError{Format: f, Err: err}
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
		xe *xml.SyntaxError
	)
	switch {
	case f.Encoding == YAML:
		// The YAML readers say the line in the message only; a type
		// error of the JSON they turn YAML into has an offset in that.
		e.Line = yamlLine(err)
		if errors.As(err, &te) {
			e.Ref = te.Field
		}
	case errors.As(err, &se):
		e.Line, e.Column = Position(data, se.Offset)
	case errors.As(err, &te):
		e.Line, e.Column = Position(data, te.Offset)
		e.Ref = te.Field
	case errors.As(err, &xe):
		e.Line = xe.Line
	}
	return e
}

// Position returns where a parser that has read off bytes of data stopped:
// the line (1 plus the line breaks read) and the column of the last byte
// read (1-based, in bytes).
func Position(data []byte, off int64) (line, col int) {
	before := data[:min(max(off, 0), int64(len(data)))]
	nl := bytes.LastIndexByte(before, '\n')
	return bytes.Count(before, []byte("\n")) + 1, max(len(before)-nl-1, 1)
}

// yamlPos finds the line the YAML libraries state in their errors, which
// carry it only in the message ("yaml: line 3: mapping values are not
// allowed in this context").
var yamlPos = regexp.MustCompile(`\byaml: line ([0-9]+):`)

// yamlLine returns the line a YAML error names, or 0.
func yamlLine(err error) int {
	if m := yamlPos.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}
