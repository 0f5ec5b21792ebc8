package pdf

import (
	"slices"
	"strings"
)

// wrap breaks text into lines no wider than width points in style s at
// size, each cleaned for drawing. Line breaks in text are kept. A line
// breaks at the last space that fits; a word too long for a line breaks
// after the last punctuation that fits (URLs, package URLs, paths), else
// between characters. A paragraph that begins with spaces or a bullet
// ("• ") hangs: its wrapped lines are indented as far. wrap returns no
// lines for empty text.
func (m *measurer) wrap(s style, size, width float64, text string) []string {
	if text == "" {
		return nil
	}
	limit := width / size // in em
	if m.fits(s, limit, text) {
		return []string{text}
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var lines []string
	line := m.line[:0]
	for para := range strings.SplitSeq(text, "\n") {
		indent := m.indent(s, para, limit)
		line = line[:0]
		var w float64
		for _, r := range para {
			g := m.glyph(s, r)
			if w+g.width > limit && len(line) > len(indent) && g.r != ' ' {
				cut := breakAt(line, len(indent))
				lines = append(lines, drawn(line[:cut]))
				rest := slices.Clone(trimLeft(line[cut:]))
				line = append(append(line[:0], indent...), rest...)
				w = 0
				for _, g := range line {
					w += g.width
				}
			}
			line = append(line, g)
			w += g.width
		}
		lines = append(lines, drawn(line))
	}
	m.line = line
	return lines
}

// fits reports whether text is drawn as it is, on one line no wider than
// limit em: what wrap would draw of it is text itself.
func (m *measurer) fits(s style, limit float64, text string) bool {
	if text[len(text)-1] == ' ' {
		return false // drawn without its trailing spaces
	}
	var w float64
	for _, r := range text {
		g := m.glyph(s, r)
		if w += g.width; g.r != r || w > limit {
			return false // a line break, a character replaced, too wide
		}
	}
	return true
}

// indent returns the hanging indent of a paragraph, as spaces: as many as
// it begins with, or two after a bullet. A paragraph in a column too
// narrow for its indent does not hang.
func (m *measurer) indent(s style, para string, limit float64) []glyph {
	n := len(para) - len(strings.TrimLeft(para, " "))
	if strings.HasPrefix(para, "• ") {
		n = 2
	}
	sp := m.glyph(s, ' ')
	if n == 0 || float64(n)*sp.width > limit/3 {
		return nil
	}
	return slices.Repeat([]glyph{sp}, n)
}

// breakAt returns where to break line, which has just overflowed: after
// its last space, else after its last punctuation, else at its end; never
// within its first lead characters (its indent). The result is more than
// lead, so every line holds something.
func breakAt(line []glyph, lead int) int {
	punct := 0
	for i := len(line); i > lead; i-- {
		switch r := line[i-1].r; {
		case r == ' ':
			return i
		case punct == 0 && strings.ContainsRune("-/_.,;:@?&=+|\\)]}", r):
			punct = i
		}
	}
	if punct > 0 {
		return punct
	}
	return len(line)
}

func trimLeft(line []glyph) []glyph {
	for len(line) > 0 && line[0].r == ' ' {
		line = line[1:]
	}
	return line
}

// drawn returns the characters of line without trailing spaces.
func drawn(line []glyph) string {
	for len(line) > 0 && line[len(line)-1].r == ' ' {
		line = line[:len(line)-1]
	}
	var b strings.Builder
	for _, g := range line {
		b.WriteRune(g.r)
	}
	return b.String()
}
