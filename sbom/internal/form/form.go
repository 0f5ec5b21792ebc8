// Package form is the family-neutral intermediate form every SBOM format
// decodes into and builds from, and what the formats share: the soupkit
// property field table, the merge of duplicates, item references, the
// dependency graph, the arena, the conversion report and the error type.
//
// A format package (sbom/cyclonedx, sbom/spdx) maps its document onto a
// [Doc] — the subject, one [Node] and item per entry, the soupkit
// properties, the dependency edges by reference — and [Doc.Finish] makes
// the SOUP list: properties applied, duplicates merged, items sorted and
// given IDs, the graph resolved. Package sbom aliases the shared
// vocabulary ([Format], [Report], [DecodeError], the sentinel errors) so
// that callers see one set of types.
package form

import (
	"fmt"
	"github.com/soupkit/soupkit/soup"
)

// Doc is an SBOM read into the shape every family shares: the subject,
// the entries with their references and soupkit properties, and the
// dependency graph by reference.
type Doc struct {
	Format Format
	// System is the document's subject.
	System soup.System
	// ListProps are the document's soupkit properties.
	ListProps []Prop
	// Source describes the document.
	Source soup.Source
	Nodes  []Node
	// Items holds the item of each node, by the node's index.
	Items []soup.Item
	// Roots are the references of the document's subject.
	Roots []string
	// edges are the dependencies by reference, in document order.
	edges []refEdge
	// Skipped are references of entries that are not SOUP items (files);
	// the graph passes through them.
	Skipped map[string]bool
	// Rep collects what the document holds that the list has no place
	// for.
	Rep Reporter
	// itemRefs holds the reference of each item Finish(false) returns.
	itemRefs []string
	// Arena is where the format's mapping takes strings and hashes from.
	Arena Arena
}

// NewDoc returns an empty Doc of format f.
func NewDoc(f Format) *Doc {
	return &Doc{Format: f, Skipped: map[string]bool{}}
}

// Node is one entry that becomes a SOUP item; its item is kept apart, in
// Doc.Items, so that the list can take them over without a copy.
type Node struct {
	// Ref is the entry's reference (bom-ref, SPDX ID).
	Ref string
	// Key is the key of the item's PURL, computed when the purl was checked.
	Key soup.Key
	// Props are the entry's soupkit properties.
	Props []Prop
}

// refEdge says that the entry from depends on the entry to.
type refEdge struct{ from, to string }

// NewItem appends an empty item for an entry about to be added and returns
// it, for the entry's fields to be mapped into in place.
func (d *Doc) NewItem() *soup.Item {
	if n := len(d.Items); n < cap(d.Items) {
		d.Items = d.Items[:n+1] // never written: zero already
	} else {
		d.Items = append(d.Items, soup.Item{})
	}
	return &d.Items[len(d.Items)-1]
}

// Add records the entry whose item NewItem returned last.
func (d *Doc) Add(n Node) {
	d.Nodes = append(d.Nodes, n)
}

// Skip records that the entry ref is not a SOUP item.
func (d *Doc) Skip(ref string) {
	if ref != "" {
		d.Skipped[ref] = true
	}
}

// AddEdge records that from depends on to.
func (d *Doc) AddEdge(from, to string) {
	d.edges = append(d.edges, refEdge{from, to})
}

// entry is one item of the list Finish makes: an item of d.Items with the
// references of the entries merged into it.
type entry struct {
	item *soup.Item // in d.Items
	src  int        // its index there
	key  soup.Key
	refs []string
	set  map[string]bool // the fields its soupkit properties set
	pos  int             // index in the list's items
	into *entry          // the entry this one was merged into
}

// Finish turns d into a SOUP list. With merge, entries of the same key and
// version become one item and items are sorted by key then version;
// without, every Node is one item in document order (Encode uses this to
// see what the native fields alone carry).
func (d *Doc) Finish(merge bool) (*soup.List, *Report) {
	l := &soup.List{System: d.System}
	set := applyProps(listFields, l, d.ListProps, d.Rep.Warn)
	if !d.written() {
		l.Sources = []soup.Source{d.Source}
	} else if !set["sources"] {
		l.Sources = nil
	}

	// Entries, with the fields their properties set.
	store := make([]entry, len(d.Nodes))
	refBuf := make([]string, len(d.Nodes))
	entries := make([]*entry, len(d.Nodes))
	for i := range d.Nodes {
		n, it := &d.Nodes[i], &d.Items[i]
		s := applyProps(itemFields, it, n.Props, d.Rep.Warn)
		k := n.Key
		if k == "" || s["purl"] {
			k = it.Key()
		}
		refBuf[i] = n.Ref // one slice of one ref per entry, grown on merging
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
		target := e
		if e.into != nil {
			target = e.into
		}
		ref := e.refs[0]
		if ref == "" {
			continue
		}
		if prev := byRef[ref]; prev != nil && prev != target && merge {
			d.Rep.Warn(Warning{Ref: ref, Message: fmt.Sprintf("%s given to two elements; the dependencies of and on it are read as the last one's", d.refName())})
		}
		byRef[ref] = target
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
	rep := d.Rep.Report(len(l.Items), merged)
	rep.Source = d.Source
	return l, rep
}

// refName names the references of d's format, for warnings.
func (d *Doc) refName() string {
	switch d.Format.Family {
	case CycloneDX:
		return "bom-ref"
	case SPDX:
		return "SPDX ID"
	}
	return "reference"
}

// written reports whether d was written by Encode, so that its soupkit
// properties describe the whole list, Sources included.
func (d *Doc) written() bool {
	for _, p := range d.ListProps {
		if p.Name == schemaProp {
			return true
		}
	}
	return false
}

// ReadBack decodes what an encoder wrote in its first pass, without
// merging, and returns the items by reference.
func (d *Doc) ReadBack() (*soup.List, map[string]*soup.Item) {
	l, _ := d.Finish(false)
	byRef := make(map[string]*soup.Item, len(l.Items))
	for i, ref := range d.itemRefs {
		byRef[ref] = &l.Items[i]
	}
	return l, byRef
}

// takeItems moves the items of entries, in the entries' order, to the front
// of d.Items (the duplicates merged into them go behind) and returns them:
// the list takes the items over without copying them into a new slice.
func (d *Doc) takeItems(entries []*entry) []soup.Item {
	from := make([]int, len(d.Items)) // where the item for each index is now
	taken := make([]bool, len(d.Items))
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
		held, k := d.Items[i], i
		for {
			j := from[k]
			from[k] = -1
			if j == i {
				d.Items[k] = held
				break
			}
			d.Items[k], k = d.Items[j], j
		}
	}
	return d.Items[:len(entries):len(entries)]
}
