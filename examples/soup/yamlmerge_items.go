package main

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/soup"
)

// mergeLaidOut is mergeYAML for a file orig laid out as
// [soup.List.WriteYAML] writes curated (what sync writes), and a list l
// written in parts (chunkItems items or more), without parsing and
// encoding the whole document through the YAML library: such a file has
// no comment, so that the merge of an item depends on that item alone,
// and an item written as it was is written as it is. Only the items whose
// text changed, and the keys around the items, are merged through the
// YAML library, as mergeYAML merges them, each until it settles; the
// result is read back, each part that did not come from orig. It reports
// false whenever any of this does not hold, and the caller merges the
// whole document.
func mergeLaidOut(orig []byte, curated, l *soup.List) ([]byte, bool) {
	if len(curated.Items) == 0 || len(l.Items) < chunkItems || !uniqueIDs(l) {
		return nil, false
	}
	oldHead, oldTail, ok := yamlAround(curated)
	if !ok {
		return nil, false
	}
	oldItems, ok := itemsIn(orig, oldHead, curated, oldTail)
	if !ok {
		return nil, false
	}
	newHead, newTail, ok := yamlAround(l)
	if !ok {
		return nil, false
	}
	head, tail, ok := mergeAround(oldHead, oldTail, newHead, newTail)
	if !ok {
		return nil, false
	}

	twin := pairItems(curated, l)

	out := bytes.NewBuffer(make([]byte, 0, len(orig)+len(orig)/8))
	out.Write(head)
	// What did not come from orig is read back: the keys around the
	// items and the new items together, each merged item alone.
	var (
		added   []byte // the new items' text
		check   = *l
		scratch []byte
		err     error
	)
	check.Items = nil
	for j := range l.Items {
		if scratch, err = soup.AppendItemYAML(scratch[:0], &l.Items[j]); err != nil {
			return nil, false
		}
		text := scratch
		switch {
		case twin[j] >= 0 && bytes.Equal(oldItems[twin[j]], text):
		case twin[j] < 0:
			check.Items = append(check.Items, l.Items[j])
			added = append(added, text...)
		default:
			if text, ok = mergeItem(oldItems[twin[j]], text); !ok || !readsAs(append([]byte("items:\n"), text...), &soup.List{Items: l.Items[j : j+1]}) {
				return nil, false
			}
		}
		out.Write(text)
	}
	out.Write(tail)

	var doc bytes.Buffer
	doc.Write(head)
	if len(added) == 0 {
		doc.Truncate(doc.Len() - 1)
		doc.WriteString(" []\n")
	}
	doc.Write(added)
	doc.Write(tail)
	if !readsAs(doc.Bytes(), &check) {
		return nil, false
	}
	return out.Bytes(), true
}

// itemsIn returns the text of each item of curated in orig, when orig is
// head, "items:", each item as [soup.AppendItemYAML] writes it, and tail.
func itemsIn(orig, head []byte, curated *soup.List, tail []byte) ([][]byte, bool) {
	const key = "items:\n"
	if !bytes.HasPrefix(orig, head) || !bytes.HasPrefix(orig[len(head):], []byte(key)) {
		return nil, false
	}
	at := len(head) + len(key)
	items := make([][]byte, len(curated.Items))
	var (
		text []byte
		err  error
	)
	for i := range curated.Items {
		if text, err = soup.AppendItemYAML(text[:0], &curated.Items[i]); err != nil || !bytes.HasPrefix(orig[at:], text) {
			return nil, false
		}
		items[i] = orig[at : at+len(text) : at+len(text)]
		at += len(text)
	}
	return items, bytes.Equal(orig[at:], tail)
}

// uniqueIDs reports whether every item of l has an ID of its own, so that
// a second merge pairs each item of the result with the item of l it came
// from.
func uniqueIDs(l *soup.List) bool {
	seen := make(map[string]bool, len(l.Items))
	for i := range l.Items {
		id := l.Items[i].ID
		if id == "" || seen[id] {
			return false
		}
		seen[id] = true
	}
	return true
}

