package soup

// The completeness tests: every leaf field of Item and List (found by
// reflection) must be handled by Clone and Fill. A field added to the model
// without wiring fails here with a message that names it and the place to
// wire it.

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/internal/fieldtest"
)

var (
	dateCmp = cmp.AllowUnexported(Date{})
	seed1   = &fieldtest.Options{Seed: 1}
	seed2   = &fieldtest.Options{Seed: 2}
)

// populated returns a List whose every leaf, those of its one item
// included, holds a distinct non-zero value of seed opts.
func populated(t *testing.T, opts *fieldtest.Options) *List {
	t.Helper()
	var l List
	if err := fieldtest.Populate(&l, opts); err != nil {
		t.Fatal(err)
	}
	return &l
}

// populatedItem returns an Item whose every leaf holds a distinct non-zero
// value of seed opts.
func populatedItem(t *testing.T, opts *fieldtest.Options) *Item {
	t.Helper()
	var it Item
	if err := fieldtest.Populate(&it, opts); err != nil {
		t.Fatal(err)
	}
	return &it
}

// modelName names the field of the leaf at path in the package's terms,
// "soup.Item.Anomalies[].Status" for "List.Items[].Anomalies[].Status".
func modelName(path string) string {
	if rest, ok := strings.CutPrefix(path, "List.Items[]."); ok {
		return "soup.Item." + rest
	}
	return "soup." + path
}

// get returns the value of the leaf at path, or nil when a slice on the way
// is empty.
func get(t *testing.T, ptr any, path string) any {
	t.Helper()
	v, err := fieldtest.Get(ptr, path)
	if err != nil {
		return nil
	}
	return v.Interface()
}

func TestCloneCopiesEveryField(t *testing.T) {
	orig := populated(t, seed1)
	if diff := cmp.Diff(populated(t, seed1), orig.Clone(), dateCmp); diff != "" {
		t.Errorf("List.Clone (soup/clone.go) loses fields (-want +got):\n%s", diff)
	}
	for _, path := range fieldtest.Paths(reflect.TypeFor[List]()) {
		orig := populated(t, seed1)
		c := orig.Clone()
		if err := fieldtest.Mutate(c, path, seed2); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(get(t, populated(t, seed1), path), get(t, orig, path), dateCmp); diff != "" {
			where := "List.Clone (soup/clone.go)"
			if strings.HasPrefix(path, "List.Items[].") {
				where = "cloneItem (soup/clone.go)"
			}
			t.Errorf("%s is not deep-copied by %s: add it there; changing the clone changed the original (-was +now):\n%s",
				modelName(path), where, diff)
		}
	}
}

func TestFillFillsEveryField(t *testing.T) {
	for _, path := range fieldtest.Paths(reflect.TypeFor[Item]()) {
		var dst, src Item
		if err := fieldtest.Set(&src, path, seed1); err != nil {
			t.Fatal(err)
		}
		Fill(&dst, &src)
		want := get(t, &src, path)
		if diff := cmp.Diff(want, get(t, &dst, path), dateCmp); diff != "" {
			t.Errorf("soup.%s is not filled by Fill (soup/fill.go): add it there (-want +got):\n%s", path, diff)
			continue
		}
		// What Fill took must be a copy: want is recomputed so that it
		// shares nothing with src.
		var fresh Item
		if err := fieldtest.Set(&fresh, path, seed1); err != nil {
			t.Fatal(err)
		}
		want = get(t, &fresh, path)
		if err := fieldtest.Mutate(&src, path, seed2); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, get(t, &dst, path), dateCmp); diff != "" {
			t.Errorf("soup.%s is filled by Fill (soup/fill.go) without a copy: copy it there; changing src changed dst (-want +got):\n%s", path, diff)
		}
	}
	var dst Item
	src := populatedItem(t, seed1)
	Fill(&dst, src)
	if diff := cmp.Diff(src, &dst, dateCmp); diff != "" {
		t.Errorf("Fill of a blank item (soup/fill.go) (-want +got):\n%s", diff)
	}
}

// setLike are the lists Fill merges as sets instead of filling when blank:
// a set dst keeps its elements first.
var setLike = map[string]bool{"Item.Systems": true, "Item.Anomalies[].ID": true}

func TestFillKeepsSetFields(t *testing.T) {
	dst, src := populatedItem(t, seed1), populatedItem(t, seed2)
	Fill(dst, src)
	want := populatedItem(t, seed1)
	for _, path := range fieldtest.Paths(reflect.TypeFor[Item]()) {
		w, g := get(t, want, path), get(t, dst, path)
		if setLike[path] {
			wv, gv := reflect.ValueOf(w), reflect.ValueOf(g)
			if gv.Kind() == reflect.Slice && gv.Len() >= wv.Len() {
				g = gv.Slice(0, wv.Len()).Interface()
			}
		}
		if diff := cmp.Diff(w, g, dateCmp); diff != "" {
			t.Errorf("soup.%s of a set dst is overwritten by Fill (soup/fill.go): fill it only when blank there (-dst +got):\n%s", path, diff)
		}
	}
	if got, want := dst.Systems, []string{"Item.Systems#1", "Item.Systems#2"}; !cmp.Equal(got, want) {
		t.Errorf("Systems = %q, want the union %q", got, want)
	}
	if got := len(dst.Anomalies); got != 2 {
		t.Errorf("len(Anomalies) = %d, want 2: dst's and src's, another ID", got)
	}
}
