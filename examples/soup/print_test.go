package main

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRenderPaper checks that -paper reaches the XLSX renderer: the item
// sheet of the workbook is set up for the paper asked for.
func TestRenderPaper(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyTo(t, dir, sbomV1)
	copyTo(t, dir, curatedV1)
	for paper, want := range map[string]int{"a4": 9, "letter": 1} {
		out := paper + ".xlsx"
		soupIn(t, 0, dir, "", "render", "-format", "xlsx", "-paper", paper, "-o", out, "-curated", "soup.yaml", "python-backend.cdx.json")
		f, err := excelize.OpenFile(filepath.Join(dir, out))
		if err != nil {
			t.Fatal(err)
		}
		if sheets := f.GetSheetList(); sheets[0] != "Document Control" {
			t.Errorf("%s: first sheet %q, want the document control", paper, sheets[0])
		}
		pl, err := f.GetPageLayout("SOUP List")
		if err != nil {
			t.Fatal(err)
		}
		if pl.Size == nil || *pl.Size != want {
			t.Errorf("%s: paper size %v, want %d", paper, pl.Size, want)
		}
		f.Close()
	}
}
