package soup_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/soup"
)

// documented returns an item that passes every rule in every class.
func documented() soup.Item {
	return soup.Item{
		ID: "SOUP-0001", Name: "flask", Version: "1.1.2", Manufacturer: "Pallets",
		PURL: "pkg:pypi/flask@1.1.2", License: "BSD-3-Clause",
		Requirements: soup.Requirements{
			Functional:  []string{"Route HTTP requests"},
			Performance: []string{"50 requests per second"},
			Hardware:    []string{"x86-64, 512 MiB RAM"},
			Software:    []string{"CPython 3.8"},
		},
		RiskLevel:    soup.RiskMedium,
		FailureModes: []string{"Request routed to the wrong handler"},
		RiskRefs:     []string{"RISK-012"},
		Verification: soup.Verification{Architecture: "Behind gunicorn.", By: "Jane", Date: soup.NewDate(2026, 10, 2), Version: "1.1.2"},
		AnomalyReview: soup.AnomalyReview{Date: soup.NewDate(2026, 10, 2), By: "Jane", Sources: []string{"OSV"},
			Conclusion: "No open anomaly affects us."},
		Anomalies: []soup.Anomaly{{ID: "GHSA-1", Status: soup.StatusNotAffected, Justification: "Not used."}},
		Support:   soup.Support{Level: soup.SupportActive, EndOfSupport: soup.NewDate(2027, 12, 31)},
	}
}

func listOf(class soup.SafetyClass, items ...soup.Item) *soup.List {
	return &soup.List{
		System:     soup.System{Name: "pump", Manufacturer: "Example Medical", SafetyClass: class},
		RiskLevels: soup.RiskLevels{Low: "no harm", Medium: "reversible harm", High: "irreversible harm"},
		Items:      items,
	}
}

// rulesOf returns "rule field" for each finding, for compact comparison.
func rulesOf(fs soup.Findings) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Field+" "+f.Severity.String())
	}
	return out
}

