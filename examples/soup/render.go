package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/pdf"
	"github.com/soupkit/soupkit/render/xlsx"
)

// registry returns the renderers soup offers: the built-in ones and the
// XLSX and PDF renderers.
func registry() *render.Registry {
	reg := render.Builtin()
	// The names are not built in; an error would be a programming error
	// that the tests catch by rendering each format.
	_ = reg.Register("xlsx", xlsx.Renderer{})
	_ = reg.Register("pdf", pdf.Renderer{})
	return reg
}

// binaryFormats are the formats soup refuses to write to a terminal.
var binaryFormats = map[string]bool{"xlsx": true, "pdf": true}

// lookupRenderer returns the renderer for a -format value: a registered
// name, or template:FILE (an HTML template when FILE ends in .html or
// .htm).
func lookupRenderer(e *env, name string) (render.Renderer, error) {
	if path, ok := strings.CutPrefix(name, "template:"); ok {
		if path == "" {
			return nil, errors.New("-format template:FILE: no FILE given")
		}
		ext := strings.ToLower(filepath.Ext(path))
		return render.Template{Path: e.path(path), HTML: ext == ".html" || ext == ".htm"}, nil
	}
	reg := registry()
	r, ok := reg.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("-format: unknown format %q%s (want one of %s, or template:FILE)",
			name, suggest(name, reg.Names()), strings.Join(reg.Names(), ", "))
	}
	return r, nil
}

// parseColumns reads a -columns value: a preset name, or a comma-separated
// list of fields (name,version,riskLevel:Risk). An unknown name is an
// error that suggests the nearest field or preset.
func parseColumns(s string) ([]render.Column, error) {
	if s == "" {
		return nil, nil
	}
	cols, err := render.Preset(s)
	if err == nil {
		return cols, nil
	}
	if cols, err := render.ParseColumns(s); err == nil {
		return cols, nil
	}
	names := render.Presets()
	for _, fl := range render.Fields() {
		names = append(names, fl.String())
	}
	for _, part := range strings.Split(s, ",") {
		name, _, _ := strings.Cut(part, ":")
		if _, err := render.ParseField(name); err != nil {
			return nil, fmt.Errorf("-columns: unknown field or preset %q%s (presets: %s; -columns help lists the fields)",
				strings.TrimSpace(name), suggest(strings.TrimSpace(name), names), strings.Join(render.Presets(), ", "))
		}
	}
	return nil, fmt.Errorf("-columns: %w", err)
}

// columnsHelp lists the presets and every field -columns takes.
func columnsHelp() string {
	var b strings.Builder
	b.WriteString("Column presets (-columns PRESET):\n")
	for _, p := range render.Presets() {
		cols, _ := render.Preset(p)
		var names []string
		for _, c := range cols {
			names = append(names, c.Field.String())
		}
		fmt.Fprintf(&b, "  %-9s %s\n", p, strings.Join(names, ","))
	}
	b.WriteString("\nFields (-columns field,field:Heading,...):\n")
	for _, fl := range render.Fields() {
		fmt.Fprintf(&b, "  %-26s %s\n", fl.String(), fl.Heading())
	}
	return b.String()
}

func runRender(e *env, args []string) error {
	f := newFlags(e, "render", "soup render [-format NAME] [-columns PRESET] [-curated FILE] [-class A|B|C] [-policy FILE] [-findings] [-o FILE] INPUT...",
		`Render writes the SOUP list as a controlled document: a title and its status,
the document control, the validation context (class, date, policy, standard
edition), the approval block, the revision history, where the list came from
(with the SHA-256 of each input), the compliance summary, a summary, the risk
levels, the SOUP table, the components not considered SOUP and, with
-findings, each validation finding. While a finding at error level is open,
every page says DRAFT, and a field the class requires that is empty says
NOT DOCUMENTED.

Formats:
  `+strings.Join(registry().Names(), ", ")+`,
  or template:FILE for a Go template of your own (an html/template when FILE
  ends in .html). XLSX and PDF are written to a file (-o), not a terminal.

Columns:
  a preset (`+strings.Join(render.Presets(), ", ")+`; default full),
  or a comma-separated list of fields, each with an optional heading:
  name,version,riskLevel:Risk. -columns help lists every field.

Print: xlsx, pdf and html are laid out for -paper (A4 by default, or letter);
the xlsx sheets print landscape with the heading row on every page, one
page wide unless that would shrink the text below a readable size.`,
		`  soup render sbom.json > SOUP.md
  soup render -curated soup.yaml -format html -o SOUP.html sbom.json
  soup render -curated soup.yaml -format xlsx -o SOUP.xlsx sbom.json
  soup render -curated soup.yaml -columns minimal -findings sbom.json
  soup render -format template:soup.tmpl -curated soup.yaml sbom.json
  soup render -curated soup.yaml repo-a.cdx.json repo-b.spdx.json   # one list for two repositories`)
	var (
		common   commonFlags
		pf       policyFlags
		format   string
		columns  string
		findings bool
		out      string
		paper    string
	)
	common.register(f)
	pf.register(f, true)
	f.StringVar(&format, "format", "markdown", "the output `format`: a name from the list above, or template:FILE")
	f.StringVar(&columns, "columns", "", "the SOUP table's columns: a `PRESET` or a list of fields; help lists them")
	f.StringVar(&paper, "paper", "a4", "the paper `size` of the xlsx, pdf and html formats: a4 or letter")
	f.BoolVar(&findings, "findings", false, "add a section with the validation findings (see -class, -policy)")
	f.StringVar(&out, "o", "-", "the output `FILE`; - is standard output")
	inputs, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	r, err := lookupRenderer(e, format)
	if err != nil {
		return usageError(f, "%v", err)
	}
	switch strings.ToLower(paper) {
	case "a4":
	case "letter":
		switch v := r.(type) {
		case xlsx.Renderer:
			v.PageSize = xlsx.Letter
			r = v
		case pdf.Renderer:
			v.PageSize = pdf.Letter
			r = v
		case render.HTML:
			v.Letter = true
			r = v
		}
	default:
		return usageError(f, "-paper: unknown size %q (want a4 or letter)", paper)
	}
	if columns == "help" {
		_, err := fmt.Fprint(e.stdout, columnsHelp())
		return err
	}
	cols, err := parseColumns(columns)
	if err != nil {
		return usageError(f, "%v", err)
	}
	if binaryFormats[format] && (out == "" || out == "-") && isTerminal(e.stdout) {
		return usageError(f, "%s is a binary format: write it to a file with -o", format)
	}
	pol, err := pf.policy(e)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		return usageError(f, "no INPUT given")
	}
	// Open the output first: a file that cannot be written is reported
	// before the work, and a FIFO's reader is met as a shell would.
	o, err := openOutput(e, out)
	if err != nil {
		return err
	}
	defer o.abort()
	l, err := loadInputs(e, f, &common, inputs)
	if err != nil {
		return err
	}
	// The document always states its validation: status (DRAFT while an
	// error is open), context and compliance summary; -findings adds each
	// finding.
	opts := &render.Options{Columns: cols, Validation: pf.validation(e, l, pol, common.curated, nil)}
	if findings {
		fs := l.Validate(pol)
		opts.Findings, opts.Validation.Findings = fs, fs
	} else {
		// The findings are gone through as they are made, not held:
		// the document states only their counts.
		opts.Validation.FindingSeq = l.ValidateSeq(pol)
	}
	e.progress.printf("rendering %s", format)
	return o.commitWith(func(w io.Writer) error { return r.Render(w, l, opts) })
}
