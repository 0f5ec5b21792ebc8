package soup

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp"
)

// Rule describes one validation rule: its stable ID, the IEC 62304 clause
// it enforces and the severity of its findings in each safety class.
type Rule struct {
	ID     string
	Clause string
	// Summary says in a sentence what the rule demands.
	Summary string
	// A, B and C are the severities in each class; zero means the rule
	// does not apply in that class.
	A, B, C Severity
	// OptIn rules apply only when the Policy asks for them.
	OptIn bool
}

// severity returns the rule's severity in class c.
func (r Rule) severity(c SafetyClass) Severity {
	switch c {
	case ClassA:
		return r.A
	case ClassB:
		return r.B
	}
	return r.C
}

// Short names for the rule table.
const (
	warn = SeverityWarning
	fail = SeverityError
)

// rules is the rule table; Rules returns a copy.
var rules = []Rule{
	{ID: "class-unset", Clause: "4.3", A: warn, B: warn, C: warn, Summary: "The software system has a safety class; without one it is validated as class C."},
	{ID: "name-missing", Clause: "8.1.2", A: fail, B: fail, C: fail, Summary: "Every SOUP item has a title (name)."},
	{ID: "version-missing", Clause: "8.1.2", A: fail, B: fail, C: fail, Summary: "Every SOUP item has a unique designator (version)."},
	{ID: "version-not-unique", Clause: "8.1.2", A: fail, B: fail, C: fail, Summary: "The version designates one release, not a range such as ^1.2 or >=2."},
	{ID: "manufacturer-missing", Clause: "8.1.2", A: fail, B: fail, C: fail, Summary: "Every SOUP item names its manufacturer."},
	{ID: "id-missing", Clause: "8.1.2", A: warn, B: warn, C: warn, Summary: "Every SOUP item has a stable ID in the list."},
	{ID: "risk-level-missing", Clause: "7.1", A: warn, B: fail, C: fail, Summary: "Every SOUP item has a risk level (5.1.7, 7.1)."},
	{ID: "risk-levels-undefined", Clause: "7.1", A: warn, B: warn, C: warn, Summary: "The list defines the risk levels its items use."},
	{ID: "requirements-missing", Clause: "5.3.3", B: fail, C: fail, Summary: "Functional and performance requirements (5.3.3) and hardware and software requirements (5.3.4) are documented."},
	{ID: "verification-missing", Clause: "5.3.6c", B: fail, C: fail, Summary: "The verification that the architecture supports the item is recorded."},
	{ID: "verification-outdated", Clause: "6.1f", B: fail, C: fail, Summary: "The verification was recorded for the version in use (6.1f, 7.4)."},
	{ID: "failure-modes-missing", Clause: "7.1.2c", B: fail, C: fail, Summary: "Items above low risk list their potential failure modes."},
	{ID: "risk-refs-missing", Clause: "7.1.2c", B: fail, C: fail, Summary: "Items above low risk refer to the risk analysis."},
	{ID: "anomaly-review-missing", Clause: "7.1.3", B: fail, C: fail, Summary: "The item's published anomaly list has been evaluated."},
	{ID: "anomaly-review-outdated", Clause: "7.1.3", B: fail, C: fail, Summary: "The anomaly list evaluated is that of the version in use (7.1.3, 7.4)."},
	{ID: "anomaly-review-stale", Clause: "7.1.3", B: fail, C: fail, Summary: "The anomaly list evaluation is within the policy's maximum age."},
	{ID: "anomaly-unjustified", Clause: "7.1.3", B: fail, C: fail, Summary: "No anomaly is left affected or under investigation without a justification."},
	{ID: "anomaly-unevaluated", Clause: "7.1.3", A: warn, B: fail, C: fail, Summary: "Every published anomaly affecting the item's version has been evaluated: it has a status (7.1.3; 6.2.1 in class A)."},
	{ID: "anomaly-exploited-unevaluated", Clause: "7.1.3", A: fail, B: fail, C: fail, Summary: "A known exploited anomaly (CISA KEV) has been evaluated, in every class (7.1.3; 6.2.1 in class A)."},
	{ID: "anomaly-data-stale", Clause: "6.2.1", A: warn, B: fail, C: fail, Summary: "The published anomaly data the item was last evaluated against is within the policy's monitoring interval."},
	{ID: "support-unjustified", Clause: "7.1.3", A: warn, B: warn, C: warn, Summary: "A support level of no-assertion has a written justification."},
	{ID: "suppression-unjustified", Clause: "4.1", A: fail, B: fail, C: fail, Summary: "Every suppression of a finding has a written justification."},
	{ID: "suppression-unknown-rule", Clause: "4.1", A: warn, B: warn, C: warn, Summary: "Every suppression names an existing rule."},
	{ID: "license-missing", Clause: "8.1.2", A: fail, B: fail, C: fail, OptIn: true, Summary: "Every item has a licence (Policy.RequireLicense)."},
	{ID: "license-invalid", Clause: "8.1.2", A: fail, B: fail, C: fail, OptIn: true, Summary: "The licence is a valid SPDX expression (Policy.RequireLicense)."},
	{ID: "supplier-missing", Clause: "8.1.2", A: fail, B: fail, C: fail, OptIn: true, Summary: "The software system names its manufacturer, the supplier of the device SBOM (Policy.RequireSupplier)."},
	{ID: "support-missing", Clause: "7.1.3", A: fail, B: fail, C: fail, OptIn: true, Summary: "Every item has a support level and end of support, or a justification why they are unknown (Policy.RequireSupport; FDA premarket cybersecurity)."},
}