func TestValidateDocumentedItemIsClean(t *testing.T) {
	for _, c := range []soup.SafetyClass{soup.ClassA, soup.ClassB, soup.ClassC} {
		l := listOf(c, documented())
		if fs := l.Validate(soup.Policy{RequireLicense: true, RequireSupplier: true, RequireSupport: true}); len(fs) != 0 {
			t.Errorf("class %s: unexpected findings:\n%v", c, fs)
		}
	}
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*soup.Item)
		policy soup.Policy
		// want holds "rule field severity" per class A, B, C.
		a, b, c []string
	}{
		{name: "name missing", edit: func(it *soup.Item) { it.Name = "" },
			a: []string{"name-missing name error"}, b: []string{"name-missing name error"}, c: []string{"name-missing name error"}},
		{name: "version placeholder", edit: func(it *soup.Item) {
			it.Version = "TBD"
			it.Verification.Version = "TBD"
			it.AnomalyReview.Version = "TBD"
		},
			a: []string{"version-missing version error"},
			b: []string{"anomaly-review-outdated anomalyReview.version error", "verification-outdated verification.version error", "version-missing version error"},
			c: []string{"anomaly-review-outdated anomalyReview.version error", "verification-outdated verification.version error", "version-missing version error"}},
		{name: "version range", edit: func(it *soup.Item) { it.Version = "^1.1"; it.Verification.Version = "^1.1" },
			a: []string{"version-not-unique version error"},
			b: []string{"version-not-unique version error"},
			c: []string{"version-not-unique version error"}},
		{name: "manufacturer n/a", edit: func(it *soup.Item) { it.Manufacturer = "n/a" },
			a: []string{"manufacturer-missing manufacturer error"}, b: []string{"manufacturer-missing manufacturer error"}, c: []string{"manufacturer-missing manufacturer error"}},
		{name: "id missing", edit: func(it *soup.Item) { it.ID = "" },
			a: []string{"id-missing id warning"}, b: []string{"id-missing id warning"}, c: []string{"id-missing id warning"}},
		{name: "risk level missing", edit: func(it *soup.Item) { it.RiskLevel = 0 },
			a: []string{"risk-level-missing riskLevel warning"}, b: []string{"risk-level-missing riskLevel error"}, c: []string{"risk-level-missing riskLevel error"}},
		{name: "functional requirements placeholder", edit: func(it *soup.Item) { it.Requirements.Functional = []string{"TODO", "?"} },
			b: []string{"requirements-missing requirements.functional error"}, c: []string{"requirements-missing requirements.functional error"}},
		{name: "performance requirements missing", edit: func(it *soup.Item) { it.Requirements.Performance = nil },
			b: []string{"requirements-missing requirements.performance error"}, c: []string{"requirements-missing requirements.performance error"}},
		{name: "hardware and software requirements missing", edit: func(it *soup.Item) { it.Requirements.Hardware = []string{"-"}; it.Requirements.Software = nil },
			b: []string{"requirements-missing requirements.hardware error", "requirements-missing requirements.software error"},
			c: []string{"requirements-missing requirements.hardware error", "requirements-missing requirements.software error"}},
		{name: "verification missing", edit: func(it *soup.Item) { it.Verification = soup.Verification{}; it.AnomalyReview.Version = "1.1.2" },
			b: []string{"verification-missing verification.architecture error"}, c: []string{"verification-missing verification.architecture error"}},
		{name: "verification missing, review version unknown", edit: func(it *soup.Item) { it.Verification = soup.Verification{} },
			b: []string{"anomaly-review-outdated anomalyReview.version error", "verification-missing verification.architecture error"},
			c: []string{"anomaly-review-outdated anomalyReview.version error", "verification-missing verification.architecture error"}},
		{name: "verification for another version", edit: func(it *soup.Item) { it.Verification.Version = "1.0.0"; it.AnomalyReview.Version = "1.1.2" },
			a: []string{"change-unanalysed changeAnalysis error"},
			b: []string{"change-risk-controls changeAnalysis.riskControls error", "change-unanalysed changeAnalysis error", "verification-outdated verification.version error"},
			c: []string{"change-risk-controls changeAnalysis.riskControls error", "change-unanalysed changeAnalysis error", "verification-outdated verification.version error"}},
		{name: "upgrade analysed, verified again", edit: func(it *soup.Item) {
			it.ChangeAnalysis = soup.ChangeAnalysis{From: "1.0.0", Version: "1.1.2", By: "Jane", Date: soup.NewDate(2026, 10, 2),
				Conclusion: "No new cause of a hazardous situation.", RiskControls: "RISK-012 control unaffected."}
		}},
		{name: "upgrade analysed, verification still old", edit: func(it *soup.Item) {
			it.Verification.Version = "1.0.0"
			it.AnomalyReview.Version = "1.1.2"
			it.ChangeAnalysis = soup.ChangeAnalysis{From: "1.0.0", Version: "1.1.2", Conclusion: "No new cause.", RiskControls: "RISK-012 unaffected."}
		}, b: []string{"verification-outdated verification.version error"}, c: []string{"verification-outdated verification.version error"}},
		{name: "upgrade seen by reconcile, no analysis", edit: func(it *soup.Item) { it.ChangeAnalysis = soup.ChangeAnalysis{From: "1.0.0"} },
			a: []string{"change-unanalysed changeAnalysis error"},
			b: []string{"change-risk-controls changeAnalysis.riskControls error", "change-unanalysed changeAnalysis error"},
			c: []string{"change-risk-controls changeAnalysis.riskControls error", "change-unanalysed changeAnalysis error"}},
		{name: "upgrade analysed for safety, not risk controls", edit: func(it *soup.Item) {
			it.ChangeAnalysis = soup.ChangeAnalysis{From: "1.0.0", Version: "1.1.2", Conclusion: "No new cause."}
		}, b: []string{"change-risk-controls changeAnalysis.riskControls error"}, c: []string{"change-risk-controls changeAnalysis.riskControls error"}},
		{name: "verification without version", edit: func(it *soup.Item) { it.Verification.Version = ""; it.AnomalyReview.Version = "1.1.2" },
			b: []string{"verification-outdated verification.version error"}, c: []string{"verification-outdated verification.version error"}},
		{name: "failure modes missing above low risk", edit: func(it *soup.Item) { it.FailureModes = nil; it.RiskRefs = []string{"TBD"} },
			b: []string{"failure-modes-missing failureModes error", "risk-refs-missing riskRefs error"},
			c: []string{"failure-modes-missing failureModes error", "risk-refs-missing riskRefs error"}},
		{name: "failure modes not needed at low risk", edit: func(it *soup.Item) { it.FailureModes = nil; it.RiskRefs = nil; it.RiskLevel = soup.RiskLow }},
		{name: "anomaly review missing", edit: func(it *soup.Item) { it.AnomalyReview = soup.AnomalyReview{} },
			b: []string{"anomaly-review-missing anomalyReview error"}, c: []string{"anomaly-review-missing anomalyReview error"}},
		{name: "anomaly review for another version", edit: func(it *soup.Item) { it.AnomalyReview.Version = "1.0" },
			a: []string{"change-unanalysed changeAnalysis error"},
			b: []string{"anomaly-review-outdated anomalyReview.version error", "change-risk-controls changeAnalysis.riskControls error", "change-unanalysed changeAnalysis error"},
			c: []string{"anomaly-review-outdated anomalyReview.version error", "change-risk-controls changeAnalysis.riskControls error", "change-unanalysed changeAnalysis error"}},
		{name: "anomaly review stale", edit: func(*soup.Item) {},
			policy: soup.Policy{Now: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), MaxReviewAge: 90 * 24 * time.Hour},
			a:      []string{"anomaly-review-stale anomalyReview.date warning"},
			b:      []string{"anomaly-review-stale anomalyReview.date error"}, c: []string{"anomaly-review-stale anomalyReview.date error"}},
		{name: "not-affected anomaly without justification", edit: func(it *soup.Item) {
			it.Anomalies = []soup.Anomaly{{ID: "CVE-1", Status: soup.StatusNotAffected, Justification: "n/a"}}
		},
			a: []string{"anomaly-not-affected-unjustified anomalies warning"},
			b: []string{"anomaly-not-affected-unjustified anomalies error"}, c: []string{"anomaly-not-affected-unjustified anomalies error"}},
		{name: "support ended", edit: func(it *soup.Item) { it.Support.EndOfSupport = soup.NewDate(2027, 5, 31) },
			policy: soup.Policy{Now: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)},
			a:      []string{"support-ended support.endOfSupport warning"}, b: []string{"support-ended support.endOfSupport warning"}, c: []string{"support-ended support.endOfSupport warning"}},
		{name: "support ended, support required", edit: func(it *soup.Item) { it.Support.EndOfSupport = soup.NewDate(2027, 6, 1) },
			policy: soup.Policy{Now: time.Date(2027, 6, 2, 0, 0, 0, 0, time.UTC), RequireSupport: true},
			a:      []string{"support-ended support.endOfSupport error"}, b: []string{"support-ended support.endOfSupport error"}, c: []string{"support-ended support.endOfSupport error"}},
		{name: "support ends today, still supported", edit: func(it *soup.Item) { it.Support.EndOfSupport = soup.NewDate(2027, 6, 1) },
			policy: soup.Policy{Now: time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)}},
		{name: "support ending within the warning window", edit: func(it *soup.Item) { it.Support.EndOfSupport = soup.NewDate(2027, 7, 1) },
			policy: soup.Policy{Now: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), SupportWarning: 90 * 24 * time.Hour},
			a:      []string{"support-ending support.endOfSupport warning"}, b: []string{"support-ending support.endOfSupport warning"}, c: []string{"support-ending support.endOfSupport warning"}},
		{name: "support ending outside the warning window", edit: func(it *soup.Item) { it.Support.EndOfSupport = soup.NewDate(2027, 12, 1) },
			policy: soup.Policy{Now: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), SupportWarning: 90 * 24 * time.Hour}},
		{name: "abandoned (FDA word)", edit: func(it *soup.Item) { it.Support = soup.Support{Level: soup.SupportAbandoned} },
			a: []string{"support-ended support.level warning"}, b: []string{"support-ended support.level warning"}, c: []string{"support-ended support.level warning"}},
		{name: "actively maintained (FDA word)", edit: func(it *soup.Item) { it.Support.Level = soup.SupportActivelyMaintained }},
		{name: "anomaly review fresh enough", edit: func(*soup.Item) {},
			policy: soup.Policy{Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), MaxReviewAge: 90 * 24 * time.Hour}},
		{name: "affected anomaly without justification", edit: func(it *soup.Item) {
			it.Anomalies = []soup.Anomaly{{ID: "CVE-1", Status: soup.StatusAffected}, {ID: "CVE-2", Status: soup.StatusUnderInvestigation, Justification: "TBD"}, {ID: "CVE-3"}, {ID: "CVE-4", Status: soup.StatusFixed}}
		},
			a: []string{"anomaly-unevaluated anomalies warning"},
			b: []string{"anomaly-unevaluated anomalies error", "anomaly-unjustified anomalies error", "anomaly-unjustified anomalies error"},
			c: []string{"anomaly-unevaluated anomalies error", "anomaly-unjustified anomalies error", "anomaly-unjustified anomalies error"}},
		{name: "known exploited anomaly without evaluation", edit: func(it *soup.Item) {
			it.Anomalies = []soup.Anomaly{{ID: "CVE-2021-44228", KnownExploited: true}, {ID: "CVE-5", KnownExploited: true, Status: soup.StatusNotAffected, Justification: "Vulnerable code not in the execution path."}}
		},
			a: []string{"anomaly-exploited-unevaluated anomalies error"},
			b: []string{"anomaly-exploited-unevaluated anomalies error"},
			c: []string{"anomaly-exploited-unevaluated anomalies error"}},
		{name: "anomaly no longer affecting needs no evaluation", edit: func(it *soup.Item) {
			it.Anomalies = []soup.Anomaly{{ID: "CVE-1", NoLongerAffects: "version 2.0 is outside the affected versions of GHSA-1"}, {ID: "CVE-2", Status: soup.StatusAffected, NoLongerAffects: "withdrawn"}}
		}},
		{name: "anomaly data older than the monitoring interval", edit: func(it *soup.Item) {
			it.AnomalyReview.Snapshots = []soup.Snapshot{{Source: "osv", AsOf: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}, {Source: "cisa-kev", AsOf: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)}}
		},
			policy: soup.Policy{Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), MaxReviewAge: 365 * 24 * time.Hour, MonitoringInterval: 30 * 24 * time.Hour},
			a:      []string{"anomaly-data-stale anomalyReview.snapshots warning"},
			b:      []string{"anomaly-data-stale anomalyReview.snapshots error"},
			c:      []string{"anomaly-data-stale anomalyReview.snapshots error"}},
		{name: "anomaly data within the monitoring interval", edit: func(it *soup.Item) {
			it.AnomalyReview.Snapshots = []soup.Snapshot{{Source: "osv", AsOf: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}}
		}, policy: soup.Policy{Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), MonitoringInterval: 30 * 24 * time.Hour}},
		{name: "affected anomaly with justification", edit: func(it *soup.Item) {
			it.Anomalies = []soup.Anomaly{{ID: "CVE-1", Status: soup.StatusAffected, Justification: "Mitigated by RISK-3."}}
		}},
		{name: "no-assertion support without justification", edit: func(it *soup.Item) { it.Support = soup.Support{Level: soup.SupportNoAssertion} },
			a: []string{"support-unjustified support.justification warning"}, b: []string{"support-unjustified support.justification warning"}, c: []string{"support-unjustified support.justification warning"}},
		{name: "support required, unknown", edit: func(it *soup.Item) { it.Support = soup.Support{Level: soup.SupportActive} },
			policy: soup.Policy{RequireSupport: true},
			a:      []string{"support-missing support error"}, b: []string{"support-missing support error"}, c: []string{"support-missing support error"}},
		{name: "support required, unknown but justified", edit: func(it *soup.Item) {
			it.Support = soup.Support{Level: soup.SupportNoAssertion, Justification: "Community project without a support policy."}
		}, policy: soup.Policy{RequireSupport: true}},
		{name: "licence required, missing", edit: func(it *soup.Item) { it.License = "NOASSERTION" }, policy: soup.Policy{RequireLicense: true},
			a: []string{"license-missing license error"}, b: []string{"license-missing license error"}, c: []string{"license-missing license error"}},
		{name: "licence required, invalid", edit: func(it *soup.Item) { it.License = "BSD-3-Clause OR Foo Bar" }, policy: soup.Policy{RequireLicense: true},
			a: []string{"license-invalid license error"}, b: []string{"license-invalid license error"}, c: []string{"license-invalid license error"}},
		{name: "licence not required", edit: func(it *soup.Item) { it.License = "" }},
		{name: "removed items are not checked, but a list of none is an error", edit: func(it *soup.Item) { *it = soup.Item{ID: "SOUP-0001", Name: "gone", Removed: true} },
			a: []string{"no-items items error"}, b: []string{"no-items items error"}, c: []string{"no-items items error"}},
	}
	for _, tt := range tests {
		for _, class := range []soup.SafetyClass{soup.ClassA, soup.ClassB, soup.ClassC} {
			t.Run(tt.name+"/"+class.String(), func(t *testing.T) {
				it := documented()
				tt.edit(&it)
				want := map[soup.SafetyClass][]string{soup.ClassA: tt.a, soup.ClassB: tt.b, soup.ClassC: tt.c}[class]
				got := rulesOf(listOf(class, it).Validate(tt.policy))
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("findings (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestClassMonotonic checks that class A demands nothing that only B and C
// demand, and that C demands at least what B demands, over many partly
// documented items.
func TestClassMonotonic(t *testing.T) {
	bOnly := []string{"requirements-missing", "verification-missing", "verification-outdated", "failure-modes-missing",
		"risk-refs-missing", "anomaly-review-missing", "anomaly-review-outdated", "anomaly-unjustified", "change-risk-controls"}
	for seed := range 300 {
		it := partlyDocumented(seed)
		p := soup.Policy{Now: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), MaxReviewAge: 365 * 24 * time.Hour}
		a := listOf(soup.ClassA, it).Validate(p)
		b := listOf(soup.ClassB, it).Validate(p)
		c := listOf(soup.ClassC, it).Validate(p)
		for _, f := range a {
			if slices.Contains(bOnly, f.Rule) {
				t.Fatalf("seed %d: class A reports %s", seed, f)
			}
		}
		keys := func(fs soup.Findings) []string {
			var out []string
			for _, f := range fs {
				out = append(out, f.Rule+" "+f.Field+" "+f.Severity.String())
			}
			return out
		}
		if diff := cmp.Diff(keys(b), keys(c)); diff != "" {
			t.Fatalf("seed %d: class C differs from B (-B +C):\n%s", seed, diff)
		}
		if len(a) > len(b) {
			t.Fatalf("seed %d: class A has more findings than B", seed)
		}
	}
}

// partlyDocumented blanks a different subset of fields for each seed.
func partlyDocumented(seed int) soup.Item {
	it := documented()
	blank := []func(){
		func() { it.Requirements.Functional = nil },
		func() { it.Requirements.Hardware = []string{"TBD"} },
		func() { it.Verification = soup.Verification{} },
		func() { it.Version = "2.0.0" },
		func() { it.RiskLevel = 0 },
		func() { it.FailureModes = nil },
		func() { it.AnomalyReview = soup.AnomalyReview{} },
		func() { it.Anomalies = append(it.Anomalies, soup.Anomaly{ID: "X", Status: soup.StatusAffected}) },
		func() { it.Manufacturer = "?" },
	}
	for i, f := range blank {
		if seed&(1<<i) != 0 {
			f()
		}
	}
	return it
}

func TestValidateClassUnsetIsC(t *testing.T) {
	it := documented()
	it.Requirements = soup.Requirements{}
	got := listOf(0, it).Validate(soup.Policy{})
	want := []string{
		"class-unset system.safetyClass warning",
		"requirements-missing requirements.functional error",
		"requirements-missing requirements.performance error",
		"requirements-missing requirements.hardware error",
		"requirements-missing requirements.software error",
	}
	if diff := cmp.Diff(want, rulesOf(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !strings.Contains(got[0].Message, "class C") {
		t.Errorf("class-unset message does not say class C: %q", got[0].Message)
	}
	// The policy's class overrides the list's.
	if fs := listOf(0, it).Validate(soup.Policy{Class: soup.ClassA}); len(fs) != 0 {
		t.Errorf("policy class A: %v", fs)
	}
}

// TestValidateClassBMissingRequirements is the acceptance case: a
// class-B list missing requirements yields 5.3.3 and 5.3.4 findings for
// exactly the items missing them, and none as class A.
func TestValidateClassBMissingRequirements(t *testing.T) {
	full := documented()
	noFunc := documented()
	noFunc.ID, noFunc.Name, noFunc.PURL = "SOUP-0002", "requests", ""
	noFunc.Requirements.Functional = nil
	noHW := documented()
	noHW.ID, noHW.Name, noHW.PURL = "SOUP-0003", "click", ""
	noHW.Requirements.Hardware = []string{"TBD"}
	l := listOf(soup.ClassB, full, noFunc, noHW)
	type hit struct{ Item, Clause, Field string }
	var got []hit
	for _, f := range l.Validate(soup.Policy{}) {
		got = append(got, hit{f.Item, f.Clause, f.Field})
	}
	want := []hit{{"SOUP-0002", "5.3.3", "requirements.functional"}, {"SOUP-0003", "5.3.4", "requirements.hardware"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("class B (-want +got):\n%s", diff)
	}
	l.System.SafetyClass = soup.ClassA
	if fs := l.Validate(soup.Policy{}); len(fs) != 0 {
		t.Errorf("class A: %v", fs)
	}
}

func TestValidateSuppressions(t *testing.T) {
	it := documented()
	it.Requirements.Functional = nil
	it.Verification = soup.Verification{}
	it.AnomalyReview.Version = it.Version
	l := listOf(soup.ClassB, it)
	approved := soup.NewDate(2026, 10, 1)
	p := soup.Policy{Suppressions: []soup.Suppression{
		{Rule: "requirements-missing", Item: "SOUP-0001", Justification: "Covered by the system requirements SRS-4.", ApprovedBy: "John Roe", Approved: approved, Reference: "DEV-7"},
		{Rule: "verification-missing", Item: "SOUP-0001", Justification: " TBD ", ApprovedBy: "John Roe", Approved: approved},
		{Rule: "no-such-rule", Justification: "typo"},
	}}
	fs := l.Validate(p)
	type row struct {
		Rule       string
		Suppressed bool
		Sev        soup.Severity
	}
	var got []row
	for _, f := range fs {
		got = append(got, row{f.Rule, f.Suppressed, f.Severity})
	}
	want := []row{
		{"suppression-unknown-rule", false, soup.SeverityWarning}, // list-level first
		{"requirements-missing", true, soup.SeverityError},
		{"suppression-unjustified", false, soup.SeverityError},
		{"verification-missing", false, soup.SeverityError},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if fs[1].Justification != "Covered by the system requirements SRS-4. (approved by John Roe on 2026-10-01, DEV-7)" {
		t.Errorf("justification not carried: %q", fs[1].Justification)
	}
	if fs.Err() == nil {
		t.Error("Err() = nil with open errors")
	}
	if got := len(fs.Open()); got != 3 {
		t.Errorf("Open() has %d findings, want 3", got)
	}
}

func TestFindingsErr(t *testing.T) {
	tests := []struct {
		name string
		fs   soup.Findings
		err  bool
	}{
		{"empty", nil, false},
		{"warnings only", soup.Findings{{Rule: "x", Severity: soup.SeverityWarning}}, false},
		{"suppressed error", soup.Findings{{Rule: "x", Severity: soup.SeverityError, Suppressed: true}}, false},
		{"error", soup.Findings{{Rule: "x", Severity: soup.SeverityError, Item: "SOUP-0001", Message: "m"}}, true},
	}
	for _, tt := range tests {
		err := tt.fs.Err()
		if (err != nil) != tt.err {
			t.Errorf("%s: Err() = %v", tt.name, err)
		}
		if err != nil && !strings.Contains(err.Error(), "SOUP-0001") {
			t.Errorf("%s: error %q does not name the item", tt.name, err)
		}
	}
}

func TestValidateSortedAndRiskDefinitions(t *testing.T) {
	a, b, c := documented(), documented(), documented()
	a.ID, b.ID, c.ID = "SOUP-0010", "SOUP-0009", ""
	b.PURL, c.PURL = "", ""
	a.Name = ""
	c.RiskLevel = soup.RiskHigh
	l := listOf(soup.ClassA, a, b, c)
	l.RiskLevels.High = ""
	var got []string
	for _, f := range l.Validate(soup.Policy{}) {
		got = append(got, f.Item+" "+f.Rule)
	}
	want := []string{" risk-levels-undefined", "SOUP-0010 name-missing", `"flask" id-missing`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestIsVersionRange(t *testing.T) {
	for _, tc := range []struct {
		purlType, v string
		want        bool
	}{
		{"", "1.2.3", false}, {"", "v1.2.3", false}, {"", "2.23.0", false}, {"", "1:2.36-9", false},
		{"", "1.0.0-rc.1", false}, {"", "0.0.0-20220101-abcdef", false},
		{"", "", true}, {"", "^1.2", true}, {"", ">=2", true}, {"", "~1", true}, {"", "*", true}, {"", "1.x", true},
		{"", "latest", true}, {"", "1.2 - 1.4", true}, {"", "=1.2", true},
		{"npm", "~1.2.3", true}, {"npm", "^4.17.21", true}, {"pypi", "~=2.0", true},
		// Debian and Ubuntu: the tilde sorts first, the epoch and revision belong to the version
		{"deb", "3.0.19-1~deb12u2", false}, {"deb", "1:1.2.13.dfsg-1", false}, {"deb", "2.34-0ubuntu3~22.04.1", false},
		{"deb", ">= 2.36", true}, {"apk", "1.36.1-r2~", false},
		// RPM: release parts, tilde and caret
		{"rpm", "2.28-225.el8", false}, {"rpm", "1.0~rc1-1", false}, {"rpm", "1.0^20240101git-1", false}, {"rpm", "1:3.0.7-25.el9", false},
		// Maven: qualifiers are designators, brackets are ranges
		{"maven", "31.1-jre", false}, {"maven", "2.15.2", false}, {"maven", "1.0.0.Final", false},
		{"maven", "[1.0,2.0)", true}, {"maven", "(,1.0]", true}, {"maven", "LATEST", true}, {"maven", "RELEASE", true},
	} {
		if got := soup.IsVersionRange(tc.purlType, tc.v); got != tc.want {
			t.Errorf("IsVersionRange(%q, %q) = %v, want %v", tc.purlType, tc.v, got, tc.want)
		}
	}
}

func TestIsPlaceholder(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, " TBD ": true, "todo": true, "N/A": true, "-": true, "?": true, "...": true, "TBD.": true,
		"Runs behind gunicorn": false, "None of the features": false, "n/a because": false,
	} {
		if got := soup.IsPlaceholder(s); got != want {
			t.Errorf("IsPlaceholder(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestAnomalyClauses: in class A, where 7.1.3 does not apply, the anomaly
// evaluation findings cite 6.2.1.
func TestAnomalyClauses(t *testing.T) {
	it := documented()
	it.Anomalies = []soup.Anomaly{{ID: "CVE-1"}, {ID: "CVE-2", KnownExploited: true}}
	for class, want := range map[soup.SafetyClass]string{soup.ClassA: "6.2.1", soup.ClassB: "7.1.3", soup.ClassC: "7.1.3"} {
		for _, f := range listOf(class, it).Validate(soup.Policy{}) {
			if strings.HasPrefix(f.Rule, "anomaly-") && f.Clause != want {
				t.Errorf("class %s: %s cites %s, want %s", class, f.Rule, f.Clause, want)
			}
		}
	}
}
