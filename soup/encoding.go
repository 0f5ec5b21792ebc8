package soup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/internal/limit"
	"github.com/soupkit/soupkit/internal/yamlcheck"
)

// DefaultMaxBytes is the largest input [Read] accepts when the caller sets
// no bound.
const DefaultMaxBytes = 256 << 20

// ErrTooLarge is returned (wrapped) when an input exceeds its size bound.
// It is the one sentinel of every bounded reader of soupkit (sbom.ErrTooLarge
// is the same value).
var ErrTooLarge = limit.ErrTooLarge

// ReadOptions configures [Read]. A nil *ReadOptions means defaults.
type ReadOptions struct {
	// MaxBytes bounds the input; zero means DefaultMaxBytes.
	MaxBytes int64
}

// ParseError is an error in a native SOUP list, located by line and, where
// it concerns one item, by the item and field.
type ParseError struct {
	Format string // "json" or "yaml"
	Line   int    // 1-based; 0 when unknown
	Item   string // the item's ID or name; empty for the list
	Field  string // the field, such as "purl"
	Err    error
}

// Error formats the error as "soup: FORMAT: line N: item ID: FIELD: message",
// leaving out the parts that are unknown.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("soup: ")
	b.WriteString(e.Format)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Item != "" {
		fmt.Fprintf(&b, ": item %s", e.Item)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(yamlcheck.Excerpt(strings.TrimPrefix(e.Err.Error(), "soup: "), maxMessage))
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// maxMessage bounds the message of a ParseError, in bytes, so that an
// error never quotes a large part of the input.
const maxMessage = 1000

// ReadAll reads r up to max bytes (DefaultMaxBytes when max <= 0) and
// returns an error wrapping ErrTooLarge when r holds more.
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxBytes
	}
	return limit.ReadAll(r, max)
}

// Read reads a SOUP list written in YAML or JSON (JSON is recognised by its
// opening brace). Unknown fields, values of the wrong type, invalid enum
// values, malformed package URLs and duplicate item IDs are errors that name
// the line, item and field; every type error in the input is reported, not
// just the first.
func Read(r io.Reader, opts *ReadOptions) (*List, error) {
	var max int64
	if opts != nil {
		max = opts.MaxBytes
	}
	data, err := ReadAll(r, max)
	if err != nil {
		return nil, fmt.Errorf("soup: %w", err)
	}
	return Parse(data)
}

// Parse is [Read] on bytes.
func Parse(data []byte) (*List, error) {
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return parseJSON(data, t)
	}
	return parseYAML(data, "yaml")
}

// parseJSON reads the JSON object t (data without leading space) with
// encoding/json, which takes every JSON string, escaped control characters
// included, unlike the YAML decoder. When that fails it reads data as
// YAML, which accepts a number where text is expected and locates errors
// by line.
func parseJSON(data, t []byte) (*List, error) {
	if !json.Valid(t) {
		var v any
		err := json.Unmarshal(t, &v)
		return nil, &ParseError{Format: "json", Line: jsonLine(data, err), Err: err}
	}
	var l List
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return parseYAML(data, "json")
	}
	// encoding/json keeps the last of repeated keys without a word, and
	// does not locate items: the YAML parser (JSON is YAML) does both.
	var lines []int
	doc, err := yamlcheck.Parse(data, &yamlcheck.Options{MaxKeys: maxMappingKeys})
	var ye *yamlcheck.Error
	switch {
	case err == nil:
		lines = itemLines(doc)
	case errors.As(err, &ye) && errors.Is(err, yamlcheck.ErrRepeatedKey):
		return nil, &ParseError{Format: "json", Line: ye.Line, Err: errors.New(ye.Msg)}
	}
	if err := l.check(lines); err != nil {
		err.Format = "json"
		return nil, err
	}
	return &l, nil
}

// parseYAML reads data as YAML (a superset of JSON): the decoder reports
// lines and unknown fields.
func parseYAML(data []byte, format string) (*List, error) {
	if format == "yaml" {
		if l, ok := parseLaidOut(data); ok {
			return l, nil
		}
	}
	return parseYAMLLibrary(data, format)
}

// parseYAMLLibrary is parseYAML through the YAML library alone.
func parseYAMLLibrary(data []byte, format string) (*List, error) {
	lines, perr := checkYAML(data, format)
	if perr != nil {
		return nil, perr
	}
	var l List
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(&l); err != nil {
		return nil, &ParseError{Format: format, Err: trimYAML(err)}
	}
	if err := l.check(lines); err != nil {
		err.Format = format
		return nil, err
	}
	return &l, nil
}

