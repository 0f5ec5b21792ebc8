package sbom_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
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
			want := want
			if f.Family != sbom.Native {
				want = shipped(want)
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

// shipped is l as an SBOM describes it: without the items marked removed,
// and without links to them.
func shipped(l *soup.List) *soup.List {
	c := l.Clone()
	removed := map[string]bool{}
	for _, it := range c.Items {
		if it.Removed {
			removed[it.ID] = true
		}
	}
	c.Items = slices.DeleteFunc(c.Items, func(it soup.Item) bool { return it.Removed })
	for i := range c.Items {
		it := &c.Items[i]
		it.RequiredBy = slices.DeleteFunc(it.RequiredBy, func(id string) bool { return removed[id] })
		if len(it.RequiredBy) == 0 {
			it.RequiredBy = nil
		}
	}
	return c
}

// TestEncodeLeavesOutRemoved: an SBOM soupkit writes describes what ships;
// an item marked removed is no component or package of it and no edge
// points at it (issue 11 class 4).
func TestEncodeLeavesOutRemoved(t *testing.T) {
	l := &soup.List{System: soup.System{Name: "pump", Version: "1"}, Items: []soup.Item{
		{ID: "SOUP-0001", Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2", Dependency: soup.Direct},
		{ID: "SOUP-0002", Name: "chardet", Version: "3.0.4", PURL: "pkg:pypi/chardet@3.0.4", Dependency: soup.Transitive,
			RequiredBy: []string{"SOUP-0003"}, Removed: true},
		{ID: "SOUP-0003", Name: "requests", Version: "2.23.0", PURL: "pkg:pypi/requests@2.23.0", Dependency: soup.Direct},
		{ID: "SOUP-0004", Name: "urllib3", Version: "1.25.9", PURL: "pkg:pypi/urllib3@1.25.9", Dependency: soup.Transitive,
			RequiredBy: []string{"SOUP-0002", "SOUP-0003"}},
	}}
	for _, f := range sbom.Formats() {
		if f.Family == sbom.Native {
			continue
		}
		var buf bytes.Buffer
		if err := sbom.Encode(&buf, l, f, nil); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(bytes.ToLower(buf.Bytes()), []byte("chardet")) || bytes.Contains(buf.Bytes(), []byte("SOUP-0002")) {
			t.Errorf("%v: the removed item is written:\n%s", f, buf.Bytes())
		}
		got, _, err := sbom.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, it := range got.Items {
			names = append(names, it.Name+" "+strings.Join(it.RequiredBy, ","))
		}
		want := []string{"flask ", "requests ", "urllib3 SOUP-0003"}
		if diff := cmp.Diff(want, names); diff != "" {
			t.Errorf("%v: items (-want +got):\n%s", f, diff)
		}
	}
}
