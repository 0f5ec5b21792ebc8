package anomaly

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/osv-scalibr/semantic"
	"github.com/package-url/packageurl-go"
	"github.com/soupkit/soupkit/soup"
)

// Options configures [Evaluate]. A nil *Options means defaults.
type Options struct {
	// Now is the date lifecycle data is judged at: a release whose end of
	// life is on or before Now is at end of support. Zero means the flags
	// the data carries (as of its generation). Evaluate never reads the
	// clock.
	Now time.Time
}

// Result is the outcome of [Evaluate].
type Result struct {
	// List is a copy of the input list with the evaluation recorded.
	List *soup.List `json:"-"`
	// Matches are the anomalies that affect each item's version, in item
	// order, then ID.
	Matches []Match `json:"matches"`
	// NoLongerAffecting are recorded anomalies that the data says no
	// longer affect the item's version (marked, not deleted).
	NoLongerAffecting []Match `json:"noLongerAffecting,omitempty"`
	// Support are the items whose support was filled from lifecycle data.
	Support []SupportFill `json:"support,omitempty"`
	// Skipped are the items that could not be evaluated, with the reason.
	Skipped []Skipped `json:"skipped,omitempty"`
	// Warnings are problems in the data that did not stop the evaluation,
	// such as a record whose versions cannot be parsed in its ecosystem.
	Warnings []string `json:"warnings,omitempty"`
}

// Match is an anomaly affecting an item's version. Its JSON form is the
// one `soup anomalies -format json` writes.
type Match struct {
	Item           string   `json:"item"`
	Name           string   `json:"name"`
	Version        string   `json:"version"`
	PURL           string   `json:"purl"`
	ID             string   `json:"id"`
	Aliases        []string `json:"aliases"`
	Summary        string   `json:"summary"`
	Severity       string   `json:"severity"`
	Fixed          []string `json:"fixed"`
	KnownExploited bool     `json:"knownExploited"`
	// Status is the person's evaluation (affected, not-affected, fixed,
	// under-investigation) or "unevaluated".
	Status string `json:"status"`
}

// Unevaluated is the Status of a match no person has evaluated.
const Unevaluated = "unevaluated"

// Evaluated reports whether a person has evaluated the anomaly.
func (m Match) Evaluated() bool { return m.Status != Unevaluated }

// Unevaluated returns the matches no person has evaluated yet.
func (r *Result) Unevaluated() []Match {
	var out []Match
	for _, m := range r.Matches {
		if !m.Evaluated() {
			out = append(out, m)
		}
	}
	return out
}

// SupportFill records support filled from lifecycle data.
type SupportFill struct {
	Item         string `json:"item"`
	Product      string `json:"product"`
	Release      string `json:"release"`
	Level        string `json:"level"`
	EndOfSupport string `json:"endOfSupport,omitempty"`
}

// Skipped is an item that was not evaluated.
type Skipped struct {
	Item   string `json:"item"`
	Name   string `json:"name"`
	PURL   string `json:"purl,omitempty"`
	Reason string `json:"reason"`
}