// Rules returns the validation rules, in a stable order.
func Rules() []Rule { return slices.Clone(rules) }

func ruleByID(id string) (Rule, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// placeholders are texts that people write instead of an answer.
var placeholders = []string{"", "tbd", "todo", "tba", "n/a", "na", "-", "--", "?", "??", "...", "…", "none", "xxx", "fixme", "unknown", "noassertion"}

// IsPlaceholder reports whether s is empty or a placeholder such as TBD,
// TODO, n/a, - or ?, which count as missing.
func IsPlaceholder(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimRight(t, ".!:")
	if t == "" && strings.TrimSpace(s) != "" {
		return true // only punctuation, like "..."
	}
	return slices.Contains(placeholders, t)
}

// allPlaceholders reports whether every entry of ss is a placeholder
// (true for an empty list).
func allPlaceholders(ss []string) bool {
	for _, s := range ss {
		if !IsPlaceholder(s) {
			return false
		}
	}
	return true
}

// IsVersionRange reports whether v is empty or a range or pattern (^1.2,
// ~1, >=2, 1.x, *, latest) rather than the designator of one release.
func IsVersionRange(v string) bool {
	t := strings.TrimSpace(v)
	if t == "" || strings.ContainsAny(t, "^~<>*| ") || strings.HasPrefix(t, "=") {
		return true
	}
	switch strings.ToLower(t) {
	case "latest", "x", "any", "unknown", "noassertion", "none", "master", "main", "head":
		return true
	}
	for _, part := range strings.Split(strings.ToLower(t), ".") {
		if part == "x" {
			return true
		}
	}
	return false
}

// Validate checks l against p and returns every finding, sorted by item
// (list findings first, then items by ID in [CompareIDs] order, then items
// without an ID), then rule, clause and field. It never stops at the first
// problem. Items marked removed are not checked: they are no longer
// shipped.
func (l *List) Validate(p Policy) Findings {
	v := validator{list: l, policy: p, class: p.Class}
	if v.class == 0 {
		v.class = l.System.SafetyClass
	}
	if v.class == 0 {
		v.class = ClassC
		v.add("class-unset", "", "system.safetyClass", "No software safety class is assigned; the list is validated as class C (IEC 62304 4.3).")
	}
	if p.RequireSupplier && IsPlaceholder(l.System.Manufacturer) {
		v.add("supplier-missing", "", "system.manufacturer", "The software system does not name its manufacturer.")
	}
	used := map[RiskLevel]bool{}
	for i := range l.Items {
		it := &l.Items[i]
		if it.Removed {
			continue
		}
		used[it.RiskLevel] = true
		v.item(it, i)
	}
	for _, r := range []RiskLevel{RiskLow, RiskMedium, RiskHigh} {
		if used[r] && IsPlaceholder(l.RiskLevels.Definition(r)) {
			v.add("risk-levels-undefined", "", "riskLevels."+r.String(), fmt.Sprintf("Items use the risk level %q but the list does not define it.", r))
		}
	}
	v.suppress()
	slices.SortStableFunc(v.out, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(boolInt(a.Item != ""), boolInt(b.Item != "")),
			cmp.Compare(boolInt(v.labels[a.Item]), boolInt(v.labels[b.Item])),
			CompareIDs(a.Item, b.Item),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Clause, b.Clause),
			cmp.Compare(a.Field, b.Field),
		)
	})
	return v.out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

