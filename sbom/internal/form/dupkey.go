package form

import (
	"encoding/json"
	"fmt"

	"github.com/soupkit/soupkit/internal/yamlcheck"
)

// maxRepeatedKeys bounds the repeated keys RepeatedKeys reports.
const maxRepeatedKeys = 20

// jsonFrame is an object or array open while RepeatedKeys scans.
type jsonFrame struct {
	object  bool
	wantKey bool            // the next string is a key
	keys    []string        // the keys so far, while they are few
	set     map[string]bool // then
}

func (f *jsonFrame) seen(k string) bool {
	if f.set != nil {
		if f.set[k] {
			return true
		}
		f.set[k] = true
		return false
	}
	for _, s := range f.keys {
		if s == k {
			return true
		}
	}
	if f.keys = append(f.keys, k); len(f.keys) > 16 {
		f.set = make(map[string]bool, 2*len(f.keys))
		for _, s := range f.keys {
			f.set[s] = true
		}
		f.keys = nil
	}
	return false
}

// RepeatedKeys returns a warning for each key written twice in one object
// of the JSON text data (up to maxRepeatedKeys of them), in input order:
// the JSON decoders keep the last value of a repeated key without a word.
// It scans data once, keeping the keys of the objects open at a time; text
// that is not valid JSON gives what was found up to where it breaks (the
// decoder reports the syntax error).
func RepeatedKeys(data []byte) []Warning {
	var (
		stack []jsonFrame
		out   []Warning
	)
	for i := 0; i < len(data) && len(out) < maxRepeatedKeys; i++ {
		switch c := data[i]; c {
		case '{', '[':
			stack = append(stack, jsonFrame{object: c == '{', wantKey: c == '{'})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 && stack[n-1].object {
				stack[n-1].wantKey = true
			}
		case '"':
			start := i
			escaped := false
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					escaped = true
					i++
				}
			}
			n := len(stack)
			if n == 0 || !stack[n-1].wantKey || i >= len(data) {
				continue
			}
			f := &stack[n-1]
			f.wantKey = false
			key := string(data[start+1 : i])
			if escaped && json.Unmarshal(data[start:i+1], &key) != nil {
				continue
			}
			if f.seen(key) {
				w := Warning{Field: Excerpt(key), Message: fmt.Sprintf("key %q written twice in one object; the last value is read", Excerpt(key))}
				w.Line, w.Column = Position(data, int64(start)+1)
				out = append(out, w)
			}
		}
	}
	return out
}

// Excerpt shortens s, a value from the input, for a message.
func Excerpt(s string) string { return yamlcheck.Excerpt(s, 60) }
