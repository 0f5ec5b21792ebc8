package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/soup"
)

// errNoMerge says the hand-written YAML could not be kept; the caller then
// writes the list afresh.
var errNoMerge = errors.New("cannot merge into the existing YAML")

// mergeYAML writes l as YAML in the shape of orig, a hand-written YAML
// document of a SOUP list: the comments, key order and scalar styles of
// everything l has not changed are kept, new keys are placed after their
// predecessor, new items are appended, and keys l no longer has are
// dropped. Blank lines and indentation are normalised by the YAML library.
//
// A key l leaves empty (notes: "", riskRefs: [], a mapping of empty
// values) is kept as it was written, with its comments: it reads back
// as the empty value l has, and a person who wrote it means to fill it.
//
// The result is read back and must give exactly l, and merging l into it
// again must give the same bytes (the YAML library moves some comments on
// each round trip until they settle); otherwise mergeYAML returns an error
// wrapping errNoMerge. It also returns the comments of orig that the
// result lacks (those of a key l dropped, or that the YAML library could
// not place), each as "line N: # text", so that the caller can say so.
func mergeYAML(orig []byte, l *soup.List) (merged []byte, lost []string, err error) {
	return mergeYAMLFrom(orig, nil, l)
}

// mergeYAMLFrom is mergeYAML where orig is known to read as curated (nil
// when it is not known, and orig is then read): a large list laid out as
// [soup.List.WriteYAML] writes it is merged item by item, each item that
// did not change copied as it is (mergeLaidOut), and a list kept by hand
// item by item from each item's text (mergeHand), with the same result.
func mergeYAMLFrom(orig []byte, curated, l *soup.List) (merged []byte, lost []string, err error) {
	if itemByItem {
		if curated != nil {
			if out, ok := mergeLaidOut(orig, curated, l); ok {
				return out, nil, nil
			}
		} else if c, err := soup.Parse(orig); err == nil {
			curated = c
		}
		if curated != nil {
			if out, lost, ok := mergeHand(orig, curated, l); ok {
				return out, lost, nil
			}
		}
	}
	out, err := mergeOnce(orig, l)
	for range 3 {
		if err != nil {
			return nil, nil, err
		}
		var again []byte
		if again, err = mergeOnce(out, l); err == nil && bytes.Equal(again, out) {
			return out, lostComments(orig, out), nil
		}
		out = again
	}
	return nil, nil, fmt.Errorf("%w: the YAML does not settle", errNoMerge)
}

// lostComments returns the comment lines of orig that out lacks, as
// "line N: # text", in the order of orig.
func lostComments(orig, out []byte) []string {
	collect := func(data []byte) []comment {
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil {
			return nil
		}
		return nodeComments(nil, &doc, func(n int) int { return n })
	}
	return lostFrom(collect(orig), collect(out))
}

// formatLost formats a lost comment as lostComments reports it.
func formatLost(c comment) string {
	return fmt.Sprintf("line %d: # %s", c.line, excerpt(c.text))
}

// mergeOnce is one pass of mergeYAML, without the check that the result
// is stable.
func mergeOnce(orig []byte, l *soup.List) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(orig, &doc); err != nil {
		return nil, fmt.Errorf("%w: %v", errNoMerge, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%w: not a mapping", errNoMerge)
	}
	if hasAnchors(&doc) {
		return nil, fmt.Errorf("%w: anchors and aliases", errNoMerge)
	}
	var b bytes.Buffer
	if !itemByItem || !mergeItemByItem(&b, &doc, l) {
		b.Reset()
		if err := mergeWhole(&b, &doc, l); err != nil {
			return nil, err
		}
	}
	// Loses nothing: the merged document must read back as l.
	back, err := soup.Parse(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNoMerge, err)
	}
	if !sameList(back, l) {
		return nil, fmt.Errorf("%w: the merged document reads differently", errNoMerge)
	}
	return b.Bytes(), nil
}

// mergeWhole merges l into doc and writes the result to b.
func mergeWhole(b *bytes.Buffer, doc *yaml.Node, l *soup.List) error {
	// l as a tree, by its own YAML: Node.Encode would run the YAML
	// library's emitter over the whole list, which keeps every event of
	// the document (gigabytes for a large list).
	var text bytes.Buffer
	if err := l.WriteYAML(&text); err != nil {
		return err
	}
	var freshDoc yaml.Node
	if err := yaml.Unmarshal(text.Bytes(), &freshDoc); err != nil || len(freshDoc.Content) != 1 {
		return fmt.Errorf("%w: the list does not read back (%v)", errNoMerge, err)
	}
	fresh := freshDoc.Content[0]
	doc.Content[0] = mergeNode(doc.Content[0], fresh)
	if err := encodeDoc(b, doc); err != nil {
		return fmt.Errorf("%w: %v", errNoMerge, err)
	}
	return nil
}

// itemByItem enables the merges item by item (mergeLaidOut,
// mergeItemByItem); the tests compare them with the whole-document merge.
var itemByItem = true

// chunkItems is the number of items from which encodeDoc writes the items
// one by one (a variable for the tests).
var chunkItems = 200

