package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/soup"
)

// TestSyncProperty syncs random hand-written curated files (comments on
// empty keys, block scalars, flow lists, sometimes a second document) with
// random SBOMs of the same packages (some upgraded, some gone, some new),
// in-process, and checks what sync promises (issue 12):
//
//   - a file with a second document is refused and left byte for byte;
//   - otherwise the file reads back as Reconcile's list, every comment is
//     kept or named on standard error, the comments on empty keys are
//     kept, and a second sync with the same SBOM changes nothing;
//   - when no item changes, the file is left byte for byte.
func TestSyncProperty(t *testing.T) {
	cycles := 300
	if testing.Short() {
		cycles = 40
	}
	defer func(n int) { chunkItems = n }(chunkItems)
	for seed := range cycles {
		r := rand.New(rand.NewPCG(uint64(seed), 12))
		c := newCase(r)
		// Every other file is written in parts, as a large list is.
		chunkItems = 1 + seed%2*1000
		t.Run(fmt.Sprint(seed), func(t *testing.T) { c.check(t) })
	}
}

// syncCase is one random curated file and SBOM.
type syncCase struct {
	yaml      string
	twoDocs   bool
	comments  []string // every comment written
	onEmpty   []string // the comments written on empty keys
	sbom      []byte
	unchanged bool // the SBOM has exactly the curated packages
}

var names = []string{"flask", "click", "jinja2", "requests", "idna", "urllib3", "certifi", "werkzeug"}

func newCase(r *rand.Rand) *syncCase {
	c := &syncCase{}
	var b strings.Builder
	comment := func(kind string) string {
		text := fmt.Sprintf("%s note %d", kind, len(c.comments))
		c.comments = append(c.comments, text)
		return text
	}
	if r.IntN(2) == 0 {
		fmt.Fprintf(&b, "# %s\n", comment("head"))
	}
	b.WriteString("system:\n  name: Pump\n  safetyClass: B\nitems:\n")
	n := 1 + r.IntN(5)
	perm := r.Perm(len(names))[:n]
	type pkg struct{ name, version string }
	var pkgs []pkg
	for i, k := range perm {
		name, version := names[k], fmt.Sprintf("%d.%d", 1+r.IntN(3), r.IntN(10))
		pkgs = append(pkgs, pkg{name, version})
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "  # %s\n", comment("item"))
		}
		fmt.Fprintf(&b, "  - id: SOUP-%04d\n    name: %s\n    version: %q\n    purl: pkg:pypi/%s@%s\n", i+1, name, version, name, version)
		for _, field := range r.Perm(6) {
			switch field {
			case 0: // a comment on an empty string
				if r.IntN(2) == 0 {
					fmt.Fprintf(&b, "    notes: \"\" # %s\n", c.empty(comment("empty notes")))
				}
			case 1: // a comment on an empty flow list
				if r.IntN(2) == 0 {
					fmt.Fprintf(&b, "    riskRefs: [] # %s\n", c.empty(comment("empty riskRefs")))
				}
			case 2: // a flow list, maybe commented
				if r.IntN(2) == 0 {
					fmt.Fprintf(&b, "    failureModes: [Wrong route, Crash]")
					if r.IntN(2) == 0 {
						fmt.Fprintf(&b, " # %s", comment("flow"))
					}
					b.WriteString("\n")
				}
			case 3: // a block scalar
				if r.IntN(2) == 0 {
					style := []string{"|", ">", "|-", ">+"}[r.IntN(4)]
					fmt.Fprintf(&b, "    description: %s\n      Line one of %s.\n      Line two.\n", style, name)
				}
			case 4: // a block list with a head comment
				if r.IntN(2) == 0 {
					fmt.Fprintf(&b, "    requirements:\n      # %s\n      functional:\n        - Route requests\n        - Parse JSON\n", comment("req"))
				}
			case 5: // an empty mapping value
				if r.IntN(3) == 0 {
					fmt.Fprintf(&b, "    verification: {} # %s\n", c.empty(comment("empty verification")))
				}
			}
		}
	}
	if r.IntN(3) == 0 {
		fmt.Fprintf(&b, "# %s\n", comment("foot"))
	}
	if r.IntN(8) == 0 {
		c.twoDocs = true
		b.WriteString("---\nitems:\n  - id: SOUP-0099\n    name: hidden\n")
	}
	c.yaml = b.String()

	// The SBOM: each package kept (maybe upgraded) or gone, maybe a new one.
	var comps []map[string]string
	c.unchanged = true
	for _, p := range pkgs {
		switch r.IntN(5) {
		case 0: // gone
			c.unchanged = false
			continue
		case 1: // upgraded
			p.version += ".1"
			c.unchanged = false
		}
		comps = append(comps, component(p.name, p.version))
	}
	if r.IntN(3) == 0 {
		for _, k := range r.Perm(len(names)) {
			if !strings.Contains(c.yaml, "name: "+names[k]+"\n") {
				comps = append(comps, component(names[k], "9.9"))
				c.unchanged = false
				break
			}
		}
	}
	doc := map[string]any{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": comps}
	c.sbom, _ = json.Marshal(doc)
	return c
}

