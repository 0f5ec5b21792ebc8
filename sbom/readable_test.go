package sbom_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

func names(l *soup.List) []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Name+" "+it.Version)
	}
	return out
}

// TestEveryDocumentRead: issue 11 class 2 — the SPDX project's own
// examples (testdata/classes) read, every encoding of one example gives
// the same items.
func TestEveryDocumentRead(t *testing.T) {
	want := []string{"Apache Commons Lang ", "Jena 3.12.0", "Saxon 8.8"}
	for _, file := range []string{
		"SPDXTagExample-v2.2.spdx", "SPDXJSONExample-v2.2.spdx.json",
		"SPDXTagExample-v2.3.spdx", "SPDXJSONExample-v2.3.spdx.json",
	} {
		data, err := os.ReadFile("testdata/classes/" + file)
		if err != nil {
			t.Fatal(err)
		}
		l, _, rep, err := new(sbom.Decoder).DecodeBytes(data)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if diff := cmp.Diff(want, names(l)); diff != "" {
			t.Errorf("%s: items (-want +got):\n%s", file, diff)
		}
		if l.System.Name != "glibc" {
			t.Errorf("%s: system %q, want glibc", file, l.System.Name)
		}
		if !strings.Contains(rep.String(), "1 snippet") {
			t.Errorf("%s: the snippet is not reported: %v", file, rep)
		}
	}
}