// checkYAML parses data with yamlcheck, checks that it is a mapping and
// returns the line of each item. The tree is dropped on return, before the
// strict decoder parses the input again.
func checkYAML(data []byte, format string) ([]int, *ParseError) {
	doc, err := yamlcheck.Parse(data, &yamlcheck.Options{MaxKeys: maxMappingKeys})
	var ye *yamlcheck.Error
	switch {
	case errors.Is(err, yamlcheck.ErrEmpty):
		return nil, &ParseError{Format: format, Err: errors.New("empty document")}
	case errors.As(err, &ye):
		return nil, &ParseError{Format: format, Line: ye.Line, Err: errors.New(ye.Msg)}
	case err != nil:
		return nil, &ParseError{Format: format, Err: err}
	}
	if root := doc.Content[0]; root.Kind != yaml.MappingNode {
		return nil, &ParseError{Format: format, Line: root.Line,
			Err: errors.New("not a SOUP list: the document must be a mapping with system, document and items")}
	}
	return itemLines(doc), nil
}

// DecodeYAML decodes data, one YAML document, into v (a pointer to a
// struct) as [Parse] decodes a SOUP list, for the YAML files that go with
// one (a policy file): unknown fields, a second document, a key repeated
// in a mapping and a mapping of more keys than any struct of soupkit has
// are errors that name the line. Input of no document leaves v as it is.
func DecodeYAML(data []byte, v any) error {
	_, err := yamlcheck.Parse(data, &yamlcheck.Options{MaxKeys: maxMappingKeys})
	var ye *yamlcheck.Error
	switch {
	case errors.Is(err, yamlcheck.ErrEmpty):
		return nil
	case errors.As(err, &ye):
		return &ParseError{Format: "yaml", Line: ye.Line, Err: errors.New(ye.Msg)}
	case err != nil:
		return &ParseError{Format: "yaml", Err: err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return &ParseError{Format: "yaml", Err: trimYAML(err)}
	}
	return nil
}

// maxMappingKeys bounds the keys of one mapping of a SOUP list: every
// mapping of the model is a struct, of fewer fields (a test checks), so
// that a larger one is an error anyway, and the YAML library's check of
// repeated keys, quadratic in the keys of a mapping, stays cheap.
const maxMappingKeys = 64

// trimYAML makes a yaml error read as one of ours: one line, at most
// maxErrors of the library's errors, each quoting a short excerpt.
func trimYAML(err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	msg = strings.ReplaceAll(msg, " in type soup.", " in ")
	parts := strings.Split(msg, "\n  ")
	for i, p := range parts {
		parts[i] = yamlcheck.Excerpt(p, 200)
	}
	if n := len(parts); n > maxErrors {
		parts = append(parts[:maxErrors], fmt.Sprintf("and %d more", n-maxErrors))
	}
	return errors.New(strings.Join(parts, "; "))
}

// maxErrors bounds the errors of the YAML library a ParseError quotes.
const maxErrors = 10

// itemLines returns the line of each item in doc, by index.
func itemLines(doc *yaml.Node) []int {
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "items" && root.Content[i+1].Kind == yaml.SequenceNode {
			var lines []int
			for _, it := range root.Content[i+1].Content {
				lines = append(lines, it.Line)
			}
			return lines
		}
	}
	return nil
}

// check reports errors a type check cannot see: malformed package URLs
// and duplicate IDs.
func (l *List) check(lines []int) *ParseError {
	seen := map[string]int{}
	for i := range l.Items {
		it := &l.Items[i]
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		if _, err := PURLKey(it.PURL); err != nil {
			return &ParseError{Line: line, Item: it.label(i), Field: "purl", Err: err}
		}
		if it.ID == "" {
			continue
		}
		if j, dup := seen[it.ID]; dup {
			return &ParseError{Line: line, Item: it.label(i), Field: "id",
				Err: fmt.Errorf("duplicate ID %s (also item %d)", yamlcheck.Excerpt(it.ID, 40), j+1)}
		}
		seen[it.ID] = i
	}
	return nil
}

