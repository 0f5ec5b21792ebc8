package form

import (
	"bytes"
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
	keys    [][]byte        // the keys so far, while they are few: the input's bytes, or unescaped
	set     map[string]bool // then
}

func (f *jsonFrame) seen(k []byte) bool {
	if f.set != nil {
		if f.set[string(k)] {
			return true
		}
		f.set[string(k)] = true
		return false
	}
	for _, s := range f.keys {
		if bytes.Equal(s, k) {
			return true
		}
	}
	if f.keys = append(f.keys, k); len(f.keys) > 16 {
		f.set = make(map[string]bool, 2*len(f.keys))
		for _, s := range f.keys {
			f.set[string(s)] = true
		}
		f.keys = f.keys[:0]
	}
	return false
}

// structural marks the bytes RepeatedKeys looks at.
var structural = func() (t [256]bool) {
	for _, c := range []byte(`{}[],"`) {
		t[c] = true
	}
	return t
}()

// RepeatedKeys returns a warning for each key written twice in one object
// of the JSON text data (up to maxRepeatedKeys of them), in input order:
// the JSON decoders keep the last value of a repeated key without a word.
// It scans data once, keeping the keys of the objects open at a time (as
// slices of data, unless escaped; the frames of closed objects reused);
// text that is not valid JSON gives what was found up to where it breaks
// (the decoder reports the syntax error).
func RepeatedKeys(data []byte) []Warning {
	var (
		stack []jsonFrame
		out   []Warning
	)
	for i := 0; i < len(data) && len(out) < maxRepeatedKeys; i++ {
		for i < len(data) && !structural[data[i]] {
			i++ // white space, numbers, literals
		}
		if i == len(data) {
			break
		}
		switch c := data[i]; c {
		case '{', '[':
			if n := len(stack); n < cap(stack) {
				stack = stack[:n+1]
				stack[n] = jsonFrame{object: c == '{', wantKey: c == '{', keys: stack[n].keys[:0]}
			} else {
				stack = append(stack, jsonFrame{object: c == '{', wantKey: c == '{'})
			}
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
			// The closing quote: the next one not after a backslash (the
			// byte after a backslash is passed over).
			for i++; i < len(data); {
				q := bytes.IndexByte(data[i:], '"')
				if q < 0 {
					i = len(data)
					break
				}
				b := bytes.IndexByte(data[i:i+q], '\\')
				if b < 0 {
					i += q
					break
				}
				escaped = true
				i += b + 2
			}
			n := len(stack)
			if n == 0 || !stack[n-1].wantKey || i >= len(data) {
				continue
			}
			f := &stack[n-1]
			f.wantKey = false
			key := data[start+1 : i]
			if escaped {
				var s string
				if json.Unmarshal(data[start:i+1], &s) != nil {
					continue
				}
				key = []byte(s)
			}
			if f.seen(key) {
				w := Warning{Field: Excerpt(string(key)), Message: fmt.Sprintf("key %q written twice in one object; the last value is read", Excerpt(string(key)))}
				w.Line, w.Column = Position(data, int64(start)+1)
				out = append(out, w)
			}
		}
	}
	return out
}

// Excerpt shortens s, a value from the input, for a message.
func Excerpt(s string) string { return yamlcheck.Excerpt(s, 60) }
