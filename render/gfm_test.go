package render_test

import (
	"bytes"
	"html"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
)

var (
	gfmTable = regexp.MustCompile(`(?s)<table>(.*?)</table>`)
	gfmRow   = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	gfmCell  = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	gfmTags  = regexp.MustCompile(`<[^>]*>`)
)

// TestMarkdownGFM renders the Markdown output with cmark-gfm, the
// reference implementation of GitHub-flavoured Markdown (Debian package
// cmark-gfm), and checks the HTML GitHub would make of it: every table
// keeps its columns in every row and every item's name comes back as the
// text of its cell, no markup other than the document's own appears, and
// links go only to web URLs.
// It is skipped where cmark-gfm is not installed.
func TestMarkdownGFM(t *testing.T) {
	cmark, err := exec.LookPath("cmark-gfm")
	if err != nil {
		t.Skip("cmark-gfm is not installed")
	}
	allowed := []string{"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "a", "br"}
	for _, m := range []render.Markdown{{}, {NoHTML: true}} {
		md := renderBytes(t, m, rendertest.HostileList(), hostileOptions())
		cmd := exec.Command(cmark, "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tagfilter", "--unsafe")
		cmd.Stdin = bytes.NewReader(md)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("cmark-gfm: %v", err)
		}
		page := string(out)
		v := mustView(t, rendertest.HostileList(), hostileOptions())
		want := 0
		for _, tb := range v.Tables() {
			if len(tb.Rows) > 0 {
				want++
			}
		}
		tables := gfmTable.FindAllStringSubmatch(page, -1)
		if got := len(tables); got != want {
			t.Errorf("NoHTML=%v: %d tables, want %d", m.NoHTML, got, want)
		}
		var texts []string
		for i, tb := range tables {
			widths := map[int]bool{}
			for _, r := range gfmRow.FindAllStringSubmatch(tb[1], -1) {
				cells := gfmCell.FindAllStringSubmatch(r[1], -1)
				widths[len(cells)] = true
				for _, c := range cells {
					text := strings.ReplaceAll(c[1], "<br>", "\n")
					texts = append(texts, strings.TrimSpace(html.UnescapeString(gfmTags.ReplaceAllString(text, ""))))
				}
			}
			if len(widths) != 1 {
				t.Errorf("NoHTML=%v: table %d has rows of %d different widths", m.NoHTML, i+1, len(widths))
			}
		}
		for _, r := range v.Items.Rows {
			want := r.Cells[1].String() // the name
			if m.NoHTML {
				want = strings.ReplaceAll(want, "\n", " ")
			}
			if !slices.Contains(texts, strings.TrimSpace(want)) {
				t.Errorf("NoHTML=%v: no cell holds the name %.40q", m.NoHTML, want)
			}
		}
		for _, tag := range htmlTag.FindAllStringSubmatch(page, -1) {
			if !slices.Contains(allowed, tag[2]) {
				t.Errorf("NoHTML=%v: markup <%s%s> in GitHub's HTML", m.NoHTML, tag[1], tag[2])
			}
		}
		for _, h := range htmlHref.FindAllStringSubmatch(page, -1) {
			if u := html.UnescapeString(h[1]); !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
				t.Errorf("NoHTML=%v: link to %q", m.NoHTML, u)
			}
		}
	}
}
