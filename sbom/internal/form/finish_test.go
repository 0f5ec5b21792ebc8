package form_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom/cyclonedx"
	"github.com/soupkit/soupkit/soup"
)

// TestFinishRandomGraphs decodes random BOMs with duplicates and random
// dependencies, in shuffled orders, and checks the list against a plain
// reading of the BOM: one item per key and version carrying every
// duplicate's fields, sorted; direct and transitive from the subject; and
// RequiredBy from the edges. Every order of the same BOM gives the same list.
func TestFinishRandomGraphs(t *testing.T) {
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 7))
		n := 1 + r.IntN(60)
		type pkg struct{ name, version string }
		var comps []cdx.Component
		var pkgs []pkg // of each component
		for i := range n {
			p := pkg{fmt.Sprintf("p%d", r.IntN(n)), fmt.Sprintf("1.%d", r.IntN(2))}
			c := cdx.Component{BOMRef: fmt.Sprintf("r%d", i), Type: cdx.ComponentTypeLibrary,
				Name: p.name, Version: p.version, PackageURL: "pkg:npm/" + p.name + "@" + p.version}
			// Duplicates carry different fields, so that the merge is the
			// same whatever the order.
			if r.IntN(2) == 0 {
				c.Description = "d " + p.name
			} else {
				c.Licenses = &cdx.Licenses{{License: &cdx.License{ID: "MIT"}}}
			}
			comps, pkgs = append(comps, c), append(pkgs, p)
		}
		// Edges between references; the subject is "root".
		type edge struct{ from, to int } // -1 is the subject
		var edges []edge
		for range r.IntN(2 * n) {
			edges = append(edges, edge{r.IntN(n+1) - 1, r.IntN(n)})
		}

		// What the list must say, by package.
		uniq := map[pkg]bool{}
		desc, lic := map[pkg]bool{}, map[pkg]bool{}
		for i, p := range pkgs {
			uniq[p] = true
			desc[p] = desc[p] || comps[i].Description != ""
			lic[p] = lic[p] || comps[i].Licenses != nil
		}
		direct := map[pkg]bool{}
		parents := map[pkg]map[pkg]bool{}
		kids := map[pkg][]pkg{}
		for _, e := range edges {
			to := pkgs[e.to]
			if e.from < 0 {
				direct[to] = true
				continue
			}
			from := pkgs[e.from]
			if from == to {
				continue
			}
			if parents[to] == nil {
				parents[to] = map[pkg]bool{}
			}
			parents[to][from] = true
			kids[from] = append(kids[from], to)
		}
		if len(kids) > 0 && (len(direct) == 0 || len(direct) == len(uniq)) {
			clear(direct) // inferred: what nothing requires is direct
			for p := range uniq {
				if len(parents[p]) == 0 {
					direct[p] = true
				}
			}
		}
		reach := map[pkg]bool{}
		var visit func(pkg)
		visit = func(p pkg) {
			for _, c := range kids[p] {
				if !reach[c] {
					reach[c] = true
					visit(c)
				}
			}
		}
		for p := range direct {
			reach[p] = true
			visit(p)
		}

		var first *soup.List
		for shuffle := range 5 {
			order := r.Perm(n)
			bom := cdx.NewBOM()
			bom.Metadata = &cdx.Metadata{Component: &cdx.Component{BOMRef: "root", Type: cdx.ComponentTypeApplication, Name: "app"}}
			cs := make([]cdx.Component, n)
			for i, j := range order {
				cs[i] = comps[j]
			}
			bom.Components = &cs
			deps := map[string][]string{}
			for _, i := range r.Perm(len(edges)) {
				from := "root"
				if edges[i].from >= 0 {
					from = comps[edges[i].from].BOMRef
				}
				deps[from] = append(deps[from], comps[edges[i].to].BOMRef)
			}
			var ds []cdx.Dependency
			for from, to := range deps {
				ds = append(ds, cdx.Dependency{Ref: from, Dependencies: &to})
			}
			bom.Dependencies = &ds
			l, rep := cyclonedx.FromBOM(bom)

			if rep.Items != len(uniq) || rep.Merged != n-len(uniq) {
				t.Fatalf("seed %d: report %v; want %d items, %d merged", seed, rep, len(uniq), n-len(uniq))
			}
			byID := map[string]pkg{}
			for _, it := range l.Items {
				byID[it.ID] = pkg{it.Name, it.Version}
			}
			if !slices.IsSortedFunc(l.Items, func(a, b soup.Item) int {
				return cmpOr(a.Name, b.Name, a.Version, b.Version)
			}) {
				t.Fatalf("seed %d: items not sorted by key and version", seed)
			}
			for _, it := range l.Items {
				p := pkg{it.Name, it.Version}
				if (it.Description != "") != desc[p] || (it.License != "") != lic[p] {
					t.Errorf("seed %d: %v: duplicates' fields not merged: %+v", seed, p, it)
				}
				want := soup.Dependency(0)
				switch {
				case direct[p]:
					want = soup.Direct
				case reach[p]:
					want = soup.Transitive
				}
				if it.Dependency != want {
					t.Errorf("seed %d: %v: dependency %v, want %v", seed, p, it.Dependency, want)
				}
				var got []pkg
				for _, id := range it.RequiredBy {
					got = append(got, byID[id])
				}
				if len(got) != len(parents[p]) || !slices.IsSortedFunc(it.RequiredBy, func(a, b string) int { return cmpOr(a, b) }) {
					t.Errorf("seed %d: %v: required by %v, want %v", seed, p, got, parents[p])
				}
				for _, q := range got {
					if !parents[p][q] {
						t.Errorf("seed %d: %v: required by %v, which does not require it", seed, p, q)
					}
				}
			}
			l.Sources = nil
			if first == nil {
				first = l
			} else if d := cmp.Diff(first, l, cmp.AllowUnexported(soup.Date{})); d != "" {
				t.Fatalf("seed %d, shuffle %d: the order of the BOM changed the list (-first +now):\n%s", seed, shuffle, d)
			}
		}
	}
}

// cmpOr compares pairs of strings in turn.
func cmpOr(s ...string) int {
	for i := 0; i+1 < len(s); i += 2 {
		switch {
		case s[i] < s[i+1]:
			return -1
		case s[i] > s[i+1]:
			return 1
		}
	}
	return 0
}
