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
// output is deterministic and written to w in one piece only when complete.
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
	case CycloneDX:
		b, err = cyclonedx.Encode(l, f, o)
	case SPDX:
		b, err = spdx.Encode(l, f, o)
	case SPDX3:
		b, err = spdx3.Encode(l, f, o)
	}
	if err != nil {
		return fmt.Errorf("sbom: %v: %w", f, err)
	}
	_, err = w.Write(b)
	return err
}
