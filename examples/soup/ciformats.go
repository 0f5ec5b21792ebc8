package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/soupkit/soupkit"
	"github.com/soupkit/soupkit/soup"
)

// The output formats of check for CI systems: SARIF 2.1.0 for code
// scanning, JUnit XML for test report viewers and GitHub Actions workflow
// commands for annotations.

// rulesURI is where a person reads what each rule demands.
const rulesURI = "https://github.com/soupkit/soupkit#the-rules-and-the-iec-62304-clauses"

// The SARIF 2.1.0 objects soup writes (the subset it needs).
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string         `json:"id"`
		Name                 string         `json:"name"`
		ShortDescription     sarifMessage   `json:"shortDescription"`
		HelpURI              string         `json:"helpUri"`
		DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
		Properties           map[string]any `json:"properties"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		Message             sarifMessage       `json:"message"`
		Locations           []sarifLocation    `json:"locations,omitempty"`
		PartialFingerprints map[string]string  `json:"partialFingerprints"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
		Properties          map[string]any     `json:"properties"`
	}
	sarifLocation struct {
		PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
		LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	sarifLogical struct {
		Name               string `json:"name"`
		FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
		Kind               string `json:"kind"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Status        string `json:"status"`
		Justification string `json:"justification"`
	}
)

// writeSARIF writes the findings as a SARIF 2.1.0 log with one run: the
// rules found, each with its clause and severities, and one result per
// finding.
func writeSARIF(w io.Writer, rep *checkReport) error {
	driver := sarifDriver{Name: "soupkit", Version: soupkit.Version, InformationURI: "https://github.com/soupkit/soupkit", Rules: []sarifRule{}}
	used := map[string]bool{}
	for _, f := range rep.findings {
		used[f.Rule] = true
	}
	index := map[string]int{}
	for _, r := range soup.Rules() {
		if !used[r.ID] {
			continue
		}
		index[r.ID] = len(driver.Rules)
		sev := map[string]string{}
		for _, c := range []struct {
			class string
			s     soup.Severity
		}{{"A", r.A}, {"B", r.B}, {"C", r.C}} {
			if c.s != 0 {
				sev[c.class] = c.s.String()
			} else {
				sev[c.class] = "none"
			}
		}
		level := "error"
		if r.C == soup.SeverityWarning {
			level = "warning"
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.ID, Name: ruleName(r.ID),
			ShortDescription:     sarifMessage{r.Summary},
			HelpURI:              rulesURI,
			DefaultConfiguration: sarifConfig{level},
			Properties: map[string]any{
				"clause":   r.Clause,
				"standard": string(r.Source),
				"severity": sev,
				"optIn":    r.OptIn,
				"tags":     tags(r),
			},
		})
	}
	results := []sarifResult{}
	for i, f := range rep.findings {
		res := sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule],
			Level:               f.Severity.String(),
			Message:             sarifMessage{fmt.Sprintf("%s: %s", rep.find.subject(&f), f.Message)},
			PartialFingerprints: map[string]string{"soupkitFinding/v1": f.Item + "|" + f.Rule + "|" + f.Field},
			Properties:          map[string]any{"source": string(f.Source), "clause": f.Clause, "field": f.Field},
		}
		loc := sarifLocation{}
		if i < len(rep.locations) && rep.locations[i].file != "" {
			l := rep.locations[i]
			loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{uri(l.file)}}
			if l.line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{l.line, l.col}
			}
		}
		if it := rep.find.item(&f); it != nil {
			loc.LogicalLocations = []sarifLogical{{Name: nameAt(it), FullyQualifiedName: f.Item, Kind: "module"}}
			res.Properties["item"] = f.Item
			res.Properties["name"] = it.Name
			res.Properties["version"] = it.Version
			if it.PURL != "" {
				res.Properties["purl"] = it.PURL
			}
		}
		if loc.PhysicalLocation != nil || loc.LogicalLocations != nil {
			res.Locations = []sarifLocation{loc}
		}
		if f.Suppressed {
			res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: f.Justification}}
		}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{driver}, Results: results}},
	}
	b, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ruleName turns a rule ID into the PascalCase name SARIF viewers show:
// requirements-missing → RequirementsMissing.
func ruleName(id string) string {
	var b strings.Builder
	for _, p := range strings.Split(id, "-") {
		if p != "" {
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	return b.String()
}

// The JUnit XML objects soup writes, in the shape test report viewers
// (Jenkins, GitLab, Azure DevOps, the JUnit publishing actions) read.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		ClassName string        `xml:"classname,attr"`
		Failure   *junitFailure `xml:"failure,omitempty"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",cdata"`
	}
)

// writeJUnit writes the findings as JUnit XML: one test case per item
// (and one for the list itself), failing when an unsuppressed finding at
// error level is about it; warnings and suppressed findings are its
// output.
func writeJUnit(w io.Writer, rep *checkReport) error {
	suite := junitSuite{Name: "soup check"}
	addCase := func(name string, fs soup.Findings) {
		c := junitCase{Name: name, ClassName: "soup.items"}
		if name == "(list)" {
			c.ClassName = "soup.list"
		}
		var fail, other []string
		for _, f := range fs {
			line := fmt.Sprintf("%s %s: %s (%s)", f.Rule, f.Reference(), f.Message, f.Severity)
			switch {
			case f.Suppressed:
				other = append(other, line+" [suppressed: "+f.Justification+"]")
			case f.Severity == soup.SeverityError:
				fail = append(fail, line)
			default:
				other = append(other, line)
			}
		}
		if len(fail) > 0 {
			c.Failure = &junitFailure{Type: "error", Message: plural(len(fail), "finding") + " at error level", Text: strings.Join(fail, "\n")}
			suite.Failures++
		}
		c.SystemOut = strings.Join(other, "\n")
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
	}
	listFindings := soup.Findings{}
	byItem := map[*soup.Item]soup.Findings{}
	for _, f := range rep.findings {
		if it := rep.find.item(&f); it != nil {
			byItem[it] = append(byItem[it], f)
		} else {
			listFindings = append(listFindings, f)
		}
	}
	addCase("(list)", listFindings)
	for i := range rep.list.Items {
		it := &rep.list.Items[i]
		if it.Removed || len(rep.items) > 0 && !matchesAny(it, rep.items) {
			continue
		}
		name := nameAt(it)
		if it.ID != "" {
			name = it.ID + " " + name
		}
		addCase(name, byItem[it])
	}
	doc := junitSuites{Name: "soup check", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	b.WriteString("\n")
	_, err := w.Write(b.Bytes())
	return err
}

// writeAnnotations writes a GitHub Actions workflow command per open
// finding, so that the job's summary and the pull request show it at the
// item's line: ::error file=soup.yaml,line=12,title=…::message.
func writeAnnotations(w io.Writer, rep *checkReport) {
	for i, f := range rep.findings {
		if f.Suppressed {
			continue
		}
		cmd := "warning"
		if f.Severity == soup.SeverityError {
			cmd = "error"
		}
		var props []string
		if i < len(rep.locations) && rep.locations[i].file != "" {
			props = append(props, "file="+escapeProperty(uri(rep.locations[i].file)))
			if l := rep.locations[i].line; l > 0 {
				props = append(props, fmt.Sprintf("line=%d", l))
			}
			if c := rep.locations[i].col; c > 0 {
				props = append(props, fmt.Sprintf("col=%d", c))
			}
		}
		props = append(props, "title="+escapeProperty(fmt.Sprintf("%s %s (%s)", rep.find.subject(&f), f.Rule, f.Reference())))
		fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(f.Message))
	}
}

// escapeData escapes the message of a workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// tags are a rule's SARIF tags: its source and its reference (once when
// they are the same, as for a policy rule), and SOUP.
func tags(r soup.Rule) []string {
	src, ref := string(r.Source), r.Reference(0).String()
	if ref == src {
		return []string{src, "SOUP"}
	}
	return []string{src, ref, "SOUP"}
}
