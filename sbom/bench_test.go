package sbom_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/soupkit/soupkit/sbom/cyclonedx"

	"github.com/soupkit/soupkit/sbom"
)

// bom10k returns a CycloneDX 1.6 JSON BOM of n library components shaped
// like a generator's: purl, licence, hash, properties and a dependency
// chain.
func bom10k(tb testing.TB, n int) []byte {
	tb.Helper()
	bom := cdx.NewBOM()
	bom.SerialNumber = "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"
	bom.Metadata = &cdx.Metadata{Component: &cdx.Component{BOMRef: "root", Type: cdx.ComponentTypeApplication, Name: "app", Version: "1.0.0"}}
	comps := make([]cdx.Component, n)
	deps := []cdx.Dependency{{Ref: "root", Dependencies: &[]string{"c0"}}}
	for i := range comps {
		ref := fmt.Sprintf("c%d", i)
		comps[i] = cdx.Component{
			BOMRef:     ref,
			Type:       cdx.ComponentTypeLibrary,
			Group:      fmt.Sprintf("@scope%d", i%50),
			Name:       fmt.Sprintf("package-%d", i),
			Version:    fmt.Sprintf("%d.%d.%d", i%7, i%13, i%101),
			PackageURL: fmt.Sprintf("pkg:npm/%%40scope%d/package-%d@%d.%d.%d", i%50, i, i%7, i%13, i%101),
			Licenses:   &cdx.Licenses{{License: &cdx.License{ID: "MIT"}}},
			Hashes:     &[]cdx.Hash{{Algorithm: cdx.HashAlgoSHA512, Value: fmt.Sprintf("%0128x", i)}},
			ExternalReferences: &[]cdx.ExternalReference{
				{Type: cdx.ERTypeWebsite, URL: fmt.Sprintf("https://example.com/package-%d", i)},
				{Type: cdx.ERTypeDistribution, URL: fmt.Sprintf("https://registry.example.com/package-%d.tgz", i)},
			},
			Properties: &[]cdx.Property{{Name: "cdx:npm:package:path", Value: fmt.Sprintf("node_modules/package-%d", i)}},
		}
		if i+1 < n {
			deps = append(deps, cdx.Dependency{Ref: ref, Dependencies: &[]string{fmt.Sprintf("c%d", i+1)}})
		}
	}
	bom.Components = &comps
	bom.Dependencies = &deps
	var buf bytes.Buffer
	if err := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatJSON).EncodeVersion(bom, cdx.SpecVersion1_6); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkDecodeCycloneDX decodes a 10,000-component CycloneDX JSON into
// a SOUP list; compare with BenchmarkCycloneDXGo, a bare cyclonedx-go
// decode of the same bytes.
func BenchmarkDecodeCycloneDX(b *testing.B) { benchDecode(b, bom10k(b, 10000), 10000) }

// benchDecode decodes data, an SBOM of n items, into a SOUP list.
func benchDecode(b *testing.B, data []byte, n int) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		l, _, err := sbom.Decode(bytes.NewReader(data))
		if err != nil || len(l.Items) != n {
			b.Fatal(err)
		}
	}
}

// BenchmarkCycloneDXGo is the baseline: cyclonedx-go decoding the bytes
// BenchmarkDecodeCycloneDX decodes.
func BenchmarkCycloneDXGo(b *testing.B) {
	data := bom10k(b, 10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var bom cdx.BOM
		if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatJSON).Decode(&bom); err != nil || len(*bom.Components) != 10000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkFromBOM maps a decoded 10,000-component BOM into a SOUP
// list: the part of BenchmarkDecodeCycloneDX that is soupkit's own.
func BenchmarkFromBOM(b *testing.B) {
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(bom10k(b, 10000)), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if l, _ := cyclonedx.FromBOM(&bom); len(l.Items) != 10000 {
			b.Fatal(len(l.Items))
		}
	}
}

