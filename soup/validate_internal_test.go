package soup

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// isPlaceholderRef is IsPlaceholder as first written, lowering the whole
// text: the reference of the faster one.
func isPlaceholderRef(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimRight(t, ".!:")
	if t == "" && strings.TrimSpace(s) != "" {
		return true
	}
	return slices.Contains(placeholders, t)
}

func FuzzIsPlaceholder(f *testing.F) {
	for _, s := range append(slices.Clone(placeholders), " TBD. ", "N/A!", "\u212aunknown", "NOASSERTION:", "x", "...", " …", "Todo", "\xff", "tbd\u0130") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsPlaceholder(s), isPlaceholderRef(s); got != want {
			t.Fatalf("IsPlaceholder(%q) = %v, want %v", s, got, want)
		}
	})
}

// sortFindingsRef is the order Validate documents, by a stable sort with
// the whole comparison at each step: the reference of sortFindings.
func sortFindingsRef(fs Findings, labels map[string]bool) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(boolInt(a.Item != ""), boolInt(b.Item != "")),
			cmp.Compare(boolInt(labels[a.Item]), boolInt(labels[b.Item])),
			CompareIDs(a.Item, b.Item),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Clause, b.Clause),
			cmp.Compare(a.Field, b.Field),
		)
	})
}

// validateRef is Validate as first written: every finding made in one
// slice, the list's, then the items' in list order, then the list's last
// ones, the suppressions applied to all of them and their own findings
// appended, then one stable sort. It is the reference of the walk that
// makes and sorts the findings item reference by item reference.
func validateRef(l *List, p Policy) Findings {
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
	v.subjects()
	used := map[RiskLevel]bool{}
	excluded := v.exclusions()
	byRef := map[string]*Item{}
	checked := 0
	for i := range l.Items {
		it := &l.Items[i]
		if it.Removed || excluded[i] {
			continue
		}
		used[it.RiskLevel] = true
		ref := it.ID
		if ref == "" {
			ref = it.label(i)
			if v.labels == nil {
				v.labels = map[string]bool{}
			}
			v.labels[ref] = true
		}
		v.item(it, ref)
		byRef[ref] = it
		checked++
	}
	if checked == 0 {
		v.add("no-items", "", "items", "no SOUP items: is this the device's SBOM? (an SBOM of hardware, services, data or cryptographic assets alone has no software items)")
	}
	for _, r := range []RiskLevel{RiskLow, RiskMedium, RiskHigh} {
		if used[r] && IsPlaceholder(l.RiskLevels.Definition(r)) {
			v.add("risk-levels-undefined", "", "riskLevels."+r.String(), fmt.Sprintf("Items use the risk level %q but the list does not define it.", r))
		}
	}
	var extra Findings
	for i, s := range p.Suppressions {
		field := fmt.Sprintf("suppressions[%d]", i)
		r, known := ruleByID(s.Rule)
		if !known {
			extra = append(extra, v.finding("suppression-unknown-rule", s.Item, field, fmt.Sprintf("The suppression names rule %q, which does not exist.", s.Rule)))
			continue
		}
		var lacks []string
		if IsPlaceholder(s.Justification) {
			lacks = append(lacks, "a written justification")
		}
		if IsPlaceholder(s.ApprovedBy) {
			lacks = append(lacks, "who approved it")
		}
		if s.Approved.IsZero() {
			lacks = append(lacks, "when it was approved")
		}
		if len(lacks) > 0 {
			extra = append(extra, v.finding("suppression-unjustified", s.Item, field, fmt.Sprintf("The suppression of %s lacks %s, so it suppresses nothing.", s.Rule, strings.Join(lacks, ", "))))
			continue
		}
		if !s.Expires.IsZero() && !p.Now.IsZero() && !p.Now.Before(s.Expires.Time().AddDate(0, 0, 1)) {
			extra = append(extra, v.finding("suppression-expired", s.Item, field, fmt.Sprintf("The suppression of %s expired on %s, so it suppresses nothing.", s.Rule, s.Expires)))
			continue
		}
		if s.Item == "" && r.Required(v.class) {
			extra = append(extra, v.finding("suppression-too-broad", "", field, fmt.Sprintf("Rule %s is required by %s in class %s; suppress it item by item, not for the whole list.", s.Rule, r.Reference(v.class), v.class)))
			continue
		}
		matched := false
		for i := range v.out {
			f := &v.out[i]
			if f.Rule == s.Rule && (s.Item == "" || s.Item == f.Item) && !f.Suppressed {
				f.Suppressed, f.Justification = true, suppressionNote(s)
				matched = true
			}
		}
		if !matched {
			extra = append(extra, v.finding("suppression-unused", s.Item, field, fmt.Sprintf("The suppression of %s matches no finding; remove it.", s.Rule)))
		}
	}
	v.out = append(v.out, extra...)
	for i := range v.out {
		f := &v.out[i]
		if it := byRef[f.Item]; it != nil {
			f.Name, f.Version, f.PURL = it.Name, it.Version, it.PURL
		}
	}
	sortFindingsRef(v.out, v.labels)
	return v.out
}

