// Package fieldtest walks the fields of a struct type by reflection, so that
// a test can check that every field of a model (soup.Item, soup.List) is
// handled by each place that must know it: clone, fill, the SBOM property
// table, the render field table. A field added to the model without wiring
// then fails those tests by name.
//
// A leaf is a field that the walk does not enter: a string, number or bool;
// a type with its own text form (it implements encoding.TextUnmarshaler,
// such as an enum or a date) or time.Time; a slice of leaves ([]string);
// a map. Structs, pointers to structs and slices of structs are entered.
// A leaf is named by its path from the root type: "Item.Requirements.Functional",
// "Item.Anomalies[].Status", "List.Document.Approvers[].Name"; "[]" stands for
// the first element of a slice.
package fieldtest

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
)

// Leaf is one leaf field of a struct type.
type Leaf struct {
	// Path names the leaf from the root type, such as "Item.Anomalies[].Status".
	Path string
	// Type is the leaf's type.
	Type reflect.Type
}

// Leaves returns every leaf of the struct type t (or of the struct a
// pointer type t points to), in field order, depth first. Unexported fields
// are left out.
func Leaves(t reflect.Type) []Leaf {
	t = deref(t)
	var out []Leaf
	walk(t, t.Name(), map[reflect.Type]bool{t: true}, &out)
	return out
}

// Paths returns the paths of the leaves of t.
func Paths(t reflect.Type) []string {
	var out []string
	for _, l := range Leaves(t) {
		out = append(out, l.Path)
	}
	return out
}

func walk(t reflect.Type, path string, onStack map[reflect.Type]bool, out *[]Leaf) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		p := path + "." + f.Name
		ft := f.Type
		if ft.Kind() == reflect.Slice && !isLeaf(ft) {
			p += "[]"
			ft = ft.Elem()
		}
		ft = deref(ft)
		if isLeaf(ft) || onStack[ft] {
			*out = append(*out, Leaf{Path: p, Type: f.Type})
			continue
		}
		onStack[ft] = true
		walk(ft, p, onStack, out)
		delete(onStack, ft)
	}
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
)

// isLeaf reports whether the walk stops at a field of type t.
func isLeaf(t reflect.Type) bool {
	if t == timeType || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return true
	}
	switch t.Kind() {
	case reflect.Struct:
		return false
	case reflect.Pointer:
		return isLeaf(t.Elem())
	case reflect.Slice, reflect.Array:
		e := deref(t.Elem())
		return isLeaf(e)
	}
	return true
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// Options tunes the values [Populate] and [Set] write. A nil *Options
// means defaults.
type Options struct {
	// Seed picks one of the distinct values each leaf can hold: the same
	// seed gives the same value, another seed another one where the type
	// has more than one non-zero value (a bool has only true). Zero
	// means 1.
	Seed int
	// Value, if not nil, gives the value of the leaf at path for seed,
	// for leaves whose text must follow a syntax (a package URL, a
	// licence expression); ok false keeps the default. The value must be
	// assignable to the leaf's type.
	Value func(path string, seed int) (v any, ok bool)
}

func (o *Options) seed() int {
	if o == nil || o.Seed == 0 {
		return 1
	}
	return o.Seed
}

// Populate sets every leaf of the struct ptr points to, so that each holds
// a non-zero valid value distinct from the others': a string holds its path
// and the seed ("Item.Name#1"), an enum one of its named values, a date a
// valid date, a slice one element. Slices already holding elements have
// their first element's leaves set.
func Populate(ptr any, opts *Options) error {
	v, err := root(ptr)
	if err != nil {
		return err
	}
	for _, l := range Leaves(v.Type()) {
		if err := set(v, l.Path, opts); err != nil {
			return err
		}
	}
	return nil
}

// Set sets the leaf at path of the struct ptr points to, as [Populate]
// would, and nothing else: an empty slice on the way gets one zero
// element, a nil pointer a zero value.
func Set(ptr any, path string, opts *Options) error {
	v, err := root(ptr)
	if err != nil {
		return err
	}
	return set(v, path, opts)
}

