package render

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
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

// jsonMissingRuns are the findings of required fields of items left
// empty, as runs summarize made of them: no slice of 70,000 entries for a
// list of 10,000 items, and no second validation.
type jsonMissingRuns struct{ runs []missingRun }

// missing reports whether f is about a required field of an item left
// empty.
func missing(f *soup.Finding) bool { return f.Item != "" && strings.HasSuffix(f.Rule, "-missing") }

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
	return writeDocument(w, &doc)
}

// writeDocument writes doc as MarshalIndent(doc, "", "  ") would, and a
// newline, through a buffer: its fields one by one, each as it goes, and
// the entries of notDocumented, the longest part after the list, without
// reflection.
func writeDocument(w io.Writer, doc *jsonDocument) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	b := make([]byte, 0, 4<<10)
	flush := func() {
		bw.Write(b)
		b = b[:0]
	}
	// value writes "name": and v, marshalled, at the depth of the
	// document's fields.
	value := func(name string, v any) error {
		b = append(append(append(b, ",\n  \""...), name...), "\": "...)
		flush()
		return jsonv2.MarshalWrite(bw, v, fieldOptions)
	}
	b = append(b, "{\n  \"generator\": "...)
	b = appendJSONString(b, doc.Generator)
	b = append(b, ",\n  \"status\": "...)
	b = appendJSONString(b, doc.Status)
	b = append(b, ",\n  \"draft\": "...)
	b = strconv.AppendBool(b, doc.Draft)
	if err := value("validation", &doc.Validation); err != nil {
		return fmt.Errorf("render: json: %w", err)
	}
	if err := value("compliance", doc.Compliance); err != nil {
		return fmt.Errorf("render: json: %w", err)
	}
	if nd := doc.NotDocumented; nd != nil {
		b = append(b, ",\n  \"notDocumented\": ["...)
		first := true
		for _, r := range nd.runs {
			for _, e := range r.entries {
				if !first {
					b = append(b, ',')
				}
				first = false
				b = append(b, "\n    {\n      \"item\": "...)
				b = appendJSONString(b, r.item)
				b = append(b, ",\n      \"field\": "...)
				b = appendJSONString(b, e.field)
				b = append(b, ",\n      \"rule\": "...)
				b = appendJSONString(b, e.rule)
				b = append(b, ",\n      \"status\": "...)
				b = appendJSONString(b, NotDocumented)
				b = append(b, "\n    }"...)
				if len(b) >= 32<<10 {
					flush()
				}
			}
		}
		if first {
			b = append(b, ']')
		} else {
			b = append(b, "\n  ]"...)
		}
	}
	if err := value("list", doc.List); err != nil {
		return fmt.Errorf("render: json: %w", err)
	}
	if doc.Findings != nil {
		if err := value("findings", doc.Findings); err != nil {
			return fmt.Errorf("render: json: %w", err)
		}
	}
	b = append(b, "\n}\n"...)
	flush()
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render: json: write: %w", err)
	}
	return nil
}

// fieldOptions write a value as indentOptions do, as a field of an object
// at the top: each line after the first indented by two more spaces.
var fieldOptions = jsonv2.JoinOptions(indentOptions, jsontext.WithIndentPrefix("  "))

// appendJSONString appends s quoted as encoding/json quotes a string: <, >
// and & escaped for HTML, control characters, U+2028 and U+2029 escaped,
// and each byte of invalid UTF-8 written as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
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
