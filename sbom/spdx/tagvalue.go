package spdx

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/spdx/tools-golang/convert"
	spdxcommon "github.com/spdx/tools-golang/spdx/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_1"
	v2_1reader "github.com/spdx/tools-golang/spdx/v2/v2_1/tagvalue/reader"
	"github.com/spdx/tools-golang/spdx/v2/v2_2"
	v2_2reader "github.com/spdx/tools-golang/spdx/v2/v2_2/tagvalue/reader"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"
	v2_3reader "github.com/spdx/tools-golang/spdx/v2/v2_3/tagvalue/reader"
	"github.com/spdx/tools-golang/tagvalue/reader"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

// readTagValue reads SPDX tag-value into sd: the tag: value pairs with our
// own reader (tools-golang's stops at lines longer than 64 KiB, builds a
// <text> block in quadratic time, and quotes a whole line in its errors),
// parsed by tools-golang. An SPDX 2.1 document that uses tags of SPDX 2.2
// (the SPDX project's own 2.1 example has PackageAttributionText) is read
// as 2.2, with a warning in rep. Errors say the line.
func readTagValue(data []byte, f form.Format, sd *v2_3.Document, rep *form.Reporter) error {
	pairs, line, err := readPairs(data)
	if err != nil {
		return &form.DecodeError{Format: f, Line: line, Err: err}
	}
	if len(pairs) == 0 {
		return &form.DecodeError{Format: f, Err: errors.New("no tag: value pairs")}
	}
	version := ""
	if i := slices.IndexFunc(pairs, func(p reader.TagValuePair) bool { return p.Tag == "SPDXVersion" }); i >= 0 {
		version = pairs[i].Value
	}
	var doc any
	switch version {
	case v2_1.Version:
		doc, err = v2_1reader.ParseTagValues(pairs)
		if err != nil {
			if d, err2 := v2_2reader.ParseTagValues(pairs); err2 == nil {
				w := form.Warning{Line: tagValueLine(data, err),
					Message: fmt.Sprintf("read as SPDX 2.2: the SPDX 2.1 document holds what only SPDX 2.2 has (%s)", form.Excerpt(err.Error()))}
				if _, rest, ok := strings.Cut(err.Error(), "unknown tag "); ok {
					w.Field, _, _ = strings.Cut(rest, " ")
				}
				rep.Warn(w)
				doc, err = d, nil
			}
		}
	case v2_2.Version:
		doc, err = v2_2reader.ParseTagValues(pairs)
	case v2_3.Version:
		doc, err = v2_3reader.ParseTagValues(pairs)
	default:
		err = fmt.Errorf("unsupported SPDX version %q", form.Excerpt(version))
	}
	if err == nil {
		err = convert.Document(doc.(spdxcommon.AnyDocument), sd)
	}
	if err != nil {
		return &form.DecodeError{Format: f, Line: tagValueLine(data, err), Err: err}
	}
	return nil
}

// readPairs splits SPDX tag-value text into its tag: value pairs as
// tools-golang's reader does (blank and # lines skipped, a value between
// <text> and </text> kept whole over lines), with any line length, lines
// ended by LF, CR LF or CR alone, and values unescaped (see
// escapeTagValue). It returns the line of an error.
func readPairs(data []byte) (pairs []reader.TagValuePair, line int, err error) {
	var (
		text     strings.Builder // an open <text> value
		textTag  string
		textLine int
		midtext  bool
	)
	rest := string(data)
	for n := 1; rest != ""; n++ {
		l := rest
		rest = ""
		if i := strings.IndexAny(l, "\r\n"); i >= 0 {
			end := i + 1
			if l[i] == '\r' && end < len(l) && l[end] == '\n' {
				end++
			}
			l, rest = l[:i], l[end:]
		}
		if midtext {
			before, _, closed := strings.Cut(l, "</text>")
			text.WriteString(before)
			if !closed {
				text.WriteByte('\n')
				continue
			}
			pairs = append(pairs, reader.TagValuePair{Tag: textTag, Value: unescapeTagValue(text.String())})
			text.Reset()
			midtext = false
			continue
		}
		t := strings.TrimLeftFunc(l, unicode.IsSpace)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		tag, value, ok := strings.Cut(t, ":")
		if !ok {
			return nil, n, fmt.Errorf("no colon in %q", form.Excerpt(l))
		}
		tag = strings.TrimSpace(tag)
		before, after, isText := strings.Cut(value, "<text>")
		switch {
		case !isText:
			pairs = append(pairs, reader.TagValuePair{Tag: tag, Value: unescapeTagValue(strings.TrimSpace(before))})
		case strings.Contains(after, "</text>"):
			v, _, _ := strings.Cut(after, "</text>")
			pairs = append(pairs, reader.TagValuePair{Tag: tag, Value: unescapeTagValue(v)})
		default:
			text.WriteString(after)
			text.WriteByte('\n')
			textTag, textLine, midtext = tag, n, true
		}
	}
	if midtext {
		return nil, textLine, fmt.Errorf("%s: <text> not closed by </text>", form.Excerpt(textTag))
	}
	return pairs, 0, nil
}

