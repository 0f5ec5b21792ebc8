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

// mergeItem fills the empty fields of dst from src, a duplicate of the
// same key and version.
func mergeItem(dst, src *soup.Item) { soup.Fill(dst, src) }
