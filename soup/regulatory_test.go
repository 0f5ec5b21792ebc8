package soup_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/soup"
)

// TestRuleReferences pins what each rule cites in each class: the table of
// the issue note (IEC 62304:2006+A1:2015 Table A.1 for the clause-by-class
// applicability; the FDA guidance, NTIA, CISA and the team's policy for
// the rest). A rule that changes its citation must change this table.
func TestRuleReferences(t *testing.T) {
	const iec = "IEC 62304:2006+A1:2015 "
	want := map[string][3]string{ // rule → reference in class A, B, C ("" = not applied)
		"class-unset":                      {iec + "4.3", iec + "4.3", iec + "4.3"},
		"id-missing":                       {iec + "8.1.1", iec + "8.1.1", iec + "8.1.1"},
		"name-missing":                     {iec + "8.1.2", iec + "8.1.2", iec + "8.1.2"},
		"no-items":                         {"policy", "policy", "policy"},
		"version-missing":                  {iec + "8.1.2", iec + "8.1.2", iec + "8.1.2"},
		"version-not-unique":               {iec + "8.1.2", iec + "8.1.2", iec + "8.1.2"},
		"manufacturer-missing":             {iec + "8.1.2", iec + "8.1.2", iec + "8.1.2"},
		"system-version-mismatch":          {iec + "8.1.3", iec + "8.1.3", iec + "8.1.3"},
		"risk-level-missing":               {"policy", iec + "7.1.2c", iec + "7.1.2c"},
		"risk-levels-undefined":            {"policy", "policy", "policy"},
		"requirements-missing":             {"", iec + "5.3.3", iec + "5.3.3"},
		"verification-missing":             {"", iec + "5.3.6c", iec + "5.3.6c"},
		"verification-outdated":            {"", iec + "5.3.6c", iec + "5.3.6c"},
		"change-unanalysed":                {iec + "7.4.1", iec + "7.4.1", iec + "7.4.1"},
		"change-risk-controls":             {"", iec + "7.4.2", iec + "7.4.2"},
		"failure-modes-missing":            {"", iec + "7.1.2c", iec + "7.1.2c"},
		"risk-refs-missing":                {"", iec + "7.1.2c", iec + "7.1.2c"},
		"anomaly-review-missing":           {"", iec + "7.1.3", iec + "7.1.3"},
		"anomaly-review-outdated":          {"", iec + "7.1.3", iec + "7.1.3"},
		"anomaly-review-stale":             {iec + "6.2.1", iec + "6.2.1", iec + "6.2.1"},
		"anomaly-unjustified":              {"", iec + "7.1.3", iec + "7.1.3"},
		"anomaly-unevaluated":              {iec + "6.2.1", iec + "7.1.3", iec + "7.1.3"},
		"anomaly-exploited-unevaluated":    {iec + "6.2.1", iec + "7.1.3", iec + "7.1.3"},
		"anomaly-data-stale":               {iec + "6.2.1", iec + "6.2.1", iec + "6.2.1"},
		"anomaly-not-affected-unjustified": {"CISA VEX minimum requirements not_affected justification", "CISA VEX minimum requirements not_affected justification", "CISA VEX minimum requirements not_affected justification"},
		"support-unjustified":              {"FDA premarket cybersecurity guidance V.A.4", "FDA premarket cybersecurity guidance V.A.4", "FDA premarket cybersecurity guidance V.A.4"},
		"support-missing":                  {"FDA premarket cybersecurity guidance V.A.4", "FDA premarket cybersecurity guidance V.A.4", "FDA premarket cybersecurity guidance V.A.4"},
		"support-ended":                    {iec + "6.1f", iec + "6.1f", iec + "6.1f"},
		"support-ending":                   {iec + "6.1f", iec + "6.1f", iec + "6.1f"},
		"supplier-missing":                 {"NTIA minimum elements Supplier Name", "NTIA minimum elements Supplier Name", "NTIA minimum elements Supplier Name"},
		"license-missing":                  {"policy", "policy", "policy"},
		"license-invalid":                  {"policy", "policy", "policy"},
		"suppression-unjustified":          {"policy", "policy", "policy"},
		"suppression-unknown-rule":         {"policy", "policy", "policy"},
		"suppression-expired":              {"policy", "policy", "policy"},
		"suppression-unused":               {"policy", "policy", "policy"},
		"suppression-too-broad":            {"policy", "policy", "policy"},
		"exclusion-unjustified":            {"policy", "policy", "policy"},
		"exclusion-unused":                 {"policy", "policy", "policy"},
	}
	got := map[string][3]string{}
	for _, r := range soup.Rules() {
		var refs [3]string
		for i, c := range []soup.SafetyClass{soup.ClassA, soup.ClassB, soup.ClassC} {
			if r.Severity(c) != 0 {
				refs[i] = r.Reference(c).String()
			}
		}
		got[r.ID] = refs
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rule references (-want +got):\n%s", diff)
	}
}

