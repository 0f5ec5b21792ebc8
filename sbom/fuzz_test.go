package sbom_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"

	"github.com/soupkit/soupkit/sbom"
)

// addSeeds adds the decoding fixtures and golden encoder outputs.
func addSeeds(f *testing.F) {
	for _, pattern := range []string{"testdata/decode/*", "testdata/golden/full.*", "testdata/full.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	// The documents of issue 11's classes, the small ones.
	classes, _ := filepath.Glob("testdata/classes/*")
	for _, p := range classes {
		if data, err := os.ReadFile(p); err == nil && len(data) < 32<<10 && !strings.HasSuffix(p, ".md") {
			f.Add(data)
		}
	}
	f.Add([]byte("SPDXVersion: SPDX-2.3\rSPDXID: SPDXRef-DOCUMENT\r\rPackageName: a\rSPDXID: a\rSnippetSPDXID: s\rSnippetComment: <text>x\r</text>\r"))
	f.Add([]byte(`{"_type": "https://in-toto.io/Statement/v1", "predicate": {"Data": "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}"}}`))
	f.Add([]byte(`{"_type":"https://in-toto.io/Statement/v1","predicateType":"p","predicate":{}}` + "\n" +
		`{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","dsseEnvelope":{"payloadType":"t","payload":"eyJzcGR4VmVyc2lvbiI6IlNQRFgtMi4zIn0"}}`))
	f.Add([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a","components":[{"type":"file","name":"b"}]}],"dependencies":[{"ref":"x","dependsOn":["x"]}]}`))
	f.Add([]byte("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n"))
	f.Add([]byte(`<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>x</name></component></components></bom>`))
	// Byte order marks: UTF-8, UTF-16 LE and BE, UTF-32.
	f.Add([]byte("\xEF\xBB\xBF{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}"))
	f.Add([]byte("\xFF\xFE{\x00\"\x00b\x00\"\x00:\x001\x00}\x00"))
	f.Add([]byte("\xFE\xFF\x00S\x00P\x00D\x00X\x00V\x00e\x00r\x00s\x00i\x00o\x00n\x00:\x00 \x00S\x00P\x00D\x00X\x00-\x002\x00.\x003"))
	f.Add([]byte("\xFF\xFE\x00\x00{\x00\x00\x00"))
}

// FuzzDetect: the sniffer never panics and either names a format or
// returns an error.
func FuzzDetect(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, err := sbom.Detect(data)
		if err == nil && (fm.Family == 0 || fm.Encoding == 0) {
			t.Fatalf("Detect = %v without error", fm)
		}
	})
}

// fuzzDecoder checks a decoder on any input: no panic; a decoded list is
// a valid native list (it re-reads) and encodes in every format.
func fuzzDecoder(f *testing.F, format string) {
	addSeeds(f)
	var fm sbom.Format
	if format != "" {
		var err error
		if fm, err = sbom.ParseFormat(format); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, _, rep, err := (&sbom.Decoder{Format: fm}).DecodeBytes(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "sbom: ") || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error not one line with the sbom: prefix: %q", err)
			}
			if de := (*sbom.DecodeError)(nil); !errors.As(err, &de) {
				t.Fatalf("error %v (%T) is no *sbom.DecodeError", err, err)
			}
			return
		}
		if rep == nil || rep.Items != len(l.Items) {
			t.Fatalf("report %v for %d items", rep, len(l.Items))
		}
		var buf bytes.Buffer
		if err := l.WriteYAML(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := soup.Parse(buf.Bytes()); err != nil {
			t.Fatalf("decoded list does not re-read: %v\n%s", err, buf.Bytes())
		}
		for _, out := range []string{"cyclonedx-xml@1.6", "spdx-tagvalue@2.3"} {
			of, _ := sbom.ParseFormat(out)
			buf.Reset()
			if err := sbom.Encode(&buf, l, of, nil); err != nil {
				t.Fatalf("encode %s: %v", out, err)
			}
		}
	})
}

