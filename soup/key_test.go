package soup_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

func TestCompareIDs(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"SOUP-9", "SOUP-10", -1},
		{"SOUP-0009", "SOUP-0010", -1},
		{"SOUP-0010", "SOUP-100", -1},
		{"SOUP-10", "SOUP-0010", 1}, // same number: bytewise, so the order is total
		{"SOUP-0007", "SOUP-0007", 0},
		{"ABC-2", "SOUP-1", -1}, // the text before the number first
		{"SOUP-1", "SOUP-1a", -1},
		{"", "SOUP-1", -1},
		{"SOUP-99999999999999999999", "SOUP-100000000000000000000", -1}, // beyond int64
	}
	for _, tt := range tests {
		if got := soup.CompareIDs(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareIDs(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := soup.CompareIDs(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareIDs(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
	ids := []string{"SOUP-10", "SOUP-0002", "SOUP-1", "SOUP-0010", "LIB-3", "SOUP-9"}
	slices.SortFunc(ids, soup.CompareIDs)
	want := []string{"LIB-3", "SOUP-1", "SOUP-0002", "SOUP-9", "SOUP-0010", "SOUP-10"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("sorted (-want +got):\n%s", diff)
	}
}
