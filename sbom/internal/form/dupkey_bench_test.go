package form

import (
	"testing"

	"github.com/soupkit/soupkit/internal/benchdata"
)

// BenchmarkRepeatedKeys scans a CycloneDX BOM of 10,000 components.
func BenchmarkRepeatedKeys(b *testing.B) {
	data, err := benchdata.CycloneDX(10000)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		RepeatedKeys(data)
	}
}

func BenchmarkRepeatedKeysRef(b *testing.B) {
	data, err := benchdata.CycloneDX(10000)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		repeatedKeysRef(data)
	}
}
