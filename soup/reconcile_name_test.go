package soup_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

// TestReconcileByNameAndVersion: items written by hand or imported from a
// spreadsheet have no package URL; the scan's items pair with them by
// name (any case) and, where the list has a name twice, by version.
func TestReconcileByNameAndVersion(t *testing.T) {
	curated := &soup.List{Items: []soup.Item{
		{ID: "1", Name: "Flask", Version: "1.1.2", RiskLevel: soup.RiskMedium},
		{ID: "2", Name: "lodash", Version: "3.10.1", Notes: "legacy admin UI"},
		{ID: "3", Name: "lodash", Version: "4.17.21", Notes: "web UI"},
		{ID: "4", Name: "gone", Version: "1.0"},
	}}
	scanned := &soup.List{Items: []soup.Item{
		{Name: "flask", Version: "2.0.3", PURL: "pkg:pypi/flask@2.0.3"},
		{Name: "lodash", Version: "4.17.21", PURL: "pkg:npm/lodash@4.17.21"},
		{Name: "new", Version: "1.0", PURL: "pkg:npm/new@1.0"},
	}}
	got, changes := soup.Reconcile(curated, scanned)
	type row struct{ ID, Name, Version, PURL, Notes string }
	var rows []row
	for _, it := range got.Items {
		rows = append(rows, row{it.ID, it.Name, it.Version, it.PURL, it.Notes})
	}
	want := []row{
		{"1", "flask", "2.0.3", "pkg:pypi/flask@2.0.3", ""},
		{"2", "lodash", "3.10.1", "", "legacy admin UI"},
		{"3", "lodash", "4.17.21", "pkg:npm/lodash@4.17.21", "web UI"},
		{"4", "gone", "1.0", "", ""},
		{"SOUP-0001", "new", "1.0", "pkg:npm/new@1.0", ""},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if got.Items[0].RiskLevel != soup.RiskMedium || !got.Items[1].Removed || got.Items[2].Removed || !got.Items[3].Removed {
		t.Errorf("documentation or removed marks not kept: %+v", got.Items)
	}
	var kinds []string
	for _, c := range changes {
		kinds = append(kinds, c.Kind.String()+" "+c.ID)
	}
	if diff := cmp.Diff([]string{"added SOUP-0001", "removed 4", "removed 2", "upgraded 1"}, kinds); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}
