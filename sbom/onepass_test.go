package sbom_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// onePassFormats are the formats whose encoders take the first pass in
// memory (form.InMemory) and stream their output.
func onePassFormats() []sbom.Format {
	var out []sbom.Format
	for _, f := range sbom.Formats() {
		if f.Encoding == sbom.JSON && (f.Family == sbom.CycloneDX || f.Family == sbom.SPDX || f.Family == sbom.SPDX3) {
			out = append(out, f)
		}
	}
	return out
}

// sameAsTwoPass fails t unless l encodes in every format to the bytes the
// write, read back and write again of form.TwoPass gives.
func sameAsTwoPass(t *testing.T, l *soup.List, o sbom.EncodeOptions) {
	t.Helper()
	sameBytes(t, l, o, onePassFormats()...)
}

// sameBytes is sameAsTwoPass for the formats fs.
func sameBytes(t *testing.T, l *soup.List, o sbom.EncodeOptions, fs ...sbom.Format) {
	t.Helper()
	for _, f := range fs {
		var got, want bytes.Buffer
		gerr := sbom.Encode(&got, l, f, &o)
		two := form.WithTwoPass(o)
		werr := sbom.Encode(&want, l, f, &two)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("%v: error %v, two passes give %v", f, gerr, werr)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			g, w := got.Bytes(), want.Bytes()
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			lo := max(0, i-300)
			t.Fatalf("%v: output differs from the two passes' at byte %d:\n got %q\nwant %q", f, i,
				g[lo:min(len(g), i+200)], w[lo:min(len(w), i+200)])
		}
	}
}

