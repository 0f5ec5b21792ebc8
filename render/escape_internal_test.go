package render

import (
	"net/url"
	"strings"
	"testing"
)

// markdownEscaper is the escaper escapeInline replaces, written as a
// strings.Replacer: its reference.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `~`, `\~`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `&`, `\&`, `|`, `\|`, `$`, `\$`, `!`, `\!`,
	"\r\n", "<br>", "\r", "<br>", "\n", "<br>",
	"://", `\://`, "www.", `www\.`,
)

var escapeSeeds = []string{"flask", "1.2.3", "a|b", "www.example.com", "https://x.org", "a\r\nb", "x://y", "`", "é",
	"cpe:2.3:a:*:*", "Maker <m@x.org>", "\r\r\n\n", "wwww.", "ww.w", ":/", "://", "a\\b", "\xff*"}

// FuzzPlainInline: a value plainInline lets through is one the Markdown
// escaper would have left unchanged, and no web URL.
func FuzzPlainInline(f *testing.F) {
	for _, s := range escapeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plainInline(s) && (markdownEscaper.Replace(s) != s || IsWebURL(s)) {
			t.Fatalf("plainInline(%q) but the escaper gives %q", s, markdownEscaper.Replace(s))
		}
	})
}

// FuzzEscapeInline: escapeInline escapes as the replacer does.
func FuzzEscapeInline(f *testing.F) {
	for _, s := range escapeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := escapeInline(s), markdownEscaper.Replace(s); got != want {
			t.Fatalf("escapeInline(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzSimpleWebURL: where simpleWebURL decides, url.Parse agrees.
func FuzzSimpleWebURL(f *testing.F) {
	for _, s := range []string{"https://example.com/a-b_c~d", "http://x", "https://", "https:///x", "https://a/", "http://a.b/c/../d", "https://a_b/", "HTTPS://a", "https://a:80/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok, known := simpleWebURL(s)
		if !known {
			return
		}
		u, err := url.Parse(s)
		want := err == nil && u.Host != "" && u.Opaque == "" && (u.Scheme == "http" || u.Scheme == "https")
		if ok != want {
			t.Fatalf("simpleWebURL(%q) = %v, url.Parse says %v", s, ok, want)
		}
	})
}
