package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

// handEdit rewrites data, a soup.yaml as sync writes it, as a person might
// keep it: comments above items (sometimes with a blank line or at the
// first column, which the item-by-item merge leaves to the whole one),
// blank lines between items, comments after values, empty values with
// comments, flow lists, block scalars (in place of its verification), a
// comment after the last item.
func handEdit(r *rand.Rand, data []byte) []byte {
	var b bytes.Buffer
	n := 0
	items, skip := false, false
	for line := range bytes.Lines(data) {
		if skip && !bytes.HasPrefix(line, []byte("      ")) {
			skip = false
		}
		switch {
		case !items:
			items = string(line) == "items:\n"
			b.Write(line)
		case bytes.HasPrefix(line, []byte("  - ")):
			switch r.IntN(12) {
			case 0, 1, 2:
				fmt.Fprintf(&b, "  # Reviewed %d.\n", n)
			case 3:
				b.WriteString("\n")
			case 4:
				fmt.Fprintf(&b, "\n  # After a blank line %d.\n  # Second line.\n", n)
			case 5:
				if r.IntN(4) == 0 {
					fmt.Fprintf(&b, "  # Before a blank line %d.\n\n", n)
				}
			case 6:
				if r.IntN(4) == 0 {
					fmt.Fprintf(&b, "# At the first column %d.\n", n)
				}
			case 7:
				if r.IntN(4) == 0 {
					fmt.Fprintf(&b, "    # Foot of the item before %d.\n", n)
				}
			}
			n++
			b.Write(line)
		case bytes.HasPrefix(line, []byte("    ")) && !bytes.HasPrefix(line, []byte("     ")) && r.IntN(4) == 0:
			b.Write(bytes.TrimSuffix(line, []byte("\n")))
			fmt.Fprintf(&b, " # on value %d\n", n)
		case bytes.HasPrefix(line, []byte("    verification:")):
			skip = true
		case skip && bytes.HasPrefix(line, []byte("      ")):
		case bytes.HasPrefix(line, []byte("    description: ")) && r.IntN(2) == 0:
			b.Write(line)
			b.WriteString(`    riskRefs: [] # none yet
    failureModes: [Crash, Hang] # FMEA-3
    verification:
      architecture: |
        Used through its public API only;
        reviewed in the meeting.
      by: Jane Doe
`)
		case bytes.HasPrefix(line, []byte("lastIssuedID: ")) && r.IntN(8) == 0:
			b.WriteString("  # After the last item.\n")
			b.Write(line)
		default:
			b.Write(line)
		}
	}
	if r.IntN(4) == 0 {
		b.WriteString("# The end.\n")
	}
	return b.Bytes()
}

// TestMergeHandSameAsWhole: the merge of a hand-written file item by item
// gives what the whole merge gives (bytes, lost comments, error), and
// takes most files.
func TestMergeHandSameAsWhole(t *testing.T) {
	defer func(n int) { chunkItems = n }(chunkItems)
	chunkItems = 1
	n := 300
	if testing.Short() {
		n = 60
	}
	hand := 0
	for seed := range n {
		r := rand.New(rand.NewPCG(uint64(seed), 15))
		var b bytes.Buffer
		if err := randomCurated(r, 1+r.IntN(8)).WriteYAML(&b); err != nil {
			t.Fatal(err)
		}
		orig := handEdit(r, b.Bytes())
		curated, err := soup.Parse(orig)
		if err != nil {
			continue // a comment after a value that spans lines
		}
		l := changed(r, curated)
		if seed%5 == 0 {
			l = curated.Clone() // nothing changed
		}
		want, wantLost, wantErr := mergeWholeYAML(orig, l)
		if _, _, ok := mergeHand(orig, curated, l); ok {
			hand++
		}
		got, lost, err := mergeYAMLFrom(orig, curated, l)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("case %d: err = %v, want %v", seed, err, wantErr)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Fatalf("case %d: merged (-whole +by item):\n%s\norig:\n%s", seed, diff, orig)
		}
		if diff := cmp.Diff(wantLost, lost); diff != "" {
			t.Fatalf("case %d: lost (-whole +by item):\n%s\norig:\n%s", seed, diff, orig)
		}
	}
	if hand < n/2 {
		t.Errorf("merged item by item in %d of %d cases", hand, n)
	}
	t.Logf("merged item by item in %d of %d cases", hand, n)
}

