package xlsx_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/xuri/excelize/v2"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
	"github.com/soupkit/soupkit/render/xlsx"
)

// Render a SOUP list as a workbook, registered under "xlsx" like the
// command does, with the minimal columns and the validation findings, and
// read it back: the document control sheet comes first. The pages are US
// Letter.
func Example() {
	reg := render.Builtin()
	if err := reg.Register("xlsx", xlsx.Renderer{PageSize: xlsx.Letter}); err != nil {
		log.Fatal(err)
	}
	r, _ := reg.Lookup("xlsx")

	cols, err := render.Preset("minimal")
	if err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	opts := &render.Options{Columns: cols, Findings: rendertest.FullFindings()}
	if err := r.Render(&out, rendertest.FullList(), opts); err != nil {
		log.Fatal(err)
	}

	f, err := excelize.OpenReader(&out)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	fmt.Printf("%q\n", f.GetSheetList())
	rows, err := f.GetRows(xlsx.SheetItems)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rows[0][0]) // the status
	for _, row := range rows[1:4] {
		fmt.Printf("%q\n", row[:2])
	}
	// Output:
	// ["Document Control" "SOUP List" "Removed Items" "Findings"]
	// DRAFT — 4 findings at error level open: not ready for approval
	// ["Name" "Version"]
	// ["left-pad" "1.3.0"]
	// ["github.com/google/uuid" "v1.6.0"]
}
