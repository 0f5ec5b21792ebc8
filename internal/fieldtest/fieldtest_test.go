package fieldtest_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/internal/fieldtest"
)

// level is an enum with three named values.
type level int

var levelNames = []string{"low", "mid", "high"}

func (l level) MarshalText() ([]byte, error) {
	if l < 0 || int(l) > len(levelNames) {
		return nil, fmt.Errorf("bad level %d", int(l))
	}
	if l == 0 {
		return nil, nil
	}
	return []byte(levelNames[l-1]), nil
}

func (l *level) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if string(b) == n {
			*l = level(i + 1)
			return nil
		}
	}
	return fmt.Errorf("bad level %q", b)
}

// day is a date with an unexported field and only a text form.
type day struct{ t time.Time }

func (d *day) UnmarshalText(b []byte) error {
	t, err := time.Parse(time.DateOnly, string(b))
	d.t = t
	return err
}

type note struct {
	Text  string
	Level level
}

type inner struct {
	Tags  []string
	When  day
	Notes []note
}

type record struct {
	Name    string
	Count   int
	Ratio   float64
	Flag    bool
	Level   level
	At      time.Time
	Inner   inner
	Ptr     *inner
	Items   []inner
	Extra   map[string]string
	Opt     *string
	private string // left out of the walk
}

var _ = record{}.private

func TestLeaves(t *testing.T) {
	want := []string{
		"record.Name", "record.Count", "record.Ratio", "record.Flag", "record.Level", "record.At",
		"record.Inner.Tags", "record.Inner.When", "record.Inner.Notes[].Text", "record.Inner.Notes[].Level",
		"record.Ptr.Tags", "record.Ptr.When", "record.Ptr.Notes[].Text", "record.Ptr.Notes[].Level",
		"record.Items[].Tags", "record.Items[].When", "record.Items[].Notes[].Text", "record.Items[].Notes[].Level",
		"record.Extra", "record.Opt",
	}
	if diff := cmp.Diff(want, fieldtest.Paths(reflect.TypeFor[*record]())); diff != "" {
		t.Errorf("Paths (-want +got):\n%s", diff)
	}
	for _, l := range fieldtest.Leaves(reflect.TypeFor[record]()) {
		if l.Path == "record.Inner.When" && l.Type != reflect.TypeFor[day]() {
			t.Errorf("type of %s = %v, want day", l.Path, l.Type)
		}
	}
}

type recursive struct {
	Name string
	Next *recursive
}

func TestLeavesRecursive(t *testing.T) {
	want := []string{"recursive.Name", "recursive.Next"}
	if diff := cmp.Diff(want, fieldtest.Paths(reflect.TypeFor[recursive]())); diff != "" {
		t.Errorf("Paths (-want +got):\n%s", diff)
	}
}

func TestPopulate(t *testing.T) {
	var r record
	if err := fieldtest.Populate(&r, nil); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, l := range fieldtest.Leaves(reflect.TypeFor[record]()) {
		v, err := fieldtest.Get(&r, l.Path)
		if err != nil {
			t.Fatalf("Get(%s): %v", l.Path, err)
		}
		if v.IsZero() {
			t.Errorf("%s is zero after Populate", l.Path)
		}
		if v.Kind() == reflect.String || v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String {
			s := fmt.Sprint(v.Interface())
			if p, ok := seen[s]; ok {
				t.Errorf("%s and %s both hold %s", p, l.Path, s)
			}
			seen[s] = l.Path
		}
	}
	if r.Inner.Notes[0].Level < 1 || r.Inner.Notes[0].Level > 3 {
		t.Errorf("enum holds %d, not a named value", r.Inner.Notes[0].Level)
	}
	if got, want := r.Inner.When.t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("date = %v, want %v", got, want)
	}
	if len(r.Items) != 1 || len(r.Items[0].Tags) != 1 || len(r.Extra) != 1 {
		t.Errorf("slices and maps do not hold one element: %+v", r)
	}
	if r.Name != "record.Name#1" || *r.Opt != "record.Opt#1" {
		t.Errorf("Name, Opt = %q, %q", r.Name, *r.Opt)
	}
}

func TestSeedsDiffer(t *testing.T) {
	var a, b record
	if err := fieldtest.Populate(&a, nil); err != nil {
		t.Fatal(err)
	}
	if err := fieldtest.Populate(&b, &fieldtest.Options{Seed: 2}); err != nil {
		t.Fatal(err)
	}
	for _, l := range fieldtest.Leaves(reflect.TypeFor[record]()) {
		va, _ := fieldtest.Get(&a, l.Path)
		vb, _ := fieldtest.Get(&b, l.Path)
		if reflect.DeepEqual(va.Interface(), vb.Interface()) && l.Type.Kind() != reflect.Bool {
			t.Errorf("%s holds %v with both seeds", l.Path, va)
		}
	}
}

func TestSetOne(t *testing.T) {
	for _, l := range fieldtest.Leaves(reflect.TypeFor[record]()) {
		var r record
		if err := fieldtest.Set(&r, l.Path, nil); err != nil {
			t.Fatalf("Set(%s): %v", l.Path, err)
		}
		// Every other leaf stays zero.
		for _, o := range fieldtest.Leaves(reflect.TypeFor[record]()) {
			v, err := fieldtest.Get(&r, o.Path)
			switch {
			case o.Path == l.Path && (err != nil || v.IsZero()):
				t.Errorf("Set(%s) left it zero (%v)", l.Path, err)
			case o.Path != l.Path && err == nil && !v.IsZero():
				t.Errorf("Set(%s) also set %s", l.Path, o.Path)
			}
		}
	}
}

