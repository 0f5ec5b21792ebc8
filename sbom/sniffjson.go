package sbom

import (
	"bytes"
	"strings"
)

// sniffJSON is the fast path of detectJSON: a scan of the top level of the
// JSON object data that looks at the keys and passes over the values by
// their brackets and quotes alone, without tokenising or copying them, so
// that a document whose bomFormat or specVersion comes after its
// components (keys in alphabetical order) costs a pass over the bytes, not
// a parse. It does not validate what it passes over (the decoder of the
// format does), and it answers only where the answer is plainly a format
// read without error: a CycloneDX or SPDX 2 document stating its version in
// plain strings, or a soupkit list; for anything else (an error to report,
// escapes, SPDX 3, invalid JSON) ok is false and detectJSON decides.
func sniffJSON(data []byte) (f Format, ok bool) {
	s := scanner{data: data}
	if s.next() != '{' {
		return Format{}, false
	}
	s.i++
	var bomFormat, spec string
	native := false
	for first := true; ; first = false {
		c := s.next()
		if c == '}' && first {
			break
		}
		if !first {
			if c == '}' {
				break
			}
			if c != ',' {
				return Format{}, false
			}
			s.i++
			s.next()
		}
		key, plain := s.str()
		if !plain || s.next() != ':' {
			return Format{}, false
		}
		s.i++
		switch key {
		case "bomFormat", "specVersion", "spdxVersion":
			s.next()
			v, plain := s.str()
			if !plain {
				return Format{}, false
			}
			switch key {
			case "bomFormat":
				if v != "CycloneDX" {
					return Format{}, false
				}
				bomFormat = v
			case "specVersion":
				spec = v
			case "spdxVersion":
				v = strings.TrimPrefix(v, "SPDX-")
				f = Format{Family: SPDX, Encoding: JSON, Version: v}
				return f, f.Decodable()
			}
			if bomFormat != "" && spec != "" {
				f = Format{Family: CycloneDX, Encoding: JSON, Version: spec}
				return f, f.Decodable()
			}
		case "@context":
			return Format{}, false
		default:
			if nativeKeys[key] {
				native = true
			}
			if !s.skip() {
				return Format{}, false
			}
		}
	}
	if native && bomFormat == "" {
		return Format{Family: Native, Encoding: JSON}, true
	}
	return Format{}, false
}

// scanner passes over JSON text.
type scanner struct {
	data []byte
	i    int
}

// next skips white space and returns the byte at the scanner, 0 at the
// end.
func (s *scanner) next() byte {
	for ; s.i < len(s.data); s.i++ {
		switch c := s.data[s.i]; c {
		case ' ', '\t', '\r', '\n':
		default:
			return c
		}
	}
	return 0
}

// str reads the string at the scanner; plain is false when there is none
// or it holds an escape.
func (s *scanner) str() (v string, plain bool) {
	if s.i >= len(s.data) || s.data[s.i] != '"' {
		return "", false
	}
	rest := s.data[s.i+1:]
	end := bytes.IndexByte(rest, '"')
	if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return "", false
	}
	s.i += end + 2
	return string(rest[:end]), true
}

// skip passes over the value at the scanner: a string, or everything up to
// the bracket that closes the one it starts with, or a literal up to the
// next comma or closing bracket. It reports false where the text ends
// first.
func (s *scanner) skip() bool {
	switch s.next() {
	case '"':
		return s.skipString()
	case '{', '[':
	default:
		for ; s.i < len(s.data); s.i++ {
			switch s.data[s.i] {
			case ',', '}', ']':
				return true
			}
		}
		return false
	}
	depth := 0
	for s.i < len(s.data) {
		// Jump to the next byte that matters (a loop: between strings,
		// which skipString jumps over, there are only a few bytes).
		for s.i < len(s.data) && !structural[s.data[s.i]] {
			s.i++
		}
		if s.i == len(s.data) {
			return false
		}
		switch s.data[s.i] {
		case '"':
			if !s.skipString() {
				return false
			}
			continue
		case '{', '[':
			depth++
		default:
			depth--
		}
		s.i++
		if depth == 0 {
			return true
		}
	}
	return false
}

// structural marks the bytes skip stops at.
var structural = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

// skipString passes over the string at the scanner, escapes included.
func (s *scanner) skipString() bool {
	s.i++ // the opening quote
	for {
		j := bytes.IndexByte(s.data[s.i:], '"')
		if j < 0 {
			return false
		}
		s.i += j
		// The quote is escaped when an odd number of backslashes
		// precede it.
		n := 0
		for k := s.i - 1; k >= 0 && s.data[k] == '\\'; k-- {
			n++
		}
		s.i++
		if n%2 == 0 {
			return true
		}
	}
}
