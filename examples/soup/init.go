package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/soup"
)

// schemaURL is where editors find the JSON Schema of soup.yaml.
const schemaURL = "https://raw.githubusercontent.com/soupkit/soupkit/main/soup/soup.schema.json"

func runInit(e *env, args []string) error {
	f := newFlags(e, "init", "soup init [-class A|B|C] [-date DATE] [-o FILE] [INPUT...]",
		`Init writes a new curated SOUP list (soup.yaml) to start from: the software
system, document control and risk level definitions to fill in, and, when
SBOMs are given, one item per component with its identity (each with a
fresh ID, nothing invented). Comments say what each field is for and which
clause of IEC 62304 asks for it; the first line lets YAML editors complete
and check the file against its schema.

Init never overwrites a file: to bring an existing list in step with a new
SBOM, use soup sync. To start from an existing spreadsheet, use soup import.`,
		`  soup init -class B sbom.json                # writes soup.yaml
  soup init -class C -o backend/soup.yaml backend.cdx.json frontend.spdx.json
  soup init -o - > soup.yaml                   # no SBOM yet: the skeleton only`)
	var (
		common commonFlags
		class  classFlag
		date   string
		out    string
	)
	f.BoolVar(&common.verbose, "v", false, "report on standard error what was read from each INPUT")
	f.Var(&class, "class", "the software safety `class` A, B or C of the system (4.3); unset is checked as C")
	f.StringVar(&date, "date", "", "the document `DATE`, YYYY-MM-DD (default: today)")
	f.StringVar(&out, "o", "soup.yaml", "the `FILE` to create (.yaml or .yml); - is standard output")
	inputs, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	when := soup.DateOf(time.Now())
	if date != "" {
		if when, err = soup.ParseDate(date); err != nil {
			return usageError(f, "-date: %v", err)
		}
	}
	var exists func() error // the error for an output file that exists
	if out != "-" && out != "" {
		switch strings.ToLower(filepath.Ext(out)) {
		case ".yaml", ".yml":
		default:
			return usageError(f, "%s: init writes YAML, with comments: name the file .yaml or .yml", out)
		}
		// Checked now, before the work, and again as the file is
		// created: a file that appears meanwhile is not replaced.
		exists = func() error {
			return fmt.Errorf("%s: already exists; init never overwrites (soup sync -curated %s updates it)", out, out)
		}
		if _, err := os.Lstat(e.path(out)); err == nil {
			return exists()
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fileError(out, err)
		}
	}
	scanned := new(soup.List)
	if len(inputs) > 0 {
		if scanned, err = scanInputs(e, f, &common, inputs); err != nil {
			return err
		}
	}
	base := &soup.List{System: soup.System{SafetyClass: class.c}}
	l, _ := soup.Reconcile(base, scanned)
	text, err := initText(l, when)
	if err != nil {
		return err
	}
	if out == "-" || out == "" {
		return writeOutput(e, "-", text)
	}
	if err := writeFile(e.path(out), out, text, &writeOptions{exists: exists}); err != nil {
		return err
	}
	e.progress.done()
	fmt.Fprintf(e.stdout, "%s: created with %s; fill in what says TBD, then run soup check\n", out, plural(len(l.Items), "item"))
	return nil
}

