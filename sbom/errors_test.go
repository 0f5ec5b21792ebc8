package sbom_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/sbom"
)

// TestDecodeErrorModel: every decode failure of every format is a
// *DecodeError that wraps its cause, is one line, and gives the line (and
// the element, where there is one) as numbers where the input has a place
// to point at. A want line of 0 marks input with no such place: the
// problem is the document as a whole, or the input is not text.
func TestDecodeErrorModel(t *testing.T) {
	spdxJSON := func(packages string) string {
		return "{\n" +
			`  "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",` + "\n" +
			`  "name": "x", "documentNamespace": "urn:x",` + "\n" +
			`  "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: x"]},` + "\n" +
			`  "packages": [` + "\n" + packages + "\n  ]\n}\n"
	}
	const tvHead = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: x\n"
	for _, tc := range []struct {
		name    string
		format  string // explicit format, else sniffed
		in      string
		is      error  // errors.Is target, or nil
		line    int    // want Line
		ref     string // want Ref, when set
		decoder *sbom.Decoder
	}{
		// CycloneDX JSON
		{name: "cdx-json syntax", in: "{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": \"1.6\",\n\"components\": [\n  {\"type\": \"library\", \"name\": \"a\"},\n]\n}", line: 6},
		{name: "cdx-json type", in: "{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": \"1.6\",\n\"components\": [\n  {\"type\": \"library\", \"name\": \"a\"},\n  {\"type\": \"library\", \"name\": 7}\n]\n}", line: 6, ref: "components.name"},
		{name: "cdx-json version", in: "{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": \"1.10\"\n}", is: sbom.ErrUnsupportedVersion, line: 3},
		{name: "cdx-json bomFormat", in: "{\n\"bomFormat\": \"SPDX\",\n\"specVersion\": \"1.6\"\n}", is: sbom.ErrUnknownFormat, line: 2},
		{name: "cdx-json without specVersion", in: `{"bomFormat": "CycloneDX"}`, is: sbom.ErrUnknownFormat},
		{name: "cdx-json given SPDX", format: "cyclonedx-json", in: spdxJSON(""), is: sbom.ErrUnknownFormat},
		// CycloneDX XML
		{name: "cdx-xml syntax", in: "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">\n<components>\n</compnents>\n</bom>\n", line: 4},
		{name: "cdx-xml doctype", in: "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY a \"a\">]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"/>\n", line: 2},
		{name: "cdx-xml version", in: "<?xml version=\"1.0\"?>\n\n<bom xmlns=\"http://cyclonedx.org/schema/bom/0.9\"/>\n", is: sbom.ErrUnsupportedVersion, line: 3},
		{name: "top-level JSON array", in: "\n[{\"bomFormat\": \"CycloneDX\"}]", is: sbom.ErrUnknownFormat, line: 2},
		{name: "cdx-xml other root", in: "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n", is: sbom.ErrUnknownFormat, line: 2},
		// SPDX JSON
		{name: "spdx-json type", in: spdxJSON(`    {"SPDXID": "SPDXRef-a", "name": "a"},` + "\n" + `    {"SPDXID": "SPDXRef-b", "name": 7}`), line: 7, ref: "packages.name"},
		{name: "spdx-json type, repaired IDs", in: spdxJSON(`    {"SPDXID": "a", "name": "a"},` + "\n" + `    {"SPDXID": "b", "name": 7}`), line: 7, ref: "packages.name"},
		{name: "spdx-json missing SPDXID", in: spdxJSON(`    {"SPDXID": "SPDXRef-a", "name": "a"},` + "\n" + `    {"name": "b"}`), line: 7, ref: `package 2 "b"`},
		{name: "spdx-json syntax", in: spdxJSON(`    {"SPDXID": "SPDXRef-a", "name": "a"},`), line: 7},
		{name: "spdx-json version", in: "{\n  \"spdxVersion\": \"SPDX-2.0\"\n}", is: sbom.ErrUnsupportedVersion, line: 2},
		// SPDX 3 JSON-LD
		{name: "spdx3-json 3.1", in: "{\n  \"@context\": \"https://spdx.org/rdf/3.1/spdx-context.jsonld\"\n}", is: sbom.ErrUnsupportedVersion, line: 2},
		{name: "spdx3-json syntax", in: "{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\n \"@graph\": [\n  {\"type\": }]}", line: 3},
		// SPDX tag-value
		{name: "tag-value no colon", in: tvHead + "\nPackageName\n", line: 6},
		{name: "tag-value unknown tag", in: tvHead + "# a comment\nPackageChecksum: SHA1: 85ed0817af83a24ad8da68c2b5094de69833983c\n", line: 6},
		{name: "tag-value open text", in: tvHead + "DocumentComment: <text>never\nclosed\n", line: 5},
		{name: "tag-value missing SPDXID", in: tvHead + "PackageName: a\nPackageVersion: 1\n", line: 5}, // the package
		{name: "tag-value version", in: "# comment\nSPDXVersion: SPDX-2.0\n", is: sbom.ErrUnsupportedVersion, line: 2},
		// SPDX YAML
		{name: "spdx-yaml type", in: "spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\npackages:\n  - SPDXID: SPDXRef-a\n    name: [1]\n", line: 5, ref: "packages.name"},
		{name: "spdx-yaml version", in: "SPDXID: SPDXRef-DOCUMENT\nspdxVersion: SPDX-2.0\n", is: sbom.ErrUnsupportedVersion, line: 2},
		{name: "spdx-yaml missing SPDXID", in: "spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\nname: x\npackages:\n  - name: a\n", line: 5, ref: `package 1 "a"`},
		// The native list
		{name: "native yaml", in: "items:\n  - name: a\n    riskLevel: B\n", line: 3},
		{name: "native json", in: "{\"items\": [\n{\"name\": \"a\",,}\n]}", line: 2},
		// Unknown
		{name: "text", in: "\n\njust some text", is: sbom.ErrUnknownFormat, line: 3},
		{name: "broken YAML", in: "items:\n  - a\n b: [\n", is: sbom.ErrUnknownFormat, line: 2},
		{name: "unknown JSON", in: "{\n\"hello\": \"world\"\n}", is: sbom.ErrUnknownFormat},
		{name: "unknown YAML", in: "hello: world\n", is: sbom.ErrUnknownFormat},
		{name: "empty", in: "  \n", is: sbom.ErrUnknownFormat},
		{name: "gzip", in: "\x1f\x8b\x08\x00\x00\x00\x00\x00", is: sbom.ErrUnknownFormat},
		{name: "utf-32", in: "\xff\xfe\x00\x00{\x00\x00\x00", is: sbom.ErrUnknownFormat},
		{name: "XML in Shift_JIS", in: `<?xml version="1.0" encoding="Shift_JIS"?><bom/>`, is: sbom.ErrUnknownFormat},
		{name: "too large", in: "{\n\"bomFormat\": \"CycloneDX\"}", is: sbom.ErrTooLarge, decoder: &sbom.Decoder{MaxBytes: 8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.decoder
			if d == nil {
				d = new(sbom.Decoder)
			}
			if tc.format != "" {
				f, err := sbom.ParseFormat(tc.format)
				if err != nil {
					t.Fatal(err)
				}
				d.Format = f
			}
			l, _, _, err := d.Decode(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("no error; list %+v", l)
			}
			var de *sbom.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v (%T), want a *sbom.DecodeError", err, err)
			}
			if de.Line != tc.line {
				t.Errorf("line %d, want %d: %v", de.Line, tc.line, err)
			}
			if tc.ref != "" && de.Ref != tc.ref {
				t.Errorf("ref %q, want %q: %v", de.Ref, tc.ref, err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want errors.Is %v", err, tc.is)
			}
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || !strings.HasPrefix(msg, "sbom: ") || strings.HasPrefix(msg, "sbom: sbom:") {
				t.Errorf("message %q: want one line starting with one sbom: prefix", msg)
			}
			// Detect fails on the same input in the same way, but for
			// what only decoding sees.
			if _, err := sbom.Detect([]byte(tc.in)); err != nil && !errors.As(err, &de) {
				t.Errorf("Detect: err = %v (%T), want a *sbom.DecodeError", err, err)
			}
		})
	}
}

// TestDecodeErrorString pins the message layout of a DecodeError.
func TestDecodeErrorString(t *testing.T) {
	f, _ := sbom.ParseFormat("cyclonedx-json@1.6")
	cause := errors.New("invalid purl")
	for _, tc := range []struct {
		e    sbom.DecodeError
		want string
	}{
		{sbom.DecodeError{Err: cause}, "sbom: invalid purl"},
		{sbom.DecodeError{Format: f, Err: cause}, "sbom: cyclonedx-json@1.6: invalid purl"},
		{sbom.DecodeError{Format: f, Line: 12, Err: cause}, "sbom: cyclonedx-json@1.6: line 12: invalid purl"},
		{sbom.DecodeError{Format: f, Line: 12, Column: 7, Ref: "pkg:npm/a@1", Err: cause}, "sbom: cyclonedx-json@1.6: line 12, column 7: pkg:npm/a@1: invalid purl"},
		{sbom.DecodeError{Ref: "a", Err: errors.New("two\n  lines")}, "sbom: a: two lines"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
		if !errors.Is(&tc.e, tc.e.Err) {
			t.Errorf("%q does not unwrap to its cause", tc.want)
		}
	}
}

// TestWarnings: warnings are structured, and print as one line naming the
// element.
func TestWarnings(t *testing.T) {
	in := `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[` +
		`{"type":"library","name":"a","version":"1","purl":"pkg:bad"},` +
		`{"type":"library","name":"b","version":"2","licenses":[{"license":{"id":"MIT","name":"The MIT"}}]}]}`
	_, _, rep, err := new(sbom.Decoder).Decode(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []sbom.Warning{
		{Ref: `component "a 1"`, Field: "purl", Message: `invalid purl "pkg:bad" dropped`},
		{Ref: `component "b 2"`, Field: "licenses", Message: `licence with both id "MIT" and name "The MIT": id kept`},
	}
	if len(rep.Warnings) != len(want) {
		t.Fatalf("warnings %q, want %q", rep.Warnings, want)
	}
	for i, w := range rep.Warnings {
		if w != want[i] {
			t.Errorf("warning %d = %#v, want %#v", i, w, want[i])
		}
	}
	var b bytes.Buffer
	for _, w := range rep.Warnings {
		b.WriteString(w.String() + "\n")
	}
	if got := b.String(); got != `component "a 1": invalid purl "pkg:bad" dropped`+"\n"+`component "b 2": licence with both id "MIT" and name "The MIT": id kept`+"\n" {
		t.Errorf("printed:\n%s", got)
	}
}

// TestWarningPositions: the repairs of SPDX JSON and invalid UTF-8 say
// where in the input they are.
func TestWarningPositions(t *testing.T) {
	data, err := os.ReadFile("testdata/decode/quirks.spdx.json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	_, _, rep, err := new(sbom.Decoder).DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) == 0 {
		t.Fatal("no warnings")
	}
	for _, w := range rep.Warnings {
		// The element starts at its position: "{" opening a package.
		if w.Line < 1 || w.Line > len(lines) || w.Column < 1 || !strings.HasPrefix(lines[w.Line-1][w.Column-1:], "{") {
			t.Errorf("%v: at line %d, column %d, not at its element", w, w.Line, w.Column)
		}
	}
	in := "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: caf\xe9\n"
	_, _, rep, err = new(sbom.Decoder).DecodeBytes([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if w := rep.Warnings[0]; w.Line != 4 || w.Column != 18 {
		t.Errorf("%v: at line %d, column %d, want 4, 18", w, w.Line, w.Column)
	}
}
