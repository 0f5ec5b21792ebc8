package render

import "testing"

// FuzzPlainInline: a value plainInline lets through is one the Markdown
// escaper would have left unchanged, and no web URL.
func FuzzPlainInline(f *testing.F) {
	for _, s := range []string{"flask", "1.2.3", "a|b", "www.example.com", "https://x.org", "a\r\nb", "x://y", "`", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plainInline(s) && (markdownEscaper.Replace(s) != s || IsWebURL(s)) {
			t.Fatalf("plainInline(%q) but the escaper gives %q", s, markdownEscaper.Replace(s))
		}
	})
}
