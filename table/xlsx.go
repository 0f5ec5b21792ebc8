package table

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The bounds on an XLSX file: what its parts may unpack to.
const (
	maxUnzip    = 256 << 20
	maxUnzipXML = 64 << 20
	maxHeadRow  = 10 // the header is within the first rows of a sheet
)

// decodeXLSX reads the sheet named sheet, or else the sheet that looks
// most like a SOUP list. Merged cells give their value to every cell they
// cover; a header of two rows, where the upper row groups columns with
// merged cells ("Requirements" over "Functional", "Performance"…), gives
// each column both names ("Requirements Functional"). Cells are read as
// stored, not as formatted: a date is its serial number, which the date
// fields read.
func decodeXLSX(data []byte, sheet string) (*Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxUnzipXML})
	if err != nil {
		return nil, fmt.Errorf("table: xlsx: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheet != "" {
		found := false
		for _, s := range sheets {
			found = found || s == sheet
		}
		if !found {
			return nil, fmt.Errorf("table: xlsx: no sheet %q (the sheets: %s)", sheet, strings.Join(sheets, ", "))
		}
		sheets = []string{sheet}
	}
	var best *Table
	bestScore := -1
	for _, name := range sheets {
		t, err := readSheet(f, name)
		if err != nil {
			return nil, err
		}
		if s := headerScore(t.Header); s > bestScore {
			best, bestScore = t, s
		}
	}
	if best == nil {
		return &Table{}, nil
	}
	if n := len(f.GetSheetList()); n > 1 && sheet == "" {
		best.Warnings = append(best.Warnings, fmt.Sprintf("read sheet %q; %s not read (choose one with -sheet)", best.Sheet, plural(n-1, "other sheet")))
	}
	return best, nil
}

// readSheet reads one sheet: its header row (the row within the first
// ones with the most recognised headers) and the rows below.
func readSheet(f *excelize.File, name string) (*Table, error) {
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("table: xlsx: sheet %q: %w", name, err)
	}
	if len(rows) > MaxRows+maxHeadRow {
		return nil, fmt.Errorf("table: xlsx: sheet %q: more than %d rows", name, MaxRows)
	}
	merged, err := f.GetMergeCells(name)
	if err != nil {
		return nil, fmt.Errorf("table: xlsx: sheet %q: %w", name, err)
	}
	// Fill merged ranges; remember which header cells span columns.
	spans := map[[2]int]bool{} // row, column of a cell in a horizontal merge
	for _, m := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2-r1 > MaxRows || c2-c1 > 1000 {
			continue
		}
		v := m.GetCellValue()
		for r := r1; r <= r2; r++ {
			for len(rows) < r {
				rows = append(rows, nil)
			}
			for c := c1; c <= c2; c++ {
				for len(rows[r-1]) < c {
					rows[r-1] = append(rows[r-1], "")
				}
				rows[r-1][c-1] = v
				if c2 > c1 {
					spans[[2]int{r - 1, c - 1}] = true
				}
			}
		}
	}
	head, score := -1, -1
	for i := 0; i < len(rows) && i < maxHeadRow; i++ {
		if s := headerScore(rows[i]); s > score && lastNonEmpty(rows[i]) >= 0 {
			head, score = i, s
		}
	}
	t := &Table{Sheet: name}
	if head < 0 {
		return t, nil
	}
	for i := range head {
		if lastNonEmpty(rows[i]) >= 0 {
			t.Warnings = append(t.Warnings, fmt.Sprintf("row %d, above the header, not read: %q", i+1, strings.Join(nonBlank(rows[i]), " | ")))
		}
	}
	t.Header = append([]string(nil), rows[head]...)
	first := head + 1
	// A second header row under merged group headers.
	if first < len(rows) && hasSpan(spans, head) && headerScore(rows[first]) > 0 {
		sub := rows[first]
		t.Header = pad(t.Header, max(len(t.Header), len(sub)))
		for c := range t.Header {
			s := strings.TrimSpace(cell(sub, c))
			switch {
			case s == "" || s == t.Header[c]:
			case spans[[2]int{head, c}]:
				t.Header[c] = strings.TrimSpace(t.Header[c] + " " + s)
			default:
				t.Header[c] = s
			}
		}
		first++
	}
	for i := first; i < len(rows); i++ {
		t.Rows = append(t.Rows, rows[i])
		t.Line = append(t.Line, i+1)
	}
	return t, nil
}

func hasSpan(spans map[[2]int]bool, row int) bool {
	for k := range spans {
		if k[0] == row {
			return true
		}
	}
	return false
}

// nonBlank returns the cells of r that hold text.
func nonBlank(r []string) []string {
	var out []string
	for _, c := range r {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}
