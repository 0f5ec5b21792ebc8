package main

import (
	"encoding/json"
	"io"
	"iter"
	"unicode/utf8"

	"github.com/soupkit/soupkit/soup"
)

// writeFindingsJSON writes the findings as json.MarshalIndent(fs, "",
// "  ") would write them as one array, and a newline (an empty array, not
// null, when there are none), as they come: a list of 40,000 items may
// have 100 MB of findings, which are never held. Each finding is written
// by appendFindingJSON, without reflection; a test holds it to the fields
// of soup.Finding and a fuzz target to encoding/json.
func writeFindingsJSON(w io.Writer, fs iter.Seq[soup.Finding]) error {
	var b []byte
	n := 0
	for f := range fs {
		if n == 0 {
			b = append(b, "[\n"...)
		} else {
			b = append(b, ",\n"...)
		}
		n++
		var err error
		if b, err = appendFindingJSON(b, &f); err != nil {
			return err
		}
		if len(b) >= 32<<10 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	if n == 0 {
		b = append(b, "[]\n"...)
	} else {
		b = append(b, "\n]\n"...)
	}
	_, err := w.Write(b)
	return err
}

// appendFindingJSON appends f as an element of an array that
// json.MarshalIndent(fs, "", "  ") writes: indented by two spaces, its
// fields by four, omitting the empty ones tagged omitempty.
func appendFindingJSON(b []byte, f *soup.Finding) ([]byte, error) {
	sev, err := f.Severity.MarshalText()
	if err != nil {
		return b, err
	}
	b = append(b, "  {\n"...)
	b = appendJSONField(b, "rule", f.Rule)
	b = append(b, ",\n"...)
	b = appendJSONField(b, "severity", string(sev))
	b = append(b, ",\n"...)
	b = appendJSONField(b, "item", f.Item)
	for _, kv := range [...][2]string{{"name", f.Name}, {"version", f.Version}, {"purl", f.PURL}} {
		if kv[1] != "" {
			b = append(b, ",\n"...)
			b = appendJSONField(b, kv[0], kv[1])
		}
	}
	b = append(b, ",\n"...)
	b = appendJSONField(b, "field", f.Field)
	b = append(b, ",\n"...)
	b = appendJSONField(b, "source", string(f.Source))
	b = append(b, ",\n"...)
	b = appendJSONField(b, "clause", f.Clause)
	b = append(b, ",\n"...)
	b = appendJSONField(b, "message", f.Message)
	b = append(b, ",\n"...)
	b = append(b, `    "suppressed": `...)
	if f.Suppressed {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	if f.Justification != "" {
		b = append(b, ",\n"...)
		b = appendJSONField(b, "justification", f.Justification)
	}
	return append(b, "\n  }"...), nil
}

// appendJSONField appends `    "name": value` (value quoted), at the
// indentation of a finding's fields.
func appendJSONField(b []byte, name, value string) []byte {
	b = append(b, `    "`...)
	b = append(b, name...)
	b = append(b, `": `...)
	return appendJSONString(b, value)
}

// appendJSONString appends s quoted as encoding/json quotes a string
// (<, > and & escaped for HTML, invalid UTF-8 as \ufffd): as it is when
// it is printable ASCII that needs no escape, the common case, else
// through encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
