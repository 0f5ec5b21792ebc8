// Package benchdata makes the synthetic SBOMs the benchmarks and
// scripts/bench-cli.sh measure with.
package benchdata

import (
	"bytes"
	"encoding/json"
	"fmt"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// CycloneDX returns a CycloneDX 1.6 JSON BOM of n library components shaped
// like a scanner's (purl, CPE, licence, hash, links, properties, a
// dependency tree), its top-level keys in alphabetical order as many tools
// write them, so that a sniffer meets specVersion after the components.
func CycloneDX(n int) ([]byte, error) {
	bom := cdx.NewBOM()
	bom.SerialNumber = "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"
	bom.Metadata = &cdx.Metadata{
		Timestamp: "2026-11-24T00:00:00Z",
		Tools:     &cdx.ToolsChoice{Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "sbombench", Version: "1"}}},
		Component: &cdx.Component{BOMRef: "root", Type: cdx.ComponentTypeApplication, Name: "app", Version: "1.0.0"},
	}
	comps := make([]cdx.Component, n)
	deps := make([]cdx.Dependency, 0, n+1)
	var direct []string
	for i := range comps {
		ref := fmt.Sprintf("pkg:npm/%%40scope%d/package-%d@%d.%d.%d?package-id=%x", i%50, i, i%7, i%13, i%101, i*7919)
		comps[i] = cdx.Component{
			BOMRef:      ref,
			Type:        cdx.ComponentTypeLibrary,
			Group:       fmt.Sprintf("@scope%d", i%50),
			Name:        fmt.Sprintf("package-%d", i),
			Version:     fmt.Sprintf("%d.%d.%d", i%7, i%13, i%101),
			Description: fmt.Sprintf("Package number %d, which does one thing well.", i),
			Author:      fmt.Sprintf("Maker %d <maker%d@example.com>", i%50, i%50),
			CPE:         fmt.Sprintf("cpe:2.3:a:scope%d:package-%d:%d.%d.%d:*:*:*:*:*:*:*", i%50, i, i%7, i%13, i%101),
			PackageURL:  fmt.Sprintf("pkg:npm/%%40scope%d/package-%d@%d.%d.%d", i%50, i, i%7, i%13, i%101),
			Licenses:    &cdx.Licenses{{License: &cdx.License{ID: []string{"MIT", "Apache-2.0", "ISC", "BSD-3-Clause"}[i%4]}}},
			Hashes:      &[]cdx.Hash{{Algorithm: cdx.HashAlgoSHA512, Value: fmt.Sprintf("%0128x", i)}},
			ExternalReferences: &[]cdx.ExternalReference{
				{Type: cdx.ERTypeWebsite, URL: fmt.Sprintf("https://example.com/package-%d", i)},
				{Type: cdx.ERTypeIssueTracker, URL: fmt.Sprintf("https://example.com/package-%d/issues", i)},
				{Type: cdx.ERTypeDistribution, URL: fmt.Sprintf("https://registry.example.com/package-%d.tgz", i)},
			},
			Properties: &[]cdx.Property{
				{Name: "syft:package:foundBy", Value: "javascript-lock-cataloger"},
				{Name: "syft:package:language", Value: "javascript"},
				{Name: "syft:package:type", Value: "npm"},
				{Name: "syft:location:0:path", Value: fmt.Sprintf("/app/node_modules/package-%d/package.json", i)},
			},
		}
		// A tree: each component depends on up to two later ones.
		var to []string
		for _, j := range []int{2*i + 1, 2*i + 2} {
			if j < n {
				to = append(to, comps[j].BOMRef)
			}
		}
		if i < 2 {
			direct = append(direct, ref)
		}
		deps = append(deps, cdx.Dependency{Ref: ref, Dependencies: &to})
	}
	// The refs of later components are only known now.
	for i := range deps {
		var to []string
		for _, j := range []int{2*i + 1, 2*i + 2} {
			if j < n {
				to = append(to, comps[j].BOMRef)
			}
		}
		deps[i].Dependencies = &to
	}
	deps = append(deps, cdx.Dependency{Ref: "root", Dependencies: &direct})
	bom.Components = &comps
	bom.Dependencies = &deps
	var buf bytes.Buffer
	if err := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatJSON).EncodeVersion(bom, cdx.SpecVersion1_6); err != nil {
		return nil, err
	}
	// Alphabetical top-level keys: encoding/json sorts map keys.
	var top map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &top); err != nil {
		return nil, err
	}
	return json.MarshalIndent(top, "", "  ")
}