// yamlAround returns what [soup.List.WriteYAML] writes for l before
// "items:" and after the items.
func yamlAround(l *soup.List) (head, tail []byte, ok bool) {
	c := *l
	c.Items = nil
	var b bytes.Buffer
	if c.WriteYAML(&b) != nil {
		return nil, nil, false
	}
	const empty = "items: []\n"
	data := b.Bytes()
	i := bytes.Index(data, []byte("\n"+empty))
	switch {
	case bytes.HasPrefix(data, []byte(empty)):
		i = 0
	case i < 0:
		return nil, nil, false
	default:
		i++
	}
	return data[:i], data[i+len(empty):], true
}

// mergeAround merges the keys around the items of the fresh list (newHead,
// newTail) into those of the old (oldHead, oldTail) as mergeYAML merges a
// document written in parts, until they settle, and returns the text
// before the items, "items:\n" included, and after them.
func mergeAround(oldHead, oldTail, newHead, newTail []byte) (head, tail []byte, ok bool) {
	around := func(head, tail []byte) []byte {
		return slices.Concat(head, []byte("items: []\n"), tail)
	}
	fresh := around(newHead, newTail)
	once := func(head, tail []byte) ([]byte, []byte, bool) {
		var doc, freshDoc yaml.Node
		if yaml.Unmarshal(around(head, tail), &doc) != nil || yaml.Unmarshal(fresh, &freshDoc) != nil ||
			len(doc.Content) != 1 || len(freshDoc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
			return nil, nil, false
		}
		doc.Content[0] = mergeNode(doc.Content[0], freshDoc.Content[0])
		at := keyIndex(doc.Content[0].Content, "items")
		if at < 0 {
			return nil, nil, false
		}
		var b bytes.Buffer
		if encodeBefore(&b, &doc, at) != nil {
			return nil, nil, false
		}
		n := b.Len()
		if encodeAfter(&b, &doc, at) != nil {
			return nil, nil, false
		}
		h := b.Bytes()[:n]
		return h[:len(h)-len("items:\n")], b.Bytes()[n:], true
	}
	head, tail, ok = once(oldHead, oldTail)
	for range 3 {
		if !ok {
			return nil, nil, false
		}
		h, t, ok2 := once(head, tail)
		if ok2 && bytes.Equal(h, head) && bytes.Equal(t, tail) {
			return append(head, "items:\n"...), tail, true
		}
		head, tail, ok = h, t, ok2
	}
	return nil, nil, false
}

// mergeItem merges the item written as fresh into the item written as old
// (each an element of the items sequence, two spaces in) as mergeYAML
// merges one item of a document written in parts, until it settles.
func mergeItem(old, fresh []byte) ([]byte, bool) {
	once := func(old []byte) ([]byte, bool) {
		o, ok1 := itemNode(old)
		f, ok2 := itemNode(fresh)
		if !ok1 || !ok2 {
			return nil, false
		}
		var b, scratch bytes.Buffer
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if encodeItem(&b, &scratch, seq, mergeNode(o, f)) != nil {
			return nil, false
		}
		return b.Bytes(), true
	}
	out, ok := once(old)
	for range 3 {
		if !ok {
			return nil, false
		}
		again, ok2 := once(out)
		if ok2 && bytes.Equal(again, out) {
			return out, true
		}
		out, ok = again, ok2
	}
	return nil, false
}

