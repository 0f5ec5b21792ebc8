package cyclonedx

import (
	"os"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

func TestLicenseChoice(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want *cdx.LicenseChoice
	}{
		{"", nil},
		{"MIT", &cdx.LicenseChoice{License: &cdx.License{ID: "MIT"}}},
		{"LicenseRef-Proprietary", &cdx.LicenseChoice{Expression: "LicenseRef-Proprietary"}},
		{"Apache-2.0 OR MIT", &cdx.LicenseChoice{Expression: "Apache-2.0 OR MIT"}},
		{"BSD License", &cdx.LicenseChoice{License: &cdx.License{Name: "BSD License"}}},
		{"NOASSERTION", &cdx.LicenseChoice{License: &cdx.License{Name: "NOASSERTION"}}},
	} {
		if diff := cmp.Diff(tc.want, licenseChoice(tc.in)); diff != "" {
			t.Errorf("licenseChoice(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestOwnShape: the BOM inMemory builds from a fully documented list, in
// every version, is written by the hand-written writer (the tests of
// package sbom compare its bytes with cyclonedx-go's).
func TestOwnShape(t *testing.T) {
	f, err := os.Open("../testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := soup.Read(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	for v := range specVersions {
		bom := inMemory(form.SortedList(l), form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: v}, form.EncodeOptions{})
		if !ownShape(bom) {
			t.Errorf("%s: the BOM is not of the shape writeJSON writes", v)
		}
	}
}
