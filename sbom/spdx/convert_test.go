package spdx_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom/spdx"
	"github.com/soupkit/soupkit/soup"
)

// readFull reads the fully documented list the sbom tests share.
func readFull(t *testing.T) *soup.List {
	t.Helper()
	f, err := os.Open("../testdata/full.yaml")
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

// TestUpstreamTypes converts through the upstream library's type and back.
func TestUpstreamTypes(t *testing.T) {
	l := readFull(t)
	doc, err := spdx.ToDocument(l)
	if err != nil {
		t.Fatal(err)
	}
	got, rep := spdx.FromDocument(doc)
	if diff := cmp.Diff(l, got, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("FromDocument(ToDocument) (-want +got):\n%s", diff)
	}
	if rep.Items != len(l.Items) || len(rep.Ignored) != 0 {
		t.Errorf("report = %v", rep)
	}
}
