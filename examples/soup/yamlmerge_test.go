package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

const handWritten = `# The SOUP list.
system:
  name: Pump   # the product name
  safetyClass: B
items:
  # Web framework.
  - id: SOUP-0001
    name: flask
    version: "1.1.2"
    purl: pkg:pypi/flask@1.1.2
    requirements:
      functional: [Route requests]   # see SRS-12
    notes: obsolete note
  - id: SOUP-0002
    name: requests
    version: 2.23.0
    riskLevel: high
    # Who verified it.
    verification: {by: Jane Doe, version: 2.23.0}
# End of list.
`

func TestMergeYAML(t *testing.T) {
	l, err := soup.Parse([]byte(handWritten))
	if err != nil {
		t.Fatal(err)
	}
	// What a sync does: a new version with its purl and CPE, a field
	// emptied, a new item.
	l.Items[0].Version, l.Items[0].PURL = "2.0.3", "pkg:pypi/flask@2.0.3"
	l.Items[0].CPE = "cpe:2.3:a:pallets:flask:2.0.3:*:*:*:*:*:*:*"
	l.Items[0].Notes = ""
	l.Items = append(l.Items, soup.Item{ID: "SOUP-0003", Name: "idna", Version: "3.4"})
	got, _, err := mergeYAML([]byte(handWritten), l)
	if err != nil {
		t.Fatal(err)
	}
	want := `# The SOUP list.
system:
  name: Pump # the product name
  safetyClass: B
items:
  # Web framework.
  - id: SOUP-0001
    name: flask
    version: "2.0.3"
    purl: pkg:pypi/flask@2.0.3
    cpe: cpe:2.3:a:pallets:flask:2.0.3:*:*:*:*:*:*:*
    requirements:
      functional: [Route requests] # see SRS-12
  - id: SOUP-0002
    name: requests
    version: 2.23.0
    riskLevel: high
    # Who verified it.
    verification: {by: Jane Doe, version: 2.23.0}
  - id: SOUP-0003
    name: idna
    version: "3.4"
# End of list.
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("merged YAML (-want +got):\n%s", diff)
	}
	// Merging again changes nothing.
	again, _, err := mergeYAML(got, l)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(got), string(again)); diff != "" {
		t.Errorf("second merge (-first +second):\n%s", diff)
	}
}

func TestMergeYAMLFallback(t *testing.T) {
	l := &soup.List{Items: []soup.Item{{ID: "SOUP-0001", Name: "flask", Version: "1.1.2"}}}
	for name, doc := range map[string]string{
		"anchors":  "system: &s {name: Pump}\nitems:\n  - id: SOUP-0001\n    name: flask\n    version: 1.1.2\n",
		"sequence": "- a\n- b\n",
		"invalid":  "items: [\n",
	} {
		if _, _, err := mergeYAML([]byte(doc), l); !errors.Is(err, errNoMerge) {
			t.Errorf("%s: err = %v, want errNoMerge", name, err)
		}
	}
}

// FuzzMergeYAML checks, on any SOUP list written in YAML, that merging a
// changed list into it either reads back as that list or gives
// errNoMerge, and that merging again changes nothing.
func FuzzMergeYAML(f *testing.F) {
	f.Add([]byte(handWritten))
	if b, err := os.ReadFile(curatedV1); err == nil {
		f.Add(b)
	}
	f.Add([]byte("items: []\n"))
	// A foot comment the YAML library indents further on each round trip
	// until it settles.
	f.Add([]byte("#0\nitems: #0\n  - version: \"\"\n    #0\n    requirements:\n      functional: [0] #0\n    #\n"))
	f.Add([]byte("# c\nitems:\n  - {id: SOUP-0001, name: a, version: '1'} # x\n"))
	// Comments on empty values, block scalars, a second document.
	f.Add([]byte("items:\n  - id: SOUP-0001\n    notes: \"\" # to do\n    riskRefs: [] # none yet\n    verification: {} # later\n    description: |\n      Two\n      lines.\n"))
	f.Add([]byte("items:\n  - name: a\n    description: >-\n      folded\n      text\n    failureModes: [x, y] # flow\n"))
	f.Add([]byte("items: []\n---\nitems: [{id: SOUP-0009}]\n"))
	// Lists as sync writes them, which are merged item by item.
	r := rand.New(rand.NewPCG(1, 1))
	for range 4 {
		var b bytes.Buffer
		if err := randomCurated(r, 3).WriteYAML(&b); err == nil {
			f.Add(b.Bytes())
		}
	}
	defer func(n int) { chunkItems = n }(chunkItems)
	f.Fuzz(func(t *testing.T, data []byte) {
		// Inputs of odd length are written in parts, as a large list is.
		chunkItems = 1 + len(data)%2*1000
		l, err := soup.Parse(data)
		if err != nil {
			return
		}
		// What a sync does: versions change, an item is added.
		for i := range l.Items {
			l.Items[i].Version += ".1"
		}
		l.Items = append(l.Items, soup.Item{ID: l.NextID(), Name: "new", Version: "1.0"})
		out, lost, err := mergeWholeYAML(data, l)
		// Merged item by item (the whole file read at once, or laid out
		// as sync writes it and read item by item): the same result.
		curated, _ := soup.Parse(data)
		for _, from := range []*soup.List{nil, curated} {
			byItem, byItemLost, byItemErr := mergeYAMLFrom(data, from, l)
			if !bytes.Equal(byItem, out) || !slices.Equal(byItemLost, lost) || fmt.Sprint(byItemErr) != fmt.Sprint(err) {
				t.Fatalf("merged item by item: %v, %q\n%s\nwhole: %v, %q\n%s", byItemErr, byItemLost, byItem, err, lost, out)
			}
		}
		if errors.Is(err, errNoMerge) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		// A value left empty keeps its key, and so the comments on it.
		for _, c := range lost {
			if strings.Contains(c, "\n") || len(c) > 200 {
				t.Fatalf("lost comment reported as %q", c)
			}
		}
		back, err := soup.Parse(out)
		if err != nil {
			t.Fatalf("merged YAML does not parse: %v\n%s", err, out)
		}
		if !sameList(back, l) {
			t.Fatalf("merged YAML reads differently:\n%s", out)
		}
		again, _, err := mergeYAML(out, l)
		if err != nil {
			t.Fatalf("second merge: %v", err)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("second merge changed the YAML:\n%s\n---\n%s", out, again)
		}
	})
}

// TestMergeYAMLKeepsEmptyValues: comments on empty values survive a merge
// (notes: "" # to do), and a comment that cannot be kept is reported.
func TestMergeYAMLKeepsEmptyValues(t *testing.T) {
	const in = `items:
  - id: SOUP-0001
    name: flask
    version: 1.1.2
    notes: "" # to do
    riskRefs: [] # none yet
    failureModes: ~ # later
    verification: {by: "", date: ""} # not verified
    support: {} # ask the supplier
    removed: true # gone in 2.0
  - id: SOUP-0002
    name: click # the CLI library
    version: 7.1.2
`
	l, err := soup.Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	l.Items[0].Removed = false // it came back
	got, lost, err := mergeYAML([]byte(in), l)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(in, "    removed: true # gone in 2.0\n", "", 1)
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"line 10: # gone in 2.0"}, lost); diff != "" {
		t.Errorf("lost comments (-want +got):\n%s", diff)
	}
}
