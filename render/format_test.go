package render_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
	"github.com/soupkit/soupkit/soup"
)

func hostileOptions() *render.Options {
	return &render.Options{Findings: rendertest.HostileFindings()}
}

// markdownTables checks every pipe table in md: each row has as many
// cells as its heading row, and no cell holds unescaped markup. It
// returns the number of table rows seen.
func markdownTables(t *testing.T, md string, allowBR bool) int {
	t.Helper()
	rows, width := 0, 0
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			width = 0
			if line != "" && !strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "## ") {
				if bad := checkMarkdownInline(line); bad != "" {
					t.Errorf("line %d: unescaped markup near %q", i+1, bad)
				}
				if strings.ContainsAny(line[:1], "#>-+=*<") {
					t.Errorf("line %d starts a block: %q", i+1, line[:min(40, len(line))])
				}
			}
			continue
		}
		cells := tableCells(line)
		if width == 0 {
			width = len(cells)
			continue
		}
		rows++
		if len(cells) != width {
			t.Errorf("line %d has %d cells, its table %d: %.80q", i+1, len(cells), width, line)
		}
		for _, c := range cells {
			if c := strings.TrimSpace(c); strings.HasPrefix(c, "<") && render.IsWebURL(strings.Trim(c, "<>")) {
				continue // an autolink
			}
			if !allowBR && strings.Contains(c, "<br>") {
				t.Errorf("line %d: <br> with NoHTML", i+1)
			}
			if bad := checkMarkdownInline(c); bad != "" {
				t.Errorf("line %d: unescaped markup near %q", i+1, bad)
			}
		}
	}
	return rows
}

func TestMarkdownHostile(t *testing.T) {
	v := mustView(t, rendertest.HostileList(), hostileOptions())
	var want int
	for _, tb := range v.Tables() {
		want += 1 + len(tb.Rows) // the delimiter row and the body rows
	}
	for _, m := range []render.Markdown{{}, {NoHTML: true}} {
		md := string(renderBytes(t, m, rendertest.HostileList(), hostileOptions()))
		if got := markdownTables(t, md, !m.NoHTML); got != want {
			t.Errorf("NoHTML=%v: %d table rows, want %d", m.NoHTML, got, want)
		}
		// Every item's name is in its row, escaped.
		for _, r := range v.Items.Rows {
			name := r.Item.Name
			esc := render.EscapeMarkdown(r.Cells[1].String())
			if m.NoHTML {
				esc = render.EscapeMarkdown(strings.ReplaceAll(r.Cells[1].String(), "\n", " "))
			}
			if !strings.Contains(md, "| "+esc+" |") {
				t.Errorf("NoHTML=%v: item %.20q is not in a cell as %.40q", m.NoHTML, name, esc)
			}
		}
	}
}

func TestMarkdownMultiValues(t *testing.T) {
	opts := &render.Options{Columns: mustPreset(t, "minimal"), Sort: render.AsGiven}
	md := string(renderBytes(t, render.Markdown{}, rendertest.FullList(), opts))
	if want := "| flask | 1.1.2 | Functional: Route HTTP requests of the device API to handlers<br>Performance: Answer 50"; !strings.Contains(md, want) {
		t.Errorf("multi-valued cell not joined by <br>:\n%s", md)
	}
	md = string(renderBytes(t, render.Markdown{NoHTML: true}, rendertest.FullList(), opts))
	if want := "| flask | 1.1.2 | Functional: Route HTTP requests of the device API to handlers; Performance: Answer 50"; !strings.Contains(md, want) {
		t.Errorf("multi-valued cell not joined by '; ':\n%s", md)
	}
}

var (
	htmlTag    = regexp.MustCompile(`<(/?)([A-Za-z!][A-Za-z0-9]*)([^>]*)>`)
	htmlAttr   = regexp.MustCompile(`\s([A-Za-z-]+)=`)
	htmlQuoted = regexp.MustCompile(`"[^"]*"`)
	htmlHref   = regexp.MustCompile(`\shref="([^"]*)"`)
	htmlTags   = []string{"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "section",
		"p", "table", "thead", "tbody", "tr", "th", "td", "a", "br", "div", "h3"}
	htmlAttrs = []string{"lang", "charset", "name", "content", "id", "class", "scope", "href"}
)

