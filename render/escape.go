package render

import (
	"net/url"
	"strings"
)

// SafeCell neutralises a spreadsheet cell against formula injection, as
// OWASP recommends for CSV injection: a value that begins with =, +, -, @,
// a tab or a carriage return (or the full-width forms of = + - @, which
// some spreadsheet programs read the same way) gets a leading apostrophe,
// so that a spreadsheet program shows it as text instead of evaluating it.
// A leading line feed counts too: the CSV renderer writes it as CR LF, so
// that the cell as written begins with a carriage return. Other values
// are returned unchanged. CSV and XLSX renderers apply it to every cell.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	for _, p := range []string{"\uff1d", "\uff0b", "\uff0d", "\uff20"} {
		if strings.HasPrefix(s, p) {
			return "'" + s
		}
	}
	return s
}

// markdownSpecial marks the bytes that escapeInline backslash-escapes:
// the characters that start inline Markdown anywhere in a line (code
// spans, emphasis, strikethrough, links and images, raw HTML and
// autolinks, entities, math, and the pipe that ends a table cell).
var markdownSpecial = func() (t [256]bool) {
	for _, c := range []byte("\\`*_~[]<>&|$!") {
		t[c] = true
	}
	return t
}()

// plainInline reports whether escapeInline leaves s as it is (and s is no
// URL, which holds "://"): one pass over s. A package URL or CPE, with a
// colon, is plain.
func plainInline(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case markdownSpecial[c], c == '\r', c == '\n':
			return false
		case c == ':' && strings.HasPrefix(s[i+1:], "//"), c == 'w' && strings.HasPrefix(s[i+1:], "ww."):
			return false
		}
	}
	return true
}

// escapeInline backslash-escapes the bytes of markdownSpecial, makes each
// line break (LF, CR or CRLF) <br>, which GitHub renders in a table cell,
// and escapes the "://" and "www." of a URL: GitHub links bare URLs
// (extended autolinks) with the escapes in them shown; an escape in the
// scheme or the www. keeps them text.
func escapeInline(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8 + 8)
	start := 0
	for i := 0; i < len(s); {
		var rep string
		n := 1
		switch c := s[i]; {
		case markdownSpecial[c]:
			b.WriteString(s[start:i])
			b.WriteByte('\\')
			start = i // the byte itself is written with what follows
			i++
			continue
		case c == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			rep, n = "<br>", 2
		case c == '\r', c == '\n':
			rep = "<br>"
		case c == ':' && strings.HasPrefix(s[i+1:], "//"):
			rep, n = `\://`, 3
		case c == 'w' && strings.HasPrefix(s[i+1:], "ww."):
			rep, n = `www\.`, 4
		default:
			i++
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(rep)
		i += n
		start = i
	}
	b.WriteString(s[start:])
	return b.String()
}

// EscapeMarkdown returns s escaped so that it shows literally as the
// inline text of a GitHub-flavoured Markdown paragraph, heading or table
// cell: every character that could start markup (` * _ ~ [ ] < > & | $ !
// and the backslash) is backslash-escaped, a leading character that could
// start a block (#, +, -, =, an ordered list marker) is escaped too, and a
// line break (LF, CR or CRLF) becomes <br>.
//
// A value that is a web URL as a whole ([IsWebURL], without a pipe) is
// written as an autolink, <https://…>. A URL within other text stays text:
// GitHub would make a link of it with the backslash escapes shown, so its
// "://" or "www." is escaped too.
func EscapeMarkdown(s string) string {
	p := escapeMarkdownParts(s)
	switch {
	case p[0] == "" && p[2] == "":
		return p[1]
	}
	return p[0] + p[1] + p[2]
}

// escapeMarkdownParts returns EscapeMarkdown(s) in three parts, to be
// written one after the other: most values need no copy.
func escapeMarkdownParts(s string) [3]string {
	// Most values (names, versions, IDs) hold nothing inline to escape:
	// they cost a scan, not a copy.
	if !plainInline(s) {
		if IsWebURL(s) && !strings.Contains(s, "|") {
			return [3]string{"<", s, ">"}
		}
		s = escapeInline(s)
	}
	if s == "" {
		return [3]string{}
	}
	switch s[0] {
	case '#', '+', '-', '=':
		// Block markers: heading, list item, setext underline.
		return [3]string{`\`, s, ""}
	}
	// An ordered list marker: digits, then . or ), then a space or the end.
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
		return [3]string{s[:i], `\`, s[i:]}
	}
	return [3]string{"", s, ""}
}

// IsWebURL reports whether s is an absolute http or https URL with a host
// and nothing that needs escaping to be a link target: the only kind of
// URL a renderer should make into a link. javascript:, data: and any other
// scheme are not.
func IsWebURL(s string) bool {
	if !hasPrefixFold(s, "http://") && !hasPrefixFold(s, "https://") ||
		strings.ContainsAny(s, " \t\r\n\"'<>\\`") {
		return false
	}
	if ok, known := simpleWebURL(s); known {
		return ok
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}

// simpleWebURL decides IsWebURL without parsing for the common URL that
// url.Parse surely accepts: "http://" or "https://" (lower case), a host
// of letters, digits, dots and hyphens, and a path of those, slashes,
// underscores and tildes. known is false for any other text, which is
// left to url.Parse.
func simpleWebURL(s string) (ok, known bool) {
	rest, found := strings.CutPrefix(s, "https://")
	if !found {
		if rest, found = strings.CutPrefix(s, "http://"); !found {
			return false, false
		}
	}
	host := true
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '-':
		case c == '/':
			if host && i == 0 {
				return false, true // no host
			}
			host = false
		case !host && (c == '_' || c == '~'):
		default:
			return false, false
		}
	}
	return rest != "", true
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
