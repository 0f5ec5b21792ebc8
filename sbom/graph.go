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
	// edges maps a reference to the references it depends on.
	edges map[string][]string
	// skipped are references of entries that are not SOUP items (files);
	// the graph passes through them.
	skipped map[string]bool
	rep     reporter
	// itemRefs holds the reference of each item finish(false) returns.
	itemRefs []string
}

// node is one entry that becomes a SOUP item; its item is kept apart, in
// doc.items, so that the list can take them over without a copy.
type node struct {
	ref string
	// key is the key of the item's PURL, computed when the purl was checked.
	key   soup.Key
	props []prop
}

// add records an entry and its item.
func (d *doc) add(n node, it *soup.Item) {
	d.nodes = append(d.nodes, n)
	d.items = append(d.items, *it)
}

// skip records that the entry ref is not a SOUP item.
func (d *doc) skip(ref string) {
	if ref != "" {
		d.skipped[ref] = true
	}
}

// addEdge records that from depends on to.
func (d *doc) addEdge(from, to string) {
	if d.edges == nil {
		d.edges = map[string][]string{}
	}
	d.edges[from] = append(d.edges[from], to)
}

// children returns the references from depends on, looking through
// skipped entries.
func (d *doc) children(from string) []string {
	if len(d.skipped) == 0 {
		return d.edges[from]
	}
	var (
		out  []string
		walk func(string)
		seen = map[string]bool{}
	)
	walk = func(ref string) {
		for _, c := range d.edges[ref] {
			switch {
			case !d.skipped[c]:
				out = append(out, c)
			case !seen[c]:
				seen[c] = true
				walk(c)
			}
		}
	}
	walk(from)
	return out
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

	// Items, with the fields their properties set.
	store := make([]entry, 0, len(d.nodes))
	refBuf := make([]string, len(d.nodes))
	entries := make([]*entry, 0, len(d.nodes))
	byRef := make(map[string]*entry, len(d.nodes))
	type kv struct {
		key     soup.Key
		version string
	}
	byKey := make(map[kv]*entry, len(d.nodes))
	merged := 0
	for i := range d.nodes {
		n, it := &d.nodes[i], &d.items[i]
		s := applyProps(itemFields, it, n.props, d.rep.warn)
		k := n.key
		if k == "" || s["purl"] {
			k = it.Key()
		}
		if merge {
			if e := byKey[kv{k, it.Version}]; e != nil {
				mergeItem(e.item, it)
				e.refs = append(e.refs, n.ref)
				for f := range s {
					if e.set == nil {
						e.set = map[string]bool{}
					}
					e.set[f] = true
				}
				byRef[n.ref] = e
				merged++
				continue
			}
		}
		refBuf[i] = n.ref // one slice of one ref per entry, grown on merging
		store = append(store, entry{item: it, src: i, key: k, refs: refBuf[i : i+1 : i+1], set: s})
		e := &store[len(store)-1]
		entries = append(entries, e)
		if n.ref != "" {
			byRef[n.ref] = e
		}
		if merge {
			byKey[kv{k, it.Version}] = e
		}
	}
	if merge {
		// Key and version are unique after merging: the order is total.
		slices.SortFunc(entries, func(a, b *entry) int {
			return cmp.Or(strings.Compare(string(a.key), string(b.key)), strings.Compare(a.item.Version, b.item.Version))
		})
	}
	for i, e := range entries {
		e.pos = i
		if !merge {
			d.itemRefs = append(d.itemRefs, e.refs[0])
		}
	}
	l.Items = d.takeItems(entries)
	l.AssignIDs()

	// The dependency graph: direct dependencies of the subject, then
	// everything reachable from them; parents give RequiredBy.
	depth := make([]soup.Dependency, len(entries))
	parents := make([][]string, len(entries))
	queue := make([]int, 0, len(entries))
	for _, root := range d.roots {
		for _, c := range d.children(root) {
			if e := byRef[c]; e != nil && depth[e.pos] == 0 {
				depth[e.pos] = soup.Direct
				queue = append(queue, e.pos)
			}
		}
	}
	isRoot := func(ref string) bool { return slices.Contains(d.roots, ref) }
	for ref := range d.edges {
		p := byRef[ref]
		if p == nil || isRoot(ref) {
			continue
		}
		pid := l.Items[p.pos].ID
		for _, c := range d.children(ref) {
			if e := byRef[c]; e != nil && e != p {
				parents[e.pos] = append(parents[e.pos], pid)
			}
		}
	}
	// A scan that records dependencies between packages but none from its
	// subject (syft's CycloneDX of a Python environment), or whose subject
	// merely contains every package (syft's SPDX: the directory CONTAINS
	// all), tells direct from transitive only through that graph: an item
	// that no other item requires is direct.
	if hasParents(parents) && (len(queue) == 0 || len(queue) == len(entries)) {
		queue = queue[:0]
		for i := range depth {
			depth[i] = 0
			if len(parents[i]) == 0 {
				depth[i] = soup.Direct
				queue = append(queue, i)
			}
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, ref := range entries[i].refs {
			for _, c := range d.children(ref) {
				if e := byRef[c]; e != nil && depth[e.pos] == 0 {
					depth[e.pos] = soup.Transitive
					queue = append(queue, e.pos)
				}
			}
		}
	}
	for i, e := range entries {
		it := &l.Items[i]
		if !e.set["dependency"] {
			it.Dependency = depth[i]
		}
		if !e.set["requiredBy"] {
			rb := parents[i]
			slices.Sort(rb)
			it.RequiredBy = slices.Clip(slices.Compact(rb))
		}
	}
	return l, d.rep.report(len(l.Items), merged)
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

// hasParents reports whether any item is required by another.
func hasParents(parents [][]string) bool {
	for _, p := range parents {
		if len(p) > 0 {
			return true
		}
	}
	return false
}

// takeItems moves the items of entries, in the entries' order, to the front
// of d.items (the duplicates merged into them go behind) and returns them:
// the list takes the items over without copying them into a new slice.
func (d *doc) takeItems(entries []*entry) []soup.Item {
	dest := make([]int, len(d.items)) // where the item at each index goes
	for i := range dest {
		dest[i] = -1
	}
	for i, e := range entries {
		dest[e.src] = i
	}
	next := len(entries)
	for i := range dest {
		if dest[i] < 0 {
			dest[i], next = next, next+1
		}
	}
	for i := range dest {
		for dest[i] != i {
			j := dest[i]
			d.items[i], d.items[j] = d.items[j], d.items[i]
			dest[i], dest[j] = dest[j], dest[i]
		}
	}
	return d.items[:len(entries):len(entries)]
}
