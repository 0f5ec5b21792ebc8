package spdx3_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom"
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
		// The SPDX 2 document describes three modules (items: nothing is
		// below them); the SPDX 3 edition roots two in one document and
		// the third in another.
		"spdx-examples_software_example7_example7-third-party-modules": "third described module in a second document",
		// Yocto's SPDX 2.2 recipe document describes the recipe (name,
		// version, CPE) and its download; the SPDX 3.0.1 one roots a
		// Build whose input is the source package alone.
		"wr-sbom_shadow-recipe": "a recipe package in SPDX 2.2, a Build in SPDX 3",
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
			// Both through package sbom: the same rule makes the system
			// (or systems) of the roots in SPDX 2 and 3.
			l2, l3 := decode2(t, p[0]), decode2(t, p[1])
			var want, got []string
			for _, it := range l2.Items {
				want = append(want, identity(it)+" "+strings.Join(it.Systems, ","))
			}
			for _, it := range l3.Items {
				got = append(got, identity(it)+" "+strings.Join(it.Systems, ","))
			}
			slices.Sort(want)
			slices.Sort(got)
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
			if s2, s3 := l2.System.Name+"@"+l2.System.Version, l3.System.Name+"@"+l3.System.Version; s2 != s3 {
				t.Errorf("system %s, SPDX 3 %s", s2, s3)
			}
		})
	}
}

// spdx2Doc writes an SPDX 2.3 JSON document named name that describes the
// packages roots, with the packages pkgs and the DEPENDS_ON edges (from,
// to pairs).
func spdx2Doc(name string, roots, pkgs []string, edges [][2]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": %q,
		"documentNamespace": "https://example.com/doc", "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: test"]},
		"documentDescribes": [`, name)
	for i, r := range roots {
		fmt.Fprintf(&b, "%s\"SPDXRef-%s\"", sep(i), r)
	}
	b.WriteString(`], "packages": [`)
	for i, p := range pkgs {
		fmt.Fprintf(&b, `%s{"SPDXID": "SPDXRef-%s", "name": %q, "versionInfo": "1.0", "downloadLocation": "NOASSERTION"}`, sep(i), p, p)
	}
	b.WriteString(`], "relationships": [`)
	for i, e := range edges {
		fmt.Fprintf(&b, `%s{"spdxElementId": "SPDXRef-%s", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-%s"}`, sep(i), e[0], e[1])
	}
	b.WriteString("]}")
	return b.String()
}

