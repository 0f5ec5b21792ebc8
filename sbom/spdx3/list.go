package spdx3

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// Decode reads SPDX 3 JSON-LD in format f as package sbom's Decoder hands
// it over (UTF-8 text that sbom.Detect named f) into a SOUP list. The root
// elements make the system, several systems or items by the rule SPDX 2
// shares (see the package documentation). Every error is a
// *sbom.DecodeError. Most callers want sbom.Decode.
func Decode(data []byte, f form.Format) (*soup.List, *form.Report, error) {
	d, err := decode(data, f)
	if err != nil {
		return nil, nil, err
	}
	l, rep := d.Finish(true)
	return l, rep, nil
}

// decode reads data into the intermediate form.
func decode(data []byte, f form.Format) (*form.Doc, error) {
	doc, err := DecodeDoc(data)
	if err != nil {
		e := &form.DecodeError{Format: f, Err: err}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			e.Line, e.Column = form.Position(data, se.Offset)
		}
		if errors.Is(err, ErrNotSPDX3) {
			e.Err = fmt.Errorf("%w: %w", form.ErrUnknownFormat, err)
		}
		return nil, e
	}
	if doc.Version != "" {
		f.Version = doc.Version
	}
	return toForm(doc, f), nil
}

// toForm maps a Doc onto the intermediate form.
func toForm(doc *Doc, f form.Format) *form.Doc {
	d := formHead(doc, f, len(doc.Items))
	for _, e := range doc.Items {
		addEntry(d, e)
	}
	formTail(d, doc)
	return d
}

// formHead starts the intermediate form of doc, for n items: what toForm
// maps before the items.
func formHead(doc *Doc, f form.Format, n int) *form.Doc {
	d := form.NewDoc(f)
	d.Source = doc.Source
	d.Source.Format = f.String()
	for _, w := range doc.Warnings {
		d.Rep.Warn(form.Warning{Ref: w.Ref, Field: w.Field, Message: w.Message})
	}
	d.ListProps = append(d.ListProps, props(doc.Props)...)
	d.Nodes, d.Items = make([]form.Node, 0, n), make([]soup.Item, 0, n)
	return d
}

// addEntry adds an item's entry to d.
func addEntry(d *form.Doc, e Entry) {
	it := d.NewItem()
	*it = e.Item
	d.Add(form.Node{Ref: e.Ref, Props: props(e.Props)})
}

// formTail ends the intermediate form of doc: what toForm maps after the
// items.
func formTail(d *form.Doc, doc *Doc) {
	for _, ref := range doc.Skipped {
		d.Skip(ref)
	}
	for _, e := range doc.Edges {
		d.AddEdge(e.From, e.To)
	}
	for what, n := range doc.Ignored {
		d.Rep.Ignore(what, n)
	}
	roots := make([]form.Root, len(doc.Systems))
	for i, s := range doc.Systems {
		roots[i] = form.Root{Ref: s.Ref, Item: s.Item, Props: props(s.Props), File: s.File}
	}
	d.SetRoots(cmpOr(doc.Source.Serial, "SpdxDocument"), doc.Name, roots)
}

// props converts soupkit: annotations.
func props(ps []Prop) []form.Prop {
	if len(ps) == 0 {
		return nil
	}
	out := make([]form.Prop, len(ps))
	for i, p := range ps {
		out[i] = form.Prop{Name: p.Name, Value: p.Value}
	}
	return out
}

// systemRef is the reference of the system's package.
const systemRef = "System"