// Evaluate asks every source about the list's items and returns a copy of
// the list with the result recorded:
//
//   - each anomaly affecting an item's exact version is added to the item
//     (ID, aliases, summary, severity, CVSS vector and score, fixed
//     versions, known exploited, published and modified dates, source);
//     records that are aliases of each other become one anomaly; an
//     anomaly already recorded under any of its IDs is updated, never
//     duplicated: its aliases are extended and its CVSS, fixed versions
//     and dates refreshed where the data gives them, while its person's
//     evaluation (status, justification, by, date) and wording (summary,
//     severity) are kept; known exploited is set, never cleared;
//   - a recorded anomaly that the data shows no longer affects the version
//     (upgrade, withdrawn record) gets NoLongerAffects, and is kept;
//   - each item's anomaly review gets one [soup.Snapshot] per source: its
//     name, as-of time, and the digest of the records about that item;
//   - support level and end of support are filled from lifecycle data
//     where a person has not written them.
//
// Items marked removed are not evaluated; items without a usable package
// URL are reported in Result.Skipped. The input list is not modified. An
// error from a source stops the evaluation.
func Evaluate(ctx context.Context, l *soup.List, sources []Source, opts *Options) (*Result, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	out := l.Clone()
	res := &Result{List: out}
	type entry struct {
		item *soup.Item
		t    Target
	}
	var entries []entry
	targets := map[Target]bool{}
	ids := map[string]bool{}
	for i := range out.Items {
		it := &out.Items[i]
		if it.Removed {
			continue
		}
		t, err := itemTarget(it)
		if err != nil {
			res.Skipped = append(res.Skipped, Skipped{Item: it.ID, Name: it.Name, PURL: it.PURL, Reason: err.Error()})
			continue
		}
		if p, err := packageurl.FromString(it.PURL); err == nil && p.Version != "" && it.Version != "" &&
			strings.TrimPrefix(p.Version, "v") != strings.TrimPrefix(it.Version, "v") {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: the package URL has version %s but the item version %s; the package URL's is evaluated", cmp.Or(it.ID, it.Name), p.Version, it.Version))
		}
		entries = append(entries, entry{it, t})
		targets[t] = true
		for _, a := range it.Anomalies {
			for _, id := range anomalyIDs(&a) {
				ids[id] = true
			}
		}
	}
	q := &Query{Targets: sortedKeys(targets, compareTargets), IDs: sortedKeys(ids, strings.Compare)}
	datas := make([]*Data, 0, len(sources))
	for i, s := range sources {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := s.Fetch(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("anomaly: source %d: %w", i+1, err)
		}
		if d == nil {
			return nil, fmt.Errorf("anomaly: source %d returned no data", i+1)
		}
		datas = append(datas, d)
	}
	feeds := make([]*feed, len(datas))
	for i, d := range datas {
		feeds[i] = newFeed(d)
	}
	warned := map[string]bool{}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ev := &itemEval{item: e.item, t: e.t, res: res, warned: warned, versions: versionCache{}}
		for _, f := range feeds {
			switch {
			case f.d.Products != nil:
				ev.lifecycle(f.d, o.Now)
			case f.d.Exploited != nil:
			default:
				ev.collect(f)
			}
		}
		ev.anomalies()
		for _, f := range feeds {
			if f.d.Exploited != nil {
				ev.exploited(f.d)
			}
		}
		ev.matches()
		e.item.AnomalyReview.Snapshots = mergeSnapshots(e.item.AnomalyReview.Snapshots, ev.snaps, datas)
	}
	return res, nil
}

// mergeSnapshots returns the snapshots of this evaluation and those of
// earlier ones from sources not used now, sorted by source.
func mergeSnapshots(old, cur []soup.Snapshot, used []*Data) []soup.Snapshot {
	out := slices.Clone(cur)
	for _, s := range old {
		if !slices.ContainsFunc(used, func(d *Data) bool { return d.Name == s.Source }) {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b soup.Snapshot) int { return strings.Compare(a.Source, b.Source) })
	if len(out) == 0 {
		return nil
	}
	return out
}

// itemTarget returns the target of an item: its purl, with the item's
// version where the purl has none.
func itemTarget(it *soup.Item) (Target, error) {
	if strings.TrimSpace(it.PURL) == "" {
		return Target{}, errors.New("no package URL")
	}
	t, err := TargetOf(it.PURL)
	if err != nil && it.Version != "" {
		if p, perr := packageurl.FromString(it.PURL); perr == nil && p.Version == "" {
			p.Version = it.Version
			t, err = TargetOf(p.ToString())
		}
	}
	return t, err
}

func compareTargets(a, b Target) int {
	return cmp.Or(cmp.Compare(a.Ecosystem, b.Ecosystem), cmp.Compare(a.Release, b.Release),
		cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version))
}

