package sbom_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// row is what a test compares of an item: name, version and dependency.
type row struct {
	Name, Version string
	Dependency    soup.Dependency
}

func rows(l *soup.List) []row {
	var out []row
	for _, it := range l.Items {
		out = append(out, row{it.Name, it.Version, it.Dependency})
	}
	return out
}

// entries are the counts of a report's ignored kinds that are whole
// components, services or packages (not fields or properties).
func entries(rep *sbom.Report) []sbom.Count {
	var out []sbom.Count
	for _, c := range rep.Ignored {
		if c.What == "service" || strings.HasPrefix(c.What, "component of type ") || strings.HasPrefix(c.What, "application component ") ||
			strings.HasPrefix(c.What, "application package ") || strings.HasPrefix(c.What, "package of purpose ") {
			out = append(out, c)
		}
	}
	return out
}

// TestNoItemLost: issue 11 class 1 on real documents (the READMEs of
// testdata/classes and testdata/real say where each comes from).
func TestNoItemLost(t *testing.T) {
	for _, tc := range []struct {
		file     string
		system   string
		items    []row
		ignored  []sbom.Count // whole entries reported as ignored (entries)
		findings []string     // list findings (rule) of a class A validation
		// itemErrors are, for the items named, the rules of their errors in
		// a class A validation.
		itemErrors map[string][]string
	}{
		{file: "classes/hbom-pcie-sata.cdx.json", system: "uk.ac.cam.cl/pcie-sata-adaptor-board",
			ignored: []sbom.Count{{What: "component of type device", N: 6}}, findings: []string{"no-items"}},
		{file: "classes/cbom-algorithm.cdx.json", system: "my application",
			ignored: []sbom.Count{{What: "component of type cryptographic-asset", N: 2}}, findings: []string{"no-items"}},
		{file: "classes/saasbom.cdx.json", system: "Acme Cloud Example",
			ignored: []sbom.Count{{What: "service", N: 6}}, findings: []string{"no-items"}},
		// Each component type of CycloneDX 1.7 once (the specification's
		// fixture): software is kept, device, data and file are reported.
		{file: "classes/valid-component-types-1.7.cdx.json",
			items: []row{{"application-a", "1.0", 0}, {"container-a", "1.0", 0}, {"firmware-a", "1.0", 0},
				{"framework-a", "1.0", 0}, {"library-a", "1.0", 0}, {"operating-system-a", "1.0", 0}},
			ignored: []sbom.Count{{What: "component of type data", N: 1}, {What: "component of type device", N: 1}, {What: "component of type file", N: 1}}},
		// An application with neither version nor purl (the CycloneDX
		// specification's fixture, written by hand): an item, with the
		// findings of what it lacks.
		{file: "classes/valid-external-reference-properties-1.7.cdx.json",
			items:      []row{{"dummy", "", 0}},
			itemErrors: map[string][]string{"dummy": {"manufacturer-missing", "version-missing"}}},
		{file: "classes/example7-third-party-modules.spdx.json", system: "hello-imports.spdx.json",
			items: []row{{"golang.org/x/text", "", soup.Direct}, {"rsc.io/quote", "", soup.Direct}, {"rsc.io/sampler", "", soup.Direct}},
		},
		{file: "classes/nested-subject.cdx.json", system: "pump-firmware",
			items: []row{
				// one purl without version, three packages: different digests, a different name
				{"bootloader", "", 0}, {"bootloader", "", 0}, {"kernel", "", 0},
				{"zlib", "1.3.1", soup.Transitive},
				// nested under metadata.component; updater kept without version or purl
				{"pump-ui", "2.4.0", soup.Direct}, {"updater", "", soup.Direct},
			},
			itemErrors: map[string][]string{"updater": {"manufacturer-missing", "version-missing"}}},
		// cdxgen on a folder holding three projects: the first (node-app) is
		// metadata.component, the other two are nested under it, and are
		// items: python-backend as "monorepo" version "latest" (a version
		// placeholder), go-service without version (kept, with its finding).
		{file: "real/cdxgen-12.8.4_monorepo_cdx-1.6.json", system: "device-dashboard",
			items: []row{
				{"example.com/device/go-service", "", soup.Direct},
				{"github.com/google/uuid", "v1.6.0", soup.Transitive}, {"github.com/pkg/errors", "v0.9.1", soup.Transitive},
				{"golang.org/x/text", "v0.21.0", soup.Transitive}, {"gopkg.in/yaml.v3", "v3.0.1", soup.Transitive},
				{"@types/ms", "0.7.34", soup.Direct}, {"ansi-styles", "4.3.0", soup.Transitive}, {"chalk", "4.1.2", soup.Direct},
				{"color-convert", "2.0.1", soup.Transitive}, {"color-name", "1.1.4", soup.Transitive}, {"debug", "4.3.4", soup.Direct},
				{"has-flag", "4.0.0", soup.Transitive}, {"is-number", "7.0.0", soup.Direct}, {"lru-cache", "6.0.0", soup.Transitive},
				{"ms", "2.0.0", soup.Direct}, {"ms", "2.1.2", soup.Transitive}, {"semver", "7.6.0", soup.Direct},
				{"supports-color", "7.2.0", soup.Transitive}, {"yallist", "4.0.0", soup.Transitive},
				{"certifi", "2020.4.5.1", 0}, {"chardet", "3.0.4", 0}, {"click", "7.1.2", 0}, {"Flask", "1.1.2", 0},
				{"gunicorn", "20.0.4", 0}, {"idna", "2.9", 0}, {"itsdangerous", "1.1.0", 0}, {"Jinja2", "2.11.2", 0},
				{"MarkupSafe", "1.1.1", 0}, {"monorepo", "latest", soup.Direct}, {"requests", "2.23.0", 0},
				{"setuptools", "46.1.3", 0}, {"urllib3", "1.25.9", 0}, {"Werkzeug", "1.0.1", 0},
			},
			itemErrors: map[string][]string{
				"example.com/device/go-service": {"manufacturer-missing", "version-missing"},
				"monorepo":                      {"manufacturer-missing", "version-not-unique"},
			}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			l, _, rep, err := new(sbom.Decoder).DecodeBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			if l.System.Name != tc.system {
				t.Errorf("system %q, want %q", l.System.Name, tc.system)
			}
			if diff := cmp.Diff(tc.items, rows(l)); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.ignored, entries(rep)); diff != "" {
				t.Errorf("ignored (-want +got):\n%s", diff)
			}
			var got []string
			itemErrs := map[string][]string{}
			for _, f := range l.Validate(soup.Policy{Class: soup.ClassA}) {
				if f.Item == "" && f.Severity == soup.SeverityError {
					got = append(got, f.Rule)
				}
				if it := l.Item(f.Item); it != nil && f.Severity == soup.SeverityError && tc.itemErrors[it.Name] != nil {
					itemErrs[it.Name] = append(itemErrs[it.Name], f.Rule)
				}
			}
			if diff := cmp.Diff(tc.itemErrors, itemErrs, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("item errors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.findings, got); diff != "" {
				t.Errorf("list errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDebianVersionsAreDesignators: issue 11 class 5 — on a Debian image's
// SBOM (the real ones in testdata/real), Debian versions with a tilde or
// an epoch are unique designators: class A finds no version range.
func TestDebianVersionsAreDesignators(t *testing.T) {
	files, _ := filepath.Glob("testdata/real/*debian-rootfs*")
	if len(files) < 5 {
		t.Fatalf("only %d Debian SBOMs", len(files))
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		l, _, err := sbom.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		tilde := 0
		for _, it := range l.Items {
			if strings.ContainsAny(it.Version, "~:") {
				tilde++
			}
		}
		if tilde < 2 {
			t.Errorf("%s: %d versions with ~ or an epoch, want the image's (libssl3, zlib1g…)", file, tilde)
		}
		for _, f := range l.Validate(soup.Policy{Class: soup.ClassA}) {
			if f.Rule == "version-not-unique" {
				t.Errorf("%s: %v", file, f)
			}
		}
	}
}

// TestVersionlessPurlNotMerged: issue 11 class 1 — entries whose purls
// lack a version are merged only when truly the same package. syft on a
// real npm project (testdata/classes/README.md) finds two copies of
// Closure Compiler's compiler.jar, of two releases, that share the purl
// pkg:maven/com.google.javascript.jscomp.CommandLineRunner/compiler without
// version (syft writes the version UNKNOWN): different SHA-1 digests, two
// items. The shaded libraries found in both jars at one version (args4j
// 2.33, gson 2.9.1, listenablefuture) are one package each: merged.
func TestVersionlessPurlNotMerged(t *testing.T) {
	const key = "pkg:maven/com.google.javascript.jscomp.CommandLineRunner/compiler"
	compiler := func(sha1 string) soup.Item {
		return soup.Item{Name: "com.google.javascript.jscomp.CommandLineRunner:compiler", Version: "UNKNOWN",
			PURL: key, Hashes: []soup.Hash{{Algorithm: "SHA-1", Value: sha1}}}
	}
	newer := compiler("846069ff3268ca17d62539cf60e602c17283bf1a") // google-closure-compiler-java 20261015.0.0
	older := compiler("09bf9575d06b647c5d4ccc3d7e8257150c8093ca") // 20240317.0.0, nested under google-closure-compiler
	for _, tc := range []struct {
		file   string
		items  int
		merged int
		want   []soup.Item // the items of key, name, version, purl and hashes only
	}{
		{file: "syft-1.57.0_closure-build_spdx-2.3.json", items: 48, merged: 3, want: []soup.Item{newer, older}},
		// syft writes a jar's digests in CycloneDX as an external reference
		// of type build-meta without URL, in SPDX as the package's checksums.
		{file: "syft-1.57.0_closure-build_cdx-1.6.json", items: 48, merged: 3, want: []soup.Item{newer, older}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/classes/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			l, _, rep, err := new(sbom.Decoder).DecodeBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			var got []soup.Item
			for _, it := range l.Items {
				if it.Key() == key {
					got = append(got, soup.Item{Name: it.Name, Version: it.Version, PURL: it.PURL, Hashes: it.Hashes})
				}
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty(), cmp.AllowUnexported(soup.Date{})); diff != "" {
				t.Errorf("items of %s (-want +got):\n%s", key, diff)
			}
			if len(l.Items) != tc.items || rep.Merged != tc.merged {
				t.Errorf("%d items, %d merged; want %d, %d", len(l.Items), rep.Merged, tc.items, tc.merged)
			}
		})
	}
}