// TestFindingsCiteTheirRule checks that every finding, in every class,
// carries the reference its rule has in that class (the requirements rule
// excepted: it cites 5.3.4 for hardware and software), and names its item.
func TestFindingsCiteTheirRule(t *testing.T) {
	rules := map[string]soup.Rule{}
	for _, r := range soup.Rules() {
		rules[r.ID] = r
	}
	for seed := range 64 {
		it := partlyDocumented(seed)
		for _, c := range []soup.SafetyClass{soup.ClassA, soup.ClassB, soup.ClassC} {
			for _, f := range listOf(c, it).Validate(soup.Policy{Now: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), MaxReviewAge: 365 * 24 * time.Hour}) {
				want := rules[f.Rule].Reference(c)
				if f.Rule == "requirements-missing" && (f.Field == "requirements.hardware" || f.Field == "requirements.software") {
					want.Clause = "5.3.4"
				}
				if f.Reference() != want {
					t.Fatalf("seed %d class %s: %s cites %s, want %s", seed, c, f.Rule, f.Reference(), want)
				}
				if f.Item != "" && (f.Name != it.Name || f.Version != it.Version || f.PURL != it.PURL) {
					t.Fatalf("seed %d: finding does not name its item: %+v", seed, f)
				}
			}
		}
	}
}

// TestTenUpgradesClassA: a class A list, documented only as class A asks,
// whose ten items are all upgraded by a new scan, gives a 7.4.1 finding
// for each of them; before, class A got nothing at all.
func TestTenUpgradesClassA(t *testing.T) {
	curated := &soup.List{System: soup.System{Name: "viewer", Version: "1.0", Manufacturer: "Example", SafetyClass: soup.ClassA},
		RiskLevels: soup.RiskLevels{Low: "No harm."}}
	scanned := &soup.List{}
	for i := range 10 {
		name := fmt.Sprintf("lib%d", i)
		curated.Items = append(curated.Items, soup.Item{ID: fmt.Sprintf("SOUP-%04d", i+1), Name: name, Version: "1.0.0",
			Manufacturer: "Upstream", PURL: "pkg:npm/" + name + "@1.0.0", RiskLevel: soup.RiskLow})
		scanned.Items = append(scanned.Items, soup.Item{Name: name, Version: "1.1.0", PURL: "pkg:npm/" + name + "@1.1.0"})
	}
	if fs := curated.Validate(soup.Policy{}); len(fs) != 0 {
		t.Fatalf("before the upgrade: %v", fs)
	}
	got, changes := soup.Reconcile(curated, scanned)
	if n := len(changes.Of(soup.Upgraded)); n != 10 {
		t.Fatalf("%d upgrades, want 10", n)
	}
	fs := got.Validate(soup.Policy{})
	var n int
	for _, f := range fs {
		if f.Rule != "change-unanalysed" || f.Clause != "7.4.1" || f.Source != soup.IEC62304 || f.Severity != soup.SeverityError {
			t.Errorf("unexpected finding %s", f)
			continue
		}
		n++
	}
	if n != 10 {
		t.Errorf("%d findings of 7.4.1, want 10:\n%v", n, fs)
	}
	// A second upgrade without an analysis is one change, from 1.0.0.
	for i := range scanned.Items {
		scanned.Items[i].Version = "1.2.0"
		scanned.Items[i].PURL = "pkg:npm/" + scanned.Items[i].Name + "@1.2.0"
	}
	again, _ := soup.Reconcile(got, scanned)
	if from := again.Items[0].ChangeAnalysis.From; from != "1.0.0" {
		t.Errorf("after two upgrades, from = %q, want 1.0.0", from)
	}
	// The analysis recorded for the version in use clears the finding.
	for i := range again.Items {
		again.Items[i].ChangeAnalysis.Version = "1.2.0"
		again.Items[i].ChangeAnalysis.Conclusion = "No new potential cause of a hazardous situation."
	}
	if fs := again.Validate(soup.Policy{}); len(fs) != 0 {
		t.Errorf("after the analysis: %v", fs)
	}
}

