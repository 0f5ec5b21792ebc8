package render_test

import (
	"bytes"
	"testing"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
	"github.com/soupkit/soupkit/soup"
)

// builtins are the renderers of the golden files, by name, with the
// golden files' extension.
var builtins = []struct {
	name string
	r    render.Renderer
}{
	{"markdown", render.Markdown{}},
	{"html", render.HTML{}},
	{"csv", render.CSV{}},
	{"json", render.JSON{}},
	{"template", render.Template{}},
}

func renderBytes(t testing.TB, r render.Renderer, l *soup.List, opts *render.Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, l, opts); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.Bytes()
}

// TestGolden renders the bundled example with its findings in every
// renderer and preset, and the hostile fixture in every renderer.
func TestGolden(t *testing.T) {
	for _, b := range builtins {
		presets := render.Presets()
		if b.name == "json" {
			presets = []string{"full"} // JSON writes the list, not columns
		}
		for _, p := range presets {
			opts := &render.Options{Columns: mustPreset(t, p), Findings: rendertest.FullFindings()}
			got := renderBytes(t, b.r, rendertest.FullList(), opts)
			golden.Check(t, "testdata/"+b.name+"-"+p+".golden", got)
		}
		got := renderBytes(t, b.r, rendertest.HostileList(), &render.Options{Findings: rendertest.HostileFindings()})
		golden.Check(t, "testdata/"+b.name+"-hostile.golden", got)
	}
	for name, r := range map[string]render.Renderer{
		"markdown-nohtml":  render.Markdown{NoHTML: true},
		"csv-tableonly":    render.CSV{TableOnly: true},
		"html-portrait":    render.HTML{Portrait: true},
		"template-file":    render.Template{Path: "testdata/report.md.tmpl"},
		"template-default": render.Template{HTML: true},
	} {
		opts := &render.Options{Columns: mustPreset(t, "minimal"), Findings: rendertest.FullFindings()}
		golden.Check(t, "testdata/"+name+".golden", renderBytes(t, r, rendertest.FullList(), opts))
	}
	golden.Check(t, "testdata/markdown-empty.golden", renderBytes(t, render.Markdown{}, &soup.List{}, nil))
}
