package anomaly

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readVuln(t testing.TB, path string) *Vuln {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "osv", path))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := DecodeOSV(f, 0)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAffects checks each real record against versions whose answer was
// worked out by reading the record's ranges by hand (see testdata/README.md).
func TestAffects(t *testing.T) {
	tests := []struct {
		record, purl string
		want         bool
	}{
		// Flask: [0, 2.2.5) and [2.3.0, 2.3.2).
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/flask@1.1.2", true},
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/flask@0.1", true},
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/flask@2.2.4", true},
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/flask@2.2.5", false},
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/flask@2.2.10", false}, // 2.2.10 > 2.2.5 numerically
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/flask@2.3.0rc1", false},
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/flask@2.3.1", true},
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/flask@2.3.2", false},
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/flask@3.0.0", false},
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:pypi/Flask@1.1.2", true}, // PEP 503 name
		{"github-reviewed/GHSA-m2qf-hxjv-5gpq.json", "pkg:npm/flask@1.1.2", false},
		// PYSEC: the same ranges in one ECOSYSTEM range, a GIT range and a versions list.
		{"pypa/PYSEC-2023-62.json", "pkg:pypi/flask@1.1.2", true},
		{"pypa/PYSEC-2023-62.json", "pkg:pypi/flask@2.0.0rc1", true},
		{"pypa/PYSEC-2023-62.json", "pkg:pypi/flask@2.2.5", false},
		{"pypa/PYSEC-2023-62.json", "pkg:pypi/flask@2.3.1", true},
		{"pypa/PYSEC-2023-62.json", "pkg:pypi/flask@2.3.2", false},
		// requests: [2.3.0, 2.31.0).
		{"github-reviewed/GHSA-j8r2-6x86-q33q.json", "pkg:pypi/requests@2.23.0", true},
		{"github-reviewed/GHSA-j8r2-6x86-q33q.json", "pkg:pypi/requests@2.2.1", false},
		{"github-reviewed/GHSA-j8r2-6x86-q33q.json", "pkg:pypi/requests@2.3.0", true},
		{"github-reviewed/GHSA-j8r2-6x86-q33q.json", "pkg:pypi/requests@2.30.0", true},
		{"github-reviewed/GHSA-j8r2-6x86-q33q.json", "pkg:pypi/requests@2.31.0", false},
		// requests: [0, 2.32.2).
		{"github-reviewed/GHSA-9wx4-h78v-vm56.json", "pkg:pypi/requests@2.23.0", true},
		{"github-reviewed/GHSA-9wx4-h78v-vm56.json", "pkg:pypi/requests@2.32.1", true},
		{"github-reviewed/GHSA-9wx4-h78v-vm56.json", "pkg:pypi/requests@2.32.2", false},
		// requests: [0, 2.20.0): not 2.23.0.
		{"github-reviewed/GHSA-x84v-xcm2-53pg.json", "pkg:pypi/requests@2.19.1", true},
		{"github-reviewed/GHSA-x84v-xcm2-53pg.json", "pkg:pypi/requests@2.20.0", false},
		{"github-reviewed/GHSA-x84v-xcm2-53pg.json", "pkg:pypi/requests@2.23.0", false},
		// ecdsa: [0, 0.18.0] — last_affected is included.
		{"github-reviewed/GHSA-wj6h-64fc-37mp.json", "pkg:pypi/ecdsa@0.18.0", true},
		{"github-reviewed/GHSA-wj6h-64fc-37mp.json", "pkg:pypi/ecdsa@0.18.0b1", true},
		{"github-reviewed/GHSA-wj6h-64fc-37mp.json", "pkg:pypi/ecdsa@0.17.0", true},
		{"github-reviewed/GHSA-wj6h-64fc-37mp.json", "pkg:pypi/ecdsa@0.18.1", false},
		{"github-reviewed/GHSA-wj6h-64fc-37mp.json", "pkg:pypi/ecdsa@0.19.0", false},
		// lodash and lodash-es: [0, 4.17.21).
		{"github-reviewed/GHSA-35jh-r3h4-6jhm.json", "pkg:npm/lodash@4.17.20", true},
		{"github-reviewed/GHSA-35jh-r3h4-6jhm.json", "pkg:npm/lodash@4.17.21", false},
		{"github-reviewed/GHSA-35jh-r3h4-6jhm.json", "pkg:npm/lodash-es@4.17.15", true},
		{"github-reviewed/GHSA-35jh-r3h4-6jhm.json", "pkg:npm/lodash@5.0.0-pre", false},
		// log4j-core: [2.13.0, 2.15.0), [0, 2.3.1), [2.4, 2.12.2) in Maven order.
		{"github-reviewed/GHSA-jfh8-c2jp-5v3q.json", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", true},
		{"github-reviewed/GHSA-jfh8-c2jp-5v3q.json", "pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0", false},
		{"github-reviewed/GHSA-jfh8-c2jp-5v3q.json", "pkg:maven/org.apache.logging.log4j/log4j-core@2.12.1", true},
		{"github-reviewed/GHSA-jfh8-c2jp-5v3q.json", "pkg:maven/org.apache.logging.log4j/log4j-core@2.12.2", false},
		{"github-reviewed/GHSA-jfh8-c2jp-5v3q.json", "pkg:maven/org.apache.logging.log4j/log4j-core@2.3", true},
		{"github-reviewed/GHSA-jfh8-c2jp-5v3q.json", "pkg:maven/org.apache.logging.log4j/log4j-core@2.3.1", false},
		{"github-reviewed/GHSA-jfh8-c2jp-5v3q.json", "pkg:maven/org.apache.logging.log4j/log4j-core@2.0-beta9", true},
		{"github-reviewed/GHSA-jfh8-c2jp-5v3q.json", "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", false},
		{"github-reviewed/GHSA-jfh8-c2jp-5v3q.json", "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1", false},
		// netty-handler: withdrawn, so nothing, though 4.1.50.Final is in [4.1.0.Final, 4.1.99.Final].
		{"withdrawn/GHSA-57m8-f3v5-hm5m.json", "pkg:maven/io.netty/netty-handler@4.1.50.Final", false},
		// golang.org/x/text: SEMVER [0, 0.3.8); purl versions carry a "v".
		{"golang/GO-2022-1059.json", "pkg:golang/golang.org/x/text@v0.3.7", true},
		{"golang/GO-2022-1059.json", "pkg:golang/golang.org/x/text@v0.3.8", false},
		{"golang/GO-2022-1059.json", "pkg:golang/golang.org/x/text@v0.14.0", false},
		{"golang/GO-2022-1059.json", "pkg:golang/golang.org/x/text@v0.0.0-20210927183734-4f0a6bc0c8bd", true},
		// nginx in Debian 7: [0, 1.2.1-2.2+wheezy3) in Debian order.
		{"debian/DSA-3029-1.json", "pkg:deb/debian/nginx@1.2.1-2.2%2Bwheezy2?distro=debian-7", true},
		{"debian/DSA-3029-1.json", "pkg:deb/debian/nginx@1.2.1-2.2?distro=wheezy", true},
		{"debian/DSA-3029-1.json", "pkg:deb/debian/nginx@1.2.1-2.2%2Bwheezy3?distro=debian-7", false},
		{"debian/DSA-3029-1.json", "pkg:deb/debian/nginx@1.2.1-2.2%2Bwheezy2?distro=debian-8", false},
		{"debian/DSA-3029-1.json", "pkg:deb/debian/nginx-full@1.2.1-2.2%2Bwheezy2?distro=debian-7&upstream=nginx", true},
		{"debian/DSA-3029-1.json", "pkg:deb/debian/nginx@1.2.1-2.2%2Bwheezy2", true}, // no release: every release's records apply
	}
	for _, tt := range tests {
		t.Run(tt.record+" "+tt.purl, func(t *testing.T) {
			v := readVuln(t, tt.record)
			target, err := TargetOf(tt.purl)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Affects(v, target)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Affects(%s, %s) = %v, want %v", v.ID, tt.purl, got, tt.want)
			}
		})
	}
}