// spdx10k returns an SPDX 2.3 JSON document of n packages shaped like a
// generator's, each with a purl, a licence, a checksum and a relationship.
func spdx10k(tb testing.TB, n int) []byte {
	tb.Helper()
	sd := &v2_3.Document{
		SPDXVersion: v2_3.Version, DataLicense: v2_3.DataLicense, SPDXIdentifier: "DOCUMENT",
		DocumentName: "app", DocumentNamespace: "https://example.com/app",
		CreationInfo: &v2_3.CreationInfo{Created: "2026-11-24T00:00:00Z", Creators: []common.Creator{{CreatorType: "Tool", Creator: "bench"}}},
	}
	sd.Packages = append(sd.Packages, &v2_3.Package{PackageName: "app", PackageSPDXIdentifier: "app", PackageDownloadLocation: "NOASSERTION"})
	sd.Relationships = append(sd.Relationships, &v2_3.Relationship{RefA: common.MakeDocElementID("", "DOCUMENT"), RefB: common.MakeDocElementID("", "app"), Relationship: "DESCRIBES"})
	for i := range n {
		id := common.ElementID(fmt.Sprintf("Package-%d", i))
		sd.Packages = append(sd.Packages, &v2_3.Package{
			PackageName: fmt.Sprintf("package-%d", i), PackageSPDXIdentifier: id, PackageVersion: fmt.Sprintf("%d.%d.%d", i%7, i%13, i%101),
			PackageSupplier:         &common.Supplier{SupplierType: "Organization", Supplier: fmt.Sprintf("Maker %d", i%50)},
			PackageDownloadLocation: "NOASSERTION", PackageLicenseConcluded: "MIT", PackageLicenseDeclared: "MIT",
			PackageChecksums: []common.Checksum{{Algorithm: common.SHA256, Value: fmt.Sprintf("%064x", i)}},
			PackageExternalReferences: []*v2_3.PackageExternalReference{{Category: common.CategoryPackageManager, RefType: common.TypePackageManagerPURL,
				Locator: fmt.Sprintf("pkg:npm/%%40scope%d/package-%d@%d.%d.%d", i%50, i, i%7, i%13, i%101)}},
		})
		from := common.ElementID("app")
		if i > 0 {
			from = common.ElementID(fmt.Sprintf("Package-%d", i-1))
		}
		sd.Relationships = append(sd.Relationships, &v2_3.Relationship{RefA: common.MakeDocElementID("", string(from)), RefB: common.MakeDocElementID("", string(id)), Relationship: "DEPENDS_ON"})
	}
	var buf bytes.Buffer
	if err := spdxjson.Write(sd, &buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkDecodeSPDX decodes a 10,000-package SPDX JSON document into a
// SOUP list; compare with BenchmarkToolsGolang, a bare tools-golang read of
// the same bytes.
func BenchmarkDecodeSPDX(b *testing.B) { benchDecode(b, spdx10k(b, 10000), 10000) }

// BenchmarkToolsGolang is the baseline: tools-golang reading the bytes
// BenchmarkDecodeSPDX decodes.
func BenchmarkToolsGolang(b *testing.B) {
	data := spdx10k(b, 10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var sd v2_3.Document
		if err := spdxjson.ReadInto(bytes.NewReader(data), &sd); err != nil || len(sd.Packages) != 10001 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeCycloneDXAlpha is BenchmarkDecodeCycloneDX on a BOM whose
// top-level keys come in alphabetical order, specVersion after the
// components, as many tools write them: the sniffer must not pay for
// the components it passes.
func BenchmarkDecodeCycloneDXAlpha(b *testing.B) {
	benchDecode(b, alphabetical(b, bom10k(b, 10000)), 10000)
}

// alphabetical returns the JSON object data with its top-level keys
// sorted.
func alphabetical(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		tb.Fatal(err)
	}
	out, err := json.Marshal(top)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
