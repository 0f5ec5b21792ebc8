package spdx3

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ErrNotSPDX3 is returned (wrapped) for input that is not SPDX 3 JSON-LD.
var ErrNotSPDX3 = errors.New("not SPDX 3 JSON-LD")

// node is one JSON-LD node object: an element, or a nested object such as
// a Hash, CreationInfo or ExternalIdentifier.
type node struct {
	id  string
	typ string // compacted: "software_Package"
	// keys are the property names in document order, props their values.
	keys  []string
	props map[string][]val
	// pos is the node's position in the graph, for messages.
	pos int
	// used marks a node whose content went into the list; took the
	// properties read from it.
	used bool
	took map[string]bool
	// nested marks a node written inside another.
	nested bool
	// counted marks a node counted in the report as a whole.
	counted bool
}

// val is one value: a string (literal or reference) or a nested node.
type val struct {
	s string
	n *node
}

// blankPrefix starts the IDs given to nodes written without one.
const blankPrefix = "_:soupkit-"

// graph is the document's nodes, in order, and by ID.
type graph struct {
	version string
	nodes   []*node
	byID    map[string]*node
	blank   int
	warn    func(Warning)
}

// contextVersion finds the SPDX version in a context IRI.
var contextVersion = regexp.MustCompile(`spdx\.org/rdf/(3\.[0-9.]*[0-9])`)

// parseGraph reads the JSON-LD document in data.
func parseGraph(data []byte, warn func(Warning)) (*graph, error) {
	if !wholeOnly {
		if g := streamGraph(data, warn); g != nil {
			return g, nil
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: data after the top-level value")
	}
	var list []any
	var m []string
	prefixes := map[string]string{}
	switch t := top.(type) {
	case map[string]any:
		contextPrefixes(t["@context"], prefixes)
		if m = contextVersion.FindStringSubmatch(contextString(t["@context"])); m == nil {
			return nil, fmt.Errorf("%w: @context does not name spdx.org/rdf/3", ErrNotSPDX3)
		}
		items, hasGraph := t["@graph"]
		if !hasGraph {
			// A document of one element: the top-level object is it.
			delete(t, "@context")
			items = []any{t}
		}
		var ok bool
		if list, ok = items.([]any); !ok {
			return nil, errors.New("@graph is not an array")
		}
	case []any:
		// Expanded JSON-LD: no context, every term a full IRI.
		list = t
		for _, e := range t {
			if o, ok := e.(map[string]any); ok && m == nil {
				m = contextVersion.FindStringSubmatch(fmt.Sprint(o["@type"]))
			}
		}
		if m == nil {
			return nil, fmt.Errorf("%w: a JSON array without SPDX 3 types", ErrNotSPDX3)
		}
	default:
		return nil, fmt.Errorf("%w: the top-level value is not an object", ErrNotSPDX3)
	}
	g := &graph{version: m[1], byID: map[string]*node{}, warn: warn}
	for i, it := range list {
		o, ok := it.(map[string]any)
		if !ok {
			g.warn(Warning{Ref: fmt.Sprintf("@graph entry %d", i+1), Message: "not an object: ignored"})
			continue
		}
		g.add(o, i+1)
	}
	g.expand(prefixes)
	return g, nil
}

// wholeOnly makes parseGraph read every document whole (tests compare).
var wholeOnly bool

// streamGraph reads the common shape, one object with @context and
// @graph once each, an element at a time: no tree of the whole document
// is held beside its graph. Anything else (another shape, invalid JSON, a
// key given twice) gives nil, and parseGraph reads the document whole, as
// it gives its errors.
func streamGraph(data []byte, warn func(Warning)) *graph {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var warnings []Warning
	g := &graph{byID: map[string]*node{}, warn: func(w Warning) { warnings = append(warnings, w) }}
	var ctx any
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok || seen[key] {
			return nil
		}
		seen[key] = true
		switch key {
		case "@context":
			if dec.Decode(&ctx) != nil {
				return nil
			}
		case "@graph":
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return nil
			}
			for i := 1; dec.More(); i++ {
				var el any
				if dec.Decode(&el) != nil {
					return nil
				}
				o, ok := el.(map[string]any)
				if !ok {
					g.warn(Warning{Ref: fmt.Sprintf("@graph entry %d", i), Message: "not an object: ignored"})
					continue
				}
				g.add(o, i)
			}
			if t, err := dec.Token(); err != nil || t != json.Delim(']') {
				return nil
			}
		default:
			var skip any
			if dec.Decode(&skip) != nil {
				return nil
			}
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil
	}
	if _, err := dec.Token(); err != io.EOF || !seen["@graph"] {
		return nil
	}
	m := contextVersion.FindStringSubmatch(contextString(ctx))
	if m == nil {
		return nil
	}
	g.version, g.warn = m[1], warn
	for _, w := range warnings {
		warn(w)
	}
	prefixes := map[string]string{}
	contextPrefixes(ctx, prefixes)
	g.expand(prefixes)
	return g
}