// initText returns the curated file of l, with comments, as sync writes
// it back: running sync on it with the same SBOM changes nothing.
func initText(l *soup.List, date soup.Date) ([]byte, error) {
	// The system's name and version come from the SBOM: left out when it
	// has none, sync fills them in. Its manufacturer is rarely there.
	name := l.System.Name
	l.System.Manufacturer = orTBD(l.System.Manufacturer)
	l.Document = soup.Document{
		ID: "TBD", Revision: "1", Date: date, Author: "TBD",
		Approvers: []soup.Approver{{Name: "TBD", Role: "TBD"}},
	}
	if name != "" {
		l.Document.Title = "SOUP list of " + name
	}
	l.RiskLevels = soup.RiskLevels{
		Low:    "Malfunction cannot contribute to a hazardous situation.",
		Medium: "Malfunction can contribute to a hazardous situation leading to non-serious injury.",
		High:   "Malfunction can contribute to a hazardous situation leading to serious injury or death.",
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `# yaml-language-server: $schema=%s
#
# The SOUP list%s, kept in git beside the code. IEC 62304 asks the
# manufacturer to identify every item of software of unknown provenance
# (8.1.2) and, by software safety class, to document what the system
# requires of it (5.3.3, 5.3.4), its risks (7.1) and known anomalies
# (7.1.3), and how the architecture supports it (5.3.6c).
#   soup sync -curated soup.yaml sbom.json    adds new dependencies, keeps what you wrote
#   soup check -curated soup.yaml sbom.json   says what is still missing
#   soup review -by NAME ID                   records a verification

# The software system this list documents.
system:
`, schemaURL, ofName(name))
	if name != "" {
		fmt.Fprintf(&b, "  name: %s\n", scalar(name))
	} else {
		b.WriteString("  # name, version: the SBOM's (sync fills them in), or write them here.\n")
	}
	if l.System.Version != "" {
		fmt.Fprintf(&b, "  version: %s\n", scalar(l.System.Version))
	}
	fmt.Fprintf(&b, "  manufacturer: %s\n", scalar(l.System.Manufacturer))
	if l.System.SafetyClass != 0 {
		fmt.Fprintf(&b, "  # A, B or C (4.3): which rules apply.\n  safetyClass: %s\n", l.System.SafetyClass)
	} else {
		b.WriteString("  # safetyClass: A, B or C (4.3). Until it is set, the list is checked as class C.\n")
	}
	fmt.Fprintf(&b, `
# Document control: the list is a controlled document of the quality
# management system (ISO 13485 4.2.4), signed by its approvers.
document:
%s  id: TBD         # the document number in your QMS
  revision: "1"
  date: %s
  author: TBD
  approvers:
    - name: TBD
      role: TBD   # such as Head of QA

# The definitions of the risk levels items are given (5.1.7, 7.1): replace
# them by those of your risk management file (ISO 14971).
riskLevels:
  low: %s
  medium: %s
  high: %s
`, titleLine(l.Document.Title), date, scalar(l.RiskLevels.Low), scalar(l.RiskLevels.Medium), scalar(l.RiskLevels.High))
	if len(l.Sources) > 0 {
		b.WriteString("\n# The SBOMs the list was made from (evidence of origin); sync updates them.\n")
		if err := encodeSection(&b, "sources", l.Sources); err != nil {
			return nil, err
		}
	}
	b.WriteString(`
# One entry per SOUP item. sync adds each new dependency with a fresh ID
# and what the SBOM says (name, version, purl, licence…); what you write is
# kept across upgrades. Per item, IEC 62304 asks for:
#   manufacturer                          8.1.2   who supplies the item
#   requirements:
#     functional: [...]                   5.3.3   what the system requires of it
#     performance: [...]                  5.3.3
#     hardware: [...]                     5.3.4   what it requires to run
#     software: [...]                     5.3.4
#   riskLevel: low, medium or high        5.1.7, 7.1
#   failureModes: [...]                   7.1.2c  above low risk
#   riskRefs: [RISK-012]                  7.1.2c  above low risk: the risk file's IDs
#   verification:                         5.3.6c  how the architecture supports it
#     architecture: ...                           (soup review records by, date, version)
#   anomalyReview:                        7.1.3   its published anomaly list evaluated
#     conclusion: ...                             (soup review -anomalies)
#   anomalies: [{id, status, justification}]  7.1.3  not-affected, fixed, affected, under-investigation
#   support: {level, endOfSupport}        FDA premarket cybersecurity guidance
#   notes: ...
# Class A asks for identification and a risk level; classes B and C for all.
`)
	if len(l.Items) == 0 {
		b.WriteString("items: []\n")
	} else if err := encodeSection(&b, "items", l.Items); err != nil {
		return nil, err
	}
	// Normalise through the writer sync uses, so that a sync changes
	// nothing but what the SBOM changes.
	back, err := soup.Parse(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("init: the template does not read back: %w", err)
	}
	merged, _, err := mergeYAML(b.Bytes(), back)
	return merged, err
}

// encodeSection writes key: v as YAML, two-space indented.
func encodeSection(b *bytes.Buffer, key string, v any) error {
	enc := yaml.NewEncoder(b)
	enc.SetIndent(2)
	if err := enc.Encode(map[string]any{key: v}); err != nil {
		return err
	}
	return enc.Close()
}

// scalar returns s as a YAML scalar on one line.
func scalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil || bytes.Count(out, []byte("\n")) > 1 {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// ofName returns " of NAME" for the file's first comment, or "".
func ofName(name string) string {
	if name = strings.Join(strings.Fields(name), " "); name == "" {
		return ""
	}
	return " of " + name
}

// titleLine returns the document's title line, or none without a title
// (the documents then take theirs from the system's name).
func titleLine(title string) string {
	if title == "" {
		return ""
	}
	return "  title: " + scalar(title) + "\n"
}

func orTBD(s string) string {
	if strings.TrimSpace(s) == "" {
		return "TBD"
	}
	return s
}
