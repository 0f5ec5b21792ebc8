package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

func runDiff(e *env, args []string) error {
	f := newFlags(e, "diff", "soup diff [-format text|json|markdown] [-class A|B|C] [-curated FILE] [-o FILE] [-exit-code] OLD NEW",
		`Diff reports what changed between two SBOMs or SOUP lists: the items added,
removed, upgraded, downgraded or otherwise changed: the input to the change
impact analysis of a change request (IEC 62304:2006+A1:2015 6.1f, 7.4). For
each change it shows the risk level, requirements and what is recorded, and
says what the change asks for in the software safety class (-class, else the
NEW list's class, else C): in every class the analysis of the change (7.4.1);
in classes B and C also its impact on the risk control measures, naming the
item's risk references (7.4.2, 7.4.3), verifying the new version against the
architecture (5.3.6c) and evaluating its published anomaly list (7.1.3). The
JSON output holds the tasks of every class.

With -curated both OLD and NEW are first reconciled with the curated list,
so that two plain SBOMs are reported with their documentation and IDs.

With -exit-code the exit status is 1 when an item changed (0 when none
did), like git diff --exit-code, so that CI can ask for a change impact
note whenever the SOUP changes.`,
		`  soup diff -curated soup.yaml old.cdx.json new.cdx.json
  soup diff -format markdown -curated soup.yaml old.cdx.json new.cdx.json > impact.md
  git show v1.0:soup.yaml | soup diff -format json - soup.yaml
  soup diff -exit-code -o impact.txt -curated soup.yaml main.cdx.json branch.cdx.json`)
	var (
		common   commonFlags
		format   string
		out      string
		exitCode bool
		class    classFlag
	)
	common.register(f)
	f.Var(&class, "class", "the software safety `class` A, B or C the tasks are for (default: NEW's own, else C)")
	f.StringVar(&format, "format", "text", "the output `format`: text, json or markdown")
	f.StringVar(&out, "o", "-", "the output `FILE`; - is standard output")
	f.BoolVar(&exitCode, "exit-code", false, "exit with status 1 when an item changed")
	names, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	if len(names) != 2 {
		return usageError(f, "want two operands, OLD and NEW, got %d", len(names))
	}
	write, ok := map[string]func(io.Writer, *impactReport) error{
		"text": writeImpactText, "json": writeImpactJSON, "markdown": writeImpactMarkdown,
	}[format]
	if !ok {
		return usageError(f, "-format: unknown format %q%s (want text, json or markdown)", format, suggest(format, []string{"text", "json", "markdown"}))
	}
	var lists [2]*soup.List
	for i, n := range names {
		d, err := decodeInput(e, n)
		if err != nil {
			return err
		}
		d.printReport(e, common.verbose)
		if d.format.Family != sbom.Native && common.curated == "" {
			// The IDs a decoder numbers an SBOM's items with differ
			// between two SBOMs; only a curated list's IDs mean anything.
			for j := range d.list.Items {
				d.list.Items[j].ID, d.list.Items[j].RequiredBy = "", nil
			}
		}
		lists[i] = d.list
	}
	if common.curated != "" {
		curated, err := readCurated(e, common.curated)
		if err != nil {
			return err
		}
		// Reconcile NEW with the reconciled OLD, so that an item has one
		// ID in both and a new item the next free one.
		lists[0], _ = soup.Reconcile(curated, lists[0])
		lists[1], _ = soup.Reconcile(lists[0], lists[1])
	}
	rep := newImpactReport(displayName(names[0]), displayName(names[1]), lists[0], lists[1], lists[1].Class(soup.Policy{Class: class.c}))
	var b bytes.Buffer
	if err := write(&b, rep); err != nil {
		return err
	}
	if err := writeOutput(e, out, b.Bytes()); err != nil {
		return err
	}
	if exitCode && len(rep.Changes) > 0 {
		return errExit1
	}
	return nil
}