// checkHTML checks that page holds only the tags the HTML renderer
// writes, no script, and links only to web URLs.
func checkHTML(t *testing.T, page string) {
	t.Helper()
	for _, m := range htmlTag.FindAllStringSubmatch(page, -1) {
		if !slices.Contains(htmlTags, m[2]) {
			t.Errorf("unexpected tag <%s%s>", m[1], m[2])
		}
		for _, a := range htmlAttr.FindAllStringSubmatch(htmlQuoted.ReplaceAllString(m[3], `""`), -1) {
			if !slices.Contains(htmlAttrs, a[1]) {
				t.Errorf("unexpected attribute %s in <%s%s>", a[1], m[2], m[3])
			}
		}
	}
	for _, bad := range []string{"<script", "javascript:\"", "<img", "<iframe", "@import", "url("} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, m := range htmlHref.FindAllStringSubmatch(page, -1) {
		if u := html.UnescapeString(m[1]); !render.IsWebURL(u) {
			t.Errorf("link to %q", u)
		}
	}
	if n, m := strings.Count(page, "<td>"), strings.Count(page, "</td>"); n != m {
		t.Errorf("%d <td> and %d </td>", n, m)
	}
}

func TestHTMLHostile(t *testing.T) {
	for _, r := range []render.Renderer{render.HTML{}, render.Template{HTML: true}} {
		page := string(renderBytes(t, r, rendertest.HostileList(), hostileOptions()))
		checkHTML(t, page)
		if strings.Contains(page, "<a ") {
			t.Error("a hostile URL became a link")
		}
		v := mustView(t, rendertest.HostileList(), hostileOptions())
		for _, row := range v.Items.Rows {
			want := "<td>" + strings.ReplaceAll(html.EscapeString(row.Cells[1].String()), "\n", "<br>") + "</td>"
			if !strings.Contains(page, want) {
				t.Errorf("item %.20q is not in a cell as %.60q", row.Item.Name, want)
			}
		}
	}
}

func TestHTMLDocument(t *testing.T) {
	page := string(renderBytes(t, render.HTML{}, rendertest.FullList(), &render.Options{Findings: rendertest.FullFindings()}))
	checkHTML(t, page)
	for _, want := range []string{
		`<a href="https://github.com/pallets/flask/issues">https://github.com/pallets/flask/issues</a>`,
		"thead { display: table-header-group; }",
		"size: A4 landscape;",
		`content: "SOUP List — Infusion pump backend 2.4.0 · SOUP-LIST-001 rev. 7 · 2026-11-24"`,
		`content: "Page " counter(page) " of " counter(pages)`,
		`<div class="record risk-high">`, // 27 columns: one record per item
		`<tr><th scope="row">Issue Tracker</th><td><a href="https://github.com/pallets/flask/issues">`,
		`<tr class="suppressed">`,
		`<section id="approvals" class="approvals">`,
		"<td>syft 1.57.0<br>cyclonedx-gomod 1.10.0</td>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, c := range []struct {
		r    render.HTML
		cols string
	}{{render.HTML{AlwaysTable: true}, "full"}, {render.HTML{}, "template"}} {
		page = string(renderBytes(t, c.r, rendertest.FullList(), &render.Options{Columns: mustPreset(t, c.cols)}))
		checkHTML(t, page)
		if !strings.Contains(page, `<tr class="risk-high">`) || strings.Contains(page, `class="record`) {
			t.Errorf("%+v, %s preset: the SOUP table is not a table", c.r, c.cols)
		}
	}
	page = string(renderBytes(t, render.HTML{Portrait: true}, rendertest.FullList(), nil))
	if !strings.Contains(page, "size: A4 portrait;") {
		t.Error("Portrait: page is not portrait")
	}
}

// readCSV parses a CSV rendering, requiring the BOM and equal-length
// records.
func readCSV(t *testing.T, out []byte) [][]string {
	t.Helper()
	body, ok := bytes.CutPrefix(out, []byte("\uFEFF"))
	if !ok {
		t.Fatal("no byte order mark")
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the output does not parse as CSV: %v", err)
	}
	return records
}

