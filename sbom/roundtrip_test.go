package sbom_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"

	"github.com/soupkit/soupkit/sbom"
)

// readFixture reads a native list from testdata.
func readFixture(t testing.TB, name string) *soup.List {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := soup.Read(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestRoundTrip encodes a fully documented list in every format and
// decodes it again: the list must come back unchanged.
func TestRoundTrip(t *testing.T) {
	want := readFixture(t, "full.yaml")
	for _, f := range sbom.Formats() {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := sbom.Encode(&buf, want, f, nil); err != nil {
				t.Fatal(err)
			}
			got, gf, err := sbom.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("decode: %v\n%s", err, buf.Bytes())
			}
			if gf != f {
				t.Errorf("format = %v, want %v", gf, f)
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(soup.Date{})); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRoundTripDecoded: what is decoded from real and fixture SBOMs
// survives every format too. Each file is a parallel subtest; with -short
// it goes through a third of the formats, chosen so that every format
// still gets a third of the files.
func TestRoundTripDecoded(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/decode/*", "testdata/real/*.json", "testdata/real/*.xml", "testdata/real/*.spdx"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	formats := sbom.Formats()
	for i, p := range files {
		t.Run(strings.TrimPrefix(p, "testdata/"), func(t *testing.T) {
			t.Parallel()
			want := decodeFile(t, p)
			for j, f := range formats {
				if testing.Short() && (i+j)%3 != 0 {
					continue
				}
				var buf bytes.Buffer
				if err := sbom.Encode(&buf, want, f, nil); err != nil {
					t.Fatalf("as %v: %v", f, err)
				}
				got, _, err := sbom.Decode(&buf)
				if err != nil {
					t.Fatalf("as %v: decode: %v", f, err)
				}
				if diff := cmp.Diff(want, got, dateCmp); diff != "" {
					t.Errorf("as %v (-want +got):\n%s", f, diff)
				}
			}
		})
	}
}
