package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/signintech/gopdf"
)

// info is the PDF's document information dictionary.
type info struct {
	title, author, subject string
	created                time.Time // zero: none written
}

// write writes the laid-out pages as a PDF. The PDF holds nothing that the
// pages and info do not determine: no clock, no random file ID.
func (lo *layout) write(inf info) ([]byte, error) {
	doc := &gopdf.GoPdf{}
	doc.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: lo.width, H: lo.height}})
	for _, f := range lo.m.faces {
		if err := doc.AddTTFFontData(f.family, f.ttf); err != nil {
			return nil, fmt.Errorf("pdf: font %s: %w", f.family, err)
		}
	}
	doc.SetInfo(gopdf.PdfInfo{
		Title:        metadata(inf.title),
		Author:       metadata(inf.author),
		Subject:      metadata(inf.subject),
		Creator:      "soupkit",
		Producer:     "soupkit with gopdf",
		CreationDate: inf.created,
	})
	for _, p := range lo.pages {
		if err := writePage(doc, lo, p); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if _, err := doc.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("pdf: write: %w", err)
	}
	return buf.Bytes(), nil
}

func writePage(doc *gopdf.GoPdf, lo *layout, p *page) error {
	doc.AddPage()
	for _, m := range p.marks {
		doc.SetY(m.y)
		doc.AddOutlineWithPosition(metadata(m.title))
	}
	// gopdf writes every setting it is given; skip the ones that do not
	// change anything.
	var (
		font     = style(-1)
		size     float64
		text     rgb
		fill     rgb
		stroke   rgb
		hasText  bool
		hasFill  bool
		hasLines bool
	)
	for _, o := range p.ops {
		switch o.kind {
		case opText:
			if o.style != font || o.size != size {
				if err := doc.SetFont(lo.m.faces[o.style].family, "", o.size); err != nil {
					return fmt.Errorf("pdf: font: %w", err)
				}
				font, size = o.style, o.size
			}
			if !hasText || o.color != text {
				doc.SetTextColor(o.color.r, o.color.g, o.color.b)
				text, hasText = o.color, true
			}
			doc.SetXY(o.x, o.y)
			if err := doc.Text(o.text); err != nil {
				return fmt.Errorf("pdf: text: %w", err)
			}
			hasFill = false // text sets the fill colour too
		case opFill:
			if !hasFill || o.color != fill {
				doc.SetFillColor(o.color.r, o.color.g, o.color.b)
				fill, hasFill = o.color, true
			}
			doc.RectFromUpperLeftWithStyle(o.x, o.y, o.w, o.h, "F")
		case opLine:
			if !hasLines || o.color != stroke {
				if !hasLines {
					doc.SetLineWidth(ruleWidth)
				}
				doc.SetStrokeColor(o.color.r, o.color.g, o.color.b)
				stroke, hasLines = o.color, true
			}
			doc.Line(o.x, o.y, o.x+o.w, o.y+o.h)
		}
	}
	return nil
}

// metadata makes s safe for gopdf's metadata strings, which it writes as
// UTF-16 without surrogate pairs: characters outside the Basic
// Multilingual Plane and control characters are replaced.
func metadata(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF || r < ' ' || r == 0x7F {
			return replacement
		}
		return r
	}, s)
}
