package cyclonedx

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"

	cdx "github.com/CycloneDX/cyclonedx-go"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

// unmarshalOptions make github.com/go-json-experiment/json (the
// encoding/json/v2 proposal, as a module) decode with the semantics of
// encoding/json, which cyclonedx-go's types are written for: names matched
// without regard to case, duplicate names (the last wins), the types'
// own UnmarshalJSON methods called as encoding/json calls them.
var unmarshalOptions = jsonv1.DefaultOptionsV1()

// unmarshalJSON decodes a CycloneDX JSON BOM into bom, an empty BOM: into
// the same cyclonedx-go types, which the mapping (fromBOM) reads whatever
// decoded them, by a decoder several times faster than encoding/json.
// Input it refuses is decoded again by encoding/json, so that every error
// (and any input the two would disagree on) is encoding/json's, as
// cyclonedx-go's own decoder gives it.
func unmarshalJSON(data []byte, bom *cdx.BOM) error {
	if err := jsonv2.Unmarshal(data, bom, unmarshalOptions); err == nil {
		return nil
	}
	*bom = cdx.BOM{}
	return json.Unmarshal(data, bom)
}

// decodeStreamed reads a CycloneDX JSON BOM into the intermediate form as
// decode does, but without holding its components: the rest of the BOM is
// decoded first (unmarshalOptions, into cyclonedx-go's types), its
// top-level components and dependencies arrays found by a scan of the top
// level (topArrays) and replaced by [] there, then their elements are
// decoded one at a time from jsontext tokens (compReader; one it finds
// unusual with unmarshalOptions, as before), each mapped as it comes into
// the form and its cyclonedx-go value reused for the next. The list, the
// report and the order of both are fromBOM's. ok is false where this
// path does not give what decode gives (an error to report, a document to
// tolerate): decode then reads the input its own way.
func decodeStreamed(data []byte, f form.Format) (d *form.Doc, ok bool) {
	d, _, ok = streamed(data, f)
	return d, ok
}

// streamed is decodeStreamed, which also returns the stream of top-level
// components it read (nil if none).
func streamed(data []byte, f form.Format) (d *form.Doc, stream *componentStream, ok bool) {
	// The rest of the BOM, the two big arrays replaced by [] (each [] in
	// rest at holes).
	comps, deps := topArrays(data)
	rest, holes := without(data, comps, deps)
	var (
		compSpan []byte // the last top-level components array, as written
		spans    int
		depSpan  []byte // the last top-level dependencies array
		depn     int
	)
	// pass over records the bytes of a top-level value in *at and counts
	// them in *n.
	passOver := func(dec *jsontext.Decoder, at *[]byte, n *int) error {
		if dec.StackDepth() != 1 {
			return errors.ErrUnsupported // nested: decoded as usual
		}
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		// The value's bytes in rest itself (v is the decoder's).
		end := int(dec.InputOffset())
		if end < len(v) || end > len(rest) || !bytes.Equal(rest[end-len(v):end], v) {
			return errFallBack
		}
		*at, *n = rest[end-len(v):end], *n+1
		// A hole: the array as written in data.
		for i, s := range [...]span{comps, deps} {
			if holes[i] == end-len(v) {
				*at = data[s[0]:s[1]]
			}
		}
		return nil
	}
	opts := jsonv2.JoinOptions(unmarshalOptions, jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(
		jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, _ *[]cdx.Component) error {
			return passOver(dec, &compSpan, &spans)
		}),
		jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, _ *[]cdx.Dependency) error {
			return passOver(dec, &depSpan, &depn)
		}))))
	bom := new(cdx.BOM)
	if err := jsonv2.Unmarshal(rest, bom, opts); err != nil {
		return nil, nil, false
	}
	if spans > 1 || depn > 1 {
		// encoding/json decodes a repeated array into the elements of the
		// one before: left to it.
		return nil, nil, false
	}
	if bom.Components != nil { // the array was the last components value
		if spans != 1 || compSpan[0] != '[' {
			return nil, nil, false // an error: decode reports it
		}
		stream = &componentStream{data: compSpan}
		if !emptyArray(compSpan) {
			// vexOnly must see the components it did not decode.
			one := []cdx.Component{{}}
			bom.Components = &one
		}
	}
	if bom.Dependencies != nil { // the array was the last dependencies value
		if depn != 1 || depSpan[0] != '[' {
			return nil, nil, false
		}
		if stream == nil {
			stream = new(componentStream)
		}
		stream.deps = depSpan
		bom.Dependencies = nil
	}
	if vexOnly(bom) {
		return nil, nil, false
	}
	bom.Components = nil
	d, err := fromBOMStream(bom, f, stream)
	if err != nil {
		return nil, nil, false
	}
	return d, stream, true
}

