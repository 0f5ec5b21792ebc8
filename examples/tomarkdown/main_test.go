package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/internal/golden"
)

// cdx is a small CycloneDX SBOM: a backend that uses flask, which uses
// werkzeug.
const cdx = `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "metadata": {"component": {"bom-ref": "app", "type": "application", "name": "backend", "version": "1.0.0"}},
  "components": [
    {"bom-ref": "pkg:pypi/flask@1.1.2", "type": "library", "name": "flask", "version": "1.1.2",
     "purl": "pkg:pypi/flask@1.1.2", "supplier": {"name": "Pallets"},
     "externalReferences": [{"type": "issue-tracker", "url": "https://github.com/pallets/flask/issues"}]},
    {"bom-ref": "pkg:pypi/werkzeug@1.0.1", "type": "library", "name": "werkzeug", "version": "1.0.1",
     "purl": "pkg:pypi/werkzeug@1.0.1", "supplier": {"name": "Pallets"}}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["pkg:pypi/flask@1.1.2"]},
    {"ref": "pkg:pypi/flask@1.1.2", "dependsOn": ["pkg:pypi/werkzeug@1.0.1"]}
  ]
}`

// curated documents flask only.
const curated = `system: {name: Backend, safetyClass: B}
items:
  - id: SOUP-0001
    name: flask
    purl: pkg:pypi/flask@1.1.2
    requirements:
      functional: [Route HTTP requests]
`

func TestToMarkdown(t *testing.T) {
	var out bytes.Buffer
	if err := ToMarkdown(&out, strings.NewReader(cdx), nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| Name | Version | Requirements | Issue Tracker |",
		"| flask | 1.1.2 | NOT DOCUMENTED | <https://github.com/pallets/flask/issues> |",
		"| werkzeug | 1.0.1 | NOT DOCUMENTED |  |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "## Findings") {
		t.Errorf("findings without a curated list:\n%s", out.String())
	}
}

func TestToMarkdownCurated(t *testing.T) {
	var out bytes.Buffer
	if err := ToMarkdown(&out, strings.NewReader(cdx), strings.NewReader(curated)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| flask | 1.1.2 | Functional: Route HTTP requests |",
		"verification-missing", // a finding about flask
		"SOUP-0002",            // werkzeug, added with a fresh ID
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run("", []string{"../soup/example/python-backend.cdx.json"}, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "| requests | 2.23.0 |") {
		t.Errorf("the bundled example's SBOM gives:\n%s", out.String())
	}
	if err := run("", nil, strings.NewReader("not an SBOM"), &out); err == nil {
		t.Error("no error for a non-SBOM")
	}
	if err := run("", []string{"a", "b"}, nil, &out); err == nil {
		t.Error("no error for two SBOMs")
	}
	if err := run("missing.yaml", nil, strings.NewReader(cdx), &out); !os.IsNotExist(err) {
		t.Errorf("missing curated file: err = %v", err)
	}
}

// TestGolden renders the soup command's bundled example: the SBOM syft
// made of a Flask backend and its curated SOUP list.
func TestGolden(t *testing.T) {
	var out bytes.Buffer
	if err := run("../soup/example/soup.yaml", []string{"../soup/example/python-backend.cdx.json"}, nil, &out); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/python-backend.golden.md", out.Bytes())
}
