package cyclonedx

import (
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// TestVulnerabilityReport: what of a vulnerability an anomaly has no place
// for is counted in the report (a trivy-like vulnerability), and VEX reason
// codes travel in their own field both ways.
func TestVulnerabilityReport(t *testing.T) {
	vs := []cdx.Vulnerability{{
		ID: "CVE-2024-1", Source: &cdx.Source{Name: "ghsa", URL: "https://github.com/advisories"},
		Ratings: &[]cdx.VulnerabilityRating{
			{Source: &cdx.Source{Name: "nvd"}, Score: ptr(7.5), Severity: cdx.SeverityHigh, Method: cdx.ScoringMethodCVSSv31},
			{Source: &cdx.Source{Name: "ghsa"}, Severity: cdx.SeverityMedium},
		},
		CWEs: &[]int{79, 80}, Description: "XSS", Detail: "Long text", Recommendation: "Upgrade to 2.0",
		Advisories: &[]cdx.Advisory{{URL: "https://github.com/advisories/GHSA-x"}}, Published: "2024-01-01T00:00:00Z",
		Analysis: &cdx.VulnerabilityAnalysis{State: cdx.IASNotAffected, Justification: cdx.IAJCodeNotReachable,
			Detail: "Not called.", Response: &[]cdx.ImpactAnalysisResponse{cdx.IARWillNotFix},
			FirstIssued: "2024-01-02T00:00:00Z", LastUpdated: "2024-02-03T10:00:00Z"},
		Created: "2023-12-31T00:00:00Z",
		Affects: &[]cdx.Affects{{Ref: "a", Range: &[]cdx.AffectedVersions{{Version: "1.0"}}}},
	}}
	bom := &cdx.BOM{SpecVersion: cdx.SpecVersion1_6, Components: &[]cdx.Component{{BOMRef: "a", Type: cdx.ComponentTypeLibrary, Name: "a", Version: "1.0"}},
		Vulnerabilities: &vs}
	l, rep := FromBOM(bom)
	want := []form.Count{
		{What: "vulnerability CWE", N: 2}, {What: "vulnerability advisory", N: 1}, {What: "vulnerability affected versions", N: 1},
		{What: "vulnerability analysis first issue besides its last update", N: 1}, {What: "vulnerability dates besides published and updated", N: 1},
		{What: "vulnerability detail besides its description", N: 1},
		{What: "vulnerability rating besides the severity", N: 1}, {What: "vulnerability recommendation", N: 1}, {What: "vulnerability source URL besides its name", N: 1},
	}
	if diff := cmp.Diff(want, rep.Ignored); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	a := l.Items[0].Anomalies[0]
	if a.Justification != "code_not_reachable: Not called." || a.Severity != "high" || a.Status != soup.StatusNotAffected {
		t.Errorf("anomaly = %+v", a)
	}
	// The VEX response and the dates are kept (CISA: when and what).
	if diff := cmp.Diff([]string{"will_not_fix"}, a.Response); diff != "" || a.Date.String() != "2024-02-03" || a.Published.String() != "2024-01-01" {
		t.Errorf("response %q, evaluated %s, published %s; want will_not_fix, 2024-02-03, 2024-01-01", a.Response, a.Date, a.Published)
	}
	back, err := ToBOM(l)
	if err != nil {
		t.Fatal(err)
	}
	an := (*back.Vulnerabilities)[0].Analysis
	if an.Justification != cdx.IAJCodeNotReachable || an.Detail != "Not called." {
		t.Errorf("encoded analysis = %+v, want the code in its own field", an)
	}
	if an.Response == nil || len(*an.Response) != 1 || (*an.Response)[0] != cdx.IARWillNotFix || an.LastUpdated != "2024-02-03T00:00:00Z" ||
		(*back.Vulnerabilities)[0].Published != "2024-01-01T00:00:00Z" {
		t.Errorf("encoded analysis = %+v, published %q: response and dates lost", an, (*back.Vulnerabilities)[0].Published)
	}
	for _, tt := range []struct {
		justification string
		want          cdx.VulnerabilityAnalysis
	}{
		{"requires_configuration", cdx.VulnerabilityAnalysis{Justification: cdx.IAJRequiresConfiguration}},
		{"not_a_code: text", cdx.VulnerabilityAnalysis{Detail: "not_a_code: text"}},
	} {
		l.Items[0].Anomalies[0].Justification = tt.justification
		bom, err := ToBOM(l)
		if err != nil {
			t.Fatal(err)
		}
		if an := (*bom.Vulnerabilities)[0].Analysis; an.Justification != tt.want.Justification || an.Detail != tt.want.Detail {
			t.Errorf("%q: encoded analysis = %+v", tt.justification, an)
		}
	}
}

func ptr[T any](v T) *T { return &v }