func TestTargetOf(t *testing.T) {
	tests := []struct {
		purl string
		want Target
		err  error
	}{
		{"pkg:pypi/flask@1.1.2", Target{Ecosystem: "PyPI", Name: "flask", Version: "1.1.2"}, nil},
		{"pkg:npm/%40babel/core@7.0.0", Target{Ecosystem: "npm", Name: "@babel/core", Version: "7.0.0"}, nil},
		{"pkg:golang/golang.org/x/text@v0.3.7", Target{Ecosystem: "Go", Name: "golang.org/x/text", Version: "0.3.7"}, nil},
		{"pkg:maven/io.netty/netty-handler@4.1.50.Final", Target{Ecosystem: "Maven", Name: "io.netty:netty-handler", Version: "4.1.50.Final"}, nil},
		{"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12.5&upstream=openssl", Target{Ecosystem: "Debian", Release: "12", Name: "openssl", Version: "3.0.11-1~deb12u2"}, nil},
		{"pkg:deb/debian/login@4.13%2Bdfsg1-1%2Bb1?distro=debian-12.5&epoch=1", Target{Ecosystem: "Debian", Release: "12", Name: "login", Version: "1:4.13+dfsg1-1+b1"}, nil},
		{"pkg:apk/alpine/libssl3@3.0.8-r0?distro=alpine-3.17.2&upstream=openssl", Target{Ecosystem: "Alpine", Release: "v3.17", Name: "openssl", Version: "3.0.8-r0"}, nil},
		{"pkg:composer/laravel/framework@10.0.0", Target{Ecosystem: "Packagist", Name: "laravel/framework", Version: "10.0.0"}, nil},
		{"pkg:cargo/serde@1.0.0", Target{Ecosystem: "crates.io", Name: "serde", Version: "1.0.0"}, nil},
		{"pkg:generic/openssl@3.0.0", Target{}, ErrUnsupported},
		{"pkg:deb/raspbian/nginx@1.0", Target{}, ErrUnsupported},
	}
	for _, tt := range tests {
		got, err := TargetOf(tt.purl)
		if !errors.Is(err, tt.err) {
			t.Errorf("TargetOf(%q) error = %v, want %v", tt.purl, err, tt.err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("TargetOf(%q) (-want +got):\n%s", tt.purl, diff)
		}
	}
	if _, err := TargetOf("pkg:pypi/flask"); err == nil {
		t.Error("TargetOf without version: no error")
	}
}

func TestCVSS3Score(t *testing.T) {
	tests := []struct {
		vector string
		want   float64
	}{
		// Scores published with the vectors (NVD, GitHub).
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5},  // CVE-2023-30861
		{"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N", 6.1},  // CVE-2023-32681
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0}, // CVE-2021-44228
		{"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2},  // CVE-2021-23337
		{"CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:N", 5.6},  // CVE-2024-35195
		{"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0},
	}
	for _, tt := range tests {
		got, err := CVSS3Score(tt.vector)
		if err != nil || got != tt.want {
			t.Errorf("CVSS3Score(%q) = %v, %v; want %v", tt.vector, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "CVSS:4.0/AV:N", "CVSS:3.1/AV:N/AC:L", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"} {
		if _, err := CVSS3Score(bad); err == nil {
			t.Errorf("CVSS3Score(%q): no error", bad)
		}
	}
}
