package main

import (
	"bytes"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/soup"
)

// A soup.yaml as a person keeps it (comments above items and after
// values, flow lists, block scalars, blank lines) is not laid out as sync
// writes it, and mergeLaidOut cannot take it. Its merge through the whole
// document parses and encodes the file several times, and holds its tree
// of nodes; yet that merge treats each item alone (mergeItemByItem): the
// result of an item depends on its own node, comments included, and its
// fresh twin. mergeHand does the same merge one item at a time, from the
// item's own text: it cuts the file where the YAML library cannot move a
// comment across the cut (splitHand), parses each piece alone, merges and
// encodes it (on every processor), copies an item the merge leaves as it is, and reads back
// only what it wrote anew. What it cannot prove it does as the whole merge
// does (a comment it cannot place, anchors, a second document, items not
// two spaces in, a part that does not settle) it leaves to that merge.

// handSplit is a soup.yaml cut around its items.
type handSplit struct {
	head, tail []byte   // the text before "items:\n" and after the items
	items      [][]byte // each item's text (see splitHand)
	lines      []int    // the line of each item's first line
	itemsLine  int      // the line of "items:"
	itemLines  int      // the lines of all items
}

// splitHand cuts orig into the text before a line "items:" at the top,
// the items, and the text after them (from the next line that starts at
// the first column), when the YAML library gives each comment of the items
// to the item whose text holds it. An item's text runs from the end of the
// previous item's last value line (or from "items:") to its own last value
// line: the blank lines and the comment lines two spaces in that head its
// "  - " line (the library's head comment of the item), its lines, and
// after the last item the blank lines before the rest. A comment line in
// any other place between two items, or after the last, a comment or a
// line at the first column inside the items, a line two spaces in that
// does not start an item, tabs, carriage returns or a second document
// make it report false.
func splitHand(orig []byte) (*handSplit, bool) {
	const key = "items:\n"
	at := 0
	if !bytes.HasPrefix(orig, []byte(key)) {
		i := bytes.Index(orig, []byte("\n"+key))
		if i < 0 {
			return nil, false
		}
		at = i + 1
	}
	if len(orig) == 0 || orig[len(orig)-1] != '\n' {
		return nil, false
	}
	s := &handSplit{head: orig[:at], itemsLine: bytes.Count(orig[:at], []byte("\n")) + 1}
	const (
		content  = iota // after a value line: nothing in the gap yet
		blanks          // blank lines
		comments        // blank lines, then comment lines two spaces in
		bad             // anything else: this gap cannot end an item
	)
	var (
		pos       = at + len(key)
		line      = s.itemsLine + 1
		gap       = content
		gapAt     = pos // where the gap after the last value line starts
		gapLine   = line
		itemStart = -1 // start of the current item's text
		startLine = 0
	)
	for pos < len(orig) {
		end := pos + bytes.IndexByte(orig[pos:], '\n') + 1
		l := orig[pos:end]
		n := 0
		for n < len(l) && l[n] == ' ' {
			n++
		}
		switch {
		case bytes.ContainsAny(l, "\r\t"):
			return nil, false
		case l[n] == '\n': // blank
			if gap == content {
				gap = blanks
			} else if gap == comments {
				gap = bad
			}
		case n == 0 && l[0] == '#':
			return nil, false
		case n == 0: // the rest of the document
			s.tail = orig[pos:]
			goto done
		case l[n] == '#':
			if n == 2 && gap != bad {
				gap = comments
			} else {
				gap = bad
			}
		case n == 2 && bytes.HasPrefix(l, []byte("  - ")):
			if gap == bad {
				return nil, false
			}
			if itemStart >= 0 {
				s.items = append(s.items, orig[itemStart:gapAt])
				s.lines = append(s.lines, startLine)
				itemStart, startLine = gapAt, gapLine
			} else {
				itemStart, startLine = at+len(key), s.itemsLine+1
			}
			gap, gapAt, gapLine = content, end, line+1
		case n < 3 || itemStart < 0:
			return nil, false
		default: // a line of the item's values
			gap, gapAt, gapLine = content, end, line+1
		}
		pos = end
		line++
	}
done:
	if itemStart < 0 || gap == comments || gap == bad {
		return nil, false
	}
	itemsEnd := len(orig) - len(s.tail)
	s.items = append(s.items, orig[itemStart:itemsEnd])
	s.lines = append(s.lines, startLine)
	s.itemLines = bytes.Count(orig[at+len(key):itemsEnd], []byte("\n"))
	for t := s.tail; len(t) > 0; {
		if bytes.HasPrefix(t, []byte("---")) || bytes.HasPrefix(t, []byte("...")) {
			return nil, false // a second document
		}
		i := bytes.IndexByte(t, '\n')
		t = t[i+1:]
	}
	return s, true
}