func (c *syncCase) empty(text string) string {
	c.onEmpty = append(c.onEmpty, text)
	return text
}

func component(name, version string) map[string]string {
	return map[string]string{"type": "library", "name": name, "version": version, "purl": "pkg:pypi/" + name + "@" + version}
}

func (c *syncCase) check(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "soup.yaml")
	if err := os.WriteFile(path, []byte(c.yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sbom.json"), c.sbom, 0o644); err != nil {
		t.Fatal(err)
	}
	sync := func() (code int, stdout, stderr string) {
		var out, errb bytes.Buffer
		code = runIn(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, dir: dir}, []string{"sync", "-curated", "soup.yaml", "sbom.json"})
		return code, out.String(), errb.String()
	}
	code, stdout, stderr := sync()
	got, _ := os.ReadFile(path)
	if c.twoDocs {
		if code != exitError || !strings.Contains(stderr, "a second YAML document") {
			t.Errorf("second document: exit %d, stderr %q", code, stderr)
		}
		if string(got) != c.yaml {
			t.Errorf("the file with two documents was changed:\n%s", got)
		}
		return
	}
	if code != exitOK {
		t.Fatalf("sync: exit %d\n%s\n%s\ninput:\n%s", code, stdout, stderr, c.yaml)
	}
	if c.unchanged && string(got) != c.yaml {
		t.Errorf("no item changed, but the file did:\n--- before\n%s--- after\n%s", c.yaml, got)
	}
	// The file reads back as Reconcile's list.
	curated, err := soup.Parse([]byte(c.yaml))
	if err != nil {
		t.Fatal(err)
	}
	d, err := decodeInput(&env{dir: dir, progress: &progress{}}, "sbom.json")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := soup.Reconcile(curated, d.list)
	back, err := soup.Parse(got)
	if err != nil {
		t.Fatalf("the synced file does not parse: %v\n%s", err, got)
	}
	if !c.unchanged && !sameList(back, want) {
		t.Errorf("the synced file does not read as Reconcile's list:\n%s", got)
	}
	// Every comment is kept or named; those on empty keys are kept.
	for _, text := range c.comments {
		if !strings.Contains(string(got), text) && !strings.Contains(stderr, "# "+text) {
			t.Errorf("comment %q lost without a word:\n--- before\n%s--- after\n%s--- stderr\n%s", text, c.yaml, got, stderr)
		}
		if strings.Contains(stderr, text) && strings.Contains(string(got), text) {
			t.Errorf("comment %q named as lost but kept", text)
		}
	}
	for _, text := range c.onEmpty {
		if !strings.Contains(string(got), text) {
			t.Errorf("comment on an empty key %q not kept:\n--- before\n%s--- after\n%s", text, c.yaml, got)
		}
	}
	// A second sync changes nothing.
	code, stdout, _ = sync()
	again, _ := os.ReadFile(path)
	if code != exitOK || !bytes.Equal(again, got) || !strings.Contains(stdout, "soup.yaml: up to date") {
		t.Errorf("second sync: exit %d, %q; file changed: %v", code, stdout, !bytes.Equal(again, got))
	}
}
