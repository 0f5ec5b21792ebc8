package form

import (
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// Arena hands out strings and hash slices from shared blocks, so that
// mapping ten thousand entries does not take ten thousand allocations of
// each.
type Arena struct {
	text   strings.Builder
	hashes []soup.Hash
}

// Concat returns x+y+z.
func (a *Arena) Concat(x, y, z string) string {
	n := len(x) + len(y) + len(z)
	if a.text.Cap()-a.text.Len() < n {
		// A new block: the strings handed out keep the old one.
		a.text = strings.Builder{}
		a.text.Grow(max(n, 16<<10))
	}
	start := a.text.Len()
	a.text.WriteString(x)
	a.text.WriteString(y)
	a.text.WriteString(z)
	return a.text.String()[start:]
}

// HashSlice returns an empty slice with room for n hashes.
func (a *Arena) HashSlice(n int) []soup.Hash {
	if cap(a.hashes)-len(a.hashes) < n {
		a.hashes = make([]soup.Hash, 0, max(n, 1024))
	}
	i := len(a.hashes)
	a.hashes = a.hashes[:i+n]
	return a.hashes[i : i : i+n]
}
