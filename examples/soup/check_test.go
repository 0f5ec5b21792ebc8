package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema compiles the official SARIF 2.1.0 schema committed under
// testdata/sarif (see its README for the origin).
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const id = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestCheckSARIFSchema validates the SARIF output of check against the
// official schema: with findings in the curated file and in the SBOM,
// suppressed findings, list findings, no findings, and standard input.
func TestCheckSARIFSchema(t *testing.T) {
	t.Parallel()
	sch := sarifSchema(t)
	dir := t.TempDir()
	copyTo(t, dir, sbomV1)
	copyTo(t, dir, curatedV1)
	copyTo(t, dir, "example/policy.yaml")
	sbomData := string(mustRead(t, sbomV1))
	cases := []struct {
		name   string
		status int
		stdin  string
		args   []string
	}{
		{"curated", 1, "", []string{"-curated", "soup.yaml", "python-backend.cdx.json"}},
		{"policy", 1, "", []string{"-policy", "policy.yaml", "-now", "2026-11-24", "-curated", "soup.yaml", "python-backend.cdx.json"}},
		{"sbom only, class unset", 1, "", []string{"python-backend.cdx.json"}},
		{"stdin", 1, sbomData, []string{"-curated", "soup.yaml", "-"}},
		{"none", 0, "", []string{"-rule", "version-missing", "soup.yaml"}},
	}
	for _, c := range cases {
		out, _ := soupIn(t, c.status, dir, c.stdin, append([]string{"check", "-format", "sarif"}, c.args...)...)
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := sch.Validate(doc); err != nil {
			t.Errorf("%s: not valid SARIF 2.1.0: %v", c.name, err)
		}
		// One result per finding, as JSON lists them.
		js, _ := soupIn(t, c.status, dir, c.stdin, append([]string{"check", "-format", "json"}, c.args...)...)
		var findings []map[string]any
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID     string         `json:"ruleId"`
					Properties map[string]any `json:"properties"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(js), &findings); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, r := range log.Runs[0].Results {
			got = append(got, r.RuleID+" "+r.Properties["clause"].(string))
		}
		for _, f := range findings {
			want = append(want, f["rule"].(string)+" "+f["clause"].(string))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: results differ from the findings (-want +got):\n%s", c.name, diff)
		}
	}
	// The validation can fail: a result without its message is invalid.
	bad := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"soupkit"}},"results":[{"ruleId":"x"}]}]}`
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(doc) == nil {
		t.Error("a result without a message validated")
	}
}

// TestCheckJUnitWellFormed reads the JUnit output back as XML, with
// hostile text in a message.
func TestCheckJUnitWellFormed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeWork(t, dir+"/soup.yaml", []byte(`system: {safetyClass: B}
items:
  - id: SOUP-0001
    name: "a]]><x/>&\"b"
    version: "1.0"
`), 0o644)
	out, _ := soupIn(t, 1, dir, "", "check", "-format", "junit", "soup.yaml")
	var doc struct {
		Tests  int `xml:"tests,attr"`
		Suites []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.NewDecoder(bytes.NewReader([]byte(out))).Decode(&doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	if doc.Tests != 2 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 2 {
		t.Fatalf("want 2 test cases (list, item), got %+v", doc)
	}
	c := doc.Suites[0].Cases[1]
	if c.Name != `SOUP-0001 a]]><x/>&"b@1.0` || c.Failure == nil || !strings.Contains(c.Failure.Text, "manufacturer-missing") {
		t.Errorf("item case = %+v", c)
	}
}

func TestAnnotationEscaping(t *testing.T) {
	if got, want := escapeProperty("a:b,c%\nd"), "a%3Ab%2Cc%25%0Ad"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
	if got, want := escapeData("50%: a\r\nb"), "50%25: a%0D%0Ab"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
}

func TestNearest(t *testing.T) {
	words := []string{"requirements-missing", "risk-level-missing", "sarif", "json", "name", "version"}
	for _, c := range []struct{ in, want string }{
		{"requirement-missing", "requirements-missing"},
		{"sarf", "sarif"},
		{"JSON", "json"},
		{"vers", "version"},
		{"xyz", ""},
		{"", ""},
	} {
		if got := nearest(c.in, words); got != c.want {
			t.Errorf("nearest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCheckNamesItemsWithoutID: an item written without an ID is named
// name@version, in the text and in SARIF, and -item selects it.
func TestCheckNamesItemsWithoutID(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeWork(t, dir+"/soup.yaml", []byte("system: {safetyClass: A}\nitems:\n  - name: flask\n    version: 1.1.2\n    manufacturer: Pallets\n"), 0o644)
	out, _ := soupIn(t, 0, dir, "", "check", "-item", "flask@1.1.2", "soup.yaml")
	if !strings.HasPrefix(out, "flask@1.1.2  id-missing  IEC 62304:2006+A1:2015 8.1.1  warning:") {
		t.Errorf("text:\n%s", out)
	}
	sarif, _ := soupIn(t, 0, dir, "", "check", "-format", "sarif", "soup.yaml")
	if !strings.Contains(sarif, `"text": "flask@1.1.2: The item has no ID`) || !strings.Contains(sarif, `"startLine": 3`) {
		t.Errorf("sarif:\n%s", sarif)
	}
}
