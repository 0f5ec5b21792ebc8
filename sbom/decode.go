package sbom

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/soupkit/soupkit/soup"
)

// DefaultMaxBytes is the largest SBOM a Decoder reads when it sets no bound.
const DefaultMaxBytes = 256 << 20

// ErrUnknownFormat is returned (wrapped) when the input is none of the
// formats this package reads.
var ErrUnknownFormat = errors.New("sbom: unknown format")

// ErrUnsupportedVersion is returned (wrapped) for a known format in a
// specification version this package does not read, such as CycloneDX 1.8
// or SPDX 3.
var ErrUnsupportedVersion = errors.New("unsupported specification version")

// ErrTooLarge is soup.ErrTooLarge: the input exceeds the Decoder's bound.
var ErrTooLarge = soup.ErrTooLarge

// DecodeError is an error in an SBOM, located by format and reference.
type DecodeError struct {
	// Format is the format being read; its zero value when unknown.
	Format Format
	// Ref locates the problem: "line 12", `component 3 "flask"`,
	// "SPDXRef-Package-flask", or empty for the whole document.
	Ref string
	Err error
}

// Error returns "sbom: <format>: <ref>: <problem>".
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("sbom: ")
	if e.Format != (Format{}) {
		b.WriteString(e.Format.String())
		b.WriteString(": ")
	}
	if e.Ref != "" {
		b.WriteString(e.Ref)
		b.WriteString(": ")
	}
	b.WriteString(strings.TrimPrefix(e.Err.Error(), "sbom: "))
	return b.String()
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Report says what decoding did with the input: how many items it kept and
// what it found no place for in a SOUP list, so that nothing disappears
// without a word.
type Report struct {
	// Items is the number of items in the decoded list.
	Items int
	// Merged counts entries merged into another item of the same key and
	// version.
	Merged int
	// Ignored counts what the input holds that a SOUP list has no place
	// for, by kind, sorted by kind.
	Ignored []Count
	// Warnings are problems decoding tolerated, in input order.
	Warnings []string
}

// Count is a number of things of one kind.
type Count struct {
	What string
	N    int
}

// String summarises r on one line: "kept 412 items, merged 3 duplicates;
// ignored 3 service, 2 property syft:location:N:path".
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kept %d items", r.Items)
	if r.Merged > 0 {
		fmt.Fprintf(&b, ", merged %d duplicates", r.Merged)
	}
	for i, c := range r.Ignored {
		if i == 0 {
			b.WriteString("; ignored ")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", c.N, c.What)
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(&b, "; %d warnings", len(r.Warnings))
	}
	return b.String()
}

// maxWarnings bounds Report.Warnings.
const maxWarnings = 100

// reporter collects a Report.
type reporter struct {
	ignored map[kind]int
	// props counts ignored properties by their name as written, folded
	// into ignored when the report is made.
	props    map[string]int
	warnings []string
	dropped  int
}

// kind is a kind of thing ignored: a general kind and, for properties,
// external references and relationships, the name of its type.
type kind struct{ what, name string }

func (r *reporter) ignore(what string, n int) { r.ignoreNamed(what, "", n) }

func (r *reporter) ignoreNamed(what, name string, n int) {
	if n <= 0 {
		return
	}
	if r.ignored == nil {
		r.ignored = map[kind]int{}
	}
	r.ignored[kind{what, name}] += n
}

// ignoreProperty counts a property by its name with numbers replaced by N,
// so that syft:location:0:path and syft:location:1:path count together.
func (r *reporter) ignoreProperty(name string) {
	if r.props == nil {
		r.props = map[string]int{}
	}
	r.props[name]++
}

// propertyKind is the name of a property with each run of digits replaced
// by N.
func propertyKind(name string) string {
	if !strings.ContainsAny(name, "0123456789") {
		return name
	}
	var b strings.Builder
	digit := false
	for _, c := range name {
		switch d := c >= '0' && c <= '9'; {
		case d && !digit:
			b.WriteByte('N')
		case !d:
			b.WriteRune(c)
		}
		digit = c >= '0' && c <= '9'
	}
	return b.String()
}

func (r *reporter) warn(msg string) {
	if len(r.warnings) >= maxWarnings {
		r.dropped++
		return
	}
	r.warnings = append(r.warnings, msg)
}

