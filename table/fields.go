package table

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Notes is the pseudo-field of the columns whose cells go to an item's
// notes, each as "Header: value"; Skip is that of columns left out on
// purpose (Options.Map), which the report lists.
const (
	Notes = "notes"
	Skip  = "-"
)

// fieldNames are the fields a column can fill, in the native encoding's
// names (see package soup), with the headers that name each: the words of
// a header, lowercased, without punctuation, clause numbers and filler
// words, in any order.
var fieldNames = []struct {
	field   string
	headers []string
}{
	{"id", []string{"id", "soup id", "identifier", "item id", "no", "nr", "number", "ref", "reference"}},
	{"name", []string{"name", "package name", "package", "software name", "soup name", "soup", "soup item", "title", "component", "component name", "library", "dependency", "module", "software", "item", "artifact", "product"}},
	{"version", []string{"version", "package version", "soup version", "release", "version number", "designator", "unique designator", "installed version", "used version"}},
	{"manufacturer", []string{"manufacturer", "vendor", "supplier", "author", "authors", "publisher", "maintainer", "producer", "origin", "developer"}},
	{"purl", []string{"purl", "package url"}},
	{"cpe", []string{"cpe"}},
	{"license", []string{"license", "licence", "licenses", "licences", "license type", "spdx license", "license spdx"}},
	{"website", []string{"website", "homepage", "home page", "url", "web", "link", "project url", "web site"}},
	{"issueTracker", []string{"issue tracker", "issues", "bug tracker", "bugtracker", "anomaly list", "known anomalies list", "issue list", "bug list", "known issues url"}},
	{"vcs", []string{"vcs", "repository", "source repository", "repo", "source code", "git"}},
	{"description", []string{"description", "purpose", "summary", "what it does", "functionality"}},
	{"systems", []string{"software system", "software systems", "system", "used in", "software item", "software items", "subsystem", "repository name", "project"}},
	{"dependency", []string{"dependency type", "direct", "direct or transitive", "scope"}},
	{"requirements.functional", []string{"requirements", "functional requirements", "requirements functional", "functional", "soup requirements", "functional performance requirements"}},
	{"requirements.performance", []string{"performance requirements", "requirements performance", "performance"}},
	{"requirements.hardware", []string{"hardware requirements", "requirements hardware", "hardware"}},
	{"requirements.software", []string{"software requirements", "requirements software", "system requirements", "prerequisites"}},
	{"riskLevel", []string{"risk level", "risk", "risk class", "risk classification", "criticality", "risk rating"}},
	{"failureModes", []string{"failure modes", "failure mode", "potential failure modes", "failures", "hazards", "failure"}},
	{"riskRefs", []string{"risk refs", "risk references", "risk reference", "risk ids", "risk id", "risk controls", "risk control", "risk control measures", "risk analysis reference"}},
	{"verification.architecture", []string{"verification reasoning", "verification", "architecture verification", "verification rationale", "rationale", "justification", "reasoning", "verification of architecture"}},
	{"verification.by", []string{"verified by", "verifier", "reviewer", "reviewed by", "checked by"}},
	{"verification.date", []string{"last verified", "verified", "verification date", "date verified", "last verified on", "last verification", "last reviewed", "review date", "last checked", "date"}},
	{"verification.version", []string{"verified version", "version verified"}},
	{"anomalyReview.date", []string{"anomaly review date", "anomalies reviewed", "anomalies last reviewed", "anomaly list reviewed", "known anomalies reviewed"}},
	{"anomalyReview.by", []string{"anomaly review by", "anomalies reviewed by"}},
	{"anomalyReview.version", []string{"anomaly review version", "anomalies reviewed version", "version anomalies reviewed"}},
	{"anomalyReview.conclusion", []string{"anomaly review", "anomaly evaluation", "known anomalies", "anomalies", "known issues", "anomaly conclusion", "evaluation of anomalies", "known bugs", "vulnerabilities"}},
	{"anomalyReview.sources", []string{"anomaly sources", "anomaly list sources"}},
	{"support.level", []string{"support level", "support", "support status", "maintenance status", "maintained"}},
	{"support.endOfSupport", []string{"end of support", "eos", "end of life", "eol", "supported until", "support end", "end of support date"}},
	{"support.justification", []string{"support justification"}},
	{Notes, []string{"notes", "note", "comments", "comment", "remarks", "remark", "additional information", "info"}},
}

// Fields returns the names of the fields a column can be mapped to, in
// the model's order, followed by "notes" and "-" (leave out).
func Fields() []string {
	var out []string
	for _, f := range fieldNames {
		if f.field != Notes {
			out = append(out, f.field)
		}
	}
	return append(out, Notes, Skip)
}

// fillers are words a header may hold that say nothing about its field.
var fillers = map[string]bool{"the": true, "of": true, "at": true, "on": true, "a": true, "an": true, "and": true, "or": true}

// headerKey returns the words of a header, lowercased, without
// punctuation, numbers (clause references such as 5.3.3) and filler
// words, sorted: "Last verified at" → "last verified".
func headerKey(h string) string {
	words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	var keep []string
	for _, w := range words {
		w = strings.Trim(w, "'")
		if w == "" || fillers[w] || strings.IndexFunc(w, unicode.IsLetter) < 0 {
			continue
		}
		keep = append(keep, w)
	}
	slices.Sort(keep)
	return strings.Join(keep, " ")
}

// headerIndex maps the key of every known header to its field.
var headerIndex = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, f := range fieldNames {
		m[headerKey(f.field)] = f.field
		for _, h := range f.headers {
			if k := headerKey(h); m[k] == "" {
				m[k] = f.field
			}
		}
	}
	return m
})

// MatchHeader returns the field a column header names, or "" when it names
// none. It ignores case, punctuation, word order, clause numbers and
// filler words, and forgives a slip of the keyboard in headers of six
// letters or more (Manufactuer, Licnese).
func MatchHeader(h string) string {
	k := headerKey(h)
	if k == "" {
		return ""
	}
	if f, ok := headerIndex()[k]; ok {
		return f
	}
	if len(k) < 6 {
		return ""
	}
	limit := 1
	if len(k) >= 12 {
		limit = 2
	}
	keys := make([]string, 0, len(headerIndex()))
	for key := range headerIndex() {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	best, bestD := "", limit+1
	for _, key := range keys {
		if d := editDistance(k, key); d < bestD {
			best, bestD = headerIndex()[key], d
		}
	}
	return best
}

// headerScore counts the headers of row that name a field; a row without
// a name column scores low, so that a document control table or a title
// row is not taken for the list.
func headerScore(row []string) int {
	n, name := 0, false
	for _, h := range row {
		if f := MatchHeader(h); f != "" {
			n++
			name = name || f == "name"
		}
	}
	if !name {
		return n / 3
	}
	return n + 1
}

// parseField checks a -map target and returns its canonical name.
func parseField(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, f := range Fields() {
		if strings.EqualFold(f, s) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown field %q (want one of %s)", s, strings.Join(Fields(), ", "))
}

// editDistance is the Levenshtein distance with transpositions of
// neighbours, by bytes (headers keys are compared in lowercase).
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
