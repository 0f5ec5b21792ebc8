package form

import (
	"fmt"
	"slices"
	"testing"

	"github.com/soupkit/soupkit/soup"
)

// TestArena checks that what the arena hands out stays intact as it fills
// blocks, and that appending to a hash slice never writes into another.
func TestArena(t *testing.T) {
	var a Arena
	var got, want []string
	for i := range 3000 {
		g, n := fmt.Sprintf("@scope%d", i), fmt.Sprintf("name-%d", i)
		got, want = append(got, a.Concat(g, "/", n)), append(want, g+"/"+n)
	}
	if !slices.Equal(got, want) {
		t.Fatal("concat: strings changed as the arena grew")
	}
	var hs [][]soup.Hash
	for i := range 2000 {
		h := a.HashSlice(2)
		h = append(h, soup.Hash{Value: fmt.Sprint(i)}, soup.Hash{Value: fmt.Sprint(i)})
		hs = append(hs, h)
	}
	hs[0] = append(hs[0], soup.Hash{Value: "extra"})
	for i, h := range hs[1:] {
		if len(h) != 2 || h[0].Value != fmt.Sprint(i+1) || h[1].Value != fmt.Sprint(i+1) {
			t.Fatalf("hash slice %d = %v", i+1, h)
		}
	}
}