// TestLenientTagValue: tag-value gets the leniency SPDX JSON gets, and CR
// line endings read.
func TestLenientTagValue(t *testing.T) {
	const doc = `SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: lenient
DocumentNamespace: https://example.com/lenient
Creator: Tool: hand
Created: 2026-01-01T00:00:00Z

PackageName: app
SPDXID: app
PackageVersion: 1.0
PackageDownloadLocation: NOASSERTION

PackageName: zlib
SPDXID: Package-zlib
PackageVersion: 1.3.1
PackageSupplier: Jean-loup Gailly
PackageDownloadLocation: NOASSERTION

Relationship: SPDXRef-DOCUMENT DESCRIBES app
Relationship: app DEPENDS_ON Package-zlib
`
	for name, data := range map[string]string{
		"LF":      doc,
		"CR only": strings.ReplaceAll(doc, "\n", "\r"),
		"CRLF":    strings.ReplaceAll(doc, "\n", "\r\n"),
	} {
		l, _, rep, err := new(sbom.Decoder).DecodeBytes([]byte(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got := []string{l.System.Name}
		for _, it := range l.Items {
			got = append(got, it.Name+" "+it.Version+" "+it.Manufacturer+" "+it.Dependency.String())
		}
		if diff := cmp.Diff([]string{"app", "zlib 1.3.1 Jean-loup Gailly direct"}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
		var lines []int
		for _, w := range rep.Warnings {
			lines = append(lines, w.Line)
		}
		if diff := cmp.Diff([]int{10, 15, 17, 20, 21, 21}, lines); diff != "" {
			t.Errorf("%s: warning lines (-want +got):\n%s\n%v", name, diff, rep.Warnings)
		}
	}
}

// TestRefusedByName: what is not read says what it is and what to do.
func TestRefusedByName(t *testing.T) {
	for _, tc := range []struct {
		file string
		is   error
		says string
	}{
		{"SPDXRdfExample-v2.3.spdx.rdf.xml", sbom.ErrUnknownFormat, "SPDX RDF/XML"},
		{"SPDXXMLExample-v2.3.spdx.xml", sbom.ErrUnknownFormat, "SPDX XML"},
	} {
		data, err := os.ReadFile("testdata/classes/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = sbom.Decode(strings.NewReader(string(data)))
		if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), "convert") {
			t.Errorf("%s: %v; want %v saying %q and how to convert", tc.file, err, tc.is, tc.says)
		}
	}
}

// TestNullEntries: tools-golang v0.5.7 panics on a null package; the
// input is refused by position instead, never with ErrInternal.
func TestNullEntries(t *testing.T) {
	const doc = `{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "x", "dataLicense": "CC0-1.0",
"documentNamespace": "https://example.com/x", "creationInfo": {"created": "2020-01-01T00:00:00Z", "creators": ["Tool: x"]},
"packages": [null]}`
	_, _, err := sbom.Decode(strings.NewReader(doc))
	var de *sbom.DecodeError
	if !errors.As(err, &de) || de.Line != 3 || errors.Is(err, sbom.ErrInternal) || !strings.Contains(err.Error(), "null") {
		t.Errorf("err = %v; want a DecodeError at line 3 naming the null package", err)
	}
}

// TestAttestation: an SBOM inside an in-toto statement (as cosign attest
// makes it: the SBOM the predicate, or cosign's {"Data": …} predicate),
// and that inside a DSSE envelope, reads as the SBOM itself.
func TestAttestation(t *testing.T) {
	for _, file := range []string{"testdata/real/syft-1.57.0_node-app_cdx-1.6.json", "testdata/real/syft-1.57.0_node-app_spdx-2.3.json"} {
		sbomData, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, wantF, err := sbom.Decode(bytes.NewReader(sbomData))
		if err != nil {
			t.Fatal(err)
		}
		statement := func(predicate []byte) []byte {
			return []byte(`{"_type": "https://in-toto.io/Statement/v0.1", "predicateType": "https://cyclonedx.org/bom",
"subject": [{"name": "registry.example.com/app", "digest": {"sha256": "00"}}], "predicate": ` + string(predicate) + `}`)
		}
		quoted, _ := json.Marshal(string(sbomData))
		envelope := func(payload []byte) []byte {
			b, _ := json.Marshal(map[string]any{"payloadType": "application/vnd.in-toto+json", "payload": payload,
				"signatures": []map[string]string{{"keyid": "", "sig": "MEUCIQ"}}})
			return b
		}
		for name, data := range map[string][]byte{
			"statement":             statement(sbomData),
			"statement, cosign":     statement([]byte(`{"Data": ` + string(quoted) + `, "Timestamp": "2026-01-01T00:00:00Z"}`)),
			"envelope of statement": envelope(statement(sbomData)),
		} {
			got, f, rep, err := new(sbom.Decoder).DecodeBytes(data)
			if err != nil {
				t.Errorf("%s %s: %v", file, name, err)
				continue
			}
			if f != wantF {
				t.Errorf("%s %s: format %v, want %v", file, name, f, wantF)
			}
			if diff := cmp.Diff(want, got, dateCmp); diff != "" {
				t.Errorf("%s %s (-want +got):\n%s", file, name, diff)
			}
			if len(rep.Warnings) == 0 || !strings.Contains(rep.Warnings[0].Message, "in-toto") && !strings.Contains(rep.Warnings[0].Message, "DSSE") {
				t.Errorf("%s %s: no warning says the SBOM was unwrapped: %v", file, name, rep.Warnings)
			}
		}
	}
}

// TestOldVersions: CycloneDX 1.0 XML (the specification's fixture) and 1.1
// XML (CycloneDX bom-examples: laravel's 1.1 XML and 1.2 JSON, the same
// BOM) read; SPDX 2.1: TestSPDX21.
func TestOldVersions(t *testing.T) {
	decode := func(data []byte) (*soup.List, sbom.Format) {
		t.Helper()
		l, f, err := sbom.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		return l, f
	}
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/classes/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	old, f := decode(read("laravel-7.12.0.cdx-1.1.xml"))
	if f.String() != "cyclonedx-xml@1.1" {
		t.Errorf("format %v", f)
	}
	newer, _ := decode(read("laravel-7.12.0.cdx-1.2.json"))
	if len(old.Items) != 62 {
		t.Errorf("%d items in CycloneDX 1.1, want 62", len(old.Items))
	}
	type id struct{ Name, Version, PURL, License string }
	ids := func(l *soup.List) (out []id) {
		for _, it := range l.Items {
			out = append(out, id{it.Name, it.Version, it.PURL, it.License})
		}
		return out
	}
	if diff := cmp.Diff(ids(newer), ids(old)); diff != "" {
		t.Errorf("1.1 XML and 1.2 JSON differ (-1.2 +1.1):\n%s", diff)
	}
	// CycloneDX 1.0: the specification's valid-bom-1.0.xml.
	v10, f := decode(read("valid-bom-1.0.cdx.xml"))
	if f.String() != "cyclonedx-xml@1.0" {
		t.Errorf("format %v", f)
	}
	if diff := cmp.Diff([]id{
		// as the fixture has them: the application's purl names com.example
		// though its group is org.example; bootstrap (group twitter) and
		// myframework are nested under it
		{"org.example:myapplication", "1.0.0", "pkg:maven/com.example/myapplication@1.0.0?packaging=war", "Apache-2.0"},
		{"com.example:myframework", "1.0.0", "pkg:maven/com.example/myframework@1.0.0?packaging=war", "Apache-2.0"},
		{"twitter/bootstrap", "3.3.7", "pkg:npm/bootstrap@3.3.7", "MIT"},
	}, ids(v10)); diff != "" {
		t.Errorf("CycloneDX 1.0 (-want +got):\n%s", diff)
	}
}

// TestSPDX21: the SPDX project's own SPDX 2.1 examples (tools-python
// v0.7.1, testdata/classes) read. The tag-value has a review section
// before its package (tools-golang refuses a package after one) and
// PackageAttributionText, an SPDX 2.2 tag (read as 2.2, with a warning at
// its line); tools-golang drops the JSON's documentDescribes in 2.1. Both
// describe the one package "SPDX Translator": it is the system, and the
// list has no items (a finding of its own).
func TestSPDX21(t *testing.T) {
	type warning struct {
		Line  int
		Field string
	}
	for _, tc := range []struct {
		file     string
		format   string
		warnings []warning
		ignored  map[string]int // of what the report counts, these
	}{
		{file: "SPDXTagExample-v2.1.spdx", format: "spdx-tagvalue@2.1",
			warnings: []warning{{45, "PackageAttributionText"}},
			ignored:  map[string]int{"annotation": 1, "review": 2, "snippet": 1, "file": 2, "package attribution text": 1}},
		{file: "SPDXJSONExample-v2.1.spdx.json", format: "spdx-json@2.1",
			ignored: map[string]int{"annotation": 1, "review": 2, "snippet": 1, "file": 2, "package attribution text": 0}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/classes/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			l, f, rep, err := new(sbom.Decoder).DecodeBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			if f.String() != tc.format {
				t.Errorf("format %v, want %s", f, tc.format)
			}
			want := soup.System{Name: "SPDX Translator", Version: "Version 0.9.2", Manufacturer: "Linux Foundation"}
			if diff := cmp.Diff(want, l.System); diff != "" {
				t.Errorf("system (-want +got):\n%s", diff)
			}
			if len(l.Items) != 0 {
				t.Errorf("items %v, want none", names(l))
			}
			var ws []warning
			for _, w := range rep.Warnings {
				ws = append(ws, warning{w.Line, w.Field})
			}
			if diff := cmp.Diff(tc.warnings, ws); diff != "" {
				t.Errorf("warnings (-want +got):\n%s\n%v", diff, rep.Warnings)
			}
			ignored := map[string]int{}
			for _, c := range rep.Ignored {
				ignored[c.What] = c.N
			}
			for what, n := range tc.ignored {
				if ignored[what] != n {
					t.Errorf("%d %s reported as ignored, want %d: %v", ignored[what], what, n, rep)
				}
			}
			var errs []string
			for _, f := range l.Validate(soup.Policy{Class: soup.ClassA}) {
				if f.Item == "" && f.Severity == soup.SeverityError {
					errs = append(errs, f.Rule)
				}
			}
			if diff := cmp.Diff([]string{"no-items"}, errs); diff != "" {
				t.Errorf("list errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnreadablePartsLeftOut: cyclonedx-go cannot decode some valid
// CycloneDX 1.6/1.7 (the specification's own test fixtures, testdata/
// classes): a data classification given as a string, a patent asserter
// given as a bom-ref. soupkit uses neither: the part is left out, with a
// warning, and the rest read.
func TestUnreadablePartsLeftOut(t *testing.T) {
	for _, tc := range []struct {
		file  string
		items int
		field string
	}{
		{"valid-attestation-1.6.cdx.json", 0, "declarations"},
		{"valid-patent-1.7.cdx.json", 1, "patentAssertions"},
	} {
		data, err := os.ReadFile("testdata/classes/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		l, _, rep, err := new(sbom.Decoder).DecodeBytes(data)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if len(l.Items) != tc.items || len(rep.Warnings) != 1 || rep.Warnings[0].Field != tc.field ||
			!strings.Contains(rep.Warnings[0].Message, "left out") {
			t.Errorf("%s: %d items, warnings %v; want %d items and one warning that %s was left out", tc.file, len(l.Items), rep.Warnings, tc.items, tc.field)
		}
	}
}

// TestUnreadablePartsXML: the XML twins of the specification's fixtures
// whose JSON cyclonedx-go cannot read whole (a data classification, a
// patent asserter) need no part left out: cyclonedx-go reads their XML
// (as it reads all 248 valid XML fixtures of CycloneDX 1.0 to 1.7 at
// commit e02a34a), and they give the items and the ignored entries of
// their JSON twin, without a warning.
func TestUnreadablePartsXML(t *testing.T) {
	for _, name := range []string{"valid-attestation-1.6", "valid-patent-1.7"} {
		decode := func(ext string) (*soup.List, *sbom.Report) {
			data, err := os.ReadFile("testdata/classes/" + name + ".cdx." + ext)
			if err != nil {
				t.Fatal(err)
			}
			l, _, rep, err := new(sbom.Decoder).DecodeBytes(data)
			if err != nil {
				t.Fatalf("%s %s: %v", name, ext, err)
			}
			return l, rep
		}
		jl, jrep := decode("json")
		xl, xrep := decode("xml")
		if len(xrep.Warnings) != 0 {
			t.Errorf("%s xml: warnings %v", name, xrep.Warnings)
		}
		if diff := cmp.Diff(names(jl), names(xl)); diff != "" {
			t.Errorf("%s: items (-json +xml):\n%s", name, diff)
		}
		if diff := cmp.Diff(entries(jrep), entries(xrep)); diff != "" {
			t.Errorf("%s: entries ignored (-json +xml):\n%s", name, diff)
		}
	}
}

// TestXMLTwinPrettyPrinted: the JSON and the XML of one BOM (CycloneDX
// bom-examples laravel 1.2) give the same list, also when the XML's text is
// pretty-printed over indented lines (as some generators and editors
// write descriptions and licence expressions).
func TestXMLTwinPrettyPrinted(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/classes/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	indent := regexp.MustCompile(`<(description|name|version|id)>(?:<!\[CDATA\[)?([^<\]]*)(?:\]\]>)?</(description|name|version|id)>`)
	xmlData := read("laravel-7.12.0.cdx-1.2.xml")
	pretty := indent.ReplaceAll(xmlData, []byte("<$1>\n            $2\n          </$3>"))
	if bytes.Equal(pretty, xmlData) || !bytes.Contains(pretty, []byte("<description>\n            ")) {
		t.Fatal("the XML was not re-indented")
	}
	want, _, err := sbom.Decode(bytes.NewReader(read("laravel-7.12.0.cdx-1.2.json")))
	if err != nil {
		t.Fatal(err)
	}
	// An editor's reformat also wraps long descriptions over lines.
	wrap := regexp.MustCompile(`<description>(?:<!\[CDATA\[)?(\S+ \S+ \S+) ([^<\]]*)(?:\]\]>)?</description>`)
	wrapped := wrap.ReplaceAll(xmlData, []byte("<description>\n            $1\n            $2\n          </description>"))
	if n := len(wrap.FindAll(xmlData, -1)); n < 30 {
		t.Fatalf("%d descriptions wrapped, want the example's 30 or more", n)
	}
	// Generators (the juice-shop SBOMs of CycloneDX bom-examples) write
	// descriptions with two spaces between sentences in a CDATA section on
	// a line of its own, and a trailing space that XML text loses.
	spaced := bytes.ReplaceAll(xmlData, []byte("library and stack"), []byte("library  and stack"))
	cdata := regexp.MustCompile(`<description>(<!\[CDATA\[[^\]]*\]\]>)</description>`).ReplaceAll(spaced,
		[]byte("<description>\n            $1\n          </description>"))
	jsonSpaced := bytes.ReplaceAll(read("laravel-7.12.0.cdx-1.2.json"), []byte("library and stack middleware"), []byte("library  and stack middleware "))
	spacedWant, _, err := sbom.Decode(bytes.NewReader(jsonSpaced))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(spacedWant.Items, func(it soup.Item) bool {
		return it.Description == "Cross-origin resource sharing library  and stack middleware"
	}) {
		t.Fatal("the JSON's description lost its two spaces, or kept its trailing space")
	}
	if bytes.Count(cdata, []byte("<description>\n            <![CDATA[")) < 30 {
		t.Fatal("the CDATA descriptions were not put on lines of their own")
	}
	for name, data := range map[string][]byte{"xml": xmlData, "pretty xml": pretty, "wrapped xml": wrapped, "cdata on its own line": cdata} {
		want := want
		if name == "cdata on its own line" {
			want = spacedWant
		}
		got, _, err := sbom.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		got.Sources, want.Sources = nil, nil
		if diff := cmp.Diff(want, got, dateCmp); diff != "" {
			t.Errorf("%s and JSON differ (-json +xml):\n%s", name, diff)
		}
		if d := soup.Diff(want, got); len(d) != 0 {
			t.Errorf("%s: soup diff reports %v", name, d)
		}
	}
}
