package xlsx

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCellText writes any text as a cell's text and as an attribute, in
// an XML document, and reads it back with encoding/xml: the document is
// well-formed, and the text comes back as written, but for the characters
// XML cannot hold (U+FFFD instead) and with the spreadsheet format's
// escapes (_x005F_ before anything that reads as one) undone.
func FuzzCellText(f *testing.F) {
	for _, s := range []string{
		"", "plain", "a & b < c > d \"q\" 'a'", "line\nbreak\r\ncrlf\rcr\ttab",
		"\x00nul \x1b[31m \x7f \u0085 \ufffe \uffff", "_x0041_ _x005F_ _xZZZZ_ _x00", "\xff\xfe invalid",
		"_x0041_x0042_", "_x005F_x0041_", "__x0041__", "  spaces  ", "HOSTILE23 ünïcödé ß 中文 😀 ﬁ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x := &xmlWriter{}
		x.raw(`<r a="`)
		x.attr(s)
		x.raw(`"><t>`)
		x.cellText(s)
		x.raw(`</t></r>`)
		var doc struct {
			A string `xml:"a,attr"`
			T string `xml:"t"`
		}
		if err := xml.Unmarshal(x.buf, &doc); err != nil {
			t.Fatalf("%q: not well-formed: %v\n%s", s, err, x.buf)
		}
		want := xmlSafe(s)
		if doc.A != want {
			t.Errorf("attribute %q reads back as %q, want %q", s, doc.A, want)
		}
		if got := unescapeCell(doc.T); got != want {
			t.Errorf("cell text %q reads back as %q, want %q", s, got, want)
		}
	})
}

// xmlSafe returns s with every character XML cannot hold as U+FFFD.
func xmlSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unescapeCell reads s as a spreadsheet program reads the text of a cell
// (ECMA-376, ST_Xstring): from left to right, each _xHHHH_ is the
// character HHHH.
func unescapeCell(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if nextEscapeLike(s[i:]) == 0 {
			n, _ := strconv.ParseUint(s[i+2:i+6], 16, 16)
			b.WriteRune(rune(n))
			i += 7
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
