package render_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

// FuzzRenderers puts arbitrary text in an item and checks each format's
// invariants: a Markdown table keeps its columns, a CSV file parses back
// with the text intact and no formula, an HTML page holds only its own
// markup.
func FuzzRenderers(f *testing.F) {
	for _, s := range []string{"", "a|b", "=1+1", "<script>", "a\nb", "\r", "\"", "\xff", "javascript:x", "https://x.example/a_b"} {
		f.Add(s, "1.0")
	}
	f.Fuzz(func(t *testing.T, name, version string) {
		l := &soup.List{
			Document: soup.Document{Title: name, Author: version},
			Items: []soup.Item{
				{Name: name, Version: version, Website: name, Requirements: soup.Requirements{Functional: []string{name, version}}},
				{Name: "other", Version: version},
			},
		}
		opts := &render.Options{Columns: mustPreset(t, "minimal"), Sort: render.AsGiven, Findings: soup.Findings{{Message: name}}}
		v := mustView(t, l, opts)

		markdownTables(t, string(renderBytes(t, render.Markdown{}, l, opts)), true)

		out := renderBytes(t, render.CSV{}, l, opts)
		records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatalf("CSV does not parse: %v", err)
		}
		want := make([]string, len(records[0]))
		for i, c := range v.Items.Rows[0].Cells {
			want[i] = render.SafeCell(c.String())
		}
		found := false
		for _, r := range records {
			for _, field := range r {
				if field != "" && strings.ContainsAny(field[:1], "=+-@\t\r\n") {
					t.Fatalf("CSV field %q starts with a formula character", field)
				}
			}
			found = found || slices.Equal(r, want)
		}
		if !found {
			t.Fatalf("CSV lacks the item's row %q", want)
		}

		checkHTML(t, string(renderBytes(t, render.HTML{}, l, opts)))
	})
}
