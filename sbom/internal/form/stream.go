package form

import (
	"bufio"
	"fmt"
	"io"
	"reflect"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/soupkit/soupkit/soup"
)

// jsonOptions make github.com/go-json-experiment/json (the encoding/json/v2
// proposal, as a module) write what encoding/json writes for the same
// value, the upstream types' own MarshalJSON methods included, but
// streamed to the writer rather than built whole in memory (and indented
// as it goes, not in a second copy).
var jsonOptions = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsontext.WithIndent("  "))

// WriteJSON writes v to w as an encoding/json Encoder with SetIndent("",
// "  ") and the given HTML escaping writes it, newline included, without
// holding the output in memory: the bytes are the same (the tests compare
// them), the memory a buffer's.
func WriteJSON(w io.Writer, v any, escapeHTML bool) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := jsonv2.MarshalWrite(bw, v, jsonOptions, jsontext.EscapeForHTML(escapeHTML)); err != nil {
		return err
	}
	if err := bw.WriteByte('\n'); err != nil {
		return err
	}
	return bw.Flush()
}

// writeListJSON writes l as l.WriteJSON does, streamed.
func writeListJSON(w io.Writer, l *soup.List) error {
	if l.Items == nil {
		c := *l
		c.Items = []soup.Item{}
		l = &c
	}
	if err := WriteJSON(w, l, true); err != nil {
		return fmt.Errorf("soup: json: %w", err)
	}
	return nil
}

// ValidUTF8 reports whether every string of l, and each of more, is valid
// UTF-8: what a JSON encoding keeps as it is (encoding/json writes
// invalid bytes as U+FFFD).
func ValidUTF8(l *soup.List, more ...string) bool {
	for _, s := range more {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return validValue(reflect.ValueOf(l).Elem())
}

// validValue reports whether every string reachable from v is valid UTF-8.
func validValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return utf8.ValidString(v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			if !validValue(v.Field(i)) {
				return false
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return true // bytes are written as base64
		}
		for i := range v.Len() {
			if !validValue(v.Index(i)) {
				return false
			}
		}
	case reflect.Pointer, reflect.Interface:
		return v.IsNil() || validValue(v.Elem())
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if !validValue(it.Key()) || !validValue(it.Value()) {
				return false
			}
		}
	}
	return true
}
