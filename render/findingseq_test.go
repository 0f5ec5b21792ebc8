package render_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
	"github.com/soupkit/soupkit/soup"
)

// TestFindingSeq: a validation given as a sequence of findings renders
// the same bytes as the same findings given as a slice, in every format,
// with and without a findings section.
func TestFindingSeq(t *testing.T) {
	l := rendertest.LargeList(80)
	l.Items[3].ID = "" // an item named by its label
	l.Items[5].Removed = true
	fs := l.Validate(soup.Policy{Class: soup.ClassC})
	if len(fs) == 0 {
		t.Fatal("no findings to render")
	}
	reg := render.Builtin()
	for _, name := range reg.Names() {
		r, _ := reg.Lookup(name)
		for _, section := range []bool{false, true} {
			render1 := func(val *render.Validation) string {
				opts := &render.Options{Validation: val}
				if section {
					opts.Findings = fs
				}
				var b bytes.Buffer
				if err := r.Render(&b, l, opts); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				return b.String()
			}
			want := render1(&render.Validation{Class: soup.ClassC, Findings: fs})
			got := render1(&render.Validation{Class: soup.ClassC, FindingSeq: slices.Values(fs)})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s, findings section %v (-Findings +FindingSeq):\n%s", name, section, diff)
			}
		}
	}
}