// contextPrefixes adds to prefixes the prefixes a local context defines
// ({"ex": "https://example.com/"}).
func contextPrefixes(ctx any, prefixes map[string]string) {
	for _, c := range asList(ctx) {
		if o, ok := c.(map[string]any); ok {
			for k, v := range o {
				if ns, ok := v.(string); ok && !strings.HasPrefix(k, "@") {
					prefixes[k] = ns
				}
			}
		}
	}
}

// expand writes every element ID and reference given as a compacted IRI
// ("ex:lib") with a prefix that the context or an SpdxDocument's
// namespaceMap defines as the full IRI, so that an element and the
// references to it match however each is written.
func (g *graph) expand(prefixes map[string]string) {
	for _, n := range g.nodes {
		for _, v := range n.props["namespaceMap"] {
			if v.n == nil {
				continue
			}
			if p, ns := v.n.str("prefix"), v.n.str("namespace"); p != "" && ns != "" {
				prefixes[p] = ns
				continue
			}
			// Written as a JSON object of prefix → namespace, as
			// Microsoft's sbom-tool does.
			for _, k := range v.n.keys {
				if ns := v.n.str(k); ns != "" && k != "type" {
					prefixes[k] = ns
				}
			}
		}
	}
	if len(prefixes) == 0 {
		return
	}
	full := func(id string) (string, bool) {
		p, rest, ok := strings.Cut(id, ":")
		if !ok || strings.HasPrefix(rest, "//") {
			return id, false
		}
		ns, ok := prefixes[p]
		return ns + rest, ok
	}
	for _, n := range g.nodes {
		if id, ok := full(n.id); ok && g.byID[id] == nil {
			g.byID[id] = n
			n.id = id
		}
	}
	for _, n := range g.nodes {
		for _, vs := range n.props {
			for i, v := range vs {
				if id, ok := full(v.s); ok && v.n == nil && g.byID[id] != nil {
					vs[i].s = id
				}
			}
		}
	}
}

// contextString returns the @context as text: a string, or the strings of
// an array (other entries, local term definitions, are ignored).
func contextString(v any) string {
	switch c := v.(type) {
	case string:
		return c
	case []any:
		var parts []string
		for _, e := range c {
			if s, ok := e.(string); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ")
	}
	return ""
}

// add turns o into a node, registers it and the nodes nested in it, and
// returns it. An object with the ID of one already read adds its
// properties to that node (JSON-LD merges node objects by ID).
func (g *graph) add(o map[string]any, pos int) *node {
	n := &node{props: map[string][]val{}, pos: pos}
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	slices.Sort(keys) // maps lose the order; sorted is at least stable
	var alias string  // an "@id" beside a different "spdxId"
	for _, k := range keys {
		v := o[k]
		switch name := term(k); name {
		case "spdxId":
			id, _ := v.(string)
			if n.id != "" && id != n.id {
				alias = n.id
			}
			n.id = id
		case "type":
			n.typ = typeName(v)
		case "@context":
		default:
			for _, x := range asList(v) {
				if val, ok := g.value(x, pos); ok {
					if _, seen := n.props[name]; !seen {
						n.keys = append(n.keys, name)
					}
					n.props[name] = append(n.props[name], val)
				}
			}
		}
	}
	if n.id == "" {
		g.blank++
		n.id = blankPrefix + strconv.Itoa(g.blank)
	} else if old := g.byID[n.id]; old != nil {
		if old.typ == "" {
			old.typ = n.typ
		} else if n.typ != "" && n.typ != old.typ {
			g.warn(Warning{Ref: n.id, Field: "type", Message: fmt.Sprintf("both %s and %s: read as %s", old.typ, n.typ, old.typ)})
		}
		for _, k := range n.keys {
			if _, seen := old.props[k]; !seen {
				old.keys = append(old.keys, k)
			}
			old.props[k] = append(old.props[k], n.props[k]...)
		}
		g.alias(alias, old)
		return old
	}
	g.byID[n.id] = n
	g.nodes = append(g.nodes, n)
	g.alias(alias, n)
	return n
}

// alias makes n known by the ID id too: JSON-LD makes spdxId an alias of
// @id, and an object with both (Microsoft's sbom-tool writes its
// CreationInfo so) is known by either.
func (g *graph) alias(id string, n *node) {
	if id == "" || g.byID[id] != nil {
		return
	}
	g.warn(Warning{Ref: n.id, Field: "@id", Message: fmt.Sprintf("both @id %s and spdxId %s: read as one element known by either", id, n.id)})
	g.byID[id] = n
}

// value converts one JSON value of a property.
func (g *graph) value(x any, pos int) (val, bool) {
	switch v := x.(type) {
	case string:
		return val{s: v}, true
	case json.Number:
		return val{s: v.String()}, true
	case bool:
		return val{s: strconv.FormatBool(v)}, true
	case map[string]any:
		if lit, ok := v["@value"]; ok {
			return g.value(lit, pos)
		}
		if id, ok := v["@id"].(string); ok && len(v) == 1 {
			return val{s: id}, true // a reference written as a node
		}
		n := g.add(v, pos)
		n.nested = true
		return val{n: n}, true
	}
	return val{}, false // null, nested arrays
}

// asList returns v as a list of values: JSON-LD allows one value where a
// list is expected, and a list where one value is.
func asList(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case nil:
		return nil
	}
	return []any{v}
}

