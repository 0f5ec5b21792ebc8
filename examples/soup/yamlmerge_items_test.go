package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

// texts are values that take the plain, quoted and block styles of YAML.
var texts = []string{"", "flask", "1.0", "1.0.1", "2.0", "yes", "a: b", "#x", " lead", "it's", `say "hi"`,
	"@scope/pkg", "2026-01-02", "Ünïcode", "two\nlines", "tab\there", "x\r", "null", "0x1F", "- x"}

// randomCurated is a list of n items as sync writes it, with random text.
func randomCurated(r *rand.Rand, n int) *soup.List {
	pick := func() string { return texts[r.IntN(len(texts))] }
	l := &soup.List{System: soup.System{Name: "Pump", SafetyClass: soup.ClassB},
		Sources: []soup.Source{{Name: "bom.json", Serial: "urn:uuid:1", Tools: []string{"syft 1.0"}}}}
	for i := range n {
		it := soup.Item{ID: soup.FormatID(i + 1), Name: fmt.Sprintf("pkg%d", i), Version: pick(),
			PURL: fmt.Sprintf("pkg:npm/pkg%d@1.0", i), Description: pick(), Notes: pick()}
		if r.IntN(2) == 0 {
			it.RequiredBy = []string{soup.FormatID(1 + r.IntN(n))}
			it.Dependency = soup.Transitive
		}
		if r.IntN(3) == 0 {
			it.Requirements.Functional = []string{pick(), pick()}
			it.Verification = soup.Verification{By: pick(), Date: soup.NewDate(2026, 1, 2), Version: pick()}
		}
		if r.IntN(4) == 0 {
			it.Hashes = []soup.Hash{{Algorithm: "SHA-256", Value: pick()}}
		}
		l.Items = append(l.Items, it)
	}
	l.LastIssuedID = soup.FormatID(n)
	return l
}

// changed is what a sync might make of l: versions changed, text
// emptied or written, items marked removed and added, a new SBOM.
func changed(r *rand.Rand, l *soup.List) *soup.List {
	c := l.Clone()
	for i := range c.Items {
		it := &c.Items[i]
		switch r.IntN(8) {
		case 0:
			it.Version += ".1"
		case 1:
			it.Version = texts[r.IntN(len(texts))]
		case 2:
			it.Notes = ""
		case 3:
			it.Removed, it.RequiredBy, it.Dependency = true, nil, 0
		case 4:
			it.Description = texts[r.IntN(len(texts))]
			it.RiskRefs = []string{"RISK-1"}
		}
	}
	for range r.IntN(4) {
		c.Items = append(c.Items, soup.Item{ID: c.NextID(), Name: "new", Version: texts[r.IntN(len(texts))]})
		c.LastIssuedID = c.Items[len(c.Items)-1].ID
	}
	if r.IntN(2) == 0 {
		c.Sources = []soup.Source{{Name: "bom.json", Serial: "urn:uuid:2"}}
	}
	return c
}

// TestMergeLaidOutSameAsWhole: merging item by item into a file as sync
// writes it gives what merging the whole document gives.
func TestMergeLaidOutSameAsWhole(t *testing.T) {
	defer func(n int) { chunkItems = n }(chunkItems)
	chunkItems = 1
	r := rand.New(rand.NewPCG(7, 8))
	n := 300
	if testing.Short() {
		n = 60
	}
	fast := 0
	for i := range n {
		curated := randomCurated(r, 1+r.IntN(6))
		var b bytes.Buffer
		if err := curated.WriteYAML(&b); err != nil {
			t.Fatal(err)
		}
		orig := b.Bytes()
		back, err := soup.Parse(orig)
		if err != nil {
			t.Fatal(err)
		}
		l := changed(r, back)
		want, wantLost, wantErr := mergeWholeYAML(orig, l)
		if _, ok := mergeLaidOut(orig, back, l); ok {
			fast++
		}
		got, lost, err := mergeYAMLFrom(orig, back, l)
		if errors.Is(err, errNoMerge) != errors.Is(wantErr, errNoMerge) || (err == nil) != (wantErr == nil) {
			t.Fatalf("case %d: err = %v, want %v", i, err, wantErr)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Fatalf("case %d: merged (-whole +by item):\n%s\norig:\n%s", i, diff, orig)
		}
		if diff := cmp.Diff(wantLost, lost); diff != "" {
			t.Fatalf("case %d: lost (-whole +by item):\n%s", i, diff)
		}
	}
	if fast < n*3/4 {
		t.Errorf("merged item by item in %d of %d cases", fast, n)
	}
}

// mergeWholeYAML is mergeYAML through the whole-document merge alone.
func mergeWholeYAML(orig []byte, l *soup.List) ([]byte, []string, error) {
	defer func() { itemByItem = true }()
	itemByItem = false
	return mergeYAML(orig, l)
}

// TestMergeItemByItemSameAsWhole: merging item by item into a file as a
// person writes it (comments on items and empty keys, block scalars, flow
// lists) gives what merging the whole document gives.
func TestMergeItemByItemSameAsWhole(t *testing.T) {
	defer func(n int) { chunkItems = n }(chunkItems)
	chunkItems = 1
	n := 300
	if testing.Short() {
		n = 60
	}
	for seed := range n {
		r := rand.New(rand.NewPCG(uint64(seed), 13))
		orig := []byte(newCase(r).yaml)
		curated, err := soup.Parse(orig)
		if err != nil {
			continue // a second document
		}
		l := changed(r, curated)
		want, wantLost, wantErr := mergeWholeYAML(orig, l)
		got, lost, err := mergeYAML(orig, l)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("case %d: err = %v, want %v", seed, err, wantErr)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Fatalf("case %d: merged (-whole +by item):\n%s\norig:\n%s", seed, diff, orig)
		}
		if diff := cmp.Diff(wantLost, lost); diff != "" {
			t.Fatalf("case %d: lost (-whole +by item):\n%s", seed, diff)
		}
	}
}
