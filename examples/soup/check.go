package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// checkFormats are the output formats of check, in the order the help
// lists them.
var checkFormats = []string{"text", "json", "sarif", "junit", "github"}

func runCheck(e *env, args []string) error {
	f := newFlags(e, "check", "soup check [-class A|B|C] [-curated FILE] [-policy FILE] [-format FORMAT] [-o FILE] [-max N] [-rule RULE,...] [-item ID,...] [-max-review-age DAYS] [-now DATE] [-db PATH]... [-online] [-kev FILE|URL] INPUT...",
		`Check validates the SOUP list against the rules of IEC 62304:2006+A1:2015
for its software safety class (and the FDA premarket cybersecurity guidance,
the NTIA minimum elements and the team's policy where they apply) and prints
each finding with the item (ID and name@version), the rule and what requires
it (the source with its edition, and the clause), then the counts by rule and
by clause:

  SOUP-0007 flask@2.0.3  requirements-missing  IEC 62304:2006+A1:2015 5.3.3  error: ...

The exit status is 0 when no finding at error level is left, 1 when one is,
and 2 for a usage or input error, so that a CI pipeline fails the build when
a new dependency is undocumented. -rule and -item select the findings that
are printed and count for the exit status; -max only shortens the list of
the text output (the counts still cover every selected finding).

Formats:
  text    one finding per line and the counts (the default)
  json    an array of findings
  sarif   SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps), one
          result per finding with the rule, its clause and the line of the
          item in the curated file (else in the SBOM)
  junit   JUnit XML for test report viewers: one test case per item
  github  GitHub Actions workflow commands (::error file=…,line=…::…),
          printed after the text output when GITHUB_ACTIONS=true

A policy file (-policy) records what a team accepted and asks for: findings
it suppresses, each with a written justification, who approved it and when,
and optionally an expiry and a reference (suppressed findings are still
printed, marked as such, and do not fail the check; a rule IEC 62304 requires
in the class is suppressed item by item only), and opt-in rules:

  class: B
  maxReviewAge: 365          # days since each item's anomaly review (6.2.1)
  supportWarning: 180        # days before an end of support to warn (6.1f)
  requireLicense: true       # a valid SPDX licence on every item (policy)
  requireSupplier: true      # the system names its manufacturer (NTIA)
  requireSupport: true       # support level and end of support (FDA)
  suppressions:
    - rule: anomaly-review-missing
      item: SOUP-0012
      justification: Build-time only; not part of the shipped image.
      approvedBy: John Roe
      approved: 2026-11-02
      expires: 2027-05-01
      reference: DEV-17

Flags override the policy file.

With -db, -online, -kev or -eol the published anomaly data is looked up
first, as soup anomalies does (without writing anything), so that an
affecting anomaly nobody has evaluated fails the check (7.1.3; an error
in classes B and C, and in every class when it is known exploited).`,
		`  soup check -curated soup.yaml sbom.json
  soup check -class B -policy soup-policy.yaml -curated soup.yaml sbom.json
  soup check -max 20 -rule requirements-missing -curated soup.yaml sbom.json
  soup check -item SOUP-0007,requests -curated soup.yaml sbom.json
  soup check -format sarif -o soup.sarif -curated soup.yaml sbom.json
  soup check -format junit -o soup-junit.xml -curated soup.yaml sbom.json
  soup check -max-review-age 365 soup.yaml         # a SOUP list on its own
  soup check -class B -db osv/PyPI-all.zip -kev kev.json -curated soup.yaml sbom.json
  syft dir:. -o cyclonedx-json | soup check -curated soup.yaml -`)
	var (
		common commonFlags
		pf     policyFlags
		format string
		out    string
		maxN   int
		rules  string
		items  string
	)
	common.register(f)
	pf.register(f, true)
	var af anomalyFlags
	af.register(f)
	f.StringVar(&format, "format", "text", "the output `format`: "+strings.Join(checkFormats, ", "))
	f.StringVar(&out, "o", "-", "the output `FILE`; - is standard output")
	f.IntVar(&maxN, "max", 0, "print at most `N` findings in the text output; 0 means all")
	f.StringVar(&rules, "rule", "", "only the findings of these `RULES` (comma-separated rule IDs)")
	f.StringVar(&items, "item", "", "only the findings about these `ITEMS` (comma-separated IDs, names or name@version)")
	inputs, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	if !slices.Contains(checkFormats, format) {
		return usageError(f, "-format: unknown format %q%s (want one of %s)", format, suggest(format, checkFormats), strings.Join(checkFormats, ", "))
	}
	if maxN < 0 {
		return usageError(f, "-max: must not be negative")
	}
	ruleSet, err := parseRuleFilter(rules)
	if err != nil {
		return usageError(f, "-rule: %v", err)
	}
	pol, err := pf.policy(e)
	if err != nil {
		return err
	}
	l, err := loadInputs(e, f, &common, inputs)
	if err != nil {
		return err
	}
	if af.any() {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		res, err := af.evaluate(ctx, e, "check", l, pol.Now)
		if err != nil {
			return err
		}
		l = res.List
	}
	itemSel := splitList(items)
	if err := checkItemFilter(l, itemSel); err != nil {
		return usageError(f, "-item: %v", err)
	}
	var fd *finder // made when findings are named or selected by item
	if format != "json" || len(itemSel) > 0 {
		fd = newFinder(l)
	}
	if format == "json" || format == "text" && !e.githubActions() {
		// The findings are written as they are made, one item at a
		// time: a large list's are never held.
		var t tally
		seq := t.count(selectSeq(fd, l.ValidateSeq(pol), ruleSet, itemSel))
		err := streamOutput(e, out, func(w io.Writer) error {
			if format == "json" {
				return writeFindingsJSON(w, seq)
			}
			writeFindingsText(controlWriter{w}, fd, seq, &t, maxN)
			return nil
		})
		if err != nil {
			return err
		}
		if t.open > 0 {
			return errExit1
		}
		return nil
	}
	var findings soup.Findings
	for x := range selectSeq(fd, l.ValidateSeq(pol), ruleSet, itemSel) {
		findings = append(findings, x)
	}
	rep := &checkReport{list: l, find: fd, findings: findings, items: itemSel}
	if format == "sarif" || format == "github" || format == "text" && e.githubActions() {
		rep.locations = locateFindings(e, common.curated, inputs, l, findings)
	}
	// The output is written as it is made, not held whole in memory.
	err = streamOutput(e, out, func(w io.Writer) error {
		if format == "text" || format == "github" {
			// Names from the inputs may hold terminal escape sequences.
			w = controlWriter{w}
		}
		switch format {
		case "sarif":
			return writeSARIF(w, rep)
		case "junit":
			return writeJUnit(w, rep)
		case "github":
			writeAnnotations(w, rep)
		default:
			var t tally
			writeFindingsText(w, fd, t.count(slices.Values(findings)), &t, maxN)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if format == "text" && e.githubActions() {
		// Workflow commands act only in the job's log: standard output,
		// whatever -o says.
		var a bytes.Buffer
		writeAnnotations(&a, rep)
		if err := writeOutput(e, "-", a.Bytes()); err != nil {
			return err
		}
	}
	if findings.Err() != nil {
		return errExit1
	}
	return nil
}

// githubActions reports whether soup runs in a GitHub Actions job.
func (e *env) githubActions() bool { return e.getenv("GITHUB_ACTIONS") == "true" }

// checkReport is what check found, with what the output formats need to
// name and place each finding.
type checkReport struct {
	list     *soup.List
	find     *finder
	findings soup.Findings
	// items is the -item selection; empty means every item.
	items []string
	// locations are the places of the findings, by index; nil when the
	// format does not need them.
	locations []location
}

// finder finds the items findings are about: by ID through a map built
// once, so that naming every finding of a large list is linear.
type finder struct {
	l    *soup.List
	byID map[string]*soup.Item
}

// newFinder indexes the items of l by ID (the first item of an ID, as
// List.Item finds it).
func newFinder(l *soup.List) *finder {
	fd := &finder{l: l, byID: make(map[string]*soup.Item, len(l.Items))}
	for i := range l.Items {
		it := &l.Items[i]
		if _, dup := fd.byID[it.ID]; !dup && it.ID != "" {
			fd.byID[it.ID] = it
		}
	}
	return fd
}

// item returns the item a finding is about, or nil for the list.
func (fd *finder) item(f *soup.Finding) *soup.Item {
	if f.Item == "" {
		return nil
	}
	if it := fd.byID[f.Item]; it != nil {
		return it
	}
	// An item without an ID is named by its quoted name or its place.
	for i := range fd.l.Items {
		it := &fd.l.Items[i]
		if it.ID == "" && (f.Item == fmt.Sprintf("%q", it.Name) || f.Item == fmt.Sprintf("#%d", i+1)) {
			return it
		}
	}
	return nil
}

// nameAt returns "name@version" of an item, or its name alone.
func nameAt(it *soup.Item) string {
	if it.Version == "" {
		return it.Name
	}
	return it.Name + "@" + it.Version
}

// subject names the item of a finding: "SOUP-0007 flask@2.0.3", or
// "(list)" for the list itself.
func (fd *finder) subject(f *soup.Finding) string {
	return string(fd.appendSubject(nil, f))
}

// appendSubject appends the subject of f to b.
func (fd *finder) appendSubject(b []byte, f *soup.Finding) []byte {
	if f.Item == "" {
		return append(b, "(list)"...)
	}
	it := fd.item(f)
	switch {
	case it == nil || it.Name == "":
		return append(b, f.Item...)
	case it.ID != "":
		b = append(append(b, f.Item...), ' ')
	}
	b = append(b, it.Name...)
	if it.Version != "" {
		b = append(append(b, '@'), it.Version...)
	}
	return b
}

// parseRuleFilter reads a -rule value; every rule must exist.
func parseRuleFilter(s string) ([]string, error) {
	ids := splitList(s)
	var known []string
	for _, r := range soup.Rules() {
		known = append(known, r.ID)
	}
	for _, id := range ids {
		if !slices.Contains(known, id) {
			return nil, fmt.Errorf("unknown rule %q%s", id, suggest(id, known))
		}
	}
	return ids, nil
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// matchesAny reports whether the item is named by one of sel: its ID,
// its name (any case) or name@version.
func matchesAny(it *soup.Item, sel []string) bool {
	for _, s := range sel {
		if s == it.ID || strings.EqualFold(s, it.Name) || strings.EqualFold(s, nameAt(it)) {
			return true
		}
	}
	return false
}

// checkItemFilter reports an -item selector that names no item.
func checkItemFilter(l *soup.List, sel []string) error {
	if len(sel) == 0 {
		return nil
	}
	var names []string
	for i := range l.Items {
		it := &l.Items[i]
		names = append(names, it.ID, it.Name)
	}
	for _, s := range sel {
		if !slices.ContainsFunc(l.Items, func(it soup.Item) bool { return matchesAny(&it, []string{s}) }) {
			return fmt.Errorf("no item is %q%s", s, suggest(s, names))
		}
	}
	return nil
}

// selectSeq returns the findings of fs of the given rules about the
// given items (all when a selection is empty).
func selectSeq(fd *finder, fs iter.Seq[soup.Finding], rules, items []string) iter.Seq[soup.Finding] {
	if len(rules) == 0 && len(items) == 0 {
		return fs
	}
	return func(yield func(soup.Finding) bool) {
		for f := range fs {
			if len(rules) > 0 && !slices.Contains(rules, f.Rule) {
				continue
			}
			if len(items) > 0 {
				it := fd.item(&f)
				if it == nil || !matchesAny(it, items) {
					continue
				}
			}
			if !yield(f) {
				return
			}
		}
	}
}

// tally counts findings as they go by: by severity, rule and reference.
type tally struct {
	n, errs, warns, suppressed int
	// open counts the findings at error level not suppressed: they fail
	// the check.
	open   int
	byRule map[string]int
	byRef  map[soup.Reference]int
}

// count returns fs, counting each finding into t as it is yielded.
func (t *tally) count(fs iter.Seq[soup.Finding]) iter.Seq[soup.Finding] {
	return func(yield func(soup.Finding) bool) {
		t.byRule, t.byRef = map[string]int{}, map[soup.Reference]int{}
		for f := range fs {
			t.n++
			switch {
			case f.Suppressed:
				t.suppressed++
			case f.Severity == soup.SeverityError:
				t.errs++
				t.open++
			default:
				t.warns++
			}
			t.byRule[f.Rule]++
			t.byRef[f.Reference()]++
			if !yield(f) {
				return
			}
		}
	}
}

// writeFindingsText writes one finding per line (at most limit, 0 meaning
// all) and the counts: in total, by rule and by clause. fs must count its
// findings into t (see [tally.count]).
func writeFindingsText(w io.Writer, fd *finder, fs iter.Seq[soup.Finding], t *tally, limit int) {
	var line []byte // one line, made in place
	i := 0
	for f := range fs {
		if limit == 0 || i < limit {
			// subject  rule  reference  severity: message [suppressed: …]
			line = fd.appendSubject(line[:0], &f)
			line = append(append(line, "  "...), f.Rule...)
			line = append(append(line, "  "...), f.Source...)
			if f.Clause != "" {
				if f.Source != "" {
					line = append(line, ' ')
				}
				line = append(line, f.Clause...)
			}
			line = append(append(line, "  "...), f.Severity.String()...)
			line = append(append(line, ": "...), f.Message...)
			if f.Suppressed {
				line = append(append(append(line, " [suppressed: "...), f.Justification...), ']')
			}
			w.Write(append(line, '\n'))
		}
		i++
	}
	if t.n == 0 {
		fmt.Fprintln(w, "no findings")
		return
	}
	if limit > 0 && t.n > limit {
		fmt.Fprintf(w, "… %d more not shown (-max %d)\n", t.n-limit, limit)
	}
	fmt.Fprintf(w, "%s: %s, %s, %d suppressed\n", plural(t.n, "finding"),
		plural(t.errs, "error"), plural(t.warns, "warning"), t.suppressed)
	byClause := map[string]int{}
	for r, n := range t.byRef {
		byClause[r.String()] += n
	}
	writeCounts(w, "by rule", t.byRule)
	writeCounts(w, "by clause", byClause)
}

// writeCounts writes the counts, most frequent first.
func writeCounts(w io.Writer, title string, counts map[string]int) {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(counts[b], counts[a]), compareClauses(a, b)) })
	fmt.Fprintf(w, "%s:\n", title)
	for _, k := range keys {
		fmt.Fprintf(w, "  %5d  %s\n", counts[k], k)
	}
}

// compareClauses orders clause numbers numerically (5.3.3 before 5.3.10)
// and other text alphabetically.
func compareClauses(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		var na, nb int
		_, ea := fmt.Sscanf(pa[i], "%d", &na)
		_, eb := fmt.Sscanf(pb[i], "%d", &nb)
		if ea == nil && eb == nil && na != nb {
			return cmp.Compare(na, nb)
		}
		if c := cmp.Compare(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
