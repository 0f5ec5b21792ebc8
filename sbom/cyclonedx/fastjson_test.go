package cyclonedx

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// sameAsEncodingJSON checks that unmarshalJSON reads data as encoding/json
// does (the path of cyclonedx-go's decoder): the same BOM, hence the same
// list and report, or both an error.
func sameAsEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	var want, got cdx.BOM
	wantErr := json.Unmarshal(data, &want)
	gotErr := unmarshalJSON(data, &got)
	if (wantErr != nil) != (gotErr != nil) {
		t.Fatalf("encoding/json: %v; unmarshalJSON: %v", wantErr, gotErr)
	}
	if wantErr != nil {
		if wantErr.Error() != gotErr.Error() {
			t.Fatalf("error %q, want encoding/json's %q", gotErr, wantErr)
		}
		return
	}
	// Some cyclonedx-go types keep unexported state: compare it too.
	all := cmp.Exporter(func(reflect.Type) bool { return true })
	if diff := cmp.Diff(&want, &got, all); diff != "" {
		t.Fatalf("BOM (-encoding/json +unmarshalJSON):\n%s", diff)
	}
	f := form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: "1.6"}
	wl, wr := fromBOM(&want, f).Finish(true)
	gl, gr := fromBOM(&got, f).Finish(true)
	if diff := cmp.Diff(wl, gl, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Fatalf("list (-encoding/json +unmarshalJSON):\n%s", diff)
	}
	if diff := cmp.Diff(wr, gr); diff != "" {
		t.Fatalf("report (-encoding/json +unmarshalJSON):\n%s", diff)
	}
	sameAsWhole(t, data)
}

// decodeWhole is decode of JSON as it was before components were
// streamed: the whole BOM decoded (tolerantly), then mapped.
func decodeWhole(data []byte, f form.Format) (*form.Doc, error) {
	bom := new(cdx.BOM)
	var tolerated form.Reporter
	if err := unmarshalTolerant(data, bom, &tolerated); err != nil {
		return nil, form.Locate(f, data, err)
	}
	if vexOnly(bom) {
		return nil, &form.DecodeError{Format: f, Err: form.ErrVEXOnly}
	}
	d := fromBOM(bom, f)
	d.Rep.Prepend(&tolerated)
	return d, nil
}

// sameAsWhole checks that decode, which streams the components, gives the
// list, report or error of decodeWhole.
func sameAsWhole(t *testing.T, data []byte) {
	t.Helper()
	f := form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: "1.6"}
	wd, werr := decodeWhole(data, f)
	gd, gerr := decode(data, f)
	if (werr != nil) != (gerr != nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("decode: error %v, want %v", gerr, werr)
	}
	if werr != nil {
		return
	}
	wl, wr := wd.Finish(true)
	gl, gr := gd.Finish(true)
	if diff := cmp.Diff(wl, gl, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Fatalf("list (-whole +streamed):\n%s", diff)
	}
	if diff := cmp.Diff(wr, gr); diff != "" {
		t.Fatalf("report (-whole +streamed):\n%s", diff)
	}
}

// TestDecodeStreamed: the streamed decode reads the real and the golden
// CycloneDX JSON BOMs itself, and as the whole decode reads them.
func TestDecodeStreamed(t *testing.T) {
	n := 0
	for _, pattern := range []string{"../testdata/real/*.json", "../testdata/golden/*cyclonedx*.json", "../testdata/decode/*.cdx.json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(`"bomFormat"`)) {
				continue
			}
			n++
			t.Run(filepath.Base(p), func(t *testing.T) {
				f := form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: "1.6"}
				if _, ok := decodeStreamed(data, f); !ok && !strings.Contains(p, "vex") {
					t.Error("not decoded streamed")
				}
				sameAsWhole(t, data)
			})
		}
	}
	if n == 0 {
		t.Fatal("no CycloneDX JSON files")
	}
}

// TestUnmarshalJSONReal: on every real CycloneDX JSON SBOM, the fast
// decoder gives what encoding/json gives.
func TestUnmarshalJSONReal(t *testing.T) {
	files, _ := filepath.Glob("../testdata/real/*.json")
	n := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(`"bomFormat"`)) {
			continue
		}
		n++
		t.Run(filepath.Base(p), func(t *testing.T) { sameAsEncodingJSON(t, data) })
	}
	if n == 0 {
		t.Fatal("no CycloneDX JSON files")
	}
}

// FuzzUnmarshalJSON compares the fast decoder with encoding/json on any
// input.
func FuzzUnmarshalJSON(f *testing.F) {
	for _, pattern := range []string{"../testdata/decode/*.cdx.json", "../testdata/golden/full.cdx*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	for _, s := range []string{
		`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a","NAME":"b","name":"c","version":1}]}`,
		`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a\ud800","licenses":[{"license":{"id":"MIT"}},{"expression":"A OR B"}]}]}`,
		`{"specVersion":"1.4","metadata":{"tools":[{"name":"t"}]},"components":null,"dependencies":[{"ref":"a","dependsOn":null}]}`,
		`{"specVersion":"1.5","metadata":{"tools":{"components":[{"name":"t","type":"application"}]}},"components":[{"name":"x","evidence":{"identity":{"field":"purl"}}}]}`,
		`{"specVersion":"1.6","components":[{"name":"x","evidence":{"identity":[{"field":"purl","confidence":1}]}}],"version":1.5}`,
		`{"components":[{"name":"a","components":[{"name":"b"}]},null],"Components":[{"name":"c","purl":"pkg:npm/c@1"}],"metadata":{"tools":[{"name":"trivy"}],"component":{"name":"s","components":[{"name":"n"}]}}}`,
		`{"components":5,"specVersion":"1.6"}`,
		`{"components":null,"components":[null,{"name":"a","Name":"b","components":[null]},{"NAME":"c","type":"file"}],"metadata":{"tools":{"components":[{"name":"trivy"}]}}}`,
		`{"components":[],"vulnerabilities":[{"id":"CVE-1","affects":[{"ref":"a"}]}]}`,
		`{"components":[ ],"components":null,"metadata":{"component":{"bom-ref":"r","name":"s"}},"dependencies":[{"ref":"r","dependsOn":["a"]}]}`,
		`{"components":[{"name":"a","data":"x","bom-ref":"a"},{"name":"b","version":"1","hashes":[{"alg":"SHA-1","content":"00"}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameAsEncodingJSON(t, data) })
}
