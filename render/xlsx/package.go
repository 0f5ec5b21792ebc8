package xlsx

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// The workbook is written as the parts of an Office Open XML package, in
// a zip archive, by hand: each sheet's XML is streamed row by row into
// its compressed entry, with no document model in between.

// epoch is the earliest time a zip entry can carry, used when the document
// has no date.
var epoch = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// compression is the deflate level of the parts. Level 1 (BestSpeed)
// spends about a third of the time of the default level 6 on a large
// workbook and makes it about a third larger (5,000 items: 0.78 MB against
// 0.59 MB): issue 15 bounds the time of a large render at 4 times a bare
// decode of the SBOM, and level 6 alone would take a sixth of that.
const compression = flate.BestSpeed

// The namespaces of the parts.
const (
	nsMain      = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel    = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsTypes     = "http://schemas.openxmlformats.org/package/2006/content-types"
	xmlDecl     = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	typeSheet   = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	relSheet    = nsRel + "/worksheet"
	relStyles   = nsRel + "/styles"
	sheetPrefix = "xl/worksheets/sheet"
)

// write writes the workbook b as an XLSX package to out. The bytes depend
// only on b: the entries come in a fixed order ([Content_Types].xml
// first, as Office writes it, then by name), each stamped with the
// document date.
func write(out io.Writer, b *book) error {
	date := b.v.Date.Time()
	if date.IsZero() || date.Before(epoch) {
		date = epoch
	}
	date = date.UTC()
	zw := zip.NewWriter(out)
	// One compressor for the whole package, reset for each entry: a new
	// one costs about a megabyte of state.
	fw, err := flate.NewWriter(io.Discard, compression)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		fw.Reset(w)
		return fw, nil
	})
	x := &xmlWriter{buf: make([]byte, 0, 64<<10)}
	part := func(name string, body func(x *xmlWriter)) error {
		fh := &zip.FileHeader{Name: name, Method: zip.Deflate}
		//lint:ignore SA1019 Modified would add an extended timestamp; the MS-DOS fields alone are what a workbook carries
		fh.ModifiedDate, fh.ModifiedTime = dosTime(date)
		w, err := zw.CreateHeader(fh)
		if err != nil {
			return fmt.Errorf("xlsx: write %s: %w", name, err)
		}
		x.w, x.err = w, nil
		x.raw(xmlDecl)
		body(x)
		if err := x.flush(); err != nil {
			return fmt.Errorf("xlsx: write %s: %w", name, err)
		}
		return nil
	}
	parts := []struct {
		name string
		body func(x *xmlWriter)
	}{
		{"[Content_Types].xml", b.contentTypes},
		{"_rels/.rels", packageRels},
		{"docProps/app.xml", appProps},
		{"docProps/core.xml", func(x *xmlWriter) { b.coreProps(x, date) }},
		{"xl/_rels/workbook.xml.rels", b.workbookRels},
		{"xl/styles.xml", b.styles},
		{"xl/theme/theme1.xml", theme},
		{"xl/workbook.xml", b.workbook},
	}
	for i, s := range b.sheets {
		parts = append(parts, struct {
			name string
			body func(x *xmlWriter)
		}{sheetPrefix + strconv.Itoa(i+1) + ".xml", func(x *xmlWriter) { s.write(x, b.size, i == 0) }})
	}
	for _, p := range parts {
		if err := part(p.name, p.body); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("xlsx: write workbook: %w", err)
	}
	return nil
}

