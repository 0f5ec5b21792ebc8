package spdx

import (
	"bytes"
	"errors"
	"io"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"
)

// fastJSON turns the fast path of readJSON on; the tests turn it off to
// compare the two.
var fastJSON = true

// readJSON reads an SPDX JSON document into sd as tools-golang's
// json.ReadInto does: the same Document, or an error. An SPDX 2.3
// document is decoded by github.com/go-json-experiment/json (the
// encoding/json/v2 proposal, as a module) with encoding/json's semantics,
// several times faster than tools-golang, which decodes it with
// encoding/json three times over (into a map for the version, then the
// document, then each package again in its own UnmarshalJSON). Anything
// else, and any input the fast path refuses, is read by tools-golang,
// which then gives the result and any error.
func readJSON(data []byte, sd *v2_3.Document) error {
	if fastJSON && topVersion(data) == v2_3.Version {
		var doc v2_3.Document
		if unmarshalDocument(data, &doc) == nil {
			*sd = doc
			return nil
		}
	}
	*sd = v2_3.Document{}
	return spdxjson.ReadInto(bytes.NewReader(data), sd)
}

// topVersion returns the spdxVersion of the JSON object data, the string
// tools-golang reads it by: "" when data is not an object, states no
// version or not as a string, or names it in another case (the typed
// decode matches names in any case, tools-golang's version lookup does
// not: such a document is left to tools-golang).
func topVersion(data []byte) string {
	dec := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return ""
	}
	version := ""
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return ""
		}
		name := tok.String()
		if !strings.EqualFold(name, "spdxVersion") {
			if dec.SkipValue() != nil {
				return ""
			}
			continue
		}
		v, err := dec.ReadToken()
		if err != nil || name != "spdxVersion" || v.Kind() != '"' {
			return ""
		}
		version = v.String()
	}
	if _, err := dec.ReadToken(); err != nil {
		return ""
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return "" // trailing data
	}
	return version
}

// errFallBack makes the fast path give the input to tools-golang.
var errFallBack = errors.New("left to tools-golang")

// unmarshalDocument decodes the SPDX 2.3 JSON document data into sd as
// v2_3.Document's UnmarshalJSON does: the document's fields, then the
// relationships that documentDescribes and the packages' hasFiles state
// (each added once), without the null relationships.
func unmarshalDocument(data []byte, sd *v2_3.Document) error {
	// hasFiles holds the hasFiles of each package, which v2_3.Package
	// keeps in a field of its own while the document is decoded.
	hasFiles := map[*v2_3.Package][]common.DocElementID{}
	opts := jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(
		jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, p *v2_3.Package) error {
			return unmarshalPackage(dec, p, hasFiles)
		}),
		jsonv2.UnmarshalFromFunc(unmarshalExternalRef),
	)))
	type document v2_3.Document // without its UnmarshalJSON
	var d struct {
		document
		DocumentDescribes []common.DocElementID `json:"documentDescribes"`
	}
	if err := jsonv2.Unmarshal(data, &d, opts); err != nil {
		return err
	}
	*sd = v2_3.Document(d.document)
	for _, p := range sd.Packages {
		if p == nil {
			return errFallBack // tools-golang fails on it its own way
		}
	}
	rels := sd.Relationships[:0]
	for _, r := range sd.Relationships {
		if r != nil {
			rels = append(rels, r)
		}
	}
	clear(sd.Relationships[len(rels):])
	sd.Relationships = rels
	seen := make(map[string]bool, len(sd.Relationships))
	for _, r := range sd.Relationships {
		seen[relationshipKey(r)] = true
	}
	add := func(a common.ElementID, b common.DocElementID, typ string) {
		r := &v2_3.Relationship{RefA: common.DocElementID{ElementRefID: a}, RefB: b, Relationship: typ}
		if k := relationshipKey(r); !seen[k] {
			sd.Relationships = append(sd.Relationships, r)
			seen[k] = true
		}
	}
	for _, id := range d.DocumentDescribes {
		add(sd.SPDXIdentifier, id, common.TypeRelationshipDescribe)
	}
	for _, p := range sd.Packages {
		for _, f := range hasFiles[p] {
			add(p.PackageSPDXIdentifier, f, common.TypeRelationshipContains)
		}
	}
	return nil
}

// relationshipKey identifies a relationship as v2_3.Document's
// UnmarshalJSON does to add each once: CONTAINED_BY and DESCRIBED_BY the
// other way round, as CONTAINS and DESCRIBES.
func relationshipKey(r *v2_3.Relationship) string {
	a, b, typ := r.RefA, r.RefB, r.Relationship
	switch typ {
	case common.TypeRelationshipContainedBy:
		a, b, typ = r.RefB, r.RefA, common.TypeRelationshipContains
	case common.TypeRelationshipDescribeBy:
		a, b, typ = r.RefB, r.RefA, common.TypeRelationshipDescribe
	}
	return common.RenderDocElementID(a) + "-" + typ + "->" + common.RenderDocElementID(b)
}

// unmarshalPackage decodes a package as v2_3.Package's UnmarshalJSON does:
// the package's fields, and filesAnalyzed true when it is absent (or
// null); its hasFiles go to hasFiles.
func unmarshalPackage(dec *jsontext.Decoder, p *v2_3.Package, hasFiles map[*v2_3.Package][]common.DocElementID) error {
	if dec.PeekKind() != '{' {
		return errFallBack
	}
	type pkg v2_3.Package // without its UnmarshalJSON
	var d struct {
		pkg
		HasFiles      []common.DocElementID `json:"hasFiles"`
		FilesAnalyzed *bool                 `json:"filesAnalyzed"`
	}
	opts := dec.Options()
	if err := jsonv2.UnmarshalDecode(dec, &d, opts); err != nil {
		return err
	}
	*p = v2_3.Package(d.pkg)
	hasFiles[p] = d.HasFiles
	if d.FilesAnalyzed == nil {
		p.FilesAnalyzed = true
	} else {
		p.FilesAnalyzed = *d.FilesAnalyzed
		p.IsFilesAnalyzedTagPresent = true
	}
	return nil
}

// unmarshalExternalRef decodes an external reference as
// v2_3.PackageExternalReference's UnmarshalJSON does: its category with
// underscores written as hyphens.
func unmarshalExternalRef(dec *jsontext.Decoder, r *v2_3.PackageExternalReference) error {
	if dec.PeekKind() != '{' {
		return errFallBack
	}
	type ref v2_3.PackageExternalReference // without its UnmarshalJSON
	var rr ref
	if err := jsonv2.UnmarshalDecode(dec, &rr, dec.Options()); err != nil {
		return err
	}
	rr.Category = strings.ReplaceAll(rr.Category, "_", "-")
	*r = v2_3.PackageExternalReference(rr)
	return nil
}
