package soupkit_test

import (
	"fmt"
	"os"
	"strings"

	_ "github.com/soupkit/soupkit/internal/golden" // the module-wide -update flag
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// The whole flow: an SBOM from the build, the team's curated soup.yaml,
// validation for class B and a Markdown SOUP list.
func Example() {
	const cyclonedx = `{
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "metadata": {"component": {"type": "application", "name": "pump-backend", "version": "2.4.0", "bom-ref": "root"}},
  "components": [
    {"type": "library", "name": "flask", "version": "2.0.3", "purl": "pkg:pypi/flask@2.0.3", "bom-ref": "flask"},
    {"type": "library", "name": "click", "version": "8.0.4", "purl": "pkg:pypi/click@8.0.4", "bom-ref": "click"}
  ],
  "dependencies": [{"ref": "root", "dependsOn": ["flask"]}, {"ref": "flask", "dependsOn": ["click"]}]
}`
	const curated = `
system: {name: Infusion pump backend, safetyClass: B}
items:
  - id: SOUP-0001
    name: flask
    version: 1.1.2
    manufacturer: Pallets
    purl: pkg:pypi/flask@1.1.2
    requirements:
      functional: [Route HTTP requests of the device API]
`
	scanned, format, err := sbom.Decode(strings.NewReader(cyclonedx))
	if err != nil {
		fmt.Println(err)
		return
	}
	documented, err := soup.Read(strings.NewReader(curated), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	list, changes := soup.Reconcile(documented, scanned)
	fmt.Println("read", format)
	for _, c := range changes {
		fmt.Println(c.Kind, c.ID, c.Name, c.From, c.To)
	}
	findings := list.Validate(soup.Policy{})
	fmt.Println(len(findings), "findings; first:", findings[0].Item, findings[0].Reference(), findings[0].Rule)

	columns, _ := render.Preset("minimal")
	opts := &render.Options{Columns: columns, OmitSummary: true}
	var md strings.Builder
	if err := (render.Markdown{}).Render(&md, list, opts); err != nil {
		fmt.Println(err)
		return
	}
	// Print just the SOUP table.
	table := md.String()[strings.Index(md.String(), "| Name | Version"):]
	fmt.Fprint(os.Stdout, table)
	// Output:
	// read cyclonedx-json@1.6
	// added SOUP-0002 click  8.0.4
	// upgraded SOUP-0001 flask 1.1.2 2.0.3
	// 20 findings; first: SOUP-0001 IEC 62304:2006+A1:2015 7.1.3 anomaly-review-missing
	// | Name | Version | Requirements | Issue Tracker |
	// | --- | --- | --- | --- |
	// | click | 8.0.4 | NOT DOCUMENTED |  |
	// | flask | 2.0.3 | Functional: Route HTTP requests of the device API |  |
	//
	// ## Status: DRAFT — 20 findings at error level open: not ready for approval
}