// tagValueLine returns the line of data at which tools-golang's tag-value
// reader failed with err, or 0 when it cannot tell.
func tagValueLine(data []byte, err error) int {
	starts, bad := pairLines(data)
	if bad > 0 {
		return bad
	}
	pairs, _, rerr := readPairs(data)
	if rerr != nil || len(pairs) != len(starts) {
		return 0
	}
	parse := func(ps []reader.TagValuePair) error {
		_, err := v2_3reader.ParseTagValues(ps)
		return err
	}
	if i := slices.IndexFunc(pairs, func(p reader.TagValuePair) bool { return p.Tag == "SPDXVersion" }); i >= 0 {
		switch pairs[i].Value {
		case v2_2.Version:
			parse = func(ps []reader.TagValuePair) error {
				_, err := v2_2reader.ParseTagValues(ps)
				return err
			}
		case v2_1.Version:
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

// The escapes of soupkit's tag-value: SPDX tag-value has no way to write
// "<text>" or "</text>" inside a value (the first starts a text block, the
// second ends one), so that soupkit writes a zero-width space after their
// "<" ("<\u200btext>", which other readers show as it was), doubles the
// zero-width space of a "<\u200b" already there, and reads both back.
var (
	tagValueEscaper   = strings.NewReplacer("<\u200b", "<\u200b\u200b", "<text>", "<\u200btext>", "</text>", "<\u200b/text>")
	tagValueUnescaper = strings.NewReplacer("<\u200b\u200b", "<\u200b", "<\u200btext>", "<text>", "<\u200b/text>", "</text>")
)

// unescapeTagValue undoes the escapes escapeTagValue writes.
func unescapeTagValue(s string) string {
	if !strings.Contains(s, "<\u200b") {
		return s
	}
	return tagValueUnescaper.Replace(s)
}

// escapeTagValue escapes, in place, every string of doc that holds
// "<text>", "</text>" or "<\u200b", and returns a function that restores
// them.
func escapeTagValue(doc any) (restore func()) {
	type saved struct {
		v   reflect.Value
		old string
	}
	var undo []saved
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.String:
			s := v.String()
			if v.CanSet() && (strings.Contains(s, "<text>") || strings.Contains(s, "</text>") || strings.Contains(s, "<\u200b")) {
				undo = append(undo, saved{v, s})
				v.SetString(tagValueEscaper.Replace(s))
			}
		}
	}
	walk(reflect.ValueOf(doc))
	return func() {
		for _, u := range undo {
			u.v.SetString(u.old)
		}
	}
}

// lenientTagValue repairs, line by line, what tools-golang rejects in
// tag-value but generators and the SPDX project's own examples write, with
// the leniency SPDX JSON gets (lenientSPDXJSON): element IDs without the
// SPDXRef- prefix, suppliers and originators without Organization: or
// Person:, and snippets that follow a package instead of a file (tools-golang
// refuses "SnippetSPDXID in Package section"; soupkit has no use for
// snippets: their lines become comments, each snippet counted in the
// report), and the review sections of SPDX 2.0/2.1 (Reviewer, ReviewDate,
// ReviewComment: tools-golang refuses a package after one; soupkit has no
// use for them, each review is counted in the report). Each repair is a warning with its line; line numbers stay the
// same, so that errors still name the user's lines.
func lenientTagValue(data []byte, rep *form.Reporter) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	changed, snippets, reviews := false, 0, 0
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
		case tag == "Reviewer":
			reviews++
			fallthrough
		case tag == "ReviewDate" || tag == "ReviewComment":
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
	rep.Ignore("review", reviews)
	if !changed {
		return data
	}
	return []byte(strings.Join(lines, ""))
}