// comment is a comment of a document, by text, at the line of the node
// that holds it (as lostComments reports it).
type comment struct {
	line int
	text string
}

// nodeComments appends the comments of n and of the nodes in it, in the
// order lostComments walks them; lineAt maps a node's line to the line
// the caller reports.
func nodeComments(cs []comment, n *yaml.Node, lineAt func(int) int) []comment {
	for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
		if c == "" {
			continue
		}
		for _, line := range bytes.Split([]byte(c), []byte("\n")) {
			if t := bytes.TrimSpace(bytes.TrimLeft(bytes.TrimSpace(line), "#")); len(t) > 0 {
				cs = append(cs, comment{lineAt(n.Line), string(t)})
			}
		}
	}
	for _, c := range n.Content {
		cs = nodeComments(cs, c, lineAt)
	}
	return cs
}

// lostFrom returns the comments of orig that out lacks, as "line N: #
// text", in the order of orig: of comments of equal text, those after the
// ones out still has.
func lostFrom(orig, out []comment) []string {
	have := map[string]int{}
	for _, c := range out {
		have[c.text]++
	}
	var lost []string
	for _, c := range orig {
		if have[c.text] > 0 {
			have[c.text]--
			continue
		}
		lost = append(lost, formatLost(c))
	}
	return lost
}

// parseHandItem parses text, an item's text as splitHand cuts it, alone.
// It reports false when the text does not read as one mapping, holds an
// anchor or alias, or has a comment the YAML library gives to something
// else than the item (which it might then give elsewhere in the whole
// document).
func parseHandItem(text []byte) (*yaml.Node, bool) {
	var doc yaml.Node
	if yaml.Unmarshal(append([]byte("items:\n"), text...), &doc) != nil || len(doc.Content) != 1 {
		return nil, false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode || len(root.Content) != 2 {
		return nil, false
	}
	key, seq := root.Content[0], root.Content[1]
	if seq.Kind != yaml.SequenceNode || len(seq.Content) != 1 || seq.Content[0].Kind != yaml.MappingNode ||
		doc.HeadComment+doc.LineComment+doc.FootComment+root.HeadComment+root.LineComment+root.FootComment != "" ||
		key.HeadComment+key.LineComment+key.FootComment+seq.HeadComment+seq.LineComment+seq.FootComment != "" ||
		hasAnchors(root) {
		return nil, false
	}
	return seq.Content[0], true
}

// identical reports whether m, what mergeNode made of o, is o: the same
// nodes, or copies of them with the same nodes in them.
func identical(m, o *yaml.Node) bool {
	if m == o {
		return true
	}
	if len(m.Content) != len(o.Content) {
		return false
	}
	if m.Kind != o.Kind || m.Style != o.Style || m.Tag != o.Tag || m.Value != o.Value || m.Anchor != o.Anchor ||
		m.Alias != o.Alias || m.HeadComment != o.HeadComment || m.LineComment != o.LineComment ||
		m.FootComment != o.FootComment || m.Line != o.Line || m.Column != o.Column {
		return false
	}
	for i := range m.Content {
		if !identical(m.Content[i], o.Content[i]) {
			return false
		}
	}
	return true
}

// itemSeq is the sequence an item is encoded in, as mergeItemByItem's
// items sequence (a block sequence read from the file).
var itemSeq = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}

