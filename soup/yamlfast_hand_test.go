package soup

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// readHandItemCases are items kept by hand, and some readHandItem must
// leave to the library (an unknown key, an alias, a merge key, a type
// error, a repeated key).
var readHandItemCases = []string{
	"items:\n  # head\n  - id: SOUP-0001 # id\n    name: a\n\n    notes: \"\" # to do\n    riskRefs: [] # none\n",
	"items:\n  - id: SOUP-0001\n    requirements:\n      functional: [a, b] # flow\n    verification: {by: Jane, version: '1', date: 2026-01-02}\n    description: |\n      two\n      lines\n",
	"items:\n  - id: SOUP-0001\n    removed: yes\n    dependency: transitive\n    hashes:\n      - {algorithm: SHA-256, value: ab}\n",
	"items:\n  - id: SOUP-0001\n    colour: red\n",
	"items:\n  - id: SOUP-0001\n    verification: {by: Jane, when: now}\n",
	"items:\n  - &a {id: SOUP-0001}\n",
	"items:\n  - id: SOUP-0001\n    verification:\n      <<: {by: Jane}\n",
	"items:\n  - id: SOUP-0001\n    removed: maybe\n",
	"items:\n  - id: SOUP-0001\n    id: SOUP-0002\n",
	"items:\n  - id: SOUP-0001\n    riskRefs: {a: b}\n",
}

// TestReadHandItemSameAsLibrary: an item readHandItem reads is the item
// the library reads; what it leaves, the library reads or refuses.
func TestReadHandItemSameAsLibrary(t *testing.T) {
	read := 0
	for i, text := range readHandItemCases {
		if checkReadHandItem(t, []byte(text)) {
			read++
		} else if i < 3 {
			t.Errorf("case %d not read:\n%s", i, text)
		}
	}
	r := rand.New(rand.NewPCG(9, 15))
	for range 200 {
		var b bytes.Buffer
		if err := randomList(r, 1).WriteYAML(&b); err != nil {
			continue
		}
		data := b.Bytes()
		if i := bytes.Index(data, []byte("items:\n")); i >= 0 {
			if j := bytes.Index(data[i:], []byte("\nlastIssuedID")); j >= 0 {
				if checkReadHandItem(t, data[i:i+j+1]) {
					read++
				}
			}
		}
	}
	if read < 100 {
		t.Errorf("read %d items", read)
	}
}

// checkReadHandItem compares readHandItem with the library on text and
// reports whether readHandItem read it.
func checkReadHandItem(t *testing.T, text []byte) bool {
	t.Helper()
	it, ok := readHandItem(text)
	if !ok {
		return false
	}
	want, err := parseYAMLLibrary(text, "yaml")
	if err != nil || len(want.Items) != 1 {
		t.Fatalf("read by readHandItem, refused by the library (%v):\n%s", err, text)
	}
	if !sameJSON(t, &List{Items: []Item{it}}, &List{Items: want.Items}) {
		t.Fatalf("read differently:\n%s", text)
	}
	return true
}

func FuzzReadHandItem(f *testing.F) {
	for _, c := range readHandItemCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		checkReadHandItem(t, text)
	})
}
