package sbom_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// TestRoundTripEveryField sets every leaf field of a list and of its item
// to a non-zero value, encodes the list in every format Encode writes and
// decodes it: the list must come back whole. A field added to soup.Item or
// soup.List that some format drops fails here, naming the format and the
// field (TestPropertyTableComplete in sbom/internal/form says where to wire
// it).
func TestRoundTripEveryField(t *testing.T) {
	var it soup.Item
	populate(t, &it)
	want := &soup.List{Items: []soup.Item{it}}
	populate(t, want)
	if l, err := soup.Parse(yamlOf(t, want)); err != nil {
		t.Fatalf("the populated list is not a valid list: %v", err)
	} else if diff := cmp.Diff(want, l, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Fatalf("the populated list does not survive the native encoding (-want +got):\n%s", diff)
	}
	for _, f := range sbom.Formats() {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := sbom.Encode(&buf, want, f, nil); err != nil {
				t.Fatal(err)
			}
			got, _, err := sbom.Decode(&buf)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(soup.Date{})); diff != "" {
				t.Errorf("fields lost (-want +got):\n%s", diff)
			}
		})
	}
}

func yamlOf(t *testing.T, l *soup.List) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := l.WriteYAML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// validValues are values for the leaves whose text must follow a syntax.
var validValues = map[string]any{
	"Item.PURL": "pkg:npm/x-name@1.0.0",
}

// populate sets every leaf field of the struct ptr points to (but the
// items of a list, which are set apart) to a valid non-zero value: a
// string its path, an enum its first value, a date, a slice one element.
// It follows internal/fieldtest's walk and is to be replaced by it.
func populate(t *testing.T, ptr any) {
	t.Helper()
	root := reflect.ValueOf(ptr).Elem()
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		if w, ok := validValues[path]; ok {
			v.Set(reflect.ValueOf(w))
			return
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
		case v.Kind() == reflect.Slice && path != "List.Items":
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			walk(v.Index(0), path+"[]")
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() {
					walk(v.Field(i), path+"."+f.Name)
				}
			}
		case v.Kind() != reflect.Slice:
			t.Fatalf("populate: no value for %s of type %v", path, v.Type())
		}
	}
	walk(root, strings.TrimPrefix(root.Type().String(), "soup."))
}