func sortedKeys[K comparable](m map[K]bool, f func(a, b K) int) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, f)
	return out
}

// anomalyIDs returns an anomaly's ID and aliases.
func anomalyIDs(a *soup.Anomaly) []string {
	out := make([]string, 0, 1+len(a.Aliases))
	if a.ID != "" {
		out = append(out, a.ID)
	}
	return append(out, a.Aliases...)
}

// feed is one source's OSV records, indexed.
type feed struct {
	d     *Data
	byKey map[key][]*Vuln
	byID  map[string][]*Vuln // by ID and alias
}

func newFeed(d *Data) *feed {
	f := &feed{d: d, byKey: map[key][]*Vuln{}, byID: map[string][]*Vuln{}}
	vs := slices.Clone(d.Vulns)
	slices.SortStableFunc(vs, func(a, b *Vuln) int { return strings.Compare(a.ID, b.ID) })
	for _, v := range vs {
		seen := map[key]bool{}
		for _, a := range v.Affected {
			k := keyOf(a.Package.Ecosystem, a.Package.Name)
			if !seen[k] {
				seen[k] = true
				f.byKey[k] = append(f.byKey[k], v)
			}
		}
		for _, id := range v.ids() {
			f.byID[id] = append(f.byID[id], v)
		}
	}
	return f
}

// found is a record with the source it came from.
type found struct {
	v      *Vuln
	source string
}

// itemEval evaluates one item.
type itemEval struct {
	item     *soup.Item
	t        Target
	res      *Result
	warned   map[string]bool
	versions versionCache
	snaps    []soup.Snapshot
	// known are the records about the item (or its recorded anomalies);
	// affecting those that affect its version.
	known     []found
	affecting []found
	current   []int // indices in item.Anomalies that affect the version
}

// collect gathers a feed's records about the item and its snapshot.
func (ev *itemEval) collect(f *feed) {
	seen := map[string]bool{}
	var used []*Vuln
	take := func(v *Vuln) {
		if seen[v.ID] {
			return
		}
		seen[v.ID] = true
		used = append(used, v)
	}
	for _, v := range f.byKey[ev.t.key()] {
		if concerns(v, ev.t) {
			take(v)
		}
	}
	for _, a := range ev.item.Anomalies {
		for _, id := range anomalyIDs(&a) {
			for _, v := range f.byID[id] {
				take(v)
			}
		}
	}
	slices.SortFunc(used, func(a, b *Vuln) int { return strings.Compare(a.ID, b.ID) })
	parts := make([][]byte, len(used))
	for i, v := range used {
		parts[i] = append([]byte(v.ID+"\n"), v.Raw...)
		ev.known = append(ev.known, found{v, f.d.Name})
		ok, err := affects(v, ev.t, ev.versions)
		if err != nil {
			ev.warn(fmt.Sprintf("%s %s: %v", ev.t.Ecosystem, ev.t.Name, err))
		} else if !ok && !v.IsWithdrawn() && concerns(v, ev.t) && !versioned(v, ev.t) {
			ev.warn(fmt.Sprintf("%s %s: %s gives only commit (GIT) ranges, which cannot be compared with a version: evaluate it by hand", ev.t.Ecosystem, ev.t.Name, v.ID))
		}
		if ok {
			ev.affecting = append(ev.affecting, found{v, f.d.Name})
		}
	}
	ev.snaps = append(ev.snaps, snapshot(f.d, parts))
}

// warn adds a warning once.
func (ev *itemEval) warn(msg string) {
	if !ev.warned[msg] {
		ev.warned[msg] = true
		ev.res.Warnings = append(ev.res.Warnings, msg)
	}
}

