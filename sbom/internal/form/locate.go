package form

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Locate returns err as a DecodeError of format f, located in data, the
// input in f's encoding, where err tells the place (a JSON, XML or YAML
// syntax or type error). A DecodeError is returned as it is.
func Locate(f Format, data []byte, err error) *DecodeError {
	var de *DecodeError
	if errors.As(err, &de) {
		return de
	}
	e := &DecodeError{Format: f, Err: err}
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
		xe *xml.SyntaxError
	)
	switch {
	case errors.As(err, &te):
		// The offset is in the JSON the value was unmarshalled from,
		// which is not the input where an UnmarshalJSON method or a YAML
		// reader (tools-golang's) made it: find the field by its path.
		e.Ref = te.Field
		e.Line, e.Column = fieldPosition(data, te.Field, te.Value)
	case f.Encoding == YAML:
		// The YAML readers say the line in the message only.
		e.Line = YAMLLine(err)
	case errors.As(err, &se):
		e.Line, e.Column = Position(data, se.Offset)
	case errors.As(err, &xe):
		e.Line = xe.Line
	}
	return e
}

// Position returns where a parser that has read off bytes of data stopped:
// the line (1 plus the line breaks read) and the column of the last byte
// read (1-based, in bytes; 0 when that byte ended a line or none was read).
func Position(data []byte, off int64) (line, col int) {
	before := data[:min(max(off, 0), int64(len(data)))]
	nl := bytes.LastIndexByte(before, '\n')
	return bytes.Count(before, []byte("\n")) + 1, len(before) - nl - 1
}

// yamlPos finds the line the YAML libraries state in their errors, which
// carry it only in the message ("yaml: line 3: mapping values are not
// allowed in this context", "yaml: unmarshal errors:\n  line 1: cannot
// unmarshal").
var yamlPos = regexp.MustCompile(`\bline ([0-9]+):`)

// YAMLLine returns the first line a YAML reader's error names, or 0.
func YAMLLine(err error) int {
	if m := yamlPos.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// fieldPosition returns the line and column of the value of the field
// at path ("packages.name") in data, JSON or YAML, whose kind is kind
// ("number", "array"…, as json.UnmarshalTypeError says it); in lists, the
// first element where it is. It returns 0, 0 when there is none.
func fieldPosition(data []byte, path, kind string) (line, col int) {
	var doc yaml.Node
	if path == "" || yaml.Unmarshal(data, &doc) != nil {
		return 0, 0
	}
	kind, _, _ = strings.Cut(kind, " ") // "number 7"
	if n := findField(&doc, strings.Split(path, "."), kind); n != nil {
		return n.Line, n.Column
	}
	return 0, 0
}

// ElementPosition returns the line and column of element i (from 0) of the
// list under the top-level key list in data, JSON or YAML, or 0, 0.
func ElementPosition(data []byte, list string, i int) (line, col int) {
	return NewElements(data).Position(list, i)
}

// Elements places the elements of the top-level lists of a JSON or YAML
// document, reading the document once, when first asked.
type Elements struct {
	data []byte
	doc  *yaml.Node
}

// NewElements returns the Elements of data.
func NewElements(data []byte) *Elements { return &Elements{data: data} }

// Position returns the line and column of element i (from 0) of the list
// under the top-level key list, or 0, 0.
func (e *Elements) Position(list string, i int) (line, col int) {
	if e.doc == nil {
		e.doc = new(yaml.Node)
		if yaml.Unmarshal(e.data, e.doc) != nil {
			e.doc = &yaml.Node{}
		}
	}
	if n := findField(e.doc, []string{list}, "array"); n != nil && i < len(n.Content) {
		return n.Content[i].Line, n.Content[i].Column
	}
	return 0, 0
}

// findField finds the value at path below n, looking through documents
// and into every element of lists, whose kind is kind.
func findField(n *yaml.Node, path []string, kind string) *yaml.Node {
	switch {
	case n.Kind == yaml.DocumentNode || n.Kind == yaml.SequenceNode && len(path) > 0:
		for _, c := range n.Content {
			if v := findField(c, path, kind); v != nil {
				return v
			}
		}
	case len(path) == 0:
		if jsonKind(n) == kind {
			return n
		}
	case n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == path[0] {
				return findField(n.Content[i+1], path[1:], kind)
			}
		}
	}
	return nil
}

// jsonKind names the kind of JSON value n is.
func jsonKind(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.SequenceNode:
		return "array"
	case n.Kind == yaml.MappingNode:
		return "object"
	case n.Tag == "!!int" || n.Tag == "!!float":
		return "number"
	case n.Tag == "!!bool":
		return "bool"
	case n.Tag == "!!null":
		return "null"
	}
	return "string"
}
