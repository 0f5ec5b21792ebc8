// Package yamlcheck parses the YAML inputs of soupkit (soup.yaml, policy
// files, SPDX YAML) into a node tree and refuses, in time linear in the
// input, what every one of them must refuse: a second document, a
// mapping key given twice, and a mapping too large for the type it is
// decoded into.
//
// The YAML library reports a repeated key once per pair of equal keys, so
// that a 200 KB mapping with one key written 10,000 times costs 50 million
// comparisons and as many error strings: gigabytes. Checking the node tree
// first, with one map per mapping, answers such input in milliseconds with
// one error naming the first repeated key, and the bound on the keys of a
// mapping keeps the library's quadratic check of unique keys small.
package yamlcheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is a YAML input refused by [Parse]: a syntax error, a second
// document, a repeated key or an oversized mapping.
type Error struct {
	Line int // 1-based; 0 when unknown
	Msg  string
	// Err is ErrSecondDocument, ErrRepeatedKey or ErrTooManyKeys for the
	// checks of this package, nil for a syntax error.
	Err error
}

// The checks of [Parse], which an *Error wraps.
var (
	ErrSecondDocument = errors.New("yaml: a second document")
	ErrRepeatedKey    = errors.New("yaml: a repeated key")
	ErrTooManyKeys    = errors.New("yaml: a mapping of too many keys")
)

// Unwrap returns the check that failed, or nil for a syntax error.
func (e *Error) Unwrap() error { return e.Err }

// Error returns "line N: message", or the message when the line is not
// known.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// ErrEmpty is returned when the input holds no document.
var ErrEmpty = errors.New("empty document")

// Options bounds what [Parse] accepts. A nil *Options means no bound on
// the keys of a mapping.
type Options struct {
	// MaxKeys bounds the keys of one mapping; zero means no bound. A
	// caller that decodes the document into structs sets it to a little
	// more than the fields of its largest struct.
	MaxKeys int
}

// Parse parses data, which must hold exactly one YAML document, and
// returns the document node. It returns an *Error for a syntax error, a
// second document (a "---" line followed by content), the first mapping
// key written twice in one mapping (named, with both lines), or a mapping
// with more than opts.MaxKeys keys; ErrEmpty for an input without a
// document. With the errors of its checks (not a syntax error) it also
// returns the first document, for a caller that wants to say more about
// it. Quoted excerpts of the input are short.
func Parse(data []byte, opts *Options) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrEmpty
		}
		return nil, syntaxError(err)
	}
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxError(err)
	default:
		return &doc, &Error{Line: second.Line, Msg: "a second YAML document begins (---): the input must be one document", Err: ErrSecondDocument}
	}
	if len(doc.Content) == 0 {
		return nil, ErrEmpty
	}
	max := 0
	if opts != nil {
		max = opts.MaxKeys
	}
	if err := check(&doc, max); err != nil {
		return &doc, err
	}
	return &doc, nil
}

// check walks the tree below n, iteratively (a deeply nested input must
// not exhaust the stack), and returns the first problem in document order.
func check(n *yaml.Node, max int) error {
	stack := []*yaml.Node{n}
	var seen map[string]int
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.MappingNode {
			if seen == nil {
				seen = map[string]int{}
			}
			clear(seen)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Kind != yaml.ScalarNode {
					continue
				}
				// The YAML library takes keys as equal when their text
				// is, whatever their tag: so does this check.
				if first, dup := seen[k.Value]; dup {
					return &Error{Line: k.Line, Msg: fmt.Sprintf("key %s given twice in one mapping (first at line %d)", quote(k.Value), first), Err: ErrRepeatedKey}
				}
				seen[k.Value] = k.Line
			}
			if max > 0 && len(n.Content)/2 > max {
				return &Error{Line: n.Line, Msg: fmt.Sprintf("a mapping of %d keys (at most %d expected)", len(n.Content)/2, max), Err: ErrTooManyKeys}
			}
		}
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, n.Content[i])
		}
	}
	return nil
}

// syntaxError words an error of the YAML library as an *Error, its line
// taken out of the message.
func syntaxError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if _, err := fmt.Sscanf(n, "%d", &line); err == nil {
				msg = tail
			} else {
				line = 0
			}
		}
	}
	return &Error{Line: line, Msg: Excerpt(msg, 200)}
}

// quote quotes s for a message, shortened to an excerpt.
func quote(s string) string {
	return fmt.Sprintf("%q", Excerpt(s, 60))
}

// Excerpt returns s, or its first max bytes (cut at a rune boundary) and
// an ellipsis when it is longer: what a message may quote of an input.
func Excerpt(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := max
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