func TestSetExisting(t *testing.T) {
	r := record{Items: []inner{{Tags: []string{"kept"}}, {Tags: []string{"second"}}}}
	if err := fieldtest.Set(&r, "record.Items[].Notes[].Text", &fieldtest.Options{Seed: 3}); err != nil {
		t.Fatal(err)
	}
	want := []inner{{Tags: []string{"kept"}, Notes: []note{{Text: "record.Items[].Notes[].Text#3"}}}, {Tags: []string{"second"}}}
	if diff := cmp.Diff(want, r.Items, cmp.AllowUnexported(day{})); diff != "" {
		t.Errorf("Items (-want +got):\n%s", diff)
	}
}

func TestValueHook(t *testing.T) {
	opts := &fieldtest.Options{Value: func(path string, seed int) (any, bool) {
		if path == "record.Name" {
			return fmt.Sprintf("pkg:npm/x@%d", seed), true
		}
		return nil, false
	}}
	var r record
	if err := fieldtest.Populate(&r, opts); err != nil {
		t.Fatal(err)
	}
	if r.Name != "pkg:npm/x@1" || r.Inner.Tags[0] != "record.Inner.Tags#1" {
		t.Errorf("Name, Tags = %q, %q", r.Name, r.Inner.Tags)
	}
	bad := &fieldtest.Options{Value: func(string, int) (any, bool) { return 1.5, true }}
	if err := fieldtest.Set(&r, "record.Name", bad); err == nil || !strings.Contains(err.Error(), "not assignable") {
		t.Errorf("Set with a float for a string: err = %v", err)
	}
}

func TestErrors(t *testing.T) {
	var r record
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"not a pointer", fieldtest.Populate(r, nil), "want a non-nil pointer to a struct"},
		{"other root", fieldtest.Set(&r, "other.Name", nil), "does not start at record"},
		{"no field", fieldtest.Set(&r, "record.Nope", nil), "no field Nope"},
		{"not a slice", fieldtest.Set(&r, "record.Name[].X", nil), "is not a slice"},
		{"not a struct", fieldtest.Set(&r, "record.Name.X", nil), "is not a struct"},
		{"empty slice", getErr(&r, "record.Items[].Tags"), "Items is empty"},
		{"nil pointer", getErr(&r, "record.Ptr.Tags"), "Ptr is nil"},
		{"no value", fieldtest.Populate(&struct{ F func() }{}, nil), "no value for a func"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.name, tt.err, tt.want)
		}
	}
}

func getErr(ptr any, path string) error {
	_, err := fieldtest.Get(ptr, path)
	return err
}

type enumless int

func (enumless) MarshalText() ([]byte, error)  { return nil, fmt.Errorf("never") }
func (*enumless) UnmarshalText(b []byte) error { return fmt.Errorf("never") }

func TestNoNamedValue(t *testing.T) {
	err := fieldtest.Populate(&struct{ E enumless }{}, nil)
	if err == nil || !strings.Contains(err.Error(), "has no named value") {
		t.Errorf("err = %v", err)
	}
}

func TestMutateInPlace(t *testing.T) {
	var a record
	if err := fieldtest.Populate(&a, nil); err != nil {
		t.Fatal(err)
	}
	for _, l := range fieldtest.Leaves(reflect.TypeFor[record]()) {
		if l.Type.Kind() == reflect.Bool {
			continue // true is a bool's only non-zero value
		}
		// b shares every slice, map and pointer with a.
		b := a
		before, _ := fieldtest.Get(&a, l.Path)
		before = reflect.ValueOf(before.Interface())
		if l.Type.Kind() == reflect.Slice || l.Type.Kind() == reflect.Map || l.Type.Kind() == reflect.Pointer {
			snapshot := fmt.Sprint(deref(before))
			if err := fieldtest.Mutate(&b, l.Path, &fieldtest.Options{Seed: 2}); err != nil {
				t.Fatalf("Mutate(%s): %v", l.Path, err)
			}
			after, _ := fieldtest.Get(&a, l.Path)
			if fmt.Sprint(deref(after)) == snapshot {
				t.Errorf("Mutate(%s) did not write through to the shared memory", l.Path)
			}
			if err := fieldtest.Populate(&a, nil); err != nil { // restore
				t.Fatal(err)
			}
			continue
		}
		if err := fieldtest.Mutate(&b, l.Path, &fieldtest.Options{Seed: 2}); err != nil {
			t.Fatalf("Mutate(%s): %v", l.Path, err)
		}
		got, _ := fieldtest.Get(&b, l.Path)
		if reflect.DeepEqual(got.Interface(), before.Interface()) {
			t.Errorf("Mutate(%s) left %v", l.Path, got)
		}
	}
	var z record
	if err := fieldtest.Mutate(&z, "record.Items[].Tags", nil); err == nil {
		t.Error("Mutate through an empty slice: no error")
	}
}

func deref(v reflect.Value) any {
	if v.Kind() == reflect.Pointer {
		return v.Elem().Interface()
	}
	return v.Interface()
}