// errFallBack makes decodeStreamed leave the input to decode.
var errFallBack = errors.New("left to the full decoder")

// emptyArray reports whether the JSON array a holds nothing.
func emptyArray(a []byte) bool {
	for _, c := range a[1:] {
		switch c {
		case ' ', '\t', '\r', '\n':
		default:
			return c == ']'
		}
	}
	return false
}

// componentStream is the top-level components array of a BOM (nil when
// there is none), as written, to be decoded one component at a time, and
// its dependencies array.
type componentStream struct {
	data []byte
	// deps is the top-level dependencies array, as written, or nil.
	deps []byte
	// exact counts the components compReader left to the exact decoder.
	exact int
}

// each decodes the components of s one at a time and adds each, with its
// nested components, to d as fromBOM does: by compReader where it can,
// else as unmarshalOptions decode it.
func (s *componentStream) each(d doc) error {
	dec := jsontext.NewDecoder(bytes.NewBuffer(s.data), unmarshalOptions)
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '[' {
		return errFallBack
	}
	r := newCompReader(dec)
	one := make([]cdx.Component, 1) // reused: the mapping keeps none of it
	for n := 0; dec.PeekKind() != ']'; n++ {
		if n == 16 {
			// Room for the items of all the components, at the size of
			// the first ones.
			if at := dec.InputOffset(); at > 0 {
				est := int(int64(len(s.data)) * int64(n) / at)
				est += est / 16
				d.Nodes = slices.Grow(d.Nodes, est-n)
				d.Items = slices.Grow(d.Items, est-n)
			}
		}
		start := dec.InputOffset()
		one[0] = cdx.Component{}
		err := r.open('{')
		if err == nil {
			err = r.component(&one[0], true)
		}
		if errors.Is(err, errUnusual) {
			// The rest of the component passed over, then all of it
			// decoded as it always was.
			if err = r.skipRest(); err == nil {
				s.exact++
				one[0] = cdx.Component{}
				raw := bytes.TrimLeft(s.data[start:dec.InputOffset()], " \t\r\n,")
				err = jsonv2.Unmarshal(raw, &one[0], unmarshalOptions)
			}
		}
		if err != nil {
			return err
		}
		d.components(one)
	}
	return end(dec, s.data)
}

// end reads the token closing the array a, which dec reads, and fails
// unless it is a's last byte (a was found by a scan that does not
// validate).
func end(dec *jsontext.Decoder, a []byte) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	if dec.InputOffset() != int64(len(a)) {
		return errFallBack
	}
	return nil
}

// dependencies adds the edges of s.deps to d as fromBOM does, each
// dependency decoded by compReader where it can, else as unmarshalOptions
// decode it.
func (s *componentStream) dependencies(d doc) error {
	dec := jsontext.NewDecoder(bytes.NewBuffer(s.deps), unmarshalOptions)
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '[' {
		return errFallBack
	}
	r := newCompReader(dec)
	r.bomRefs = make(map[string]string, len(d.Nodes)+len(d.Skipped))
	for _, n := range d.Nodes {
		r.bomRefs[n.Ref] = n.Ref
	}
	for ref := range d.Skipped {
		r.bomRefs[ref] = ref
	}
	var (
		dep cdx.Dependency
		to  []string // reused
	)
	for dec.PeekKind() != ']' {
		start := dec.InputOffset()
		dep = cdx.Dependency{}
		err := r.open('{')
		if err == nil {
			to, err = r.dependency(&dep, to[:0])
		}
		if errors.Is(err, errUnusual) {
			if err = r.skipRest(); err == nil {
				s.exact++
				dep = cdx.Dependency{}
				err = jsonv2.Unmarshal(bytes.TrimLeft(s.deps[start:dec.InputOffset()], " \t\r\n,"), &dep, unmarshalOptions)
			}
		}
		if err != nil {
			return err
		}
		d.dependency(&dep)
	}
	return end(dec, s.deps)
}
