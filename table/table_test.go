package table

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/soup"
)

// mergedWorkbook builds the XLSX fixture: a title row, a two-row header
// with "Requirements" merged over four columns, a "Software System" cell
// merged over three data rows, and dates stored as serial numbers.
func mergedWorkbook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sh = "SOUP"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	// A first sheet that is not the list: document control.
	if _, err := f.NewSheet("Document control"); err != nil {
		t.Fatal(err)
	}
	if err := f.MoveSheet("Document control", sh); err != nil {
		t.Fatal(err)
	}
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := f.MergeCell(sh, a, b); err != nil {
			t.Fatal(err)
		}
	}
	set("Document control", "A1", "Document ID")
	set("Document control", "B1", "SOUP-LIST-001")
	set(sh, "A1", "SOUP list, infusion pump backend (rev. 6)")
	head := []string{"ID", "Software System", "Package Name", "Version", "Requirements", "", "", "", "Risk Level", "Last verified at", "Verified by", "Manufacturer"}
	sub := []string{"", "", "", "", "Functional", "Performance", "Hardware", "Software", "", "", "", ""}
	for i, h := range head {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if h != "" {
			set(sh, col+"3", h)
		}
		if sub[i] != "" {
			set(sh, col+"4", sub[i])
		} else {
			merge(col+"3", col+"4") // a header cell over both header rows
		}
	}
	merge("E3", "H3")
	rows := [][]any{
		{"SOUP-0001", "Backend", "flask", "1.1.2", "Route HTTP requests", "50 requests per second", "x86-64 server", "CPython 3.8", "medium", 46297, "Jane Doe", "Pallets"},
		{"SOUP-0007", nil, "requests", "2.23.0", "Send dose records over HTTPS", "Within 2 s", "x86-64 server", "CPython 3.8\nurllib3 1.25", "High", 46350, "Jane Doe", "PSF"},
		{"SOUP-0009", nil, "certifi", "2020.4.5.1", "CA certificates", "", "", "", "low", "", "", "Kenneth Reitz"},
		{"SOUP-0012", "Tools", "gunicorn", "20.0.4", "Serve the WSGI app", "", "", "", "unknown", "soon", "", "Benoit Chesneau"},
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			col, _ := excelize.ColumnNumberToName(c + 1)
			set(sh, col+strconv.Itoa(5+r), v)
		}
	}
	merge("B5", "B7") // "Backend" for the first three items
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestXLSXFixture keeps testdata/soup-list-merged.xlsx, the file the
// command's scripts import, the workbook mergedWorkbook builds: -update
// writes it; otherwise both must read as the same table.
func TestXLSXFixture(t *testing.T) {
	const path = "testdata/soup-list-merged.xlsx"
	built := mergedWorkbook(t)
	if *golden.Update {
		if err := os.WriteFile(path, built, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Decode(built, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Decode(committed, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("%s differs from mergedWorkbook (go test -run TestXLSXFixture -update):\n%s", path, diff)
	}
}

// TestImportGolden imports each fixture and compares the list (as YAML)
// and the report with testdata/NAME.golden.
func TestImportGolden(t *testing.T) {
	for _, name := range []string{"soup-list-excel.csv", "soup-list.md", "soup-list-merged.xlsx"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + name)
			if err != nil {
				t.Fatal(err)
			}
			tab, err := Decode(data, nil)
			if err != nil {
				t.Fatal(err)
			}
			l, rep, err := tab.List(nil)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			b.WriteString(rep.String())
			b.WriteString("---\n")
			if err := l.WriteYAML(&b); err != nil {
				t.Fatal(err)
			}
			// The list is valid: it reads back as itself.
			back, err := soup.Parse(b.Bytes()[strings.Index(b.String(), "---\n")+4:])
			if err != nil {
				t.Fatalf("the imported list does not read back: %v", err)
			}
			if diff := cmp.Diff(l, back, cmp.AllowUnexported(soup.Date{})); diff != "" {
				t.Errorf("round trip (-imported +read):\n%s", diff)
			}
			golden.Check(t, "testdata/"+name+".golden", b.Bytes())
		})
	}
}

