package spdx3

import "github.com/soupkit/soupkit/sbom/internal/form"

// readBack returns what decode gives for the document EncodeDoc writes of
// d in format f with options o (o.Namespace set), without writing it: the
// writer makes the document's objects as it would write them
// (passCapture), the reader's graph takes them as it takes their JSON
// (graph.add), and the reader maps them, one entry at a time. So Encode learns what the native
// fields give back with the memory of one entry's objects beside the
// shared agents, licences and vulnerabilities, where writing the document
// and reading it whole would hold it twice.
//
// It gives what the round trip gives wherever the JSON encoding keeps
// every string as it is (valid UTF-8: see form.OnePass), for documents
// build makes: whose edges join entries of d (no import) and are of type
// dependsOn, without completeness or scope. Reading an entry takes the
// elements it is the subject of (its package, its relationships, its
// annotations) and the shared elements they name: what the reader reads of
// an entry depends on nothing else (the tests compare the bytes of both
// ways on every fixture and in a fuzz target).
func readBack(d *Doc, o DocOptions, f form.Format) *form.Doc {
	w := newWriter(o.Namespace)
	w.pass = passCapture
	g := &graph{version: "3.0.1", byID: map[string]*node{}, warn: func(Warning) {}}
	out := &Doc{Version: g.version, Ignored: map[string]int{}}
	r := &reader{g: g, d: out, warn: g.warn,
		roles:     map[*node]role{},
		licenses:  map[*node][2][]*node{},
		anomalies: map[*node][]anomalyRef{},
		alias:     map[string]string{},
	}
	w.capture = func(x obj, c class) {
		n := len(g.nodes)
		g.add(toMap(x), n+1)
		if c == classShared {
			// Known by ID to every entry that names it, gone over by
			// none; what it nests (identifiers) is reached through it.
			for i, m := range g.nodes[n:] {
				if m.nested {
					delete(g.byID, m.id)
				}
				g.nodes[n+i] = nil
			}
			g.nodes = g.nodes[:n]
		}
	}
	// forget drops the objects of the entry just read.
	forget := func() {
		for i, n := range g.nodes {
			delete(g.byID, n.id)
			g.nodes[i] = nil
		}
		g.nodes = g.nodes[:0]
	}
	// entries reads what the writer made since the last forget: the
	// relationships, licences, assessments and annotations.
	entries := func() {
		r.rels = r.rels[:0]
		clear(r.licenses)
		clear(r.anomalies)
		r.relationships()
		r.edgesAndAnomalies()
		r.annotations()
	}

	// The document: its head, the systems and the document's annotations.
	for _, x := range w.head(d, o) {
		w.capture(x, classElement)
	}
	for i := range d.Systems {
		e := &d.Systems[i]
		w.pkg(e)
		w.annotate(ElementID(o.Namespace, e.Ref), e.Props)
	}
	w.annotate(o.Namespace+"/document", d.Props)
	r.documents()
	r.findRoots()
	entries()
	for _, n := range r.roots {
		out.Systems = append(out.Systems, r.entry(n))
	}
	r.docs = nil
	forget()

	// The items, an entry at a time, straight into the intermediate form
	// (as toForm maps them).
	f.Version = out.Version
	fd := formHead(out, f, len(d.Items))
	for i := range d.Items {
		e := &d.Items[i]
		w.pkg(e)
		id := ElementID(o.Namespace, e.Ref)
		w.annotate(id, e.Props)
		entries()
		if n := g.byID[id]; n != nil {
			addEntry(fd, r.entry(n))
		}
		forget()
	}

	for _, gr := range groupEdges(d.Edges) {
		for _, to := range gr.to {
			out.Edges = append(out.Edges, Edge{From: ElementID(o.Namespace, gr.from), To: ElementID(o.Namespace, to), Type: gr.typ})
		}
	}
	formTail(fd, out)
	return fd
}

// toMap returns the object a JSON decoder gives for the JSON writeJSON
// writes of o (see toAny).
func toMap(o obj) map[string]any {
	m := make(map[string]any, len(o))
	for _, e := range o {
		if _, ok := e.v.(idList); !ok {
			m[e.k] = toAny(e.v)
		}
	}
	return m
}

// toAny returns the value a JSON decoder gives for the JSON writeJSON
// writes of v; an idList (an element list, which the reader does not map)
// is left out.
func toAny(v any) any {
	switch x := v.(type) {
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case obj:
		return toMap(x)
	case []obj:
		out := make([]any, len(x))
		for i, o := range x {
			out[i] = toAny(o)
		}
		return out
	}
	return v // string, bool
}
