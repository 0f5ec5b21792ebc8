package render_test

import (
	"testing"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
)

func TestConformance(t *testing.T) {
	reg := render.Builtin()
	for _, name := range reg.Names() {
		r, _ := reg.Lookup(name)
		t.Run(name, func(t *testing.T) { rendertest.Run(t, r) })
	}
	for name, r := range map[string]render.Renderer{
		"markdown-nohtml":   render.Markdown{NoHTML: true},
		"csv-nobom":         render.CSV{NoBOM: true},
		"html-portrait":     render.HTML{Portrait: true},
		"template-html":     render.Template{HTML: true},
		"template-markdown": render.Template{Text: "# {{mdEscape .Title}}\n{{range .Items.Rows}}{{range .Cells}}{{mdCell .}}|{{end}}\n{{end}}{{with .Findings}}{{range .Rows}}{{join \" \" (index .Cells 5)}}\n{{end}}{{end}}"},
	} {
		t.Run(name, func(t *testing.T) { rendertest.Run(t, r) })
	}
}
