package render_test

import (
	"io"
	"testing"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
)

// BenchmarkMarkdown10k renders 10,000 documented items to Markdown with
// every column of the full preset.
func BenchmarkMarkdown10k(b *testing.B) {
	benchmarkRender(b, render.Markdown{}, 10000)
}

func BenchmarkHTML10k(b *testing.B)     { benchmarkRender(b, render.HTML{}, 10000) }
func BenchmarkCSV10k(b *testing.B)      { benchmarkRender(b, render.CSV{}, 10000) }
func BenchmarkJSON10k(b *testing.B)     { benchmarkRender(b, render.JSON{}, 10000) }
func BenchmarkTemplate10k(b *testing.B) { benchmarkRender(b, render.Template{}, 10000) }

func benchmarkRender(b *testing.B, r render.Renderer, n int) {
	l := rendertest.LargeList(n)
	opts := &render.Options{Findings: rendertest.FullFindings()}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Render(io.Discard, l, opts); err != nil {
			b.Fatal(err)
		}
	}
}
