package spdx3

import (
	"fmt"
	"os"
	"testing"

	"github.com/soupkit/soupkit/soup"
)

// largeDoc returns a document of n items, each depending on the next, with
// a licence, a supplier, a hash and a soupkit annotation.
func largeDoc(n int) *Doc {
	d := &Doc{Systems: []Entry{{Ref: "system", Item: soup.Item{Name: "system", Version: "1"}}}}
	for i := range n {
		ref := fmt.Sprintf("item-%d", i)
		d.Items = append(d.Items, Entry{Ref: ref, Item: soup.Item{
			Name: fmt.Sprintf("lib%d", i), Version: "1.0." + fmt.Sprint(i%7), Manufacturer: fmt.Sprintf("Org %d", i%50),
			PURL: fmt.Sprintf("pkg:npm/lib%d@1.0.%d", i, i%7), License: "MIT",
			Hashes: []soup.Hash{{Algorithm: "SHA-256", Value: fmt.Sprintf("%064x", i)}},
		}, Props: []Prop{{"riskLevel", "low"}}})
		from := "system"
		if i > 0 {
			from = fmt.Sprintf("item-%d", i-1)
		}
		d.Edges = append(d.Edges, Edge{From: from, To: ref, Type: "dependsOn"})
	}
	return d
}

// BenchmarkDecode measures reading cdxgen's document of a small project
// and a generated document of 5000 packages.
func BenchmarkDecode(b *testing.B) {
	small, err := os.ReadFile("testdata/real/cdxgen-12.8.4_node-app_spdx-3.0.1.jsonld")
	if err != nil {
		b.Fatal(err)
	}
	large, err := EncodeDoc(largeDoc(5000), nil)
	if err != nil {
		b.Fatal(err)
	}
	for name, data := range map[string][]byte{"cdxgen-node-app": small, "5000-packages": large} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := DecodeDoc(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncode measures writing a document of 5000 packages.
func BenchmarkEncode(b *testing.B) {
	d := largeDoc(5000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeDoc(d, nil); err != nil {
			b.Fatal(err)
		}
	}
}