// versioned reports whether v gives versions or version ranges for the
// target's package, which can be evaluated.
func versioned(v *Vuln, t Target) bool {
	k := t.key()
	for _, a := range v.Affected {
		if keyOf(a.Package.Ecosystem, a.Package.Name) != k || !t.releaseMatches(a.Package.Ecosystem) {
			continue
		}
		if len(a.Versions) > 0 || slices.ContainsFunc(a.Ranges, func(r Range) bool { return r.Type == "ECOSYSTEM" || r.Type == "SEMVER" }) {
			return true
		}
	}
	return false
}

// snapshot returns the snapshot of data d over the parts used.
func snapshot(d *Data, parts [][]byte) soup.Snapshot {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
		h.Write([]byte{'\n'})
	}
	s := soup.Snapshot{Source: d.Name, Digest: "sha256:" + hex.EncodeToString(h.Sum(nil)), Records: len(parts)}
	if !d.AsOf.IsZero() {
		s.AsOf = d.AsOf.UTC()
	}
	return s
}

// groups returns the affecting records grouped by shared IDs and aliases.
func groups(fs []found) [][]found {
	var out [][]found
	var idsets []map[string]bool
	for _, f := range fs {
		var hit []int
		for i, set := range idsets {
			for _, id := range f.v.ids() {
				if set[id] {
					hit = append(hit, i)
					break
				}
			}
		}
		if len(hit) == 0 {
			set := map[string]bool{}
			for _, id := range f.v.ids() {
				set[id] = true
			}
			out, idsets = append(out, []found{f}), append(idsets, set)
			continue
		}
		// Join every group f touches into the first.
		first := hit[0]
		out[first] = append(out[first], f)
		for _, id := range f.v.ids() {
			idsets[first][id] = true
		}
		for _, j := range slices.Backward(hit[1:]) {
			out[first] = append(out[first], out[j]...)
			for id := range idsets[j] {
				idsets[first][id] = true
			}
			out, idsets = slices.Delete(out, j, j+1), slices.Delete(idsets, j, j+1)
		}
	}
	for _, g := range out {
		slices.SortStableFunc(g, func(a, b found) int { return strings.Compare(a.v.ID, b.v.ID) })
	}
	return out
}

// anomalies records the affecting records in the item and marks recorded
// anomalies that no longer affect it.
func (ev *itemEval) anomalies() {
	it := ev.item
	touched := map[int]bool{}
	var added []soup.Anomaly
	for _, g := range groups(ev.affecting) {
		gids := map[string]bool{}
		for _, f := range g {
			for _, id := range f.v.ids() {
				gids[id] = true
			}
		}
		// Every recorded anomaly that names one of the group's IDs is
		// that anomaly (a person may have recorded it twice).
		n := 0
		for i := range it.Anomalies {
			if slices.ContainsFunc(anomalyIDs(&it.Anomalies[i]), func(id string) bool { return gids[id] }) {
				fill(&it.Anomalies[i], g, ev.t)
				touched[i] = true
				n++
			}
		}
		if n == 0 {
			a := soup.Anomaly{ID: g[0].v.ID, Source: g[0].source}
			fill(&a, g, ev.t)
			added = append(added, a)
		}
	}
	for i := range it.Anomalies {
		if touched[i] {
			ev.current = append(ev.current, i)
			continue
		}
		a := &it.Anomalies[i]
		if why := ev.noLonger(a); why != "" && a.NoLongerAffects != why {
			a.NoLongerAffects = why
			ev.res.NoLongerAffecting = append(ev.res.NoLongerAffecting, ev.match(a))
		}
	}
	slices.SortFunc(added, func(a, b soup.Anomaly) int { return strings.Compare(a.ID, b.ID) })
	for _, a := range added {
		ev.current = append(ev.current, len(it.Anomalies))
		it.Anomalies = append(it.Anomalies, a)
	}
}

