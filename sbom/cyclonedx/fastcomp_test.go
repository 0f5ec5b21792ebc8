package cyclonedx

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/soupkit/soupkit/internal/benchdata"
	"github.com/soupkit/soupkit/sbom/internal/form"
)

func TestCompReaderShare(t *testing.T) {
	for _, pattern := range []string{"../testdata/real/*.json", "../testdata/golden/*cyclonedx*.json", "../testdata/decode/*.cdx.json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			data, _ := os.ReadFile(p)
			if !bytes.Contains(data, []byte(`"bomFormat"`)) {
				continue
			}
			_, st, _ := streamed(data, form.Format{Family: form.CycloneDX, Encoding: form.JSON})
			if st != nil {
				t.Logf("%s: %d exact", filepath.Base(p), st.exact)
			}
		}
	}
}

// BenchmarkDecode decodes the synthetic 10,000-component BOM of
// scripts/bench-cli.sh into the intermediate form: the fast path
// (compReader); BenchmarkDecodeExact is the same through cyclonedx-go's
// types alone, as decode did before it.
func BenchmarkDecode(b *testing.B) {
	data := benchBOM(b)
	f := form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: "1.6"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(data, f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeExact(b *testing.B) {
	data := benchBOM(b)
	f := form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: "1.6"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeWhole(data, f); err != nil {
			b.Fatal(err)
		}
	}
}

func benchBOM(b *testing.B) []byte {
	data, err := benchdata.CycloneDX(10000)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	return data
}

// BenchmarkTokenize is the floor of BenchmarkDecode: jsontext reading the
// tokens of the same bytes, nothing else.
func BenchmarkTokenize(b *testing.B) {
	data := benchBOM(b)
	for b.Loop() {
		dec := jsontext.NewDecoder(bytes.NewBuffer(data))
		for {
			if _, err := dec.ReadToken(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
