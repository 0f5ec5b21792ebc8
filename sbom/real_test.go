package sbom_test

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// The SBOMs in testdata/real were made by real generators (syft, trivy,
// cdxgen, cyclonedx-gomod, cyclonedx-npm) on the projects in
// ../testdata/projects; testdata/real/README.md says how. Their names follow
// <tool>-<version>_<project>_<cdx|spdx>-<specversion>.<json|xml|spdx|jsonld>
// (SPDX 3 is spdx-3.x, JSON-LD).

// realName is what the name of a file in testdata/real says about it.
type realName struct {
	scan   string // <tool>-<version>_<project>: one generator run on one project
	tool   string
	proj   string
	format sbom.Format
}

func parseRealName(name string) (realName, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	parts := strings.Split(base, "_")
	if len(parts) != 3 {
		return realName{}, fmt.Errorf("%s: want <tool>-<version>_<project>_<cdx|spdx>-<specversion>.<ext>", name)
	}
	fam, version, _ := strings.Cut(parts[2], "-")
	f := sbom.Format{Version: version}
	switch fam {
	case "cdx":
		f.Family = sbom.CycloneDX
	case "spdx":
		f.Family = sbom.SPDX
		if strings.HasPrefix(version, "3.") {
			f.Family = sbom.SPDX3
		}
	default:
		return realName{}, fmt.Errorf("%s: unknown format family %q (want cdx or spdx)", name, fam)
	}
	switch ext {
	case ".json", ".jsonld":
		f.Encoding = sbom.JSON
	case ".xml":
		f.Encoding = sbom.XML
	case ".spdx":
		f.Encoding = sbom.TagValue
	case ".yaml":
		f.Encoding = sbom.YAML
	default:
		return realName{}, fmt.Errorf("%s: unknown extension %q", name, ext)
	}
	return realName{scan: parts[0] + "_" + parts[1], tool: parts[0], proj: parts[1], format: f}, nil
}

// ident identifies an item for comparing decoded SBOMs: name, version and
// the key of its package URL (parsed, not compared as a string).
type ident struct {
	Name, Version string
	Key           soup.Key
}

func (id ident) String() string {
	if id.Key == "" {
		return fmt.Sprintf("%s %s (no purl)", id.Name, id.Version)
	}
	return fmt.Sprintf("%s %s (%s)", id.Name, id.Version, id.Key)
}

func identOf(it *soup.Item) (ident, error) {
	k, err := soup.PURLKey(it.PURL)
	return ident{Name: it.Name, Version: it.Version, Key: k}, err
}

// want is an item every SBOM of a project must hold, by package URL key and
// version: the truth about what the project in testdata/projects contains.
type want struct{ purl, version string }

// projectItems are, per project, items every generator found in it (each
// tool adds its own extras: the project itself, dev dependencies, the OS).
var projectItems = map[string][]want{
	"python-backend": pythonBackendItems,
	// venv/lib/python3.10/site-packages/*.dist-info
	"python-backend-v2": {
		{"pkg:pypi/flask", "2.0.3"}, {"pkg:pypi/werkzeug", "2.0.3"}, {"pkg:pypi/jinja2", "3.0.3"},
		{"pkg:pypi/itsdangerous", "2.0.1"}, {"pkg:pypi/click", "8.0.4"}, {"pkg:pypi/markupsafe", "2.0.1"},
		{"pkg:pypi/requests", "2.28.1"}, {"pkg:pypi/urllib3", "1.26.12"}, {"pkg:pypi/certifi", "2022.9.24"},
		{"pkg:pypi/idna", "3.4"}, {"pkg:pypi/charset-normalizer", "2.1.1"}, {"pkg:pypi/gunicorn", "20.0.4"},
		{"pkg:pypi/setuptools", "46.1.3"},
	},
	"node-app": nodeAppItems,
	// pom.xml (not junit, scope test: trivy leaves it out)
	"java-app": {
		{"pkg:maven/com.google.guava/guava", "31.1-jre"}, {"pkg:maven/org.apache.commons/commons-lang3", "3.12.0"},
		{"pkg:maven/com.fasterxml.jackson.core/jackson-databind", "2.15.2"},
	},
	// a folder holding node-app, python-backend and go-service (cdxgen nests
	// the second and third project under the first, metadata.component)
	"monorepo": append(append(slices.Clone(nodeAppItems), pythonBackendItems...), goServiceItems...),
	// go.mod
	"go-service":     goServiceItems,
	"go-service-std": goServiceItems,
	"go-service-bin": goServiceItems,
	// var/lib/dpkg/status
	"debian-rootfs": {
		{"pkg:deb/debian/base-files", "12.4+deb12u11"}, {"pkg:deb/debian/bash", "5.2.15-2+b8"},
		{"pkg:deb/debian/ca-certificates", "20230311+deb12u1"}, {"pkg:deb/debian/debconf", "1.5.82"},
		{"pkg:deb/debian/gcc-12-base", "12.2.0-14+deb12u1"}, {"pkg:deb/debian/libbz2-1.0", "1.0.8-5+b1"},
		{"pkg:deb/debian/libc6", "2.36-9+deb12u14"}, {"pkg:deb/debian/libgcc-s1", "12.2.0-14+deb12u1"},
		{"pkg:deb/debian/liblzma5", "5.4.1-1"}, {"pkg:deb/debian/libssl3", "3.0.19-1~deb12u2"},
		{"pkg:deb/debian/libzstd1", "1.5.4+dfsg2-5"}, {"pkg:deb/debian/openssl", "3.0.19-1~deb12u2"},
		{"pkg:deb/debian/tzdata", "2025b-0+deb12u2"}, {"pkg:deb/debian/zlib1g", "1:1.2.13.dfsg-1"},
	},
}