// handMerger merges the items of a hand-written file, one at a time.
type handMerger struct {
	buf, scratch bytes.Buffer
	fresh        []byte
}

// encode returns the text of the item node n (in h.buf, valid until the
// next call).
func (h *handMerger) encode(n *yaml.Node) ([]byte, bool) {
	h.buf.Reset()
	if encodeItem(&h.buf, &h.scratch, itemSeq, n) != nil {
		return nil, false
	}
	return h.buf.Bytes(), true
}

// item merges l's item it into old, the text of its twin in the file
// (nil for a new item) read as o, as the whole merge does round after
// round until the result settles, and returns the result and the comments
// it holds (nil when the result is old itself: old's comments). same says that old reads as it. last says it is the last
// item, which must have no foot comment (the whole merge would then not
// go item by item).
func (h *handMerger) item(old []byte, o *yaml.Node, it *soup.Item, same, last bool) (out []byte, outCs []comment, ok bool) {
	var err error
	if h.fresh, err = soup.AppendItemYAML(h.fresh[:0], it); err != nil {
		return nil, nil, false
	}
	if o != nil && last && o.FootComment != "" {
		return nil, nil, false
	}
	f, ok := itemNode(h.fresh)
	if !ok {
		return nil, nil, false
	}
	m := f
	if o != nil {
		m = mergeNode(o, f)
	}
	text, ok := h.encode(m)
	if !ok {
		return nil, nil, false
	}
	if o != nil && identical(m, o) && bytes.Equal(text, old) {
		// Written as it was: settled, and read as it was.
		if !same && !h.readsAs(old, it) {
			return nil, nil, false
		}
		return old, nil, true
	}
	out = slices.Clone(text)
	for range 3 {
		if !h.readsAs(out, it) {
			return nil, nil, false
		}
		o, ok := parseHandItem(out)
		if !ok || last && o.FootComment != "" {
			return nil, nil, false
		}
		// The whole merge reads its output again as a whole: the text
		// must be cut as it is here.
		if s, ok := splitHand(append([]byte("items:\n"), out...)); !ok || len(s.items) != 1 || len(s.tail) != 0 {
			return nil, nil, false
		}
		f, ok := itemNode(h.fresh)
		if !ok {
			return nil, nil, false
		}
		again, ok := h.encode(mergeNode(o, f))
		if !ok {
			return nil, nil, false
		}
		if bytes.Equal(again, out) {
			return out, nodeComments(nil, o, func(n int) int { return n }), true
		}
		out = slices.Clone(again)
	}
	return nil, nil, false
}

// readsAs reports whether the item text reads as it.
func (h *handMerger) readsAs(text []byte, it *soup.Item) bool {
	return readsAs(append([]byte("items:\n"), text...), &soup.List{Items: []soup.Item{*it}})
}

