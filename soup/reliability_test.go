package soup_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

// TestNextID checks that an ID is never issued twice and never overflows
// (issue 12; issue 11, item 5).
func TestNextID(t *testing.T) {
	tests := []struct {
		name string
		l    soup.List
		want string
	}{
		{"empty", soup.List{}, "SOUP-0001"},
		{"after the highest", soup.List{Items: []soup.Item{{ID: "SOUP-0003"}, {ID: "SOUP-0010", Removed: true}}}, "SOUP-0011"},
		{"after the high-water mark", soup.List{LastIssuedID: "SOUP-0042", Items: []soup.Item{{ID: "SOUP-0003"}}}, "SOUP-0043"},
		{"mark below the items", soup.List{LastIssuedID: "SOUP-0002", Items: []soup.Item{{ID: "SOUP-0007"}}}, "SOUP-0008"},
		{"largest int64", soup.List{Items: []soup.Item{{ID: "SOUP-9223372036854775807"}, {ID: "SOUP-0004"}}}, "SOUP-9223372036854775808"},
		{"beyond int64", soup.List{Items: []soup.Item{{ID: "SOUP-99999999999999999999999"}}}, "SOUP-100000000000000000000000"},
		{"mark beyond int64", soup.List{LastIssuedID: "SOUP-18446744073709551616"}, "SOUP-18446744073709551617"},
		{"leading zeros", soup.List{Items: []soup.Item{{ID: "SOUP-000000000000000000000000099"}, {ID: "SOUP-0100"}}}, "SOUP-0101"},
		{"carry", soup.List{Items: []soup.Item{{ID: "SOUP-9999"}}}, "SOUP-10000"},
		{"not IDs", soup.List{Items: []soup.Item{{ID: "SOUP--5"}, {ID: "SOUP-+7"}, {ID: "SOUP-"}, {ID: "RISK-9"}, {ID: "SOUP-12a"}}}, "SOUP-0001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.NextID(); got != tt.want {
				t.Errorf("NextID = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestReconcileNeverReusesIDs deletes by hand an item that sync marked
// removed: the next new item does not get its ID, which a risk file may
// still cite.
func TestReconcileNeverReusesIDs(t *testing.T) {
	curated := &soup.List{Items: []soup.Item{
		{ID: "SOUP-0001", Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2"},
		{ID: "SOUP-0002", Name: "chardet", Version: "3.0.4", PURL: "pkg:pypi/chardet@3.0.4"},
	}}
	scanV2 := &soup.List{Items: []soup.Item{{Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2"}}}
	l, _ := soup.Reconcile(curated, scanV2)
	if l.LastIssuedID != "SOUP-0002" {
		t.Fatalf("after a removal, LastIssuedID = %q, want SOUP-0002", l.LastIssuedID)
	}
	// A person deletes the removed item.
	l.Items = l.Items[:1]
	scanV3 := &soup.List{Items: []soup.Item{
		{Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2"},
		{Name: "charset-normalizer", Version: "2.1.1", PURL: "pkg:pypi/charset-normalizer@2.1.1"},
	}}
	l, changes := soup.Reconcile(l, scanV3)
	if got := changes.Of(soup.Added); len(got) != 1 || got[0].ID != "SOUP-0003" {
		t.Errorf("added %+v, want charset-normalizer as SOUP-0003", got)
	}
	if l.LastIssuedID != "SOUP-0003" {
		t.Errorf("LastIssuedID = %q, want SOUP-0003", l.LastIssuedID)
	}
}

// TestReconcileReturningPackage: a package that disappears and comes back
// at another version gets its record back (same ID, its documentation),
// and validation flags its verification as done for the old version.
func TestReconcileReturningPackage(t *testing.T) {
	curated := &soup.List{Items: []soup.Item{{
		ID: "SOUP-0007", Name: "requests", Version: "2.23.0", PURL: "pkg:pypi/requests@2.23.0",
		RiskLevel:    soup.RiskLow,
		Requirements: soup.Requirements{Functional: []string{"HTTP client"}, Performance: []string{"-"}, Hardware: []string{"x"}, Software: []string{"y"}},
		Verification: soup.Verification{Architecture: "Wrapped by our client.", Version: "2.23.0"},
	}}}
	gone, _ := soup.Reconcile(curated, &soup.List{})
	if !gone.Items[0].Removed {
		t.Fatal("not marked removed")
	}
	back, changes := soup.Reconcile(gone, &soup.List{Items: []soup.Item{{Name: "requests", Version: "2.28.1", PURL: "pkg:pypi/requests@2.28.1"}}})
	if len(back.Items) != 1 {
		t.Fatalf("%d items, want the one record back:\n%+v", len(back.Items), back.Items)
	}
	it := back.Items[0]
	if it.ID != "SOUP-0007" || it.Removed || it.Version != "2.28.1" || it.Verification.Architecture == "" || len(it.Requirements.Functional) == 0 {
		t.Errorf("record not restored: %+v", it)
	}
	want := soup.Changes{{Kind: soup.Added, ID: "SOUP-0007", Name: "requests", Key: it.Key(), From: "2.23.0", To: "2.28.1"}}
	if diff := cmp.Diff(want, changes, cmp.FilterPath(func(p cmp.Path) bool {
		n := p.Last().String()
		return n == ".Old" || n == ".New"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	var flagged bool
	for _, f := range back.Validate(soup.Policy{Class: soup.ClassB}) {
		flagged = flagged || f.Item == "SOUP-0007" && f.Rule == "verification-outdated"
	}
	if !flagged {
		t.Error("the returned item is not flagged for re-verification")
	}
}

// TestAssignIDsBeyondInt64 gives IDs after one beyond what an int holds.
func TestAssignIDsBeyondInt64(t *testing.T) {
	l := &soup.List{Items: []soup.Item{{ID: "SOUP-9223372036854775806"}, {}, {}, {ID: "X"}, {}}}
	if n := l.AssignIDs(); n != 3 {
		t.Errorf("AssignIDs = %d, want 3", n)
	}
	var got []string
	for _, it := range l.Items {
		got = append(got, it.ID)
	}
	want := []string{"SOUP-9223372036854775806", "SOUP-9223372036854775807", "SOUP-9223372036854775808", "X", "SOUP-9223372036854775809"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
}