// encodeDoc writes doc, a SOUP list, as YAML. The YAML library keeps every
// event of a document until its end (about 200 bytes each: gigabytes for
// a list of 40,000 items), so that a list of chunkItems items or more is
// written in parts, as [soup.List.WriteYAML] does: the keys up to items,
// each item as a sequence of one indented under it, the keys after. A
// document whose comments around the items would not survive the cut is
// written whole.
func encodeDoc(b *bytes.Buffer, doc *yaml.Node) error {
	root := doc.Content[0]
	at := keyIndex(root.Content, "items")
	if at < 0 {
		return encodeNode(b, doc)
	}
	key, seq := root.Content[at], root.Content[at+1]
	if seq.Kind != yaml.SequenceNode || len(seq.Content) < chunkItems || seq.Style&yaml.FlowStyle != 0 ||
		seq.HeadComment+seq.LineComment+seq.FootComment+key.LineComment+key.FootComment+root.FootComment != "" ||
		seq.Content[len(seq.Content)-1].FootComment != "" ||
		at+2 == len(root.Content) && doc.FootComment != "" {
		return encodeNode(b, doc)
	}
	if err := encodeBefore(b, doc, at); err != nil {
		return err
	}
	var item bytes.Buffer
	for _, n := range seq.Content {
		if err := encodeItem(b, &item, seq, n); err != nil {
			return err
		}
	}
	return encodeAfter(b, doc, at)
}

// encodeBefore writes the keys of doc up to its items key, at at, and
// "items:" (as encodeDoc writes a list in parts).
func encodeBefore(b *bytes.Buffer, doc *yaml.Node, at int) error {
	empty := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	first := append(slices.Clone(doc.Content[0].Content[:at+1]), empty)
	if err := encodePart(b, doc, first, doc.HeadComment, ""); err != nil {
		return err
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("items: []\n")) {
		return errors.New("unexpected encoding of the items key")
	}
	b.Truncate(b.Len() - len(" []\n"))
	b.WriteString("\n")
	return nil
}

// encodeAfter writes the keys of doc after its items key, at at.
func encodeAfter(b *bytes.Buffer, doc *yaml.Node, at int) error {
	if rest := doc.Content[0].Content[at+2:]; len(rest) > 0 {
		return encodePart(b, doc, rest, "", doc.FootComment)
	}
	return nil
}

// encodePart writes the key-value pairs of doc's mapping as a document.
func encodePart(b *bytes.Buffer, doc *yaml.Node, pairs []*yaml.Node, head, foot string) error {
	m := *doc.Content[0]
	m.Content, m.HeadComment, m.FootComment = pairs, "", ""
	d := *doc
	d.Content, d.HeadComment, d.FootComment = []*yaml.Node{&m}, head, foot
	return encodeNode(b, &d)
}

// encodeItem writes the element n of the items sequence seq, as a
// sequence of one indented under items (scratch is a buffer).
func encodeItem(b, scratch *bytes.Buffer, seq, n *yaml.Node) error {
	scratch.Reset()
	one := *seq
	one.Content = []*yaml.Node{n}
	if err := encodeNode(scratch, &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{&one}}); err != nil {
		return err
	}
	for line := range bytes.Lines(scratch.Bytes()) {
		if len(line) > 1 {
			b.WriteString("  ")
		}
		b.Write(line)
	}
	return nil
}

