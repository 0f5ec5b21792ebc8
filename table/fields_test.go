package table

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/internal/fieldtest"
	"github.com/soupkit/soupkit/soup"
)

// notImportable are the leaves of soup.Item that a column of a SOUP list
// does not fill, each with the reason (a key ending in "." covers every
// leaf under it); their cells would go to the notes.
var notImportable = map[string]string{
	"hashes[].":                 "checksums come from the SBOM",
	"requiredBy":                "the dependency graph comes from the SBOM",
	"anomalies[].":              "one anomaly per cell cannot be told apart; anomalies come from the SBOM (VEX), soup anomalies or soup.yaml",
	"anomalyReview.snapshots[]": "written by the tool that evaluated published anomaly data",
	"support.source":            "set when the support data is taken from published lifecycle data, not by hand",
	"support.date":              "as support.source",
	"removed":                   "set by sync, never by hand",
	"manufacturerSource":        "set when soup infers a manufacturer; a person confirms it by removing the mark",
	"changeAnalysis.":           "the analysis of a version change is recorded after the change (sync sets from), not kept in SOUP list tables",
}

// excluded reports whether path is not importable, and why.
func excluded(path string) (string, bool) {
	for k, why := range notImportable {
		if path == k || strings.HasSuffix(k, ".") && strings.HasPrefix(path, k) || strings.HasPrefix(path, k+".") {
			return why, true
		}
	}
	return "", false
}

// TestEveryItemFieldImportable checks that every leaf of soup.Item is a
// field a column can fill, or excluded above with a reason: a field added
// to the model fails here until import knows it.
func TestEveryItemFieldImportable(t *testing.T) {
	fields := Fields()
	for _, leaf := range fieldtest.Leaves(reflect.TypeOf(soup.Item{})) {
		path := yamlPath(t, reflect.TypeOf(soup.Item{}), strings.TrimPrefix(leaf.Path, "Item."))
		_, out := excluded(path)
		if slices.Contains(fields, path) == out {
			t.Errorf("%s (%s): in Fields() %v, excluded %v: want one of them", leaf.Path, path, !out, out)
		}
		if !out {
			var it soup.Item
			if err := set(&it, path, "x"); err != nil && !strings.Contains(err.Error(), "is not") {
				t.Errorf("%s: set: %v", path, err)
			}
		}
	}
}

// yamlPath turns a Go field path (Verification.Date, Anomalies[].Status)
// into the native encoding's names (verification.date, anomalies[].status).
func yamlPath(t *testing.T, rt reflect.Type, path string) string {
	t.Helper()
	var out []string
	for _, part := range strings.Split(path, ".") {
		name, slice := strings.CutSuffix(part, "[]")
		f, ok := rt.FieldByName(name)
		if !ok {
			t.Fatalf("no field %s in %s", name, rt)
		}
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if slice {
			tag += "[]"
		}
		out = append(out, tag)
		rt = f.Type
		for rt.Kind() == reflect.Slice || rt.Kind() == reflect.Pointer {
			rt = rt.Elem()
		}
	}
	return strings.Join(out, ".")
}
