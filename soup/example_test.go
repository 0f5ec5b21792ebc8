package soup_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// Reading a hand-written soup.yaml.
func ExampleRead() {
	const curated = `
system:
  name: Infusion pump backend
  safetyClass: B
items:
  - id: SOUP-0001
    name: flask
    version: 1.1.2
    manufacturer: Pallets
    purl: pkg:pypi/flask@1.1.2
    riskLevel: medium
    requirements:
      functional: [Route HTTP requests of the device API to handlers]
`
	l, err := soup.Read(strings.NewReader(curated), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	it := l.Items[0]
	fmt.Println(l.System.Name, "class", l.System.SafetyClass)
	fmt.Println(it.ID, it.Name, it.Version, it.Key(), it.RiskLevel)
	fmt.Println(it.Requirements.Functional[0])

	// A mistake is reported with its line.
	_, err = soup.Read(strings.NewReader("items:\n  - name: flask\n    riskLevel: B\n"), nil)
	fmt.Println(err)
	// Output:
	// Infusion pump backend class B
	// SOUP-0001 flask 1.1.2 pkg:pypi/flask medium
	// Route HTTP requests of the device API to handlers
	// soup: yaml: line 3: riskLevel: invalid risk level "B": that is a safety class; a risk level is low, medium or high
}

// Validating a class B list: findings cite their IEC 62304 clause.
func ExampleList_Validate() {
	l := &soup.List{
		System:     soup.System{Name: "pump", SafetyClass: soup.ClassB},
		RiskLevels: soup.RiskLevels{Low: "No harm possible."},
		Items: []soup.Item{{
			ID: "SOUP-0001", Name: "flask", Version: "1.1.2", Manufacturer: "Pallets",
			RiskLevel: soup.RiskLow,
			Requirements: soup.Requirements{
				Functional:  []string{"Route HTTP requests"},
				Performance: []string{"TBD"},
			},
		}},
	}
	findings := l.Validate(soup.Policy{})
	for _, f := range findings {
		fmt.Println(f.Item, f.Rule, f.Clause, f.Field)
	}
	fmt.Println("fails the build:", findings.Err() != nil)
	// Output:
	// SOUP-0001 anomaly-review-missing 7.1.3 anomalyReview
	// SOUP-0001 requirements-missing 5.3.3 requirements.performance
	// SOUP-0001 requirements-missing 5.3.4 requirements.hardware
	// SOUP-0001 requirements-missing 5.3.4 requirements.software
	// SOUP-0001 verification-missing 5.3.6c verification.architecture
	// fails the build: true
}

// Counting the findings of a list as they are made, without holding them:
// for a list of a hundred thousand items, a million findings need not be
// in memory at once to print them or fail a build.
func ExampleList_ValidateSeq() {
	l := &soup.List{System: soup.System{Name: "pump", SafetyClass: soup.ClassB}}
	for i := range 3 {
		l.Items = append(l.Items, soup.Item{ID: soup.FormatID(i + 1), Name: "lib", Version: "1.0", Manufacturer: "ACME"})
	}
	byRule := map[string]int{}
	open := 0
	for f := range l.ValidateSeq(soup.Policy{}) {
		byRule[f.Rule]++
		if !f.Suppressed && f.Severity == soup.SeverityError {
			open++
		}
	}
	fmt.Println("requirements-missing:", byRule["requirements-missing"])
	fmt.Println("open errors:", open)
	// Output:
	// requirements-missing: 12
	// open errors: 27
}

// Reconciling a curated list with a new scan: the documentation stays, the
// upgrade shows, the new dependency gets an ID.
func ExampleReconcile() {
	curated := &soup.List{Items: []soup.Item{{
		ID: "SOUP-0001", Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2",
		Requirements: soup.Requirements{Functional: []string{"Route HTTP requests"}},
		Verification: soup.Verification{Architecture: "Behind gunicorn.", Version: "1.1.2"},
	}}}
	scanned := &soup.List{Items: []soup.Item{
		{Name: "flask", Version: "2.0.3", PURL: "pkg:pypi/flask@2.0.3"},
		{Name: "itsdangerous", Version: "2.0.1", PURL: "pkg:pypi/itsdangerous@2.0.1"},
	}}
	l, changes := soup.Reconcile(curated, scanned)
	for _, c := range changes {
		fmt.Println(c.Kind, c.ID, c.Name, c.From, c.To)
	}
	flask := l.Item("SOUP-0001")
	fmt.Println(flask.Requirements.Functional[0], "| verified:", flask.Verification.Version)
	_ = l.WriteYAML(os.Stdout)
	// Output:
	// added SOUP-0002 itsdangerous  2.0.1
	// upgraded SOUP-0001 flask 1.1.2 2.0.3
	// Route HTTP requests | verified: 1.1.2
	// items:
	//   - id: SOUP-0001
	//     name: flask
	//     version: 2.0.3
	//     purl: pkg:pypi/flask@2.0.3
	//     requirements:
	//       functional:
	//         - Route HTTP requests
	//     verification:
	//       architecture: Behind gunicorn.
	//       version: 1.1.2
	//     changeAnalysis:
	//       from: 1.1.2
	//   - id: SOUP-0002
	//     name: itsdangerous
	//     version: 2.0.1
	//     purl: pkg:pypi/itsdangerous@2.0.1
	// lastIssuedID: SOUP-0002
}

// Diff gives the input of a change impact note (IEC 62304 7.4).
func ExampleDiff() {
	old := &soup.List{Items: []soup.Item{{Name: "requests", Version: "2.23.0", PURL: "pkg:pypi/requests@2.23.0"}}}
	nw := &soup.List{Items: []soup.Item{{Name: "requests", Version: "2.31.0", PURL: "pkg:pypi/requests@2.31.0"}}}
	for _, c := range soup.Diff(old, nw) {
		fmt.Printf("%s: %s %s → %s\n", c.Kind, c.Name, c.From, c.To)
	}
	// Output:
	// upgraded: requests 2.23.0 → 2.31.0
}
