package spdx3ref

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	v3 "github.com/spdx/tools-golang/spdx/v3/v3_0"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/sbom/spdx3"
	"github.com/soupkit/soupkit/soup"
)

// document is an SPDX 3 document soupkit wrote, with the packages it was
// given to write.
type document struct {
	b    []byte
	want []pkg
}

// written returns every SPDX 3 document soupkit's tests write, by name:
// sbom.Encode of every list under sbom/testdata (the real SBOMs, the list
// that sets every field and the one with vulnerabilities), and
// spdx3.EncodeDoc of every real SPDX 3 document under sbom/spdx3/testdata
// as read by spdx3.DecodeDoc.
func written(t *testing.T) map[string]document {
	t.Helper()
	out := map[string]document{}
	f3, err := sbom.ParseFormat("spdx3-json")
	if err != nil {
		t.Fatal(err)
	}
	lists, _ := filepath.Glob("../../sbom/testdata/real/*")
	lists = append(lists, "../../sbom/testdata/full.yaml", "../../sbom/testdata/vex.yaml")
	for _, p := range lists {
		if strings.HasSuffix(p, ".md") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		l, _, err := sbom.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var b bytes.Buffer
		if err := sbom.Encode(&b, l, f3, nil); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out["sbom.Encode "+filepath.Base(p)] = document{b.Bytes(), packages(append([]soup.Item{{Name: l.System.Name, Version: l.System.Version, Manufacturer: l.System.Manufacturer}}, l.Items...))}
	}
	docs, _ := filepath.Glob("../../sbom/spdx3/testdata/real/*")
	for _, p := range docs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d, err := spdx3.DecodeDoc(data)
		if err != nil {
			continue // the SPDX 2 twins
		}
		b, err := spdx3.EncodeDoc(d, &spdx3.DocOptions{Created: "2026-11-24T00:00:00Z"})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var items []soup.Item
		for _, e := range slices.Concat(d.Systems, d.Items) {
			items = append(items, e.Item)
		}
		out["spdx3.EncodeDoc "+filepath.Base(p)] = document{b, packages(items)}
	}
	if len(out) < 90 {
		t.Fatalf("only %d documents written: testdata moved?", len(out))
	}
	return out
}

// pkg is what both readers must agree on for a software_Package.
type pkg struct {
	Name, Version, PURL, Supplier, HomePage, ValidUntil string
}

// packages returns what the writer is to write of items: every item that
// ships (an SBOM leaves out those marked removed).
func packages(items []soup.Item) []pkg {
	var out []pkg
	for _, it := range items {
		if it.Removed {
			continue
		}
		p := pkg{Name: it.Name, Version: it.Version, Supplier: it.Manufacturer, HomePage: it.Website}
		if _, err := soup.PURLKey(it.PURL); err == nil {
			p.PURL = it.PURL
		}
		if !it.Support.EndOfSupport.IsZero() {
			p.ValidUntil = it.Support.EndOfSupport.String()
		}
		out = append(out, p)
	}
	slices.SortFunc(out, cmpPkg)
	return out
}

// theirs reads the packages of the document tools-golang read.
func theirs(doc *v3.Document) []pkg {
	var out []pkg
	for _, e := range doc.Elements {
		p, ok := e.(*v3.Package)
		if !ok {
			continue
		}
		q := pkg{Name: p.Name, Version: p.Version, PURL: string(p.PackageURL), HomePage: string(p.HomePage)}
		if p.SuppliedBy != nil {
			q.Supplier = p.SuppliedBy.GetName()
		}
		if !p.ValidUntilTime.IsZero() {
			q.ValidUntil = p.ValidUntilTime.UTC().Format(time.DateOnly)
		}
		out = append(out, q)
	}
	slices.SortFunc(out, cmpPkg)
	return out
}

func cmpPkg(a, b pkg) int {
	return strings.Compare(a.Name+"\x00"+a.Version+"\x00"+a.PURL, b.Name+"\x00"+b.Version+"\x00"+b.PURL)
}