func TestCSVHostile(t *testing.T) {
	out := renderBytes(t, render.CSV{}, rendertest.HostileList(), hostileOptions())
	records := readCSV(t, out)
	for i, rec := range records {
		for j, f := range rec {
			if f != "" && strings.ContainsAny(f[:1], "=+-@\t\r") {
				t.Errorf("record %d field %d starts with a formula character: %.40q", i+1, j+1, f)
			}
		}
	}
	// Each item's row is there, every field neutralised and intact.
	v := mustView(t, rendertest.HostileList(), hostileOptions())
	width := len(records[0])
	for _, row := range v.Items.Rows {
		want := make([]string, width)
		for i, c := range row.Cells {
			want[i] = render.SafeCell(c.String())
		}
		if !slices.ContainsFunc(records, func(r []string) bool { return slices.Equal(r, want) }) {
			t.Errorf("no record for item %.20q", row.Item.Name)
		}
	}
	if !bytes.Contains(out, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(out, []byte("\r\n"), nil), []byte("\n")) &&
		!bytes.Contains(out, []byte("\"")) {
		t.Error("records do not end with CRLF")
	}
}

func TestCSVLayout(t *testing.T) {
	opts := &render.Options{Columns: mustPreset(t, "minimal"), Sort: render.AsGiven}
	records := readCSV(t, renderBytes(t, render.CSV{TableOnly: true}, rendertest.FullList(), opts))
	want := [][]string{
		{"Name", "Version", "Requirements", "Issue Tracker", "Removed"},
		{"flask", "1.1.2", "Functional: Route HTTP requests of the device API to handlers\nPerformance: Answer 50 requests per second on the target server\nHardware: x86-64 server\nHardware: 512 MiB RAM\nSoftware: CPython 3.8\nSoftware: Werkzeug 1.0", "https://github.com/pallets/flask/issues", ""},
		{"werkzeug", "1.0.1", "Functional: Parse HTTP requests for flask\nPerformance: None beyond flask's\nHardware: None\nSoftware: CPython 3.8", "https://github.com/pallets/werkzeug/issues", ""},
		{"github.com/google/uuid", "v1.6.0", "Functional: Generate RFC 4122 UUIDs for infusion records\nSoftware: Go 1.22 or later", "", ""},
		{"left-pad", "1.3.0", "NOT DOCUMENTED", "", ""},
		{"openssl", "3.0.13", "NOT DOCUMENTED", "", ""},
		{"requests", "2.25.0", "", "", "yes"},
	}
	if diff := cmp.Diff(want, records); diff != "" {
		t.Errorf("TableOnly (-want +got):\n%s", diff)
	}
	l := rendertest.FullList()
	l.Items = l.Items[:2]
	records = readCSV(t, renderBytes(t, render.CSV{TableOnly: true}, l, opts))
	if diff := cmp.Diff([]string{"Name", "Version", "Requirements", "Issue Tracker"}, records[0]); diff != "" {
		t.Errorf("TableOnly without removed items: heading (-want +got):\n%s", diff)
	}
	out := renderBytes(t, render.CSV{NoBOM: true}, rendertest.FullList(), opts)
	if bytes.HasPrefix(out, []byte("\uFEFF")) {
		t.Error("NoBOM: the output starts with a BOM")
	}
	records, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := records[0][0]; got != "SOUP List — Infusion pump backend 2.4.0" {
		t.Errorf("first field = %q, want the title", got)
	}
	if !slices.ContainsFunc(records, func(r []string) bool { return r[0] == "Signature" || r[3] == "Signature" }) {
		t.Error("no approval block")
	}
}

// jsonOutput is what the JSON renderer writes.
type jsonOutput struct {
	Generator string          `json:"generator"`
	List      json.RawMessage `json:"list"`
	Findings  soup.Findings   `json:"findings"`
}

var dateComparer = cmp.Comparer(func(a, b soup.Date) bool { return a.String() == b.String() })

