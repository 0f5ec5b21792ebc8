package pdf_test

import (
	"bytes"
	"fmt"
	"log"
	"regexp"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/pdf"
	"github.com/soupkit/soupkit/render/rendertest"
)

// Render a SOUP list as a US Letter PDF, registered under "pdf" like the
// command does, with the minimal columns and the validation findings.
func Example() {
	reg := render.Builtin()
	if err := reg.Register("pdf", pdf.Renderer{PageSize: pdf.Letter}); err != nil {
		log.Fatal(err)
	}
	r, _ := reg.Lookup("pdf")

	cols, err := render.Preset("minimal")
	if err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	opts := &render.Options{Columns: cols, Findings: rendertest.FullFindings()}
	if err := r.Render(&out, rendertest.FullList(), opts); err != nil {
		log.Fatal(err)
	}
	pages := regexp.MustCompile(`/Type /Pages\s+/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]\s+/Count (\d+)`).FindSubmatch(out.Bytes())
	fmt.Printf("%s\n", out.Bytes()[:8])
	fmt.Printf("%s × %s points, %s pages\n", pages[1], pages[2], pages[3])
	// Output:
	// %PDF-1.7
	// 612.00 × 792.00 points, 3 pages
}
