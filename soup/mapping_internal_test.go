package soup

import (
	"reflect"
	"testing"
)

// TestMappingKeysBound checks that every mapping of the model is a struct
// of fewer fields than maxMappingKeys, the bound the parser applies to
// any mapping: no valid list can hit it.
func TestMappingKeysBound(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice || ty.Kind() == reflect.Array {
			ty = ty.Elem()
		}
		if seen[ty] {
			return
		}
		seen[ty] = true
		switch ty.Kind() {
		case reflect.Map:
			t.Errorf("%v: a map in the model: the key bound of the parser would limit it", ty)
		case reflect.Struct:
			if ty.NumField() >= maxMappingKeys {
				t.Errorf("%v has %d fields, the parser accepts at most %d keys", ty, ty.NumField(), maxMappingKeys)
			}
			for i := range ty.NumField() {
				if f := ty.Field(i); f.IsExported() {
					walk(f.Type)
				}
			}
		}
	}
	walk(reflect.TypeFor[List]())
}