// encodeNode appends n to b as YAML, two-space indented.
func encodeNode(b *bytes.Buffer, n *yaml.Node) error {
	enc := yaml.NewEncoder(b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	return enc.Close()
}

// sameList reports whether a and b encode alike (as [soup.List.WriteJSON]
// writes them, compared without its indentation).
func sameList(a, b *soup.List) bool {
	ja, err1 := listJSON(a)
	jb, err2 := listJSON(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// listJSON is l as WriteJSON writes it, not indented.
func listJSON(l *soup.List) ([]byte, error) {
	c := *l
	if c.Items == nil {
		c.Items = []soup.Item{}
	}
	return json.Marshal(&c)
}

func hasAnchors(n *yaml.Node) bool {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return true
	}
	return slices.ContainsFunc(n.Content, hasAnchors)
}

// mergeNode returns the node to write where old was, now that its value is
// fresh: old itself where the value is unchanged, else fresh's value with
// old's comments and style kept where they still fit.
func mergeNode(old, fresh *yaml.Node) *yaml.Node {
	if old.Kind != fresh.Kind {
		n := *fresh
		copyComments(&n, old)
		return &n
	}
	switch old.Kind {
	case yaml.ScalarNode:
		if old.Value == fresh.Value {
			return old
		}
		n := *fresh
		copyComments(&n, old)
		if old.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && fresh.Style == 0 {
			n.Style = old.Style
		}
		return &n
	case yaml.MappingNode:
		n := *old
		n.Content = mergeMapping(old.Content, fresh.Content)
		return &n
	case yaml.SequenceNode:
		n := *old
		n.Content = mergeSequence(old.Content, fresh.Content)
		return &n
	}
	return fresh
}

func copyComments(dst, src *yaml.Node) {
	dst.HeadComment, dst.LineComment, dst.FootComment = src.HeadComment, src.LineComment, src.FootComment
}

// mergeMapping merges the key-value pairs of fresh into those of old: old's
// order for the keys both have, each new key after the key that precedes
// it in fresh.
func mergeMapping(old, fresh []*yaml.Node) []*yaml.Node {
	oldAt := map[string]int{}
	for i := 0; i+1 < len(old); i += 2 {
		oldAt[old[i].Value] = i
	}
	freshAt := map[string]int{}
	for i := 0; i+1 < len(fresh); i += 2 {
		freshAt[fresh[i].Value] = i
	}
	var out []*yaml.Node
	for i := 0; i+1 < len(old); i += 2 {
		if j, ok := freshAt[old[i].Value]; ok {
			out = append(out, old[i], mergeNode(old[i+1], fresh[j+1]))
		} else if isEmpty(old[i+1]) {
			out = append(out, old[i], old[i+1])
		}
	}
	for j := 0; j+1 < len(fresh); j += 2 {
		if _, ok := oldAt[fresh[j].Value]; ok {
			continue
		}
		// Insert after the nearest preceding key of fresh that is already
		// in out; at the top only when no comment heads the mapping (it
		// may speak for the whole file).
		at := 0
		for p := j - 2; p >= 0; p -= 2 {
			if k := keyIndex(out, fresh[p].Value); k >= 0 {
				at = k + 2
				break
			}
		}
		if at == 0 && len(out) > 0 && out[0].HeadComment != "" {
			at = 2
		}
		out = slices.Insert(out, at, fresh[j], fresh[j+1])
	}
	return out
}

// isEmpty reports whether n reads as an empty value: null, "", false, an
// empty sequence, or a mapping of empty values.
func isEmpty(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return true
		case "!!str":
			return n.Value == ""
		case "!!bool":
			return n.Value == "false"
		}
	case yaml.SequenceNode:
		return len(n.Content) == 0
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			if !isEmpty(n.Content[i]) {
				return false
			}
		}
		return true
	}
	return false
}

func keyIndex(pairs []*yaml.Node, key string) int {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i].Value == key {
			return i
		}
	}
	return -1
}

// mergeSequence returns the elements of fresh, in its order, each merged
// with its old twin: the mapping with the same id (then name), the same
// scalar, else the unmatched old element at the same index.
func mergeSequence(old, fresh []*yaml.Node) []*yaml.Node {
	key := func(k func(*yaml.Node) (string, bool)) func(bool, int) (string, bool) {
		return func(isOld bool, i int) (string, bool) {
			if isOld {
				return k(old[i])
			}
			return k(fresh[i])
		}
	}
	twin := pairUp(len(old), len(fresh),
		func(j int) bool { return old[j].Kind == fresh[j].Kind && old[j].Kind != yaml.ScalarNode },
		key(func(n *yaml.Node) (string, bool) { return mappingValue(n, "id") }),
		key(func(n *yaml.Node) (string, bool) { return mappingValue(n, "name") }),
		key(func(n *yaml.Node) (string, bool) { return n.Value, n.Kind == yaml.ScalarNode }))
	out := make([]*yaml.Node, len(fresh))
	for j, f := range fresh {
		if twin[j] >= 0 {
			out[j] = mergeNode(old[twin[j]], f)
		} else {
			out[j] = f
		}
	}
	return out
}

// pairUp returns for each of nFresh elements the index of its twin among
// nOld elements, or -1: each fresh element takes the first unused old one
// of its key, by each key in turn (key reports the key of the old or
// fresh element i, and whether it has one), and an element left over the
// unused old one at its index when sameKind says they are alike. The old
// elements are indexed by key once, in order, so that matching is linear
// in the length of the sequence.
func pairUp(nOld, nFresh int, sameKind func(int) bool, keys ...func(old bool, i int) (string, bool)) []int {
	twin := make([]int, nFresh)
	used := make([]bool, nOld)
	for j := range twin {
		twin[j] = -1
	}
	for _, key := range keys {
		byKey := map[string][]int{}
		for i := range nOld {
			if k, ok := key(true, i); ok && !used[i] {
				byKey[k] = append(byKey[k], i)
			}
		}
		for j := range nFresh {
			if twin[j] >= 0 {
				continue
			}
			fk, ok := key(false, j)
			if !ok {
				continue
			}
			is := byKey[fk]
			for len(is) > 0 && used[is[0]] {
				is = is[1:]
			}
			if len(is) > 0 {
				twin[j], used[is[0]] = is[0], true
				is = is[1:]
			}
			byKey[fk] = is
		}
	}
	for j := range nFresh {
		if twin[j] < 0 && j < nOld && !used[j] && sameKind(j) {
			twin[j], used[j] = j, true
		}
	}
	return twin
}

// mappingValue returns the scalar value of key in the mapping n.
func mappingValue(n *yaml.Node, key string) (string, bool) {
	if n.Kind != yaml.MappingNode {
		return "", false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value, true
		}
	}
	return "", false
}
