package spdx3

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/soup"
)

// dates compares soup.Date values.
var dates = cmp.AllowUnexported(soup.Date{})

// decodeBoth decodes data streamed and whole.
func decodeBoth(data []byte) (streamed, whole *Doc, errS, errW error) {
	streamed, errS = DecodeDoc(data)
	wholeOnly = true
	defer func() { wholeOnly = false }()
	whole, errW = DecodeDoc(data)
	return
}

// TestStreamedGraph: every real document, and every one we write, reads
// the same an element at a time as whole.
func TestStreamedGraph(t *testing.T) {
	files, _ := filepath.Glob("testdata/real/*.json*")
	if len(files) < 10 {
		t.Fatalf("only %d documents", len(files))
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, w, errS, errW := decodeBoth(data)
		if (errS == nil) != (errW == nil) {
			t.Fatalf("%s: errors %v and %v", p, errS, errW)
		}
		if diff := cmp.Diff(w, s, dates); diff != "" {
			t.Errorf("%s: streamed (-whole +streamed):\n%s", p, diff)
		}
		if errS != nil {
			continue
		}
		out, err := EncodeDoc(s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s, w, _, _ := decodeBoth(out); !cmp.Equal(w, s, dates) {
			t.Errorf("%s: our output reads differently streamed", p)
		}
	}
}

// FuzzStreamedGraph compares the streamed read with the whole read.
func FuzzStreamedGraph(f *testing.F) {
	f.Add([]byte(`{"@graph": [{"type": "software_Package", "spdxId": "urn:a", "name": "x"}, 1], "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}`))
	f.Add([]byte(`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [], "@graph": [{"type": "software_Package", "spdxId": "urn:b"}]}`))
	f.Add([]byte(`{"@context": [{"ex": "https://example.com/"}, "https://spdx.org/rdf/3.0/spdx-context.jsonld"], "@graph": [{"type": "software_Package", "spdxId": "ex:a"}]} x`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, w, errS, errW := decodeBoth(data)
		if (errS == nil) != (errW == nil) || (errS != nil && errS.Error() != errW.Error()) {
			t.Fatalf("errors %v and %v", errS, errW)
		}
		if diff := cmp.Diff(w, s, dates); diff != "" {
			t.Fatalf("streamed (-whole +streamed):\n%s", diff)
		}
	})
}