// spdx3Doc writes the SPDX 3.0.1 document of the same shape.
func spdx3Doc(name string, roots, pkgs []string, edges [][2]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
		{"type": "SpdxDocument", "spdxId": "urn:x:doc", "name": %q, "rootElement": ["urn:x:sbom"]},
		{"type": "software_Sbom", "spdxId": "urn:x:sbom", "rootElement": [`, name)
	for i, r := range roots {
		fmt.Fprintf(&b, "%s\"urn:x:%s\"", sep(i), r)
	}
	b.WriteString(`]}`)
	for _, p := range pkgs {
		fmt.Fprintf(&b, `, {"type": "software_Package", "spdxId": "urn:x:%s", "name": %q, "software_packageVersion": "1.0"}`, p, p)
	}
	for i, e := range edges {
		fmt.Fprintf(&b, `, {"type": "Relationship", "spdxId": "urn:x:r%d", "from": "urn:x:%s", "relationshipType": "dependsOn", "to": ["urn:x:%s"]}`, i, e[0], e[1])
	}
	b.WriteString("]}")
	return b.String()
}

func sep(i int) string {
	if i == 0 {
		return ""
	}
	return ", "
}

// placed is what the rule for several roots decides about an item: the
// systems it belongs to and how it is needed.
type placed struct {
	Name       string
	Systems    []string
	Dependency soup.Dependency
}

// TestSeveralRoots checks the rule SPDX 2 and SPDX 3 share for the roots
// of a document (form.Doc.SetRoots), on documents of the same shape in
// both: several roots are several systems, each item naming those it
// belongs to; a root below which nothing is listed is an item; one system
// among them is the list's. Nothing is dropped.
func TestSeveralRoots(t *testing.T) {
	for _, tc := range []struct {
		name       string
		roots      []string
		pkgs       []string
		edges      [][2]string
		system     soup.System
		items      []placed
		systemRefs int // roots that are systems, not items
	}{
		{name: "two systems sharing a library and a package listed alone",
			roots: []string{"ui", "api", "tool"},
			pkgs:  []string{"ui", "api", "tool", "react", "flask", "shared", "orphan"},
			edges: [][2]string{{"ui", "react"}, {"api", "flask"}, {"react", "shared"}, {"flask", "shared"}},
			// Named after the document, with the version the systems share.
			system: soup.System{Name: "device", Version: "1.0"},
			items: []placed{
				{"flask", []string{"api"}, soup.Direct},
				{"orphan", nil, 0},
				{"react", []string{"ui"}, soup.Direct},
				{"shared", []string{"ui", "api"}, soup.Transitive},
				{"tool", nil, soup.Direct},
			}, systemRefs: 2},
		{name: "one system and a package listed alone",
			roots: []string{"app", "extra"}, pkgs: []string{"app", "extra", "lib"},
			edges:  [][2]string{{"app", "lib"}},
			system: soup.System{Name: "app", Version: "1.0"},
			items:  []placed{{"extra", nil, soup.Direct}, {"lib", nil, soup.Direct}}, systemRefs: 1},
		{name: "packages listed alone (the third-party modules of spdx-examples' example7)",
			roots: []string{"a", "b", "c"}, pkgs: []string{"a", "b", "c"},
			system: soup.System{Name: "device"},
			items:  []placed{{"a", nil, soup.Direct}, {"b", nil, soup.Direct}, {"c", nil, soup.Direct}}},
		{name: "a root that needs another",
			roots: []string{"app", "plugin"}, pkgs: []string{"app", "plugin", "lib"},
			edges:  [][2]string{{"app", "plugin"}, {"plugin", "lib"}},
			system: soup.System{Name: "device", Version: "1.0"},
			items:  []placed{{"lib", []string{"app", "plugin"}, soup.Direct}}, systemRefs: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for format, doc := range map[string]string{
				"SPDX 2.3": spdx2Doc("device", tc.roots, tc.pkgs, tc.edges),
				"SPDX 3":   spdx3Doc("device", tc.roots, tc.pkgs, tc.edges),
			} {
				l, _, rep, err := new(sbom.Decoder).DecodeBytes([]byte(doc))
				if err != nil {
					t.Fatalf("%s: %v", format, err)
				}
				if l.System != tc.system {
					t.Errorf("%s: system %+v, want %+v", format, l.System, tc.system)
				}
				var got []placed
				for _, it := range l.Items {
					got = append(got, placed{it.Name, it.Systems, it.Dependency})
				}
				if diff := cmp.Diff(tc.items, got); diff != "" {
					t.Errorf("%s: items (-want +got):\n%s", format, diff)
				}
				if n := len(l.Items) + tc.systemRefs; n != len(tc.pkgs) {
					t.Errorf("%s: %d items + %d systems for %d packages", format, len(l.Items), tc.systemRefs, len(tc.pkgs))
				}
				if len(rep.Warnings) > 0 {
					t.Errorf("%s: warnings %v", format, rep.Warnings)
				}
			}
		})
	}
}

// TestSBOMToolTwins: Microsoft's sbom-tool wrote its own SBOM in SPDX 2.2
// and SPDX 3.0 from one build (testdata/README.md); both give the same
// items, field for field, and the same system but for its manufacturer,
// which the SPDX 3 edition states only as the document's creator.
func TestSBOMToolTwins(t *testing.T) {
	l2 := decode2(t, "testdata/real/sbom-tool_samples_manifest.spdx.json")
	l3 := decode2(t, "testdata/real/sbom-tool_samples_manifest.spdx3.json")
	if diff := cmp.Diff(l2.Items, l3.Items, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("items (-SPDX 2.2 +SPDX 3.0):\n%s", diff)
	}
	want := soup.System{Name: "sbom-tool sample", Version: "4.0.3"}
	if l3.System != want {
		t.Errorf("SPDX 3 system %+v, want %+v", l3.System, want)
	}
	if want.Manufacturer = "Microsoft"; l2.System != want {
		t.Errorf("SPDX 2 system %+v, want %+v", l2.System, want)
	}
	// A few items in full: a supplier, a purl, the graph.
	byName := map[string]soup.Item{}
	for _, it := range l3.Items {
		byName[it.Name+"@"+it.Version] = it
	}
	if len(byName) != 29 {
		t.Errorf("%d items, want 29", len(byName))
	}
	api := byName["Microsoft.Sbom.Api@4.0.3"]
	if api.Manufacturer != "Microsoft" || api.PURL != "pkg:nuget/Microsoft.Sbom.Api@4.0.3" || api.Dependency != soup.Direct {
		t.Errorf("Microsoft.Sbom.Api: %+v", api)
	}
	am, ext := byName["AutoMapper@10.1.1"], byName["AutoMapper.Extensions.Microsoft.DependencyInjection@8.1.1"]
	if am.Manufacturer != "" || am.Dependency != soup.Transitive || !slices.Contains(am.RequiredBy, ext.ID) {
		t.Errorf("AutoMapper: %+v, want transitive, no manufacturer (NOASSERTION), required by %s", am, ext.ID)
	}
}

// TestYoctoRecipe reads the two editions of Yocto's recipe document for
// shadow (testdata/README.md): items exactly as each states them.
func TestYoctoRecipe(t *testing.T) {
	l2 := decode2(t, "testdata/real/wr-sbom_shadow-recipe.spdx.json")
	l3 := decode2(t, "testdata/real/wr-sbom_shadow-recipe.spdx3.json")
	sha := []soup.Hash{{Algorithm: "SHA-256", Value: "a305edf5d19bddbdf5e836d2d609fa8bff2d35458819de4d9f06306a1cf24342"}}
	for _, tc := range []struct {
		name   string
		l      *soup.List
		system soup.System
		items  []soup.Item
	}{
		// Two described packages with nothing below them: items of a
		// system named after the document. The CPE's reference type is
		// written as its IRI.
		{"SPDX 2.2", l2, soup.System{Name: "recipe-shadow"}, []soup.Item{
			{ID: "SOUP-0001", Name: "shadow", Version: "4.14.2", Manufacturer: "OpenEmbedded ()",
				CPE: "cpe:2.3:*:*:shadow:4.14.2:*:*:*:*:*:*:*", License: "BSD-3-Clause", Website: "http://github.com/shadow-maint/shadow",
				Description: "Tools to change and administer password and group data", Dependency: soup.Direct},
			{ID: "SOUP-0002", Name: "shadow-source-1", Hashes: sha, Dependency: soup.Direct}}},
		// The root is a Build, not software: no system; the source
		// package is the item, its source files are not.
		{"SPDX 3.0.1", l3, soup.System{}, []soup.Item{
			{ID: "SOUP-0001", Name: "shadow-4.14.2.tar.gz", License: "BSD-3-Clause", Hashes: sha}}},
	} {
		if tc.l.System != tc.system {
			t.Errorf("%s: system %+v, want %+v", tc.name, tc.l.System, tc.system)
		}
		if diff := cmp.Diff(tc.items, tc.l.Items, cmp.AllowUnexported(soup.Date{})); diff != "" {
			t.Errorf("%s: items (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestFullExample reads the SPDX specification's example of every profile
// (tools-java's FullSpdxV3Example) through package sbom: the two packages
// without a name stay two items; the VEX assessments of the product name
// the library they assess (security_assessedElement); the newest CVSS
// assessment gives the vector and score, the exploit catalog the known
// exploitation.
func TestFullExample(t *testing.T) {
	l := decode2(t, "testdata/real/spdx-spec_spdx-full-example.json")
	want := soup.System{Name: "org.spdx:tools-java", Version: "2.0.2", Manufacturer: "SPDX"}
	if l.System != want {
		t.Errorf("system %+v, want %+v", l.System, want)
	}
	var names []string
	for _, it := range l.Items {
		names = append(names, it.Name+"|"+it.Manufacturer)
	}
	if diff := cmp.Diff([]string{"|", "|Data Corp.", "Apache Log4j 2|"}, names); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	log4j := l.Items[2]
	var got []string
	for _, a := range log4j.Anomalies {
		got = append(got, fmt.Sprintf("%s %s %q %s %g %v", a.ID, a.Status, a.Justification, a.CVSS, a.Score, a.KnownExploited))
	}
	wantA := []string{
		`CVE-2021-45105 affected "Upgrade to version 2.20 or later" (AV:N/AC:M/Au:N/C:P/I:N/A:N) 5 true`,
		`CVE-2021-45105 fixed "" (AV:N/AC:M/Au:N/C:P/I:N/A:N) 5 true`,
		`CVE-2021-45105 not-affected "inlineMitigationsAlreadyExist: No longer using this vulnerable part of this library." (AV:N/AC:M/Au:N/C:P/I:N/A:N) 5 true`,
		`CVE-2021-45105 under-investigation "" (AV:N/AC:M/Au:N/C:P/I:N/A:N) 5 true`,
	}
	if diff := cmp.Diff(wantA, got); diff != "" {
		t.Errorf("anomalies of log4j (-want +got):\n%s", diff)
	}
}
