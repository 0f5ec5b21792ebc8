package souptest

// Copy this file into your repository, next to the SOUP list you keep in
// git, and set the two paths below. "go test" then fails when
//
//   - the SBOM your build writes has a dependency that the SOUP list does
//     not document (run "soup sync -curated soup.yaml sbom.json" to add it),
//   - a documented item lacks what IEC 62304 asks for the software safety
//     class of the list (requirements, risk, verification, anomaly review),
//   - a dependency was upgraded and its verification not yet redone.
//
// Your build must write the SBOM before the tests run, for example with
// "syft dir:. -o cyclonedx-json=testdata/sbom.cdx.json".

import (
	"fmt"
	"os"
	"testing"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

const (
	sbomFile    = "testdata/sbom.cdx.json" // the SBOM of the build
	curatedFile = "testdata/soup.yaml"     // the SOUP list kept in git
)

func TestSOUPListDocumentsSBOM(t *testing.T) {
	// soup.Policy{} checks with the list's own safety class; set Class to
	// override it, or add Suppressions and opt-in rules.
	problems, err := checkSOUP(sbomFile, curatedFile, soup.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// checkSOUP returns, one line each, the dependencies of the SBOM at
// sbomPath that the SOUP list at curatedPath does not document and the
// findings at error level that policy leaves open.
func checkSOUP(sbomPath, curatedPath string, policy soup.Policy) ([]string, error) {
	f, err := os.Open(sbomPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	scanned, _, err := sbom.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sbomPath, err)
	}
	c, err := os.Open(curatedPath)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	curated, err := soup.Read(c, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", curatedPath, err)
	}

	// Reconcile matches the SBOM's items to the list's by package URL:
	// an item only the SBOM has is a dependency nobody documented.
	list, changes := soup.Reconcile(curated, scanned)
	var problems []string
	missing := map[string]bool{}
	for _, ch := range changes.Of(soup.Added) {
		missing[ch.ID] = true
		problems = append(problems, fmt.Sprintf("%s %s is in %s but not documented in %s (run: soup sync -curated %s %s)",
			ch.Name, ch.To, sbomPath, curatedPath, curatedPath, sbomPath))
	}
	for _, fd := range list.Validate(policy).Open() {
		if fd.Severity == soup.SeverityError && !missing[fd.Item] {
			problems = append(problems, fd.String())
		}
	}
	return problems, nil
}
