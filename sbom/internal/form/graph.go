package form

import (
	"fmt"
	"slices"

	"github.com/soupkit/soupkit/soup"
)

// posGraph is the dependency graph between a list's items, by position:
// edges from -1 leave the document's subject.
type posGraph struct {
	n     int
	edges []posEdge
}

type posEdge struct{ from, to int }

// graph resolves d's edges to the positions of the items byRef finds,
// looking through skipped entries and leaving out what is not an item.
func (d *Doc) graph(byRef map[string]*entry, n int) posGraph {
	var out map[string][]string // the edges out of skipped entries
	if len(d.Skipped) > 0 {
		out = map[string][]string{}
		for _, e := range d.edges {
			if d.Skipped[e.from] {
				out[e.from] = append(out[e.from], e.to)
			}
		}
	}
	g := posGraph{n: n, edges: make([]posEdge, 0, len(d.edges))}
	var (
		from int
		seen map[string]bool
		walk func(string)
	)
	walk = func(to string) {
		if !d.Skipped[to] {
			if e := byRef[to]; e != nil && e.pos != from {
				g.edges = append(g.edges, posEdge{from, e.pos})
			}
			return
		}
		if seen[to] {
			return
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[to] = true
		for _, t := range out[to] {
			walk(t)
		}
	}
	// A reference that names no element is a warning, once.
	var dangling map[string]bool
	known := func(ref string) bool {
		if ref == "" {
			return false // NONE, NOASSERTION: nothing to name
		}
		if byRef[ref] != nil || d.Skipped[ref] || slices.Contains(d.Roots, ref) || dangling[ref] {
			return true
		}
		if dangling == nil {
			dangling = map[string]bool{}
		}
		dangling[ref] = true
		d.Rep.Warn(Warning{Ref: ref, Message: fmt.Sprintf("a dependency names this %s, which no element has; the dependency is dropped", d.refName())})
		return false
	}
	for _, e := range d.edges {
		okTo := known(e.to)
		switch p := byRef[e.from]; {
		case slices.Contains(d.Roots, e.from):
			from = -1
		case p != nil:
			from = p.pos
		default:
			known(e.from)
			continue // from a skipped entry, looked through, or from nothing
		}
		if !okTo {
			continue
		}
		clear(seen)
		walk(e.to)
	}
	return g
}

// depths tells each item direct or transitive: direct dependencies of the
// subject, then everything reachable from them.
func (g posGraph) depths() []soup.Dependency {
	depth := make([]soup.Dependency, g.n)
	start := make([]int, g.n+1) // the children of i are kids[start[i]:start[i+1]]
	required := make([]bool, g.n)
	queue := make([]int, 0, g.n)
	for _, e := range g.edges {
		if e.from < 0 {
			if depth[e.to] == 0 {
				depth[e.to] = soup.Direct
				queue = append(queue, e.to)
			}
			continue
		}
		start[e.from+1]++
		required[e.to] = true
	}
	for i := range g.n {
		start[i+1] += start[i]
	}
	kids := make([]int, start[g.n])
	next := slices.Clone(start[:g.n])
	for _, e := range g.edges {
		if e.from >= 0 {
			kids[next[e.from]] = e.to
			next[e.from]++
		}
	}
	// A scan that records dependencies between packages but none from its
	// subject (syft's CycloneDX of a Python environment), or whose subject
	// merely contains every package (syft's SPDX: the directory CONTAINS
	// all), tells direct from transitive only through that graph: an item
	// that no other item requires is direct.
	if len(kids) > 0 && (len(queue) == 0 || len(queue) == g.n) {
		queue = queue[:0]
		for i := range depth {
			depth[i] = 0
			if !required[i] {
				depth[i] = soup.Direct
				queue = append(queue, i)
			}
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, c := range kids[start[i]:start[i+1]] {
			if depth[c] == 0 {
				depth[c] = soup.Transitive
				queue = append(queue, c)
			}
		}
	}
	return depth
}

// requiredBy returns the IDs of the items requiring each item, sorted,
// from one backing array.
func (g posGraph) requiredBy(items []soup.Item) [][]string {
	count := make([]int, g.n)
	total := 0
	for _, e := range g.edges {
		if e.from >= 0 {
			count[e.to]++
			total++
		}
	}
	ids := make([]string, total)
	out := make([][]string, g.n)
	off := 0
	for i, c := range count {
		out[i] = ids[off : off : off+c]
		off += c
	}
	for _, e := range g.edges {
		if e.from >= 0 {
			out[e.to] = append(out[e.to], items[e.from].ID)
		}
	}
	for i, p := range out {
		if len(p) == 0 {
			out[i] = nil
			continue
		}
		slices.Sort(p)
		out[i] = slices.Clip(slices.Compact(p))
	}
	return out
}
