// Package table reads SOUP lists that teams keep by hand, as spreadsheets
// and tables, into a [soup.List]: CSV (as spreadsheets export it, with or
// without a byte order mark, comma, semicolon or tab separated), XLSX
// (merged header cells included) and Markdown tables.
//
// Columns are matched to the model by their headers, case- and
// spelling-tolerantly, including those of the common public SOUP list
// templates (ID, Software System, Package Name, Programming Language,
// Version, Website, Last verified at, Risk Level, Requirements,
// Verification Reasoning, Issue Tracker, Manufacturer, Licence); other
// headers are mapped with [Options.Map]. Every non-empty cell lands in a
// field of the item or in its notes, and the [Report] says where each
// column went and which cells could not be read as their field asks.
//
// Reading is two steps, so that a caller can look at the table first:
// [Decode] gives a [Table], [Table.List] the SOUP list.
package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// Format is the format of a table.
type Format int

// The formats Decode reads.
const (
	CSV Format = iota + 1
	XLSX
	Markdown
)

var formatNames = []string{"", "csv", "xlsx", "markdown"}

// String returns the format's name: csv, xlsx or markdown.
func (f Format) String() string {
	if f <= 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ErrNoTable is returned (wrapped) when the input holds no table with a
// header row.
var ErrNoTable = errors.New("table: no table found")

// Table is a table as read: the header cells and the data rows, each row
// as long as the header. Line gives each row's place in the input, for
// messages: the line of a CSV or Markdown file, the row number of a sheet.
type Table struct {
	Format Format
	// Sheet is the name of the XLSX sheet read; empty for other formats.
	Sheet  string
	Header []string
	Rows   [][]string
	Line   []int
	// Warnings are what decoding noticed about the input as a whole (an
	// encoding guessed, other sheets left unread).
	Warnings []string
}

// DecodeOptions configures [Decode]. A nil *DecodeOptions means defaults.
type DecodeOptions struct {
	// Format is the input's format; zero means recognise it from the
	// bytes (an XLSX file is a ZIP archive; a Markdown table has a
	// delimiter row under its header; anything else is CSV).
	Format Format
	// Sheet names the XLSX sheet to read; empty means the first sheet
	// whose header looks like a SOUP list.
	Sheet string
	// MaxBytes bounds the input Read accepts; zero means
	// soup.DefaultMaxBytes.
	MaxBytes int64
}

// Read reads the table in r, at most opts.MaxBytes of it (an error
// wrapping soup.ErrTooLarge beyond).
func Read(r io.Reader, opts *DecodeOptions) (*Table, error) {
	var max int64
	if opts != nil {
		max = opts.MaxBytes
	}
	data, err := soup.ReadAll(r, max)
	if err != nil {
		return nil, fmt.Errorf("table: %w", err)
	}
	return Decode(data, opts)
}

// MaxRows bounds the rows read from one table.
const MaxRows = 100_000

// Decode reads the table in data (see [Read] for a reader).
func Decode(data []byte, opts *DecodeOptions) (*Table, error) {
	var o DecodeOptions
	if opts != nil {
		o = *opts
	}
	if o.Format == 0 {
		o.Format = Sniff(data)
	}
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); o.Format != XLSX && len(t) > 0 && (t[0] == '{' || t[0] == '[' || t[0] == '<') {
		return nil, fmt.Errorf("%w: the input is JSON or XML, not a table (an SBOM? use soup init or sync)", ErrNoTable)
	}
	var (
		t   *Table
		err error
	)
	switch o.Format {
	case XLSX:
		t, err = decodeXLSX(data, o.Sheet)
	case Markdown:
		t, err = decodeMarkdown(data)
	case CSV:
		t, err = decodeCSV(data)
	default:
		return nil, fmt.Errorf("table: unknown format %v", o.Format)
	}
	if err != nil {
		return nil, err
	}
	t.Format = o.Format
	t.trim()
	if len(t.Header) == 0 {
		return nil, fmt.Errorf("%w: %s: no header row", ErrNoTable, o.Format)
	}
	return t, nil
}

// Sniff recognises the format of data: XLSX (a ZIP archive), Markdown (a
// row of cells between pipes followed by a delimiter row) or CSV.
func Sniff(data []byte) Format {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return XLSX
	}
	if markdownStart(splitLines(string(data))) >= 0 {
		return Markdown
	}
	return CSV
}

// trim makes every row as long as the header, drops trailing empty
// header columns that hold no data and rows with no content.
func (t *Table) trim() {
	width := len(t.Header)
	for _, r := range t.Rows {
		width = max(width, lastNonEmpty(r)+1)
	}
	for width > 0 && strings.TrimSpace(cell(t.Header, width-1)) == "" && !columnHasData(t.Rows, width-1) {
		width--
	}
	t.Header = pad(t.Header, width)
	var rows [][]string
	var lines []int
	for i, r := range t.Rows {
		if lastNonEmpty(r) < 0 {
			continue
		}
		rows = append(rows, pad(r, width))
		if i < len(t.Line) {
			lines = append(lines, t.Line[i])
		} else {
			lines = append(lines, 0)
		}
	}
	t.Rows, t.Line = rows, lines
}

func lastNonEmpty(r []string) int {
	for i := len(r) - 1; i >= 0; i-- {
		if strings.TrimSpace(r[i]) != "" {
			return i
		}
	}
	return -1
}

func columnHasData(rows [][]string, c int) bool {
	for _, r := range rows {
		if strings.TrimSpace(cell(r, c)) != "" {
			return true
		}
	}
	return false
}

func cell(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

func pad(r []string, n int) []string {
	out := make([]string, n)
	copy(out, r)
	return out
}

// splitLines splits text into lines without their line ends (\n, \r\n).
func splitLines(s string) []string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
