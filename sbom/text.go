package sbom

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Byte order marks: Windows tools start UTF-8 files with one, and
// PowerShell's redirection writes UTF-16.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0x00, 0x00}
	bomUTF32BE = []byte{0x00, 0x00, 0xFE, 0xFF}
)

// utf8Text returns data as UTF-8 without a byte order mark, transcoding
// UTF-16 that starts with one, and XML declared in Latin-1.
func utf8Text(data []byte) ([]byte, error) {
	data, err := unmarked(data)
	if err != nil {
		return nil, err
	}
	return xmlUTF8(crLines(data))
}

// crLines returns data with its line endings made LF when it ends lines
// with CR alone (classic Mac OS editors): every reader here splits at LF.
// Line numbers stay the same.
func crLines(data []byte) []byte {
	if bytes.IndexByte(data, '\n') >= 0 || bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	return bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
}

// unmarked returns data without a byte order mark, as UTF-8.
func unmarked(data []byte) ([]byte, error) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return data[len(bomUTF8):], nil
	case bytes.HasPrefix(data, bomUTF32LE), bytes.HasPrefix(data, bomUTF32BE):
		return nil, fmt.Errorf("%w: UTF-32 text (save the SBOM as UTF-8)", ErrUnknownFormat)
	case bytes.HasPrefix(data, bomUTF16LE):
		order = binary.LittleEndian
	case bytes.HasPrefix(data, bomUTF16BE):
		order = binary.BigEndian
	default:
		return data, nil
	}
	data = data[2:]
	if len(data)%2 != 0 {
		return nil, fmt.Errorf("%w: UTF-16 text of an odd number of bytes", ErrUnknownFormat)
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = order.Uint16(data[2*i:])
	}
	out := make([]byte, 0, len(units)+len(units)/2)
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// xmlDecl finds the encoding an XML declaration at the start of a document
// names.
var xmlDecl = regexp.MustCompile(`^[ \t\r\n]*<\?xml[^>]*?[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z0-9._-]*)["']`)

// xmlUTF8 returns an XML document declared in another encoding than UTF-8
// as UTF-8, declared so: Latin-1 and ASCII are transcoded, a UTF-16 label
// (the bytes are UTF-8 by now) is corrected; any other encoding is an
// error. Other input is returned as it is.
func xmlUTF8(data []byte) ([]byte, error) {
	m := xmlDecl.FindSubmatchIndex(data[:min(len(data), 512)])
	if m == nil {
		return data, nil
	}
	latin1 := false
	label := string(data[m[2]:m[3]])
	switch strings.ToLower(label) {
	case "utf-8", "utf8":
		return data, nil
	case "utf-16", "utf-16le", "utf-16be", "ucs-2":
	case "iso-8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii":
		latin1 = true
	default:
		return nil, fmt.Errorf("%w: XML in encoding %q (convert it to UTF-8)", ErrUnknownFormat, label)
	}
	out := make([]byte, 0, len(data)+len(data)/8)
	out = append(out, data[:m[2]]...)
	out = append(out, "UTF-8"...)
	for _, b := range data[m[3]:] {
		if latin1 {
			out = utf8.AppendRune(out, rune(b))
		} else {
			out = append(out, b)
		}
	}
	return out, nil
}
