package anomaly

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/soupkit/soupkit/soup"
)

// synthEcosystems are the ecosystems of the synthetic database, with a
// purl prefix and a version maker.
var synthEcosystems = []struct {
	eco, purl string
	ver       func(major, minor, patch int) string
}{
	{"PyPI", "pkg:pypi/", func(a, b, c int) string { return fmt.Sprintf("%d.%d.%d", a, b, c) }},
	{"npm", "pkg:npm/", func(a, b, c int) string { return fmt.Sprintf("%d.%d.%d", a, b, c) }},
	{"Maven", "pkg:maven/org.example/", func(a, b, c int) string { return fmt.Sprintf("%d.%d.%d.Final", a, b, c) }},
	{"Go", "pkg:golang/example.com/", func(a, b, c int) string { return fmt.Sprintf("%d.%d.%d", a, b, c) }},
	{"Debian:12", "pkg:deb/debian/", func(a, b, c int) string { return fmt.Sprintf("%d.%d-%d+deb12u1", a, b, c) }},
}

// synthRecords makes n OSV records over n/10 packages (ten per package,
// in disjoint ranges), the way a real database spreads over packages.
func synthRecords(n int) []*Vuln {
	vs := make([]*Vuln, n)
	mod := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range vs {
		pkg := i / 10
		e := synthEcosystems[pkg%len(synthEcosystems)]
		name := fmt.Sprintf("pkg%d", pkg)
		if e.eco == "Maven" {
			name = "org.example:" + name
		}
		if e.eco == "Go" {
			name = "example.com/" + name
		}
		k := i % 10
		v := &Vuln{
			ID: fmt.Sprintf("SYN-%07d", i), Modified: mod, Published: mod,
			Aliases:  []string{fmt.Sprintf("CVE-2026-%d", 100000+i)},
			Summary:  "Synthetic record",
			Severity: []Severity{{Type: "CVSS_V3", Score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}},
			Affected: []Affected{{
				Package: Package{Ecosystem: e.eco, Name: name},
				Ranges: []Range{{Type: "ECOSYSTEM", Events: []Event{
					{Introduced: e.ver(k, 0, 0)}, {Fixed: e.ver(k, 5, 1)},
					{Introduced: e.ver(k, 7, 0)}, {LastAffected: e.ver(k, 9, 3)},
				}}},
			}},
		}
		v.Raw, _ = json.Marshal(v)
		vs[i] = v
	}
	return vs
}

// synthList makes n items, one per package, at versions inside and
// outside the records' ranges.
func synthList(n int) *soup.List {
	l := &soup.List{}
	for i := range n {
		e := synthEcosystems[i%len(synthEcosystems)]
		name := fmt.Sprintf("pkg%d", i)
		ver := e.ver(i%10, i%11, 2)
		purl := e.purl + name + "@" + ver
		if e.eco == "Debian:12" {
			purl += "?distro=debian-12"
		}
		l.Items = append(l.Items, soup.Item{ID: soup.FormatID(i + 1), Name: name, Version: ver, PURL: purl})
	}
	return l
}

func synthDB(vs []*Vuln) *OSVDatabase {
	db := &OSVDatabase{name: "osv:synthetic", byKey: map[key][]*Vuln{}, byID: map[string]*Vuln{}}
	for _, v := range vs {
		db.add(v)
	}
	db.index()
	return db
}

// BenchmarkEvaluate matches 10,000 items against a 100,000-record
// database.
func BenchmarkEvaluate(b *testing.B) {
	db := synthDB(synthRecords(100_000))
	l := synthList(10_000)
	b.ResetTimer()
	var matches int
	for b.Loop() {
		res, err := Evaluate(context.Background(), l, []Source{db}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Warnings) > 0 {
			b.Fatal(res.Warnings[0])
		}
		matches = len(res.Matches)
	}
	b.ReportMetric(float64(matches), "matches")
}

// BenchmarkOpenOSV reads a 100,000-record zip.
func BenchmarkOpenOSV(b *testing.B) {
	path := filepath.Join(b.TempDir(), "all.zip")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, v := range synthRecords(100_000) {
		w, err := zw.Create(v.ID + ".json")
		if err != nil {
			b.Fatal(err)
		}
		w.Write(v.Raw)
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	for b.Loop() {
		db, err := OpenOSV(context.Background(), nil, path)
		if err != nil {
			b.Fatal(err)
		}
		if db.Len() != 100_000 {
			b.Fatal(db.Len())
		}
	}
}

// TestSynthetic checks the benchmark's data: an item inside a range
// matches, one outside does not.
func TestSynthetic(t *testing.T) {
	db := synthDB(synthRecords(200))
	l := synthList(20)
	res, err := Evaluate(context.Background(), l, []Source{db}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range res.Matches {
		got[m.Item]++
	}
	// Item i has version (i%10).(i%11).2 against records k = 0..9 with
	// [k.0.0, k.5.1) and [k.7.0, k.9.3]: it is affected by record k = i%10
	// when its minor i%11 is below 5, or 7 to 9.
	for i := range 20 {
		minor := i % 11
		want := 0
		if minor <= 4 || (minor >= 7 && minor <= 9) {
			want = 1
		}
		if id := soup.FormatID(i + 1); got[id] != want {
			t.Errorf("%s (%s): %d matches, want %d", id, l.Items[i].PURL, got[id], want)
		}
	}
	if len(res.Warnings) > 0 {
		t.Error(res.Warnings)
	}
}
