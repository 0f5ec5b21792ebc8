package form

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// repeatedKeysRef is RepeatedKeys as first written (a string for every
// key): the reference of the faster one.
func repeatedKeysRef(data []byte) []Warning {
	var (
		stack []refFrame
		out   []Warning
	)
	for i := 0; i < len(data) && len(out) < maxRepeatedKeys; i++ {
		switch c := data[i]; c {
		case '{', '[':
			stack = append(stack, refFrame{object: c == '{', wantKey: c == '{'})
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

type refFrame struct {
	object  bool
	wantKey bool            // the next string is a key
	keys    []string        // the keys so far, while they are few
	set     map[string]bool // then
}

func (f *refFrame) seen(k string) bool {
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

// FuzzRepeatedKeysSame: RepeatedKeys finds what the reference finds.
func FuzzRepeatedKeysSame(f *testing.F) {
	for _, s := range []string{`{"a": 1, "a": 2}`, `{"a": [{"b": "\"", "b": 1}]}`, `{"a": 1, "\u0061": 2, "\"": 1, "\\\"": 2}`,
		`{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k18":18,"k3":0}`,
		`[{"a":1},{"a":1,"b":{"a":1,"a":2}},{"a":2}]`, `{"a\`, `{"a": "x\\", "a": 1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if diff := cmp.Diff(repeatedKeysRef(data), RepeatedKeys(data)); diff != "" {
			t.Fatalf("(-reference +RepeatedKeys):\n%s", diff)
		}
	})
}