func set(v reflect.Value, path string, opts *Options) error {
	leaf, err := find(v, path, true)
	if err != nil {
		return err
	}
	x, err := newValue(leaf.Type(), path, opts)
	if err != nil {
		return err
	}
	leaf.Set(x)
	return nil
}

// Mutate gives the leaf at path of the struct ptr points to another value,
// as [Set] with opts would, but in place: the first element of a slice,
// an existing entry of a map, the value a pointer points to, so that a
// copy that shares memory with the original shows it. The leaf must exist
// (the slices on the way hold an element); an empty leaf is set.
func Mutate(ptr any, path string, opts *Options) error {
	v, err := root(ptr)
	if err != nil {
		return err
	}
	leaf, err := find(v, path, false)
	if err != nil {
		return err
	}
	x, err := newValue(leaf.Type(), path, opts)
	if err != nil {
		return err
	}
	switch {
	case leaf.Kind() == reflect.Slice && leaf.Len() > 0:
		leaf.Index(0).Set(x.Index(0))
	case leaf.Kind() == reflect.Map && leaf.Len() > 0:
		it := x.MapRange()
		it.Next()
		leaf.SetMapIndex(leaf.MapKeys()[0], it.Value())
	case leaf.Kind() == reflect.Pointer && !leaf.IsNil():
		leaf.Elem().Set(x.Elem())
	default:
		leaf.Set(x)
	}
	return nil
}

// newValue returns the value of the leaf of type t at path for opts.
func newValue(t reflect.Type, path string, opts *Options) (reflect.Value, error) {
	seed := opts.seed()
	if opts != nil && opts.Value != nil {
		if x, ok := opts.Value(path, seed); ok {
			xv := reflect.ValueOf(x)
			if !xv.IsValid() || !xv.Type().AssignableTo(t) {
				return reflect.Value{}, fmt.Errorf("fieldtest: %s: value %v is not assignable to %s", path, x, t)
			}
			return xv, nil
		}
	}
	x, err := value(t, path, seed)
	if err != nil {
		return reflect.Value{}, fmt.Errorf("fieldtest: %s: %w", path, err)
	}
	return x, nil
}

// Get returns the leaf at path of the struct ptr points to (of the first
// element of each slice on the way), or an error when a slice on the way
// is empty or a pointer nil.
func Get(ptr any, path string) (reflect.Value, error) {
	v, err := root(ptr)
	if err != nil {
		return reflect.Value{}, err
	}
	return find(v, path, false)
}

func root(ptr any) (reflect.Value, error) {
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, fmt.Errorf("fieldtest: want a non-nil pointer to a struct, have %T", ptr)
	}
	return v.Elem(), nil
}

// find follows path from v, creating the elements and values on the way
// when create is set.
func find(v reflect.Value, path string, create bool) (reflect.Value, error) {
	segs := strings.Split(path, ".")
	if segs[0] != v.Type().Name() {
		return reflect.Value{}, fmt.Errorf("fieldtest: path %s does not start at %s", path, v.Type().Name())
	}
	for i, seg := range segs[1:] {
		name, elem := strings.CutSuffix(seg, "[]")
		v = v.FieldByName(name)
		if !v.IsValid() {
			return reflect.Value{}, fmt.Errorf("fieldtest: path %s: no field %s", path, name)
		}
		if elem {
			if v.Kind() != reflect.Slice {
				return reflect.Value{}, fmt.Errorf("fieldtest: path %s: %s is not a slice", path, name)
			}
			if v.Len() == 0 {
				if !create {
					return reflect.Value{}, fmt.Errorf("fieldtest: path %s: %s is empty", path, name)
				}
				v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			}
			v = v.Index(0)
		}
		if i == len(segs)-2 {
			break // the leaf itself, pointer or not
		}
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !create {
					return reflect.Value{}, fmt.Errorf("fieldtest: path %s: %s is nil", path, name)
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, fmt.Errorf("fieldtest: path %s: %s is not a struct", path, name)
		}
	}
	return v, nil
}