// impactReport is the change impact report of soup diff.
type impactReport struct {
	Old string `json:"old"`
	New string `json:"new"`
	// Class is the class the text and Markdown reports give the tasks for.
	Class   soup.SafetyClass `json:"class"`
	Changes []impact         `json:"changes"`
}

// impact is one changed item and what the change asks of the team.
type impact struct {
	Kind         string             `json:"kind"`
	ID           string             `json:"id,omitempty"`
	Name         string             `json:"name"`
	From         string             `json:"from,omitempty"`
	To           string             `json:"to,omitempty"`
	Fields       []string           `json:"fields,omitempty"`
	RiskLevel    string             `json:"riskLevel,omitempty"`
	RiskRefs     []string           `json:"riskRefs,omitempty"`
	Requirements *soup.Requirements `json:"requirements,omitempty"`
	// Recorded says what the documentation records of an upgraded or
	// downgraded item's verification and anomaly evaluation.
	Recorded []string `json:"recorded,omitempty"`
	// Tasks are what the change asks for in the report's class; Impact
	// holds them for every class.
	Tasks  []soup.Task            `json:"-"`
	Impact map[string][]soup.Task `json:"impact,omitempty"`
}

func newImpactReport(oldName, newName string, old, new *soup.List, class soup.SafetyClass) *impactReport {
	rep := &impactReport{Old: oldName, New: newName, Class: class, Changes: []impact{}}
	for _, c := range soup.Diff(old, new) {
		it := c.New
		if it == nil {
			it = c.Old
		}
		im := impact{Kind: c.Kind.String(), ID: c.ID, Name: c.Name, From: c.From, To: c.To, Fields: c.Fields}
		if it.RiskLevel != 0 {
			im.RiskLevel = it.RiskLevel.String()
		}
		im.RiskRefs = it.RiskRefs
		if !it.Requirements.IsZero() {
			r := it.Requirements
			im.Requirements = &r
		}
		im.Recorded = recorded(c, it)
		im.Tasks = c.Impact(class)
		for _, k := range []soup.SafetyClass{soup.ClassA, soup.ClassB, soup.ClassC} {
			if ts := c.Impact(k); len(ts) > 0 {
				if im.Impact == nil {
					im.Impact = map[string][]soup.Task{}
				}
				im.Impact[k.String()] = ts
			}
		}
		rep.Changes = append(rep.Changes, im)
	}
	return rep
}

// recorded says what the documentation of an upgraded or downgraded item
// records of its verification and anomaly evaluation, and for which
// version.
func recorded(c soup.Change, it *soup.Item) []string {
	if c.Kind != soup.Upgraded && c.Kind != soup.Downgraded {
		return nil
	}
	var out []string
	v := it.Verification
	if v.Architecture == "" && v.Date.IsZero() {
		out = append(out, "architecture verification: none recorded")
	} else {
		out = append(out, "architecture verification: "+done("verified", v.Version, v.By, v.Date))
	}
	a := it.AnomalyReview
	if a.Date.IsZero() && a.Conclusion == "" {
		out = append(out, "anomaly list evaluation: none recorded")
	} else {
		out = append(out, "anomaly list evaluation: "+done("evaluated", cmp.Or(a.Version, v.Version), a.By, a.Date))
	}
	if ca := it.ChangeAnalysis; ca.Version == c.To && ca.Conclusion != "" {
		out = append(out, "change analysis: "+done("analysed", ca.Version, ca.By, ca.Date))
	}
	return out
}

// done describes a past verification: "verified for 1.1.2 by Jane Doe on
// 2026-10-02".
func done(what, version, by string, date soup.Date) string {
	s := what
	if version != "" {
		s += " for " + version
	} else {
		s += " for an unstated version"
	}
	if by != "" {
		s += " by " + by
	}
	if !date.IsZero() {
		s += " on " + date.String()
	}
	return s
}

