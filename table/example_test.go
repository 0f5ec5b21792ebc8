package table_test

import (
	"fmt"
	"log"

	"github.com/soupkit/soupkit/table"
)

// Read a SOUP list kept as a spreadsheet, exported as CSV with semicolons,
// into the model; the report says where each column went and which cells
// did not fit their field (they are kept in the item's notes).
func Example() {
	data := []byte("Package Name;Version;Risk Level;Requirements;Owner\r\n" +
		"Flask;1.1.2;Medium;\"Route HTTP requests\nSerialise JSON\";Jane\r\n" +
		"idna;2.9;critical;Domain names;\r\n")
	t, err := table.Decode(data, nil)
	if err != nil {
		log.Fatal(err)
	}
	l, rep, err := t.List(nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range l.Items {
		fmt.Printf("%s %s@%s risk=%q requirements=%q notes=%q\n", it.ID, it.Name, it.Version, it.RiskLevel, it.Requirements.Functional, it.Notes)
	}
	fmt.Print(rep)
	// Output:
	// SOUP-0001 Flask@1.1.2 risk="medium" requirements=["Route HTTP requests" "Serialise JSON"] notes="Owner: Jane"
	// SOUP-0002 idna@2.9 risk="" requirements=["Domain names"] notes="Risk Level: critical"
	// csv: 2 rows, 2 items
	// columns:
	//   "Package Name"               -> name, 2 cells
	//   "Version"                    -> version, 2 cells
	//   "Risk Level"                 -> riskLevel, 2 cells
	//   "Requirements"               -> requirements.functional, 2 cells
	//   "Owner"                      -> notes (no field of that name; -map HEADER=FIELD chooses one), 1 cell
	// 2 items without an ID got a fresh one
	// line 4: Risk Level: "critical" is not a risk level (low, medium or high); kept in notes
}
