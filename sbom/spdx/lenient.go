package spdx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"
	spdxyaml "github.com/spdx/tools-golang/yaml"
	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

// This file holds the workarounds around tools-golang: what it rejects but
// generators write, and what it reads wrong.

// read reads data, in format f, with tools-golang, repairing what
// generators get wrong (each repair a warning in rep).
func read(data []byte, f form.Format, rep *form.Reporter) (*v2_3.Document, error) {
	sd := new(v2_3.Document)
	var err error
	switch f.Encoding {
	case form.JSON:
		var (
			fixed []byte
			ps    []party
		)
		fixed, ps, err = lenientSPDXJSON(data, rep)
		if err == nil {
			err = nullElements(data, fixed, f)
		}
		if err == nil {
			err = spdxjson.ReadInto(bytes.NewReader(fixed), sd)
		}
		if err == nil {
			fixParties(sd, ps)
			err = jsonExtras(sd, fixed, json.Unmarshal, rep)
		}
	case form.TagValue:
		if err := readTagValue(lenientTagValue(data, rep), f, sd, rep); err != nil {
			return nil, err
		}
	case form.YAML:
		err = spdxyaml.ReadInto(bytes.NewReader(data), sd)
		if err == nil {
			// tools-golang turns YAML into JSON and reads that: the same
			// escapes stay in suppliers.
			var top struct {
				Packages []struct{ Supplier, Originator string }
			}
			if yaml.Unmarshal(data, &top) == nil {
				ps := make([]party, len(top.Packages))
				for i, p := range top.Packages {
					ps[i] = party{p.Supplier, p.Originator}
				}
				fixParties(sd, ps)
			}
			err = jsonExtras(sd, data, yaml.Unmarshal, rep)
		}
	}
	if err != nil {
		return nil, form.Locate(f, data, err)
	}
	return sd, nil
}

// jsonExtras reads from data (SPDX JSON or YAML, as unmarshal reads it)
// what tools-golang leaves out of sd: it adds the DESCRIBES relationships
// of documentDescribes that sd lacks when the document is SPDX 2.1
// (tools-golang turns documentDescribes into relationships for SPDX 2.2
// and 2.3 only, and drops it for 2.1, which made the described package an
// item and left the list without a system), and counts the reviewers
// (SPDX 2.0/2.1 reviews, never read) in rep.
func jsonExtras(sd *v2_3.Document, data []byte, unmarshal func([]byte, any) error, rep *form.Reporter) error {
	v21 := bytes.Contains(data, []byte("SPDX-2.1")) && bytes.Contains(data, []byte("documentDescribes"))
	if !v21 && !bytes.Contains(data, []byte("reviewers")) {
		return nil
	}
	var top struct {
		SPDXVersion       string   `json:"spdxVersion" yaml:"spdxVersion"`
		DocumentDescribes []string `json:"documentDescribes" yaml:"documentDescribes"`
		Reviewers         []any    `json:"reviewers" yaml:"reviewers"`
	}
	if err := unmarshal(data, &top); err != nil {
		return nil // tools-golang read it: not ours to refuse
	}
	rep.Ignore("review", len(top.Reviewers))
	if top.SPDXVersion != "SPDX-2.1" {
		return nil
	}
	has := map[common.DocElementID]bool{}
	for _, r := range sd.Relationships {
		if r != nil && r.RefA.ElementRefID == sd.SPDXIdentifier && r.RefA.DocumentRefID == "" && r.Relationship == common.TypeRelationshipDescribe {
			has[r.RefB] = true
		}
	}
	for _, s := range top.DocumentDescribes {
		var id common.DocElementID
		b, _ := json.Marshal(s)
		if err := id.UnmarshalJSON(b); err != nil {
			return fmt.Errorf("documentDescribes: %w", err)
		}
		if !has[id] {
			has[id] = true
			sd.Relationships = append(sd.Relationships, &v2_3.Relationship{
				RefA:         common.DocElementID{ElementRefID: sd.SPDXIdentifier},
				RefB:         id,
				Relationship: common.TypeRelationshipDescribe,
			})
		}
	}
	return nil
}

// nullElements refuses null entries in the lists of a document (fixed,
// data repaired): tools-golang v0.5.7 panics on "packages": [null].
func nullElements(data, fixed []byte, f form.Format) error {
	if !bytes.Contains(fixed, []byte("null")) {
		return nil
	}
	var top struct {
		Packages, Files, Snippets, Relationships, Annotations []json.RawMessage
		Others                                                []json.RawMessage `json:"hasExtractedLicensingInfos"`
	}
	if json.Unmarshal(fixed, &top) != nil {
		return nil // tools-golang says what is wrong
	}
	for _, l := range []struct {
		name string
		list []json.RawMessage
	}{
		{"packages", top.Packages}, {"files", top.Files}, {"snippets", top.Snippets},
		{"relationships", top.Relationships}, {"annotations", top.Annotations}, {"hasExtractedLicensingInfos", top.Others},
	} {
		for i, e := range l.list {
			if string(e) == "null" {
				de := &form.DecodeError{Format: f, Ref: fmt.Sprintf("%s[%d]", l.name, i), Err: fmt.Errorf("%s entry %d is null, not an object", l.name, i+1)}
				de.Line, de.Column = form.ElementPosition(data, l.name, i)
				return de
			}
		}
	}
	return nil
}