// label names an item in messages: its ID, else its name, else its index.
func (it *Item) label(i int) string {
	id, name := yamlcheck.Excerpt(it.ID, 40), yamlcheck.Excerpt(it.Name, 60)
	switch {
	case id != "" && name != "":
		return fmt.Sprintf("%s (%s)", id, name)
	case id != "":
		return id
	case name != "":
		return fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("#%d", i+1)
}

// jsonLine returns the line of a JSON syntax error's offset, or 0.
func jsonLine(data []byte, err error) int {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset <= int64(len(data)) {
		return bytes.Count(data[:se.Offset], []byte("\n")) + 1
	}
	return 0
}

// WriteYAML writes l as YAML, two-space indented. The output is stable:
// writing what [Read] returns gives the same bytes again.
//
// The items are encoded one by one: the YAML library keeps every event of
// a document until its end, some 200 bytes each, so that one document of
// 40,000 items would cost gigabytes. An item of plain values (printable
// ASCII text, dates, the enumerations, lists and records of them) is
// written without the library, in the bytes the library writes; [Parse]
// reads such items back the same way, and a file laid out so (as sync
// writes it) costs a fraction of a YAML parse to read.
func (l *List) WriteYAML(w io.Writer) error {
	// Into a buffer (the caller's, when w is one): nothing is written
	// when an item cannot be.
	if bw, ok := w.(*bytes.Buffer); ok {
		n := bw.Len()
		err := l.appendYAML(bw)
		if err != nil {
			bw.Truncate(n)
		}
		return err
	}
	var b bytes.Buffer
	if err := l.appendYAML(&b); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// appendYAML appends l to b as WriteYAML writes it.
func (l *List) appendYAML(b *bytes.Buffer) error {
	head := *l
	head.Items, head.LastIssuedID = nil, ""
	if err := encodeYAML(b, &head); err != nil {
		return err
	}
	if len(l.Items) > 0 {
		if !bytes.HasSuffix(b.Bytes(), []byte("items: []\n")) {
			return errors.New("soup: yaml: unexpected encoding of the list")
		}
		b.Truncate(b.Len() - len(" []\n"))
		b.WriteString("\n")
		var item bytes.Buffer
		for i := range l.Items {
			if err := appendItem(b, &l.Items[i], &item); err != nil {
				return err
			}
		}
	}
	if l.LastIssuedID != "" {
		if err := encodeYAML(b, struct {
			LastIssuedID string `yaml:"lastIssuedID"`
		}{l.LastIssuedID}); err != nil {
			return err
		}
	}
	return nil
}

// AppendItemYAML appends to b the text [List.WriteYAML] writes for it: a
// sequence entry two spaces in ("  - id: …") ending with a line break. A
// tool that rewrites a large soup.yaml can tell by it which items a change
// touches.
func AppendItemYAML(b []byte, it *Item) ([]byte, error) {
	n := len(b)
	if out, ok := appendItemYAML(b, it); ok {
		return out, nil
	}
	var buf, scratch bytes.Buffer
	if err := appendItemLibrary(&buf, it, &scratch); err != nil {
		return b[:n], err
	}
	return append(b[:n], buf.Bytes()...), nil
}

// appendItem appends it to b as an element of the items sequence, through
// appendItemYAML where it can, else through the YAML library (scratch is
// its buffer).
func appendItem(b *bytes.Buffer, it *Item, scratch *bytes.Buffer) error {
	n := b.Len()
	if out, ok := appendItemYAML(b.AvailableBuffer(), it); ok {
		b.Write(out)
		return nil
	}
	b.Truncate(n)
	return appendItemLibrary(b, it, scratch)
}

// appendItemLibrary appends it to b as the YAML library writes it as an
// element of the items sequence.
func appendItemLibrary(b *bytes.Buffer, it *Item, scratch *bytes.Buffer) error {
	scratch.Reset()
	if err := encodeYAML(scratch, []*Item{it}); err != nil {
		return err
	}
	// A sequence of one item, indented under items: every line two
	// spaces in (block scalars keep their relative indent).
	for line := range bytes.Lines(scratch.Bytes()) {
		if len(line) > 1 {
			b.WriteString("  ")
		}
		b.Write(line)
	}
	return nil
}

// encodeYAML appends v to b as a YAML document, two-space indented.
func encodeYAML(b *bytes.Buffer, v any) error {
	enc := yaml.NewEncoder(b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("soup: yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("soup: yaml: %w", err)
	}
	return nil
}

// WriteJSON writes l as indented JSON with a final newline.
func (l *List) WriteJSON(w io.Writer) error {
	if l.Items == nil {
		c := *l
		c.Items = []Item{}
		l = &c
	}
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return fmt.Errorf("soup: json: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