func TestSuppressionRules(t *testing.T) {
	it := documented()
	it.Requirements.Functional = nil
	now := time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)
	ok := func(s soup.Suppression) soup.Suppression {
		s.Justification, s.ApprovedBy, s.Approved = "Accepted.", "John Roe", soup.NewDate(2026, 12, 1)
		return s
	}
	tests := []struct {
		name string
		s    soup.Suppression
		want []string // rule suppressed? and extra findings
	}{
		{"item-wide, complete", ok(soup.Suppression{Rule: "requirements-missing", Item: "SOUP-0001"}), []string{"requirements-missing true"}},
		{"no approver", soup.Suppression{Rule: "requirements-missing", Item: "SOUP-0001", Justification: "Accepted.", Approved: soup.NewDate(2026, 12, 1)},
			[]string{"requirements-missing false", "suppression-unjustified false"}},
		{"expired", ok(soup.Suppression{Rule: "requirements-missing", Item: "SOUP-0001", Expires: soup.NewDate(2027, 1, 9)}),
			[]string{"requirements-missing false", "suppression-expired false"}},
		{"expires today", ok(soup.Suppression{Rule: "requirements-missing", Item: "SOUP-0001", Expires: soup.NewDate(2027, 1, 10)}),
			[]string{"requirements-missing true"}},
		{"list-wide, 62304 rule", ok(soup.Suppression{Rule: "requirements-missing"}),
			[]string{"suppression-too-broad false", "requirements-missing false"}},
		{"list-wide, policy rule", ok(soup.Suppression{Rule: "license-missing"}),
			[]string{"suppression-unused false", "requirements-missing false"}},
		{"matches nothing", ok(soup.Suppression{Rule: "verification-missing", Item: "SOUP-0001"}),
			[]string{"requirements-missing false", "suppression-unused false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := listOf(soup.ClassB, it).Validate(soup.Policy{Now: now, Suppressions: []soup.Suppression{tt.s}})
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s %v", f.Rule, f.Suppressed))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestExclusions(t *testing.T) {
	ours := soup.Item{ID: "SOUP-0002", Name: "example.com/pump/api", Version: "v0.0.0", PURL: "pkg:golang/example.com/pump/api@v0.0.0"}
	tool := soup.Item{ID: "SOUP-0003", Name: "pytest", Version: "8.0", PURL: "pkg:pypi/pytest@8.0"}
	l := listOf(soup.ClassC, documented(), ours, tool)
	l.Exclusions = []soup.Exclusion{
		{PURL: "pkg:golang/example.com/pump/*", Justification: "The product's own modules."},
		{Key: "pkg:pypi/pytest", Justification: "Test-only tool, not shipped."},
		{Key: "pkg:npm/left-pad", Justification: "Gone."},
		{Key: "pkg:pypi/flask"},
	}
	var got []string
	for _, f := range l.Validate(soup.Policy{}) {
		got = append(got, f.Rule+" "+f.Field)
	}
	want := []string{"exclusion-unjustified exclusions[3].justification", "exclusion-unused exclusions[2]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if e, ok := l.Excluded(&l.Items[1]); !ok || e.Justification != "The product's own modules." {
		t.Errorf("Excluded(ours) = %+v, %v", e, ok)
	}
	if _, ok := l.Excluded(&l.Items[0]); ok {
		t.Error("flask excluded by an exclusion without justification")
	}
}

func TestSystemVersionMismatch(t *testing.T) {
	l := listOf(soup.ClassA, documented())
	l.System.Version = "2.4.0"
	l.Sources = []soup.Source{{Name: "a.cdx.json", Subject: "pump", SubjectVersion: "2.4.0"}, {Name: "b.cdx.json", Subject: "pump", SubjectVersion: "2.3.9"}}
	fs := l.Validate(soup.Policy{})
	if len(fs) != 1 || fs[0].Rule != "system-version-mismatch" || fs[0].Field != "sources[1].subjectVersion" || fs[0].Clause != "8.1.3" {
		t.Fatalf("findings: %v", fs)
	}
	if want := "The SBOM b.cdx.json describes pump version 2.3.9, but the list documents version 2.4.0."; fs[0].Message != want {
		t.Errorf("message %q, want %q", fs[0].Message, want)
	}
}

func TestFindingString(t *testing.T) {
	f := soup.Finding{Rule: "manufacturer-missing", Severity: soup.SeverityError, Item: "SOUP-0001", Name: "flask", Version: "1.1.2",
		Source: soup.IEC62304, Clause: "8.1.2", Message: "The manufacturer (8.1.2) is missing."}
	want := "SOUP-0001 flask@1.1.2  manufacturer-missing  IEC 62304:2006+A1:2015 8.1.2  error: The manufacturer (8.1.2) is missing."
	if got := f.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestChangeImpact(t *testing.T) {
	old := documented()
	upgraded := documented()
	upgraded.Version, upgraded.PURL = "2.0.3", "pkg:pypi/flask@2.0.3"
	cs := soup.Diff(listOf(soup.ClassB, old), listOf(soup.ClassB, upgraded))
	if len(cs) != 1 || cs[0].Kind != soup.Upgraded {
		t.Fatalf("changes: %+v", cs)
	}
	clauses := func(ts []soup.Task) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Reference.Clause)
		}
		return out
	}
	if diff := cmp.Diff([]string{"7.4.1"}, clauses(cs[0].Impact(soup.ClassA))); diff != "" {
		t.Errorf("class A (-want +got):\n%s", diff)
	}
	for _, c := range []soup.SafetyClass{soup.ClassB, soup.ClassC, 0} {
		ts := cs[0].Impact(c)
		if diff := cmp.Diff([]string{"7.4.1", "7.4.2", "5.3.6c", "7.1.3", "5.3.3"}, clauses(ts)); diff != "" {
			t.Errorf("class %v (-want +got):\n%s", c, diff)
		}
		if !strings.Contains(ts[1].Action, "RISK-012") {
			t.Errorf("7.4.2 does not name the risk references: %q", ts[1].Action)
		}
		if ts[0].Reference.Source != soup.IEC62304 {
			t.Errorf("source %q", ts[0].Reference.Source)
		}
	}
	added := soup.Diff(listOf(soup.ClassA), listOf(soup.ClassA, old))
	if diff := cmp.Diff([]string{"7.4.1", "8.1.2"}, clauses(added[0].Impact(soup.ClassA))); diff != "" {
		t.Errorf("added, class A (-want +got):\n%s", diff)
	}
	removed := soup.Diff(listOf(soup.ClassC, old), listOf(soup.ClassC))
	if diff := cmp.Diff([]string{"7.4.1", "7.4.2"}, clauses(removed[0].Impact(soup.ClassC))); diff != "" {
		t.Errorf("removed, class C (-want +got):\n%s", diff)
	}
}

