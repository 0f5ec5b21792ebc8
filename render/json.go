package render

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/soupkit/soupkit"
	"github.com/soupkit/soupkit/soup"
)

// JSON renders the data rather than the document: one JSON object,
// indented by two spaces, with a final newline,
//
//	{
//	  "generator": "soupkit 0.1.0",
//	  "status": "DRAFT — 3 findings at error level open: not ready for approval",
//	  "draft": true,
//	  "validation": { "standard": …, "class": "B", "listClass": "B", "date": …, "policy": …, … },
//	  "compliance": [ { "source": …, "clause": …, "severity": …, "open": 2, "suppressed": 0 } ],
//	  "notDocumented": [ { "item": "SOUP-0001", "field": "requirements.functional", … } ],
//	  "list": { … },
//	  "findings": [ … ]
//	}
//
// where "validation" is the context of the validation (as every format
// prints it), "compliance" the findings by reference and severity,
// "notDocumented" the required fields left empty (each marked "NOT
// DOCUMENTED"), "list" the list in its native encoding (as
// [soup.List.WriteJSON] writes it, so soup.Parse reads it back), which
// carries the document control and the sources, and "findings" holds
// Options.Findings as [soup.Finding] encodes them; it is absent when
// Options.Findings is nil. Columns, sections, sort order and date do not
// apply: the list is written as it is. Like encoding/json, the output
// escapes <, > and & in strings, so it is safe to embed in HTML.
type JSON struct{}

// jsonDocument is the object JSON writes.
type jsonDocument struct {
	Generator     string           `json:"generator"`
	Status        string           `json:"status"`
	Draft         bool             `json:"draft"`
	Validation    jsonValidation   `json:"validation"`
	Compliance    []jsonCompliance `json:"compliance"`
	NotDocumented *jsonMissingRuns `json:"notDocumented,omitempty"`
	List          *soup.List       `json:"list"`
	Findings      soup.Findings    `json:"findings,omitzero"`
}

type jsonValidation struct {
	Standard      string           `json:"standard"`
	Class         soup.SafetyClass `json:"class"`
	ListClass     soup.SafetyClass `json:"listClass,omitzero"`
	Date          soup.Date        `json:"date,omitzero"`
	Policy        string           `json:"policy"`
	PolicyDigest  string           `json:"policyDigest,omitempty"`
	Curated       string           `json:"curated,omitempty"`
	CuratedDigest string           `json:"curatedDigest,omitempty"`
}

type jsonCompliance struct {
	Source     soup.Authority `json:"source"`
	Clause     string         `json:"clause,omitempty"`
	Severity   soup.Severity  `json:"severity"`
	Open       int            `json:"open"`
	Suppressed int            `json:"suppressed"`
}

// jsonMissingRuns writes a jsonMissing for each finding of a required
// field left empty, as a slice of them is written, from the runs
// summarize made of them: no slice of 70,000 entries for a list of
// 10,000 items, and no second validation.
type jsonMissingRuns struct{ runs []missingRun }

// missing reports whether f is about a required field of an item left
// empty.
func missing(f *soup.Finding) bool { return f.Item != "" && strings.HasSuffix(f.Rule, "-missing") }

// MarshalJSONTo implements jsonv2.MarshalerTo.
func (m *jsonMissingRuns) MarshalJSONTo(enc *jsontext.Encoder) error {
	if err := enc.WriteToken(jsontext.BeginArray); err != nil {
		return err
	}
	for _, r := range m.runs {
		for _, e := range r.entries {
			if err := enc.WriteToken(jsontext.BeginObject); err != nil {
				return err
			}
			for _, s := range [...]string{"item", r.item, "field", e.field, "rule", e.rule, "status", NotDocumented} {
				var err error
				switch {
				case utf8.ValidString(s):
					err = enc.WriteToken(jsontext.String(s))
				default:
					err = invalidUTF8(enc, s)
				}
				if err != nil {
					return err
				}
			}
			if err := enc.WriteToken(jsontext.EndObject); err != nil {
				return err
			}
		}
	}
	return enc.WriteToken(jsontext.EndArray)
}

type jsonMissing struct {
	Item   string `json:"item"`
	Field  string `json:"field"`
	Rule   string `json:"rule"`
	Status string `json:"status"`
}

// Render implements [Renderer].
func (JSON) Render(w io.Writer, l *soup.List, opts *Options) error {
	if l == nil {
		return ErrNilList
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	o.Columns = nil                                       // the list is written whole
	v, _, sum, err := newStatus(l, &o, needNotDocumented) // the tables are not written
	if err != nil {
		return err
	}
	val := v.Context
	doc := jsonDocument{
		Generator: "soupkit " + soupkit.Version,
		Status:    v.Status,
		Draft:     v.Draft,
		Validation: jsonValidation{
			Standard: v.Edition, Class: v.Class, ListClass: l.System.SafetyClass, Date: val.Date,
			Policy: cmp.Or(val.Policy, "default"), PolicyDigest: val.PolicyDigest,
			Curated: val.Curated, CuratedDigest: val.CuratedDigest,
		},
		Compliance: []jsonCompliance{},
		List:       l,
		Findings:   o.Findings,
	}
	if v.Computed {
		doc.Validation.Policy = "default, applied when the document was rendered"
	}
	for _, r := range sum.compliance {
		doc.Compliance = append(doc.Compliance, jsonCompliance(r))
	}
	if len(sum.notDocumented) > 0 {
		doc.NotDocumented = &jsonMissingRuns{runs: sum.notDocumented}
	}
	return writeJSON(w, "json", &doc)
}

// indentOptions make github.com/go-json-experiment/json write what
// encoding/json's MarshalIndent(v, "", "  ") writes, byte for byte (the
// tests compare them), but as it goes: no compact and indented copy of
// the whole document.
var indentOptions = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsontext.Multiline(true), jsontext.WithIndent("  "),
	jsonv2.WithMarshalers(jsonv2.MarshalToFunc(invalidUTF8)))

// invalidUTF8 writes a string that is not valid UTF-8 as encoding/json
// does, each invalid byte as the escape \ufffd (the faster encoder writes
// the replacement character itself); any other string is left to the
// encoder.
func invalidUTF8(enc *jsontext.Encoder, s string) error {
	if utf8.ValidString(s) {
		return errors.ErrUnsupported
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return enc.WriteValue(b)
}

// writeJSON writes v to w as MarshalIndent(v, "", "  ") would, and a
// newline, through a buffer.
func writeJSON(w io.Writer, format string, v any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := jsonv2.MarshalWrite(bw, v, indentOptions); err != nil {
		return fmt.Errorf("render: %s: %w", format, err)
	}
	if err := bw.WriteByte('\n'); err != nil {
		return fmt.Errorf("render: %s: write: %w", format, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render: %s: write: %w", format, err)
	}
	return nil
}
