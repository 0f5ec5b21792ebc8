package anomaly

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// FuzzDecodeOSV feeds arbitrary records to the decoder and, for those it
// accepts, matches every affected package at an arbitrary version: nothing
// may panic, and an accepted record survives re-encoding.
func FuzzDecodeOSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "osv", "*", "*.json"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "1.1.2")
	}
	f.Add([]byte(`{"id":"X","affected":[{"package":{"ecosystem":"Debian:12","name":"a"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"limit":"*"}]}]}]}`), "1:2.0-1")
	f.Add([]byte(`{"id":"X","affected":[{"package":{"ecosystem":"Maven","name":"a:b"},"versions":["1.0"],"ranges":[{"type":"SEMVER","events":[{"introduced":"1.0.0-rc.1"},{"last_affected":"2"}]}]}]}`), "1.0.0")
	f.Fuzz(func(t *testing.T, data []byte, version string) {
		v, err := DecodeOSV(bytes.NewReader(data), 1<<20)
		if err != nil {
			return
		}
		for _, a := range v.Affected {
			base, rel := splitEcosystem(a.Package.Ecosystem)
			tg := Target{Ecosystem: base, Release: rel, Name: a.Package.Name, Version: version}
			Affects(v, tg)
			fixedVersions(v, tg)
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("re-encoding %q: %v", data, err)
		}
		w, err := DecodeOSV(bytes.NewReader(again), 0)
		if err != nil {
			t.Fatalf("decoding the re-encoded record %s: %v", again, err)
		}
		if w.ID != v.ID || len(w.Affected) != len(v.Affected) || !w.Modified.Equal(v.Modified) {
			t.Fatalf("round trip changed the record: %s", again)
		}
	})
}

// FuzzReadKEV: the KEV decoder never panics, and what it accepts can be
// looked up by every ID it holds.
func FuzzReadKEV(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "kev.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"vulnerabilities": [{"cveID": "cve-1"}, {"cveID": "CVE-1"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ReadKEV(bytes.NewReader(data), 1<<20)
		if err != nil {
			return
		}
		for id := range k.entries {
			if _, ok := k.Lookup(id); !ok {
				t.Fatalf("entry %q cannot be looked up", id)
			}
		}
	})
}

// FuzzReadLifecycle: the endoflife.date decoder never panics, and the
// products it accepts can be matched to any version.
func FuzzReadLifecycle(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "endoflife-django.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data, "4.2.1")
	f.Add([]byte(`{"result": [{"name": "x", "identifiers": [{"type": "purl", "id": "pkg:npm/x"}], "releases": [{"name": "", "eolFrom": "bad"}]}]}`), "")
	f.Fuzz(func(t *testing.T, data []byte, version string) {
		l, err := ReadLifecycle(bytes.NewReader(data), 1<<20)
		if err != nil {
			return
		}
		for _, p := range l.products {
			if r := p.release(version); r != nil {
				r.support(time.Time{})
			}
		}
	})
}

// FuzzSafeID: safeID accepts what the regular expression it replaces
// matches.
func FuzzSafeID(f *testing.F) {
	re := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$`)
	for _, s := range []string{"", "GHSA-xxxx-yyyy-zzzz", "CVE-2024-1", "-a", "a/b", "a\n", strings.Repeat("a", 128), strings.Repeat("a", 129), "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := safeID(s), re.MatchString(s); got != want {
			t.Fatalf("safeID(%q) = %v, want %v", s, got, want)
		}
	})
}