// mergeHand is mergeYAML for a file orig that reads as curated, merged
// item by item from its text (see handSplit) with the same result as the
// whole merge; it reports false when it cannot show that, and the caller
// merges the whole document.
func mergeHand(orig []byte, curated, l *soup.List) (merged []byte, lost []string, ok bool) {
	if len(l.Items) < chunkItems || len(l.Items) == 0 || !uniqueIDs(l) {
		return nil, nil, false
	}
	for i := range l.Items {
		if !utf8.ValidString(l.Items[i].ID) || !utf8.ValidString(l.Items[i].Name) {
			return nil, nil, false // written as !!binary, not compared as text
		}
	}
	s, ok := splitHand(orig)
	if !ok || len(s.items) != len(curated.Items) {
		return nil, nil, false
	}
	head, tail, aroundOrig, aroundOut, ok := mergeHandAround(s, l)
	if !ok {
		return nil, nil, false
	}

	// Each item's twin, as mergeItemByItem pairs them; the keys are taken
	// from curated and checked against each item's node as it is read.
	twin := pairItems(curated, l)

	var (
		itemCs  = make([][]comment, len(s.items)) // each old item's comments
		matched = make([]bool, len(s.items))
		texts   = make([][]byte, len(l.Items))    // each item's result
		newCs   = make([][]comment, len(l.Items)) // and its comments
		workers = make([]handMerger, inParallel(len(l.Items)))
	)
	for _, t := range twin {
		if t >= 0 {
			matched[t] = true
		}
	}
	// readOld reads the old item i, and checks that the keys pairUp
	// took from curated are those of its node.
	readOld := func(i int) (*yaml.Node, bool) {
		n, ok := parseHandItem(s.items[i])
		if !ok {
			return nil, false
		}
		id, hasID := mappingValue(n, "id")
		name, hasName := mappingValue(n, "name")
		c := &curated.Items[i]
		if id != c.ID || hasID != (c.ID != "") || name != c.Name || hasName != (c.Name != "") {
			return nil, false
		}
		itemCs[i] = nodeComments(nil, n, func(n int) int { return n })
		return n, true
	}
	// The items are merged apart, so on every processor.
	ok = forEach(len(l.Items), func(w, j int) bool {
		var (
			old  []byte
			o    *yaml.Node
			same bool
		)
		if t := twin[j]; t >= 0 {
			var read bool
			if o, read = readOld(t); !read {
				return false
			}
			old = s.items[t]
			same = reflect.DeepEqual(&curated.Items[t], &l.Items[j])
		}
		text, cs, ok := workers[w].item(old, o, &l.Items[j], same, j == len(l.Items)-1)
		if !ok {
			return false
		}
		if cs == nil && o != nil && bytes.Equal(text, old) {
			cs = itemCs[twin[j]]
		}
		texts[j], newCs[j] = text, cs
		return true
	})
	// The items l no longer has: dropped, their comments lost.
	ok = ok && forEach(len(s.items), func(_, i int) bool {
		if matched[i] {
			return true
		}
		_, ok := readOld(i)
		return ok
	})
	if !ok {
		return nil, nil, false
	}
	size := len(head) + len(tail)
	for _, t := range texts {
		size += len(t)
	}
	out := make([]byte, 0, size)
	out = append(out, head...)
	outCs := aroundOut
	for j, t := range texts {
		out = append(out, t...)
		outCs = append(outCs, newCs[j]...)
	}
	out = append(out, tail...)

	// The comments of orig in the order of the document, at their lines.
	var origCs []comment
	for _, c := range aroundOrig {
		if c.line > s.itemsLine {
			break
		}
		origCs = append(origCs, c)
	}
	for i, cs := range itemCs {
		for _, c := range cs {
			origCs = append(origCs, comment{c.line - 2 + s.lines[i], c.text})
		}
	}
	for _, c := range aroundOrig {
		if c.line > s.itemsLine {
			origCs = append(origCs, comment{c.line + s.itemLines, c.text})
		}
	}
	return out, lostFrom(origCs, outCs), true
}