// TestMergeHandLarge merges a hand-written file of more items than
// chunkItems, as bench-cli.sh writes it, with a few items changed, item by
// item and whole.
func TestMergeHandLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 15))
	curatedList := randomCurated(r, chunkItems+50)
	for i := range curatedList.Items {
		it := &curatedList.Items[i]
		it.Description, it.License, it.Notes = "A library.", "MIT", ""
		it.Requirements, it.Verification = soup.Requirements{}, soup.Verification{}
	}
	var b bytes.Buffer
	if err := curatedList.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	orig := handWrittenList(b.Bytes())
	curated, err := soup.Parse(orig)
	if err != nil {
		t.Fatal(err)
	}
	l := curated.Clone()
	l.Items[3].Version += ".1"
	l.Items[7].Removed = true
	l.Items[7].Notes = ""
	l.Items = append(l.Items, soup.Item{ID: l.NextID(), Name: "new", Version: "1.0"})
	l.LastIssuedID = l.Items[len(l.Items)-1].ID
	want, wantLost, wantErr := mergeWholeYAML(orig, l)
	if wantErr != nil {
		t.Fatal(wantErr)
	}
	got, lost, ok := mergeHand(orig, curated, l)
	if !ok {
		t.Fatal("not merged item by item")
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("merged (-whole +by item):\n%s", diff)
	}
	if diff := cmp.Diff(wantLost, lost); diff != "" {
		t.Errorf("lost (-whole +by item):\n%s", diff)
	}
	if !strings.Contains(string(got), "notes: \"\" # to do") {
		t.Error("the comment on an empty note was not kept")
	}
}

// FuzzMergeHand compares, on any SOUP list written in YAML and a change of
// it, the merge item by item with the whole merge: whenever mergeHand
// takes the file, it gives the bytes and lost comments the whole merge
// gives.
func FuzzMergeHand(f *testing.F) {
	f.Add([]byte(handWritten), uint8(0))
	r := rand.New(rand.NewPCG(2, 15))
	for i := range 8 {
		var b bytes.Buffer
		if err := randomCurated(r, 1+r.IntN(4)).WriteYAML(&b); err == nil {
			f.Add(handEdit(r, b.Bytes()), uint8(i))
		}
	}
	for seed := range 4 {
		f.Add([]byte(newCase(rand.New(rand.NewPCG(uint64(seed), 12))).yaml), uint8(seed))
	}
	defer func(n int) { chunkItems = n }(chunkItems)
	f.Fuzz(func(t *testing.T, data []byte, change uint8) {
		chunkItems = 1
		curated, err := soup.Parse(data)
		if err != nil {
			return
		}
		l := curated.Clone()
		// What a sync does, by change: versions change, notes emptied,
		// items marked removed, an item added, an item dropped.
		for i := range l.Items {
			it := &l.Items[i]
			switch (int(change) + i) % 6 {
			case 1:
				it.Version += ".1"
			case 2:
				it.Notes = ""
			case 3:
				it.Removed = !it.Removed
			}
		}
		if change&8 != 0 {
			l.Items = append(l.Items, soup.Item{ID: l.NextID(), Name: "new", Version: "1.0"})
		}
		if change&16 != 0 && len(l.Items) > 1 {
			l.Items = slices.Delete(l.Items, 0, 1)
		}
		got, lost, ok := mergeHand(data, curated, l)
		if !ok {
			return
		}
		want, wantLost, err := mergeWholeYAML(data, l)
		if err != nil {
			t.Fatalf("merged item by item, but the whole merge fails: %v\n%s", err, data)
		}
		if !bytes.Equal(got, want) || !slices.Equal(lost, wantLost) {
			t.Fatalf("item by item: %q\n%s\nwhole: %q\n%s", lost, got, wantLost, want)
		}
	})
}
