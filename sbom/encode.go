package sbom

import (
	"bytes"
	"fmt"
	"io"

	"github.com/soupkit/soupkit/sbom/cyclonedx"
	"github.com/soupkit/soupkit/sbom/spdx"
	"github.com/soupkit/soupkit/sbom/spdx3"
	"github.com/soupkit/soupkit/soup"
)

// Encode writes l to w in format f (an empty version means the family's
// default). Every field of the list is carried: where the format has a
// field of its own it is used, and the rest goes into soupkit: properties
// or annotations (see the package documentation), so that decoding the
// output gives back l with its items sorted by key then version. The
// output is deterministic. CycloneDX JSON, SPDX 2.3 JSON and SPDX 3
// JSON-LD are streamed to w as they are encoded, so that no copy of the
// output is held in memory: the document is complete before the first
// byte (what can fail has failed by then), and an error of w is returned
// as it is; write to a
// temporary file and rename it where a reader must never see a partial
// document, as the soup command does. Every other format is written to w
// in one piece, only when complete.
// With opts.NoVulnerabilities the anomalies are left out, for a separate
// VEX document (see package github.com/soupkit/soupkit/sbom/vex).
func Encode(w io.Writer, l *soup.List, f Format, opts *EncodeOptions) error {
	f = f.WithDefault()
	if !f.Encodable() {
		return fmt.Errorf("sbom: cannot encode %v (see Formats)", f)
	}
	var o EncodeOptions
	if opts != nil {
		o = *opts
	}
	l = o.Strip(l)
	var (
		b   []byte
		err error
	)
	switch f.Family {
	case Native:
		var buf bytes.Buffer
		if f.Encoding == JSON {
			err = l.WriteJSON(&buf)
		} else {
			err = l.WriteYAML(&buf)
		}
		b = buf.Bytes()
	case CycloneDX, SPDX, SPDX3:
		ew := &errWriter{w: w}
		switch f.Family {
		case CycloneDX:
			err = cyclonedx.EncodeTo(ew, l, f, o)
		case SPDX:
			err = spdx.EncodeTo(ew, l, f, o)
		default:
			err = spdx3.EncodeTo(ew, l, f, o)
		}
		if ew.err != nil {
			return ew.err
		}
		if err != nil {
			return fmt.Errorf("sbom: %v: %w", f, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("sbom: %v: %w", f, err)
	}
	_, err = w.Write(b)
	return err
}

// errWriter remembers the first error of w, so that Encode returns it
// unwrapped, as when it writes in one piece.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
