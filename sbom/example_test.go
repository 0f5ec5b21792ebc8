package sbom_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// Decode any SBOM — the format is sniffed from the bytes — and list its
// items.
func ExampleDecode() {
	f, err := os.Open("testdata/decode/quirks.spdx")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	l, format, err := sbom.Decode(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(format, l.System.Name, l.System.Version)
	for _, it := range l.Items {
		fmt.Println(it.ID, it.Name, it.Version, it.License, it.Dependency)
	}
	// Output:
	// spdx-tagvalue@2.3 python-backend 1.0.0
	// SOUP-0001 Flask 1.1.2 BSD-3-Clause direct
	// SOUP-0002 itsdangerous 1.1.0 BSD-3-Clause direct
	// SOUP-0003 Werkzeug 1.0.1  transitive
}

// A Decoder bounds the input and reports what had no place in the list.
func ExampleDecoder() {
	f, err := os.Open("testdata/decode/quirks.cdx.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	d := sbom.Decoder{MaxBytes: 10 << 20}
	l, _, rep, err := d.Decode(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(l.Items), "items")
	for _, c := range rep.Ignored {
		fmt.Printf("ignored %d %s\n", c.N, c.What)
	}
	// Output:
	// 6 items
	// ignored 1 application component a generator read packages from (trivy lang-pkgs)
	// ignored 1 component of type file
	// ignored 1 component scope excluded
	// ignored 1 external reference distribution
	// ignored 1 licence taken from evidence
	// ignored 1 property cdx:npm:package:path
	// ignored 2 service
	// ignored 1 vulnerability source URL besides its name
}

// Encode a curated SOUP list as CycloneDX: the documentation travels in
// soupkit: properties.
func ExampleEncode() {
	l, err := soup.Parse([]byte(`
system: {name: Infusion pump backend, version: 2.4.0, safetyClass: B}
items:
  - id: SOUP-0001
    name: flask
    version: 1.1.2
    purl: pkg:pypi/flask@1.1.2
    license: BSD-3-Clause
    dependency: direct
    riskLevel: medium
    requirements:
      functional: [Route HTTP requests of the device API to handlers]
`))
	if err != nil {
		log.Fatal(err)
	}
	var b strings.Builder
	if err := sbom.Encode(&b, l, sbom.Format{Family: sbom.CycloneDX, Encoding: sbom.JSON}, nil); err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, `"name": "soupkit:`) || strings.Contains(line, `"specVersion"`) {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// "specVersion": "1.6",
	// "name": "soupkit:schema",
	// "name": "soupkit:system.safetyClass",
	// "name": "soupkit:id",
	// "name": "soupkit:requirements.functional",
	// "name": "soupkit:riskLevel",
}

func ExampleParseFormat() {
	f, err := sbom.ParseFormat("CycloneDX-XML@1.5")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f, f.Family, f.Encoding, f.Version)
	// Output: cyclonedx-xml@1.5 cyclonedx xml 1.5
}

func ExampleFormats() {
	for _, f := range sbom.Formats() {
		fmt.Print(f, " ")
	}
	fmt.Println()
	// Output: cyclonedx-json@1.3 cyclonedx-json@1.4 cyclonedx-json@1.5 cyclonedx-json@1.6 cyclonedx-json@1.7 cyclonedx-xml@1.3 cyclonedx-xml@1.4 cyclonedx-xml@1.5 cyclonedx-xml@1.6 cyclonedx-xml@1.7 soupkit-json soupkit-yaml spdx-json@2.2 spdx-json@2.3 spdx-tagvalue@2.2 spdx-tagvalue@2.3 spdx-yaml@2.2 spdx-yaml@2.3 spdx3-json@3.0.1
}

// ExampleApplyVEX reads an SBOM and the VEX document published beside it
// (both from the CycloneDX examples), first as published: the VEX's
// BOM-Link names another BOM than the SBOM (another serial number), so its
// statement is not applied but named in a warning; then with the BOM-Link
// pointed at the SBOM, and shows the statement on the item it names.
func ExampleApplyVEX() {
	bom, err := os.ReadFile("testdata/classes/vex-bom.cdx.json")
	if err != nil {
		log.Fatal(err)
	}
	vex, err := os.ReadFile("testdata/classes/vex.cdx.json")
	if err != nil {
		log.Fatal(err)
	}
	for _, vex := range [][]byte{vex, bytes.ReplaceAll(vex,
		[]byte("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1"), []byte("urn:cdx:5f0f0da9-c03d-47d8-b38d-009e6df67094/1"))} {
		l, _, err := sbom.Decode(bytes.NewReader(bom))
		if err != nil {
			log.Fatal(err)
		}
		rep, err := sbom.ApplyVEX(l, vex)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(rep.Items, "items got a statement")
		for _, w := range rep.Warnings {
			fmt.Println("warning:", w)
		}
		for _, it := range l.Items {
			for _, a := range it.Anomalies {
				fmt.Println(it.Name, a.ID, a.Status)
			}
		}
	}
	// Output:
	// 0 items got a statement
	// warning: vulnerability CVE-2020-25649: statement (not-affected) about "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar": a BOM-Link to another BOM (urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79 version 1), not to the SBOM read (urn:uuid:5f0f0da9-c03d-47d8-b38d-009e6df67094 version 1): not applied
	// 1 items got a statement
	// com.fasterxml.jackson.core:jackson-databind CVE-2020-25649 not-affected
}
