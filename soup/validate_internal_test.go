package soup

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// isPlaceholderRef is IsPlaceholder as first written, lowering the whole
// text: the reference of the faster one.
func isPlaceholderRef(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimRight(t, ".!:")
	if t == "" && strings.TrimSpace(s) != "" {
		return true
	}
	return slices.Contains(placeholders, t)
}

func FuzzIsPlaceholder(f *testing.F) {
	for _, s := range append(slices.Clone(placeholders), " TBD. ", "N/A!", "\u212aunknown", "NOASSERTION:", "x", "...", " …", "Todo", "\xff", "tbd\u0130") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsPlaceholder(s), isPlaceholderRef(s); got != want {
			t.Fatalf("IsPlaceholder(%q) = %v, want %v", s, got, want)
		}
	})
}

// sortFindingsRef is the order Validate documents, by a stable sort with
// the whole comparison at each step: the reference of sortFindings.
func sortFindingsRef(fs Findings, labels map[string]bool) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(boolInt(a.Item != ""), boolInt(b.Item != "")),
			cmp.Compare(boolInt(labels[a.Item]), boolInt(labels[b.Item])),
			CompareIDs(a.Item, b.Item),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Clause, b.Clause),
			cmp.Compare(a.Field, b.Field),
		)
	})
}

// FuzzSortFindings: sortFindings puts findings in the order of the
// stable sort, ties (same item, rule, clause and field) in their first
// order, whatever the items, labels and order given.
func FuzzSortFindings(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25})
	f.Add([]byte("SOUP-0001SOUP-1SOUP-01aa\x00\x00"))
	items := []string{"", "SOUP-0001", "SOUP-1", "SOUP-01", "SOUP-0002", "SOUP-10", "\"flask\"", "#3", "a", "SOUP-", "x9", "x09"}
	words := []string{"", "a", "b", "5.3.3", "5.3.4", "name"}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fs Findings
		labels := map[string]bool{}
		for i := 0; i+3 < len(data) && len(fs) < 200; i += 4 {
			it := items[int(data[i])%len(items)]
			if data[i]&0x80 != 0 {
				labels[it] = true
			}
			fs = append(fs, Finding{Item: it, Rule: words[int(data[i+1])%len(words)], Clause: words[int(data[i+2])%len(words)],
				Field: words[int(data[i+3])%len(words)], Message: string(rune('A' + len(fs)))})
		}
		if len(data) > 0 && data[0]&1 == 1 {
			// The items in their order, their findings not: as Validate
			// makes them.
			slices.SortStableFunc(fs, func(a, b Finding) int {
				return cmp.Or(
					cmp.Compare(boolInt(a.Item != ""), boolInt(b.Item != "")),
					cmp.Compare(boolInt(labels[a.Item]), boolInt(labels[b.Item])),
					CompareIDs(a.Item, b.Item),
				)
			})
		}
		want := slices.Clone(fs)
		sortFindingsRef(want, labels)
		sortFindings(fs, labels)
		if diff := gocmp.Diff(want, fs); diff != "" {
			t.Fatalf("sortFindings (-stable sort +sortFindings):\n%s", diff)
		}
	})
}
