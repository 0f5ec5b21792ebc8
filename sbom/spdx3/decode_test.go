package spdx3

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/soup"
)

// decodeFile decodes a file under testdata.
func decodeFile(t *testing.T, path string) *Doc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := DecodeDoc(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// realSPDX3 lists the SPDX 3 documents under testdata/real (the SPDX 2
// twins are the files ending in .spdx.json next to a .spdx3.json).
func realSPDX3(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/real/*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range files {
		if strings.HasSuffix(p, ".md") {
			continue
		}
		twin := strings.TrimSuffix(p, ".spdx.json") + ".spdx3.json"
		if _, err := os.Stat(twin); err == nil && twin != p {
			continue
		}
		out = append(out, p)
	}
	if len(out) < 15 {
		t.Fatalf("only %d SPDX 3 documents in testdata/real", len(out))
	}
	return out
}

// TestDecodeGolden decodes every real document and compares the whole Doc
// (entries, edges, what was ignored, warnings) with its golden file.
func TestDecodeGolden(t *testing.T) {
	for _, p := range realSPDX3(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			b, err := json.MarshalIndent(decodeFile(t, p), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", filepath.Base(p)+".golden"), append(b, '\n'))
		})
	}
}

// summary is what a reader of a document checks first: the systems and
// the items as name@version.
func summary(d *Doc) (systems, items []string) {
	for _, e := range d.Systems {
		systems = append(systems, e.Item.Name+"@"+e.Item.Version)
	}
	for _, e := range d.Items {
		items = append(items, e.Item.Name+"@"+e.Item.Version)
	}
	return systems, items
}

// TestDecodeReal checks, by hand, what each kind of real document must
// give: its systems and items.
func TestDecodeReal(t *testing.T) {
	for _, tc := range []struct {
		file           string
		systems, items []string
	}{
		// Two roots (a binary file and its source package): two systems.
		{"spdx-examples_software_example11_sbom.spdx3.json",
			[]string{"hello-server@", "hello-server-src@0.1.0"},
			[]string{"hyper@0.14", "tokio@1.19.2", "pretty_env_logger@0.4.0"}},
		// An Sbom with two roots, looked through from the SpdxDocument.
		{"spdx-examples_software_example7_example7-third-party-modules.spdx3.json",
			[]string{"golang.org/x/text@", "rsc.io/quote@"}, nil},
		// Files named by the root package are not items.
		{"spdx-examples_software_example10_hello-source.spdx3.json", []string{"hello@"}, nil},
		// Files that are the distribution artifacts of packages stand for them.
		{"spdx-examples_software_example9_appbomination.spdx3.json", []string{"App-BOM-ination@1.0"},
			[]string{"Faust Proprietary File@", "Gradle@", "org.hamcrest:hamcrest-core@1.3", "junit:junit@4.12",
				"org.apache.commons:commons-lang3@3.4", "org.slf4j:slf4j-api@1.7.21"}},
		// A binary file, root of its Sbom, is the system.
		{"spdx-examples_software_example7_example7-bin.spdx3.json", []string{"hello@"}, nil},
		// AI and Dataset profiles: the AI package is the root, the dataset an item.
		{"spdx-examples_ai_example02_sbom.spdx3.json",
			[]string{"Sentiment Demo: A Simple AI Application and its AI BOM Example@"}, []string{"Data after preprocessing@"}},
		{"spdx-examples_dataset_example01_example01.spdx3.json",
			[]string{"Our World in Data CO2 and Greenhouse Gas Emissions dataset@2024-04-15"}, nil},
		// The Build profile: its root is a Build, not software; the
		// package is the item, the files the build reads and writes are
		// not.
		{"spdx-examples_build_example1.spdx3.json", nil, []string{"github.com/pypa/wheel@"}},
		// The SpdxDocument's root is missing: the Sbom present gives the root.
		{"spdx-examples_lite_Lite-example-1-3-with-VEX.spdx.json", []string{"my-package@v1.1"}, nil},
		// Microsoft's sbom-tool: SPDX 2 spellings (DEPENDS_ON, purl), a
		// describes from "SPDXRef-DOCUMENT", a CreationInfo with both @id
		// and spdxId, the executable beside the root package.
		{"sbom-tool_samples_manifest.spdx3.json", []string{"sbom-tool sample@4.0.3"},
			[]string{"Microsoft.Sbom.Parsers.Spdx30SbomParser@4.0.3", "Microsoft.Sbom.Api@4.0.3", "System.Diagnostics.EventLog@6.0.0",
				"Castle.Core@5.1.1", "Moq@4.20.72", "StyleCop.Analyzers@1.2.0-beta.556", "StyleCop.Analyzers.Unstable@1.2.0.556",
				"Microsoft.SourceLink.Common@8.0.0", "Microsoft.Build.Tasks.Git@8.0.0", "Microsoft.SourceLink.GitHub@8.0.0",
				"System.ValueTuple@4.5.0", "Microsoft.Bcl.AsyncInterfaces@8.0.0", "System.Threading.Tasks.Dataflow@8.0.0",
				"System.Text.Encodings.Web@8.0.0", "System.Reflection.MetadataLoadContext@8.0.0", "System.Linq.Async@6.0.1",
				"Microsoft.Build@17.11.4", "AutoMapper.Extensions.Microsoft.DependencyInjection@8.1.1",
				"System.Security.Principal.Windows@5.0.0", "Microsoft.Bcl.AsyncInterfaces@6.0.0", "System.Reflection.Emit@4.7.0",
				"System.Text.Json@8.0.5", "AutoMapper@10.1.1", "Microsoft.Extensions.Diagnostics.Abstractions@8.0.0",
				"Microsoft.CSharp@4.7.0", "Serilog.Extensions.Hosting@8.0.0", "PowerArgs@3.6.0",
				"Microsoft.Extensions.Hosting.Abstractions@8.0.0", "Serilog.Extensions.Logging@8.0.0"}},
		// tools-java's example of every profile: the SpdxDocument roots an
		// AI Bom without root elements and an Sbom whose root is the
		// system; the AI package and the dataset have no name.
		{"spdx-spec_spdx-full-example.json", []string{"org.spdx:tools-java@2.0.2"},
			[]string{"Apache Log4j 2@2.14.1", "@", "@"}},
		// Yocto's recipe document: a Build at the root, the source
		// package its input, the source files beside it not items.
		{"wr-sbom_shadow-recipe.spdx3.json", nil, []string{"shadow-4.14.2.tar.gz@"}},
		{"cdxgen-12.8.4_node-app_spdx-3.0.1.jsonld", []string{"device-dashboard@1.2.0"},
			[]string{"@types/ms@0.7.34", "chalk@4.1.2", "ansi-styles@4.3.0", "color-convert@2.0.1", "color-name@1.1.4",
				"supports-color@7.2.0", "has-flag@4.0.0", "debug@4.3.4", "ms@2.1.2", "ms@2.0.0", "semver@7.6.0",
				"lru-cache@6.0.0", "yallist@4.0.0", "is-number@7.0.0"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			systems, items := summary(decodeFile(t, filepath.Join("testdata/real", tc.file)))
			if diff := cmp.Diff(tc.systems, systems); diff != "" {
				t.Errorf("systems (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.items, items); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeVEX checks the VEX assessments of the SPDX Lite example: under
// investigation, amended by affected, amended by fixed — the last stands.
func TestDecodeVEX(t *testing.T) {
	d := decodeFile(t, "testdata/real/spdx-examples_lite_Lite-example-1-3-with-VEX.spdx.json")
	want := []soup.Anomaly{{ID: "CVE-1234-1234", Status: soup.StatusFixed, Justification: "if any", By: "Norio Kobota",
		Published: soup.NewDate(2024, 5, 6), Modified: soup.NewDate(2024, 5, 8)}}
	if diff := cmp.Diff(want, d.Systems[0].Item.Anomalies, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("anomalies (-want +got):\n%s", diff)
	}
	if d.Ignored["assessment amended by a later one"] != 2 {
		t.Errorf("amended assessments counted %d times, want 2", d.Ignored["assessment amended by a later one"])
	}
}

// TestExpandedEqualsCompacted reads one document in compacted JSON-LD (the
// SPDX specification's example) and in expanded JSON-LD (tools-golang's
// test data): full IRIs, value objects, no context.
func TestExpandedEqualsCompacted(t *testing.T) {
	c := decodeFile(t, "testdata/real/spdx-spec_package_sbom.json")
	e := decodeFile(t, "testdata/real/tools-golang_test.expanded.json")
	if len(c.Systems) != 1 || c.Systems[0].Item.Name != "my-package" {
		t.Fatalf("compacted: systems %+v", c.Systems)
	}
	if diff := cmp.Diff(c, e, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("expanded differs from compacted (-compacted +expanded):\n%s", diff)
	}
}

// TestJSONLDForms decodes the forms JSON-LD allows for one document.
func TestJSONLDForms(t *testing.T) {
	const ctx = `"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", `
	want := []Entry{{Ref: "urn:x:lib", Item: soup.Item{Name: "lib", Version: "1.0", Manufacturer: "ACME",
		PURL: "pkg:npm/lib@1.0", License: "MIT", Hashes: []soup.Hash{{Algorithm: "SHA-256", Value: "ab"}}}}}
	for _, tc := range []struct{ name, doc string }{
		{"compacted", `{` + ctx + `"@graph": [
			{"type": "SpdxDocument", "spdxId": "urn:x:doc", "rootElement": ["urn:x:app"]},
			{"type": "software_Package", "spdxId": "urn:x:app", "name": "app"},
			{"type": "software_Package", "spdxId": "urn:x:lib", "name": "lib", "software_packageVersion": "1.0",
			 "suppliedBy": "urn:x:acme", "software_packageUrl": "pkg:npm/lib@1.0",
			 "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "ab"}]},
			{"type": "Organization", "spdxId": "urn:x:acme", "name": "ACME"},
			{"type": "Relationship", "spdxId": "urn:x:r1", "from": "urn:x:app", "relationshipType": "dependsOn", "to": ["urn:x:lib"]},
			{"type": "Relationship", "spdxId": "urn:x:r2", "from": "urn:x:lib", "relationshipType": "hasConcludedLicense", "to": ["urn:x:mit"]},
			{"type": "simplelicensing_LicenseExpression", "spdxId": "urn:x:mit", "simplelicensing_licenseExpression": "MIT"}]}`},
		{"full IRIs, @id, @type, single values", `{` + ctx + `"@graph": [
			{"@type": "https://spdx.org/rdf/3.0.1/terms/Core/SpdxDocument", "@id": "urn:x:doc", "https://spdx.org/rdf/3.0.1/terms/Core/rootElement": "urn:x:app"},
			{"@type": "https://spdx.org/rdf/3.0.1/terms/Software/Package", "@id": "urn:x:app", "https://spdx.org/rdf/3.0.1/terms/Core/name": "app"},
			{"@type": "spdx:Software/Package", "@id": "urn:x:lib", "spdx:Core/name": {"@value": "lib"}, "spdx:Software/packageVersion": "1.0",
			 "spdx:Core/suppliedBy": {"@id": "urn:x:acme"}, "spdx:Software/packageUrl": "pkg:npm/lib@1.0",
			 "spdx:Core/verifiedUsing": {"@type": "spdx:Core/Hash", "spdx:Core/algorithm": "https://spdx.org/rdf/3.0.1/terms/Core/HashAlgorithm/sha256", "spdx:Core/hashValue": "ab"}},
			{"@type": "spdx:Core/Organization", "@id": "urn:x:acme", "spdx:Core/name": "ACME"},
			{"@type": "spdx:Core/Relationship", "@id": "urn:x:r1", "spdx:Core/from": "urn:x:app", "spdx:Core/relationshipType": "https://spdx.org/rdf/3.0.1/terms/Core/RelationshipType/dependsOn", "spdx:Core/to": "urn:x:lib"},
			{"@type": "spdx:Core/Relationship", "@id": "urn:x:r2", "spdx:Core/from": "urn:x:lib", "spdx:Core/relationshipType": "hasConcludedLicense", "spdx:Core/to": "urn:x:mit"},
			{"@type": "spdx:SimpleLicensing/LicenseExpression", "@id": "urn:x:mit", "spdx:SimpleLicensing/licenseExpression": "MIT"}]}`},
		{"inline elements, blank nodes, an element in two pieces", `{` + ctx + `"@graph": [
			{"type": "SpdxDocument", "spdxId": "urn:x:doc", "creationInfo": "_:ci", "rootElement": [
			  {"type": "software_Sbom", "spdxId": "_:sbom", "rootElement": [{"type": "software_Package", "spdxId": "urn:x:app", "name": "app"}]}]},
			{"type": "CreationInfo", "@id": "_:ci", "created": "2024-01-01T00:00:00Z"},
			{"type": "software_Package", "spdxId": "urn:x:lib", "name": "lib",
			 "suppliedBy": {"type": "Organization", "spdxId": "_:acme", "name": "ACME"}},
			{"spdxId": "urn:x:lib", "software_packageVersion": "1.0", "software_packageUrl": "pkg:npm/lib@1.0",
			 "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "ab"}]},
			{"type": "Relationship", "spdxId": "_:r1", "from": "urn:x:app", "relationshipType": "dependsOn", "to": ["urn:x:lib"]},
			{"type": "Relationship", "spdxId": "_:r2", "from": "urn:x:lib", "relationshipType": "hasConcludedLicense",
			 "to": [{"type": "expandedlicensing_ListedLicense", "spdxId": "https://spdx.org/licenses/MIT"}]}]}`},
		{"IDs compacted with the namespaceMap's and the context's prefixes", `{"@context": ["https://spdx.org/rdf/3.0.1/spdx-context.jsonld", {"y": "urn:x:"}], "@graph": [
			{"type": "SpdxDocument", "spdxId": "urn:x:doc", "namespaceMap": [{"type": "NamespaceMap", "prefix": "x", "namespace": "urn:x:"}], "rootElement": ["x:app"]},
			{"type": "software_Package", "spdxId": "urn:x:app", "name": "app"},
			{"type": "software_Package", "spdxId": "x:lib", "name": "lib", "software_packageVersion": "1.0",
			 "suppliedBy": "y:acme", "software_packageUrl": "pkg:npm/lib@1.0",
			 "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "ab"}]},
			{"type": "Organization", "spdxId": "urn:x:acme", "name": "ACME"},
			{"type": "Relationship", "spdxId": "x:r1", "from": "x:app", "relationshipType": "dependsOn", "to": ["urn:x:lib"]},
			{"type": "Relationship", "spdxId": "x:r2", "from": "y:lib", "relationshipType": "hasConcludedLicense", "to": ["x:mit"]},
			{"type": "simplelicensing_LicenseExpression", "spdxId": "urn:x:mit", "simplelicensing_licenseExpression": "MIT"}]}`},
		{"several documents and collections", `{` + ctx + `"@graph": [
			{"type": "SpdxDocument", "spdxId": "urn:x:doc1", "rootElement": ["urn:x:bom"]},
			{"type": "SpdxDocument", "spdxId": "urn:x:doc2", "rootElement": ["urn:x:bom"]},
			{"type": "Bom", "spdxId": "urn:x:bom", "rootElement": ["urn:x:sbom"]},
			{"type": "software_Sbom", "spdxId": "urn:x:sbom", "rootElement": ["urn:x:app"]},
			{"type": "software_Package", "spdxId": "urn:x:app", "name": "app"},
			{"type": "software_Package", "spdxId": "urn:x:lib", "name": "lib", "software_packageVersion": "1.0", "suppliedBy": "urn:x:acme",
			 "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:npm/lib@1.0"}],
			 "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "ab"}]},
			{"type": "Person", "spdxId": "urn:x:acme", "name": "ACME"},
			{"type": "Relationship", "spdxId": "urn:x:r1", "from": "urn:x:app", "relationshipType": "dependsOn", "to": ["urn:x:lib"]},
			{"type": "Relationship", "spdxId": "urn:x:r2", "from": "urn:x:lib", "relationshipType": "hasDeclaredLicense", "to": ["urn:x:set"]},
			{"type": "expandedlicensing_ConjunctiveLicenseSet", "spdxId": "urn:x:set", "expandedlicensing_member": [
			  "https://spdx.org/licenses/MIT", "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := DecodeDoc([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, d.Items, cmp.AllowUnexported(soup.Date{})); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if len(d.Systems) != 1 || d.Systems[0].Ref != "urn:x:app" {
				t.Errorf("systems %+v, want urn:x:app", d.Systems)
			}
			wantEdges := []Edge{{From: "urn:x:app", To: "urn:x:lib", Type: "dependsOn"}}
			if diff := cmp.Diff(wantEdges, d.Edges); diff != "" {
				t.Errorf("edges (-want +got):\n%s", diff)
			}
			if len(d.Warnings) > 0 {
				t.Errorf("warnings: %q", d.Warnings)
			}
		})
	}
}

// TestDecodeLicenses checks the expanded licensing classes.
func TestDecodeLicenses(t *testing.T) {
	doc := `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
		{"type": "software_Package", "spdxId": "urn:x:a", "name": "a"},
		{"type": "Relationship", "spdxId": "urn:x:r", "from": "urn:x:a", "relationshipType": "hasConcludedLicense", "to": ["urn:x:or"]},
		{"type": "expandedlicensing_DisjunctiveLicenseSet", "spdxId": "urn:x:or", "expandedlicensing_member": [
		  {"type": "expandedlicensing_OrLaterOperator", "spdxId": "_:ol", "expandedlicensing_subjectLicense": "https://spdx.org/licenses/GPL-2.0-only"},
		  {"type": "expandedlicensing_WithAdditionOperator", "spdxId": "_:w",
		   "expandedlicensing_subjectExtendableLicense": "https://spdx.org/licenses/Apache-2.0",
		   "expandedlicensing_subjectAddition": {"type": "expandedlicensing_ListedLicenseException", "spdxId": "https://spdx.org/licenses/LLVM-exception"}},
		  {"type": "expandedlicensing_ConjunctiveLicenseSet", "spdxId": "_:and", "expandedlicensing_member": [
		    "https://spdx.org/licenses/MIT", {"type": "expandedlicensing_CustomLicense", "spdxId": "urn:x:lic#LicenseRef-acme"}]}]},
		{"type": "software_Package", "spdxId": "urn:x:b", "name": "b"},
		{"type": "Relationship", "spdxId": "urn:x:r2", "from": "urn:x:b", "relationshipType": "hasConcludedLicense", "to": ["urn:x:none"]},
		{"type": "simplelicensing_LicenseExpression", "spdxId": "urn:x:none", "simplelicensing_licenseExpression": "NOASSERTION"},
		{"type": "Relationship", "spdxId": "urn:x:r3", "from": "urn:x:b", "relationshipType": "hasDeclaredLicense", "to": ["urn:x:paren"]},
		{"type": "simplelicensing_LicenseExpression", "spdxId": "urn:x:paren", "simplelicensing_licenseExpression": "(MIT OR (Apache-2.0))"}]}`
	d, err := DecodeDoc([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range d.Items {
		got = append(got, e.Item.License)
	}
	want := []string{"GPL-2.0-only+ OR Apache-2.0 WITH LLVM-exception OR (MIT AND LicenseRef-acme)", "MIT OR (Apache-2.0)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("licences (-want +got):\n%s", diff)
	}
}

// TestDecodeErrors checks what is not SPDX 3 JSON-LD.
func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		in       string
		notSPDX3 bool
	}{
		{`not json`, false},
		{`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []} trailing`, false},
		{`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": {}}`, false},
		{`{"spdxVersion": "SPDX-2.3"}`, true},
		{`{"@context": "https://schema.org", "@graph": []}`, true},
		{`[{"@type": "https://schema.org/Thing"}]`, true},
		{`"a string"`, true},
	} {
		_, err := DecodeDoc([]byte(tc.in))
		if err == nil {
			t.Errorf("%s: no error", tc.in)
			continue
		}
		if got := errors.Is(err, ErrNotSPDX3); got != tc.notSPDX3 {
			t.Errorf("%s: errors.Is(%v, ErrNotSPDX3) = %v, want %v", tc.in, err, got, tc.notSPDX3)
		}
	}
}

// TestSPDX2Spellings reads what Microsoft's sbom-tool writes in SPDX 3.0
// the SPDX 2 way, with a warning for each kind.
func TestSPDX2Spellings(t *testing.T) {
	doc := `{"@context": ["https://spdx.org/rdf/3.0.1/spdx-context.json"], "@graph": [
		{"type": "SpdxDocument", "spdxId": "urn:x:doc", "creationInfo": "_:ci", "name": "app 1.0"},
		{"type": "CreationInfo", "@id": "_:ci", "spdxId": "urn:x:ci", "created": "2025-06-14T00:37:36Z", "createdUsing": ["urn:x:tool"]},
		{"type": "Tool", "spdxId": "urn:x:tool", "name": "Tool: Microsoft.SBOMTool-4.0.3"},
		{"type": "Organization", "spdxId": "urn:x:ms", "name": "Organization: Microsoft"},
		{"type": "software_Package", "spdxId": "urn:x:app", "name": "app", "software_packageVersion": "1.0"},
		{"type": "software_File", "spdxId": "urn:x:exe", "name": "./app.exe"},
		{"type": "software_Package", "spdxId": "urn:x:lib", "name": "lib", "software_packageVersion": "2.0", "suppliedBy": "urn:x:ms",
		 "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "purl", "identifier": "pkg:nuget/lib@2.0"}]},
		{"type": "AnyLicenseInfo", "spdxId": "urn:x:mit", "name": "MIT"},
		{"type": "Relationship", "spdxId": "urn:x:r0", "from": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "to": ["urn:x:app"]},
		{"type": "Relationship", "spdxId": "urn:x:r1", "from": "urn:x:app", "relationshipType": "DEPENDS_ON", "to": ["urn:x:lib"]},
		{"type": "Relationship", "spdxId": "urn:x:r2", "from": "urn:x:lib", "relationshipType": "HAS_CONCLUDED_LICENSE", "to": ["urn:x:mit"]}]}`
	d, err := DecodeDoc([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	systems, _ := summary(d)
	if diff := cmp.Diff([]string{"app@1.0"}, systems); diff != "" {
		t.Errorf("systems (-want +got):\n%s", diff)
	}
	want := []Entry{{Ref: "urn:x:lib", Item: soup.Item{Name: "lib", Version: "2.0", Manufacturer: "Microsoft",
		PURL: "pkg:nuget/lib@2.0", License: "MIT"}}}
	if diff := cmp.Diff(want, d.Items, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Edge{{From: "urn:x:app", To: "urn:x:lib", Type: "dependsOn"}}, d.Edges); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	wantSource := soup.Source{Serial: "urn:x:doc", Timestamp: "2025-06-14T00:37:36Z", Tools: []string{"Microsoft.SBOMTool-4.0.3"}}
	if diff := cmp.Diff(wantSource, d.Source); diff != "" {
		t.Errorf("source (-want +got):\n%s", diff)
	}
	if d.Ignored["file (the document lists packages)"] != 1 {
		t.Errorf("ignored %v, want the file beside the package", d.Ignored)
	}
	var fields []string
	for _, w := range d.Warnings {
		fields = append(fields, w.Field)
	}
	wantFields := []string{"@id", "relationshipType", "from", "relationshipType", "relationshipType", "externalIdentifierType", "name"}
	if diff := cmp.Diff(wantFields, fields); diff != "" {
		t.Errorf("warnings %q: fields (-want +got):\n%s", d.Warnings, diff)
	}
}

// TestVEXOfAbsentVulnerability: an assessment whose vulnerability is in
// another document (Yocto names it by an alias ending in its ID) is read
// with that ID; one whose reference tells no ID is counted and ignored.
func TestVEXOfAbsentVulnerability(t *testing.T) {
	doc := `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
		{"type": "SpdxDocument", "spdxId": "urn:x:doc", "rootElement": ["urn:x:image"]},
		{"type": "software_Package", "spdxId": "urn:x:image", "name": "image"},
		{"type": "software_Package", "spdxId": "urn:x:kernel", "name": "kernel", "software_packageVersion": "6.12.22"},
		{"type": "Relationship", "spdxId": "urn:x:r", "from": "urn:x:image", "relationshipType": "contains", "to": ["urn:x:kernel"]},
		{"type": "security_VexNotAffectedVulnAssessmentRelationship", "spdxId": "urn:x:vex1",
		 "from": "http://spdxdocs.org/openembedded-alias/by-doc-hash/ab/linux-yocto/UNIHASH/vulnerability/CVE-2023-1234",
		 "to": ["urn:x:kernel"], "relationshipType": "doesNotAffect",
		 "security_justificationType": "vulnerableCodeNotPresent", "security_impactStatement": "not built"},
		{"type": "security_VexAffectedVulnAssessmentRelationship", "spdxId": "urn:x:vex2",
		 "from": "urn:uuid:7e2a4c55-0b1e-4f7e-9d1c-3f0f7c2b9a11", "to": ["urn:x:kernel"], "relationshipType": "affects"}]}`
	d, err := DecodeDoc([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []soup.Anomaly{{ID: "CVE-2023-1234", Status: soup.StatusNotAffected, Justification: "vulnerableCodeNotPresent: not built"}}
	if len(d.Items) != 1 {
		t.Fatalf("items %+v", d.Items)
	}
	if diff := cmp.Diff(want, d.Items[0].Item.Anomalies, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("anomalies (-want +got):\n%s", diff)
	}
	if n := d.Ignored["VEX assessment of a vulnerability not in the document"]; n != 1 {
		t.Errorf("%d assessments ignored, want 1", n)
	}
	if len(d.Warnings) != 2 {
		t.Errorf("warnings %q, want one per assessment", d.Warnings)
	}
}

// TestSpdxOrganization: the individual SpdxOrganization, which no document
// holds, is the supplier "SPDX"; an agent reference that names nothing
// gives none.
func TestSpdxOrganization(t *testing.T) {
	doc := `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
		{"type": "software_Package", "spdxId": "urn:x:a", "name": "tools-java", "supportLevel": ["limitedSupport"],
		 "suppliedBy": "https://spdx.org/rdf/3.0.1/terms/Core/SpdxOrganization"},
		{"type": "software_Package", "spdxId": "urn:x:b", "name": "b", "suppliedBy": "urn:x:absent"}]}`
	d, err := DecodeDoc([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range d.Items {
		got = append(got, e.Item.Name+": "+e.Item.Manufacturer+" "+e.Item.Support.Level.String())
	}
	if diff := cmp.Diff([]string{"tools-java: SPDX limited-support", "b:  "}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestCVSSVersions: of several CVSS assessments of one vulnerability, the
// newest CVSS version gives the vector, score and severity, whatever the
// document order.
func TestCVSSVersions(t *testing.T) {
	doc := `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
		{"type": "software_Package", "spdxId": "urn:x:lib", "name": "lib"},
		{"type": "security_Vulnerability", "spdxId": "urn:x:v",
		 "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "cve", "identifier": "CVE-2021-45105"}]},
		{"type": "security_CvssV2VulnAssessmentRelationship", "spdxId": "urn:x:c2", "from": "urn:x:v", "to": ["urn:x:lib"],
		 "relationshipType": "hasAssessmentFor", "security_vectorString": "(AV:N/AC:M/Au:N/C:P/I:N/A:N)", "security_score": "5.0"},
		{"type": "security_CvssV3VulnAssessmentRelationship", "spdxId": "urn:x:c3", "from": "urn:x:v", "to": ["urn:x:lib"],
		 "relationshipType": "hasAssessmentFor", "security_vectorString": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H",
		 "security_score": "5.9", "security_severity": "medium"}]}`
	d, err := DecodeDoc([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []soup.Anomaly{{ID: "CVE-2021-45105", Severity: "medium", CVSS: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", Score: 5.9}}
	if diff := cmp.Diff(want, d.Items[0].Item.Anomalies, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
