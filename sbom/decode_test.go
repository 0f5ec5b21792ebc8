package sbom_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/soup"

	"github.com/soupkit/soupkit/sbom"
)

// TestDecodeGolden decodes the fixtures in testdata/decode, one per input
// format, each with the quirks real generators show, and pins the list and
// the report.
func TestDecodeGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/decode/*")
	if err != nil || len(files) == 0 {
		t.Fatal("no fixtures", err)
	}
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			l, f, rep, err := new(sbom.Decoder).Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			fmt.Fprintf(&out, "# format: %v\n# report: %v\n", f, rep)
			for _, w := range rep.Warnings {
				fmt.Fprintf(&out, "# warning: %s\n", w)
			}
			if err := l.WriteYAML(&out); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", "decode", filepath.Base(p)+".golden"), out.Bytes())
		})
	}
}

// TestDecodeMapping checks the mapping rules one by one on the fixtures.
func TestDecodeMapping(t *testing.T) {
	item := func(l *soup.List, name string) soup.Item {
		for _, it := range l.Items {
			if it.Name == name {
				return it
			}
		}
		t.Fatalf("no item %q in %v", name, l.Items)
		return soup.Item{}
	}
	cdxList := decodeFile(t, "testdata/decode/quirks.cdx.json")
	spdxList := decodeFile(t, "testdata/decode/quirks.spdx.json")
	express := item(cdxList, "express")
	for _, tc := range []struct {
		what      string
		got, want any
	}{
		{"subject becomes the system", cdxList.System, soup.System{Name: "device-dashboard", Version: "1.2.0", Manufacturer: "Example Medical GmbH"}},
		{"file components and manifest applications are not items", len(cdxList.Items), 6},
		{"graph passes through a manifest application", item(cdxList, "com.example.device:pump-gateway").Dependency, soup.Direct},
		{"group joins the name", item(cdxList, "@jest/expect").PURL, "pkg:npm/%40jest/expect@29.7.0"},
		{"maven group joins with a colon", item(cdxList, "org.apache.commons:commons-lang3").Version, "3.14.0"},
		{"manufacturer before supplier", item(cdxList, "@jest/expect").Manufacturer, "Meta"},
		{"publisher", item(cdxList, "org.apache.commons:commons-lang3").Manufacturer, "The Apache Software Foundation"},
		{"author", express.Manufacturer, "TJ Holowaychuk"},
		{"licence id wins over name", express.License, "MIT"},
		{"licences join with AND", item(cdxList, "@jest/expect").License, "LicenseRef-Proprietary AND MIT"},
		{"licence from evidence", item(cdxList, "org.apache.commons:commons-lang3").License, "Apache-2.0"},
		{"links", []string{express.Website, express.IssueTracker, express.VCS},
			[]string{"http://expressjs.com/", "https://github.com/expressjs/express/issues", "git+https://github.com/expressjs/express.git"}},
		{"support", express.Support, soup.Support{Level: soup.SupportLimited, EndOfSupport: soup.NewDate(2027, 6, 30)}},
		{"direct through a file component", express.Dependency, soup.Direct},
		{"nested component flattened, merged with its duplicate", item(cdxList, "ms"), soup.Item{ID: "SOUP-0006", Name: "ms", Version: "2.0.0",
			PURL: "pkg:npm/ms@2.0.0", License: "MIT OR CC0-1.0", Description: "Tiny millisecond conversion utility",
			Dependency: soup.Transitive, RequiredBy: []string{"SOUP-0005"},
			Anomalies: []soup.Anomaly{{ID: "CVE-2017-20165", Source: "https://osv.dev", Status: soup.StatusUnderInvestigation}}}},
		{"split dependency objects of one ref", item(cdxList, "org.apache.commons:commons-lang3").RequiredBy, []string{"SOUP-0005"}},
		{"VEX analysis", express.Anomalies, []soup.Anomaly{{ID: "CVE-2024-43796", Source: "NVD", Summary: "XSS in res.redirect",
			Severity: "medium", Status: soup.StatusNotAffected, Justification: "code_not_reachable: res.redirect is not called with user input."}}},
		{"invalid purl dropped", item(cdxList, "broken").PURL, ""},
		{"source", cdxList.Sources, []soup.Source{{Format: "cyclonedx-json@1.6", Serial: "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
			Timestamp: "2026-11-20T10:00:00Z", Tools: []string{"@cyclonedx/cyclonedx-npm 6.0.1"}}}},

		{"SPDX described package becomes the system", spdxList.System, soup.System{Name: "python-backend", Version: "1.0.0", Manufacturer: "Example Medical GmbH"}},
		{"SPDX NOASSERTION supplier falls back to originator", item(spdxList, "Flask").Manufacturer, "Armin Ronacher (armin.ronacher@active-4.com)"},
		{"SPDX supplier without prefix", item(spdxList, "Werkzeug").Manufacturer, "Pallets"},
		{"SPDX NOASSERTION licence concluded falls back to declared", item(spdxList, "Flask").License, "BSD-3-Clause"},
		{"SPDX NONE is no licence", item(spdxList, "Werkzeug").License, ""},
		{"SPDX checksum spelled the CycloneDX way", item(spdxList, "Flask").Hashes, []soup.Hash{{Algorithm: "SHA-256", Value: "4efa1ae2d7c9865af48986de8aeb8504bf32c7f3d6fdc9353d34b21f4b127060"}}},
		{"SPDX validUntilDate", item(spdxList, "Flask").Support.EndOfSupport, soup.NewDate(2027, 12, 31)},
		{"SPDX first CPE", item(spdxList, "Flask").CPE, "cpe:2.3:a:palletsprojects:flask:1.1.2:*:*:*:*:*:*:*"},
		{"SPDX CONTAINS from the root is direct", item(spdxList, "Flask").Dependency, soup.Direct},
		{"SPDX DEPENDENCY_OF", item(spdxList, "Werkzeug").RequiredBy, []string{"SOUP-0001"}},
		{"SPDX DEPENDS_ON", item(spdxList, "itsdangerous").RequiredBy, []string{"SOUP-0001"}},
		{"SPDX source", spdxList.Sources, []soup.Source{{Format: "spdx-json@2.3", Serial: "https://anchore.com/syft/dir/python-backend-1",
			Timestamp: "2026-11-20T10:00:00Z", Tools: []string{"syft 1.57.0"}}}},
		{"SPDX manifest application is not an item", len(spdxList.Items), 3},
		{"SPDX supplier with JSON escapes", item(spdxList, "itsdangerous").Manufacturer, "Pallets <team@palletsprojects.com>"},
		{"SPDX graph passes through a manifest application", item(spdxList, "itsdangerous").Dependency, soup.Direct},
	} {
		if diff := cmp.Diff(tc.want, tc.got, dateCmp); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.what, diff)
		}
	}
}

// TestDecodeAgree: every encoding of the same fixture gives the same list.
func TestDecodeAgree(t *testing.T) {
	for _, group := range [][]string{
		{"quirks.cdx.json", "quirks.cdx.xml"},
		{"quirks.spdx.json", "quirks.spdx", "quirks.spdx.yaml"},
	} {
		want := decodeFile(t, "testdata/decode/"+group[0])
		for _, name := range group[1:] {
			got := decodeFile(t, "testdata/decode/"+name)
			if diff := cmp.Diff(want.Items, got.Items, dateCmp); diff != "" {
				t.Errorf("%s and %s differ (-%[1]s +%[2]s):\n%s", group[0], name, diff)
			}
		}
	}
}

func decodeFile(t *testing.T, p string) *soup.List {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, _, err := sbom.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return l
}

// endless is a reader of n bytes that generates them: a JSON object
// padded with spaces.
type endless struct{ n, read int64 }

func (r *endless) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n-r.read)]
	for i := range p {
		p[i] = ' '
	}
	if r.read == 0 && len(p) > 0 {
		p[0] = '{'
	}
	r.read += int64(len(p))
	return len(p), nil
}

// TestDecodeBound: a 2 GB stream is rejected once the bound is passed,
// without reading the rest.
func TestDecodeBound(t *testing.T) {
	r := &endless{n: 2 << 30}
	_, _, _, err := (&sbom.Decoder{MaxBytes: 1 << 20}).Decode(r)
	if !errors.Is(err, sbom.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	if r.read > 2<<20 {
		t.Errorf("read %d bytes for a bound of 1 MiB", r.read)
	}
	var de *sbom.DecodeError
	if !errors.As(err, &de) {
		t.Errorf("err = %T, want *DecodeError", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	cdx := func(body string) string {
		return `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,` + body + `}`
	}
	spdx := `{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"x","documentNamespace":"urn:x",` +
		`"creationInfo":{"created":"2026-01-01T00:00:00Z","creators":["Tool: x"]},"packages":[%s]}`
	for _, tc := range []struct {
		name   string
		format string // explicit format, else sniffed
		in     string
		is     error  // errors.Is target, or nil
		want   string // substring of the message
	}{
		{name: "empty", in: "", is: sbom.ErrUnknownFormat, want: "empty input"},
		{name: "truncated JSON", in: cdx(`"components":[{"type":"library","name":"a"},`)[:60], want: "sbom: cyclonedx-json@1.6: line 1"},
		{name: "truncated component", in: cdx(`"components":[{"type":"library","name":"a"},{"type":"library","name":`), want: "cyclonedx-json@1.6: line 1"},
		{name: "wrong type", in: cdx(`"components":[{"type":"library","name":7}]`), want: "cyclonedx-json@1.6: line 1, column 97: components.name"},
		{name: "wrong bomFormat", in: `{"bomFormat":"SPDX","specVersion":"1.6"}`, is: sbom.ErrUnknownFormat, want: `bomFormat "SPDX"`},
		{name: "CycloneDX 1.8", in: `{"bomFormat":"CycloneDX","specVersion":"1.8"}`, is: sbom.ErrUnsupportedVersion, want: `cyclonedx-json@1.8: line 1, column 44: unsupported specification version "1.8"`},
		{name: "CycloneDX 0.9 XML", in: `<bom xmlns="http://cyclonedx.org/schema/bom/0.9"/>`, is: sbom.ErrUnsupportedVersion, want: "cyclonedx-xml@0.9"},
		{name: "SPDX 2.0", in: `{"spdxVersion":"SPDX-2.0"}`, is: sbom.ErrUnsupportedVersion, want: "spdx-json@2.0"},
		{name: "SPDX 3.1", in: `{"@context":"https://spdx.org/rdf/3.1/spdx-context.jsonld","@graph":[]}`, is: sbom.ErrUnsupportedVersion, want: `spdx3-json@3.1: line 1, column 58: unsupported specification version "3.1"`},
		{name: "SPDX 3 broken", in: `{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":{}}`, want: "spdx3-json@3.0.1: @graph is not an array"},
		{name: "JSON array", in: `[{"@type":"https://schema.org/Thing"}]`, is: sbom.ErrUnknownFormat, want: "a JSON array"},
		{name: "doctype", in: `<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaa">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6">&a;</bom>`, want: "DOCTYPE"},
		{name: "doctype explicit", format: "cyclonedx-xml", in: `<!DOCTYPE bom><bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>`, want: "DOCTYPE"},
		{name: "other XML", in: `<svg xmlns="http://www.w3.org/2000/svg"/>`, is: sbom.ErrUnknownFormat, want: "<svg>"},
		{name: "SPDX read as CycloneDX", format: "cyclonedx-json", in: fmt.Sprintf(spdx, ""), is: sbom.ErrUnknownFormat, want: "input is spdx-json@2.3"},
		{name: "missing SPDXID", in: fmt.Sprintf(spdx, `{"name":"a","downloadLocation":"NONE"},{"name":"flask","downloadLocation":"NONE"}`),
			want: `spdx-json@2.3: line 1, column 203: package 1 "a": missing SPDXID`},
		{name: "tag-value garbage", in: "SPDXVersion: SPDX-2.3\nPackageName\n", want: "spdx-tagvalue@2.3"},
		{name: "unknown JSON", in: `{"hello":"world"}`, is: sbom.ErrUnknownFormat},
		{name: "unknown text", in: "just some text", is: sbom.ErrUnknownFormat},
		{name: "gzip", in: "\x1f\x8b\x08\x00\x00\x00\x00\x00", is: sbom.ErrUnknownFormat, want: "gzip-compressed data (decompress it first)"},
		{name: "zip", in: "PK\x03\x04\x14\x00", is: sbom.ErrUnknownFormat, want: "ZIP archive"},
		{name: "utf-32", in: "\xff\xfe\x00\x00{\x00\x00\x00", is: sbom.ErrUnknownFormat, want: "UTF-32"},
		{name: "bad native list", in: `{"items":[{"name":"a","riskLevel":"B"}]}`, want: "soupkit-json: line 1: soup: json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d sbom.Decoder
			if tc.format != "" {
				f, err := sbom.ParseFormat(tc.format)
				if err != nil {
					t.Fatal(err)
				}
				d.Format = f
			}
			l, _, _, err := d.Decode(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("no error; list %v", l)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want errors.Is %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to contain %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "sbom: ") {
				t.Errorf("err = %q, want the sbom: prefix", err)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{`{"bomFormat":"CycloneDX","specVersion":"1.5"}`, "cyclonedx-json@1.5"},
		{"\ufeff  {\"$schema\":\"x\",\"components\":[{\"a\":[1,2]}],\"specVersion\":\"1.2\",\"bomFormat\":\"CycloneDX\"}", "cyclonedx-json@1.2"},
		{`<?xml version="1.0"?><!-- c --><bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"/>`, "cyclonedx-xml@1.4"},
		{`{"SPDXID":"SPDXRef-DOCUMENT","spdxVersion":"SPDX-2.2"}`, "spdx-json@2.2"},
		{"# comment\n\nSPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n", "spdx-tagvalue@2.3"},
		{"spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n", "spdx-yaml@2.3"},
		{`{"system":{"name":"x"},"items":[]}`, "soupkit-json"},
		{"items:\n  - name: flask\n", "soupkit-yaml"},
	} {
		f, err := sbom.Detect([]byte(tc.in))
		if err != nil || f.String() != tc.want {
			t.Errorf("Detect(%.40q) = %v, %v; want %s", tc.in, f, err, tc.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"cyclonedx-json", "cyclonedx-json"},
		{"CycloneDX-XML@1.5", "cyclonedx-xml@1.5"},
		{"cdx-json@v1.6", "cyclonedx-json@1.6"},
		{"spdx-json@2.3", "spdx-json@2.3"},
		{"spdx-tagvalue", "spdx-tagvalue"},
		{"spdx-tv@2.2", "spdx-tagvalue@2.2"},
		{"spdx-yaml", "spdx-yaml"},
		{"soupkit-yaml", "soupkit-yaml"},
		{"native-json", "soupkit-json"},
	} {
		f, err := sbom.ParseFormat(tc.in)
		if err != nil || f.String() != tc.want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %s", tc.in, f, err, tc.want)
		}
	}
	for _, in := range []string{"", "cyclonedx", "cyclonedx-yaml", "spdx-xml", "cyclonedx-json@1.9", "spdx-json@3.0", "pdf-json", "soupkit-json@1"} {
		if f, err := sbom.ParseFormat(in); err == nil {
			t.Errorf("ParseFormat(%q) = %v, want an error", in, f)
		}
	}
	for _, f := range sbom.Formats() {
		g, err := sbom.ParseFormat(f.String())
		if err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %v, %v", f, g, err)
		}
		b, _ := f.MarshalText()
		var h sbom.Format
		if err := h.UnmarshalText(b); err != nil || h != f {
			t.Errorf("UnmarshalText(%s) = %v, %v", b, h, err)
		}
	}
	var h sbom.Format
	if err := h.UnmarshalText([]byte("cyclonedx-pdf")); err == nil {
		t.Error("UnmarshalText accepts cyclonedx-pdf")
	}
}

// TestDecodeByteOrderMarks: SBOMs saved on Windows start with a byte order
// mark, and PowerShell's redirection writes UTF-16; each decodes as the
// plain UTF-8 file does, in every encoding.
func TestDecodeByteOrderMarks(t *testing.T) {
	encode16 := func(order binary.AppendByteOrder, bom []byte) func([]byte) []byte {
		return func(b []byte) []byte {
			out := slices.Clone(bom)
			for _, u := range utf16.Encode([]rune(string(b))) {
				out = order.AppendUint16(out, u)
			}
			return out
		}
	}
	marks := map[string]func([]byte) []byte{
		"utf-8":    func(b []byte) []byte { return append([]byte{0xEF, 0xBB, 0xBF}, b...) },
		"utf-16le": encode16(binary.LittleEndian, []byte{0xFF, 0xFE}),
		"utf-16be": encode16(binary.BigEndian, []byte{0xFE, 0xFF}),
	}
	for _, name := range []string{"quirks.cdx.json", "quirks.cdx.xml", "quirks.spdx", "quirks.spdx.json", "quirks.spdx.yaml"} {
		data, err := os.ReadFile("testdata/decode/" + name)
		if err != nil {
			t.Fatal(err)
		}
		want, wf, err := sbom.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for mark, encode := range marks {
			got, f, err := sbom.Decode(bytes.NewReader(encode(data)))
			if err != nil {
				t.Errorf("%s in %s: %v", name, mark, err)
				continue
			}
			if f != wf {
				t.Errorf("%s in %s: format %v, want %v", name, mark, f, wf)
			}
			if diff := cmp.Diff(want, got, dateCmp); diff != "" {
				t.Errorf("%s in %s (-plain +marked):\n%s", name, mark, diff)
			}
		}
	}
	for name, in := range map[string][]byte{
		"utf-32":            {0xFF, 0xFE, 0, 0, '{', 0, 0, 0},
		"odd utf-16":        {0xFF, 0xFE, '{', 0, '}'},
		"utf-16 of no sbom": encode16(binary.LittleEndian, []byte{0xFF, 0xFE})([]byte("hello")),
	} {
		if _, _, err := sbom.Decode(bytes.NewReader(in)); !errors.Is(err, sbom.ErrUnknownFormat) {
			t.Errorf("%s: err = %v, want ErrUnknownFormat", name, err)
		}
	}
}

// TestDecodeXMLEncodings: CycloneDX XML declared in Latin-1 is transcoded,
// a UTF-16 declaration on text transcoded from UTF-16 is corrected, and
// other encodings are refused by name.
func TestDecodeXMLEncodings(t *testing.T) {
	doc := func(enc string) string {
		return `<?xml version="1.0" encoding="` + enc + `"?>` + "\n" +
			`<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"><components>` +
			`<component type="library"><name>café</name><version>1.0</version></component></components></bom>`
	}
	latin1 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r))
		}
		return b
	}
	utf16le := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
		return b
	}
	for name, in := range map[string][]byte{
		"utf-8":                 []byte(doc("UTF-8")),
		"iso-8859-1":            latin1(doc("ISO-8859-1")),
		"us-ascii":              latin1(doc("us-ascii")),
		"utf-16":                utf16le(doc("UTF-16")),
		"single quotes, spaces": latin1(strings.Replace(doc("latin1"), `encoding="latin1"`, `encoding = 'latin1'`, 1)),
	} {
		l, _, err := sbom.Decode(bytes.NewReader(in))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(l.Items) != 1 || l.Items[0].Name != "café" {
			t.Errorf("%s: items %+v, want café", name, l.Items)
		}
	}
	_, _, err := sbom.Decode(strings.NewReader(doc("Shift_JIS")))
	if !errors.Is(err, sbom.ErrUnknownFormat) || !strings.Contains(err.Error(), `XML in encoding "Shift_JIS"`) {
		t.Errorf("Shift_JIS: err = %v", err)
	}
}

// TestDecodeInvalidUTF8: text that is not UTF-8 (a Latin-1 name) decodes
// with the invalid bytes as U+FFFD and a warning, in every family.
func TestDecodeInvalidUTF8(t *testing.T) {
	for name, word := range map[string]string{"quirks.cdx.json": `"express"`, "quirks.cdx.xml": ">express<",
		"quirks.spdx": "itsdangerous", "quirks.spdx.json": "itsdangerous", "quirks.spdx.yaml": "itsdangerous"} {
		data, err := os.ReadFile("testdata/decode/" + name)
		if err != nil {
			t.Fatal(err)
		}
		bad := strings.Replace(word, "e", "\xe9", 1)
		data = bytes.ReplaceAll(data, []byte(word), []byte(bad))
		bad = strings.Trim(bad, `"<>`)
		l, _, rep, err := new(sbom.Decoder).Decode(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(rep.Warnings) == 0 || !strings.Contains(rep.Warnings[0].String(), "not valid UTF-8") {
			t.Errorf("%s: warnings %q, want the invalid UTF-8 first", name, rep.Warnings)
		}
		want := strings.ToValidUTF8(bad, "\uFFFD")
		found := false
		for _, it := range l.Items {
			found = found || strings.HasSuffix(it.Name, want)
		}
		if !found {
			t.Errorf("%s: no item %s", name, want)
		}
	}
}
