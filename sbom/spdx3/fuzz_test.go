package spdx3

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzDecode checks that no input makes Decode panic, and that whatever it
// reads, Encode writes a document that validates against the SPDX 3.0.1
// schema and reads back with the same systems and items.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/real/*")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	for _, s := range []string{
		`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [{"type": "software_Package", "spdxId": "_:a", "to": [[{}]], "name": {"@value": null}}]}`,
		`{"@context": ["https://spdx.org/rdf/3.0.1/spdx-context.jsonld", {"x": 1}], "type": "software_Package", "spdxId": "urn:a"}`,
		`[{"@type": ["https://spdx.org/rdf/3.0.1/terms/Software/Package"], "@id": "urn:a", "https://spdx.org/rdf/3.0.1/terms/Core/name": [{"@value": 1}]}]`,
		`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [{"type": "Relationship", "from": ["urn:a", "urn:b"], "relationshipType": "amendedBy", "to": "urn:a"}, {"spdxId": "urn:a", "type": "expandedlicensing_ConjunctiveLicenseSet", "expandedlicensing_member": "urn:a"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := DecodeDoc(data)
		if err != nil {
			return
		}
		b, err := EncodeDoc(d, nil)
		if err != nil {
			t.Fatalf("encoding what was decoded: %v", err)
		}
		if err := validate(t, b); err != nil {
			t.Fatalf("output does not validate: %v\n%s", err, b)
		}
		d2, err := DecodeDoc(b)
		if err != nil {
			t.Fatalf("reading back: %v\n%s", err, b)
		}
		names := func(es []Entry) []string {
			var out []string
			for _, e := range es {
				out = append(out, e.Item.Name+"@"+e.Item.Version)
			}
			return out
		}
		if !slices.Equal(names(d.Systems), names(d2.Systems)) || !slices.Equal(names(d.Items), names(d2.Items)) {
			t.Fatalf("read back %q %q, wrote %q %q", names(d2.Systems), names(d2.Items), names(d.Systems), names(d.Items))
		}
	})
}
