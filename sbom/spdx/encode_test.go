package spdx

import (
	"os"
	"testing"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// TestAdvisoryURL: anomalies reference their advisories in SPDX 2.3, and
// the reference gives back the anomaly's ID.
func TestAdvisoryURL(t *testing.T) {
	tests := []struct {
		a    soup.Anomaly
		want string
	}{
		{soup.Anomaly{ID: "CVE-2021-23336", Source: "NVD"}, "https://nvd.nist.gov/vuln/detail/CVE-2021-23336"},
		{soup.Anomaly{ID: "GHSA-m2qf-hxjv-5gpq", Source: "https://osv.dev"}, "https://github.com/advisories/GHSA-m2qf-hxjv-5gpq"},
		{soup.Anomaly{ID: "PYSEC-2021-1", Source: "https://osv.dev/vulnerability/PYSEC-2021-1"}, "https://osv.dev/vulnerability/PYSEC-2021-1"},
		{soup.Anomaly{ID: "DSA-4870", Source: "http://www.debian.org/security/2021/DSA-4870/"}, "http://www.debian.org/security/2021/DSA-4870/"},
		{soup.Anomaly{ID: "BUG-17", Source: "GitHub issues"}, ""},
		{soup.Anomaly{ID: "BUG-17", Source: "https://example.com/issues"}, ""},
		{soup.Anomaly{ID: "CVE-", Source: ""}, ""},
		{soup.Anomaly{ID: "CVE-2021 1", Source: ""}, ""},
		{soup.Anomaly{ID: "", Source: "https://example.com/"}, ""},
		{soup.Anomaly{ID: "X", Source: "javascript:alert(1)/X"}, ""},
	}
	for _, tt := range tests {
		got := advisoryURL(tt.a)
		if got != tt.want {
			t.Errorf("advisoryURL(%+v) = %q, want %q", tt.a, got, tt.want)
			continue
		}
		if got != "" {
			if back := advisoryAnomaly(got, ""); back.ID != tt.a.ID || back.Source != got {
				t.Errorf("advisoryAnomaly(%q) = %+v, want ID %q", got, back, tt.a.ID)
			}
		}
	}
}

// TestSPDXCreated: SPDX requires a creation time; without a document date
// it is the latest timestamp of the sources, and the epoch only when there
// is none, never the clock.
func TestSPDXCreated(t *testing.T) {
	tests := []struct {
		name string
		l    soup.List
		want string
	}{
		{"document date", soup.List{Document: soup.Document{Date: soup.NewDate(2026, 11, 2)},
			Sources: []soup.Source{{Timestamp: "2027-01-01T00:00:00Z"}}}, "2026-11-02T00:00:00Z"},
		{"latest source", soup.List{Sources: []soup.Source{{Timestamp: "2026-03-01T10:00:00+01:00"},
			{Timestamp: "2025-01-01T00:00:00Z"}, {Timestamp: "yesterday"}}}, "2026-03-01T09:00:00Z"},
		{"nothing", soup.List{Sources: []soup.Source{{Name: "x.json"}}}, "1970-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		sd, err := ToDocument(&tt.l)
		if err != nil {
			t.Fatal(err)
		}
		if got := sd.CreationInfo.Created; got != tt.want {
			t.Errorf("%s: created %q, want %q", tt.name, got, tt.want)
		}
		for _, a := range sd.Annotations {
			if a.AnnotationDate != tt.want {
				t.Errorf("%s: annotation date %q, want %q", tt.name, a.AnnotationDate, tt.want)
			}
		}
	}
}

// TestOwnShape: the document inMemory builds from a fully documented list
// is written by the hand-written writer (the tests of package sbom compare
// its bytes with tools-golang's).
func TestOwnShape(t *testing.T) {
	f, err := os.Open("../testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := soup.Read(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	sd := inMemory(form.SortedList(l), form.Format{Family: form.SPDX, Encoding: form.JSON, Version: "2.3"}, form.EncodeOptions{})
	if !ownShape(sd) {
		t.Error("the document is not of the shape writeJSON writes")
	}
}