// venv/lib/python3.8/site-packages/*.dist-info
var pythonBackendItems = []want{
	{"pkg:pypi/flask", "1.1.2"}, {"pkg:pypi/werkzeug", "1.0.1"}, {"pkg:pypi/jinja2", "2.11.2"},
	{"pkg:pypi/itsdangerous", "1.1.0"}, {"pkg:pypi/click", "7.1.2"}, {"pkg:pypi/markupsafe", "1.1.1"},
	{"pkg:pypi/requests", "2.23.0"}, {"pkg:pypi/urllib3", "1.25.9"}, {"pkg:pypi/certifi", "2020.4.5.1"},
	{"pkg:pypi/idna", "2.9"}, {"pkg:pypi/chardet", "3.0.4"}, {"pkg:pypi/gunicorn", "20.0.4"},
	{"pkg:pypi/setuptools", "46.1.3"},
}

// package-lock.json: the production dependencies, ms in two versions
var nodeAppItems = []want{
	{"pkg:npm/%40types/ms", "0.7.34"}, {"pkg:npm/chalk", "4.1.2"}, {"pkg:npm/ansi-styles", "4.3.0"},
	{"pkg:npm/supports-color", "7.2.0"}, {"pkg:npm/has-flag", "4.0.0"}, {"pkg:npm/color-convert", "2.0.1"},
	{"pkg:npm/color-name", "1.1.4"}, {"pkg:npm/debug", "4.3.4"}, {"pkg:npm/ms", "2.1.2"},
	{"pkg:npm/ms", "2.0.0"}, {"pkg:npm/semver", "7.6.0"}, {"pkg:npm/lru-cache", "6.0.0"},
	{"pkg:npm/yallist", "4.0.0"},
}

var goServiceItems = []want{
	{"pkg:golang/github.com/google/uuid", "v1.6.0"}, {"pkg:golang/github.com/pkg/errors", "v0.9.1"},
	{"pkg:golang/golang.org/x/text", "v0.21.0"}, {"pkg:golang/gopkg.in/yaml.v3", "v3.0.1"},
}

// scanEdges are, per scan, dependency edges (parent purl@version requires
// child purl@version) the generator records, as the projects' metadata
// states them (Requires-Dist, package-lock.json, dpkg Depends).
var scanEdges = map[string][][2]string{
	"syft-1.57.0_python-backend": {
		{"pkg:pypi/flask@1.1.2", "pkg:pypi/werkzeug@1.0.1"},
		{"pkg:pypi/jinja2@2.11.2", "pkg:pypi/markupsafe@1.1.1"},
		{"pkg:pypi/requests@2.23.0", "pkg:pypi/chardet@3.0.4"},
		{"pkg:pypi/gunicorn@20.0.4", "pkg:pypi/setuptools@46.1.3"},
	},
	"syft-1.57.0_python-backend-v2": {
		{"pkg:pypi/requests@2.28.1", "pkg:pypi/charset-normalizer@2.1.1"},
	},
	"cyclonedx-npm-6.0.1_node-app": {
		{"pkg:npm/debug@4.3.4", "pkg:npm/ms@2.1.2"},
		{"pkg:npm/chalk@4.1.2", "pkg:npm/supports-color@7.2.0"},
	},
	"syft-1.57.0_debian-rootfs": {
		{"pkg:deb/debian/libc6@2.36-9%2Bdeb12u14", "pkg:deb/debian/libgcc-s1@12.2.0-14%2Bdeb12u1"},
	},
}