// noLonger returns why recorded anomaly a no longer affects the item, or
// "" when the data says nothing about it.
func (ev *itemEval) noLonger(a *soup.Anomaly) string {
	ids := anomalyIDs(a)
	var withdrawn, outside []string
	for _, f := range ev.known {
		if !slices.ContainsFunc(f.v.ids(), func(id string) bool { return slices.Contains(ids, id) }) {
			continue
		}
		if slices.ContainsFunc(ev.affecting, func(g found) bool { return g.v == f.v }) {
			return "" // a record of it still affects the version
		}
		switch {
		case f.v.IsWithdrawn():
			withdrawn = append(withdrawn, fmt.Sprintf("%s withdrawn on %s", f.v.ID, f.v.Withdrawn.UTC().Format(time.DateOnly)))
		case concerns(f.v, ev.t):
			outside = append(outside, f.v.ID)
		}
	}
	switch {
	case len(outside) > 0:
		return fmt.Sprintf("version %s is outside the affected versions of %s", ev.t.Version, strings.Join(outside, ", "))
	case len(withdrawn) > 0:
		return strings.Join(withdrawn, "; ")
	}
	return ""
}

// fill writes the data of group g into a, keeping a person's evaluation
// and wording.
func fill(a *soup.Anomaly, g []found, t Target) {
	primary := g[0].v
	for _, f := range g {
		if f.v.ID == a.ID {
			primary = f.v
		}
	}
	var aliases []string
	for _, f := range g {
		for _, id := range f.v.ids() {
			if id != a.ID && !slices.Contains(a.Aliases, id) && !slices.Contains(aliases, id) {
				aliases = append(aliases, id)
			}
		}
	}
	slices.Sort(aliases)
	a.Aliases = append(a.Aliases, aliases...)
	order := append([]found{{v: primary}}, g...)
	if a.Summary == "" {
		for _, f := range order {
			if s := summaryOf(f.v); s != "" {
				a.Summary = s
				break
			}
		}
	}
	// The data's values replace what an earlier evaluation recorded; where
	// the data has none, what is recorded stays.
	vector := ""
	for _, typ := range []string{"CVSS_V3", "CVSS_V4", "CVSS_V2"} {
		for _, f := range order {
			if s := severityVector(f.v, t, typ); s != "" && vector == "" {
				vector = s
			}
		}
	}
	if vector != "" {
		a.CVSS, a.Score = vector, 0
		if strings.HasPrefix(vector, "CVSS:3.") {
			a.Score, _ = CVSS3Score(vector)
		}
	}
	if a.Severity == "" {
		for _, f := range order {
			if s := f.v.databaseSeverity(); s != "" {
				a.Severity = s
				break
			}
		}
		if a.Severity == "" {
			a.Severity = severityOfScore(a.Score)
		}
	}
	var fixed []string
	var published, modified soup.Date
	for _, f := range order {
		for _, fx := range fixedVersions(f.v, t) {
			if !slices.Contains(fixed, fx) {
				fixed = append(fixed, fx)
			}
		}
		if p := soup.DateOf(f.v.Published.UTC()); !p.IsZero() && (published.IsZero() || p.Time().Before(published.Time())) {
			published = p
		}
		if m := soup.DateOf(f.v.Modified.UTC()); !m.IsZero() && m.Time().After(modified.Time()) {
			modified = m
		}
	}
	if fixed != nil {
		sortVersions(t.Ecosystem, fixed)
		a.Fixed = fixed
	}
	if !published.IsZero() {
		a.Published = published
	}
	if !modified.IsZero() {
		a.Modified = modified
	}
	if a.Source == "" {
		a.Source = g[0].source
	}
	a.NoLongerAffects = ""
}

// sortVersions sorts vs in the ecosystem's order, leaving them as they are
// when one cannot be parsed.
func sortVersions(eco string, vs []string) {
	parsed := make(map[string]semantic.Version, len(vs))
	for _, s := range vs {
		v, err := parseVersion(eco, "ECOSYSTEM", s)
		if err != nil {
			return
		}
		parsed[s] = v
	}
	slices.SortStableFunc(vs, func(a, b string) int {
		c, err := parsed[a].Compare(parsed[b])
		if err != nil {
			return 0
		}
		return c
	})
}

