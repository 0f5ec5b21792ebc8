package soup

import (
	"cmp"
	"fmt"
	"slices"
)

// Merge combines the lists of the software items of one device, such as
// the scans of several repositories, into one list. The same package (same
// key and version) in several lists becomes one item; each item records in
// Systems the software systems it came from (each list's System.Name, else
// its first source's name, else "system N"). The first list's system and
// document control are kept, sources are concatenated, fields are filled
// from the first list that has them, and an item is direct if any list uses
// it directly. Items are sorted by key and version and numbered afresh; use
// [Reconcile] against a curated list to carry stable IDs over. The inputs
// are not modified.
func Merge(lists ...*List) *List {
	out := &List{}
	type origin struct {
		list int
		id   string
	}
	index := map[[2]string]int{} // key, version → index in out.Items
	var from [][]origin
	for n, l := range lists {
		if l == nil {
			continue
		}
		if n == 0 || out.System == (System{}) {
			out.System = l.System
		}
		if out.Document.ID == "" && out.Document.Title == "" {
			out.Document = l.Clone().Document
		}
		if out.RiskLevels == (RiskLevels{}) {
			out.RiskLevels = l.RiskLevels
		}
		out.Sources = append(out.Sources, l.Clone().Sources...)
		label := cmp.Or(l.System.Name, firstSourceName(l), fmt.Sprintf("system %d", n+1))
		for i := range l.Items {
			it := cloneItem(&l.Items[i])
			it.Systems = union(it.Systems, []string{label})
			k := [2]string{string(it.Key()), it.Version}
			j, seen := index[k]
			if !seen {
				index[k] = len(out.Items)
				out.Items = append(out.Items, *it)
				from = append(from, []origin{{n, it.ID}})
				continue
			}
			dst := &out.Items[j]
			direct := dst.Dependency == Direct || it.Dependency == Direct
			removed := dst.Removed
			Fill(dst, it)
			if direct {
				dst.Dependency = Direct
			}
			dst.Removed = removed
			from[j] = append(from[j], origin{n, l.Items[i].ID})
		}
	}
	// Number afresh in key order and rewrite the dependency links of each
	// input's ID space.
	order := make([]int, len(out.Items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareItems(&out.Items[a], &out.Items[b]) })
	ids := map[origin]string{}
	items := make([]Item, len(out.Items))
	for n, i := range order {
		items[n] = out.Items[i]
		items[n].ID = FormatID(n + 1)
		for _, o := range from[i] {
			if o.id != "" {
				ids[o] = items[n].ID
			}
		}
	}
	for n, i := range order {
		var req []string
		for _, o := range from[i] {
			src := lists[o.list].Item(o.id)
			if o.id == "" || src == nil {
				continue
			}
			for _, r := range src.RequiredBy {
				if id, ok := ids[origin{o.list, r}]; ok && !slices.Contains(req, id) {
					req = append(req, id)
				}
			}
		}
		slices.SortFunc(req, CompareIDs)
		items[n].RequiredBy = req
	}
	out.Items = items
	return out
}

func firstSourceName(l *List) string {
	if len(l.Sources) > 0 {
		return l.Sources[0].Name
	}
	return ""
}
