package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeCSV reads a CSV file as spreadsheets write it: UTF-8 with or
// without a byte order mark, UTF-16 with one (Excel's "Unicode text"),
// else Windows-1252; the separator is a comma, semicolon (the European
// Excel default) or tab, announced by a "sep=;" line or recognised from
// the header line.
func decodeCSV(data []byte) (*Table, error) {
	text, warn := decodeText(data)
	t := &Table{}
	if warn != "" {
		t.Warnings = append(t.Warnings, warn)
	}
	firstLine := 1
	sep := rune(0)
	if l, rest, ok := strings.Cut(text, "\n"); ok || l != "" {
		if s, found := strings.CutPrefix(strings.TrimSuffix(l, "\r"), "sep="); found && utf8.RuneCountInString(s) == 1 {
			sep, _ = utf8.DecodeRuneInString(s)
			text, firstLine = rest, 2
		}
	}
	if sep == 0 {
		sep = sniffSeparator(text)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var recs [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				pe.StartLine += firstLine - 1
				pe.Line += firstLine - 1
			}
			return nil, fmt.Errorf("table: csv: %w", err)
		}
		if len(recs) >= MaxRows+maxHeadRow {
			return nil, fmt.Errorf("table: csv: more than %d rows", MaxRows)
		}
		line, _ := r.FieldPos(0)
		recs = append(recs, rec)
		lines = append(lines, line+firstLine-1)
	}
	// The header is the first non-blank record, or a later one among the
	// first few that names more fields (under a title line).
	head, score := -1, -1
	for i := 0; i < len(recs) && i < maxHeadRow; i++ {
		if lastNonEmpty(recs[i]) < 0 {
			continue
		}
		if s := headerScore(recs[i]); head < 0 || s > score {
			head, score = i, s
		}
	}
	if head < 0 {
		return t, nil
	}
	for i := range head {
		if lastNonEmpty(recs[i]) >= 0 {
			t.Warnings = append(t.Warnings, fmt.Sprintf("line %d, above the header, not read: %q", lines[i], strings.Join(nonBlank(recs[i]), " | ")))
		}
	}
	t.Header = recs[head]
	t.Rows, t.Line = recs[head+1:], lines[head+1:]
	return t, nil
}

// sniffSeparator returns the separator the first non-empty line uses
// most, outside quotes: comma, semicolon or tab (comma when none).
func sniffSeparator(text string) rune {
	var line string
	for _, l := range splitLines(text) {
		if strings.TrimSpace(l) != "" {
			line = l
			break
		}
	}
	counts := map[rune]int{}
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// decodeText returns data as text: UTF-8 (a byte order mark dropped),
// UTF-16 with a byte order mark, or, when data is not valid UTF-8,
// Windows-1252 (what Excel writes as "CSV" on Windows), with a warning
// saying so.
func decodeText(data []byte) (string, string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		le := data[0] == 0xff
		data = data[2:]
		u := make([]uint16, len(data)/2)
		for i := range u {
			if le {
				u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
			} else {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			}
		}
		return string(utf16.Decode(u)), ""
	}
	if utf8.Valid(data) {
		return string(data), ""
	}
	var b strings.Builder
	for _, c := range data {
		if c >= 0x80 && c < 0xa0 {
			b.WriteRune(cp1252[c-0x80])
		} else {
			b.WriteRune(rune(c))
		}
	}
	return b.String(), "not UTF-8: read as Windows-1252"
}

// cp1252 maps the bytes 0x80–0x9F of Windows-1252, where it differs from
// Latin-1, to Unicode; U+FFFD marks the five unassigned bytes.
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}
