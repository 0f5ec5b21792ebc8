package anomaly

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/soup"
)

// snapshotOf returns the item's snapshot of source name.
func snapshotOf(it *soup.Item, name string) soup.Snapshot {
	for _, s := range it.AnomalyReview.Snapshots {
		if s.Source == name {
			return s
		}
	}
	return soup.Snapshot{}
}

// dateOpt compares soup.Date values.
var dateOpt = cmp.AllowUnexported(soup.Date{})

func readList(t testing.TB) *soup.List {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "list.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := soup.Read(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func openDB(t testing.TB) *OSVDatabase {
	t.Helper()
	db, err := OpenOSV(context.Background(), &OpenOSVOptions{Name: "osv:testdata"}, filepath.Join("testdata", "osv"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func sources(t testing.TB) []Source {
	t.Helper()
	kev, err := OpenKEV(filepath.Join("testdata", "kev.json"))
	if err != nil {
		t.Fatal(err)
	}
	eol, err := OpenLifecycle(filepath.Join("testdata", "endoflife-django.json"))
	if err != nil {
		t.Fatal(err)
	}
	return []Source{openDB(t), kev, eol}
}

// matchIDs returns item ID → anomaly IDs (status) of the matches.
func matchIDs(ms []Match) map[string][]string {
	out := map[string][]string{}
	for _, m := range ms {
		s := m.ID + " " + m.Status
		if m.KnownExploited {
			s += " exploited"
		}
		out[m.Item] = append(out[m.Item], s)
	}
	return out
}

// TestEvaluate checks the evaluation of the fixture list against the real
// records; the expectations were worked out from the records' ranges by
// hand (see testdata/README.md).
func TestEvaluate(t *testing.T) {
	in := readList(t)
	orig := in.Clone()
	res, err := Evaluate(context.Background(), in, sources(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(orig, in, dateOpt); diff != "" {
		t.Errorf("Evaluate modified its input (-before +after):\n%s", diff)
	}
	want := map[string][]string{
		"SOUP-0001": {"GHSA-m2qf-hxjv-5gpq not-affected"},
		"SOUP-0002": {"GHSA-9wx4-h78v-vm56 unevaluated", "GHSA-j8r2-6x86-q33q unevaluated"},
		"SOUP-0004": {"GHSA-35jh-r3h4-6jhm unevaluated"},
		"SOUP-0005": {"GHSA-jfh8-c2jp-5v3q unevaluated exploited"},
		"SOUP-0007": {"GO-2022-1059 unevaluated"},
		"SOUP-0008": {"DSA-3029-1 unevaluated"},
		"SOUP-0009": {"GHSA-wj6h-64fc-37mp unevaluated"},
	}
	if diff := cmp.Diff(want, matchIDs(res.Matches)); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
	if got := len(res.Unevaluated()); got != 7 {
		t.Errorf("Unevaluated() = %d matches, want 7", got)
	}

	out := res.List
	flask := out.Item("SOUP-0001")
	if len(flask.Anomalies) != 1 {
		t.Fatalf("flask anomalies = %+v, want the one recorded, with PYSEC-2023-62 as an alias", flask.Anomalies)
	}
	a := flask.Anomalies[0]
	wantA := soup.Anomaly{
		ID: "GHSA-m2qf-hxjv-5gpq", Source: "https://osv.dev",
		Summary:  "Session cookie may be cached by a proxy and sent to other clients.", // the person's wording
		Severity: "high",
		Aliases:  []string{"CVE-2023-30861", "PYSEC-2023-62"},
		CVSS:     "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", Score: 7.5,
		Fixed:     []string{"2.2.5", "2.3.2"},
		Published: soup.NewDate(2023, 5, 1), Modified: soup.NewDate(2023, 6, 5),
		Status: soup.StatusNotAffected, Justification: "The device API sets no session cookie.",
		By: "Jane Doe", Date: soup.NewDate(2026, 10, 5),
	}
	if diff := cmp.Diff(wantA, a, dateOpt); diff != "" {
		t.Errorf("flask anomaly (-want +got):\n%s", diff)
	}
	if rev := flask.AnomalyReview; rev.By != "Jane Doe" || rev.Conclusion == "" || len(rev.Snapshots) != 2 {
		t.Errorf("flask review = %+v: want the person's review kept and two snapshots (osv, kev)", rev)
	}
	if s := snapshotOf(flask, "osv:testdata"); s.Source != "osv:testdata" || s.Records != 2 || !strings.HasPrefix(s.Digest, "sha256:") || !s.AsOf.Equal(time.Date(2024, 5, 20, 22, 7, 29, 0, time.UTC)) {
		t.Errorf("flask osv snapshot = %+v: want osv:testdata, 2 records (GHSA and PYSEC), as of the newest record", s)
	}

	req := out.Item("SOUP-0002")
	for _, a := range req.Anomalies {
		if a.Status != 0 || a.Source != "osv:testdata" || a.Severity != "medium" || len(a.Fixed) == 0 {
			t.Errorf("requests anomaly %+v: want unevaluated, from osv:testdata, medium, with fixed versions", a)
		}
	}
	if s := snapshotOf(req, "osv:testdata"); s.Records != 3 {
		t.Errorf("requests snapshot covers %d records, want 3 (two affecting, GHSA-x84v-xcm2-53pg not)", s.Records)
	}

	netty := out.Item("SOUP-0006")
	if got := netty.Anomalies[0]; got.NoLongerAffects != "GHSA-57m8-f3v5-hm5m withdrawn on 2023-11-01" || got.Status != soup.StatusUnderInvestigation {
		t.Errorf("netty anomaly = %+v: want it kept, its status kept, and marked withdrawn", got)
	}
	if len(res.NoLongerAffecting) != 1 || res.NoLongerAffecting[0].ID != "CVE-2023-4586" {
		t.Errorf("NoLongerAffecting = %+v, want CVE-2023-4586", res.NoLongerAffecting)
	}

	dj := out.Item("SOUP-0010")
	wantS := soup.Support{Level: soup.SupportLimited, EndOfSupport: soup.NewDate(2026, 4, 30), Source: "endoflife.date django 4.2", Date: soup.NewDate(2024, 6, 1)}
	if diff := cmp.Diff(wantS, dj.Support, dateOpt); diff != "" {
		t.Errorf("django support (-want +got):\n%s", diff)
	}
	if want := []Skipped{{Item: "SOUP-0011", Name: "in-house-crc", Reason: "no package URL"}}; !cmp.Equal(want, res.Skipped) {
		t.Errorf("Skipped = %+v, want %+v", res.Skipped, want)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("Warnings = %q", res.Warnings)
	}

	var b bytes.Buffer
	if err := out.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/evaluate.golden.yaml", b.Bytes())
	// The new fields survive the native encodings.
	back, err := soup.Parse(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(out, back, dateOpt); diff != "" {
		t.Errorf("YAML round trip (-evaluated +read back):\n%s", diff)
	}
	var jb bytes.Buffer
	if err := out.WriteJSON(&jb); err != nil {
		t.Fatal(err)
	}
	if back, err = soup.Parse(jb.Bytes()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(out, back, dateOpt); diff != "" {
		t.Errorf("JSON round trip (-evaluated +read back):\n%s", diff)
	}
	js, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/evaluate.golden.json", append(js, '\n'))
	var shape struct {
		Matches []map[string]any `json:"matches"`
	}
	if err := json.Unmarshal(js, &shape); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range shape.Matches[0] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"aliases", "fixed", "id", "item", "knownExploited", "name", "purl", "severity", "status", "summary", "version"}; !slices.Equal(keys, want) {
		t.Errorf("match JSON keys %v, want %v", keys, want)
	}

	// Evaluating the result again changes nothing.
	again, err := Evaluate(context.Background(), out, sources(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(out, again.List, dateOpt); diff != "" {
		t.Errorf("second evaluation changed the list (-first +second):\n%s", diff)
	}
	if len(again.NoLongerAffecting) != 0 || len(again.Support) != 1 {
		t.Errorf("second evaluation: NoLongerAffecting %v, Support %v", again.NoLongerAffecting, again.Support)
	}
}

// TestEvaluateUpgrade: after an upgrade past the fixes, the recorded
// anomalies are kept with their evaluation and marked as no longer
// affecting; nothing new is added.
func TestEvaluateUpgrade(t *testing.T) {
	first, err := Evaluate(context.Background(), readList(t), sources(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	l := first.List
	req := l.Item("SOUP-0002")
	req.Anomalies[0].Status, req.Anomalies[0].Justification = soup.StatusAffected, "Mitigated: verify=False is never used."
	req.Version, req.PURL = "2.32.2", "pkg:pypi/requests@2.32.2"
	res, err := Evaluate(context.Background(), l, sources(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if m := matchIDs(res.Matches)["SOUP-0002"]; m != nil {
		t.Errorf("requests 2.32.2 matches %v, want none", m)
	}
	got := res.List.Item("SOUP-0002").Anomalies
	if len(got) != 2 {
		t.Fatalf("requests anomalies = %+v, want both kept", got)
	}
	for _, a := range got {
		if !strings.HasPrefix(a.NoLongerAffects, "version 2.32.2 is outside the affected versions of ") {
			t.Errorf("%s: NoLongerAffects = %q", a.ID, a.NoLongerAffects)
		}
	}
	if got[0].Status != soup.StatusAffected || got[0].Justification == "" {
		t.Errorf("the person's evaluation was changed: %+v", got[0])
	}
	// Downgrading again makes them affect again: the mark goes.
	req = res.List.Item("SOUP-0002")
	req.Version, req.PURL = "2.23.0", "pkg:pypi/requests@2.23.0"
	back, err := Evaluate(context.Background(), res.List, sources(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range back.List.Item("SOUP-0002").Anomalies {
		if a.NoLongerAffects != "" {
			t.Errorf("%s still marked %q after the downgrade", a.ID, a.NoLongerAffects)
		}
	}
}

// TestEvaluatePersonSupport: a person's support entry is never replaced;
// Now decides the level from the dates.
func TestEvaluatePersonSupport(t *testing.T) {
	l := readList(t)
	person := soup.Support{Level: soup.SupportActive, Justification: "Commercial support contract until 2028."}
	l.Item("SOUP-0010").Support = person
	res, err := Evaluate(context.Background(), l, sources(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.List.Item("SOUP-0010").Support; !cmp.Equal(person, got, dateOpt) {
		t.Errorf("person's support replaced by %+v", got)
	}
	res, err = Evaluate(context.Background(), readList(t), sources(t), &Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.List.Item("SOUP-0010").Support.Level; got != soup.SupportEnded {
		t.Errorf("django 4.2 on 2026-12-01: level %v, want end-of-support", got)
	}
}

// TestEvaluateCancel: a cancelled context stops the evaluation.
func TestEvaluateCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Evaluate(ctx, readList(t), sources(t), nil); err == nil {
		t.Error("Evaluate with a cancelled context: no error")
	}
}

// TestEvaluateDeterministic: the same input gives the same bytes, whatever
// the order of the records in the data.
func TestEvaluateDeterministic(t *testing.T) {
	db := openDB(t)
	var outs []string
	for range 3 {
		res, err := Evaluate(context.Background(), readList(t), []Source{shuffled{db}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := res.List.WriteYAML(&b); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b.String())
	}
	plain, err := Evaluate(context.Background(), readList(t), []Source{db}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := plain.List.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if diff := cmp.Diff(b.String(), o); diff != "" {
			t.Errorf("evaluation of reordered data differs (-ordered +reordered):\n%s", diff)
		}
	}
}

// shuffled returns its source's records in reverse order.
type shuffled struct{ s Source }

func (s shuffled) Fetch(ctx context.Context, q *Query) (*Data, error) {
	d, err := s.s.Fetch(ctx, q)
	if err != nil {
		return nil, err
	}
	c := *d
	c.Vulns = slices.Clone(d.Vulns)
	slices.Reverse(c.Vulns)
	return &c, nil
}

// TestEvaluateGitOnly: a record that gives only commit ranges for the
// package cannot be evaluated by version; it is reported, not dropped
// silently.
func TestEvaluateGitOnly(t *testing.T) {
	v := readVuln(t, "pypa/PYSEC-2023-62.json")
	v.Affected[0].Versions = nil
	v.Affected[0].Ranges = v.Affected[0].Ranges[:1] // the GIT range
	l := &soup.List{Items: []soup.Item{{ID: "SOUP-0001", Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2"}}}
	res, err := Evaluate(context.Background(), l, []Source{synthDB([]*Vuln{v})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "PYSEC-2023-62 gives only commit (GIT) ranges") {
		t.Errorf("matches %v, warnings %q", res.Matches, res.Warnings)
	}
}

// TestEvaluateTwoSources: the same records from two sources, and an
// anomaly a person recorded under two of its IDs, give one evaluation with
// nothing marked as no longer affecting.
func TestEvaluateTwoSources(t *testing.T) {
	l := readList(t)
	fl := l.Item("SOUP-0001")
	fl.Anomalies = append(fl.Anomalies, soup.Anomaly{ID: "PYSEC-2023-62", Status: soup.StatusNotAffected, Justification: "See GHSA-m2qf-hxjv-5gpq."})
	other, err := OpenOSV(context.Background(), &OpenOSVOptions{Name: "osv:again"}, filepath.Join("testdata", "osv"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(context.Background(), l, []Source{openDB(t), other}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.NoLongerAffecting) != 1 { // netty's withdrawn record only
		t.Errorf("NoLongerAffecting = %+v", res.NoLongerAffecting)
	}
	got := res.List.Item("SOUP-0001").Anomalies
	if len(got) != 2 || got[1].NoLongerAffects != "" || got[1].Modified != soup.NewDate(2023, 6, 5) {
		t.Errorf("flask anomalies %+v: want both records filled, none marked", got)
	}
	req := res.List.Item("SOUP-0002")
	if len(req.Anomalies) != 2 || req.Anomalies[0].Source != "osv:testdata" || len(req.AnomalyReview.Snapshots) != 2 {
		t.Errorf("requests: %+v; want two anomalies from the first source, and a snapshot per source", req)
	}
}

// TestEvaluateVersionMismatch: an item whose package URL names another
// version than the item is evaluated at the purl's version, with a warning.
func TestEvaluateVersionMismatch(t *testing.T) {
	l := &soup.List{Items: []soup.Item{{ID: "SOUP-0001", Name: "requests", Version: "2.32.2", PURL: "pkg:pypi/requests@2.23.0"}}}
	res, err := Evaluate(context.Background(), l, []Source{openDB(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 2 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "version 2.23.0 but the item version 2.32.2") {
		t.Errorf("matches %d, warnings %q", len(res.Matches), res.Warnings)
	}
}

// TestEvaluateKeepsOtherSnapshots: an evaluation replaces the snapshots of
// the sources it uses and keeps the others.
func TestEvaluateKeepsOtherSnapshots(t *testing.T) {
	first, err := Evaluate(context.Background(), readList(t), sources(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	kev, err := OpenKEV(filepath.Join("testdata", "kev.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(context.Background(), first.List, []Source{kev}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first.List, res.List, dateOpt); diff != "" {
		t.Errorf("KEV alone changed the list (-first +second):\n%s", diff)
	}
	var names []string
	for _, s := range res.List.Item("SOUP-0010").AnomalyReview.Snapshots {
		names = append(names, s.Source)
	}
	if want := []string{"cisa-kev", "endoflife.date", "osv:testdata"}; !slices.Equal(names, want) {
		t.Errorf("snapshots %v, want %v", names, want)
	}
	none, err := Evaluate(context.Background(), first.List, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first.List, none.List, dateOpt); diff != "" {
		t.Errorf("no sources changed the list (-first +second):\n%s", diff)
	}
}
