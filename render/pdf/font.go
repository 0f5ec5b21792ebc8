package pdf

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// style selects one of the two embedded faces.
type style int

const (
	regular style = iota
	bold
)

// face is an embedded TrueType font: its data for the PDF and its parsed
// form for measuring. A face is immutable and shared by all renders.
type face struct {
	family string // the name the PDF writer knows it by
	ttf    []byte
	font   *sfnt.Font
	upem   float64 // units per em
	ascent float64 // in em
	// What the PDF's font descriptor says of the face, in thousandths of
	// an em.
	descent, capHeight int
	bbox               [4]int
	file               *ttf // the font file's tables, for subsets
}

// faces returns the regular and bold Go fonts, parsed once.
var faces = sync.OnceValues(func() ([2]*face, error) {
	var fs [2]*face
	for i, src := range []struct {
		family string
		ttf    []byte
	}{{"goregular", goregular.TTF}, {"gobold", gobold.TTF}} {
		f, err := sfnt.Parse(src.ttf)
		if err != nil {
			return fs, fmt.Errorf("pdf: font %s: %w", src.family, err)
		}
		upem := f.UnitsPerEm()
		m, err := f.Metrics(new(sfnt.Buffer), fixed.I(int(upem)), font.HintingNone)
		if err != nil {
			return fs, fmt.Errorf("pdf: font %s: %w", src.family, err)
		}
		b, err := f.Bounds(new(sfnt.Buffer), fixed.I(int(upem)), font.HintingNone)
		if err != nil {
			return fs, fmt.Errorf("pdf: font %s: %w", src.family, err)
		}
		file, err := parseTTF(src.ttf)
		if err != nil {
			return fs, fmt.Errorf("pdf: font %s: %w", src.family, err)
		}
		em := func(v fixed.Int26_6) int { return int(math.Round(float64(v) / 64 / float64(upem) * 1000)) }
		fs[i] = &face{
			family:    src.family,
			ttf:       src.ttf,
			font:      f,
			upem:      float64(upem),
			ascent:    float64(m.Ascent) / 64 / float64(upem),
			descent:   -em(m.Descent),
			capHeight: em(m.CapHeight),
			// sfnt's y axis points down; the PDF's up.
			bbox: [4]int{em(b.Min.X), -em(b.Max.Y), em(b.Max.X), -em(b.Min.Y)},
			file: file,
		}
	}
	return fs, nil
})

// replacement is drawn for a character that the fonts lack.
const replacement = '\uFFFD'

// glyph is what the measurer knows about one character.
type glyph struct {
	r     rune    // the character drawn: the original or its replacement
	width float64 // advance width in em
	gid   uint16  // the glyph that draws r in the face
}

// measurer measures and cleans text for one render. It caches what it
// learns about each character, so it is not safe for concurrent use; each
// render has its own.
type measurer struct {
	faces  [2]*face
	buf    sfnt.Buffer
	ascii  [2][128]glyph
	others [2]map[rune]glyph
	line   []glyph // wrap's line being filled, kept for the next call
}

func newMeasurer() (*measurer, error) {
	fs, err := faces()
	if err != nil {
		return nil, err
	}
	m := &measurer{faces: fs}
	for s := range fs {
		m.others[s] = make(map[rune]glyph)
		for r := range rune(128) {
			m.ascii[s][r] = m.lookup(style(s), r)
		}
	}
	return m, nil
}

// lookup finds r in the face of style s, or its replacement.
func (m *measurer) lookup(s style, r rune) glyph {
	switch {
	case r == '\t':
		r = ' '
	case unicode.IsControl(r) || r == unicode.ReplacementChar:
		r = replacement
	}
	f := m.faces[s]
	gi, err := f.font.GlyphIndex(&m.buf, r)
	if err != nil || gi == 0 {
		if r == replacement {
			r = '?'
		} else {
			return m.lookup(s, replacement)
		}
		if gi, err = f.font.GlyphIndex(&m.buf, r); err != nil {
			return glyph{r: r}
		}
	}
	adv, err := f.font.GlyphAdvance(&m.buf, gi, fixed.I(int(f.upem)), font.HintingNone)
	if err != nil {
		return glyph{r: r, gid: uint16(gi)}
	}
	return glyph{r: r, width: float64(adv) / 64 / f.upem, gid: uint16(gi)}
}

func (m *measurer) glyph(s style, r rune) glyph {
	if r >= 0 && r < 128 {
		return m.ascii[s][r]
	}
	g, ok := m.others[s][r]
	if !ok {
		g = m.lookup(s, r)
		m.others[s][r] = g
	}
	return g
}

// width returns the width of one line of text in points at size.
func (m *measurer) width(s style, size float64, text string) float64 {
	var w float64
	for _, r := range text {
		w += m.glyph(s, r).width
	}
	return w * size
}

// clean returns text as it will be drawn in style s: each character the
// font lacks replaced, tabs as spaces, line breaks removed (callers split
// lines first).
func (m *measurer) clean(s style, text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		b.WriteRune(m.glyph(s, r).r)
	}
	return b.String()
}
