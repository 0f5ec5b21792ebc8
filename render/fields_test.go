package render_test

// The completeness test of the render field table: every leaf field of
// soup.Item (found by reflection) must show in some column of the SOUP
// table, or be listed in notShown with the reason. A field added to
// soup.Item without a column fails here by name.

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/internal/fieldtest"
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

// notShown are the leaves of soup.Item that no column shows, each with the
// reason.
var notShown = map[string]string{
	// Removed decides which table the item is listed in (View.Removed,
	// or the Removed column of the CSV renderer), not the text of a cell.
	"Item.Removed": "the section the item is listed in",
	// The severity an anomaly's source assigns is the source's; the
	// table shows the item's own evaluation (status and justification).
	"Item.Anomalies[].Severity": "the source's severity, not the evaluation",
	// ManufacturerSource qualifies the manufacturer: it is shown beside
	// it ("inferred from …; to be confirmed"), so not on its own.
	"Item.ManufacturerSource": "shown beside the manufacturer it qualifies",
	// The source's publication dates of a record are the source's; the
	// review's snapshot says how current the data was.
	"Item.Anomalies[].Published": "the source's record dates, not the evaluation",
	"Item.Anomalies[].Modified":  "the source's record dates, not the evaluation",
}

// itemCells returns the cells of every item row of l's view with every
// column.
func itemCells(t *testing.T, l *soup.List) []string {
	t.Helper()
	cols := make([]render.Column, 0, len(render.Fields()))
	for _, f := range render.Fields() {
		cols = append(cols, render.Column{Field: f})
	}
	v, err := render.NewView(l, &render.Options{Columns: cols})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tab := range []*render.Table{v.Items, v.Removed} {
		if tab == nil {
			continue
		}
		for _, r := range tab.Rows {
			for _, c := range r.Cells {
				out = append(out, c.String())
			}
		}
	}
	return out
}

func TestEveryItemFieldHasAColumn(t *testing.T) {
	blank := itemCells(t, &soup.List{Items: []soup.Item{{}}})
	leaves := map[string]bool{}
	for _, path := range fieldtest.Paths(reflect.TypeFor[soup.Item]()) {
		leaves[path] = true
		var it soup.Item
		if err := fieldtest.Set(&it, path, nil); err != nil {
			t.Fatal(err)
		}
		shown := !cmp.Equal(blank, itemCells(t, &soup.List{Items: []soup.Item{it}}))
		_, excluded := notShown[path]
		switch {
		case !shown && !excluded:
			t.Errorf("soup.%s is not shown by any render field (render/columns.go): add a Field for it to the fields table there, or list it in notShown (render/fields_test.go) with the reason", path)
		case shown && excluded:
			t.Errorf("soup.%s is shown by a render field but listed in notShown (render/fields_test.go): remove it there", path)
		}
	}
	for path := range notShown {
		if !leaves[path] {
			t.Errorf("notShown (render/fields_test.go) lists soup.%s, which is not a field of soup.Item: remove it there", path)
		}
	}
}
