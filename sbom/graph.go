package sbom

import (
	"cmp"
	"slices"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// doc is an SBOM read into the shape both families share: the subject,
// the entries with their references and soupkit properties, and the
// dependency graph by reference.
type doc struct {
	format Format
	system soup.System
	// listProps are the document's soupkit properties.
	listProps []prop
	source    soup.Source
	nodes     []node
	// items holds the item of each node, by the node's index.
	items []soup.Item
	// roots are the references of the document's subject.
	roots []string
	// edges are the dependencies by reference, in document order.
	edges []refEdge
	// skipped are references of entries that are not SOUP items (files);
	// the graph passes through them.
	skipped map[string]bool
	rep     reporter
	// itemRefs holds the reference of each item finish(false) returns.
	itemRefs []string
	arena    arena
}

// arena hands out strings and hash slices from shared blocks, so that
// mapping ten thousand entries does not take ten thousand allocations of
// each.
type arena struct {
	text   strings.Builder
	hashes []soup.Hash
}

// concat returns x+y+z.
func (a *arena) concat(x, y, z string) string {
	n := len(x) + len(y) + len(z)
	if a.text.Cap()-a.text.Len() < n {
		// A new block: the strings handed out keep the old one.
		a.text = strings.Builder{}
		a.text.Grow(max(n, 16<<10))
	}
	start := a.text.Len()
	a.text.WriteString(x)
	a.text.WriteString(y)
	a.text.WriteString(z)
	return a.text.String()[start:]
}

// hashSlice returns an empty slice with room for n hashes.
func (a *arena) hashSlice(n int) []soup.Hash {
	if cap(a.hashes)-len(a.hashes) < n {
		a.hashes = make([]soup.Hash, 0, max(n, 1024))
	}
	i := len(a.hashes)
	a.hashes = a.hashes[:i+n]
	return a.hashes[i : i : i+n]
}

// node is one entry that becomes a SOUP item; its item is kept apart, in
// doc.items, so that the list can take them over without a copy.
type node struct {
	ref string
	// key is the key of the item's PURL, computed when the purl was checked.
	key   soup.Key
	props []prop
}

// refEdge says that the entry from depends on the entry to.
type refEdge struct{ from, to string }

// newItem appends an empty item for an entry about to be added and returns
// it, for the entry's fields to be mapped into in place.
func (d *doc) newItem() *soup.Item {
	if n := len(d.items); n < cap(d.items) {
		d.items = d.items[:n+1] // never written: zero already
	} else {
		d.items = append(d.items, soup.Item{})
	}
	return &d.items[len(d.items)-1]
}

// add records the entry whose item newItem returned last.
func (d *doc) add(n node) {
	d.nodes = append(d.nodes, n)
}

// skip records that the entry ref is not a SOUP item.
func (d *doc) skip(ref string) {
	if ref != "" {
		d.skipped[ref] = true
	}
}

// addEdge records that from depends on to.
func (d *doc) addEdge(from, to string) {
	d.edges = append(d.edges, refEdge{from, to})
}

// entry is one item of the list finish makes: an item of d.items with the
// references of the entries merged into it.
type entry struct {
	item *soup.Item // in d.items
	src  int        // its index there
	key  soup.Key
	refs []string
	set  map[string]bool // the fields its soupkit properties set
	pos  int             // index in the list's items
	into *entry          // the entry this one was merged into
}

// finish turns d into a SOUP list. With merge, entries of the same key and
// version become one item and items are sorted by key then version;
// without, every node is one item in document order (Encode uses this to
// see what the native fields alone carry).
func (d *doc) finish(merge bool) (*soup.List, *Report) {
	l := &soup.List{System: d.system}
	set := applyProps(listFields, l, d.listProps, d.rep.warn)
	if !d.written() {
		l.Sources = []soup.Source{d.source}
	} else if !set["sources"] {
		l.Sources = nil
	}

	// Entries, with the fields their properties set.
	store := make([]entry, len(d.nodes))
	refBuf := make([]string, len(d.nodes))
	entries := make([]*entry, len(d.nodes))
	for i := range d.nodes {
		n, it := &d.nodes[i], &d.items[i]
		s := applyProps(itemFields, it, n.props, d.rep.warn)
		k := n.key
		if k == "" || s["purl"] {
			k = it.Key()
		}
		refBuf[i] = n.ref // one slice of one ref per entry, grown on merging
		store[i] = entry{item: it, src: i, key: k, refs: refBuf[i : i+1 : i+1], set: s}
		entries[i] = &store[i]
	}
	merged := 0
	if merge {
		sortEntries(entries)
		entries, merged = mergeDuplicates(entries)
	}
	byRef := make(map[string]*entry, len(store))
	for i := range store {
		e := &store[i]
		switch {
		case e.refs[0] == "":
		case e.into != nil:
			byRef[e.refs[0]] = e.into
		default:
			byRef[e.refs[0]] = e
		}
	}
	for i, e := range entries {
		e.pos = i
		if !merge {
			d.itemRefs = append(d.itemRefs, e.refs[0])
		}
	}
	l.Items = d.takeItems(entries)
	l.AssignIDs()

	g := d.graph(byRef, len(entries))
	depth := g.depths()
	rb := g.requiredBy(l.Items)
	for i, e := range entries {
		it := &l.Items[i]
		if !e.set["dependency"] {
			it.Dependency = depth[i]
		}
		if !e.set["requiredBy"] {
			it.RequiredBy = rb[i]
		}
	}
	return l, d.rep.report(len(l.Items), merged)
}

// sortEntries sorts entries by key, version and document order.
func sortEntries(entries []*entry) {
	// Sorting the keys beside their entries takes a third less time than
	// sorting the entries by their own keys.
	type keyed struct {
		key soup.Key
		e   *entry
	}
	keys := make([]keyed, len(entries))
	for i, e := range entries {
		keys[i] = keyed{e.key, e}
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if c := strings.Compare(string(a.key), string(b.key)); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.e.item.Version, b.e.item.Version), cmp.Compare(a.e.src, b.e.src))
	})
	for i, k := range keys {
		entries[i] = k.e
	}
}

