package cyclonedx

import (
	"bytes"
	"slices"
)

// The components and the dependencies of a BOM are most of its bytes; the
// rest of the BOM (metadata, vulnerabilities…) is decoded by
// cyclonedx-go's types, which must not tokenise those two arrays only to
// pass over them. arrays finds them by a scan of the top level that does
// not validate what it passes over, and without replaces them by []: their
// bytes are validated where their elements are decoded.

// span is the half-open byte range [0], [1] of a value in the input; zero
// when there is none.
type span [2]int

// topArrays returns where the values of the top-level keys "components"
// and "dependencies" of the JSON object data are, each where it is written
// once, exactly so (no escape), and is an array; zero where not, or where
// data does not scan as an object.
func topArrays(data []byte) (comps, deps span) {
	var nc, nd int
	i := ws(data, 0)
	if i == len(data) || data[i] != '{' {
		return span{}, span{}
	}
	for i = ws(data, i+1); ; {
		if i < len(data) && data[i] == '}' {
			return span{}, span{} // an empty object, or a comma before
		}
		ks := i
		if i = skipValue(data, i); i < 0 || data[ks] != '"' {
			return span{}, span{}
		}
		key := data[ks:i]
		if i = ws(data, i); i == len(data) || data[i] != ':' {
			return span{}, span{}
		}
		vs := ws(data, i+1)
		if i = skipValue(data, vs); i < 0 {
			return span{}, span{}
		}
		switch string(key) {
		case `"components"`:
			comps, nc = span{vs, i}, nc+1
		case `"dependencies"`:
			deps, nd = span{vs, i}, nd+1
		}
		if i = ws(data, i); i == len(data) {
			return span{}, span{}
		}
		if data[i] == '}' {
			break
		}
		if data[i] != ',' {
			return span{}, span{}
		}
		i = ws(data, i+1)
	}
	if nc != 1 || data[comps[0]] != '[' {
		comps = span{}
	}
	if nd != 1 || data[deps[0]] != '[' {
		deps = span{}
	}
	return comps, deps
}

// without returns data with the values at spans (in order, not
// overlapping, zero for none) replaced by [], and where each [] is in it.
func without(data []byte, spans ...span) ([]byte, []int) {
	at := make([]int, len(spans))
	if !slices.ContainsFunc(spans, func(s span) bool { return s != span{} }) {
		for i := range at {
			at[i] = -1
		}
		return data, at // nothing to replace: no copy
	}
	n := len(data)
	for _, s := range spans {
		n -= s[1] - s[0] - 2
	}
	out := make([]byte, 0, n)
	prev := 0
	for i, s := range spans {
		if s == (span{}) {
			at[i] = -1
			continue
		}
		out = append(out, data[prev:s[0]]...)
		at[i] = len(out)
		out = append(out, "[]"...)
		prev = s[1]
	}
	return append(out, data[prev:]...), at
}

// ws returns the index of the first byte of data from i that is not JSON
// white space.
func ws(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// stops marks the bytes skipValue stops at inside an object or array.
var stops = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

// skipValue returns the index just after the JSON value at data[i] (not
// validated: a string, or everything up to the bracket closing the one it
// starts with, or a literal up to the next comma, bracket or space), or -1
// where data ends first.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
	case ',', ':', '}', ']':
		return -1
	default:
		for ; i < len(data); i++ {
			switch data[i] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return i
			}
		}
		return i
	}
	depth := 0
	for i < len(data) {
		for i < len(data) && !stops[data[i]] {
			i++
		}
		if i == len(data) {
			return -1
		}
		switch data[i] {
		case '"':
			if i = skipString(data, i); i < 0 {
				return -1
			}
			continue
		case '{', '[':
			depth++
		default:
			depth--
		}
		i++
		if depth == 0 {
			return i
		}
	}
	return -1
}

// skipString returns the index just after the JSON string at data[i], or
// -1 where data ends first.
func skipString(data []byte, i int) int {
	for i++; ; {
		j := bytes.IndexByte(data[i:], '"')
		if j < 0 {
			return -1
		}
		i += j
		// The quote ends the string unless an odd run of backslashes
		// escapes it.
		k := i - 1
		for data[k] == '\\' {
			k--
		}
		i++
		if (i-2-k)%2 == 0 {
			return i
		}
	}
}
