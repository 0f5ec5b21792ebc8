package form

import (
	"cmp"
	"slices"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

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
// once sorted, into the first in the document that is truly the same
// package (see samePackage), in document order, and returns the entries
// left and how many were merged.
func mergeDuplicates(entries []*entry) ([]*entry, int) {
	kept := entries[:0]
	run := 0 // where the entries of the current key and version start in kept
	for _, e := range entries {
		if run < len(kept) {
			if h := kept[run]; h.key != e.key || h.item.Version != e.item.Version {
				run = len(kept)
			}
		}
		merged := false
		for _, h := range kept[run:] {
			if samePackage(h.item, e.item) {
				mergeEntry(h, e)
				merged = true
				break
			}
		}
		if !merged {
			kept = append(kept, e)
		}
	}
	return kept, len(entries) - len(kept)
}

// samePackage reports whether a and b, of one key and version, are the same
// package: the same name (ignoring case) and no digest of one algorithm
// that differs. Two components whose purls lack a version (or whose keys
// come from a purl shared by several) are not merged only for that. Items
// with neither name nor purl (an SPDX 3 AI package and a dataset written
// without names) have nothing to be the same by and are never merged.
func samePackage(a, b *soup.Item) bool {
	if !strings.EqualFold(a.Name, b.Name) || a.Name == "" && a.PURL == "" {
		return false
	}
	for _, x := range a.Hashes {
		for _, y := range b.Hashes {
			if strings.EqualFold(x.Algorithm, y.Algorithm) && !strings.EqualFold(x.Value, y.Value) {
				return false
			}
		}
	}
	return true
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

// mergeItem fills the empty fields of dst from src, a duplicate of the
// same key and version.
func mergeItem(dst, src *soup.Item) { soup.Fill(dst, src) }
