package sbom_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/soupkit/soupkit/internal/benchdata"
	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/sbom/internal/form"
)

// BenchmarkEncode encodes the list decoded from the 10,000-component
// synthetic BOM of scripts/bench-cli.sh in the formats of convert's rows
// (one pass, streamed) and, for comparison, the same through the write,
// read back and write again of form.TwoPass, and in formats that still
// take two passes (which must not regress). Compare with
// BenchmarkCycloneDXGo.
func BenchmarkEncode(b *testing.B) {
	data, err := benchdata.CycloneDX(10000)
	if err != nil {
		b.Fatal(err)
	}
	l, _, err := sbom.Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, format string
		twoPass      bool
	}{
		{"cyclonedx-json", "cyclonedx-json", false},
		{"cyclonedx-json/two-pass", "cyclonedx-json", true},
		{"spdx-json", "spdx-json", false},
		{"spdx-json/two-pass", "spdx-json", true},
		{"spdx3-json", "spdx3-json", false},
		{"spdx3-json/two-pass", "spdx3-json", true},
		{"cyclonedx-xml", "cyclonedx-xml", false},
		{"spdx-tagvalue", "spdx-tagvalue", false},
	} {
		f, err := sbom.ParseFormat(c.format)
		if err != nil {
			b.Fatal(err)
		}
		var o sbom.EncodeOptions
		if c.twoPass {
			o = form.WithTwoPass(o)
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := sbom.Encode(io.Discard, l, f, &o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
