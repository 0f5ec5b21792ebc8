package sbom

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzSniffJSON: where the fast sniffer answers, the tokenising one
// agrees and finds no error.
func FuzzSniffJSON(f *testing.F) {
	for _, pattern := range []string{"testdata/decode/*.json", "testdata/real/*.json", "testdata/golden/full.*json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil && len(data) < 1<<16 {
				f.Add(data)
			}
		}
	}
	for _, s := range []string{
		`{"components":[{"name":"a\"}{["}],"bomFormat":"CycloneDX","specVersion":"1.6"}`,
		`{"a":"\\","bomFormat":"CycloneDX","specVersion":"1.5"}`,
		`{"a":1,"b":true,"c":null,"spdxVersion":"SPDX-2.3"}`,
		`{"items":[],"system":{}}`,
		`{"bomFormat":"CycloneDX","specVersion":"9.9"}`,
		`{"bomFormat":"SPDX","specVersion":"1.6"}`,
		`{"bomForm\u0061t":"CycloneDX","specVersion":"1.6"}`,
		`{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}`,
		`{"a":[}],"bomFormat":"CycloneDX","specVersion":"1.6"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, ok := sniffJSON(data)
		if !ok {
			return
		}
		want, err := detectJSONTokens(data)
		if err != nil {
			// The sniffer does not validate what it passes over:
			// the decoder of the format reports that.
			return
		}
		if fm != want {
			t.Fatalf("sniffJSON = %v, detectJSONTokens = %v", fm, want)
		}
	})
}

// TestSniffJSONReal: on every real JSON SBOM the fast sniffer answers,
// as the tokenising one does.
func TestSniffJSONReal(t *testing.T) {
	files, _ := filepath.Glob("testdata/real/*.json")
	if len(files) == 0 {
		t.Fatal("no files")
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := detectJSONTokens(data)
		got, ok := sniffJSON(data)
		switch {
		case err != nil && ok:
			t.Errorf("%s: sniffJSON = %v, detectJSONTokens: %v", p, got, err)
		case err == nil && (!ok || got != want):
			t.Errorf("%s: sniffJSON = %v, %v; detectJSONTokens = %v", p, got, ok, want)
		}
	}
}