func FuzzDecode(f *testing.F)              { fuzzDecoder(f, "") }
func FuzzDecodeCycloneDXJSON(f *testing.F) { fuzzDecoder(f, "cyclonedx-json") }
func FuzzDecodeCycloneDXXML(f *testing.F)  { fuzzDecoder(f, "cyclonedx-xml") }
func FuzzDecodeSPDXJSON(f *testing.F)      { fuzzDecoder(f, "spdx-json") }
func FuzzDecodeSPDXTagValue(f *testing.F)  { fuzzDecoder(f, "spdx-tagvalue") }
func FuzzDecodeSPDXYAML(f *testing.F)      { fuzzDecoder(f, "spdx-yaml") }
func FuzzDecodeNative(f *testing.F)        { fuzzDecoder(f, "soupkit-yaml") }

// FuzzRoundTrip puts arbitrary text into every kind of field and checks
// that every format gives the list back.
func FuzzRoundTrip(f *testing.F) {
	f.Add("flask", "1.1.2", "Pallets", "BSD-3-Clause", "line\nbreak", "", "SOUP-0001", "high")
	f.Add(" lead", "trail ", "Organization: x", "MIT OR (", "\"quoted", "<text>x</text>", "ID with space", "NOASSERTION")
	f.Add("ünï", "1:2.3~rc", "NOASSERTION", "LicenseRef-x", "\x00\x01\u2028", "\r\n", "a=b", "")
	f.Fuzz(func(t *testing.T, name, version, maker, license, text, elem, id, severity string) {
		for _, s := range []string{name, version, maker, license, text, elem, id, severity} {
			if !utf8.ValidString(s) {
				t.Skip("strings are UTF-8")
			}
		}
		l := &soup.List{
			System:     soup.System{Name: name, Version: version, Manufacturer: maker},
			Document:   soup.Document{Title: text, Approvers: []soup.Approver{{Name: elem}}},
			RiskLevels: soup.RiskLevels{High: text},
			Items: []soup.Item{{
				ID: id, Name: name, Version: version, Manufacturer: maker, License: license,
				Website: elem, Description: text, Notes: text,
				Hashes:       []soup.Hash{{Algorithm: severity, Value: elem}},
				Requirements: soup.Requirements{Functional: []string{text, elem, ""}},
				RequiredBy:   []string{id + "x"},
				Anomalies:    []soup.Anomaly{{ID: elem, Severity: severity, Justification: text}},
			}},
		}
		var buf bytes.Buffer
		if err := l.WriteYAML(&buf); err != nil {
			t.Skip()
		}
		want, err := soup.Parse(buf.Bytes())
		if err != nil {
			t.Skip("not a valid list") // e.g. a malformed purl
		}
		for _, fm := range sbom.Formats() {
			buf.Reset()
			if err := sbom.Encode(&buf, want, fm, nil); err != nil {
				t.Fatalf("%v: %v", fm, err)
			}
			got, _, err := sbom.Decode(&buf)
			if err != nil {
				t.Fatalf("%v: %v\n%s", fm, err, buf.Bytes())
			}
			if diff := cmp.Diff(want, got, dateCmp); diff != "" {
				t.Fatalf("%v (-want +got):\n%s", fm, diff)
			}
		}
	})
}

// FuzzApplyVEX: applying any input as a VEX document to a list never
// panics, and every error is a one-line *sbom.DecodeError.
func FuzzApplyVEX(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		l := &soup.List{Items: []soup.Item{
			{ID: "SOUP-0001", Name: "bash", Version: "1.0.0", PURL: "pkg:apk/wolfi/bash@1.0.0"},
			{ID: "SOUP-0002", Name: "jackson-databind", Version: "2.10.0", PURL: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"},
		}}
		rep, err := sbom.ApplyVEX(l, data)
		if err != nil {
			if de := (*sbom.DecodeError)(nil); !errors.As(err, &de) || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error %q (%T) is no one-line *sbom.DecodeError", err, err)
			}
			return
		}
		if rep == nil || rep.Items > len(l.Items) {
			t.Fatalf("report %v", rep)
		}
	})
}
