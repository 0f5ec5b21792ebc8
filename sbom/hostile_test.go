package sbom_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// TestYAMLRefused checks the YAML inputs of issue 12: a key repeated
// 10,000 times (which cost gigabytes in the YAML libraries) and a second
// document are refused in milliseconds, with one error naming the line.
func TestYAMLRefused(t *testing.T) {
	var many strings.Builder
	many.WriteString("spdxVersion: SPDX-2.3\ndataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n")
	for i := range 10000 {
		fmt.Fprintf(&many, "name: document %d\n", i)
	}
	tests := []struct {
		name, in, want string
	}{
		{"repeated key", many.String(), `sbom: spdx-yaml@2.3: line 5: key "name" given twice in one mapping (first at line 4)`},
		{"repeated nested key", "spdxVersion: SPDX-2.3\npackages:\n  - SPDXID: SPDXRef-a\n    name: a\n    name: b\n",
			`sbom: spdx-yaml@2.3: line 5: key "name" given twice in one mapping (first at line 4)`},
		{"second document", "spdxVersion: SPDX-2.3\nname: a\n---\nspdxVersion: SPDX-2.3\nname: b\n",
			"sbom: spdx-yaml@2.3: line 3: a second YAML document begins (---): the input must be one document"},
		{"native, repeated key", "items:\n  - id: SOUP-0001\n    id: SOUP-0002\n",
			`sbom: soupkit-yaml: line 3: key "id" given twice in one mapping (first at line 2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, _, err := sbom.Decode(strings.NewReader(tt.in))
			d := time.Since(start)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
			if d > time.Second && !raceEnabled {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestGraphWarnings: a bom-ref given twice and a dependency on a ref no
// component has are warnings in the report, not silence (issue 12).
func TestGraphWarnings(t *testing.T) {
	in := `{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "metadata": {"component": {"bom-ref": "app", "type": "application", "name": "app", "version": "1"}},
  "components": [
    {"bom-ref": "a", "type": "library", "name": "a", "version": "1", "purl": "pkg:npm/a@1"},
    {"bom-ref": "a", "type": "library", "name": "b", "version": "1", "purl": "pkg:npm/b@1"}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["a", "ghost"]},
    {"ref": "phantom", "dependsOn": ["a"]}
  ]}`
	_, _, rep, err := new(sbom.Decoder).DecodeBytes([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range rep.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		`a: bom-ref given to two elements; the dependencies of and on it are read as the last one's`,
		`ghost: a dependency names this bom-ref, which no element has; the dependency is dropped`,
		`phantom: a dependency names this bom-ref, which no element has; the dependency is dropped`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRepeatedJSONKey: a key written twice in a JSON SBOM is a warning
// naming it and its line (the decoder keeps the last value).
func TestRepeatedJSONKey(t *testing.T) {
	in := "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1,\n  \"components\": [\n    {\"type\": \"library\", \"name\": \"a\", \"version\": \"1\",\n     \"version\": \"2\"}]}"
	l, _, rep, err := new(sbom.Decoder).DecodeBytes([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if w := rep.Warnings; len(w) != 1 || w[0].Line != 4 || w[0].Column != 6 || w[0].Field != "version" ||
		w[0].String() != `key "version" written twice in one object; the last value is read` {
		t.Errorf("warnings = %q", rep.Warnings)
	}
	if l.Items[0].Version != "2" {
		t.Errorf("version %q, want the last one", l.Items[0].Version)
	}
}

// TestHashesSPDX22: hash algorithms SPDX 2.2 does not know (SHA3, BLAKE2b,
// BLAKE3) are not written as invalid checksums and do not fail the
// conversion: the soupkit:hashes annotation carries them (issue 12).
func TestHashesSPDX22(t *testing.T) {
	hashes := []soup.Hash{{Algorithm: "SHA-256", Value: "aa"}, {Algorithm: "SHA3-256", Value: "bb"},
		{Algorithm: "BLAKE2b-512", Value: "cc"}, {Algorithm: "BLAKE3", Value: "dd"}}
	l := &soup.List{Items: []soup.Item{{ID: "SOUP-0001", Name: "a", Version: "1", PURL: "pkg:npm/a@1", Hashes: hashes}}}
	for _, name := range []string{"spdx-json@2.2", "spdx-tagvalue@2.2", "spdx-yaml@2.2"} {
		f, err := sbom.ParseFormat(name)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := sbom.Encode(&b, l, f, nil); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, bad := range []string{`"algorithm": "SHA3-256"`, "PackageChecksum: SHA3-256", "PackageChecksum: BLAKE3", "algorithm: BLAKE3"} {
			if strings.Contains(b.String(), bad) {
				t.Errorf("%s: writes %q, which SPDX 2.2 does not know", name, bad)
			}
		}
		back, _, err := sbom.Decode(&b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(hashes, back.Items[0].Hashes); diff != "" {
			t.Errorf("%s: hashes (-want +got):\n%s", name, diff)
		}
	}
}

// TestTagValueAnyValue: SPDX tag-value holds any value, in and out: text
// with <text> and </text> in it (the fuzzer's find), the escape itself,
// several lines, and lines longer than 64 KiB (issue 12).
func TestTagValueAnyValue(t *testing.T) {
	long := strings.Repeat("long line ", 10000) // 100 KB, one line
	values := []string{
		"a <text> in the name",
		"ends a block </text> early",
		"both <text>x</text> and <\u200btext> and <\u200b\u200b/text>",
		"two\nlines with </text>\nand <text>",
		long,
	}
	for _, v := range values {
		l := &soup.List{Items: []soup.Item{{ID: "SOUP-0001", Name: "a", Version: "1", PURL: "pkg:npm/a@1",
			Description: v, Notes: v, Requirements: soup.Requirements{Functional: []string{v}}}}}
		for _, name := range []string{"spdx-tagvalue@2.3", "spdx-tagvalue@2.2"} {
			f, _ := sbom.ParseFormat(name)
			var b bytes.Buffer
			if err := sbom.Encode(&b, l, f, nil); err != nil {
				t.Fatalf("%s %.40q: %v", name, v, err)
			}
			back, _, err := sbom.Decode(&b)
			if err != nil {
				t.Fatalf("%s %.40q: %v", name, v, err)
			}
			it := back.Items[0]
			if it.Description != v || it.Notes != v || len(it.Requirements.Functional) != 1 || it.Requirements.Functional[0] != v {
				t.Errorf("%s %.40q: got description %.40q, notes %.40q, requirements %.40q", name, v, it.Description, it.Notes, it.Requirements.Functional)
			}
		}
	}
}

// TestTagValueLines reads tag-value with CR-only line ends, a line of 100
// KB and a text block of 100,000 lines (built in linear time), and says
// the line of an error with a short excerpt.
func TestTagValueLines(t *testing.T) {
	head := "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: d\nDocumentNamespace: https://example.com/d\nCreator: Tool: x\nCreated: 2026-01-01T00:00:00Z\n"
	pkg := "PackageName: a\nSPDXID: SPDXRef-a\nPackageVersion: 1\nPackageDownloadLocation: NOASSERTION\nFilesAnalyzed: false\n"
	start := time.Now()
	for name, in := range map[string]string{
		"CR only":    strings.ReplaceAll(head+pkg, "\n", "\r"),
		"CR LF":      strings.ReplaceAll(head+pkg, "\n", "\r\n"),
		"long line":  head + pkg + "PackageComment: " + strings.Repeat("x", 100000) + "\n",
		"long block": head + pkg + "PackageComment: <text>" + strings.Repeat("line\n", 100000) + "</text>\n",
	} {
		l, _, err := sbom.Decode(strings.NewReader(in))
		if err != nil || len(l.Items) != 1 || l.Items[0].Name != "a" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if d := time.Since(start); d > 5*time.Second && !raceEnabled {
		t.Errorf("took %v", d)
	}
	_, _, err := sbom.Decode(strings.NewReader(head + "no colon " + strings.Repeat("y", 1<<20) + "\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "sbom: spdx-tagvalue@2.3: line 8: no colon in \"no colon yyy") || len(err.Error()) > 200 {
		t.Errorf("err = %.300v", err)
	}
}

// TestShortMessages: errors and warnings quote a short excerpt of the
// input, not a megabyte-long field (issue 12).
func TestShortMessages(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	_, _, rep, err := new(sbom.Decoder).DecodeBytes([]byte(`{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "components": [{"type": "library", "name": "` + big + `", "version": "1", "purl": "pkg:` + big + `"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range rep.Warnings {
		if len(w.String()) > 1000 {
			t.Errorf("a warning of %d bytes: %.100s", len(w.String()), w.String())
		}
	}
	_, _, err = sbom.Decode(strings.NewReader("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: d\nDocumentNamespace: x\nCreator: Tool: x\nCreated: 2026-01-01T00:00:00Z\nPackageName: a\nSPDXID: SPDXRef-a\nPackageChecksum: " + big + "\n"))
	if err == nil || len(err.Error()) > 1000 {
		t.Errorf("error of %d bytes", len(fmt.Sprint(err)))
	}
}