// FuzzValidateOrder: Validate and ValidateSeq give the findings of
// validateRef, in its order, whatever the items (duplicate IDs, items
// without an ID or a name, removed or excluded ones) and the
// suppressions (of an item, of the whole list, unknown, unjustified,
// unused, repeated).
func FuzzValidateOrder(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25})
	f.Add([]byte("SOUP-0001SOUP-1SOUP-01aa\x00\x00\xff\x80\x81\x82\x83"))
	f.Add([]byte{2, 0, 0, 3, 1, 0, 7, 0, 0, 0, 0, 0, 1, 1, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5})
	// Class A; suppressions of an item, of the whole list (twice), of an
	// item without findings of the rule, of an unknown rule.
	f.Add([]byte{0x01, 1, 0x40, 1, 0x00, 0, 0x41, 0x20, 0x01, 0xc0, 0x01, 0xc3, 0x40, 0xc3, 0x40, 0xc1, 0x00, 0xc5, 0x02, 0xc0, 0x41})
	ids := []string{"", "SOUP-0001", "SOUP-1", "SOUP-01", "SOUP-0002", "SOUP-10", "a", "SOUP-", "x9", "x09", "\"flask\""}
	names := []string{"", "flask", "Flask", "requests", "TBD", "#3"}
	rules := []string{"requirements-missing", "id-missing", "risk-level-missing", "support-unjustified", "name-missing", "nope", "risk-levels-undefined", "class-unset"}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := &List{}
		var p Policy
		if len(data) > 0 {
			p.Class = SafetyClass(data[0] % 4)
			l.System.SafetyClass = SafetyClass(data[0] / 4 % 4)
			data = data[1:]
		}
		for len(data) >= 2 && data[0]&0xc0 != 0xc0 && len(l.Items) < 60 {
			a, b := data[0], data[1]
			data = data[2:]
			it := Item{ID: ids[int(a)%len(ids)], Name: names[int(b)%len(names)], Version: "1.0", Manufacturer: "M"}
			it.Removed = b&0x80 != 0
			it.RiskLevel = RiskLevel(b >> 3 % 4)
			if b&0x40 != 0 {
				it.Support.Level = SupportNoAssertion
				it.PURL = "pkg:npm/" + it.Name
			}
			if a&0x20 != 0 {
				it.Requirements.Functional = []string{"Do it"}
				it.Version = "^1"
			}
			l.Items = append(l.Items, it)
		}
		if len(data) > 0 && data[0]&0x20 != 0 {
			l.Exclusions = append(l.Exclusions, Exclusion{PURL: "pkg:npm/flask", Justification: "ours"})
		}
		for len(data) >= 2 && len(p.Suppressions) < 8 {
			a, b := data[0], data[1]
			data = data[2:]
			s := Suppression{Rule: rules[int(a)%len(rules)], Item: ids[int(b)%len(ids)], Justification: "ok", ApprovedBy: "J"}
			if b&0x80 == 0 {
				s.Approved = NewDate(2026, 1, 2)
			}
			if b&0x40 != 0 {
				s.Item = ""
			}
			p.Suppressions = append(p.Suppressions, s)
		}
		want := validateRef(l, p)
		if diff := gocmp.Diff(want, l.Validate(p), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("Validate (-reference +walk):\n%s", diff)
		}
		var seq Findings
		for f := range l.ValidateSeq(p) {
			seq = append(seq, f)
		}
		if diff := gocmp.Diff(want, seq, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ValidateSeq (-reference +walk):\n%s", diff)
		}
	})
}
