package soup_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/soup"
)

func scanItem(id, name, version string) soup.Item {
	return soup.Item{ID: id, Name: name, Version: version, PURL: fmt.Sprintf("pkg:pypi/%s@%s", name, version)}
}

func TestReconcile(t *testing.T) {
	flask := documented() // SOUP-0001 flask 1.1.2, documented
	click := soup.Item{ID: "SOUP-0002", Name: "click", Version: "7.1.2", PURL: "pkg:pypi/click@7.1.2", Notes: "CLI only"}
	handWritten := soup.Item{ID: "SOUP-0003", Name: "Jinja2", Version: "2.11.2", Manufacturer: "Pallets",
		Requirements: soup.Requirements{Functional: []string{"Render e-mail templates"}}}
	gone := soup.Item{ID: "SOUP-0007", Name: "chardet", Version: "3.0.4", PURL: "pkg:pypi/chardet@3.0.4", Removed: true}
	curated := listOf(soup.ClassB, flask, click, handWritten, gone)
	curated.Document = soup.Document{ID: "SOUP-LIST-001", Revision: "7"}

	scanned := &soup.List{
		System:  soup.System{Name: "scan-dir", Version: "2.5.0"},
		Sources: []soup.Source{{Name: "sbom.json", Format: "cyclonedx-json@1.6"}},
		Items: []soup.Item{
			scanItem("SOUP-0001", "Flask", "2.0.3"), // upgraded, purl name case differs
			scanItem("SOUP-0002", "jinja2", "2.11.2"),
			scanItem("SOUP-0003", "urllib3", "1.25.9"), // new
			scanItem("SOUP-0004", "chardet", "3.0.4"),  // was removed, is back
		},
	}
	scanned.Items[0].Manufacturer = "Armin"
	scanned.Items[0].License = "BSD-3-Clause"
	scanned.Items[1].RequiredBy = []string{"SOUP-0001"}
	scanned.Items[1].Dependency = soup.Transitive
	scanned.Items[2].Dependency = soup.Transitive
	scanned.Items[2].RequiredBy = []string{"SOUP-0004", "SOUP-0001"}
	before := curated.Clone()
	beforeScan := scanned.Clone()

	got, changes := soup.Reconcile(curated, scanned)

	if diff := cmp.Diff(before, curated, cmpOpts...); diff != "" {
		t.Errorf("Reconcile modified curated:\n%s", diff)
	}
	if diff := cmp.Diff(beforeScan, scanned, cmpOpts...); diff != "" {
		t.Errorf("Reconcile modified scanned:\n%s", diff)
	}
	type row struct {
		ID, Name, Version string
		Removed           bool
		RequiredBy        []string
	}
	var rows []row
	for _, it := range got.Items {
		rows = append(rows, row{it.ID, it.Name, it.Version, it.Removed, it.RequiredBy})
	}
	want := []row{
		{"SOUP-0001", "Flask", "2.0.3", false, nil},
		{"SOUP-0002", "click", "7.1.2", true, nil},
		{"SOUP-0003", "jinja2", "2.11.2", false, []string{"SOUP-0001"}},
		{"SOUP-0007", "chardet", "3.0.4", false, nil},
		{"SOUP-0008", "urllib3", "1.25.9", false, []string{"SOUP-0001", "SOUP-0007"}},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	f := got.Items[0]
	if f.Manufacturer != "Pallets" || f.License != "BSD-3-Clause" || f.Verification.Version != "1.1.2" ||
		!reflect.DeepEqual(f.Requirements, flask.Requirements) || f.PURL != "pkg:pypi/Flask@2.0.3" {
		t.Errorf("flask not reconciled as documented: %+v", f)
	}
	if got.Items[2].Requirements.Functional[0] != "Render e-mail templates" || got.Items[2].PURL == "" {
		t.Errorf("hand-written jinja2 not matched by name: %+v", got.Items[2])
	}
	if got.System.Name != "pump" || got.System.Version != "2.5.0" || got.Document.Revision != "7" || len(got.Sources) != 1 {
		t.Errorf("system/document/sources: %+v %+v %+v", got.System, got.Document, got.Sources)
	}
	var kinds []string
	for _, c := range changes {
		kinds = append(kinds, fmt.Sprintf("%s %s %s %s→%s", c.Kind, c.ID, c.Name, c.From, c.To))
	}
	wantKinds := []string{
		"added SOUP-0007 chardet →3.0.4",
		"added SOUP-0008 urllib3 →1.25.9",
		"removed SOUP-0002 click 7.1.2→",
		"upgraded SOUP-0001 Flask 1.1.2→2.0.3",
	}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	// Validation now flags the verification and review of the old version.
	var rules []string
	for _, f := range got.Validate(soup.Policy{}).ForItem("SOUP-0001") {
		rules = append(rules, f.Rule)
	}
	if !slices.Contains(rules, "verification-outdated") || !slices.Contains(rules, "anomaly-review-outdated") {
		t.Errorf("upgrade not flagged for re-verification: %v", rules)
	}
	// Reconciling again changes nothing.
	again, changes2 := soup.Reconcile(got, scanned)
	if diff := cmp.Diff(got, again, cmpOpts...); diff != "" || len(changes2) != 0 {
		t.Errorf("second reconcile not idempotent: %v\n%s", changes2, diff)
	}
}

func TestDiff(t *testing.T) {
	old := &soup.List{Items: []soup.Item{
		scanItem("SOUP-0001", "flask", "1.1.2"),
		scanItem("SOUP-0002", "requests", "2.23.0"),
		scanItem("SOUP-0003", "chardet", "3.0.4"),
		scanItem("SOUP-0004", "idna", "2.10"),
		scanItem("SOUP-0005", "six", "1.15.0"),
	}}
	nw := old.Clone()
	nw.Items[0].Version, nw.Items[0].PURL = "2.0.3", "pkg:pypi/flask@2.0.3"
	nw.Items[1].Version, nw.Items[1].PURL = "2.9.0", "pkg:pypi/requests@2.9.0" // 2.9 < 2.23
	nw.Items[2].Removed = true
	nw.Items[3].RiskLevel = soup.RiskHigh
	nw.Items = append(nw.Items, scanItem("SOUP-0006", "charset-normalizer", "2.0.12"))
	var got []string
	for _, c := range soup.Diff(old, nw) {
		got = append(got, fmt.Sprintf("%s %s %s→%s %v", c.Kind, c.Name, c.From, c.To, c.Fields))
	}
	want := []string{
		"added charset-normalizer →2.0.12 []",
		"removed chardet 3.0.4→ []",
		"upgraded flask 1.1.2→2.0.3 []",
		"downgraded requests 2.23.0→2.9.0 []",
		"changed idna 2.10→2.10 [riskLevel]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1.10.0", "1.9.9", 1}, {"2.23.0", "2.9.0", 1}, {"1.0.0", "1.0.0", 0}, {"v1.2.3", "1.2.3", 0},
		{"1.0.0-rc.1", "1.0.0", -1}, {"1.0.0-alpha", "1.0.0-beta", -1}, {"1.0.0-rc.2", "1.0.0-rc.10", -1},
		{"1.0", "1.0.1", -1}, {"1.0.post1", "1.0", 1}, {"1.2.3+build5", "1.2.3", 0}, {"2.0", "10.0", -1},
		{"0.0.0-20220101120000-abcdef", "0.0.0-20230101120000-012345", -1}, {"1:2.36-9", "1:2.36-10", -1},
	}
	for _, tt := range tests {
		if got := soup.CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := soup.CompareVersions(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestMerge(t *testing.T) {
	a := &soup.List{System: soup.System{Name: "backend"}, Sources: []soup.Source{{Name: "a.json"}}, Items: []soup.Item{
		scanItem("SOUP-0001", "flask", "1.1.2"),
		scanItem("SOUP-0002", "click", "7.1.2"),
	}}
	a.Items[0].Dependency = soup.Transitive
	a.Items[1].RequiredBy = []string{"SOUP-0001"}
	b := &soup.List{Sources: []soup.Source{{Name: "ui.json"}}, Items: []soup.Item{
		scanItem("SOUP-0001", "click", "7.1.2"),
		scanItem("SOUP-0002", "flask", "1.1.2"),
		scanItem("SOUP-0003", "react", "18.2.0"),
	}}
	b.Items[1].Dependency = soup.Direct
	b.Items[1].License = "BSD-3-Clause"
	b.Items[0].RequiredBy = []string{"SOUP-0003"}
	m := soup.Merge(a, b)
	type row struct {
		ID, Name   string
		Systems    []string
		RequiredBy []string
		Dep        soup.Dependency
		License    string
	}
	var got []row
	for _, it := range m.Items {
		got = append(got, row{it.ID, it.Name, it.Systems, it.RequiredBy, it.Dependency, it.License})
	}
	want := []row{
		{"SOUP-0001", "click", []string{"backend", "ui.json"}, []string{"SOUP-0002", "SOUP-0003"}, 0, ""},
		{"SOUP-0002", "flask", []string{"backend", "ui.json"}, nil, soup.Direct, "BSD-3-Clause"},
		{"SOUP-0003", "react", []string{"ui.json"}, nil, 0, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if m.System.Name != "backend" || len(m.Sources) != 2 {
		t.Errorf("system %+v sources %+v", m.System, m.Sources)
	}
}

// TestReconcileNeverLosesCuratedText reconciles random curated lists with
// random scans over many cycles and checks that no curated text survives
// nowhere: every hand-written string is still in the reconciled item of
// the same ID, and no item disappears.
func TestReconcileNeverLosesCuratedText(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"flask", "requests", "urllib3", "idna", "click", "jinja2", "six", "attrs", "numpy", "lxml"}
	for round := range 200 {
		curated := &soup.List{}
		for _, n := range names {
			if rng.IntN(2) == 0 {
				curated.Items = append(curated.Items, randomCurated(rng, n))
			}
		}
		curated.AssignIDs()
		for cycle := range 5 {
			scanned := &soup.List{}
			for _, n := range names {
				if rng.IntN(3) != 0 {
					it := scanItem("", n, fmt.Sprintf("%d.%d", rng.IntN(3), rng.IntN(3)))
					if rng.IntN(4) == 0 {
						it.Manufacturer, it.License = "Scanner says", "MIT"
					}
					scanned.Items = append(scanned.Items, it)
				}
			}
			scanned.AssignIDs()
			got, _ := soup.Reconcile(curated, scanned)
			checkKept(t, fmt.Sprintf("round %d cycle %d", round, cycle), curated, got)
			ids := map[string]bool{}
			for _, it := range got.Items {
				if it.ID == "" || ids[it.ID] {
					t.Fatalf("round %d: ID %q missing or reused", round, it.ID)
				}
				ids[it.ID] = true
			}
			curated = got
		}
	}
}

func randomCurated(rng *rand.Rand, name string) soup.Item {
	text := func(s string) string {
		if rng.IntN(3) == 0 {
			return ""
		}
		return fmt.Sprintf("%s %s %d", name, s, rng.IntN(1000))
	}
	list := func(s string) []string {
		var out []string
		for i := range rng.IntN(3) {
			out = append(out, fmt.Sprintf("%s %s %d", name, s, i))
		}
		return out
	}
	it := soup.Item{
		Name: name, Version: fmt.Sprintf("%d.%d", rng.IntN(3), rng.IntN(3)),
		Manufacturer: text("maker"), License: text("licence"), Website: text("site"), IssueTracker: text("issues"),
		Description: text("desc"), Notes: text("notes"), VCS: text("vcs"),
		Requirements: soup.Requirements{Functional: list("f"), Performance: list("p"), Hardware: list("h"), Software: list("s")},
		FailureModes: list("fm"), RiskRefs: list("risk"), Systems: list("sys"),
		Verification:  soup.Verification{Architecture: text("arch"), By: text("by"), Version: text("v")},
		AnomalyReview: soup.AnomalyReview{By: text("by"), Conclusion: text("concl"), Sources: list("src")},
		Support:       soup.Support{Justification: text("just")},
	}
	if rng.IntN(2) == 0 {
		it.PURL = fmt.Sprintf("pkg:pypi/%s@%s", name, it.Version)
	}
	if rng.IntN(2) == 0 {
		it.Anomalies = []soup.Anomaly{{ID: "CVE-" + name, Justification: text("why"), Summary: text("sum")}}
	}
	return it
}

// checkKept fails unless every documentation string of every item of
// before is present in the item with the same ID in after.
func checkKept(t *testing.T, where string, before, after *soup.List) {
	t.Helper()
	for _, b := range before.Items {
		a := after.Item(b.ID)
		if a == nil {
			t.Fatalf("%s: item %s (%s) disappeared", where, b.ID, b.Name)
		}
		got := map[string]bool{}
		for _, s := range docStrings(a) {
			got[s] = true
		}
		for _, s := range docStrings(&b) {
			if !got[s] {
				t.Fatalf("%s: item %s lost curated text %q", where, b.ID, s)
			}
		}
	}
}

// docStrings returns the hand-written strings of an item: everything but
// the identity that comes from the scan.
func docStrings(it *soup.Item) []string {
	c := *it
	c.ID, c.Name, c.Version, c.PURL, c.CPE, c.Hashes, c.RequiredBy, c.Dependency = "", "", "", "", "", nil, nil, 0
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			if v.String() != "" {
				out = append(out, v.String())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(c))
	return out
}

// FuzzReconcile reconciles any two lists that parse: it must not panic,
// must leave its inputs alone, must keep every curated item and its text,
// must give unique IDs, and reconciling the result with the same scan again
// must change nothing.
func FuzzReconcile(f *testing.F) {
	flask, err := os.ReadFile("testdata/flask.yaml")
	if err != nil {
		f.Fatal(err)
	}
	scan := []byte(`items:
  - {name: flask, version: 2.0.3, purl: pkg:pypi/flask@2.0.3, manufacturer: Pallets}
  - {name: click, version: 8.1.0, purl: pkg:pypi/click@8.1.0}
  - {name: Werkzeug, version: 2.0.3, purl: pkg:pypi/werkzeug@2.0.3, requiredBy: [SOUP-0001]}
`)
	f.Add(flask, scan)
	f.Add(flask, flask)
	f.Add(scan, flask)
	f.Add([]byte("items: [{id: SOUP-0009, name: a, removed: true}, {name: b}]"), []byte("items: [{name: A}, {name: b, version: '2'}]"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		curated, err := soup.Parse(a)
		if err != nil {
			return
		}
		scanned, err := soup.Parse(b)
		if err != nil {
			return
		}
		before, scanBefore := curated.Clone(), scanned.Clone()
		got, _ := soup.Reconcile(curated, scanned)
		if !reflect.DeepEqual(curated, before) || !reflect.DeepEqual(scanned, scanBefore) {
			t.Fatal("Reconcile modified its input")
		}
		ids := map[string]bool{}
		for _, it := range got.Items {
			if it.ID != "" && ids[it.ID] {
				t.Fatalf("ID %s given twice", it.ID)
			}
			ids[it.ID] = true
		}
		withIDs := &soup.List{}
		for _, it := range curated.Items {
			if it.ID != "" {
				withIDs.Items = append(withIDs.Items, it)
			}
		}
		checkKept(t, "reconciled", withIDs, got)
		again, changes := soup.Reconcile(got, scanned)
		if len(changes) != 0 {
			t.Fatalf("reconciling twice with the same scan changed %v", changes)
		}
		if d := cmp.Diff(got, again, cmp.AllowUnexported(soup.Date{})); d != "" {
			t.Fatalf("reconciling twice with the same scan (-once +twice):\n%s", d)
		}
	})
}

// FuzzReconcileRandom checks FuzzReconcile's properties on random lists
// built from two seeds: names that collide by case, purl or not,
// duplicates, removed items and dependency links.
func FuzzReconcileRandom(f *testing.F) {
	for i := range uint64(8) {
		f.Add(i, i*7+1)
	}
	f.Fuzz(func(t *testing.T, s1, s2 uint64) {
		rng := rand.New(rand.NewPCG(s1, s2))
		names := []string{"flask", "Flask", "click", "six", "zope.interface", "zope-interface"}
		random := func(curated bool) *soup.List {
			l := &soup.List{}
			for range rng.IntN(8) {
				n := names[rng.IntN(len(names))]
				it := scanItem("", n, fmt.Sprintf("%d.%d", rng.IntN(2), rng.IntN(2)))
				if curated {
					it = randomCurated(rng, n)
					it.Removed = rng.IntN(5) == 0
				}
				if rng.IntN(3) == 0 {
					it.PURL = ""
				}
				l.Items = append(l.Items, it)
			}
			l.AssignIDs()
			for i := range l.Items {
				if rng.IntN(3) == 0 {
					l.Items[i].RequiredBy = []string{l.Items[rng.IntN(len(l.Items))].ID}
				}
			}
			return l
		}
		// A scan holds one item per key and version, as sbom.Decode and
		// Merge give it.
		curated, scanned := random(true), soup.Merge(random(false))
		before := curated.Clone()
		got, _ := soup.Reconcile(curated, scanned)
		if !reflect.DeepEqual(curated, before) {
			t.Fatal("Reconcile modified its input")
		}
		checkKept(t, "reconciled", curated, got)
		ids := map[string]bool{}
		for _, it := range got.Items {
			if ids[it.ID] {
				t.Fatalf("ID %s given twice", it.ID)
			}
			ids[it.ID] = true
		}
		again, changes := soup.Reconcile(got, scanned)
		if len(changes) != 0 {
			t.Fatalf("reconciling twice with the same scan changed %v", changes)
		}
		if d := cmp.Diff(got, again, cmp.AllowUnexported(soup.Date{})); d != "" {
			if os.Getenv("DEBUGR") != "" {
				for _, l := range []*soup.List{curated, scanned, got} {
					for _, it := range l.Items {
						t.Logf("%s %s %s purl=%q removed=%v rb=%v", it.ID, it.Name, it.Version, it.PURL, it.Removed, it.RequiredBy)
					}
					t.Log("--")
				}
			}
			t.Fatalf("reconciling twice with the same scan (-once +twice):\n%s", d)
		}
	})
}

// TestReconcilePrefersTheSameSpelling: among curated duplicates of a key
// and version, a scanned item pairs with the one written as it is.
func TestReconcilePrefersTheSameSpelling(t *testing.T) {
	curated := &soup.List{Items: []soup.Item{
		{ID: "SOUP-0001", Name: "Flask", Version: "2.0", Notes: "capitalised"},
		{ID: "SOUP-0002", Name: "flask", Version: "2.0", Notes: "lower case"},
	}}
	scanned := &soup.List{Items: []soup.Item{{Name: "flask", Version: "2.0", License: "BSD-3-Clause"}}}
	got, _ := soup.Reconcile(curated, scanned)
	if it := got.Item("SOUP-0002"); it.License != "BSD-3-Clause" || it.Removed {
		t.Errorf("flask: %+v, want it paired with the scan", it)
	}
	if it := got.Item("SOUP-0001"); !it.Removed {
		t.Errorf("Flask: %+v, want it removed", it)
	}
}

// TestReconcileFillsBlankDocumentation checks that a scan carrying
// documentation (an SBOM written by soupkit) fills the blank documentation
// fields of the curated item, keeps those written, and never gives the
// curated item the scan's ID.
func TestReconcileFillsBlankDocumentation(t *testing.T) {
	cur := soup.Item{Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2", RiskLevel: soup.RiskLow}
	scan := scanItem("SOUP-0042", "flask", "1.1.2")
	scan.RiskLevel = soup.RiskHigh
	scan.Notes = "from the SBOM"
	scan.Verification = soup.Verification{By: "Jane Doe"}
	out, _ := soup.Reconcile(&soup.List{Items: []soup.Item{cur}}, &soup.List{Items: []soup.Item{scan}})
	want := soup.Item{Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2", RiskLevel: soup.RiskLow,
		Notes: "from the SBOM", Verification: soup.Verification{By: "Jane Doe"}}
	if diff := cmp.Diff([]soup.Item{want}, out.Items, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("Reconcile (-want +got):\n%s", diff)
	}
}

// TestReconcileClearsRemovedLinks: an item the scan no longer holds is in
// no dependency graph: its own links are cleared, and curated links to it
// go (issue 11 class 4).
func TestReconcileClearsRemovedLinks(t *testing.T) {
	requests := soup.Item{ID: "SOUP-0001", Name: "requests", Version: "2.23.0", PURL: "pkg:pypi/requests@2.23.0", Dependency: soup.Direct}
	chardet := soup.Item{ID: "SOUP-0002", Name: "chardet", Version: "3.0.4", PURL: "pkg:pypi/chardet@3.0.4",
		Dependency: soup.Transitive, RequiredBy: []string{"SOUP-0001"}}
	// curated by hand: urllib3 says chardet pulls it in
	urllib3 := soup.Item{ID: "SOUP-0003", Name: "urllib3", Version: "1.25.9", PURL: "pkg:pypi/urllib3@1.25.9",
		Dependency: soup.Transitive, RequiredBy: []string{"SOUP-0001", "SOUP-0002"}}
	curated := &soup.List{Items: []soup.Item{requests, chardet, urllib3}}
	scanned := &soup.List{Items: []soup.Item{
		{Name: "requests", Version: "2.23.0", PURL: "pkg:pypi/requests@2.23.0"},
		{Name: "urllib3", Version: "1.25.9", PURL: "pkg:pypi/urllib3@1.25.9"},
	}}
	got, _ := soup.Reconcile(curated, scanned)
	type links struct {
		ID         string
		Dependency soup.Dependency
		RequiredBy []string
		Removed    bool
	}
	var gotLinks []links
	for _, it := range got.Items {
		gotLinks = append(gotLinks, links{it.ID, it.Dependency, it.RequiredBy, it.Removed})
	}
	want := []links{
		{"SOUP-0001", soup.Direct, nil, false},
		{"SOUP-0002", 0, nil, true},
		{"SOUP-0003", soup.Transitive, []string{"SOUP-0001"}, false},
	}
	if diff := cmp.Diff(want, gotLinks); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
}
