package form

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/internal/fieldtest"
)

// notInTable are the leaves of soup.Item and soup.List that the soupkit
// property table (itemFields, listFields in props.go) leaves out on
// purpose, with the reason. Every other leaf must be in the table: mapped
// natively by the formats (native: true, with a property where the native
// field loses it) or carried as a soupkit: property.
var notInTable = map[string]string{
	// Each item is a component (CycloneDX) or package (SPDX) of its own;
	// its fields are the Item leaves, checked against itemFields.
	"List.Items": "items are entries of their own",
}

// TestPropertyTableComplete walks every leaf field of soup.Item and
// soup.List by reflection and checks that the property table carries it:
// exactly one entry of the table, named after the field's path in the
// native encoding, reads the field when only it is set, and writes it
// back. A field added to the model without an entry fails here by name.
func TestPropertyTableComplete(t *testing.T) {
	checkTable(t, itemFields, "itemFields")
	checkTable(t, listFields, "listFields")
}

func checkTable[T any](t *testing.T, fields []field[T], table string) {
	typ := reflect.TypeFor[T]()
	used := map[string]bool{}
	for _, path := range fieldtest.Paths(typ) {
		if excludedLeaf(path) {
			continue
		}
		name := tableName(typ, path)
		var v T
		if err := fieldtest.Set(&v, path, nil); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fields {
			if len(f.get(&v)) > 0 {
				got = append(got, f.name)
			}
		}
		switch {
		case len(got) == 0:
			t.Errorf("soup.%s is carried by no SBOM format: add an entry %q to %s in sbom/internal/form/props.go "+
				"(native: true if sbom/cyclonedx and sbom/spdx map it to a field of their own), "+
				"or list it in notInTable in sbom/internal/form/complete_test.go with the reason", path, name, table)
			continue
		case len(got) > 1 || got[0] != name:
			t.Errorf("soup.%s is read by the %s entries %q, want the one entry %q", path, table, got, name)
			continue
		}
		used[name] = true
		f := fields[slices.IndexFunc(fields, func(f field[T]) bool { return f.name == name })]
		var back T
		if err := f.set(&back, f.get(&v)); err != nil {
			t.Errorf("%s entry %q cannot set soup.%s back: %v", table, name, path, err)
		} else if !reflect.DeepEqual(back, v) {
			t.Errorf("%s entry %q does not give soup.%s back:\n got %+v\nwant %+v", table, name, path, back, v)
		}
	}
	for _, f := range fields {
		if !used[f.name] {
			t.Errorf("%s entry %q maps no field of soup.%s", table, f.name, typ.Name())
		}
	}
}

// excludedLeaf reports whether notInTable names path or a field it is in.
func excludedLeaf(path string) bool {
	for p := range notInTable {
		if path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[]") {
			return true
		}
	}
	return false
}

// tableName is the name of the table entry for the leaf at path: the
// field's path in the native encoding (JSON names), up to a list of
// records, which is one entry ("Item.Hashes[].Value" → "hashes").
func tableName(t reflect.Type, path string) string {
	var names []string
	for _, part := range strings.Split(path, ".")[1:] {
		name, list := strings.CutSuffix(part, "[]")
		f, _ := t.FieldByName(name)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, tag)
		if list {
			break
		}
		t = f.Type
	}
	return strings.Join(names, ".")
}
