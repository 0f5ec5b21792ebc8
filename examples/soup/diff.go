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
	f := newFlags(e, "diff", "soup diff [-format text|json|markdown] [-curated FILE] [-o FILE] [-exit-code] OLD NEW",
		`Diff reports what changed between two SBOMs or SOUP lists: the items added,
removed, upgraded, downgraded or otherwise changed. For each upgraded or
downgraded item it shows the risk level and requirements and says which
verification now needs redoing (5.3.6c, 7.1.3): the input to the change
impact analysis of a change request (IEC 62304 6.1f, 7.4).

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
	)
	common.register(f)
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
	rep := newImpactReport(displayName(names[0]), displayName(names[1]), lists[0], lists[1])
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
	Old     string   `json:"old"`
	New     string   `json:"new"`
	Changes []impact `json:"changes"`
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
	// Redo lists the verification activities the change invalidates, each
	// naming its clause.
	Redo []string `json:"redo,omitempty"`
}

func newImpactReport(oldName, newName string, old, new *soup.List) *impactReport {
	rep := &impactReport{Old: oldName, New: newName, Changes: []impact{}}
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
		im.Redo = redo(c, it)
		rep.Changes = append(rep.Changes, im)
	}
	return rep
}

// redo says which verification a change invalidates.
func redo(c soup.Change, it *soup.Item) []string {
	switch c.Kind {
	case soup.Added:
		return []string{"document the new item: requirements (5.3.3, 5.3.4), risk level and failure modes (7.1), " +
			"architecture verification (5.3.6c) and anomaly list evaluation (7.1.3)"}
	case soup.Removed:
		s := "remove the item from the architecture and check the risk analysis (7.4.3)"
		if len(it.RiskRefs) > 0 {
			s += ": " + strings.Join(it.RiskRefs, ", ")
		}
		return []string{s}
	case soup.Changed:
		return nil
	}
	var out []string
	v := it.Verification
	switch {
	case v.Architecture == "" && v.Date.IsZero():
		out = append(out, fmt.Sprintf("architecture verification (5.3.6c): none recorded; verify %s", c.To))
	case v.Version != c.To:
		out = append(out, fmt.Sprintf("architecture verification (5.3.6c): %s; verify %s", done("verified", v.Version, v.By, v.Date), c.To))
	}
	a := it.AnomalyReview
	av := cmp.Or(a.Version, v.Version)
	switch {
	case a.Date.IsZero() && a.Conclusion == "":
		out = append(out, fmt.Sprintf("anomaly list evaluation (7.1.3): none recorded; evaluate the anomalies of %s", c.To))
	case av != c.To:
		out = append(out, fmt.Sprintf("anomaly list evaluation (7.1.3): %s; evaluate the anomalies of %s", done("evaluated", av, a.By, a.Date), c.To))
	}
	if !it.Requirements.IsZero() {
		out = append(out, fmt.Sprintf("requirements (5.3.3, 5.3.4): confirm they hold for %s", c.To))
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

func writeImpactText(w io.Writer, rep *impactReport) error {
	fmt.Fprintf(w, "Change impact: %s -> %s: %s\n", rep.Old, rep.New, rep.summary())
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
		field("to redo:", c.Redo)
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
	fmt.Fprintf(w, "# Change impact of the SOUP\n\nFrom %s to %s: %s.\n", md(rep.Old), md(rep.New), rep.summary())
	if len(rep.Changes) == 0 {
		return nil
	}
	fmt.Fprint(w, "\n| Change | ID | SOUP item | From | To | Risk level | Requirements | To redo |\n")
	fmt.Fprint(w, "|---|---|---|---|---|---|---|---|\n")
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
		redo := slices.Clone(c.Redo)
		if len(c.Fields) > 0 {
			redo = append([]string{"fields changed: " + strings.Join(c.Fields, ", ")}, redo...)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", c.Kind, md(c.ID), md(c.Name), md(c.From), md(c.To),
			md(risk), cell(requirementLines(c.Requirements)), cell(redo))
	}
	return nil
}
