package main

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// example is the bundled example: the SBOM syft made of the seed's Flask
// backend and the SOUP list its team curates by hand.
//
//go:embed example/python-backend.cdx.json example/soup.yaml
var example embed.FS

// The files of the bundled example.
const (
	exampleSBOM    = "python-backend.cdx.json"
	exampleCurated = "soup.yaml"
)

// runDemo shows what soup does, by running render and check on the bundled
// example and printing each command with its output.
func runDemo(e *env) error {
	dir, err := os.MkdirTemp("", "soup-example-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, name := range []string{exampleSBOM, exampleCurated} {
		b, err := example.ReadFile("example/" + name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	e.progress = nil // the example is small; progress would only interleave
	fmt.Fprint(e.stdout, `soup turns the SBOM of a build into the SOUP list that IEC 62304 asks of
medical device software, checks it against the rules of the software safety
class, and keeps the hand-written documentation in step with the code.

The bundled example is a Flask backend of software safety class B:
  python-backend.cdx.json  the CycloneDX SBOM syft made of it (13 packages)
  soup.yaml                the SOUP list its team writes by hand: requirements,
                           risk, verification and anomaly review of each item
setuptools is in the SBOM but not yet in soup.yaml, and idna is documented
only in part, so check has something to say.
`)
	steps := []struct {
		about string
		run   func(*env, []string) error
		args  []string // the command line after "soup"
	}{
		{"The SOUP list, in Markdown (also html, csv, json, xlsx, pdf, template:FILE):",
			runRender, []string{"render", "-curated", exampleCurated, "-columns", "minimal", exampleSBOM}},
		{"What IEC 62304 still asks for, with the clause of each finding:",
			runCheck, []string{"check", "-curated", exampleCurated, exampleSBOM}},
	}
	// The steps name the example's files as a user in its directory would.
	e.dir = dir
	for _, s := range steps {
		fmt.Fprintf(e.stdout, "\n%s\n\n$ soup %s\n", s.about, strings.Join(s.args, " "))
		switch err := s.run(e, s.args[1:]); {
		case errors.Is(err, errExit1):
			fmt.Fprintln(e.stdout, "(exit status 1: in a CI pipeline the build fails here)")
		case err != nil:
			return err
		}
	}
	fmt.Fprint(e.stdout, `
Next steps, on your own SBOM (syft, trivy, cdxgen or cyclonedx-gomod make one):
  soup sync -curated soup.yaml sbom.json    start or update your soup.yaml
  soup check -curated soup.yaml sbom.json   fail the build on missing documentation
  soup -h                                   every command; soup COMMAND -h for its flags
`)
	return nil
}
