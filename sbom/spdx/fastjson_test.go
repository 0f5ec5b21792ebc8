package spdx

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// sameAsToolsGolang checks that readJSON reads data as tools-golang's
// json.ReadInto does (the same Document, unexported fields included, or
// both an error), and that Decode gives the same list, report or error
// with the fast path as without it.
func sameAsToolsGolang(t *testing.T, data []byte) {
	t.Helper()
	var want, got v2_3.Document
	var wantErr, gotErr error
	// tools-golang panics on some input (Decode's caller recovers): the
	// fast path must then panic too, or fall back to it.
	wantPanic := panics(func() { wantErr = spdxjson.ReadInto(bytes.NewReader(data), &want) })
	gotPanic := panics(func() { gotErr = readJSON(data, &got) })
	if wantPanic || gotPanic {
		if wantPanic != gotPanic {
			t.Fatalf("tools-golang panics: %v; readJSON panics: %v", wantPanic, gotPanic)
		}
		return
	}
	if (wantErr != nil) != (gotErr != nil) {
		t.Fatalf("tools-golang: %v; readJSON: %v", wantErr, gotErr)
	}
	if wantErr != nil {
		if wantErr.Error() != gotErr.Error() {
			t.Fatalf("error %q, want tools-golang's %q", gotErr, wantErr)
		}
	} else {
		all := cmp.Exporter(func(reflect.Type) bool { return true })
		if diff := cmp.Diff(&want, &got, all); diff != "" {
			t.Fatalf("Document (-tools-golang +readJSON):\n%s", diff)
		}
	}
	f := form.Format{Family: form.SPDX, Encoding: form.JSON, Version: "2.3"}
	if bytes.Contains(data, []byte(`"SPDX-2.2"`)) {
		f.Version = "2.2"
	}
	gl, gr, gerr := Decode(data, f)
	fastJSON = false
	wl, wr, werr := Decode(data, f)
	fastJSON = true
	if (werr != nil) != (gerr != nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("Decode: error %v, want %v", gerr, werr)
	}
	if diff := cmp.Diff(wl, gl, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Fatalf("list (-tools-golang +fast):\n%s", diff)
	}
	if diff := cmp.Diff(wr, gr); diff != "" {
		t.Fatalf("report (-tools-golang +fast):\n%s", diff)
	}
}

func panics(f func()) (p bool) {
	defer func() { p = recover() != nil }()
	f()
	return false
}

// TestReadJSONSame: on every SPDX JSON file of the test data (real SBOMs
// of several generators, the golden files, the quirks), the fast path
// reads what tools-golang reads.
func TestReadJSONSame(t *testing.T) {
	n := 0
	for _, pattern := range []string{"../testdata/real/*.json", "../testdata/golden/*.json", "../testdata/decode/*.json", "../spdx3/testdata/real/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(`"spdxVersion"`)) {
				continue
			}
			n++
			t.Run(filepath.Base(p), func(t *testing.T) { sameAsToolsGolang(t, data) })
		}
	}
	if n < 5 {
		t.Fatalf("only %d SPDX JSON files", n)
	}
}

// TestReadJSONFast: the fast path reads the real SPDX 2.3 documents
// itself, rather than leaving them to tools-golang.
func TestReadJSONFast(t *testing.T) {
	files, _ := filepath.Glob("../testdata/real/*spdx-2.3.json")
	if len(files) == 0 {
		t.Fatal("no SPDX 2.3 JSON files")
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if v := topVersion(data); v != v2_3.Version {
			t.Errorf("%s: topVersion %q", p, v)
		}
		var sd v2_3.Document
		if err := unmarshalDocument(data, &sd); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// FuzzReadJSON compares the fast path with tools-golang on any input.
func FuzzReadJSON(f *testing.F) {
	for _, pattern := range []string{"../testdata/decode/*.spdx.json", "../testdata/golden/full.spdx-json-*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	for _, s := range []string{
		`{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","documentDescribes":["SPDXRef-a","SPDXRef-a"],"packages":[{"SPDXID":"SPDXRef-a","name":"a","hasFiles":["SPDXRef-f"],"filesAnalyzed":false,"FilesAnalyzed":null}],"relationships":[null,{"spdxElementId":"SPDXRef-DOCUMENT","relatedSpdxElement":"SPDXRef-a","relationshipType":"DESCRIBES"}]}`,
		`{"spdxVersion":"SPDX-2.3","SPDXVERSION":"SPDX-2.2","packages":[{"SPDXID":"SPDXRef-a","externalRefs":[{"referenceCategory":"PACKAGE_MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/a@1"}]}]}`,
		`{"spdxVersion":"SPDX-2.3","packages":null,"relationships":[{"spdxElementId":"SPDXRef-b","relatedSpdxElement":"SPDXRef-a","relationshipType":"CONTAINED_BY"}],"packages":[{"SPDXID":"SPDXRef-a","hasFiles":["SPDXRef-b"]}]}`,
		`{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","supplier":"Organization: A \u003cb\u003e","originator":"Person: x"}],"spdxVersion":"SPDX-2.3"} `,
		`{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","name":1}]}`,
		`{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","externalRefs":[null,{"referenceCategory":1}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !strings.Contains(string(data), "SPDX-2.") {
			return // not read as SPDX 2 JSON
		}
		sameAsToolsGolang(t, data)
	})
}