// mergeDuplicates merges the entries of one key and version, neighbours
// once sorted, into the first in the document, in document order, and
// returns the entries left and how many were merged.
func mergeDuplicates(entries []*entry) ([]*entry, int) {
	kept := entries[:0]
	for _, e := range entries {
		if len(kept) > 0 {
			if h := kept[len(kept)-1]; h.key == e.key && h.item.Version == e.item.Version {
				mergeEntry(h, e)
				continue
			}
		}
		kept = append(kept, e)
	}
	return kept, len(entries) - len(kept)
}

// mergeEntry merges e, a duplicate of h's key and version, into h.
func mergeEntry(h, e *entry) {
	mergeItem(h.item, e.item)
	h.refs = append(h.refs, e.refs[0])
	for f := range e.set {
		if h.set == nil {
			h.set = map[string]bool{}
		}
		h.set[f] = true
	}
	e.into = h
}

// posGraph is the dependency graph between a list's items, by position:
// edges from -1 leave the document's subject.
type posGraph struct {
	n     int
	edges []posEdge
}

type posEdge struct{ from, to int }

// graph resolves d's edges to the positions of the items byRef finds,
// looking through skipped entries and leaving out what is not an item.
func (d *doc) graph(byRef map[string]*entry, n int) posGraph {
	var out map[string][]string // the edges out of skipped entries
	if len(d.skipped) > 0 {
		out = map[string][]string{}
		for _, e := range d.edges {
			if d.skipped[e.from] {
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
		if !d.skipped[to] {
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
	for _, e := range d.edges {
		switch p := byRef[e.from]; {
		case slices.Contains(d.roots, e.from):
			from = -1
		case p != nil:
			from = p.pos
		default:
			continue // from a skipped entry, looked through, or from nothing
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

// written reports whether d was written by Encode, so that its soupkit
// properties describe the whole list, Sources included.
func (d *doc) written() bool {
	for _, p := range d.listProps {
		if p.name == schemaProp {
			return true
		}
	}
	return false
}

// mergeItem fills the empty fields of dst from src, a duplicate of the
// same key and version.
func mergeItem(dst, src *soup.Item) {
	for _, f := range itemFields {
		if len(f.get(dst)) > 0 {
			continue
		}
		if v := f.get(src); len(v) > 0 {
			_ = f.set(dst, v) // values read from a field set back into it
		}
	}
}

// readBack decodes what an encoder wrote in its first pass, without
// merging, and returns the items by reference.
func (d *doc) readBack() (*soup.List, map[string]*soup.Item) {
	l, _ := d.finish(false)
	byRef := make(map[string]*soup.Item, len(l.Items))
	for i, ref := range d.itemRefs {
		byRef[ref] = &l.Items[i]
	}
	return l, byRef
}

// takeItems moves the items of entries, in the entries' order, to the front
// of d.items (the duplicates merged into them go behind) and returns them:
// the list takes the items over without copying them into a new slice.
func (d *doc) takeItems(entries []*entry) []soup.Item {
	from := make([]int, len(d.items)) // where the item for each index is now
	taken := make([]bool, len(d.items))
	for i, e := range entries {
		from[i], taken[e.src] = e.src, true
	}
	next := len(entries)
	for i, t := range taken {
		if !t {
			from[next], next = i, next+1
		}
	}
	// Follow each cycle of the permutation, moving every item once.
	for i := range from {
		if from[i] == i || from[i] < 0 {
			continue
		}
		held, k := d.items[i], i
		for {
			j := from[k]
			from[k] = -1
			if j == i {
				d.items[k] = held
				break
			}
			d.items[k], k = d.items[j], j
		}
	}
	return d.items[:len(entries):len(entries)]
}
