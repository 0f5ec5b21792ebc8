package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/soupkit/soupkit/soup"
	"github.com/soupkit/soupkit/table"
)

// mapFlag is a -map flag: HEADER=FIELD pairs, comma-separated, the flag
// repeatable.
type mapFlag map[string]string

func (m mapFlag) String() string { return "" }

func (m mapFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		h, f, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(h) == "" {
			return fmt.Errorf("%q: want HEADER=FIELD", p)
		}
		f = strings.TrimSpace(f)
		known := table.Fields()
		if !containsFold(known, f) {
			return fmt.Errorf("%q: unknown field %q%s (soup import -h lists them)", p, f, suggest(f, known))
		}
		m[strings.TrimSpace(h)] = f
	}
	return nil
}

func containsFold(ss []string, s string) bool {
	for _, x := range ss {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func runImport(e *env, args []string) error {
	f := newFlags(e, "import", "soup import [-o FILE] [-map HEADER=FIELD,...] [-sheet NAME] [-format csv|xlsx|markdown] [-class A|B|C] FILE",
		`Import starts a curated SOUP list (soup.yaml) from the SOUP list a team kept
by hand: a CSV file (as any spreadsheet exports it: comma, semicolon or tab
separated, with or without a byte order mark), an XLSX workbook (the sheet
that looks like a SOUP list; merged header cells are understood) or a
Markdown table. Columns are matched by their headers, whatever their case
and spelling, including those of the common public SOUP list templates:

  ID, Software System, Package Name, Version, Website, Last verified at,
  Risk Level, Requirements, Verification Reasoning, Issue Tracker,
  Manufacturer, Licence (and Functional/Performance/Hardware/Software
  requirements, Failure modes, Risk references, Verified by, Notes…)

Every cell lands in a field of its item or in its notes ("Header: value"):
a column that names no field goes to the notes, and so does a cell that
cannot be read as its field asks (a risk level of "critical", an ambiguous
date); the report says which. -map chooses the field of a column:

  -map 'Owner=manufacturer,Internal ID=-'      (- leaves a column out)

Fields:
`+wrapWords(strings.Join(table.Fields(), ", "), 74, "  ")+`

Then run soup sync with the SBOM: items without a package URL are matched
by name and version, get their purl and the SBOM's identity, and keep what
the spreadsheet said; the SBOM's other components are added, and items the
SBOM lacks are kept and marked removed. Import never overwrites a file.`,
		`  soup import old-soup-list.xlsx                       # writes soup.yaml
  soup import -o soup.yaml -map 'Lib=name,Rev=version' SOUP.csv
  soup import -sheet "SOUP list" -class B legacy.xlsx
  soup import -o - SOUP.md | less`)
	var (
		out    string
		sheet  string
		format string
		date   string
		class  classFlag
		mapped = mapFlag{}
	)
	f.StringVar(&out, "o", "soup.yaml", "the `FILE` to create (.yaml or .yml); - is standard output")
	f.Var(mapped, "map", "map columns to fields: `HEADER=FIELD`,... (FIELD - leaves the column out)")
	f.StringVar(&sheet, "sheet", "", "the XLSX `SHEET` to read (default: the one that looks like a SOUP list)")
	f.StringVar(&format, "format", "", "the input `format`: csv, xlsx or markdown (default: recognised from the bytes)")
	f.StringVar(&date, "date", "", "the document `DATE`, YYYY-MM-DD (default: today)")
	f.Var(&class, "class", "the software safety `class` A, B or C of the system (4.3)")
	names, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	if len(names) != 1 {
		return usageError(f, "want one FILE to import, got %d", len(names))
	}
	var tf table.Format
	switch format {
	case "":
	case "csv":
		tf = table.CSV
	case "xlsx":
		tf = table.XLSX
	case "markdown", "md":
		tf = table.Markdown
	default:
		return usageError(f, "-format: unknown format %q%s (want csv, xlsx or markdown)", format, suggest(format, []string{"csv", "xlsx", "markdown"}))
	}
	when := soup.DateOf(time.Now())
	if date != "" {
		if when, err = soup.ParseDate(date); err != nil {
			return usageError(f, "-date: %v", err)
		}
	}
	var exists func() error // the error for an output file that exists
	if out != "-" {
		switch strings.ToLower(filepath.Ext(out)) {
		case ".yaml", ".yml":
		default:
			return usageError(f, "%s: import writes YAML, with comments: name the file .yaml or .yml", out)
		}
		// Checked now, before the work, and again as the file is
		// created: a file that appears meanwhile is not replaced.
		exists = func() error { return fmt.Errorf("%s: already exists; import never overwrites", out) }
		if _, err := os.Lstat(e.path(out)); err == nil {
			return exists()
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fileError(out, err)
		}
	}
	data, err := readInput(e, names[0])
	if err != nil {
		return err
	}
	e.progress.printf("reading the table of %s", displayName(names[0]))
	t, err := table.Decode(data, &table.DecodeOptions{Format: tf, Sheet: sheet})
	if err != nil {
		return fmt.Errorf("%s: %w", displayName(names[0]), err)
	}
	l, rep, err := t.List(&table.Options{Map: mapped})
	if err != nil {
		return fmt.Errorf("%s: %w", displayName(names[0]), err)
	}
	l.System.SafetyClass = class.c
	text, err := initText(l, when)
	if err != nil {
		return err
	}
	report := e.stdout
	if out == "-" {
		report = e.stderr
		if err := writeOutput(e, "-", text); err != nil {
			return err
		}
	} else if err := writeFile(e.path(out), out, text, &writeOptions{exists: exists}); err != nil {
		return err
	}
	e.progress.done()
	fmt.Fprintf(report, "%s: %s", displayName(names[0]), rep)
	if out != "-" {
		fmt.Fprintf(report, "%s: created with %s; next: soup sync -curated %s sbom.json\n", out, plural(len(l.Items), "item"), out)
	}
	return nil
}

// wrapWords breaks text into lines of at most width characters, each
// starting with indent.
func wrapWords(text string, width int, indent string) string {
	var b strings.Builder
	line := indent
	for _, w := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	b.WriteString(line)
	return b.String()
}