func TestInferManufacturer(t *testing.T) {
	for _, tt := range []struct{ purl, want string }{
		{"pkg:golang/github.com/google/uuid@v1.6.0", "google"},
		{"pkg:golang/golang.org/x/net@v0.20.0", "The Go Authors"},
		{"pkg:golang/go.uber.org/zap@v1.27.0", "go.uber.org"},
		{"pkg:golang/gopkg.in/yaml.v3@v3.0.1", "go-yaml"},
		{"pkg:golang/gopkg.in/DataDog/dd-trace-go.v1@v1.60.0", "datadog"}, // purl lowercases the path
		{"pkg:npm/%40angular/core@17.0.0", "@angular"},
		{"pkg:npm/left-pad@1.3.0", ""},
		{"pkg:maven/org.apache.commons/commons-lang3@3.14.0", "org.apache.commons"},
		{"pkg:deb/debian/openssl@3.0.13", "Debian"},
		{"pkg:apk/alpine/musl@1.2.4", "Alpine Linux"},
		{"pkg:rpm/fedora/curl@8.0", "Fedora Project"},
		{"pkg:github/pallets/flask@2.0.3", "pallets"},
		{"pkg:pypi/flask@2.0.3", ""},
		{"not a purl", ""},
	} {
		it := soup.Item{PURL: tt.purl}
		got, src := soup.InferManufacturer(&it)
		if got != tt.want || (got != "") != (src != "") {
			t.Errorf("%s: %q (%q), want %q", tt.purl, got, src, tt.want)
		}
	}
	l := &soup.List{Items: []soup.Item{{PURL: "pkg:golang/github.com/google/uuid@v1.6.0"}, {PURL: "pkg:golang/github.com/x/y@v1", Manufacturer: "Y Inc."}}}
	if n := l.InferManufacturers(); n != 1 || l.Items[0].ManufacturerSource == "" || l.Items[1].ManufacturerSource != "" {
		t.Errorf("InferManufacturers = %d: %+v", n, l.Items)
	}
}
