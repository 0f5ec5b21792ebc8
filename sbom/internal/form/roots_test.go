package form

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

// TestSetRoots checks what the rule for a document's roots keeps of each
// root: the system, a system its items name, an item, or a counted file.
func TestSetRoots(t *testing.T) {
	type out struct {
		System  soup.System
		Items   []string // name: systems
		Ignored []Count
		Props   []Prop
	}
	for _, tc := range []struct {
		name  string
		doc   string // the document's name
		roots []Root
		items []string    // refs (and names) of the items
		edges [][2]string // from, to
		want  out
	}{
		{name: "one root: the system, its properties the list's, its anomaly counted",
			roots: []Root{{Ref: "app", Item: soup.Item{Name: "app", Version: "2", Manufacturer: "ACME",
				Anomalies: []soup.Anomaly{{ID: "CVE-1"}}}, Props: []Prop{{Name: "system.safetyClass", Value: "B"}}}},
			items: []string{"lib"}, edges: [][2]string{{"app", "lib"}},
			want: out{System: soup.System{Name: "app", Version: "2", Manufacturer: "ACME"}, Items: []string{"lib:"},
				Ignored: []Count{{"anomaly of a system", 1}}, Props: []Prop{{Name: "system.safetyClass", Value: "B"}}}},
		{name: "two systems of one name, a file and a package with nothing below",
			roots: []Root{
				{Ref: "a", Item: soup.Item{Name: "fw", Version: "1", Manufacturer: "ACME"}, Props: []Prop{{Name: "notes", Value: "x"}}},
				{Ref: "b", Item: soup.Item{Name: "fw", Version: "2", Manufacturer: "ACME"}},
				{Ref: "bin", Item: soup.Item{Name: "fw.bin"}, File: true},
				{Ref: "tool", Item: soup.Item{Name: "tool"}}},
			items: []string{"x", "y"}, edges: [][2]string{{"a", "x"}, {"b", "skipped"}, {"skipped", "y"}},
			want: out{System: soup.System{Name: "fw 1, fw 2", Manufacturer: "ACME"},
				Items:   []string{"x:fw 1", "y:fw 2", "tool:"},
				Ignored: []Count{{"file", 1}, {"soupkit property of a system", 1}}}},
		{name: "one system among roots, named after it; a root package with nothing below is an item",
			doc:   "device",
			roots: []Root{{Ref: "a", Item: soup.Item{Name: "app"}}, {Ref: "t", Item: soup.Item{Name: "tool"}}},
			items: []string{"x"}, edges: [][2]string{{"a", "x"}},
			want: out{System: soup.System{Name: "app"}, Items: []string{"x:", "tool:"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDoc(Format{Family: SPDX3})
			for _, ref := range tc.items {
				*d.NewItem() = soup.Item{Name: ref}
				d.Add(Node{Ref: ref})
			}
			d.Skip("skipped")
			for _, e := range tc.edges {
				d.AddEdge(e[0], e[1])
			}
			d.SetRoots("doc", tc.doc, tc.roots)
			var got out
			got.System, got.Props = d.System, d.ListProps
			for _, it := range d.Items {
				s := it.Name + ":"
				for i, sys := range it.Systems {
					if i > 0 {
						s += ","
					}
					s += sys
				}
				got.Items = append(got.Items, s)
			}
			got.Ignored = d.Rep.Report(0, 0).Ignored
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
