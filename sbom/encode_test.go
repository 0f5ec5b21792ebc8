package sbom_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdxlib"
	"github.com/spdx/tools-golang/tagvalue"
	spdxyaml "github.com/spdx/tools-golang/yaml"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/soup"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/sbom/cyclonedx"
	"github.com/soupkit/soupkit/sbom/spdx"
)

var dateCmp = cmp.AllowUnexported(soup.Date{})

func encode(t testing.TB, l *soup.List, f sbom.Format, o *sbom.EncodeOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := sbom.Encode(&buf, l, f, o); err != nil {
		t.Fatalf("encode %v: %v", f, err)
	}
	return buf.Bytes()
}

// TestEncodeGolden pins the encoders' output for the full fixture.
func TestEncodeGolden(t *testing.T) {
	l := readFixture(t, "full.yaml")
	for _, f := range sbom.Formats() {
		if f.Family == sbom.Native {
			continue
		}
		t.Run(f.String(), func(t *testing.T) {
			ext := map[sbom.Encoding]string{sbom.JSON: "json", sbom.XML: "xml", sbom.TagValue: "spdx", sbom.YAML: "yaml"}[f.Encoding]
			name := strings.NewReplacer("@", "-").Replace(f.String())
			golden.Check(t, filepath.Join("testdata", "golden", "full."+name+"."+ext), encode(t, l, f, nil))
		})
	}
}

// TestEncodeDeterministic: the same list gives the same bytes, whatever
// the order of its items; the serial number and namespace follow the
// content and options override them.
func TestEncodeDeterministic(t *testing.T) {
	l := readFixture(t, "full.yaml")
	shuffled := l.Clone()
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled.Items), func(i, j int) {
		shuffled.Items[i], shuffled.Items[j] = shuffled.Items[j], shuffled.Items[i]
	})
	changed := l.Clone()
	changed.Items[0].Notes = "changed"
	for _, f := range sbom.Formats() {
		a, b := encode(t, l, f, nil), encode(t, shuffled, f, nil)
		if f.Family != sbom.Native && !bytes.Equal(a, b) {
			t.Errorf("%v: output depends on item order", f)
		}
		if c := encode(t, changed, f, nil); bytes.Equal(a, c) {
			t.Errorf("%v: a changed list gives the same output", f)
		}
	}
	o := &sbom.EncodeOptions{SerialNumber: "urn:uuid:00000000-0000-4000-8000-000000000001", Namespace: "https://example.com/spdx/x",
		Timestamp: time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)}
	for _, tc := range []struct {
		f    string
		want []string
	}{
		{"cyclonedx-json", []string{`"serialNumber": "urn:uuid:00000000-0000-4000-8000-000000000001"`, `"timestamp": "2027-01-02T03:04:05Z"`}},
		{"spdx-json", []string{`"documentNamespace": "https://example.com/spdx/x"`, `"created": "2027-01-02T03:04:05Z"`}},
	} {
		f, _ := sbom.ParseFormat(tc.f)
		out := string(encode(t, l, f, o))
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v with options: output lacks %s", f, w)
			}
		}
	}
}

// compileSchemas compiles the CycloneDX JSON schemas in testdata/schema.
func compileSchemas(t *testing.T) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	files, err := filepath.Glob("testdata/schema/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas in testdata/schema: %v", err)
	}
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		url := "http://cyclonedx.org/schema/" + filepath.Base(p)
		if strings.HasPrefix(filepath.Base(p), "openvex") {
			url = "https://github.com/openvex/spec/openvex_json_schema_0.2.0.json"
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// TestCycloneDXSchema validates the CycloneDX JSON output against the
// official schema of its version.
func TestCycloneDXSchema(t *testing.T) {
	c := compileSchemas(t)
	lists := map[string]*soup.List{"full": readFixture(t, "full.yaml"), "empty": {}}
	for _, f := range sbom.Formats() {
		if f.Family != sbom.CycloneDX || f.Encoding != sbom.JSON {
			continue
		}
		sch, err := c.Compile(fmt.Sprintf("http://cyclonedx.org/schema/bom-%s.schema.json", f.Version))
		if err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		for name, l := range lists {
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(encode(t, l, f, nil)))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("%v %s: invalid: %v", f, name, err)
			}
		}
	}
	// The check can fail: a BOM without its required bomFormat does not
	// validate.
	sch, err := c.Compile("http://cyclonedx.org/schema/bom-1.6.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(map[string]any{"specVersion": "1.6"}); err == nil {
		t.Error("schema accepts a BOM without bomFormat")
	}
}