// TestNothingLost checks that every non-empty cell of every fixture
// appears in the imported list: in a field or in the notes.
func TestNothingLost(t *testing.T) {
	for _, name := range []string{"soup-list-excel.csv", "soup-list.md", "soup-list-merged.xlsx"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		tab, err := Decode(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		l, _, err := tab.List(nil)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range tab.Rows {
			var b bytes.Buffer
			one := &soup.List{Items: []soup.Item{l.Items[r]}}
			if err := one.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			text := b.String()
			for c, v := range row {
				v = strings.TrimSpace(v)
				if v == "" {
					continue
				}
				if !cellKept(text, tab.Header[c], v) {
					t.Errorf("%s row %d: cell %q = %q is not in the item:\n%s", name, tab.Line[r], tab.Header[c], v, text)
				}
			}
		}
	}
}

// cellKept reports whether the cell's value is in the item's JSON: as
// written (each line or list element of it), or as the field reads it (a risk level in
// lowercase, a date as YYYY-MM-DD).
func cellKept(itemJSON, header, v string) bool {
	if m := linkText().FindStringSubmatch(v); m != nil && strings.Contains(itemJSON, jsonText(m[1])) {
		return true // a link in a URL field: its address is the value
	}
	all := true
	for _, line := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.Contains(itemJSON, jsonText(line)) && !strings.Contains(strings.ToLower(itemJSON), strings.ToLower(strings.TrimSuffix(strings.ToLower(line), " risk"))) {
			all = false
		}
	}
	if all {
		return true
	}
	if d, err := ParseDate(v); err == nil {
		return strings.Contains(itemJSON, d.String())
	}
	return false
}

func jsonText(s string) string {
	var b bytes.Buffer
	l := &soup.List{Items: []soup.Item{{Notes: s}}}
	_ = l.WriteJSON(&b)
	js := b.String()
	i := strings.Index(js, `"notes": "`) + len(`"notes": "`)
	j := strings.LastIndex(js, `"`)
	return js[i:j]
}

