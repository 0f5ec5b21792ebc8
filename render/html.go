package render

import (
	"bytes"
	"fmt"
	"html"
	htmltemplate "html/template"
	"io"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// HTML renders one self-contained HTML5 file: no external assets, no
// scripts, an inline stylesheet that prints well (A4 or US Letter,
// landscape by default, table headers repeated on every page, rows not
// split across pages, the SOUP table on a new page, a footer with the
// title, document ID, revision and date, and "Page N of M"), so that a browser's "Save as PDF" gives a
// clean document. The status follows the title; while the document is a
// draft, a DRAFT mark is printed at the top of every page. Every text is escaped; only http and https URLs (see
// [IsWebURL]) become links.
//
// A SOUP table of more than [MaxHTMLColumns] columns (the full preset has
// 27) does not fit a printed page as a table; it is laid out as one
// record per item instead, each a two-column table of heading and value,
// unless AlwaysTable is set. In print these records flow as compact cards,
// several to a page (two fields a line, each heading beside its value),
// not one card per page.
type HTML struct {
	// Portrait prints on portrait pages instead of landscape.
	Portrait bool
	// Letter prints on US Letter paper instead of A4.
	Letter bool
	// AlwaysTable lays out the SOUP table as a table however many columns
	// it has.
	AlwaysTable bool
}

// MaxHTMLColumns is the widest item table that [HTML] lays out as a table
// by default.
const MaxHTMLColumns = 12

// Render implements [Renderer].
func (h HTML) Render(w io.Writer, l *soup.List, opts *Options) error {
	v, err := NewView(l, opts)
	if err != nil {
		return err
	}
	orientation := "landscape"
	if h.Portrait {
		orientation = "portrait"
	}
	funcs := Funcs()
	paper := "A4"
	if h.Letter {
		paper = "letter"
	}
	funcs["orientation"] = func() string { return orientation }
	funcs["paper"] = func() string { return paper }
	funcs["records"] = func(t *Table) bool { return !h.AlwaysTable && records(t) }
	funcs["footer"] = footer
	tmpl, err := htmltemplate.New("html").Funcs(funcs).Parse(htmlPage)
	if err != nil {
		return fmt.Errorf("render: html: %w", err) // the built-in template parses: tested
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, v); err != nil {
		return fmt.Errorf("render: html: %w", err)
	}
	return write(w, "html", b.Bytes())
}

// htmlCell returns the values of c escaped for HTML and joined by <br>,
// with newlines as <br> and http(s) URLs as links.
func htmlCell(c Cell) htmltemplate.HTML {
	var b strings.Builder
	for i, s := range c {
		if i > 0 {
			b.WriteString("<br>")
		}
		e := html.EscapeString(s)
		if IsWebURL(s) {
			b.WriteString(`<a href="` + e + `">` + e + `</a>`)
			continue
		}
		b.WriteString(strings.ReplaceAll(e, "\n", "<br>"))
	}
	return htmltemplate.HTML(b.String())
}

// footer returns the text of the printed pages' footer: the title, the
// document ID and revision, and the date.
func footer(v *View) string {
	id := joinNonEmpty(" rev. ", v.List.Document.ID, v.List.Document.Revision)
	return clean(joinNonEmpty(" · ", v.Title, id, v.Date.String()))
}

// records reports whether the HTML layout shows t one record per row: an
// item table wider than MaxHTMLColumns.
func records(t *Table) bool { return t.Columns != nil && len(t.Headings) > MaxHTMLColumns }

// rowClass returns the CSS class of a row: its item's risk level, or
// "suppressed" for a suppressed finding.
func rowClass(r Row) string {
	switch {
	case r.Item != nil && r.Item.RiskLevel != 0:
		return "risk-" + r.Item.RiskLevel.String()
	case r.Finding != nil && r.Finding.Suppressed:
		return "suppressed"
	case r.Finding != nil:
		return r.Finding.Severity.String()
	}
	return ""
}

const htmlPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="{{.Generator}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
@page {
  size: {{paper}} {{orientation}}; margin: 12mm 12mm 16mm;
  @bottom-left { content: "{{footer .}}"; font: 8pt sans-serif; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #555; }
}
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #111; margin: 1.5em; }
h1 { font-size: 18pt; margin: 0 0 .6em; }
h2 { font-size: 13pt; margin: 1.4em 0 .4em; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 1em; }
th, td { border: 1px solid #999; padding: .25em .4em; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #e8e8e8; }
thead { display: table-header-group; }
tr, .record { break-inside: avoid; page-break-inside: avoid; }
#control, #approvals, #origin, #summary, #riskLevels { break-inside: avoid; page-break-inside: avoid; }
#control table, #summary table, #riskLevels table { width: auto; min-width: 50%; }
.approvals td { height: 2.4em; }
.approvals td:nth-child(3) { width: 14%; }
.approvals td:nth-child(4) { width: 30%; }
.record { margin: 0 0 1em; }
.record h3 { font-size: 11pt; margin: 0; padding: .2em .4em; border: 1px solid #999; border-bottom: none; background: #e8e8e8; }
.record table { margin: 0; }
.record th, .record td { padding: .1em .4em; }
.record th { width: 22%; font-weight: normal; background: none; }
.record td { overflow-wrap: anywhere; }
.risk-high h3 { background: #f8c4c1; }
.risk-medium h3 { background: #ffe49a; }
.risk-low h3 { background: #c7e8d0; }
tr.risk-high td, .risk-high td { background: #fde2e1; }
tr.risk-medium td, .risk-medium td { background: #fff3cd; }
tr.risk-low td, .risk-low td { background: #e6f4ea; }
tr.suppressed td { color: #555; }
.empty { font-style: italic; }
.status { font-weight: bold; padding: .4em .6em; border: 1px solid #999; background: #e6f4ea; }
.status.draft { color: #8b0000; border: 2px solid #8b0000; background: #fde2e1; }
.draftmark { display: none; }
a { color: #0645ad; }
@media print {
  body { margin: 0; font-size: 9pt; }
  .draftmark { display: block; position: fixed; top: 0; right: 0; font: bold 11pt sans-serif; color: #8b0000; border: 2px solid #8b0000; padding: 0 .4em; }
  a { color: inherit; text-decoration: none; }
  #items { break-before: page; page-break-before: always; }
  .record { margin: 0 0 .6em; }
  .record table, .record tbody { display: block; width: 100%; }
  .record tbody { display: grid; grid-template-columns: max-content 1fr max-content 1fr; border: 1px solid #999; border-top: none; }
  .record tr { display: contents; }
  .record th, .record td { display: block; width: auto; border: none; border-top: 1px solid #ddd; padding: .05em .4em; font-size: 8pt; }
  .record th { color: #444; white-space: nowrap; }
  .record h3 { font-size: 9.5pt; break-after: avoid; page-break-after: avoid; }
  th, td { padding: .15em .3em; }
}
</style>
</head>
<body>
{{- if .Draft}}
<div class="draftmark">DRAFT</div>
{{- end}}
<h1>{{.Title}}</h1>
<p class="status{{if .Draft}} draft{{end}}">{{.Status}}</p>
{{- range .Tables}}
<section id="{{.Section}}" class="{{.Section}}">
<h2>{{.Title}}</h2>
{{- with .Note}}
<p>{{.}}</p>
{{- end}}
{{- if and .Rows (records .)}}{{$t := .}}
{{- range .Rows}}
<div class="record{{with rowClass .}} {{.}}{{end}}">
<h3>{{.Label}}</h3>
<table>
<tbody>
{{- range $i, $c := .Cells}}
<tr><th scope="row">{{index $t.Headings $i}}</th><td>{{htmlCell $c}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
{{- end}}
{{- else if .Rows}}
<table>
<thead>
<tr>{{range .Headings}}<th scope="col">{{.}}</th>{{end}}</tr>
</thead>
<tbody>
{{- range .Rows}}
<tr{{with rowClass .}} class="{{.}}"{{end}}>{{range .Cells}}<td>{{htmlCell .}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p class="empty">{{.Empty}}</p>
{{- end}}
</section>
{{- end}}
</body>
</html>
`
