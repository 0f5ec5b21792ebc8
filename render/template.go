package render

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"os"
	"strings"
	texttemplate "text/template"

	"github.com/soupkit/soupkit/soup"
)

// MaxTemplateBytes bounds the size of a template file read by [Template].
const MaxTemplateBytes = 1 << 20

// Template renders a Go template of the caller's, so that a team can
// reproduce the layout of its existing documents. The template comes from
// the file at Path or from Text (not both); without either, Template uses
// a built-in layout: plain text, or with HTML set the layout of [HTML].
// With HTML set the template is an html/template, which escapes every
// value for its context; otherwise it is a text/template, which escapes
// nothing unless the template asks (mdEscape, csvEscape, …).
//
// The template is executed with the [*View] of the list as its data: .Title,
// .Date, .Generator, .Status and .Draft (print them: a document with open
// errors must say DRAFT), .Class, .Edition, the tables .Control,
// .Validation, .Approvals, .History, .Origin, .Compliance, .Summary,
// .RiskLevels, .Items, .NotSOUP, .Removed and .Findings (nil when absent), .Tables
// (the present ones in document order), .Counts, and .List, the list
// itself. A [Table] has .Title, .Note, .Headings, .Rows, .Empty and
// .FillIn; a [Row] has .Cells, .Label and, in the item and findings tables,
// .Item or .Finding; a [Cell] is a []string of values.
//
// The template may call these functions besides the built-in ones:
//
//	join SEP VALUES  the values (a Cell or []string) joined by SEP
//	date D           a soup.Date as YYYY-MM-DD ("" when unset)
//	upper S, lower S S in upper or lower case
//	mdEscape S       S escaped for Markdown (see EscapeMarkdown)
//	mdCell CELL      the values escaped for Markdown, joined by <br>
//	csvEscape S      S as one CSV field: neutralised with SafeCell, quoted
//	                 when needed
//	safeCell S       S neutralised with SafeCell
//	htmlEscape S     S escaped for HTML text or a quoted attribute
//	isWebURL S       whether S is an http or https URL (see IsWebURL)
//	htmlCell CELL    the values escaped for HTML, http(s) URLs as links,
//	                 joined by <br> (for html/template: it is safe HTML)
//	rowClass ROW     a CSS class for a row: risk-high, risk-medium,
//	                 risk-low, error, warning or suppressed, or ""
//	orientation      "landscape", the page orientation of the HTML layout
//	paper            "A4", the paper size of the HTML layout
//	records TABLE    whether the HTML layout shows TABLE one record per row
//	                 (an item table of more than MaxHTMLColumns columns)
//	footer VIEW      the printed pages' footer: title, document ID and
//	                 revision, date
type Template struct {
	// Path is the template file; it is read on each Render, up to
	// MaxTemplateBytes.
	Path string
	// Text is the template itself, when Path is empty.
	Text string
	// HTML makes the template an html/template.
	HTML bool
}

// Funcs returns the functions available to a [Template], as a map a
// caller can pass to text/template or html/template's Funcs to reuse them
// in a template of its own.
func Funcs() map[string]any {
	return map[string]any{
		"join":        func(sep string, v []string) string { return strings.Join(v, sep) },
		"date":        func(d soup.Date) string { return d.String() },
		"upper":       strings.ToUpper,
		"lower":       strings.ToLower,
		"mdEscape":    EscapeMarkdown,
		"mdCell":      Markdown{}.cellText,
		"csvEscape":   csvField,
		"safeCell":    SafeCell,
		"htmlEscape":  htmltemplate.HTMLEscapeString,
		"isWebURL":    IsWebURL,
		"htmlCell":    htmlCell,
		"rowClass":    rowClass,
		"orientation": func() string { return "landscape" },
		"paper":       func() string { return "A4" },
		"records":     records,
		"footer":      footer,
	}
}

// csvField returns s as one CSV field, neutralised and quoted as needed.
func csvField(s string) string {
	s = SafeCell(s)
	if s == "" || !strings.ContainsAny(s, "\",\r\n") && s[0] != ' ' && s[0] != '\t' {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// ErrTemplate is returned, wrapped, when a template cannot be read, parsed
// or executed.
var ErrTemplate = errors.New("render: template")

// templateError is an error of the template package, which already names
// itself ("template: name:3: …"); it reads "render: template: name:3: …"
// and matches ErrTemplate.
type templateError struct{ err error }

func (e templateError) Error() string {
	return "render: template: " + strings.TrimPrefix(e.err.Error(), "template: ")
}

func (e templateError) Unwrap() error { return e.err }

func (e templateError) Is(target error) bool { return target == ErrTemplate }

// Render implements [Renderer].
func (t Template) Render(w io.Writer, l *soup.List, opts *Options) error {
	text, name, err := t.source()
	if err != nil {
		return err
	}
	v, err := NewView(l, opts)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := t.execute(&b, text, name, v); err != nil {
		return templateError{err}
	}
	return write(w, "template", b.Bytes())
}

// execute parses text as a text/template or html/template and executes
// it with v into b.
func (t Template) execute(b *bytes.Buffer, text, name string, v *View) error {
	if t.HTML {
		tmpl, err := htmltemplate.New(name).Funcs(Funcs()).Parse(text)
		if err != nil {
			return err
		}
		return tmpl.Execute(b, v)
	}
	tmpl, err := texttemplate.New(name).Funcs(Funcs()).Parse(text)
	if err != nil {
		return err
	}
	return tmpl.Execute(b, v)
}

// source returns the template text and its name.
func (t Template) source() (text, name string, err error) {
	switch {
	case t.Path != "" && t.Text != "":
		return "", "", fmt.Errorf("%w: both Path and Text are set", ErrTemplate)
	case t.Path != "":
		f, err := os.Open(t.Path)
		if err != nil {
			return "", "", fmt.Errorf("%w: %w", ErrTemplate, err)
		}
		defer f.Close()
		b, err := soup.ReadAll(f, MaxTemplateBytes)
		if err != nil {
			return "", "", fmt.Errorf("%w: %s: %w", ErrTemplate, t.Path, err)
		}
		return string(b), t.Path, nil
	case t.Text != "":
		return t.Text, "text", nil
	case t.HTML:
		return htmlPage, "html", nil
	}
	return defaultTemplate, "default", nil
}

// defaultTemplate is the plain-text layout of the zero Template: each
// section under its title, each row as "Heading: values" lines.
const defaultTemplate = `{{.Title}}
{{.Status}}
{{range .Tables}}{{$t := .}}
== {{.Title}} ==
{{with .Note}}{{.}}
{{end}}{{if not .Rows}}{{.Empty}}
{{end}}{{if and (eq (len .Headings) 2) (not .Columns)}}{{range .Rows -}}
{{join "; " (index .Cells 0)}}: {{join "; " (index .Cells 1)}}
{{end}}{{else}}{{range $i, $r := .Rows}}{{if $i}}
{{end}}{{range $j, $c := .Cells}}{{if $c}}{{index $t.Headings $j}}: {{join "; " $c}}
{{else if $t.FillIn}}{{index $t.Headings $j}}: ______________________________
{{end}}{{end}}{{end}}{{end}}{{end}}`
