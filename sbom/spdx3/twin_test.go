package spdx3_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/sbom/spdx3"
	"github.com/soupkit/soupkit/soup"
)

// identity is what makes an item the same item in two documents: its key
// (package URL, else name), version and licence.
func identity(it soup.Item) string {
	return string(it.Key()) + "@" + it.Version + " " + it.License
}

// decode2 reads an SPDX 2 or CycloneDX document with package sbom.
func decode2(t *testing.T, path string) *soup.List {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, _, err := sbom.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return l
}

// decode3 reads an SPDX 3 document.
func decode3(t *testing.T, path string) *spdx3.Doc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := spdx3.DecodeDoc(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// TestTwins checks that the same project's SPDX 2.x and SPDX 3 documents
// (the SPDX project's examples, published in both) give the same system and
// items, and cdxgen's SPDX 3 and CycloneDX documents of one project the
// same items. Differences the documents themselves make are listed.
func TestTwins(t *testing.T) {
	// What the SPDX 3 edition of an example does differently.
	differences := map[string]string{
		// The SPDX 2.2 edition has a package "go" in the tarball; the SPDX 3
		// edition makes it a file the tarball contains (and names the
		// package after the tarball file).
		"spdx-examples_software_example7_example7-golang": "package go became a file",
		// The SPDX 2 document describes three modules (all items, since
		// issue 11); the SPDX 3 edition roots two in one document and the
		// third in another.
		"spdx-examples_software_example7_example7-third-party-modules": "third described module in a second document",
	}
	files, err := filepath.Glob("testdata/real/*.spdx.json")
	if err != nil {
		t.Fatal(err)
	}
	pairs := map[string][2]string{
		"cdxgen node-app": {"../testdata/real/cdxgen-12.8.4_node-app_cdx-1.7.json", "testdata/real/cdxgen-12.8.4_node-app_spdx-3.0.1.jsonld"},
	}
	for _, p2 := range files {
		p3 := strings.TrimSuffix(p2, ".spdx.json") + ".spdx3.json"
		if _, err := os.Stat(p3); err == nil {
			pairs[strings.TrimSuffix(filepath.Base(p2), ".spdx.json")] = [2]string{p2, p3}
		}
	}
	if len(pairs) < 8 {
		t.Fatalf("only %d pairs", len(pairs))
	}
	for name, p := range pairs {
		t.Run(name, func(t *testing.T) {
			l := decode2(t, p[0])
			d := decode3(t, p[1])
			var want, got []string
			for _, it := range l.Items {
				want = append(want, identity(it))
			}
			for _, e := range d.Items {
				got = append(got, identity(e.Item))
			}
			// Every SPDX 3 root is a system; the SPDX 2 reader keeps the only
			// described package as the system, and makes several described
			// packages items under a system named after the document.
			var systems []string
			for _, e := range d.Systems {
				systems = append(systems, e.Item.Name+"@"+e.Item.Version)
			}
			if sys := l.System.Name + "@" + l.System.Version; len(d.Systems) > 1 && !slices.Contains(systems, sys) {
				for _, e := range d.Systems {
					got = append(got, identity(e.Item))
				}
				systems = append(systems, l.System.Name+"@"+l.System.Version)
			}
			slices.Sort(want)
			slices.Sort(got)
			sys := l.System.Name + "@" + l.System.Version
			diff := cmp.Diff(want, got)
			if why, ok := differences[name]; ok {
				if diff == "" {
					t.Errorf("documented difference %q no longer there", why)
				}
				return
			}
			if diff != "" {
				t.Errorf("items (-SPDX 2/CycloneDX +SPDX 3):\n%s", diff)
			}
			if !slices.Contains(systems, sys) {
				t.Errorf("system %s not among the SPDX 3 systems %q", sys, systems)
			}
		})
	}
}