// typeName returns the compacted type of a type value (the first SPDX one
// of a list).
func typeName(v any) string {
	for _, t := range asList(v) {
		if s, ok := t.(string); ok && s != "" {
			return term(s)
		}
	}
	return ""
}

// term compacts a property or class IRI to the term the SPDX context
// defines for it: "https://spdx.org/rdf/3.0.1/terms/Software/Package" and
// "spdx:Software/Package" are "software_Package", Core terms have no
// prefix. "@id" and "@type" are "spdxId" and "type". Anything else is
// returned as is.
func term(s string) string {
	switch s {
	case "@id":
		return "spdxId"
	case "@type":
		return "type"
	}
	rest, ok := termPath(s)
	if !ok {
		return s
	}
	profile, name, ok := strings.Cut(rest, "/")
	if !ok || name == "" || strings.Contains(name, "/") {
		return s
	}
	if profile == "Core" {
		return name
	}
	return strings.ToLower(profile) + "_" + name
}

// termPath returns what follows the SPDX 3 terms namespace in s.
func termPath(s string) (string, bool) {
	if rest, ok := strings.CutPrefix(s, "spdx:"); ok {
		return rest, true
	}
	if !strings.Contains(s, "spdx.org/rdf/3") {
		return "", false
	}
	_, rest, ok := strings.Cut(s, "/terms/")
	return rest, ok
}

// vocab returns a vocabulary value ("dependsOn") from its compacted form or
// its IRI ("https://spdx.org/rdf/3.0.1/terms/Core/RelationshipType/dependsOn").
func vocab(s string) string {
	if rest, ok := termPath(s); ok {
		if i := strings.LastIndexByte(rest, '/'); i >= 0 {
			return rest[i+1:]
		}
		return rest
	}
	return s
}

// isA reports whether n's type is one of types.
func (n *node) isA(types ...string) bool { return slices.Contains(types, n.typ) }

// all returns the values of property p and marks it read.
func (n *node) all(p string) []val {
	vs, ok := n.props[p]
	if ok {
		if n.took == nil {
			n.took = map[string]bool{}
		}
		n.took[p] = true
	}
	return vs
}

// str returns the first string value of property p (and marks it read).
func (n *node) str(p string) string {
	for _, v := range n.all(p) {
		if v.n == nil {
			return strings.TrimSpace(v.s)
		}
	}
	return ""
}

// ref resolves a reference value to its node, or nil.
func (g *graph) ref(v val) *node {
	if v.n != nil {
		return v.n
	}
	return g.byID[v.s]
}

// refs resolves the references of property p of n.
func (g *graph) refs(n *node, p string) []*node {
	var out []*node
	for _, v := range n.all(p) {
		if r := g.ref(v); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// refIDs returns the IDs the values of property p of n name, inline nodes
// included.
func refIDs(n *node, p string) []string {
	var out []string
	for _, v := range n.all(p) {
		if v.n != nil {
			out = append(out, v.n.id)
		} else if v.s != "" {
			out = append(out, v.s)
		}
	}
	return out
}
