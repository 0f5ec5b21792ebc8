package form

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/soup"
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
	for _, path := range leafPaths(typ) {
		if excludedLeaf(path) {
			continue
		}
		name := tableName(typ, path)
		var v T
		setLeaf(reflect.ValueOf(&v).Elem(), path)
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

// The walk below follows internal/fieldtest's naming ("Item.Anomalies[].ID":
// structs and slices of structs are entered; enums, dates and lists of
// strings are leaves); it is to be replaced by that package.

var textUnmarshaler = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()

// leafPaths returns the paths of the leaves of the struct type t.
func leafPaths(t reflect.Type) []string {
	var out []string
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			p, ft := path+"."+f.Name, f.Type
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct && !isText(ft.Elem()) {
				p, ft = p+"[]", ft.Elem()
			}
			if ft.Kind() == reflect.Struct && !isText(ft) {
				walk(ft, p)
				continue
			}
			out = append(out, p)
		}
	}
	walk(t, t.Name())
	return out
}

func isText(t reflect.Type) bool { return reflect.PointerTo(t).Implements(textUnmarshaler) }

// setLeaf sets the leaf at path of v, a struct, to a valid non-zero value,
// giving each slice on the way one element.
func setLeaf(v reflect.Value, path string) {
	for _, part := range strings.Split(path, ".")[1:] {
		name, list := strings.CutSuffix(part, "[]")
		v = v.FieldByName(name)
		if list {
			if v.Len() == 0 {
				v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			}
			v = v.Index(0)
		}
	}
	switch {
	case v.Type() == reflect.TypeFor[soup.Date]():
		v.Set(reflect.ValueOf(soup.NewDate(2026, 10, 2)))
	case v.Kind() == reflect.String:
		v.SetString("x " + path)
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.CanInt():
		v.SetInt(1) // the first value of an enum
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		v.Set(reflect.ValueOf([]string{"x " + path}).Convert(v.Type()))
	default:
		panic("setLeaf: no value for " + path + " of type " + v.Type().String())
	}
}
