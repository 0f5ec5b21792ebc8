package sbom_test

import (
	"bytes"
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
	caseList := func(name string) *soup.List {
		l, _, _, err := new(sbom.Decoder).DecodeBytes(read(name))
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
			// The example's VEX names serial 3e671687-…, its bom.json is
			// 5f0f0da9-…: a BOM-Link to another BOM.
			name: "CycloneDX VEX by BOM-Link to another BOM", list: cdxList(), vex: "vex.cdx.json",
			want: anomalies{},
			warnings: []string{`vulnerability CVE-2020-25649: statement (not-affected) about "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar": ` +
				`a BOM-Link to another BOM (urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79 version 1), not to the SBOM read (urn:uuid:5f0f0da9-c03d-47d8-b38d-009e6df67094 version 1): not applied`},
		},
		{
			// Use case 6 of the CycloneDX examples: one VEX about three
			// products, each the subject of its own SBOM, applied to the
			// SBOM of the first.
			name: "CycloneDX VEX about three SBOMs", list: caseList("vex-case6-bom-1.cdx.json"), vex: "vex-case6.cdx.json",
			want: anomalies{},
			warnings: []string{
				`vulnerability CVE-2020-25649: statement (not-affected) about "urn:cdx:2c385cf7-e1ee-46e9-a51c-13de1ecb380a/1#acme-product-1" matches no item: not applied`,
				`vulnerability CVE-2020-25649: statement (not-affected) about "acme-product-2": a BOM-Link to another BOM (urn:uuid:6ffac0b2-5246-4fb9-a6fe-7993041856a0 version 1), not to the SBOM read (urn:uuid:2c385cf7-e1ee-46e9-a51c-13de1ecb380a version 1): not applied`,
				`vulnerability CVE-2020-25649: statement (not-affected) about "acme-product-3": a BOM-Link to another BOM (urn:uuid:240b5b0b-917d-4f48-816c-97e1944d8079 version 1), not to the SBOM read (urn:uuid:2c385cf7-e1ee-46e9-a51c-13de1ecb380a version 1): not applied`,
			},
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

// TestBOMLinkScope: a BOM-Link applies only to the BOM it names, by
// serial number and version. The statement of CycloneDX bom-examples'
// VEX/vex.json, its BOM-Link pointed at serial and version of each case,
// applied to the list of VEX/bom.json (serial 5f0f0da9-…, version 1).
func TestBOMLinkScope(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/classes/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const (
		theirs = "3e671687-395b-41f5-a30f-a58921a69b79"
		ours   = "5f0f0da9-c03d-47d8-b38d-009e6df67094"
	)
	vex := read("vex.cdx.json")
	if !bytes.Contains(vex, []byte("urn:cdx:"+theirs+"/1#")) {
		t.Fatal("the example's BOM-Link changed")
	}
	for _, tc := range []struct {
		name, link string // link replaces urn:cdx:<theirs>/1
		bomVersion int    // of the SBOM the list was read from (0: 1)
		applied    bool
		names      string // what the warning says of the BOM the link names
	}{
		{name: "same serial and version", link: "urn:cdx:" + ours + "/1", applied: true},
		{name: "same serial, upper case", link: "urn:cdx:" + strings.ToUpper(ours) + "/1", applied: true},
		{name: "same serial, no version", link: "urn:cdx:" + ours, applied: true},
		{name: "same serial, other version", link: "urn:cdx:" + ours + "/2", names: ours + " version 2"},
		{name: "same serial, no number", link: "urn:cdx:" + ours + "/one", names: ours + ` version "one"`},
		{name: "version 3 of the SBOM", link: "urn:cdx:" + ours + "/3", bomVersion: 3, applied: true},
		{name: "version 1, the SBOM is version 3", link: "urn:cdx:" + ours + "/1", bomVersion: 3, names: ours + " version 1), not to the SBOM read (urn:uuid:" + ours + " version 3)"},
		{name: "another serial", link: "urn:cdx:" + theirs + "/1", names: theirs + " version 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, _, err := sbom.Decode(bytes.NewReader(read("vex-bom.cdx.json")))
			if err != nil {
				t.Fatal(err)
			}
			l.Sources[0].BOMVersion = tc.bomVersion
			rep, err := sbom.ApplyVEX(l, bytes.Replace(vex, []byte("urn:cdx:"+theirs+"/1"), []byte(tc.link), 1))
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.Items == 1; got != tc.applied {
				t.Errorf("applied %v, want %v (warnings %v)", got, tc.applied, rep.Warnings)
			}
			if !tc.applied && (len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Message, "a BOM-Link to another BOM") ||
				!strings.Contains(rep.Warnings[0].Message, tc.names)) {
				t.Errorf("warnings %v, want one naming the other BOM", rep.Warnings)
			}
		})
	}
}

// TestSourceBOMVersion: the version of a CycloneDX SBOM above 1 is kept
// with its serial number, for BOM-Links.
func TestSourceBOMVersion(t *testing.T) {
	data, err := os.ReadFile("testdata/classes/vex-bom.cdx.json")
	if err != nil {
		t.Fatal(err)
	}
	for version, want := range map[string]int{`"version" : 1,`: 0, `"version" : 7,`: 7} {
		l, _, err := sbom.Decode(bytes.NewReader(bytes.Replace(data, []byte(`"version" : 1,`), []byte(version), 1)))
		if err != nil {
			t.Fatal(err)
		}
		if got := l.Sources[0].BOMVersion; got != want {
			t.Errorf("%s: BOMVersion %d, want %d", version, got, want)
		}
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
