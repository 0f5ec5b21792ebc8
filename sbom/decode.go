package sbom

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/soupkit/soupkit/internal/limit"
	"github.com/soupkit/soupkit/sbom/cyclonedx"
	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/sbom/spdx"
	"github.com/soupkit/soupkit/sbom/spdx3"
	"github.com/soupkit/soupkit/soup"
)

// DefaultMaxBytes is the largest SBOM a Decoder reads when it sets no bound.
const DefaultMaxBytes = limit.DefaultMax

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
	data, err := limit.ReadAll(r, d.MaxBytes)
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
	var warnings []Warning
	if !utf8.Valid(data) && compressedAs(data) == "" {
		// Latin-1 or a broken tool; say so instead of guessing.
		w := Warning{Message: "input is not valid UTF-8: invalid bytes read as U+FFFD (\uFFFD)"}
		w.Line, w.Column = form.Position(data, int64(firstInvalid(data))+1)
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		warnings = append(warnings, w)
	}
	data, wrapped, err := unwrapAttestation(data)
	if err != nil {
		return nil, d.Format, nil, err
	}
	warnings = append(warnings, wrapped...)
	f, err := d.format(data)
	if err != nil {
		return nil, f, nil, err
	}
	if f.Encoding == JSON {
		// The JSON decoders keep the last of a repeated key silently.
		warnings = append(warnings, form.RepeatedKeys(data)...)
	}
	// The format decoders trust f: the bytes are sniffed once, here.
	l, rep, err := decodeFormat(data, f)
	if err != nil {
		return nil, f, nil, err
	}
	rep.Warnings = append(warnings, rep.Warnings...)
	return l, f, rep, nil
}

// decodeFormat hands data to the decoder of format f, which trusts f: the
// bytes are sniffed once, in decodeBytes. A panic below (the upstream
// libraries have panicked on valid-looking input) becomes an error
// wrapping ErrInternal: a bug in a dependency never crashes the caller.
func decodeFormat(data []byte, f Format) (l *soup.List, rep *Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			l, rep = nil, nil
			err = &DecodeError{Format: f, Err: fmt.Errorf("%w: %v", ErrInternal, r)}
		}
	}()
	switch f.Family {
	case CycloneDX:
		return cyclonedx.Decode(data, f)
	case SPDX:
		return spdx.Decode(data, f)
	case SPDX3:
		return spdx3.Decode(data, f)
	}
	return decodeNative(data, f)
}

// firstInvalid returns the offset of the first byte of data that is not
// UTF-8.
func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// format returns the format of data, which Detect names; when d names a
// format, the input must be in its family and encoding.
func (d *Decoder) format(data []byte) (Format, error) {
	want := d.Format
	switch {
	case want == (Format{}):
		return detect(data)
	case want.Family == 0 || want.Encoding == 0:
		return want, &DecodeError{Err: fmt.Errorf("invalid format %v", want)}
	case want.Family == Native:
		return want, nil // the native reader says what is wrong
	}
	got, err := detect(data)
	if err != nil {
		return got, err
	}
	if got.Family != want.Family || got.Encoding != want.Encoding {
		return want, &DecodeError{Format: want, Err: fmt.Errorf("%w: input is %v", ErrUnknownFormat, got)}
	}
	return got, nil
}

// decodeNative reads a soupkit list.
func decodeNative(data []byte, f Format) (*soup.List, *Report, error) {
	l, err := soup.Parse(data)
	if err != nil {
		e := &DecodeError{Format: f, Err: err}
		var pe *soup.ParseError
		if errors.As(err, &pe) {
			e.Line = pe.Line
		}
		if e.Line == 0 {
			// The YAML reader's own errors give the line in words.
			e.Line = form.YAMLLine(err)
		}
		return nil, nil, e
	}
	return l, &Report{Items: len(l.Items)}, nil
}
