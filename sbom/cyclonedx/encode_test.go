package cyclonedx

import (
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/google/go-cmp/cmp"
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