type validator struct {
	list   *List
	policy Policy
	class  SafetyClass
	out    Findings
	// labels holds the names that stand for items without an ID.
	labels map[string]bool
}

// add records a finding of rule if the rule applies in the class.
func (v *validator) add(rule, item, field, msg string) {
	r, _ := ruleByID(rule)
	sev := r.severity(v.class)
	if sev == 0 {
		return
	}
	v.out = append(v.out, Finding{Rule: rule, Severity: sev, Item: item, Field: field, Clause: r.Clause, Message: msg})
}

// applies reports whether rule yields findings in the class.
func (v *validator) applies(rule string) bool {
	r, _ := ruleByID(rule)
	return r.severity(v.class) != 0
}

func (v *validator) item(it *Item, i int) {
	ref := it.ID
	if ref == "" {
		ref = it.label(i)
		if v.labels == nil {
			v.labels = map[string]bool{}
		}
		v.labels[ref] = true
		v.add("id-missing", ref, "id", "The item has no ID; run soup sync or assign one.")
	}
	missing := func(rule, field, what string, val string) {
		if IsPlaceholder(val) {
			v.add(rule, ref, field, placeholderMsg(what, val))
		}
	}
	missing("name-missing", "name", "The item's name (title, 8.1.2)", it.Name)
	switch {
	case IsPlaceholder(it.Version):
		v.add("version-missing", ref, "version", placeholderMsg("The version (unique designator, 8.1.2)", it.Version))
	case IsVersionRange(it.Version):
		v.add("version-not-unique", ref, "version", fmt.Sprintf("The version %q is a range, not the designator of one release (8.1.2).", it.Version))
	}
	missing("manufacturer-missing", "manufacturer", "The manufacturer (8.1.2)", it.Manufacturer)
	if it.RiskLevel == 0 {
		v.add("risk-level-missing", ref, "riskLevel", "No risk level is assigned to the item.")
	}

	if v.applies("requirements-missing") {
		reqs := []struct {
			field, clause, what string
			vals                []string
		}{
			{"requirements.functional", "5.3.3", "functional requirements", it.Requirements.Functional},
			{"requirements.performance", "5.3.3", "performance requirements", it.Requirements.Performance},
			{"requirements.hardware", "5.3.4", "hardware requirements", it.Requirements.Hardware},
			{"requirements.software", "5.3.4", "software requirements", it.Requirements.Software},
		}
		for _, r := range reqs {
			if allPlaceholders(r.vals) {
				v.add("requirements-missing", ref, r.field, fmt.Sprintf("No %s are documented (%s).", r.what, r.clause))
				v.out[len(v.out)-1].Clause = r.clause
			}
		}
	}

	v.verification(it, ref)
	if it.RiskLevel != RiskLow {
		if allPlaceholders(it.FailureModes) {
			v.add("failure-modes-missing", ref, "failureModes", riskMsg(it, "No potential failure modes are listed"))
		}
		if allPlaceholders(it.RiskRefs) {
			v.add("risk-refs-missing", ref, "riskRefs", riskMsg(it, "No reference to the risk analysis is given"))
		}
	}
	v.anomalies(it, ref)
	v.support(it, ref)
	if v.policy.RequireLicense {
		v.license(it, ref)
	}
}

