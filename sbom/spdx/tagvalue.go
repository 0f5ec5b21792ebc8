package spdx

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"unicode"

	v2_2reader "github.com/spdx/tools-golang/spdx/v2/v2_2/tagvalue/reader"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"
	v2_3reader "github.com/spdx/tools-golang/spdx/v2/v2_3/tagvalue/reader"
	"github.com/spdx/tools-golang/tagvalue"
	"github.com/spdx/tools-golang/tagvalue/reader"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

// readTagValue reads SPDX tag-value into sd with tools-golang, whose errors
// say no line: the error gets the line it happened at.
func readTagValue(data []byte, f form.Format, sd *v2_3.Document) error {
	err := tagvalue.ReadInto(bytes.NewReader(data), sd)
	if err != nil {
		return &form.DecodeError{Format: f, Line: tagValueLine(data, err), Err: err}
	}
	return nil
}

// tagValueLine returns the line of data at which tools-golang's tag-value
// reader failed with err, or 0 when it cannot tell.
func tagValueLine(data []byte, err error) int {
	starts, bad := pairLines(data)
	if bad > 0 {
		return bad
	}
	pairs, rerr := reader.ReadTagValues(bytes.NewReader(data))
	if rerr != nil || len(pairs) != len(starts) {
		return 0
	}
	parse := func(ps []reader.TagValuePair) error {
		_, err := v2_3reader.ParseTagValues(ps)
		return err
	}
	if i := slices.IndexFunc(pairs, func(p reader.TagValuePair) bool { return p.Tag == "SPDXVersion" }); i >= 0 && pairs[i].Value == "SPDX-2.2" {
		parse = func(ps []reader.TagValuePair) error {
			_, err := v2_2reader.ParseTagValues(ps)
			return err
		}
	}
	// The parser stops at the first pair it rejects: the shortest run of
	// pairs that fails as the whole document does ends with that pair.
	msg := err.Error()
	k := sort.Search(len(pairs)+1, func(k int) bool {
		e := parse(pairs[:k])
		return e != nil && e.Error() == msg
	})
	if k == 0 || k > len(pairs) {
		return 0 // not a pair's fault (a conversion between versions)
	}
	return starts[k-1]
}

// pairLines returns the line each tag: value pair of data starts on, by
// the rules of tools-golang's reader, or the line it rejects: the first
// that is neither blank, a comment nor tag: value, or that of a <text>
// left open.
func pairLines(data []byte) (starts []int, bad int) {
	open := 0 // the line of an open <text>
	for n, line := range strings.Split(string(data), "\n") {
		if open > 0 {
			if strings.Contains(line, "</text>") {
				open = 0
			}
			continue
		}
		line = strings.TrimLeftFunc(line, unicode.IsSpace)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		_, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, n + 1
		}
		starts = append(starts, n+1)
		if _, text, ok := strings.Cut(value, "<text>"); ok && !strings.Contains(text, "</text>") {
			open = n + 1
		}
	}
	return starts, open
}
