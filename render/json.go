package render

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/soupkit/soupkit"
	"github.com/soupkit/soupkit/soup"
)

// JSON renders the data rather than the document: one JSON object,
// indented by two spaces, with a final newline,
//
//	{
//	  "generator": "soupkit 0.1.0",
//	  "list": { … },
//	  "findings": [ … ]
//	}
//
// where "list" is the list in its native encoding (as [soup.List.WriteJSON]
// writes it, so soup.Parse reads it back), which carries the document
// control and the sources, and "findings" holds Options.Findings as
// [soup.Finding] encodes them; it is absent when Options.Findings is nil.
// Columns, sections, sort order and date do not apply: the list is written
// as it is. Like encoding/json, the output escapes <, > and & in strings,
// so it is safe to embed in HTML.
type JSON struct{}

// jsonDocument is the object JSON writes.
type jsonDocument struct {
	Generator string        `json:"generator"`
	List      *soup.List    `json:"list"`
	Findings  soup.Findings `json:"findings,omitzero"`
}

// Render implements [Renderer].
func (JSON) Render(w io.Writer, l *soup.List, opts *Options) error {
	if l == nil {
		return ErrNilList
	}
	doc := jsonDocument{Generator: "soupkit " + soupkit.Version, List: l}
	if opts != nil {
		doc.Findings = opts.Findings
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("render: json: %w", err)
	}
	return write(w, "json", append(b, '\n'))
}
