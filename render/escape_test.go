package render_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/soupkit/soupkit/render"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"flask":              "flask",
		"=1+1":               "'=1+1",
		"+1":                 "'+1",
		"-1":                 "'-1",
		"@SUM(A1)":           "'@SUM(A1)",
		"\tx":                "'\tx",
		"\rx":                "'\rx",
		"\uff1d1+1":          "'\uff1d1+1",
		"\uff0b1":            "'\uff0b1",
		"\uff0d1":            "'\uff0d1",
		"\uff20x":            "'\uff20x",
		"a=1":                "a=1",
		" =1":                " =1",
		"'already":           "'already",
		"1.0-beta":           "1.0-beta",
		"\n=1":               "\n=1",
		"=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
	} {
		if got := render.SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"":                                "",
		"flask 1.1.2":                     "flask 1.1.2",
		"a|b":                             `a\|b`,
		"a\nb":                            "a<br>b",
		"a\r\nb\rc":                       "a<br>b<br>c",
		"`code`":                          "\\`code\\`",
		"<script>":                        `\<script\>`,
		"[x](javascript:alert(1))":        `\[x\](javascript:alert(1))`,
		"![i](u)":                         `\!\[i\](u)`,
		"*a* _b_ ~c~":                     `\*a\* \_b\_ \~c\~`,
		`back\slash`:                      `back\\slash`,
		"&amp;":                           `\&amp;`,
		"$x$":                             `\$x\$`,
		"# h":                             `\# h`,
		"- item":                          `\- item`,
		"+ item":                          `\+ item`,
		"=== ":                            `\=== `,
		"1. item":                         `1\. item`,
		"12) item":                        `12\) item`,
		"1.":                              `1\.`,
		"2.4.0":                           "2.4.0",
		"> q":                             `\> q`,
		"https://example.com/a_b?x=1&y=*": "<https://example.com/a_b?x=1&y=*>",
		"https://example.com/a|b":         `https\://example.com/a\|b`,
		"see https://example.com/a_b":     `see https\://example.com/a\_b`,
		"see www.example.com":             `see www\.example.com`,
		"javascript:alert(1)":             "javascript:alert(1)",
	} {
		if got := render.EscapeMarkdown(in); got != want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsWebURL(t *testing.T) {
	for in, want := range map[string]bool{
		"https://github.com/pallets/flask/issues": true,
		"http://example.com":                      true,
		"HTTPS://EXAMPLE.COM/x":                   true,
		"https://example.com/a?b=1&c=2#d":         true,
		"":                                        false,
		"javascript:alert(1)":                     false,
		"JaVaScRiPt:alert(1)":                     false,
		" javascript:alert(1)":                    false,
		"https://example.com/ x":                  false,
		`https://example.com/"onclick="x`:         false,
		"https://example.com/<script>":            false,
		"data:text/html,<b>x</b>":                 false,
		"vbscript:msgbox(1)":                      false,
		"file:///etc/passwd":                      false,
		"//evil.example/x":                        false,
		"https:example.com":                       false,
		"mailto:a@example.com":                    false,
		"OSV":                                     false,
	} {
		if got := render.IsWebURL(in); got != want {
			t.Errorf("IsWebURL(%q) = %v, want %v", in, got, want)
		}
	}
}

// tableCells splits one GitHub-flavoured Markdown table row into its
// cells as GFM does: at every pipe not escaped by a backslash.
func tableCells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row):
			cur.WriteByte(row[i])
			cur.WriteByte(row[i+1])
			i++
		case row[i] == '|':
			cells = append(cells, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(row[i])
		}
	}
	return append(cells, cur.String())
}

// checkMarkdownInline reports what in an escaped text could be markup: an
// unescaped character that starts inline markup, or raw HTML other than
// <br>.
func checkMarkdownInline(s string) string {
	s = strings.ReplaceAll(s, "<br>", "")
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '`', '*', '_', '~', '[', ']', '<', '>', '|', '&', '$', '!', '\n', '\r':
			return s[max(0, i-10):min(len(s), i+10)]
		}
	}
	return ""
}

func FuzzEscapeMarkdown(f *testing.F) {
	for _, s := range []string{"", "a|b", `a\|b`, `a\`, "`x`", "<script>", "1. x", "\n", "[a](b)", "&lt;", "#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := render.EscapeMarkdown(s)
		if strings.ContainsAny(e, "\r\n") {
			t.Fatalf("EscapeMarkdown(%q) = %q holds a line break", s, e)
		}
		row := "| a | " + e + " | b |"
		if got := tableCells(row); len(got) != 3 {
			t.Fatalf("EscapeMarkdown(%q) = %q: the row has %d cells, want 3", s, e, len(got))
		}
		if render.IsWebURL(s) && e == "<"+s+">" {
			return // an autolink
		}
		if bad := checkMarkdownInline(e); bad != "" {
			t.Fatalf("EscapeMarkdown(%q) = %q: unescaped markup near %q", s, e, bad)
		}
		// Unescaping gives back the text (with newlines as <br>).
		if utf8.ValidString(s) && !strings.Contains(s, "<br>") && !strings.Contains(s, "\r") {
			var b strings.Builder
			u := strings.ReplaceAll(e, "<br>", "\n")
			for i := 0; i < len(u); i++ {
				if u[i] == '\\' && i+1 < len(u) {
					i++
				}
				b.WriteByte(u[i])
			}
			if b.String() != s {
				t.Fatalf("EscapeMarkdown(%q) = %q unescapes to %q", s, e, b.String())
			}
		}
	})
}

func FuzzSafeCell(f *testing.F) {
	for _, s := range []string{"", "=1", "+", "-", "@", "\t", "\r", "a", "\uff1d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := render.SafeCell(s)
		if got != s && got != "'"+s {
			t.Fatalf("SafeCell(%q) = %q: neither s nor 's", s, got)
		}
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Fatalf("SafeCell(%q) = %q starts with a formula character", s, got)
		}
		for _, p := range []string{"\uff1d", "\uff0b", "\uff0d", "\uff20"} {
			if strings.HasPrefix(got, p) {
				t.Fatalf("SafeCell(%q) = %q starts with a full-width formula character", s, got)
			}
		}
	})
}