// onlyIn lists items a generator itself writes in one format family of a
// scan and not in the other: the only differences allowed between the
// files of that scan. Each entry cites the raw files.
var onlyIn = map[string]struct {
	family sbom.Family
	items  []ident
}{
	// syft writes the distribution read from etc/os-release as a CycloneDX
	// component {"bom-ref":"os:debian@12.11","type":"operating-system",
	// "name":"debian","version":"12.11"} (syft-1.57.0_debian-rootfs_cdx-*), but
	// no SPDX package for it: syft-1.57.0_debian-rootfs_spdx-2.3.json and
	// .spdx hold the 14 dpkg packages and the DocumentRoot directory only,
	// the distribution appears there just as the purls' distro qualifier.
	"syft-1.57.0_debian-rootfs": {sbom.CycloneDX, []ident{{Name: "debian", Version: "12.11"}}},
}

// itemExceptions are, per scan, items that break the rules of checkItems
// through no fault of the decoder (versionless: the generator writes them
// without a version) or through a known bug of package sbom (bug, and the
// names of the items it affects).
var itemExceptions = map[string]struct {
	versionless, bugItems []string
	bug                   string
}{
	"cdxgen-12.8.4_monorepo": {
		// cdxgen-12.8.4_monorepo_cdx-1.6.json nests the go-service project
		// under metadata.component as {"name":"example.com/device/go-service",
		// "version":"","purl":"pkg:golang/example.com/device/go-service",
		// "type":"application"} (cdxgen gives a Go main module no version).
		versionless: []string{"example.com/device/go-service"},
	},
	"trivy-0.74.0_go-service": {
		// trivy-0.74.0_go-service_cdx-1.7.json lists the main module as
		// {"bom-ref":"pkg:golang/example.com/device/go-service","type":"library",
		// "name":"example.com/device/go-service","purl":"pkg:golang/example.com/device/go-service"}
		// with no version; the SPDX files give its package no versionInfo.
		versionless: []string{"example.com/device/go-service"},
	},
}

// decoderBugs are known bugs of package sbom that make the files of a scan
// disagree, by the name of the comparison (same-scan/<scan> or
// same-encoding/<scan>). The comparison still runs: it is skipped, naming
// the bug, while it fails, and fails once it passes, so that the entry is
// removed with the fix.
var decoderBugs = map[string]string{}

