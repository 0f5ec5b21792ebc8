package sbom_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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

// TestNoItemLost: issue 11 class 1 on real documents (testdata/classes
// says where each comes from).
func TestNoItemLost(t *testing.T) {
	for _, tc := range []struct {
		file     string
		system   string
		items    []row
		ignored  []sbom.Count
		findings []string // list findings (rule) of a class A validation
	}{
		{file: "hbom-pcie-sata.cdx.json", system: "uk.ac.cam.cl/pcie-sata-adaptor-board",
			ignored: []sbom.Count{{What: "component of type device", N: 6}}, findings: []string{"no-items"}},
		{file: "cbom-algorithm.cdx.json", system: "my application",
			ignored: []sbom.Count{{What: "component of type cryptographic-asset", N: 2}}, findings: []string{"no-items"}},
		{file: "saasbom.cdx.json", system: "Acme Cloud Example",
			ignored: []sbom.Count{{What: "service", N: 6}}, findings: []string{"no-items"}},
		{file: "example7-third-party-modules.spdx.json", system: "hello-imports.spdx.json",
			items:   []row{{"golang.org/x/text", "", soup.Direct}, {"rsc.io/quote", "", soup.Direct}, {"rsc.io/sampler", "", soup.Direct}},
			ignored: []sbom.Count{{What: "package download location", N: 3}}},
		{file: "nested-subject.cdx.json", system: "pump-firmware",
			items: []row{
				// one purl without version, three packages: different digests, a different name
				{"bootloader", "", 0}, {"bootloader", "", 0}, {"kernel", "", 0},
				{"zlib", "1.3.1", soup.Transitive},
				// nested under metadata.component; updater kept without version or purl
				{"pump-ui", "2.4.0", soup.Direct}, {"updater", "", soup.Direct},
			}},
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
			if l.System.Name != tc.system {
				t.Errorf("system %q, want %q", l.System.Name, tc.system)
			}
			if diff := cmp.Diff(tc.items, rows(l)); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.ignored, rep.Ignored); diff != "" {
				t.Errorf("ignored (-want +got):\n%s", diff)
			}
			var got []string
			for _, f := range l.Validate(soup.Policy{Class: soup.ClassA}) {
				if f.Item == "" && f.Severity == soup.SeverityError {
					got = append(got, f.Rule)
				}
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