// value returns the non-zero value of type t for the leaf at path and seed.
func value(t reflect.Type, path string, seed int) (reflect.Value, error) {
	text := fmt.Sprintf("%s#%d", path, seed)
	switch {
	case t == timeType:
		return reflect.ValueOf(date(seed)), nil
	case t.Kind() == reflect.Pointer:
		e, err := value(t.Elem(), path, seed)
		if err != nil {
			return reflect.Value{}, err
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(e)
		return p, nil
	case reflect.PointerTo(t).Implements(textUnmarshaler):
		return textValue(t, text, seed)
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		v.SetString(text)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(seed))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(uint64(seed))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(seed) + 0.5)
	case reflect.Slice:
		e, err := value(t.Elem(), path, seed)
		if err != nil {
			return reflect.Value{}, err
		}
		v = reflect.Append(v, e)
	case reflect.Array:
		if t.Len() == 0 {
			return reflect.Value{}, fmt.Errorf("%s has no non-zero value", t)
		}
		e, err := value(t.Elem(), path, seed)
		if err != nil {
			return reflect.Value{}, err
		}
		v.Index(0).Set(e)
	case reflect.Map:
		k, err := value(t.Key(), path+"{key}", seed)
		if err != nil {
			return reflect.Value{}, err
		}
		e, err := value(t.Elem(), path+"{value}", seed)
		if err != nil {
			return reflect.Value{}, err
		}
		v = reflect.MakeMap(t)
		v.SetMapIndex(k, e)
	default:
		return reflect.Value{}, fmt.Errorf("no value for a %s", t.Kind())
	}
	return v, nil
}

// date returns a valid date, another for each seed.
func date(seed int) time.Time {
	return time.Date(2026, time.Month(1+(seed-1)/28%12), 1+(seed-1)%28, 0, 0, 0, 0, time.UTC)
}

// textValue returns a non-zero value of t, a type with a text form: for an
// integer enum the seed-th of its named values (those whose text reads
// back as themselves), else the first of a date and text that t reads as
// a non-zero value.
func textValue(t reflect.Type, text string, seed int) (reflect.Value, error) {
	if k := t.Kind(); k >= reflect.Int && k <= reflect.Uint64 && reflect.PointerTo(t).Implements(textMarshaler) {
		named := namedValues(t)
		if len(named) == 0 {
			return reflect.Value{}, fmt.Errorf("enum %s has no named value", t)
		}
		return named[(seed-1)%len(named)], nil
	}
	for _, s := range []string{date(seed).Format(time.DateOnly), text} {
		v := reflect.New(t)
		if err := v.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err == nil && !v.Elem().IsZero() {
			return v.Elem(), nil
		}
	}
	return reflect.Value{}, fmt.Errorf("%s reads neither a date nor %q as a non-zero value", t, text)
}

// named caches the named values of enum types, by type.
var named sync.Map // reflect.Type → []reflect.Value

// namedValues returns the values 1 to 1024 of the integer enum type t
// whose text reads back as themselves.
func namedValues(t reflect.Type) []reflect.Value {
	if v, ok := named.Load(t); ok {
		return v.([]reflect.Value)
	}
	var out []reflect.Value
	for n := 1; n <= 1024; n++ {
		v := reflect.New(t)
		if t.Kind() <= reflect.Int64 {
			v.Elem().SetInt(int64(n))
		} else {
			v.Elem().SetUint(uint64(n))
		}
		if readsBack(v) {
			out = append(out, v.Elem())
		}
	}
	named.Store(t, out)
	return out
}

// readsBack reports whether the value p points to has a non-empty text
// form that reads back as itself.
func readsBack(p reflect.Value) bool {
	b, err := p.Interface().(encoding.TextMarshaler).MarshalText()
	if err != nil || len(b) == 0 {
		return false
	}
	q := reflect.New(p.Type().Elem())
	if err := q.Interface().(encoding.TextUnmarshaler).UnmarshalText(b); err != nil {
		return false
	}
	return q.Elem().Equal(p.Elem())
}