// mergeHandAround merges the keys around the items of l into those of the
// file s, as mergeItemByItem merges them, round after round until they
// settle, and returns the text before the items ("items:\n" included) and
// after them, and the comments of the keys around in the file and in the
// result (at the lines of the document without items).
func mergeHandAround(s *handSplit, l *soup.List) (head, tail []byte, origCs, outCs []comment, ok bool) {
	newHead, newTail, ok := yamlAround(l)
	if !ok {
		return nil, nil, nil, nil, false
	}
	var freshDoc yaml.Node
	if yaml.Unmarshal(slices.Concat(newHead, []byte("items: []\n"), newTail), &freshDoc) != nil ||
		len(freshDoc.Content) != 1 || freshDoc.Content[0].Kind != yaml.MappingNode {
		return nil, nil, nil, nil, false
	}
	check := *l
	check.Items = nil
	// once merges into head and tail, whose items key must be at line
	// itemsLine, the next key on the next line.
	once := func(head, tail []byte, itemsLine int) (h, t []byte, cs []comment, ok bool) {
		var doc yaml.Node
		text := slices.Concat(head, []byte("items: []\n"), tail)
		if yaml.Unmarshal(text, &doc) != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 ||
			doc.Content[0].Kind != yaml.MappingNode || hasAnchors(&doc) {
			return nil, nil, nil, false
		}
		root := doc.Content[0]
		at := keyIndex(root.Content, "items")
		if at < 0 {
			return nil, nil, nil, false
		}
		key, seq := root.Content[at], root.Content[at+1]
		if key.Line != itemsLine || key.Column != 1 || key.Kind != yaml.ScalarNode || seq.Kind != yaml.SequenceNode ||
			len(seq.Content) != 0 || seq.HeadComment+seq.LineComment+seq.FootComment != "" ||
			at+2 < len(root.Content) && (root.Content[at+2].Line != itemsLine+1 || root.Content[at+2].Column != 1) ||
			at+2 == len(root.Content) && len(tail) != 0 {
			return nil, nil, nil, false
		}
		cs = nodeComments(nil, &doc, func(n int) int { return n })
		merged := doc
		merged.Content = []*yaml.Node{mergeNode(root, freshDoc.Content[0])}
		mroot := merged.Content[0]
		at = keyIndex(mroot.Content, "items")
		if at < 0 || mroot.Content[at+1].Kind != yaml.SequenceNode {
			return nil, nil, nil, false
		}
		mkey := mroot.Content[at]
		if mkey.LineComment+mkey.FootComment+mroot.FootComment != "" ||
			at+2 == len(mroot.Content) && merged.FootComment != "" {
			return nil, nil, nil, false
		}
		var b bytes.Buffer
		if encodeBefore(&b, &merged, at) != nil {
			return nil, nil, nil, false
		}
		n := b.Len()
		if encodeAfter(&b, &merged, at) != nil {
			return nil, nil, nil, false
		}
		h, t = b.Bytes()[:n:n], b.Bytes()[n:]
		// What follows the items in the whole document is a key at the
		// first column, not a comment the library could give an item.
		if len(t) > 0 && (t[0] == '#' || t[0] == ' ' || t[0] == '\n') {
			return nil, nil, nil, false
		}
		h = h[:len(h)-len("items:\n")]
		if !readsAs(slices.Concat(h, []byte("items: []\n"), t), &check) {
			return nil, nil, nil, false
		}
		return h, t, cs, true
	}
	head, tail, origCs, ok = once(s.head, s.tail, s.itemsLine)
	for range 3 {
		if !ok {
			return nil, nil, nil, nil, false
		}
		h, t, cs, ok2 := once(head, tail, bytes.Count(head, []byte("\n"))+1)
		if ok2 && bytes.Equal(h, head) && bytes.Equal(t, tail) {
			return append(head, "items:\n"...), tail, origCs, cs, true
		}
		head, tail, ok = h, t, ok2
	}
	return nil, nil, nil, nil, false
}

// inParallel returns the number of workers forEach runs for n items: up
// to GOMAXPROCS, with at least 32 items each.
func inParallel(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/32))
}

// forEach calls do(w, i) for each i below n, on inParallel(n) workers (w
// the worker, for its scratch space), each taking an equal run of i, and
// reports whether every call returned true; after a call returns false
// no further call starts.
func forEach(n int, do func(w, i int) bool) bool {
	workers := inParallel(n)
	var (
		failed atomic.Bool
		wg     sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for i := w * n / workers; i < (w+1)*n/workers && !failed.Load(); i++ {
				if !do(w, i) {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return !failed.Load()
}