func TestDecodeCSV(t *testing.T) {
	want := [][]string{{"flask", "1.1.2"}, {"requests", "2.23.0"}}
	utf16le := func(s string) []byte {
		b := []byte{0xff, 0xfe}
		for _, r := range s {
			b = append(b, byte(r), 0)
		}
		return b
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"comma", []byte("Name,Version\nflask,1.1.2\nrequests,2.23.0\n")},
		{"semicolon, BOM, CRLF", []byte("\xef\xbb\xbfName;Version\r\nflask;1.1.2\r\nrequests;2.23.0\r\n")},
		{"tab, UTF-16", utf16le("Name\tVersion\r\nflask\t1.1.2\r\nrequests\t2.23.0\r\n")},
		{"sep= line", []byte("sep=;\nName;Version\nflask;1.1.2\nrequests;2.23.0\n")},
		{"blank lines and empty columns", []byte("\n\nName,Version,,\nflask,1.1.2,,\n,,,\nrequests,2.23.0\n")},
		{"quoted separators", []byte("Name;Version\n\"flask\";1.1.2\nrequests;\"2.23.0\"\n")},
		{"title line", []byte("SOUP list rev. 6;;\n;;\nName;Version\nflask;1.1.2\nrequests;2.23.0\n")},
	} {
		tab, err := Decode(c.data, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if tab.Format != CSV || !cmp.Equal(tab.Header, []string{"Name", "Version"}) || !cmp.Equal(tab.Rows, want) {
			t.Errorf("%s: got %v %q %q", c.name, tab.Format, tab.Header, tab.Rows)
		}
	}
	// Windows-1252, as Excel writes "CSV" on Windows.
	tab, err := Decode([]byte("Name;Manufacturer\nx;M\xfcller \x80\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Rows[0][1] != "Müller €" || len(tab.Warnings) != 1 {
		t.Errorf("cp1252: %q %q", tab.Rows, tab.Warnings)
	}
	if _, err := Decode([]byte("\n\n"), nil); !errors.Is(err, ErrNoTable) {
		t.Errorf("empty: err = %v, want ErrNoTable", err)
	}
	if _, err := Decode([]byte("a,\"b\n"), nil); err != nil {
		t.Errorf("lazy quotes: %v", err)
	}
	if _, err := Decode([]byte(`{"bomFormat": "CycloneDX"}`), nil); !errors.Is(err, ErrNoTable) {
		t.Errorf("JSON: err = %v, want ErrNoTable", err)
	}
	tab, err = Decode([]byte("Colour,Size\nred,1\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := tab.List(nil); !errors.Is(err, ErrNoTable) {
		t.Errorf("no name column: err = %v, want ErrNoTable", err)
	}
	if _, _, err := tab.List(&Options{Map: map[string]string{"colour": "name"}}); err != nil {
		t.Errorf("name column mapped: %v", err)
	}
}

func TestReadBound(t *testing.T) {
	data := "Name,Version\nflask,1.1.2\n"
	if _, err := Read(strings.NewReader(data), &DecodeOptions{MaxBytes: 10}); !errors.Is(err, soup.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	tab, err := Read(strings.NewReader(data), nil)
	if err != nil || len(tab.Rows) != 1 {
		t.Errorf("Read = %v, %v", tab, err)
	}
}

func TestSplitRow(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{`| a | b |`, []string{"a", "b"}},
		{`a | b`, []string{"a", "b"}},
		{`| a \| b | c |`, []string{"a | b", "c"}},
		{`| x<br>y | <https://e.org> | [e](https://e.org) | [https://e.org](https://e.org) |`, []string{"x\ny", "https://e.org", "e (https://e.org)", "https://e.org"}},
		{`| a &amp; b | \\ |`, []string{"a & b", `\`}},
		{`| | b |`, []string{"", "b"}},
	} {
		if got := splitRow(c.in); !cmp.Equal(got, c.want) {
			t.Errorf("splitRow(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMatchHeader(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ID", "id"},
		{"Package Name", "name"},
		{"package_name", "name"},
		{"Programming Language", ""},
		{"Last verified at", "verification.date"},
		{"Risk Level", "riskLevel"},
		{"risk-level", "riskLevel"},
		{"Requirements", "requirements.functional"},
		{"Requirements Functional", "requirements.functional"},
		{"Performance requirements (5.3.3)", "requirements.performance"},
		{"Verification Reasoning", "verification.architecture"},
		{"Issue Tracker", "issueTracker"},
		{"Manufacturer", "manufacturer"},
		{"Manufactuer", "manufacturer"},
		{"Licence", "license"},
		{"Lisence", "license"},
		{"Software System", "systems"},
		{"Website", "website"},
		{"Owner", ""},
		{"", ""},
		{"5.3.3", ""},
	} {
		if got := MatchHeader(c.in); got != c.want {
			t.Errorf("MatchHeader(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"2026-11-24", "2026-11-24", ""},
		{"24.11.2026", "2026-11-24", ""},
		{"2.1.2026", "2026-01-02", ""},
		{"24/11/2026", "2026-11-24", ""},
		{"11/24/2026", "2026-11-24", ""},
		{"11/24/26", "2026-11-24", ""},
		{"03/04/2026", "", "ambiguous"},
		{"04/04/2026", "2026-04-04", ""},
		{"Nov 24, 2026", "2026-11-24", ""},
		{"24 November 2026", "2026-11-24", ""},
		{"46350", "2026-11-24", ""},
		{"46350.5", "2026-11-24", ""},
		{"12", "", "not a date"},
		{"31/02/2026", "", "not a date"},
		{"last spring", "", "not a date"},
	} {
		d, err := ParseDate(c.in)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("ParseDate(%q) = %v, %v; want error %q", c.in, d, err, c.err)
		case c.err == "" && (err != nil || d.String() != c.want):
			t.Errorf("ParseDate(%q) = %v, %v; want %s", c.in, d, err, c.want)
		}
	}
}

func TestListMap(t *testing.T) {
	tab, err := Decode([]byte("Component,Rev,Owner,Internal,Risk\nflask,1.1.2,Pallets,x,bad\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	l, rep, err := tab.List(&Options{Map: map[string]string{"rev": "version", " Owner ": "Manufacturer", "Internal": "-"}})
	if err != nil {
		t.Fatal(err)
	}
	want := soup.Item{ID: "SOUP-0001", Name: "flask", Version: "1.1.2", Manufacturer: "Pallets", Notes: "Risk: bad"}
	if diff := cmp.Diff(want, l.Items[0], cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("item (-want +got):\n%s", diff)
	}
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].String(), `line 2: Risk: "bad" is not a risk level`) {
		t.Errorf("problems = %v", rep.Problems)
	}
	if !strings.Contains(rep.String(), `"Internal"`) || !strings.Contains(rep.String(), "left out (-map)") {
		t.Errorf("report does not list the column left out:\n%s", rep)
	}
	for _, m := range []map[string]string{{"Rev": "versoin"}, {"Nope": "name"}} {
		if _, _, err := tab.List(&Options{Map: m}); err == nil {
			t.Errorf("map %v: no error", m)
		}
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Format
	}{
		{"PK\x03\x04rest", XLSX},
		{"# t\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", Markdown},
		{"a|b\n-|-\n", Markdown},
		{"a,b\n1,2\n", CSV},
		{"a | b\nc | d\n", CSV},
	} {
		if got := Sniff([]byte(c.in)); got != c.want {
			t.Errorf("Sniff(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// FuzzDecode checks that no input makes Decode or List panic, and that
// what List returns is a valid SOUP list.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"soup-list-excel.csv", "soup-list.md"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Name,Version\nflask,1.1.2\n"))
	f.Add([]byte("| Name | Risk |\n|---|---|\n| a \\| b | high |\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte("PK")) {
			return // excelize has its own fuzzing
		}
		tab, err := Decode(data, nil)
		if err != nil {
			return
		}
		l, _, err := tab.List(nil)
		if errors.Is(err, ErrNoTable) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := l.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if _, err := soup.Parse(b.Bytes()); err != nil {
			t.Fatalf("the imported list does not read back: %v", err)
		}
	})
}
