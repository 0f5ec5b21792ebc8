package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/soup"
)

// location is where a finding points: a file as the user named it and a
// 1-based line (0 when only the file is known).
type location struct {
	file string
	line int
	col  int // 1-based, in characters; 0 when unknown
}

// locateFindings places each finding: at the line of the item (or of the
// field concerned) in the curated file or a SOUP list given as an INPUT,
// else at the line of the item's package URL in the first INPUT that has
// it, else at the first line of the list or INPUT. Standard input cannot
// be pointed to.
func locateFindings(e *env, curated string, inputs []string, l *soup.List, fs soup.Findings) []location {
	// The INPUTs, read again only when a finding needs them.
	sboms := map[string][]byte{}
	sbom := func(name string) []byte {
		if b, ok := sboms[name]; ok {
			return b
		}
		b, _ := readInput(e, name)
		sboms[name] = b
		return b
	}
	var files []string
	for _, n := range inputs {
		if n != "-" {
			files = append(files, n)
		}
	}
	// The SOUP lists: the curated file, and INPUTs that are lists.
	type list struct {
		name string
		doc  *yaml.Node
	}
	var lists []list
	for _, n := range append([]string{curated}, files...) {
		if n == "" {
			continue
		}
		var doc yaml.Node
		if yaml.Unmarshal(sbom(n), &doc) == nil && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
			if items := mapValue(doc.Content[0], "items"); items != nil && items.Kind == yaml.SequenceNode {
				lists = append(lists, list{n, doc.Content[0]})
			}
		}
	}
	locs := make([]location, len(fs))
	fd := newFinder(l)
	for i := range fs {
		f := &fs[i]
		it := fd.item(f)
		for _, ls := range lists {
			if line := curatedLine(ls.doc, it, f.Field); line > 0 {
				locs[i] = location{ls.name, line, 0}
				break
			}
		}
		if locs[i].file != "" {
			continue
		}
		if it != nil && it.PURL != "" {
			for _, n := range files {
				if at := bytes.Index(sbom(n), []byte(it.PURL)); at >= 0 {
					before := sbom(n)[:at]
					start := bytes.LastIndexByte(before, '\n') + 1
					locs[i] = location{n, bytes.Count(before, []byte("\n")) + 1, utf8.RuneCount(before[start:]) + 1}
					break
				}
			}
			if locs[i].file != "" {
				continue
			}
		}
		switch {
		case len(lists) > 0:
			locs[i] = location{lists[0].name, 1, 0}
		case len(files) > 0:
			locs[i] = location{files[0], 1, 0}
		}
	}
	return locs
}

// curatedLine returns the line in the curated document of the field
// (dotted, such as "requirements.functional") of item it, or of the list
// when it is nil: the deepest part of the field the document has, else
// the item's own line; 0 when the item is not in the document.
func curatedLine(doc *yaml.Node, it *soup.Item, field string) int {
	node, line := doc, 0
	if it != nil {
		items := mapValue(doc, "items")
		if items == nil || items.Kind != yaml.SequenceNode {
			return 0
		}
		node = nil
		for _, n := range items.Content {
			if id, ok := mappingValue(n, "id"); ok && it.ID != "" && id == it.ID {
				node = n
				break
			}
		}
		if node == nil {
			for _, n := range items.Content {
				name, _ := mappingValue(n, "name")
				if _, hasID := mappingValue(n, "id"); !hasID && name != "" && strings.EqualFold(name, it.Name) {
					node = n
					break
				}
			}
		}
		if node == nil {
			return 0
		}
		line = node.Line
	}
	for _, part := range strings.Split(field, ".") {
		if node == nil || node.Kind != yaml.MappingNode {
			break
		}
		key, val := mapEntry(node, part)
		if key == nil {
			break
		}
		line, node = key.Line, val
	}
	return line
}

// mapEntry returns the key and value nodes of key in mapping n.
func mapEntry(n *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// mapValue returns the value of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	_, v := mapEntry(n, key)
	return v
}

// uri is a file name as a SARIF artifact location: slash-separated,
// relative names as given (relative to the directory soup ran in).
func uri(name string) string {
	p := filepath.ToSlash(name)
	if filepath.IsAbs(name) {
		return "file://" + p
	}
	return strings.TrimPrefix(p, "./")
}