func TestJSON(t *testing.T) {
	fs := rendertest.FullFindings()
	out := renderBytes(t, render.JSON{}, rendertest.FullList(), &render.Options{Findings: fs})
	var got jsonOutput
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Generator != "soupkit 0.1.0" {
		t.Errorf("generator = %q", got.Generator)
	}
	l, err := soup.Parse(got.List)
	if err != nil {
		t.Fatalf("the list does not read back: %v", err)
	}
	if diff := cmp.Diff(rendertest.FullList(), l, dateComparer); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(fs, got.Findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		fs   soup.Findings
		want string
	}{{nil, ""}, {soup.Findings{}, `"findings": []`}} {
		out := string(renderBytes(t, render.JSON{}, &soup.List{}, &render.Options{Findings: c.fs}))
		if has := strings.Contains(out, `"findings"`); has != (c.want != "") || !strings.Contains(out, c.want) {
			t.Errorf("findings %#v: output %s", c.fs, out)
		}
	}
}

func TestJSONHostile(t *testing.T) {
	out := renderBytes(t, render.JSON{}, rendertest.HostileList(), hostileOptions())
	if !json.Valid(out) {
		t.Fatal("invalid JSON")
	}
	if bytes.ContainsAny(out, "<>") {
		t.Error("< or > not escaped")
	}
	var got jsonOutput
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	// soup.Parse reads JSON with a YAML decoder, which rejects the
	// escaped control characters of the hostile names; encoding/json
	// reads them.
	var l soup.List
	if err := json.Unmarshal(got.List, &l); err != nil {
		t.Fatalf("the list does not read back: %v", err)
	}
	for i, name := range rendertest.HostileNames() {
		if want := strings.ToValidUTF8(name, "\uFFFD"); l.Items[i].Name != want && !strings.Contains(name, "\xff") {
			t.Errorf("item %d: name %.30q, want %.30q", i+1, l.Items[i].Name, want)
		}
	}
}

func TestTemplate(t *testing.T) {
	l := rendertest.FullList()
	for _, c := range []struct {
		tmpl render.Template
		want string
	}{
		{render.Template{Text: `{{.Title}}|{{date .Date}}|{{upper "a"}}{{lower "B"}}|{{join "+" (index .Items.Rows 0).Cells.x}}`}, ""},
		{render.Template{Text: `{{.Counts.Items}} {{len .Tables}} {{.Items.Title}} {{(index .Items.Rows 3).Item.Name}}`}, "5 10 SOUP Items flask"},
		{render.Template{Text: `{{join ", " (index .Origin.Rows 0).Cells 5}}`}, ""},
		{render.Template{Text: `{{join ", " (index (index .Origin.Rows 0).Cells 5)}}`}, "syft 1.57.0, cyclonedx-gomod 1.10.0"},
		{render.Template{Text: `{{mdEscape "a|b"}} {{safeCell "=1"}} {{csvEscape "-x,y"}} {{htmlEscape "<&>"}} {{isWebURL "javascript:x"}} {{isWebURL "https://x.example"}}`},
			`a\|b '=1 "'-x,y" &lt;&amp;&gt; false true`},
		{render.Template{Text: `{{htmlCell (index (index .Items.Rows 3).Cells 8)}} {{rowClass (index .Items.Rows 3)}} {{orientation}}`},
			`<a href="https://github.com/pallets/flask/issues">https://github.com/pallets/flask/issues</a> risk-medium landscape`},
		{render.Template{Text: `<p>{{.List.System.Name}}</p>`, HTML: true}, "<p>Infusion pump backend</p>"},
		{render.Template{Text: `{{.List.Document.Title}}`}, ""},
	} {
		var b bytes.Buffer
		err := c.tmpl.Render(&b, l, &render.Options{Findings: rendertest.FullFindings()})
		if c.want == "" {
			if !errors.Is(err, render.ErrTemplate) && c.tmpl.Text != "{{.List.Document.Title}}" {
				t.Errorf("%q: err = %v, want ErrTemplate", c.tmpl.Text, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.tmpl.Text, err)
			continue
		}
		if got := b.String(); got != c.want {
			t.Errorf("%q = %q, want %q", c.tmpl.Text, got, c.want)
		}
	}
}

func TestTemplateHTMLEscapes(t *testing.T) {
	tmpl := render.Template{HTML: true, Text: `{{range .Items.Rows}}<p title="{{.Item.Name}}">{{.Item.Name}}</p><a href="{{.Item.Website}}">x</a>{{end}}`}
	page := string(renderBytes(t, tmpl, rendertest.HostileList(), nil))
	if strings.Contains(page, "<script") || strings.Contains(page, `href="javascript:`) || strings.Contains(page, `href="data:`) {
		t.Errorf("html/template let markup or a script URL through:\n%.400s", page)
	}
}

func TestTemplateErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.tmpl")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), render.MaxTemplateBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		tmpl render.Template
		is   []error
	}{
		{"both", render.Template{Path: "testdata/report.md.tmpl", Text: "x"}, []error{render.ErrTemplate}},
		{"missing file", render.Template{Path: filepath.Join(dir, "nope.tmpl")}, []error{render.ErrTemplate, fs.ErrNotExist}},
		{"too large", render.Template{Path: big}, []error{render.ErrTemplate, soup.ErrTooLarge}},
		{"syntax", render.Template{Text: "{{.Title"}, []error{render.ErrTemplate}},
		{"html syntax", render.Template{Text: "{{.Title", HTML: true}, []error{render.ErrTemplate}},
		{"no such field", render.Template{Text: "before {{.Nope}}"}, []error{render.ErrTemplate}},
		{"no such function", render.Template{Text: "{{nope .Title}}"}, []error{render.ErrTemplate}},
		{"html exec", render.Template{Text: "before {{.Nope}}", HTML: true}, []error{render.ErrTemplate}},
	} {
		var b bytes.Buffer
		err := c.tmpl.Render(&b, rendertest.FullList(), nil)
		for _, want := range c.is {
			if !errors.Is(err, want) {
				t.Errorf("%s: err = %v, want %v", c.name, err, want)
			}
		}
		if b.Len() > 0 {
			t.Errorf("%s: wrote %q before failing", c.name, b.String())
		}
		if err != nil && (!strings.HasPrefix(err.Error(), "render: template: ") || strings.Contains(err.Error(), "template: template:")) {
			t.Errorf("%s: error %q does not read render: template: … once", c.name, err)
		}
	}
}