// TestOnePassSameBytes: the encoders that learn in memory what their
// native fields give back write the same bytes as writing and reading
// back did, on every fixture the package has.
func TestOnePassSameBytes(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/decode/*", "testdata/real/*", "testdata/classes/*", "testdata/golden/*.*", "testdata/golden/decode/*", "spdx3/testdata/*", "spdx3/testdata/real/*"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	n := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil || strings.HasSuffix(p, ".md") {
			continue
		}
		l, _, err := sbom.Decode(bytes.NewReader(data))
		if err != nil {
			continue
		}
		n++
		t.Run(strings.TrimPrefix(p, "testdata/"), func(t *testing.T) {
			t.Parallel()
			sameAsTwoPass(t, l, sbom.EncodeOptions{})
			// Our own SPDX 3 output of it, read back: a list that
			// soupkit annotations complete.
			var buf bytes.Buffer
			if err := sbom.Encode(&buf, l, sbom.Format{Family: sbom.SPDX3, Encoding: sbom.JSON}, nil); err != nil {
				t.Fatal(err)
			}
			back, _, err := sbom.Decode(&buf)
			if err != nil {
				t.Fatalf("reading our SPDX 3 back: %v", err)
			}
			sameAsTwoPass(t, back, sbom.EncodeOptions{})
		})
	}
	if n < 20 {
		t.Fatalf("only %d fixtures decoded", n)
	}
	t.Run("full.yaml", func(t *testing.T) {
		sameAsTwoPass(t, readFixture(t, "full.yaml"), sbom.EncodeOptions{})
		sameAsTwoPass(t, readFixture(t, "full.yaml"), sbom.EncodeOptions{NoVulnerabilities: true})
	})
	t.Run("awkward", func(t *testing.T) { sameAsTwoPass(t, awkwardList(t), sbom.EncodeOptions{}) })
	t.Run("namespace", func(t *testing.T) {
		// A namespace given, of any shape: the element IDs start with it.
		for _, ns := range []string{"https://example.com/sbom/pump 2.4#x", "ex:a", "_:b", "SPDXRef-DOCUMENT"} {
			sameAsTwoPass(t, awkwardList(t), sbom.EncodeOptions{Namespace: ns, Timestamp: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)})
		}
	})
	t.Run("invalid UTF-8", func(t *testing.T) {
		l := awkwardList(t)
		l.Items[len(l.Items)-1].Notes = "bad\xffutf8"
		sameAsTwoPass(t, l, sbom.EncodeOptions{})
	})
}

// awkwardList is full.yaml with values that a format changes or drops:
// empty and multi-line names, NOASSERTION, colons, markup, line and
// paragraph separators, hash algorithms and values a version does not
// know, invalid licences, severities and statuses, invalid UTF-8.
func awkwardList(t *testing.T) *soup.List {
	l := readFixture(t, "full.yaml")
	odd := []string{"", " padded ", "two\nlines", "NOASSERTION", "NONE", "Org: Sub: Unit", "<text>x</text>", "a\u2028b\u2029c",
		"tab\there", `quote " and \ backslash`, "ctl\x01\x1f", "<script>&amp;", "日本語", "Person: x", "SPDXRef-x", "\"quoted\""}
	base := l.Items[0]
	for i, s := range odd {
		it := base
		it.ID = ""
		if i%3 == 0 {
			it.ID = "SOUP-" + strings.Repeat("9", i+1)
		}
		it.Name, it.Version, it.Manufacturer = "odd-"+s, s, s
		if i%2 == 0 {
			it.Name = s
		}
		it.Description, it.Website, it.IssueTracker, it.VCS = s, s, "https://x.example/"+s, s
		it.License = []string{"MIT", "MIT OR Apache-2.0", s, "LicenseRef-x", "mit", "GPL-2.0+"}[i/2%6]
		if i%2 == 1 {
			it.License = s // a name, not an expression
		}
		it.PURL = []string{"", "pkg:npm/odd@1", "pkg:golang/example.com/x@" + s, "not a purl"}[i%4]
		it.CPE = []string{"", "cpe:/a:x:y:1", "cpe:2.3:a:x:y:1:*:*:*:*:*:*:*", s}[i%4]
		it.Hashes = []soup.Hash{
			{Algorithm: []string{"SHA-256", "SHA3-384", "BLAKE3", "BLAKE2b-256", "MD5", "x"}[i%6], Value: strings.Repeat("ab", 32)},
			{Algorithm: "SHA-1", Value: []string{"zz", "", strings.Repeat("0", 40), "a b"}[i%4]},
		}
		it.Anomalies = append([]soup.Anomaly(nil), base.Anomalies...)
		it.Anomalies = append(it.Anomalies, soup.Anomaly{ID: "CVE-2024-" + s, Source: s, Summary: s, Severity: []string{"high", "bad", ""}[i%3],
			Status: soup.AnomalyStatus(i % 5), Justification: []string{"", "code_not_present: gone", s}[i%3],
			Date: soup.NewDate(2026, 1, 1+i), Published: soup.NewDate(2025, 2, 1+i), Response: []string{"update"}[:i%2]})
		it.RequiredBy = []string{"SOUP-0001", "SOUP-9", "missing", ""}[i%4:]
		it.Dependency = soup.Dependency(i % 3)
		l.Items = append(l.Items, it)
	}
	l.System.Name, l.System.Manufacturer = "sys\nname", "NOASSERTION"
	return l
}

// FuzzOnePass: on any input the decoder takes, the one-pass encoders write
// what the two passes write.
func FuzzOnePass(f *testing.F) {
	addSeeds(f)
	addSPDX3Seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		l, _, err := sbom.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		sameAsTwoPass(t, l, sbom.EncodeOptions{})
	})
}

// addSPDX3Seeds adds the small real SPDX 3 documents.
func addSPDX3Seeds(f *testing.F) {
	files, _ := filepath.Glob("spdx3/testdata/real/*")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
}

// FuzzOnePassSPDX3 is FuzzOnePass for the SPDX 3 encoder alone, which
// learns what its native fields give back by reading its own objects in
// memory (spdx3.readBack): an eighth of the work per input.
func FuzzOnePassSPDX3(f *testing.F) {
	addSeeds(f)
	addSPDX3Seeds(f)
	spdx3 := sbom.Format{Family: sbom.SPDX3, Encoding: sbom.JSON}.WithDefault()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		l, _, err := sbom.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		sameBytes(t, l, sbom.EncodeOptions{}, spdx3)
	})
}
