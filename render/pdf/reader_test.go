package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// This file reads back what the tests need of the PDFs this package writes
// (not PDFs in general), so that the tests need no external tool: the
// objects, the information dictionary, and the text of each page, decoded
// through the fonts' ToUnicode maps.

// pdfDoc is a PDF read back.
type pdfDoc struct {
	objects map[int][]byte // object number → its bytes, between obj and endobj
	pages   []string       // text of each page, a line per text operation
	info    map[string]string
}

var (
	objRE     = regexp.MustCompile(`(?s)(?:^|\n)(\d+) 0 obj\n(.*?)endobj\n`)
	refRE     = func(key string) *regexp.Regexp { return regexp.MustCompile(`/` + key + `\s+(\d+) 0 R`) }
	kidsRE    = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	contentRE = regexp.MustCompile(`/Contents \[([^\]]*)\]`)
	fontResRE = regexp.MustCompile(`/F(\d+) (\d+) 0 R`)
	rangeRE   = regexp.MustCompile(`<([0-9A-F]{4})><([0-9A-F]{4})><([0-9A-F]+)>`)
	textRE    = regexp.MustCompile(`/F(\d+) [\d.]+ Tf|\[<([0-9A-F]*)>\] TJ`)
	infoRE    = regexp.MustCompile(`/(\w+) <FEFF([0-9A-F]*)>|/(CreationDate)\((D:[^)]*)\)`)
)

// readPDF parses b.
func readPDF(b []byte) (*pdfDoc, error) {
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		return nil, fmt.Errorf("not a complete PDF")
	}
	d := &pdfDoc{objects: map[int][]byte{}, info: map[string]string{}}
	for _, m := range objRE.FindAllSubmatch(b, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		d.objects[n] = m[2]
	}
	ref := func(obj []byte, key string) (int, bool) {
		m := refRE(key).FindSubmatch(obj)
		if m == nil {
			return 0, false
		}
		n, _ := strconv.Atoi(string(m[1]))
		return n, true
	}

	// Fonts: resource name → glyph → text.
	fonts := map[string]map[string]string{}
	for _, obj := range d.objects {
		if !bytes.Contains(obj, []byte("/ProcSet")) {
			continue
		}
		for _, m := range fontResRE.FindAllSubmatch(obj, -1) {
			font, _ := strconv.Atoi(string(m[2]))
			cmapObj, ok := ref(d.objects[font], "ToUnicode")
			if !ok {
				return nil, fmt.Errorf("font F%s has no ToUnicode map", m[1])
			}
			cmap, err := d.stream(cmapObj)
			if err != nil {
				return nil, err
			}
			glyphs := map[string]string{}
			for _, r := range rangeRE.FindAllSubmatch(cmap, -1) {
				if !bytes.Equal(r[1], r[2]) {
					return nil, fmt.Errorf("unexpected glyph range %s-%s", r[1], r[2])
				}
				glyphs[string(r[1])] = decodeUTF16(string(r[3]))
			}
			fonts[string(m[1])] = glyphs
		}
	}

	// Pages, in the order of the page tree.
	catalog := -1
	for n, obj := range d.objects {
		if bytes.Contains(obj, []byte("/Type /Catalog")) {
			catalog = n
		}
	}
	pagesObj, ok := ref(d.objects[catalog], "Pages")
	if !ok {
		return nil, fmt.Errorf("no page tree")
	}
	kids := kidsRE.FindSubmatch(d.objects[pagesObj])
	if kids == nil {
		return nil, fmt.Errorf("no pages")
	}
	fields := strings.Fields(string(kids[1]))
	for i := 0; i+2 < len(fields); i += 3 {
		page, _ := strconv.Atoi(fields[i])
		// The page's content streams, drawn one after another.
		var content []byte
		if m := contentRE.FindSubmatch(d.objects[page]); m != nil {
			refs := strings.Fields(string(m[1]))
			for j := 0; j+2 < len(refs); j += 3 {
				n, _ := strconv.Atoi(refs[j])
				c, err := d.stream(n)
				if err != nil {
					return nil, err
				}
				content = append(content, c...)
			}
		} else if n, ok := ref(d.objects[page], "Contents"); ok {
			c, err := d.stream(n)
			if err != nil {
				return nil, err
			}
			content = c
		}
		var text strings.Builder
		var font map[string]string
		for _, m := range textRE.FindAllSubmatch(content, -1) {
			if m[1] != nil {
				font = fonts[string(m[1])]
				continue
			}
			for g := range len(m[2]) / 4 {
				text.WriteString(font[string(m[2][4*g:4*g+4])])
			}
			text.WriteByte('\n')
		}
		d.pages = append(d.pages, text.String())
	}

	// The information dictionary, in the trailer.
	trailer := b[bytes.LastIndex(b, []byte("trailer")):]
	for _, m := range infoRE.FindAllSubmatch(trailer, -1) {
		if m[1] != nil {
			d.info[string(m[1])] = decodeUTF16(string(m[2]))
		} else {
			d.info[string(m[3])] = string(m[4])
		}
	}
	return d, nil
}

// stream returns the decoded stream of object n.
func (d *pdfDoc) stream(n int) ([]byte, error) {
	obj := d.objects[n]
	start := bytes.Index(obj, []byte("stream\n"))
	end := bytes.LastIndex(obj, []byte("endstream"))
	if start < 0 || end < start {
		return nil, fmt.Errorf("object %d has no stream", n)
	}
	data := bytes.TrimSuffix(obj[start+len("stream\n"):end], []byte("\n"))
	if !bytes.Contains(obj[:start], []byte("/FlateDecode")) {
		return data, nil
	}
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", n, err)
	}
	return io.ReadAll(r)
}

// text returns the text of every page.
func (d *pdfDoc) text() string { return strings.Join(d.pages, "\f") }

func decodeUTF16(h string) string {
	b, err := hex.DecodeString(h)
	if err != nil {
		return "\uFFFD"
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

// PDFText returns the text of a PDF this package wrote, for the tests of
// package pdf_test.
func PDFText(b []byte) (string, error) {
	d, err := readPDF(b)
	if err != nil {
		return "", err
	}
	return d.text(), nil
}

// Read returns the information dictionary and the text of each page of a
// PDF this package wrote, for the tests of package pdf_test.
func Read(b []byte) (info map[string]string, pages []string, err error) {
	d, err := readPDF(b)
	if err != nil {
		return nil, nil, err
	}
	return d.info, d.pages, nil
}