var errWrite = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteErrors(t *testing.T) {
	for _, b := range builtins {
		err := b.r.Render(failingWriter{}, rendertest.FullList(), nil)
		if !errors.Is(err, errWrite) || !strings.HasPrefix(err.Error(), "render: "+b.name+": ") {
			t.Errorf("%s: err = %v, want render: %s: … wrapping the writer's error", b.name, err, b.name)
		}
	}
}

// TestHTMLPrintFlowsRecords checks the print stylesheet of the record
// layout: records are compact cards that flow, several to a page; no rule
// starts a page at a record.
func TestHTMLPrintFlowsRecords(t *testing.T) {
	var b strings.Builder
	if err := (render.HTML{}).Render(&b, rendertest.FullList(), nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, `<div class="record`) {
		t.Fatal("the full columns are not laid out as records")
	}
	_, printCSS, ok := strings.Cut(out, "@media print {")
	if !ok {
		t.Fatal("no print stylesheet")
	}
	printCSS, _, _ = strings.Cut(printCSS, "</style>")
	if !strings.Contains(printCSS, ".record tbody { display: grid; grid-template-columns: max-content 1fr max-content 1fr;") {
		t.Errorf("records do not print as two-field-a-line cards:\n%s", printCSS)
	}
	for _, rule := range strings.Split(out[strings.Index(out, "<style>"):strings.Index(out, "</style>")], "\n") {
		if strings.Contains(rule, ".record") && (strings.Contains(rule, "break-before: page") || strings.Contains(rule, "break-after: page") || strings.Contains(rule, "page-break-before: always") || strings.Contains(rule, "page-break-after: always")) {
			t.Errorf("a rule starts a page at a record: %s", rule)
		}
	}
}

// TestHTMLPaper checks the page size of the print stylesheet.
func TestHTMLPaper(t *testing.T) {
	for _, c := range []struct {
		h    render.HTML
		want string
	}{
		{render.HTML{}, "size: A4 landscape;"},
		{render.HTML{Letter: true}, "size: letter landscape;"},
		{render.HTML{Letter: true, Portrait: true}, "size: letter portrait;"},
	} {
		var b strings.Builder
		if err := c.h.Render(&b, rendertest.FullList(), nil); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), c.want) {
			t.Errorf("%+v: no %q in the stylesheet", c.h, c.want)
		}
	}
}