func (r *reporter) report(items, merged int) *Report {
	for name, n := range r.props {
		r.ignoreNamed("property", propertyKind(name), n)
	}
	r.props = nil
	rep := &Report{Items: items, Merged: merged, Warnings: r.warnings}
	if r.dropped > 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("… and %d more warnings", r.dropped))
	}
	for k, n := range r.ignored {
		what := k.what
		if k.name != "" {
			what += " " + k.name
		}
		rep.Ignored = append(rep.Ignored, Count{what, n})
	}
	slices.SortFunc(rep.Ignored, func(a, b Count) int { return strings.Compare(a.What, b.What) })
	return rep
}

// Decoder reads SBOMs. Its zero value sniffs the format and bounds the
// input to DefaultMaxBytes.
type Decoder struct {
	// MaxBytes bounds the input; zero means DefaultMaxBytes.
	MaxBytes int64
	// Format, when set, names the family and encoding to read instead of
	// sniffing them; input of another format is an error. The version is
	// always the one the document states.
	Format Format
}

// Decode reads one SBOM from r (see the package documentation for the
// formats) and returns it as a SOUP list, with the format it was in. Use a
// Decoder to bound the input differently or to get the conversion report.
func Decode(r io.Reader) (*soup.List, Format, error) {
	l, f, _, err := new(Decoder).Decode(r)
	return l, f, err
}

// Decode reads one SBOM from r, at most d.MaxBytes of it, and returns the
// SOUP list, the format and what the conversion kept and ignored.
func (d *Decoder) Decode(r io.Reader) (*soup.List, Format, *Report, error) {
	data, err := readAll(r, d.MaxBytes)
	if err != nil {
		return nil, d.Format, nil, &DecodeError{Format: d.Format, Err: err}
	}
	return d.decodeBytes(data)
}

// DecodeBytes is Decode on bytes already in memory (MaxBytes is not
// applied).
func (d *Decoder) DecodeBytes(data []byte) (*soup.List, Format, *Report, error) {
	return d.decodeBytes(data)
}

func (d *Decoder) decodeBytes(data []byte) (*soup.List, Format, *Report, error) {
	data, err := utf8Text(data)
	if err != nil {
		return nil, d.Format, nil, &DecodeError{Format: d.Format, Err: err}
	}
	var warnings []string
	if !utf8.Valid(data) && compressedAs(data) == "" {
		// Latin-1 or a broken tool; say so instead of guessing.
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		warnings = append(warnings, "input is not valid UTF-8: invalid bytes read as U+FFFD (\uFFFD)")
	}
	f := d.Format
	if f == (Format{}) {
		if f, err = Detect(data); err != nil {
			return nil, f, nil, err
		}
	} else if f.Family == 0 || f.Encoding == 0 {
		return nil, f, nil, fmt.Errorf("sbom: invalid format %v", f)
	}
	var dc *doc
	switch f.Family {
	case CycloneDX:
		dc, err = decodeCycloneDX(data, f)
	case SPDX:
		dc, err = decodeSPDX(data, f)
	case Native:
		var l *soup.List
		l, err = soup.Parse(data)
		if err != nil {
			return nil, f, nil, &DecodeError{Format: f, Err: err}
		}
		return l, f, &Report{Items: len(l.Items), Warnings: warnings}, nil
	default:
		return nil, f, nil, fmt.Errorf("%w: %v", ErrUnknownFormat, f)
	}
	if err != nil {
		return nil, f, nil, err
	}
	dc.rep.warnings = append(warnings, dc.rep.warnings...)
	l, rep := dc.finish(true)
	return l, dc.format, rep, nil
}

// readAll reads r up to max bytes (DefaultMaxBytes when max <= 0) through
// an io.LimitReader, sized up front when r tells its length, and returns
// an error wrapping ErrTooLarge when r holds more.
func readAll(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxBytes
	}
	var size int64 = 512
	switch x := r.(type) {
	case interface{ Len() int }:
		size = int64(x.Len()) + 1
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size() + 1
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, min(size+bytes.MinRead, max+1)))
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, fmt.Errorf("%w of %d bytes", ErrTooLarge, max)
	}
	return buf.Bytes(), nil
}
