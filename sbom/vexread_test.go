package sbom_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// TestApplyVEX: issue 11 class 3 on real documents (testdata/classes):
// statements attach to the items they are about; one that matches none is
// a warning naming it.
func TestApplyVEX(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/classes/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cdxList := func() *soup.List {
		l, _, err := sbom.Decode(strings.NewReader(string(read("vex-bom.cdx.json"))))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	wolfi := func() *soup.List {
		return &soup.List{Items: []soup.Item{
			{ID: "SOUP-0001", Name: "bash", Version: "1.0.0", PURL: "pkg:apk/wolfi/bash@1.0.0"},
			{ID: "SOUP-0002", Name: "git", Version: "2.39.0-r1", PURL: "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"},
			{ID: "SOUP-0003", Name: "git", Version: "2.38.0", PURL: "pkg:apk/wolfi/git@2.38.0",
				Anomalies: []soup.Anomaly{{ID: "CVE-2023-12345", Source: "OSV"}}},
		}}
	}
	type anomalies map[string][]soup.Anomaly // by item name and version
	for _, tc := range []struct {
		name     string
		list     *soup.List
		vex      string
		want     anomalies
		warnings []string
	}{
		{
			name: "CycloneDX VEX by BOM-Link", list: cdxList(), vex: "vex.cdx.json",
			want: anomalies{"com.fasterxml.jackson.core:jackson-databind 2.10.0": {{ID: "CVE-2020-25649", Source: "NVD",
				Summary:  "com.fasterxml.jackson.core:jackson-databind is a library which contains the general-purpose data-binding functionality and tree-model for Jackson Data Processor.\n\nAffected versions of this package are vulnerable to XML External Entity (XXE) Injection. A flaw was found in FasterXML Jackson Databind, where it does not have entity expansion secured properly in the DOMDeserializer class. The highest threat from this vulnerability is data integrity.",
				Severity: "high", Status: soup.StatusNotAffected,
				Published: soup.NewDate(2020, 12, 3), Modified: soup.NewDate(2021, 10, 26), Response: []string{"will_not_fix", "update"},
				Justification: "code_not_reachable: Automated dataflow analysis and manual code review indicates that the vulnerable code is not reachable, either directly or indirectly."}}},
		},
		{
			name: "OpenVEX v0.2.0 by purl", list: wolfi(), vex: "openvex-v0.2.0.json",
			want: anomalies{"bash 1.0.0": {{ID: "CVE-9876-54321", Status: soup.StatusUnderInvestigation}}},
		},
		{
			name: "OpenVEX v0.0.1: purls with qualifiers, one matching no item", list: wolfi(), vex: "openvex-v0.0.1.json",
			want:     anomalies{"git 2.39.0-r1": {{ID: "CVE-2023-12345", Status: soup.StatusFixed}}},
			warnings: []string{`vulnerability CVE-2023-12345: statement (fixed) about "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7" matches no item: not applied`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := sbom.ApplyVEX(tc.list, read(tc.vex))
			if err != nil {
				t.Fatal(err)
			}
			got := anomalies{}
			for _, it := range tc.list.Items {
				for _, a := range it.Anomalies {
					if a.Source != "OSV" || a.Status != 0 { // leave out the untouched one
						got[it.Name+" "+it.Version] = append(got[it.Name+" "+it.Version], a)
					}
				}
			}
			if diff := cmp.Diff(tc.want, got, dateCmp); diff != "" {
				t.Errorf("anomalies (-want +got):\n%s", diff)
			}
			var ws []string
			for _, w := range rep.Warnings {
				ws = append(ws, w.String())
			}
			if diff := cmp.Diff(tc.warnings, ws); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVEXAlone: a VEX document alone is not a SOUP list, and Decode says
// so.
func TestVEXAlone(t *testing.T) {
	for _, name := range []string{"vex.cdx.json", "openvex-v0.2.0.json", "openvex-v0.0.1.json"} {
		data, err := os.ReadFile("testdata/classes/" + name)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = sbom.Decode(strings.NewReader(string(data)))
		if !errors.Is(err, sbom.ErrVEXOnly) {
			t.Errorf("%s: %v, want ErrVEXOnly", name, err)
		}
	}
}

// TestVEXRoundTrip: the VEX documents soupkit writes (CycloneDX VEX,
// OpenVEX) read back onto the list without its anomalies give every
// evaluated anomaly its status again.
func TestVEXRoundTrip(t *testing.T) {
	l := readFixture(t, "vex.yaml")
	type status struct {
		Item, ID string
		Status   soup.AnomalyStatus
	}
	statuses := func(l *soup.List) []status {
		var out []status
		for _, it := range l.Items {
			for _, a := range it.Anomalies {
				if a.Status != 0 && !it.Removed {
					out = append(out, status{it.ID, a.ID, a.Status})
				}
			}
		}
		slices.SortFunc(out, func(a, b status) int { return strings.Compare(a.Item+a.ID, b.Item+b.ID) })
		return out
	}
	want := statuses(l)
	if len(want) == 0 {
		t.Fatal("the fixture has no evaluated anomaly")
	}
	for name, vex := range map[string][]byte{"cyclonedx": cdxVEX(t, l, ""), "openvex": openVEX(t, l)} {
		bare := l.Clone()
		for i := range bare.Items {
			bare.Items[i].Anomalies = nil
		}
		rep, err := sbom.ApplyVEX(bare, vex)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := statuses(bare)
		// OpenVEX states not-evaluated anomalies as under investigation.
		got = slices.DeleteFunc(got, func(s status) bool {
			return !slices.ContainsFunc(want, func(w status) bool { return w.Item == s.Item && w.ID == s.ID })
		})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s\nwarnings: %v", name, diff, rep.Warnings)
		}
	}
}