// Encode writes l as SPDX 3.0.1 JSON-LD, with its items sorted by key then
// version: the encoder package sbom's Encode dispatches to (most callers
// want that). Every field of the list is carried, natively where SPDX 3
// has a field and as soupkit: annotations otherwise, so that decoding the
// output gives l back.
func Encode(l *soup.List, f form.Format, o form.EncodeOptions) ([]byte, error) {
	var buf bytes.Buffer
	if err := EncodeTo(&buf, l, f, o); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeTo writes l to w as Encode does, streamed (see EncodeDocTo): the
// annotations are known before the first byte is written, and only errors
// of w are returned. Where form.OnePass allows, what the native fields
// give back is learnt from the document in memory (see readBack), not by
// writing it and reading it back (form.TwoPass).
func EncodeTo(w io.Writer, l *soup.List, f form.Format, o form.EncodeOptions) error {
	l = form.SortedList(l)
	refs := form.Refs(l, func(string) bool { return true }, systemRef)
	if !form.OnePass(l, o) {
		if o.Namespace == "" {
			o.Namespace = "urn:uuid:" + form.ContentID(l, f)
		}
		opts := &DocOptions{Namespace: o.Namespace, Created: o.CreationTime(l)}
		_, b, err := form.TwoPass(f,
			func(read *soup.List, items map[string]*soup.Item) *Doc {
				return build(l, refs, o.Namespace, read, items)
			},
			func(d *Doc, _ form.Format, _ bool) ([]byte, error) { return EncodeDoc(d, opts) },
			decode)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	// The content ID is hashed beside the first pass, which reads the
	// document under a namespace of the same form: what the reader gives
	// depends on the namespace only through the element IDs, which
	// annotate looks the entries up by, and the document's ID, which goes
	// into the list's sources, which no property compares.
	opts := &DocOptions{Namespace: o.Namespace, Created: o.CreationTime(l)}
	var id <-chan string
	if opts.Namespace == "" {
		hashed := *l
		id = form.ContentIDAsync(&hashed, f)
		opts.Namespace = "urn:uuid:00000000-0000-8000-8000-000000000000"
	}
	d := build(l, refs, opts.Namespace, nil, nil)
	// From here the items are d's: the sorted copy can go.
	l.Items = nil
	read, items := readBack(d, *opts, f).ReadBack()
	annotate(d, l, refs, opts.Namespace, read, items)
	if id != nil {
		opts.Namespace = "urn:uuid:" + <-id
	}
	return EncodeDocTo(w, d, opts)
}

// build maps l onto a Doc; read is what the native fields alone gave back
// (nil in the first pass), items those of read by element ID.
func build(l *soup.List, refs []string, ns string, read *soup.List, items map[string]*soup.Item) *Doc {
	d := &Doc{Name: cmpOr(l.Document.Title, l.System.Name)}
	sys := Entry{Ref: systemRef, Item: soup.Item{Name: l.System.Name, Version: l.System.Version, Manufacturer: l.System.Manufacturer}}
	d.Systems = []Entry{sys}
	d.Items = make([]Entry, len(l.Items))
	for i := range l.Items {
		d.Items[i] = Entry{Ref: refs[i], Item: l.Items[i]}
	}
	annotate(d, l, refs, ns, read, items)
	deps, direct := form.Graph(l)
	for _, j := range direct {
		d.Edges = append(d.Edges, Edge{From: systemRef, To: refs[j], Type: "dependsOn"})
	}
	for i, ds := range deps {
		for _, j := range ds {
			d.Edges = append(d.Edges, Edge{From: refs[i], To: refs[j], Type: "dependsOn"})
		}
	}
	return d
}

// annotate sets the soupkit: annotations of d, which build made of l:
// those of the list, then each item's, given what the native fields alone
// gave back (read nil in the first pass). The items are d's (l's fields
// outside its items are read).
func annotate(d *Doc, l *soup.List, refs []string, ns string, read *soup.List, items map[string]*soup.Item) {
	d.Props = fromForm(form.ListProps(l, read))
	for i := range d.Items {
		it := &d.Items[i].Item
		var back *soup.Item
		if read != nil {
			if back = items[ElementID(ns, refs[i])]; back == nil {
				back = &soup.Item{}
			}
		}
		d.Items[i].Props = fromForm(form.ItemProps(it, back))
	}
}

// fromForm converts soupkit properties to annotations.
func fromForm(ps []form.Prop) []Prop {
	out := make([]Prop, len(ps))
	for i, p := range ps {
		out[i] = Prop{Name: p.Name, Value: p.Value}
	}
	return out
}