// dosTime returns t as an MS-DOS date and time, as zip stores them.
func dosTime(t time.Time) (date, clock uint16) {
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

func (b *book) contentTypes(x *xmlWriter) {
	x.raw(`<Types xmlns="` + nsTypes + `">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	for i := range b.sheets {
		x.raw(`<Override PartName="/` + sheetPrefix)
		x.int(i + 1)
		x.raw(`.xml" ContentType="` + typeSheet + `"/>`)
	}
	x.raw(`</Types>`)
}

func packageRels(x *xmlWriter) {
	x.raw(`<Relationships xmlns="` + nsPkgRel + `">` +
		`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`<Relationship Id="rId3" Type="` + nsRel + `/extended-properties" Target="docProps/app.xml"/>` +
		`</Relationships>`)
}

func appProps(x *xmlWriter) {
	x.raw(`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
		`<Application>soupkit</Application></Properties>`)
}

// coreProps writes the document properties: fixed, and dated with the
// document date.
func (b *book) coreProps(x *xmlWriter, date time.Time) {
	x.raw(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	l := b.v.List
	for _, e := range []struct{ tag, text string }{
		{"dc:title", b.v.Title},
		{"dc:subject", b.v.Subject},
		{"dc:creator", "soupkit"},
		{"cp:keywords", "SOUP, IEC 62304"},
		{"dc:identifier", l.Document.ID},
		{"cp:lastModifiedBy", "soupkit"},
		{"cp:revision", l.Document.Revision},
	} {
		if e.text == "" {
			continue
		}
		x.raw("<" + e.tag + ">")
		x.text(e.text)
		x.raw("</" + e.tag + ">")
	}
	stamp := date.Format(time.RFC3339)
	x.raw(`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>`)
	x.raw(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified>`)
	x.raw(`</cp:coreProperties>`)
}

func (b *book) workbookRels(x *xmlWriter) {
	x.raw(`<Relationships xmlns="` + nsPkgRel + `">`)
	for i := range b.sheets {
		x.raw(`<Relationship Id="rId`)
		x.int(i + 1)
		x.raw(`" Type="` + relSheet + `" Target="worksheets/sheet`)
		x.int(i + 1)
		x.raw(`.xml"/>`)
	}
	x.raw(`<Relationship Id="rId`)
	x.int(len(b.sheets) + 1)
	x.raw(`" Type="` + relStyles + `" Target="styles.xml"/><Relationship Id="rId`)
	x.int(len(b.sheets) + 2)
	x.raw(`" Type="` + nsRel + `/theme" Target="theme/theme1.xml"/></Relationships>`)
}

// workbook writes the workbook part: the sheets, and the defined names of
// the tables' filters and print titles.
func (b *book) workbook(x *xmlWriter) {
	x.raw(`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range b.sheets {
		x.raw(`<sheet name="`)
		x.attr(s.name)
		x.raw(`" sheetId="`)
		x.int(i + 1)
		x.raw(`" r:id="rId`)
		x.int(i + 1)
		x.raw(`"/>`)
	}
	x.raw(`</sheets>`)
	var names bool
	for i, s := range b.sheets {
		if s.table == 0 {
			continue
		}
		if !names {
			x.raw(`<definedNames>`)
			names = true
		}
		x.raw(`<definedName name="_xlnm._FilterDatabase" localSheetId="`)
		x.int(i)
		x.raw(`" hidden="1">`)
		x.text(quoteSheet(s.name) + "!" + s.filterRef(true))
		x.raw(`</definedName><definedName name="_xlnm.Print_Titles" localSheetId="`)
		x.int(i)
		x.raw(`">`)
		x.text(s.titles)
		x.raw(`</definedName>`)
	}
	if names {
		x.raw(`</definedNames>`)
	}
	x.raw(`</workbook>`)
}

// Fill colours of the heading row and the risk levels (as in the PDF), and
// the colour of the DRAFT mark.
const (
	headFill   = "E1E5EB"
	draftColor = "8B0000"
	draftFill  = "FDE2E1"
	lowFill    = "DCF0DE"
	mediumFill = "FFECC8"
	highFill   = "F8D7D5"
)

// styles writes the style sheet: the cellXfs are in the order of the
// style constants.
func (b *book) styles(x *xmlWriter) {
	status := `<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>`
	if b.v.Draft {
		status = `<font><b/><sz val="11"/><color rgb="FF` + draftColor + `"/><name val="Calibri"/><family val="2"/></font>`
	}
	solid := func(c string) string {
		return `<fill><patternFill patternType="solid"><fgColor rgb="FF` + c + `"/><bgColor indexed="64"/></patternFill></fill>`
	}
	statusFill := "0"
	if b.v.Draft {
		statusFill = "3"
	}
	const (
		wrap  = `<alignment vertical="top" wrapText="1"/>`
		thin  = `style="thin"><color rgb="FFA0A0A0"/>`
		table = `borderId="1" xfId="0" applyBorder="1" applyAlignment="1"`
	)
	x.raw(`<styleSheet xmlns="` + nsMain + `">` +
		`<fonts count="5">` +
		`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b/><sz val="16"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b/><sz val="12"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
		status + `</fonts>` +
		`<fills count="7"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
		solid(headFill) + solid(draftFill) + solid(lowFill) + solid(mediumFill) + solid(highFill) + `</fills>` +
		`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
		`<border><left ` + thin + `</left><right ` + thin + `</right><top ` + thin + `</top><bottom ` + thin + `</bottom><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="9">` +
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` + // styleNone
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` + // styleTitle
		`<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>` + // styleHeading
		`<xf numFmtId="0" fontId="3" fillId="2" ` + table + ` applyFont="1" applyFill="1">` + wrap + `</xf>` + // styleHead
		`<xf numFmtId="0" fontId="0" fillId="0" ` + table + `>` + wrap + `</xf>` + // styleBody
		`<xf numFmtId="0" fontId="4" fillId="` + statusFill + `" borderId="0" xfId="0" applyFont="1" applyFill="1"/>` + // styleStatus
		`<xf numFmtId="0" fontId="0" fillId="4" ` + table + ` applyFill="1">` + wrap + `</xf>` + // styleLow
		`<xf numFmtId="0" fontId="0" fillId="5" ` + table + ` applyFill="1">` + wrap + `</xf>` + // styleMedium
		`<xf numFmtId="0" fontId="0" fillId="6" ` + table + ` applyFill="1">` + wrap + `</xf>` + // styleHigh
		`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`<dxfs count="0"/><tableStyles count="0"/></styleSheet>`)
}

// theme writes a minimal theme: the colours, fonts and formats every
// theme has. Spreadsheet programs write one, and some readers resolve
// every colour through it.
func theme(x *xmlWriter) {
	x.raw(`<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="soupkit">` +
		`<a:themeElements><a:clrScheme name="soupkit">` +
		`<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>` +
		`<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>` +
		`<a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2>` +
		`<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>` +
		`<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>` +
		`<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>` +
		`</a:clrScheme><a:fontScheme name="soupkit">` +
		`<a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>` +
		`<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>` +
		`</a:fontScheme><a:fmtScheme name="soupkit">` +
		`<a:fillStyleLst>` + themeFill + themeFill + themeFill + `</a:fillStyleLst>` +
		`<a:lnStyleLst>` + themeLine + themeLine + themeLine + `</a:lnStyleLst>` +
		`<a:effectStyleLst>` + themeEffect + themeEffect + themeEffect + `</a:effectStyleLst>` +
		`<a:bgFillStyleLst>` + themeFill + themeFill + themeFill + `</a:bgFillStyleLst>` +
		`</a:fmtScheme></a:themeElements></a:theme>`)
}

// The one fill, line and effect style of the theme's format scheme (it
// needs three of each).
const (
	themeFill   = `<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>`
	themeLine   = `<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>`
	themeEffect = `<a:effectStyle><a:effectLst/></a:effectStyle>`
)

// filterRef returns the range of the table of s: from its heading row to
// its last row. abs makes the references absolute ($A$2).
func (s *sheet) filterRef(abs bool) string {
	d := ""
	if abs {
		d = "$"
	}
	return d + "A" + d + "2:" + d + colName(s.table-1) + d + strconv.Itoa(s.lastRow)
}

// write writes the worksheet part of s.
func (s *sheet) write(x *xmlWriter, size PageSize, active bool) {
	x.raw(`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheetPr`)
	if s.table > 0 {
		x.raw(` filterMode="1"`)
	}
	if s.fit {
		x.raw(`><pageSetUpPr fitToPage="1"/></sheetPr>`)
	} else {
		x.raw(`><pageSetUpPr fitToPage="0"/></sheetPr>`)
	}
	lastCol, lastRow := 0, 1
	for _, r := range s.rows {
		lastCol = max(lastCol, len(r.cells)-1)
		lastRow = max(lastRow, r.num)
	}
	x.raw(`<dimension ref="A1:` + colName(lastCol))
	x.int(lastRow)
	x.raw(`"/><sheetViews><sheetView`)
	if active {
		x.raw(` tabSelected="1"`)
	}
	x.raw(` workbookViewId="0">`)
	if s.table > 0 {
		x.raw(`<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>` +
			`<selection pane="bottomLeft" activeCell="A3" sqref="A3"/>`)
	}
	x.raw(`</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(s.cols) > 0 {
		x.raw(`<cols>`)
		for i, w := range s.cols {
			x.raw(`<col min="`)
			x.int(i + 1)
			x.raw(`" max="`)
			x.int(i + 1)
			x.raw(`" width="`)
			x.int(w)
			x.raw(`" customWidth="1"/>`)
		}
		x.raw(`</cols>`)
	}
	x.raw(`<sheetData>`)
	for i := range s.rows {
		s.rows[i].write(x)
	}
	x.raw(`</sheetData>`)
	if s.table > 0 {
		x.raw(`<autoFilter ref="` + s.filterRef(false) + `"/>`)
	}
	x.raw(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="`)
	if size == Letter {
		x.raw(`1"`) // in the numbering of the XLSX standard
	} else {
		x.raw(`9"`)
	}
	switch {
	case s.fit:
		x.raw(` fitToWidth="1" fitToHeight="0"`)
	default:
		x.raw(` scale="`)
		x.int(MinScale)
		x.raw(`" pageOrder="overThenDown"`)
	}
	if s.portrait {
		x.raw(` orientation="portrait"/>`)
	} else {
		x.raw(` orientation="landscape"/>`)
	}
	x.raw(`<headerFooter><oddHeader>`)
	x.text(s.header)
	x.raw(`</oddHeader><oddFooter>`)
	x.text(s.footer)
	x.raw(`</oddFooter></headerFooter></worksheet>`)
}

// write writes a row: its cells as inline strings. A cell with neither
// text nor style is left out.
func (r *row) write(x *xmlWriter) {
	x.raw(`<row r="`)
	x.int(r.num)
	if r.height > 0 {
		x.raw(`" ht="`)
		x.buf = strconv.AppendFloat(x.buf, r.height, 'f', -1, 64)
		x.raw(`" customHeight="1`)
	}
	x.raw(`">`)
	for i, c := range r.cells {
		if c.text == "" && c.style == styleNone {
			continue
		}
		x.raw(`<c r="`)
		x.raw(colName(i))
		x.int(r.num)
		if c.style != styleNone {
			x.raw(`" s="`)
			x.int(c.style)
		}
		if c.text == "" {
			x.raw(`"/>`)
			continue
		}
		x.raw(`" t="inlineStr"><is><t`)
		if n := len(c.text); isSpace(c.text[0]) || isSpace(c.text[n-1]) {
			x.raw(` xml:space="preserve"`)
		}
		x.raw(`>`)
		x.cellText(c.text)
		x.raw(`</t></is></c>`)
		x.flushIfFull()
	}
	x.raw(`</row>`)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// colNames are the names of the first columns.
var colNames = func() []string {
	names := make([]string, 64)
	for i := range names {
		names[i] = columnName(i)
	}
	return names
}()

// colName returns the name of column i, from 0: A, B, …, Z, AA, ….
func colName(i int) string {
	if i < len(colNames) {
		return colNames[i]
	}
	return columnName(i)
}

func columnName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// xmlWriter writes XML to w through a buffer it flushes when it is full.
// It keeps the first error.
type xmlWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func (x *xmlWriter) raw(s string) { x.buf = append(x.buf, s...) }
func (x *xmlWriter) int(n int)    { x.buf = strconv.AppendInt(x.buf, int64(n), 10) }

// flushIfFull writes the buffer out once it holds 32 KiB or more.
func (x *xmlWriter) flushIfFull() {
	if len(x.buf) >= 32<<10 {
		x.flush()
	}
}

func (x *xmlWriter) flush() error {
	if x.err == nil && len(x.buf) > 0 {
		_, x.err = x.w.Write(x.buf)
	}
	x.buf = x.buf[:0]
	return x.err
}

// text writes s escaped as XML character data, or an attribute value.
func (x *xmlWriter) text(s string) { x.buf = appendEscaped(x.buf, s, false) }
func (x *xmlWriter) attr(s string) { x.buf = appendEscaped(x.buf, s, true) }

// cellText writes the text of a cell: escaped as XML, and with the
// underscore of anything that reads as an escape of the spreadsheet
// format (_x000D_, a character XML cannot hold) itself escaped (_x005F_),
// so that a spreadsheet program shows the text as it is.
func (x *xmlWriter) cellText(s string) {
	for {
		i := nextEscapeLike(s)
		if i < 0 {
			x.text(s)
			return
		}
		// The escape's closing underscore may open the next one
		// (_x0041_x0042_): go on from it.
		x.text(s[:i])
		x.raw("_x005F")
		x.text(s[i : i+6])
		s = s[i+6:]
	}
}

// nextEscapeLike returns the index of the first _xHHHH_ in s, or -1.
func nextEscapeLike(s string) int {
	for i := 0; i+7 <= len(s); i++ {
		if s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
			continue
		}
		if isHex(s[i+2]) && isHex(s[i+3]) && isHex(s[i+4]) && isHex(s[i+5]) {
			return i
		}
	}
	return -1
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// appendEscaped appends s to dst escaped for XML: the markup characters as
// entities, a carriage return as a character reference (a parser would
// turn it into a line feed), tabs and line feeds too in an attribute, and
// every character XML cannot hold (controls, invalid UTF-8) as U+FFFD.
func appendEscaped(dst []byte, s string, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		size := 1
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '"' && attr:
			esc = "&quot;"
		case c == '\r':
			esc = "&#xD;"
		case c == '\n' && attr:
			esc = "&#xA;"
		case c == '\t' && attr:
			esc = "&#x9;"
		case c == '\n', c == '\t':
		case c < 0x20:
			esc = "\uFFFD"
		case c >= utf8.RuneSelf:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			dst = append(dst, s[last:i]...)
			dst = append(dst, esc...)
			last = i + size
		}
		i += size
	}
	return append(dst, s[last:]...)
}