// judge reports the problems of the comparison called name, unless
// decoderBugs blames them on a known bug.
func judge(t *testing.T, name string, problems []string) {
	t.Helper()
	bug, known := decoderBugs[name]
	switch {
	case known && len(problems) > 0:
		t.Skipf("known sbom bug: %s:\n%s", bug, strings.Join(problems, "\n"))
	case known:
		t.Errorf("the files agree: remove the fixed bug %q from decoderBugs", bug)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// decodedReal is one decoded file of testdata/real.
type decodedReal struct {
	file string
	name realName
	list *soup.List
}

func TestRealSBOMs(t *testing.T) {
	paths, err := filepath.Glob("testdata/real/*")
	if err != nil {
		t.Fatal(err)
	}
	var all []decodedReal
	for _, p := range paths {
		file := filepath.Base(p)
		if file == "README.md" {
			continue
		}
		t.Run(file, func(t *testing.T) {
			name, err := parseRealName(file)
			if err != nil {
				t.Fatal(err)
			}
			l := decodeRealFile(t, p, name.format)
			known := checkItems(t, l, name.scan)
			checkProject(t, l, name.proj)
			checkEdges(t, l, name.scan)
			all = append(all, decodedReal{file, name, l})
			bug := itemExceptions[name.scan].bug
			switch {
			case len(known) > 0:
				t.Skipf("known sbom bug: %s:\n%s", bug, strings.Join(known, "\n"))
			case bug != "":
				t.Errorf("no problem left for the bug %q: remove it from itemExceptions", bug)
			}
		})
	}
	// Each format the issue names must stay covered, so that deleting files
	// cannot make this test pass vacuously.
	covered := map[sbom.Format]bool{}
	for _, d := range all {
		covered[d.name.format] = true
	}
	for _, f := range []string{
		"cyclonedx-json@1.4", "cyclonedx-json@1.5", "cyclonedx-json@1.6", "cyclonedx-json@1.7",
		"cyclonedx-xml@1.4", "cyclonedx-xml@1.5", "cyclonedx-xml@1.6", "cyclonedx-xml@1.7",
		"spdx-json@2.2", "spdx-json@2.3", "spdx-tagvalue@2.2", "spdx-tagvalue@2.3", "spdx3-json@3.0.1",
	} {
		if format, err := sbom.ParseFormat(f); err != nil {
			t.Errorf("ParseFormat(%q): %v", f, err)
		} else if !covered[format] {
			t.Errorf("no real SBOM in %s decoded", f)
		}
	}

	scans := map[string][]decodedReal{}
	for _, d := range all {
		scans[d.name.scan] = append(scans[d.name.scan], d)
	}
	for _, scan := range slices.Sorted(maps.Keys(scans)) {
		if files := scans[scan]; len(files) > 1 {
			t.Run("same-scan/"+scan, func(t *testing.T) {
				judge(t, "same-scan/"+scan, compareScan(t, scan, files))
			})
			t.Run("same-encoding/"+scan, func(t *testing.T) {
				judge(t, "same-encoding/"+scan, compareEncodings(files))
			})
		}
	}
}

// decodeRealFile decodes the file at path with sbom.Decode and checks that
// the format it detects is the one the file name states.
func decodeRealFile(t *testing.T, path string, want sbom.Format) *soup.List {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, got, err := sbom.Decode(f)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if got != want {
		t.Errorf("Decode detected %v, the file name says %v", got, want)
	}
	if len(l.Items) == 0 {
		t.Fatal("Decode returned no items")
	}
	return l
}

// checkItems checks what holds for any SBOM: every item is named and
// versioned, has a valid purl if any, is no file, is not the document's
// subject, and appears once. It returns the problems that itemExceptions
// blames on a known bug of package sbom instead of reporting them.
func checkItems(t *testing.T, l *soup.List, scan string) (known []string) {
	t.Helper()
	ex := itemExceptions[scan]
	problem := func(it *soup.Item, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if slices.Contains(ex.bugItems, it.Name) {
			known = append(known, msg)
			return
		}
		t.Error(msg)
	}
	seen := map[ident]bool{}
	for i := range l.Items {
		it := &l.Items[i]
		id, err := identOf(it)
		if err != nil {
			problem(it, "item %d %q: %v", i, it.Name, err)
		}
		switch {
		case strings.TrimSpace(it.Name) == "":
			problem(it, "item %d has no name: %+v", i, *it)
		case strings.TrimSpace(it.Version) == "" && !slices.Contains(ex.versionless, it.Name):
			problem(it, "item %d %q has no version", i, it.Name)
		case strings.HasPrefix(it.Name, "/"):
			problem(it, "item %d %q is a file entry, not a SOUP item", i, it.Name)
		case it.Name == l.System.Name && it.Version == l.System.Version:
			problem(it, "item %d %q %q is the document's subject (List.System)", i, it.Name, it.Version)
		}
		if seen[id] {
			problem(it, "item %v appears twice (items of the same key and version merge)", id)
		}
		seen[id] = true
		for _, req := range it.RequiredBy {
			if l.Item(req) == nil {
				problem(it, "item %v: RequiredBy %q names no item", id, req)
			}
		}
	}
	return known
}

// checkProject checks that l holds the items every generator finds in proj.
func checkProject(t *testing.T, l *soup.List, proj string) {
	t.Helper()
	have := map[[2]string]bool{}
	for _, it := range l.Items {
		k, _ := soup.PURLKey(it.PURL)
		have[[2]string{string(k), it.Version}] = true
	}
	for _, w := range projectItems[proj] {
		k, err := soup.PURLKey(w.purl)
		if err != nil {
			t.Fatal(err)
		}
		if !have[[2]string{string(k), w.version}] {
			t.Errorf("no item %s version %s (the project %s contains it)", k, w.version, proj)
		}
	}
}

// checkEdges checks that l records the dependency edges of scanEdges.
func checkEdges(t *testing.T, l *soup.List, scan string) {
	t.Helper()
	find := func(purl string) *soup.Item {
		k, err := soup.PURLKey(purl)
		if err != nil {
			t.Fatal(err)
		}
		_, version, _ := strings.Cut(purl, "@")
		version, err = url.PathUnescape(version)
		if err != nil {
			t.Fatal(err)
		}
		for i := range l.Items {
			if l.Items[i].Key() == k && l.Items[i].Version == version {
				return &l.Items[i]
			}
		}
		t.Errorf("no item %s", purl)
		return nil
	}
	for _, e := range scanEdges[scan] {
		parent, child := find(e[0]), find(e[1])
		if parent == nil || child == nil {
			continue
		}
		if parent.ID == "" || !slices.Contains(child.RequiredBy, parent.ID) {
			t.Errorf("%s %s: RequiredBy %q lacks %s %s (ID %q)", child.Name, child.Version, child.RequiredBy, parent.Name, parent.Version, parent.ID)
		}
	}
}

// compareScan returns how the files of one scan (one generator run on one
// project, in several formats) differ in items and dependency edges, but for
// the documented onlyIn exceptions.
func compareScan(t *testing.T, scan string, files []decodedReal) []string {
	slices.SortFunc(files, func(a, b decodedReal) int { return strings.Compare(a.file, b.file) })
	ref := files[0]
	refItems, refEdges := scanContent(t, scan, ref)
	var diffs []string
	for _, d := range files[1:] {
		items, edges := scanContent(t, scan, d)
		if diff := setDiff(ref.file, refItems, d.file, items); diff != "" {
			diffs = append(diffs, "items differ:\n"+diff)
		}
		if diff := setDiff(ref.file, refEdges, d.file, edges); diff != "" {
			diffs = append(diffs, "dependency edges (required-by -> item) differ:\n"+diff)
		}
	}
	return diffs
}

// compareEncodings returns how the files of one scan in the same family and
// specification version but different encodings (JSON and XML, JSON and
// tag-value) differ, field by field, once decoded.
func compareEncodings(files []decodedReal) []string {
	var diffs []string
	for i, a := range files {
		for _, b := range files[i+1:] {
			fa, fb := a.name.format, b.name.format
			if fa.Family != fb.Family || fa.Version != fb.Version || fa.Encoding == fb.Encoding {
				continue
			}
			if diff := cmp.Diff(a.list, b.list, cmp.AllowUnexported(soup.Date{}), cmpopts.IgnoreFields(soup.List{}, "Sources")); diff != "" {
				diffs = append(diffs, fmt.Sprintf("%s and %s decode differently (-%s +%s):\n%s",
					a.file, b.file, a.name.format, b.name.format, diff))
			}
		}
	}
	return diffs
}

// scanContent returns the items of d and its dependency edges, without the
// items onlyIn allows in d's format family.
func scanContent(t *testing.T, scan string, d decodedReal) (items, edges map[string]bool) {
	t.Helper()
	skip := map[string]bool{}
	if ex, ok := onlyIn[scan]; ok && ex.family == d.name.format.Family {
		for _, id := range ex.items {
			skip[id.String()] = true
		}
	}
	items, edges = map[string]bool{}, map[string]bool{}
	for i := range d.list.Items {
		it := &d.list.Items[i]
		id, _ := identOf(it)
		if skip[id.String()] {
			continue
		}
		items[id.String()] = true
		for _, req := range it.RequiredBy {
			if p := d.list.Item(req); p != nil {
				pid, _ := identOf(p)
				edges[pid.String()+" -> "+id.String()] = true
			}
		}
	}
	return items, edges
}

// setDiff describes how sets a and b differ, one element a line, or
// returns "" when they are equal.
func setDiff(aName string, a map[string]bool, bName string, b map[string]bool) string {
	var lines []string
	for k := range a {
		if !b[k] {
			lines = append(lines, fmt.Sprintf("  only in %s: %s", aName, k))
		}
	}
	for k := range b {
		if !a[k] {
			lines = append(lines, fmt.Sprintf("  only in %s: %s", bName, k))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestRealPythonBackendUpgrade checks the upgrade between the two scans of
// the bundled example that the sync tests of the soup command rely on:
// versions bumped, chardet removed, charset-normalizer added.
func TestRealPythonBackendUpgrade(t *testing.T) {
	type change struct{ From, To string }
	want := map[soup.Key]change{
		"pkg:pypi/flask":              {"1.1.2", "2.0.3"},
		"pkg:pypi/werkzeug":           {"1.0.1", "2.0.3"},
		"pkg:pypi/jinja2":             {"2.11.2", "3.0.3"},
		"pkg:pypi/itsdangerous":       {"1.1.0", "2.0.1"},
		"pkg:pypi/click":              {"7.1.2", "8.0.4"},
		"pkg:pypi/markupsafe":         {"1.1.1", "2.0.1"},
		"pkg:pypi/requests":           {"2.23.0", "2.28.1"},
		"pkg:pypi/urllib3":            {"1.25.9", "1.26.12"},
		"pkg:pypi/certifi":            {"2020.4.5.1", "2022.9.24"},
		"pkg:pypi/idna":               {"2.9", "3.4"},
		"pkg:pypi/chardet":            {"3.0.4", ""},
		"pkg:pypi/charset-normalizer": {"", "2.1.1"},
		"pkg:pypi/gunicorn":           {"20.0.4", "20.0.4"},
		"pkg:pypi/setuptools":         {"46.1.3", "46.1.3"},
	}
	for _, format := range []string{"cdx-1.6.json", "spdx-2.3.json"} {
		t.Run(format, func(t *testing.T) {
			got := map[soup.Key]change{}
			for i, proj := range []string{"python-backend", "python-backend-v2"} {
				file := "syft-1.57.0_" + proj + "_" + format
				name, err := parseRealName(file)
				if err != nil {
					t.Fatal(err)
				}
				l := decodeRealFile(t, filepath.Join("testdata/real", file), name.format)
				for _, it := range l.Items {
					c := got[it.Key()]
					if i == 0 {
						c.From = it.Version
					} else {
						c.To = it.Version
					}
					got[it.Key()] = c
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("upgrade python-backend -> python-backend-v2 (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRealDependencyKind checks direct and transitive against what the
// projects declare: app.py imports flask and requests and runs under
// gunicorn; every other package of python-backend is there only because
// one of these requires it (Requires-Dist). A file may leave an item's
// kind unknown, when the generator records no root, but must not state a
// wrong one.
func TestRealDependencyKind(t *testing.T) {
	direct := []string{"pkg:pypi/flask", "pkg:pypi/requests", "pkg:pypi/gunicorn"}
	transitive := []string{
		"pkg:pypi/werkzeug", "pkg:pypi/jinja2", "pkg:pypi/markupsafe", "pkg:pypi/itsdangerous",
		"pkg:pypi/click", "pkg:pypi/urllib3", "pkg:pypi/certifi", "pkg:pypi/idna", "pkg:pypi/chardet",
		"pkg:pypi/setuptools",
	}
	// Known sbom bugs, by file (none left): skipped, naming the bug, while
	// they make the check fail; an error once it passes.
	bugs := map[string]string{}
	// Scans whose generator itself states wrong kinds, with the raw evidence.
	generatorSays := map[string]string{
		// trivy-0.74.0_python-backend_cdx-1.7.json: the root's dependency
		// entry dependsOn all 13 packages and every package's dependsOn is
		// empty (the SPDX files: the Filesystem package CONTAINS all 13, no
		// other relationship): trivy reads no Requires-Dist from dist-info.
		"trivy-0.74.0_python-backend": "trivy makes every installed Python package a dependency of the root",
	}
	paths, err := filepath.Glob("testdata/real/*_python-backend_*")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		file := filepath.Base(p)
		t.Run(file, func(t *testing.T) {
			name, err := parseRealName(file)
			if err != nil {
				t.Fatal(err)
			}
			if why, ok := generatorSays[name.scan]; ok {
				t.Skipf("the file states wrong kinds: %s", why)
			}
			l := decodeRealFile(t, p, name.format)
			kind := map[soup.Key]soup.Dependency{}
			for i := range l.Items {
				kind[l.Items[i].Key()] = l.Items[i].Dependency
			}
			var wrong []string
			for _, want := range []struct {
				purls []string
				not   soup.Dependency
			}{{direct, soup.Transitive}, {transitive, soup.Direct}} {
				for _, purl := range want.purls {
					k, err := soup.PURLKey(purl)
					if err != nil {
						t.Fatal(err)
					}
					if kind[k] == want.not {
						wrong = append(wrong, fmt.Sprintf("%s is %v", k, want.not))
					}
				}
			}
			bug, known := bugs[file]
			switch {
			case known && len(wrong) > 0:
				t.Skipf("known sbom bug: %s: %s", bug, strings.Join(wrong, ", "))
			case known:
				t.Errorf("the dependency kinds are right: remove the fixed bug %q", bug)
			}
			for _, w := range wrong {
				t.Error(w)
			}
		})
	}
}
