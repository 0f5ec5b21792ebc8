package main

import (
	"bytes"
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
// The result is read back and must give exactly l, and merging l into it
// again must give the same bytes (the YAML library moves some comments on
// each round trip until they settle); otherwise mergeYAML returns an error
// wrapping errNoMerge.
func mergeYAML(orig []byte, l *soup.List) ([]byte, error) {
	out, err := mergeOnce(orig, l)
	for range 3 {
		if err != nil {
			return nil, err
		}
		var again []byte
		if again, err = mergeOnce(out, l); err == nil && bytes.Equal(again, out) {
			return out, nil
		}
		out = again
	}
	return nil, fmt.Errorf("%w: the YAML does not settle", errNoMerge)
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
	var fresh yaml.Node
	if err := fresh.Encode(l); err != nil {
		return nil, err
	}
	doc.Content[0] = mergeNode(doc.Content[0], &fresh)

	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %v", errNoMerge, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("%w: %v", errNoMerge, err)
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

// sameList reports whether a and b encode alike.
func sameList(a, b *soup.List) bool {
	var ja, jb bytes.Buffer
	return a.WriteJSON(&ja) == nil && b.WriteJSON(&jb) == nil && bytes.Equal(ja.Bytes(), jb.Bytes())
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
		}
	}
	for j := 0; j+1 < len(fresh); j += 2 {
		if _, ok := oldAt[fresh[j].Value]; ok {
			continue
		}
		// Insert after the nearest preceding key of fresh that is already
		// in out.
		at := 0
		for p := j - 2; p >= 0; p -= 2 {
			if k := keyIndex(out, fresh[p].Value); k >= 0 {
				at = k + 2
				break
			}
		}
		out = slices.Insert(out, at, fresh[j], fresh[j+1])
	}
	return out
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
	twin := make([]int, len(fresh))
	used := make([]bool, len(old))
	for j := range twin {
		twin[j] = -1
	}
	// Each fresh element takes the first unused old one of its key: the
	// old elements are indexed by key once (in order), so that matching
	// is linear in the length of the list.
	match := func(key func(*yaml.Node) (string, bool)) {
		byKey := map[string][]int{}
		for i, o := range old {
			if k, ok := key(o); ok && !used[i] {
				byKey[k] = append(byKey[k], i)
			}
		}
		for j, f := range fresh {
			if twin[j] >= 0 {
				continue
			}
			fk, ok := key(f)
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
	match(func(n *yaml.Node) (string, bool) { return mappingValue(n, "id") })
	match(func(n *yaml.Node) (string, bool) { return mappingValue(n, "name") })
	match(func(n *yaml.Node) (string, bool) {
		return n.Value, n.Kind == yaml.ScalarNode
	})
	for j := range fresh {
		if twin[j] < 0 && j < len(old) && !used[j] && old[j].Kind == fresh[j].Kind && old[j].Kind != yaml.ScalarNode {
			twin[j], used[j] = j, true
		}
	}
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