// TestSPDXValid checks the SPDX output with tools-golang: it reads, it
// validates, and written again in every SPDX encoding it decodes to the
// same list.
func TestSPDXValid(t *testing.T) {
	l := readFixture(t, "full.yaml")
	for _, version := range []string{"2.2", "2.3"} {
		f := sbom.Format{Family: sbom.SPDX, Encoding: sbom.JSON, Version: version}
		sd, err := spdxjson.Read(bytes.NewReader(encode(t, l, f, nil)))
		if err != nil {
			t.Fatalf("%v: tools-golang cannot read the output: %v", f, err)
		}
		if err := spdxlib.ValidateDocument(sd); err != nil {
			t.Errorf("%v: invalid: %v", f, err)
		}
		if ids, err := spdxlib.GetDescribedPackageIDs(sd); err != nil || len(ids) != 1 || ids[0] != "System" {
			t.Errorf("%v: described packages = %v, %v; want [System]", f, ids, err)
		}
		for _, enc := range []sbom.Encoding{sbom.TagValue, sbom.YAML} {
			sd, err := spdxjson.Read(bytes.NewReader(encode(t, l, f, nil)))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if enc == sbom.TagValue {
				// tools-golang writes no package annotations in tag-value:
				// they go to the document, with their SPDXREF.
				for _, p := range sd.Packages {
					for i := range p.Annotations {
						p.Annotations[i].AnnotationSPDXIdentifier = common.DocElementID{ElementRefID: p.PackageSPDXIdentifier}
						sd.Annotations = append(sd.Annotations, &p.Annotations[i])
					}
					p.Annotations = nil
				}
				err = tagvalue.Write(sd, &buf)
			} else {
				err = spdxyaml.Write(sd, &buf)
			}
			if err != nil {
				t.Fatalf("%v as %v: %v", f, enc, err)
			}
			got, _, err := sbom.Decode(&buf)
			if err != nil {
				t.Fatalf("%v rewritten as %v: %v", f, enc, err)
			}
			if diff := cmp.Diff(shipped(l), got, dateCmp); diff != "" {
				t.Errorf("%v rewritten as %v (-want +got):\n%s", f, enc, diff)
			}
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	l := readFixture(t, "full.yaml")
	for _, f := range []sbom.Format{{}, {Family: sbom.CycloneDX, Encoding: sbom.YAML}, {Family: sbom.CycloneDX, Encoding: sbom.JSON, Version: "1.2"}, {Family: sbom.SPDX, Encoding: sbom.XML}} {
		var buf bytes.Buffer
		if err := sbom.Encode(&buf, l, f, nil); err == nil {
			t.Errorf("Encode(%v) succeeded", f)
		}
		if buf.Len() != 0 {
			t.Errorf("Encode(%v) wrote %d bytes on error", f, buf.Len())
		}
	}
}

// TestUpstreamTypes converts through the cyclonedx-go and tools-golang
// types (sbom/cyclonedx, sbom/spdx) and back.
func TestUpstreamTypes(t *testing.T) {
	full := readFixture(t, "full.yaml")
	bom, err := cyclonedx.ToBOM(full)
	if err != nil {
		t.Fatal(err)
	}
	l := shipped(full) // an SBOM describes what ships
	got, rep := cyclonedx.FromBOM(bom)
	if diff := cmp.Diff(l, got, dateCmp); diff != "" {
		t.Errorf("FromBOM(ToBOM) (-want +got):\n%s", diff)
	}
	if rep.Items != len(l.Items) || len(rep.Ignored) != 0 {
		t.Errorf("report = %v", rep)
	}
	sd, err := spdx.ToDocument(full)
	if err != nil {
		t.Fatal(err)
	}
	got, rep = spdx.FromDocument(sd)
	if diff := cmp.Diff(l, got, dateCmp); diff != "" {
		t.Errorf("FromDocument(ToDocument) (-want +got):\n%s", diff)
	}
	if rep.Items != len(l.Items) || len(rep.Ignored) != 0 {
		t.Errorf("report = %v", rep)
	}
}
