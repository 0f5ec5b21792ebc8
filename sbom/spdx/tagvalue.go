package spdx

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	v2_1reader "github.com/spdx/tools-golang/spdx/v2/v2_1/tagvalue/reader"
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
	if i := slices.IndexFunc(pairs, func(p reader.TagValuePair) bool { return p.Tag == "SPDXVersion" }); i >= 0 {
		switch pairs[i].Value {
		case "SPDX-2.2":
			parse = func(ps []reader.TagValuePair) error {
				_, err := v2_2reader.ParseTagValues(ps)
				return err
			}
		case "SPDX-2.1":
			parse = func(ps []reader.TagValuePair) error {
				_, err := v2_1reader.ParseTagValues(ps)
				return err
			}
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

// lenientTagValue repairs, line by line, what tools-golang rejects in
// tag-value but generators and the SPDX project's own examples write, with
// the leniency SPDX JSON gets (lenientSPDXJSON): element IDs without the
// SPDXRef- prefix, suppliers and originators without Organization: or
// Person:, and snippets that follow a package instead of a file (tools-golang
// refuses "SnippetSPDXID in Package section"; soupkit has no use for
// snippets: their lines become comments, each snippet counted in the
// report). Each repair is a warning with its line; line numbers stay the
// same, so that errors still name the user's lines.
func lenientTagValue(data []byte, rep *form.Reporter) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	changed, snippets := false, 0
	inText, comment := false, false // inside a <text> value; commenting it out
	for n, line := range lines {
		if inText {
			if strings.Contains(line, "</text>") {
				inText = false
			}
			if comment {
				lines[n], changed = "#"+line, true
			}
			continue
		}
		body := strings.TrimLeftFunc(line, unicode.IsSpace)
		tag, value, ok := strings.Cut(body, ":")
		if !ok || strings.HasPrefix(body, "#") {
			continue
		}
		if _, text, ok := strings.Cut(value, "<text>"); ok && !strings.Contains(text, "</text>") {
			inText = true
		}
		comment = false
		eol := line[len(strings.TrimRight(line, "\r\n")):]
		value = strings.TrimSpace(value)
		at := func(field, msg string) {
			rep.Warn(form.Warning{Line: n + 1, Field: field, Message: msg})
		}
		fixID := func(id string) string {
			if id == "" || strings.HasPrefix(id, "SPDXRef-") || strings.HasPrefix(id, "DocumentRef-") || noAssertion(id) {
				return id
			}
			at(tag, fmt.Sprintf("element ID %q without SPDXRef- prefix", id))
			return "SPDXRef-" + id
		}
		switch {
		case tag == "SnippetSPDXID":
			snippets++
			fallthrough
		case strings.HasPrefix(tag, "Snippet") || tag == "LicenseInfoInSnippet":
			lines[n], changed, comment = "#"+line, true, true
		case tag == "SPDXID" || tag == "SPDXREF":
			if id := fixID(value); id != value {
				lines[n], changed = tag+": "+id+eol, true
			}
		case tag == "Relationship":
			fs := strings.Fields(value)
			if len(fs) == 3 {
				a, b := fixID(fs[0]), fixID(fs[2])
				if a != fs[0] || b != fs[2] {
					lines[n], changed = tag+": "+a+" "+fs[1]+" "+b+eol, true
				}
			}
		case tag == "PackageSupplier" || tag == "PackageOriginator":
			if value != "" && value != "NOASSERTION" && !strings.Contains(value, ":") {
				at(tag, fmt.Sprintf("%s: %q without Organization: or Person: prefix", tag, value))
				lines[n], changed = tag+": Organization: "+value+eol, true
			}
		}
	}
	rep.Ignore("snippet", snippets)
	if !changed {
		return data
	}
	return []byte(strings.Join(lines, ""))
}