func placeholderMsg(what, val string) string {
	if strings.TrimSpace(val) == "" {
		return what + " is missing."
	}
	return fmt.Sprintf("%s is a placeholder (%q), not an answer.", what, val)
}

func riskMsg(it *Item, msg string) string {
	if it.RiskLevel == 0 {
		return msg + "; the item has no risk level, so it counts as above low risk."
	}
	return fmt.Sprintf("%s for an item of %s risk.", msg, it.RiskLevel)
}

func (v *validator) verification(it *Item, ref string) {
	ver := it.Verification
	if IsPlaceholder(ver.Architecture) {
		v.add("verification-missing", ref, "verification.architecture", placeholderMsg("The verification that the architecture supports the item (5.3.6c)", ver.Architecture))
		return
	}
	switch {
	case IsPlaceholder(ver.Version):
		v.add("verification-outdated", ref, "verification.version", "The verification does not say which version of the item was verified.")
	case ver.Version != it.Version:
		v.add("verification-outdated", ref, "verification.version", fmt.Sprintf("The verification was recorded for version %s, but version %s is in use: evaluate the change and verify again (6.1f, 7.4).", ver.Version, it.Version))
	}
}

func (v *validator) anomalies(it *Item, ref string) {
	rev := it.AnomalyReview
	if rev.Date.IsZero() && IsPlaceholder(rev.Conclusion) {
		v.add("anomaly-review-missing", ref, "anomalyReview", "The item's published anomaly list has not been evaluated (7.1.3).")
	} else {
		if IsPlaceholder(rev.Conclusion) {
			v.add("anomaly-review-missing", ref, "anomalyReview.conclusion", placeholderMsg("The conclusion of the anomaly list evaluation", rev.Conclusion))
		}
		if rev.Date.IsZero() {
			v.add("anomaly-review-missing", ref, "anomalyReview.date", "The anomaly list evaluation has no date.")
		}
		reviewed := cmp.Or(rev.Version, it.Verification.Version)
		switch {
		case IsPlaceholder(reviewed):
			v.add("anomaly-review-outdated", ref, "anomalyReview.version", "The anomaly list evaluation does not say which version it covers.")
		case reviewed != it.Version:
			v.add("anomaly-review-outdated", ref, "anomalyReview.version", fmt.Sprintf("The anomaly list was evaluated for version %s, but version %s is in use (7.1.3).", reviewed, it.Version))
		}
		p := v.policy
		if !rev.Date.IsZero() && !p.Now.IsZero() && p.MaxReviewAge > 0 && p.Now.Sub(rev.Date.Time()) > p.MaxReviewAge {
			days := int(p.Now.Sub(rev.Date.Time()).Hours() / 24)
			v.add("anomaly-review-stale", ref, "anomalyReview.date", fmt.Sprintf("The anomaly list was last evaluated on %s, %d days ago; the policy allows %d days.", rev.Date, days, int(p.MaxReviewAge.Hours()/24)))
		}
	}
	for _, a := range it.Anomalies {
		id := cmp.Or(a.ID, "(no ID)")
		switch {
		case a.NoLongerAffects != "":
			// Kept for the record; it does not affect the version in use.
		case a.Status == 0 && a.KnownExploited:
			v.add("anomaly-exploited-unevaluated", ref, "anomalies", fmt.Sprintf("Anomaly %s is known to be exploited and has not been evaluated.", id))
			v.classAClause("6.2.1")
		case a.Status == 0:
			v.add("anomaly-unevaluated", ref, "anomalies", fmt.Sprintf("Anomaly %s affects the version in use and has not been evaluated (no status).", id))
			v.classAClause("6.2.1")
		case (a.Status == StatusAffected || a.Status == StatusUnderInvestigation) && IsPlaceholder(a.Justification):
			v.add("anomaly-unjustified", ref, "anomalies", fmt.Sprintf("Anomaly %s is %s and has no justification.", id, a.Status))
		}
	}
	v.anomalyData(it, ref)
}