func (im *impact) versions() string {
	return versions(soup.Change{From: im.From, To: im.To})
}

// requirementLines lists the requirements, one kind a line.
func requirementLines(r *soup.Requirements) []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, k := range []struct {
		name string
		v    []string
	}{{"functional", r.Functional}, {"performance", r.Performance}, {"hardware", r.Hardware}, {"software", r.Software}} {
		if len(k.v) > 0 {
			out = append(out, k.name+": "+strings.Join(k.v, "; "))
		}
	}
	return out
}

func (rep *impactReport) summary() string {
	counts := map[string]int{}
	var order []string
	for _, c := range rep.Changes {
		if counts[c.Kind] == 0 {
			order = append(order, c.Kind)
		}
		counts[c.Kind]++
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
	}
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, ", ")
}

// taskLines returns the tasks as lines, "7.4.1: analyse …".
func taskLines(ts []soup.Task) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.String())
	}
	return out
}

func writeImpactText(w io.Writer, rep *impactReport) error {
	fmt.Fprintf(w, "Change impact: %s -> %s: %s\n", rep.Old, rep.New, rep.summary())
	fmt.Fprintf(w, "Tasks for software safety class %s, by the clauses of %s.\n", rep.Class, soup.IEC62304)
	for _, c := range rep.Changes {
		head := c.Kind
		if c.ID != "" {
			head += " " + c.ID
		}
		fmt.Fprintf(w, "\n%s %s %s\n", head, c.Name, c.versions())
		field := func(label string, lines []string) {
			for i, l := range lines {
				if i > 0 {
					label = ""
				}
				fmt.Fprintf(w, "  %-14s%s\n", label, l)
			}
		}
		if len(c.Fields) > 0 {
			field("fields:", []string{strings.Join(c.Fields, ", ")})
		}
		if c.RiskLevel != "" || len(c.RiskRefs) > 0 {
			risk := cmp.Or(c.RiskLevel, "not assigned")
			if len(c.RiskRefs) > 0 {
				risk += " (" + strings.Join(c.RiskRefs, ", ") + ")"
			}
			field("risk level:", []string{risk})
		}
		field("requirements:", requirementLines(c.Requirements))
		field("recorded:", c.Recorded)
		field("to do:", taskLines(c.Tasks))
	}
	return nil
}

func writeImpactJSON(w io.Writer, rep *impactReport) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func writeImpactMarkdown(w io.Writer, rep *impactReport) error {
	md := render.EscapeMarkdown
	fmt.Fprintf(w, "# Change impact of the SOUP\n\nFrom %s to %s: %s. Tasks for software safety class %s, by the clauses of %s.\n",
		md(rep.Old), md(rep.New), rep.summary(), rep.Class, md(string(soup.IEC62304)))
	if len(rep.Changes) == 0 {
		return nil
	}
	fmt.Fprint(w, "\n| Change | ID | SOUP item | From | To | Risk level | Requirements | Recorded | To do |\n")
	fmt.Fprint(w, "|---|---|---|---|---|---|---|---|---|\n")
	cell := func(lines []string) string {
		for i := range lines {
			lines[i] = md(lines[i])
		}
		return strings.Join(lines, "<br>")
	}
	for _, c := range rep.Changes {
		risk := c.RiskLevel
		if len(c.RiskRefs) > 0 {
			risk = strings.TrimSpace(risk + " (" + strings.Join(c.RiskRefs, ", ") + ")")
		}
		rec := slices.Clone(c.Recorded)
		if len(c.Fields) > 0 {
			rec = append([]string{"fields changed: " + strings.Join(c.Fields, ", ")}, rec...)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", c.Kind, md(c.ID), md(c.Name), md(c.From), md(c.To),
			md(risk), cell(requirementLines(c.Requirements)), cell(rec), cell(taskLines(c.Tasks)))
	}
	return nil
}
