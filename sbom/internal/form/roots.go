package form

import (
	"cmp"
	"slices"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// Root is a root element of a document: what an SPDX 2 document
// DESCRIBES, an SPDX 3 SBOM's rootElement.
type Root struct {
	// Ref is the element's reference.
	Ref string
	// Item is what the element carries, mapped as for an item.
	Item soup.Item
	// Key is the key of the item's purl, when computed.
	Key soup.Key
	// Props are the element's soupkit properties.
	Props []Prop
	// File marks a file, which is never a SOUP item.
	File bool
}

// SetRoots makes the subject of d from the document's root elements, by
// the rule every SPDX version shares, once every node and edge is added.
// doc is a reference no element has, standing for the document; name is
// the document's name.
//
//   - One root is the system (List.System), its soupkit properties the
//     list's.
//   - Of several, a root through which the dependency graph reaches an
//     item heads a system of its own; a root that reaches none is what
//     the document lists: a package is an item the document depends on
//     directly, a file is counted as a file.
//   - One such system is the list's system, as if it were the only root.
//     Several are several systems, represented as soup.Merge represents
//     the lists of several systems: List.System is named after the
//     document (else after the systems), with the version and manufacturer
//     they share, and each item names in Item.Systems the systems that
//     reach it, in document order.
//
// No root is dropped: each is the system, a system its items name, an
// item, or a counted file. What a SOUP list has no place for — the
// anomalies and soupkit properties of a system that is not the list's
// only one — is counted.
func (d *Doc) SetRoots(doc, name string, roots []Root) {
	switch len(roots) {
	case 0:
		return
	case 1:
		d.setSystem(roots[0])
		return
	}
	isRoot := make(map[string]bool, len(roots))
	for _, r := range roots {
		isRoot[r.Ref] = true
	}
	isItem := make(map[string]bool, len(d.Nodes))
	for _, n := range d.Nodes {
		if n.Ref != "" && !isRoot[n.Ref] {
			isItem[n.Ref] = true
		}
	}
	out, in := map[string][]string{}, map[string][]string{}
	for _, e := range d.edges {
		out[e.from] = append(out[e.from], e.to)
		in[e.to] = append(in[e.to], e.from)
	}
	// Whatever reaches an item, found from the items backwards in one
	// pass, so that a document describing thousands of packages costs no
	// walk per root.
	reaches := map[string]bool{}
	var queue []string
	for ref := range isItem {
		queue = append(queue, ref)
	}
	slices.Sort(queue)
	for len(queue) > 0 {
		at := queue[0]
		queue = queue[1:]
		for _, from := range in[at] {
			if !reaches[from] {
				reaches[from] = true
				queue = append(queue, from)
			}
		}
	}
	var heads []Root
	for _, r := range roots {
		if reaches[r.Ref] {
			heads = append(heads, r)
			continue
		}
		if r.File {
			d.Rep.Ignore("file", 1)
			d.Skip(r.Ref)
			continue
		}
		// A package below which the document lists nothing: software the
		// document lists for itself.
		it := d.NewItem()
		*it = r.Item
		d.Add(Node{Ref: r.Ref, Key: r.Key, Props: r.Props})
		d.AddEdge(doc, r.Ref)
	}
	d.Roots = append(d.Roots, doc)
	if len(heads) == 1 {
		d.setSystem(heads[0])
		return
	}
	labels := systemLabels(heads)
	d.System = soup.System{Name: cmp.Or(name, strings.Join(labels, ", "))}
	if len(heads) == 0 {
		return
	}
	d.System.Version, d.System.Manufacturer = heads[0].Item.Version, heads[0].Item.Manufacturer
	for _, h := range heads {
		d.Roots = append(d.Roots, h.Ref)
		if h.Item.Version != d.System.Version {
			d.System.Version = ""
		}
		if h.Item.Manufacturer != d.System.Manufacturer {
			d.System.Manufacturer = ""
		}
		d.Rep.Ignore("anomaly of a system", len(h.Item.Anomalies))
		d.Rep.Ignore("soupkit property of a system", len(h.Props))
	}
	// Each item names the systems that reach it, in document order.
	at := make(map[string]int, len(d.Nodes))
	for i, n := range d.Nodes {
		at[n.Ref] = i
	}
	for j, h := range heads {
		seen := map[string]bool{h.Ref: true}
		queue := []string{h.Ref}
		for len(queue) > 0 {
			ref := queue[0]
			queue = queue[1:]
			for _, to := range out[ref] {
				if seen[to] {
					continue
				}
				seen[to] = true
				queue = append(queue, to)
				if i, ok := at[to]; ok && isItem[to] {
					it := &d.Items[i]
					if !slices.Contains(it.Systems, labels[j]) {
						it.Systems = append(it.Systems, labels[j])
					}
				}
			}
		}
	}
}

// setSystem makes r the document's only system.
func (d *Doc) setSystem(r Root) {
	d.System = soup.System{Name: r.Item.Name, Version: r.Item.Version, Manufacturer: r.Item.Manufacturer}
	d.ListProps = append(slices.Clip(r.Props), d.ListProps...)
	d.Roots = append(d.Roots, r.Ref)
	d.Rep.Ignore("anomaly of a system", len(r.Item.Anomalies))
}

// systemLabels names each system as an item's Systems names it: by its
// name, with its version where two systems share a name, else by its
// reference.
func systemLabels(roots []Root) []string {
	names := map[string]int{}
	for _, r := range roots {
		names[r.Item.Name]++
	}
	out := make([]string, len(roots))
	for i, r := range roots {
		switch {
		case r.Item.Name == "":
			out[i] = r.Ref
		case names[r.Item.Name] > 1 && r.Item.Version != "":
			out[i] = r.Item.Name + " " + r.Item.Version
		default:
			out[i] = r.Item.Name
		}
	}
	return out
}
