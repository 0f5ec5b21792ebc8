package soup_test

import (
	"bytes"
	"testing"

	"github.com/soupkit/soupkit/internal/benchdata"
	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// BenchmarkValidate10k validates, in class B, the list of a scanner's
// SBOM of 10,000 components with nothing documented yet: nine findings
// an item, as soup check meets a new project.
func BenchmarkValidate10k(b *testing.B) {
	data, err := benchdata.CycloneDX(10000)
	if err != nil {
		b.Fatal(err)
	}
	l, _, err := sbom.Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	for i := range l.Items {
		l.Items[i].ID = soup.FormatID(i + 1)
	}
	b.ReportAllocs()
	for b.Loop() {
		if fs := l.Validate(soup.Policy{Class: soup.ClassB}); len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
}

// BenchmarkValidateSeq10k counts the findings of BenchmarkValidate10k's
// list as ValidateSeq yields them, holding none.
func BenchmarkValidateSeq10k(b *testing.B) {
	data, err := benchdata.CycloneDX(10000)
	if err != nil {
		b.Fatal(err)
	}
	l, _, err := sbom.Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	for i := range l.Items {
		l.Items[i].ID = soup.FormatID(i + 1)
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for range l.ValidateSeq(soup.Policy{Class: soup.ClassB}) {
			n++
		}
		if n == 0 {
			b.Fatal("no findings")
		}
	}
}
