package cyclonedx_test

import (
	"encoding/json"
	"fmt"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/sbom/cyclonedx"
	"github.com/soupkit/soupkit/soup"
)

// The SBOM is written without its vulnerabilities; the VEX document's
// statements point at its components by BOM-Link.
func ExampleEncodeVEX() {
	l := &soup.List{Items: []soup.Item{{
		ID: "SOUP-0001", Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2",
		Anomalies: []soup.Anomaly{{ID: "GHSA-m2qf-hxjv-5gpq", Status: soup.StatusNotAffected,
			Justification: "code_not_reachable: The device API sets no session cookie."}},
	}}}
	f := sbom.Format{Family: sbom.CycloneDX, Encoding: sbom.JSON, Version: "1.6"}
	opts := cyclonedx.VEXOptions{SerialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"}
	b, err := cyclonedx.EncodeVEX(l, f, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	var vex struct {
		Vulnerabilities []struct {
			ID       string
			Analysis struct{ State, Justification, Detail string }
			Affects  []struct{ Ref string }
		}
	}
	if err := json.Unmarshal(b, &vex); err != nil {
		fmt.Println(err)
		return
	}
	v := vex.Vulnerabilities[0]
	fmt.Println(v.ID, v.Analysis.State, v.Analysis.Justification)
	fmt.Println(v.Affects[0].Ref)
	// Output:
	// GHSA-m2qf-hxjv-5gpq not_affected code_not_reachable
	// urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#SOUP-0001
}