// summaryOf returns the record's summary, else the first line of its
// details, shortened.
func summaryOf(v *Vuln) string {
	if s := strings.TrimSpace(v.Summary); s != "" {
		return s
	}
	s, _, _ := strings.Cut(strings.TrimSpace(v.Details), "\n")
	if len(s) > 200 {
		s = strings.TrimSpace(s[:200]) + "…"
	}
	return s
}

// severityVector returns the vector of type typ for the target's package,
// else the record's.
func severityVector(v *Vuln, t Target, typ string) string {
	k := t.key()
	for _, a := range v.Affected {
		if keyOf(a.Package.Ecosystem, a.Package.Name) != k {
			continue
		}
		for _, s := range a.Severity {
			if s.Type == typ {
				return s.Score
			}
		}
	}
	for _, s := range v.Severity {
		if s.Type == typ {
			return s.Score
		}
	}
	return ""
}

// exploited marks the item's current anomalies listed in the catalogue,
// and records the snapshot of the entries used.
func (ev *itemEval) exploited(d *Data) {
	var used []KEVEntry
	for i := range ev.item.Anomalies {
		a := &ev.item.Anomalies[i]
		if a.NoLongerAffects != "" {
			continue
		}
		for _, id := range anomalyIDs(a) {
			if e, ok := d.Exploited[strings.ToUpper(id)]; ok {
				a.KnownExploited = true
				if !slices.Contains(used, e) {
					used = append(used, e)
				}
			}
		}
	}
	slices.SortFunc(used, func(a, b KEVEntry) int { return strings.Compare(a.CVE, b.CVE) })
	parts := make([][]byte, len(used))
	for i, e := range used {
		b, _ := json.Marshal(e)
		parts[i] = b
	}
	ev.snaps = append(ev.snaps, snapshot(d, parts))
}

// lifecycle fills the item's support from the product matching it.
func (ev *itemEval) lifecycle(d *Data, now time.Time) {
	it := ev.item
	p := productFor(d.Products, it.Key())
	if p == nil {
		return
	}
	ev.snaps = append(ev.snaps, snapshot(d, [][]byte{p.raw}))
	r := p.release(it.Version)
	s := it.Support
	person := s.Source == "" && (s.Level != 0 || !s.EndOfSupport.IsZero() || s.Justification != "")
	if r == nil || person {
		return
	}
	level, eol := r.support(now)
	it.Support = soup.Support{Level: level, EndOfSupport: eol, Source: fmt.Sprintf("endoflife.date %s %s", p.Name, r.Name), Date: soup.DateOf(d.AsOf.UTC())}
	ev.res.Support = append(ev.res.Support, SupportFill{Item: it.ID, Product: p.Name, Release: r.Name, Level: level.String(), EndOfSupport: eol.String()})
}

// matches adds the item's current anomalies to the result.
func (ev *itemEval) matches() {
	ms := make([]Match, 0, len(ev.current))
	for _, i := range ev.current {
		ms = append(ms, ev.match(&ev.item.Anomalies[i]))
	}
	slices.SortFunc(ms, func(a, b Match) int { return strings.Compare(a.ID, b.ID) })
	ev.res.Matches = append(ev.res.Matches, ms...)
}

func (ev *itemEval) match(a *soup.Anomaly) Match {
	it := ev.item
	status := a.Status.String()
	if a.Status == 0 {
		status = Unevaluated
	}
	return Match{Item: it.ID, Name: it.Name, Version: it.Version, PURL: it.PURL, ID: a.ID,
		Aliases: nonNil(a.Aliases), Summary: a.Summary, Severity: a.Severity, Fixed: nonNil(a.Fixed),
		KnownExploited: a.KnownExploited, Status: status}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return slices.Clone(s)
}