// lenientSPDXJSON repairs what tools-golang rejects but generators write:
// element IDs without the SPDXRef- prefix and suppliers or originators
// without the Organization:/Person: prefix. Each repair is a warning.
func lenientSPDXJSON(data []byte, rep *form.Reporter) ([]byte, []party, error) {
	if ps, ok := plainSPDXJSON(data); ok {
		return data, ps, nil
	}
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, nil, err
	}
	var parties []party
	changed := false
	// at places element i of list in the input, for a warning.
	elements := form.NewElements(data)
	at := func(w form.Warning, list string, i int) form.Warning {
		w.Line, w.Column = elements.Position(list, i)
		return w
	}
	fixID := func(where, field string, v any, list string, i int) any {
		s, ok := v.(string)
		if !ok || s == "" || strings.HasPrefix(s, "SPDXRef-") || strings.HasPrefix(s, "DocumentRef-") || noAssertion(s) {
			return v
		}
		rep.Warn(at(form.Warning{Ref: where, Field: field, Message: fmt.Sprintf("element ID %q without SPDXRef- prefix", s)}, list, i))
		changed = true
		return "SPDXRef-" + s
	}
	fixParty := func(where, field string, v any, list string, i int) any {
		s, ok := v.(string)
		if !ok || s == "NOASSERTION" || strings.Contains(s, ":") {
			return v
		}
		rep.Warn(at(form.Warning{Ref: where, Field: field, Message: fmt.Sprintf("%s: %q without Organization: or Person: prefix", field, s)}, list, i))
		changed = true
		return "Organization: " + s
	}
	for _, key := range []string{"packages", "files"} {
		list, _ := top[key].([]any)
		for i, e := range list {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			where := fmt.Sprintf("%s %d %q", strings.TrimSuffix(key, "s"), i+1, fmt.Sprint(m["name"]))
			if id, ok := m["SPDXID"]; ok {
				m["SPDXID"] = fixID(where, "SPDXID", id, key, i)
			}
			for _, k := range []string{"supplier", "originator"} {
				if v, ok := m[k]; ok {
					m[k] = fixParty(where, k, v, key, i)
				}
			}
			if key == "packages" {
				sup, _ := m["supplier"].(string)
				org, _ := m["originator"].(string)
				parties = append(parties, party{sup, org})
			}
		}
	}
	rels, _ := top["relationships"].([]any)
	for i, e := range rels {
		if m, ok := e.(map[string]any); ok {
			where := fmt.Sprintf("relationship %d", i+1)
			for _, k := range []string{"spdxElementId", "relatedSpdxElement"} {
				if v, ok := m[k]; ok {
					m[k] = fixID(where, k, v, "relationships", i)
				}
			}
		}
	}
	if ds, ok := top["documentDescribes"].([]any); ok {
		for i, v := range ds {
			ds[i] = fixID("documentDescribes", "documentDescribes", v, "documentDescribes", i)
		}
	}
	if !changed {
		return data, parties, nil
	}
	data, err := json.Marshal(top)
	return data, parties, err
}

// plainSPDXJSON reports whether data needs none of lenientSPDXJSON's
// repairs, reading only the fields they concern (far cheaper than a map of
// the whole document), and returns the packages' parties.
func plainSPDXJSON(data []byte) ([]party, bool) {
	type element struct {
		SPDXID, Supplier, Originator any
	}
	var top struct {
		Packages      []element `json:"packages"`
		Files         []element `json:"files"`
		Relationships []struct {
			A any `json:"spdxElementId"`
			B any `json:"relatedSpdxElement"`
		} `json:"relationships"`
		DocumentDescribes []any `json:"documentDescribes"`
	}
	if json.Unmarshal(data, &top) != nil {
		return nil, false // the full repair says what is wrong
	}
	id := func(v any) bool {
		s, ok := v.(string)
		return !ok || s == "" || strings.HasPrefix(s, "SPDXRef-") || strings.HasPrefix(s, "DocumentRef-") || noAssertion(s)
	}
	prefixed := func(v any) bool {
		s, ok := v.(string)
		return !ok || s == "NOASSERTION" || strings.Contains(s, ":")
	}
	ps := make([]party, len(top.Packages))
	for i, e := range append(top.Packages, top.Files...) {
		if !id(e.SPDXID) || !prefixed(e.Supplier) || !prefixed(e.Originator) {
			return nil, false
		}
		if i < len(ps) {
			ps[i].supplier, _ = e.Supplier.(string)
			ps[i].originator, _ = e.Originator.(string)
		}
	}
	for _, r := range top.Relationships {
		if !id(r.A) || !id(r.B) {
			return nil, false
		}
	}
	for _, v := range top.DocumentDescribes {
		if !id(v) {
			return nil, false
		}
	}
	return ps, true
}

// party is a package's supplier and originator as written.
type party struct{ supplier, originator string }

// fixParties sets the suppliers and originators of sd from ps, in package
// order: tools-golang takes them from the raw JSON without unescaping
// (\u003c stays, for <).
func fixParties(sd *v2_3.Document, ps []party) {
	if len(ps) != len(sd.Packages) {
		return
	}
	for i, p := range sd.Packages {
		if s := p.PackageSupplier; s != nil && s.Supplier != "NOASSERTION" {
			if typ, name, ok := strings.Cut(ps[i].supplier, ":"); ok {
				s.SupplierType, s.Supplier = strings.TrimSpace(typ), strings.TrimSpace(name)
			}
		}
		if o := p.PackageOriginator; o != nil && o.Originator != "NOASSERTION" {
			if typ, name, ok := strings.Cut(ps[i].originator, ":"); ok {
				o.OriginatorType, o.Originator = typ, strings.TrimLeft(name, " \t")
			}
		}
	}
}