// classAClause cites clause instead of the rule's for the finding just
// added, in class A, where 7.1.3 does not apply but 6.2.1 does.
func (v *validator) classAClause(clause string) {
	if v.class == ClassA && len(v.out) > 0 {
		v.out[len(v.out)-1].Clause = clause
	}
}

// anomalyData reports an automated anomaly evaluation made against data
// older than the policy's monitoring interval (6.2.1).
func (v *validator) anomalyData(it *Item, ref string) {
	p := v.policy
	interval := cmp.Or(p.MonitoringInterval, p.MaxReviewAge)
	if p.Now.IsZero() || interval <= 0 {
		return
	}
	var oldest *Snapshot
	for i, s := range it.AnomalyReview.Snapshots {
		if !s.AsOf.IsZero() && (oldest == nil || s.AsOf.Before(oldest.AsOf)) {
			oldest = &it.AnomalyReview.Snapshots[i]
		}
	}
	if oldest == nil || p.Now.Sub(oldest.AsOf) <= interval {
		return
	}
	days := int(p.Now.Sub(oldest.AsOf).Hours() / 24)
	v.add("anomaly-data-stale", ref, "anomalyReview.snapshots", fmt.Sprintf("The anomaly data from %s is as of %s, %d days ago; the policy monitors every %d days: evaluate again.",
		oldest.Source, oldest.AsOf.Format("2006-01-02"), days, int(interval.Hours()/24)))
}

func (v *validator) support(it *Item, ref string) {
	s := it.Support
	justified := !IsPlaceholder(s.Justification)
	if v.policy.RequireSupport {
		unknownLevel := s.Level == 0 || s.Level == SupportNoAssertion
		if (unknownLevel || s.EndOfSupport.IsZero()) && !justified {
			what := "end of support"
			if unknownLevel {
				what = "level of support"
			}
			v.add("support-missing", ref, "support", fmt.Sprintf("The %s is unknown and no justification is written.", what))
		}
		return
	}
	if s.Level == SupportNoAssertion && !justified {
		v.add("support-unjustified", ref, "support.justification", "The support level is no-assertion and no justification is written.")
	}
}

func (v *validator) license(it *Item, ref string) {
	lic := strings.TrimSpace(it.License)
	if IsPlaceholder(lic) {
		v.add("license-missing", ref, "license", placeholderMsg("The licence", it.License))
		return
	}
	if ok, bad := spdxexp.ValidateLicenses([]string{lic}); !ok {
		v.add("license-invalid", ref, "license", fmt.Sprintf("The licence %q is not a valid SPDX expression (%s).", lic, strings.Join(bad, ", ")))
	}
}

// suppress applies the policy's suppressions to the findings and reports
// the suppressions that cannot be applied.
func (v *validator) suppress() {
	var extra Findings
	for _, s := range v.policy.Suppressions {
		r, known := ruleByID(s.Rule)
		if !known {
			extra = append(extra, v.finding("suppression-unknown-rule", s.Item, "suppressions", fmt.Sprintf("The suppression names rule %q, which does not exist.", s.Rule)))
			continue
		}
		if IsPlaceholder(s.Justification) {
			f := v.finding("suppression-unjustified", s.Item, "suppressions", fmt.Sprintf("The suppression of %s has no written justification, so it suppresses nothing.", s.Rule))
			f.Clause = r.Clause
			extra = append(extra, f)
			continue
		}
		for i := range v.out {
			f := &v.out[i]
			if f.Rule == s.Rule && (s.Item == "" || s.Item == f.Item) && !f.Suppressed {
				f.Suppressed, f.Justification = true, s.Justification
			}
		}
	}
	v.out = append(v.out, extra...)
}

func (v *validator) finding(rule, item, field, msg string) Finding {
	r, _ := ruleByID(rule)
	return Finding{Rule: rule, Severity: r.severity(v.class), Item: item, Field: field, Clause: r.Clause, Message: msg}
}
