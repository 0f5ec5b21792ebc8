package sbom_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/sbom/cyclonedx"
	"github.com/soupkit/soupkit/sbom/openvex"
	"github.com/soupkit/soupkit/soup"
)

func cdxVEX(t *testing.T, l *soup.List, version string) []byte {
	t.Helper()
	b, err := cyclonedx.EncodeVEX(l, sbom.Format{Family: sbom.CycloneDX, Encoding: sbom.JSON, Version: version}, cyclonedx.VEXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func openVEX(t *testing.T, l *soup.List) []byte {
	t.Helper()
	b, err := openvex.Encode(l, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestVEXGolden pins both VEX outputs for the VEX fixture.
func TestVEXGolden(t *testing.T) {
	l := readFixture(t, "vex.yaml")
	golden.Check(t, "testdata/golden/vex.cyclonedx-vex-1.6.json", cdxVEX(t, l, ""))
	golden.Check(t, "testdata/golden/vex.openvex.json", openVEX(t, l))
}

// TestVEXSchema validates the CycloneDX VEX of every version that has
// vulnerabilities against the CycloneDX schema, and the OpenVEX output
// against the OpenVEX 0.2.0 schema; both schemas reject a broken
// document, so the check can fail.
func TestVEXSchema(t *testing.T) {
	c := compileSchemas(t)
	lists := map[string]*soup.List{"vex": readFixture(t, "vex.yaml"), "full": readFixture(t, "full.yaml"), "empty": {}}
	for _, v := range []string{"1.4", "1.5", "1.6", "1.7"} {
		sch, err := c.Compile(fmt.Sprintf("http://cyclonedx.org/schema/bom-%s.schema.json", v))
		if err != nil {
			t.Fatal(err)
		}
		for name, l := range lists {
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(cdxVEX(t, l, v)))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("cyclonedx-vex@%s %s: invalid: %v", v, name, err)
			}
		}
	}
	sch, err := c.Compile("https://github.com/openvex/spec/openvex_json_schema_0.2.0.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"vex", "full"} {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openVEX(t, lists[name])))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(doc); err != nil {
			t.Errorf("openvex %s: invalid: %v", name, err)
		}
		// An affected statement without an action statement is invalid.
		m := doc.(map[string]any)
		for _, s := range m["statements"].([]any) {
			if st := s.(map[string]any); st["status"] == "affected" {
				delete(st, "action_statement")
				if sch.Validate(doc) == nil {
					t.Errorf("openvex %s: the schema accepts an affected statement without action", name)
				}
			}
		}
	}
	if _, err := openvex.Encode(lists["empty"], &openvex.Options{Author: "x"}); !errors.Is(err, openvex.ErrNoStatements) {
		t.Errorf("openvex of an empty list: %v, want ErrNoStatements", err)
	}
}

// TestVEXPointsAtSBOM checks the BSI split: the SBOM written with
// NoVulnerabilities carries no anomaly in any form, decodes to the same
// list without them, and every statement of the CycloneDX VEX (and every
// OpenVEX product without a package URL) points by BOM-Link at a
// component of that SBOM.
func TestVEXPointsAtSBOM(t *testing.T) {
	l := readFixture(t, "vex.yaml")
	for _, v := range []string{"1.5", "1.6", "1.7"} {
		f := sbom.Format{Family: sbom.CycloneDX, Encoding: sbom.JSON, Version: v}
		b := encode(t, l, f, &sbom.EncodeOptions{NoVulnerabilities: true})
		if bytes.Contains(b, []byte("GHSA-")) || bytes.Contains(b, []byte("vulnerabilities")) {
			t.Errorf("%v: the SBOM without vulnerabilities names an anomaly", f)
		}
		back, _, err := sbom.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		want := *l
		want.Items = append([]soup.Item(nil), l.Items...)
		for i := range want.Items {
			want.Items[i].Anomalies = nil
		}
		if diff := cmp.Diff(documentation(&want), documentation(back), dateCmp,
			cmpopts.SortSlices(func(a, b soup.Item) bool { return a.ID < b.ID })); diff != "" {
			t.Errorf("%v: decoded SBOM (-want +got):\n%s", f, diff)
		}

		var bom struct {
			Serial     string `json:"serialNumber"`
			Version    int    `json:"version"`
			Components []struct {
				Ref string `json:"bom-ref"`
			} `json:"components"`
		}
		if err := json.Unmarshal(b, &bom); err != nil {
			t.Fatal(err)
		}
		refs := map[string]bool{}
		for _, c := range bom.Components {
			refs[fmt.Sprintf("urn:cdx:%s/%d#%s", strings.TrimPrefix(bom.Serial, "urn:uuid:"), bom.Version, c.Ref)] = true
		}
		var vex struct {
			Vulnerabilities []struct {
				ID      string `json:"id"`
				Affects []struct {
					Ref string `json:"ref"`
				} `json:"affects"`
			} `json:"vulnerabilities"`
		}
		if err := json.Unmarshal(cdxVEX(t, l, v), &vex); err != nil {
			t.Fatal(err)
		}
		if len(vex.Vulnerabilities) != 6 {
			t.Errorf("%v: %d vulnerabilities, want the fixture's 6 anomalies", f, len(vex.Vulnerabilities))
		}
		for _, vu := range vex.Vulnerabilities {
			if len(vu.Affects) != 1 || !refs[vu.Affects[0].Ref] {
				t.Errorf("%v: %s affects %v, not a component of the SBOM %s", f, vu.ID, vu.Affects, bom.Serial)
			}
		}
		if v == sbom.DefaultCycloneDXVersion {
			var ov struct {
				Statements []struct {
					Products []struct {
						ID string `json:"@id"`
					} `json:"products"`
				} `json:"statements"`
			}
			if err := json.Unmarshal(openVEX(t, l), &ov); err != nil {
				t.Fatal(err)
			}
			for _, s := range ov.Statements {
				if id := s.Products[0].ID; !strings.HasPrefix(id, "pkg:") && !refs[id] {
					t.Errorf("openvex product %s is neither a purl nor a component of the SBOM", id)
				}
			}
		}
	}
}

// documentation is l without what an SBOM derives on its own (sources).
func documentation(l *soup.List) *soup.List {
	c := *l
	c.Sources = nil
	return &c
}

// TestNoVulnerabilitiesEveryFormat: no format carries the anomalies when
// told not to, and the caller's list is left alone.
func TestNoVulnerabilitiesEveryFormat(t *testing.T) {
	l := readFixture(t, "vex.yaml")
	for _, f := range sbom.Formats() {
		b := encode(t, l, f, &sbom.EncodeOptions{NoVulnerabilities: true})
		if bytes.Contains(b, []byte("GHSA-m2qf")) || bytes.Contains(b, []byte("RTOS-ERRATA")) {
			t.Errorf("%v: an anomaly is written", f)
		}
	}
	if len(l.Items[0].Anomalies) == 0 {
		t.Error("Encode removed the caller's anomalies")
	}
}