// imports returns the externalSpdxId of every ExternalMap the
// SpdxDocument of b imports.
func imports(t *testing.T, b []byte) map[string]bool {
	t.Helper()
	var doc struct {
		Graph []struct {
			Type   string `json:"type"`
			Import []struct {
				ID string `json:"externalSpdxId"`
			} `json:"import"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range doc.Graph {
		for _, m := range e.Import {
			out[m.ID] = true
		}
	}
	return out
}

// What tools-golang v0.6.0-rc4 cannot read, in documents the SPDX project
// itself publishes (see TestLimitations):
var (
	// it resolves no reference to an element another document defines,
	// although the SpdxDocument declares it in import (an ExternalMap);
	unresolved = regexp.MustCompile(`^\[[^\]]*\] unable to find viable external IRI for: v3_0\.\w+ for ID: (\S+)$`)
	// and it reads no xsd:decimal value at all ("5.0", "5", 5 or 5.0: its
	// JSON-LD processor gives a string where its model wants a float64).
	decimal = regexp.MustCompile(`^\[[^\]]*/(Score|Probability|Percentile|EnergyQuantity)/0\] invalid value: \S+$`)
)

// readErrors returns the lines of a tools-golang read error that are not
// its known limitations: references to elements the document imports, and
// decimals.
func readErrors(err error, imported map[string]bool) (real []string, known int) {
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(line)
		if m := unresolved.FindStringSubmatch(line); m != nil && imported[m[1]] || decimal.MatchString(line) {
			known++
			continue
		}
		real = append(real, line)
	}
	return real, known
}

// TestReferenceReader reads every SPDX 3.0.1 document soupkit writes with
// tools-golang's SPDX 3 model: the document must read, validate by the
// model's own rules (required properties, cardinalities, vocabularies),
// and show the same packages (name, version, purl, supplier, homepage,
// end of support) as soupkit's reader does. A document whose only read
// errors are tools-golang's known limitations (see TestLimitations) is
// logged, not failed: tools-golang cannot say more about it.
func TestReferenceReader(t *testing.T) {
	docs := written(t)
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	slices.Sort(names)
	read := 0
	for _, name := range names {
		b := docs[name].b
		var doc v3.Document
		if err := doc.FromJSON(bytes.NewReader(b)); err != nil {
			real, known := readErrors(err, imports(t, b))
			if len(real) > 0 {
				t.Errorf("%s: tools-golang cannot read it:\n%s", name, strings.Join(real, "\n"))
			} else {
				t.Logf("%s: not read: %d references to imported elements or decimals, which tools-golang does not read", name, known)
			}
			continue
		}
		read++
		if err := doc.Validate(false); err != nil {
			t.Errorf("%s: tools-golang reads it but finds it invalid: %v", name, err)
		}
		if diff := cmp.Diff(docs[name].want, theirs(&doc)); diff != "" {
			t.Errorf("%s: packages (-soupkit +tools-golang):\n%s", name, diff)
		}
	}
	t.Logf("%d of %d documents read and compared", read, len(docs))
	// Only a document with a decimal or an import may go unread: every
	// other is read in full.
	for _, name := range names {
		b := docs[name].b
		if bytes.Contains(b, []byte(`"import"`)) || bytes.Contains(b, []byte(`"security_score"`)) {
			continue
		}
		if (&v3.Document{}).FromJSON(bytes.NewReader(b)) != nil {
			t.Errorf("%s: not read in full", name)
		}
	}
}

// TestLimitations shows that what TestReferenceReader tolerates are
// tools-golang's limitations: the SPDX project's own full example (every
// profile, written by tools-java) fails to read with exactly these errors
// and no other, while a reference to an element that is neither in the
// document nor imported is a real error.
func TestLimitations(t *testing.T) {
	b, err := os.ReadFile("../../sbom/spdx3/testdata/real/spdx-spec_spdx-full-example.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc v3.Document
	err = doc.FromJSON(bytes.NewReader(b))
	if err == nil {
		t.Fatal("tools-golang reads the SPDX full example: drop the tolerance of its limitations")
	}
	real, known := readErrors(err, imports(t, b))
	if len(real) > 0 || known == 0 {
		t.Errorf("the SPDX full example fails with %d known errors and others:\n%s", known, strings.Join(real, "\n"))
	}
	// Our own output with its imports removed: the references are then
	// dangling, which must not be tolerated.
	docs := written(t)
	src := docs["spdx3.EncodeDoc spdx-spec_package_sbom.json"].b
	if src == nil || !bytes.Contains(src, []byte(`"import"`)) {
		t.Fatal("the re-encoded SPDX package example has no import")
	}
	var g map[string]any
	if err := json.Unmarshal(src, &g); err != nil {
		t.Fatal(err)
	}
	for _, e := range g["@graph"].([]any) {
		delete(e.(map[string]any), "import")
	}
	dangling, _ := json.Marshal(g)
	err = (&v3.Document{}).FromJSON(bytes.NewReader(dangling))
	if err == nil {
		t.Fatal("tools-golang reads a dangling reference")
	}
	if real, _ := readErrors(err, imports(t, dangling)); len(real) == 0 {
		t.Errorf("a dangling reference is tolerated: %v", err)
	}
}
