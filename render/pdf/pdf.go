// Package pdf renders a SOUP list as a PDF document to sign and hand to an
// auditor.
//
// [Renderer] implements render.Renderer. It lays out the format-neutral
// [render.View] of the list: a title block with the document control, the
// approval block with lines to sign, the evidence of origin, the summary,
// the risk-level definitions, the SOUP items and the validation findings.
// Tables wrap their cells, repeat their heading row on every page and never
// break a row between pages unless it is taller than a page, and then only
// between lines. Every page has a "Page N of M" footer; while a finding at
// error level is open, every page is marked DRAFT at its top, and the
// status follows the title.
//
// The text is set in the Go fonts (golang.org/x/image/font/gofont), which
// are embedded (the glyphs the document draws), with a map back to the
// characters, so that the text can be copied and searched. They cover
// the Latin, Greek and Cyrillic scripts; any other character (Chinese, say)
// is drawn as the replacement character U+FFFD (a diamond with a question
// mark), never dropped silently.
//
// The output is deterministic: the creation date in the PDF's metadata is
// the document date, and nothing else depends on the time of rendering.
//
// The PDF is written by the package itself, page by page as the layout
// completes them, so that a long list costs little more memory than one
// page of drawing operations and the document's bytes.
//
// A program adds the renderer to the registry it holds:
//
//	reg := render.Builtin()
//	err := reg.Register("pdf", pdf.Renderer{})
package pdf

import (
	"fmt"
	"io"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

// Renderer renders a SOUP list as PDF. Its fields are its options; the
// zero value renders on A4 paper, in landscape when the SOUP table is wide.
type Renderer struct {
	// PageSize is the paper size; zero means [A4].
	PageSize PageSize
	// Orientation is the orientation of the pages; zero means [Auto].
	Orientation Orientation
}

// PageSize is a paper size.
type PageSize int

// The paper sizes.
const (
	A4     PageSize = iota + 1 // 210 × 297 mm
	Letter                     // US Letter, 8.5 × 11 in
)

// points returns the portrait width and height of the page in points.
func (p PageSize) points() (w, h float64, err error) {
	switch p {
	case 0, A4:
		return 595.28, 841.89, nil
	case Letter:
		return 612, 792, nil
	}
	return 0, 0, fmt.Errorf("pdf: invalid page size %d", int(p))
}

// Orientation is the orientation of the pages.
type Orientation int

// The orientations.
const (
	// Auto turns the pages to landscape when the SOUP table has more than
	// five columns, and leaves them portrait otherwise.
	Auto Orientation = iota + 1
	Portrait
	Landscape
)

// Render writes l as a PDF to w. It implements render.Renderer; opts
// chooses the columns, sections and order as for every renderer (nil
// means defaults). Nothing is written when it fails.
func (r Renderer) Render(w io.Writer, l *soup.List, opts *render.Options) error {
	v, err := render.NewView(l, opts)
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	b, err := r.render(v)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}

func (r Renderer) render(v *render.View) ([]byte, error) {
	w, h, err := r.PageSize.points()
	if err != nil {
		return nil, err
	}
	switch r.Orientation {
	case 0, Auto:
		if layoutOf(v.Items) == asTable && len(v.Items.Headings) > 5 {
			w, h = h, w
		}
	case Portrait:
	case Landscape:
		w, h = h, w
	default:
		return nil, fmt.Errorf("pdf: invalid orientation %d", int(r.Orientation))
	}
	m, err := newMeasurer()
	if err != nil {
		return nil, err
	}
	lo := newLayout(m, w, h)
	lo.sink = newPDFWriter(m, h)
	document(lo, v)
	if lo.err != nil {
		return nil, lo.err
	}
	return lo.write(metadataOf(v))
}