// itemNode parses an element of the items sequence.
func itemNode(text []byte) (*yaml.Node, bool) {
	var doc yaml.Node
	if yaml.Unmarshal(append([]byte("items:\n"), text...), &doc) != nil || len(doc.Content) != 1 {
		return nil, false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode || len(root.Content) != 2 || root.Content[1].Kind != yaml.SequenceNode ||
		len(root.Content[1].Content) != 1 || hasAnchors(root) {
		return nil, false
	}
	return root.Content[1].Content[0], true
}

// readsAs reports whether data reads as l.
func readsAs(data []byte, l *soup.List) bool {
	back, err := soup.Parse(data)
	return err == nil && sameList(back, l)
}

// mergeItemByItem is mergeWhole for a document written in parts (as
// encodeDoc writes a list of chunkItems items or more): the items of l
// are read back from their YAML one at a time, each merged into its twin
// in doc and written, so that the tree of l's YAML is never whole in
// memory beside doc's. It writes to b what mergeWhole writes, and reports
// false, having written part of it or nothing, when the document is not
// so written or anything fails; the caller then merges the whole.
func mergeItemByItem(b *bytes.Buffer, doc *yaml.Node, l *soup.List) bool {
	root := doc.Content[0]
	at := keyIndex(root.Content, "items")
	if at < 0 || root.Content[at+1].Kind != yaml.SequenceNode || len(l.Items) < chunkItems {
		return false
	}
	for i := range l.Items {
		if !utf8.ValidString(l.Items[i].ID) || !utf8.ValidString(l.Items[i].Name) {
			return false // written as !!binary, not compared as text
		}
	}
	old := root.Content[at+1].Content
	// The keys around the items, merged as the whole document merges
	// them: l's items stand in for an empty sequence.
	head, tail, ok := yamlAround(l)
	if !ok {
		return false
	}
	var freshDoc yaml.Node
	if yaml.Unmarshal(slices.Concat(head, []byte("items: []\n"), tail), &freshDoc) != nil ||
		len(freshDoc.Content) != 1 || freshDoc.Content[0].Kind != yaml.MappingNode {
		return false
	}
	merged := *doc
	merged.Content = []*yaml.Node{mergeNode(root, freshDoc.Content[0])}
	mroot := merged.Content[0]
	at = keyIndex(mroot.Content, "items")
	if at < 0 || mroot.Content[at+1].Kind != yaml.SequenceNode {
		return false
	}
	key, seq := mroot.Content[at], mroot.Content[at+1]

	// Each item's twin, as mergeSequence pairs them: by id, by name, by
	// place.
	twin := pairUp(len(old), len(l.Items),
		func(j int) bool { return old[j].Kind == yaml.MappingNode },
		func(isOld bool, i int) (string, bool) {
			if isOld {
				return mappingValue(old[i], "id")
			}
			return l.Items[i].ID, l.Items[i].ID != ""
		},
		func(isOld bool, i int) (string, bool) {
			if isOld {
				return mappingValue(old[i], "name")
			}
			return l.Items[i].Name, l.Items[i].Name != ""
		})
	// encodeDoc's test of a document it can write in parts.
	lastFoot := ""
	if t := twin[len(twin)-1]; t >= 0 {
		lastFoot = old[t].FootComment
	}
	if seq.Style&yaml.FlowStyle != 0 ||
		seq.HeadComment+seq.LineComment+seq.FootComment+key.LineComment+key.FootComment+mroot.FootComment+lastFoot != "" ||
		at+2 == len(mroot.Content) && merged.FootComment != "" {
		return false
	}
	if encodeBefore(b, &merged, at) != nil {
		return false
	}
	var (
		text    []byte
		err     error
		scratch bytes.Buffer
	)
	for j := range l.Items {
		if text, err = soup.AppendItemYAML(text[:0], &l.Items[j]); err != nil {
			return false
		}
		n, ok := itemNode(text)
		if !ok {
			return false
		}
		if twin[j] >= 0 {
			n = mergeNode(old[twin[j]], n)
		}
		if encodeItem(b, &scratch, seq, n) != nil {
			return false
		}
	}
	return encodeAfter(b, &merged, at) == nil
}

// pairItems returns, for each item of l, the index of its twin among
// curated's items, or -1 (by ID, then by name, as pairUp pairs them).
func pairItems(curated, l *soup.List) []int {
	key := func(k func(*soup.Item) string) func(bool, int) (string, bool) {
		return func(isOld bool, i int) (string, bool) {
			it := &l.Items[i]
			if isOld {
				it = &curated.Items[i]
			}
			v := k(it)
			return v, v != ""
		}
	}
	return pairUp(len(curated.Items), len(l.Items), func(int) bool { return true },
		key(func(it *soup.Item) string { return it.ID }),
		key(func(it *soup.Item) string { return it.Name }))
}
