package main

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/soupkit/soupkit/soup"
)

// suggest returns ` (did you mean "x"?)` naming the candidate nearest to
// s, or "" when none is near enough to be a slip of the keyboard.
func suggest(s string, candidates []string) string {
	if n := nearest(s, candidates); n != "" {
		return fmt.Sprintf(" (did you mean %q?)", n)
	}
	return ""
}

// nearest returns the candidate with the smallest edit distance to s
// (case-insensitive), provided it is at most a third of the longer word
// (at least 1, at most 3), or a candidate s is a prefix of; else "".
func nearest(s string, candidates []string) string {
	ls := strings.ToLower(s)
	best, bestD := "", -1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(ls, lc)
		limit := min(max(len(lc), len(ls))/3, 3)
		limit = max(limit, 1)
		if d > limit && !(len(ls) >= 3 && strings.HasPrefix(lc, ls)) {
			continue
		}
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the edit distance between a and b, by runes: insertions,
// deletions, substitutions and transpositions of neighbours (optimal
// string alignment), so that "flaks" is one edit from "flask".
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// unknownField matches the decoder's message for a key of soup.yaml that
// names no field: "field riskLvl not found in Item".
var unknownField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`field (\S+) not found in (\w+)`) })

// modelFields maps the names of the model's struct types to the YAML names
// of their fields.
var modelFields = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || m[t.Name()] != nil {
			return
		}
		m[t.Name()] = []string{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if !f.IsExported() || name == "" || name == "-" {
				continue
			}
			m[t.Name()] = append(m[t.Name()], name)
			walk(f.Type)
		}
	}
	walk(reflect.TypeOf(soup.List{}))
	return m
})

// fieldHints adds to err, an error reading a SOUP list, the nearest field
// name for each unknown one it reports.
func fieldHints(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	hinted := unknownField().ReplaceAllStringFunc(msg, func(m string) string {
		p := unknownField().FindStringSubmatch(m)
		return m + suggest(p[1], modelFields()[p[2]])
	})
	if hinted == msg {
		return err
	}
	return &hintError{err: err, msg: hinted}
}

// hintError is an error with hints added to its message.
type hintError struct {
	err error
	msg string
}

func (h *hintError) Error() string { return h.msg }
func (h *hintError) Unwrap() error { return h.err }
