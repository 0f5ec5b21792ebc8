package soup

import (
	"testing"

	_ "github.com/soupkit/soupkit/internal/golden"
)

// purlSeeds are package URLs as generators write them, and malformed or
// unusual ones that the fast path must leave to packageurl-go.
var purlSeeds = []string{
	"pkg:npm/%40babel/core@7.24.0",
	"pkg:npm/lodash@4.17.21",
	"pkg:npm/%40types/node@20.1.0?vcs_url=git%2Bhttps://x",
	"pkg:golang/github.com/google/uuid@v1.6.0",
	"pkg:golang/github.com/BurntSushi/toml@v1.3.2",
	"pkg:golang/github.com/x/y@v1?type=module&goos=linux",
	"pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12",
	"pkg:deb/debian/libc6@2.36?arch=amd64&ARCH=arm64",
	"pkg:deb/debian/libc6@2.36?arch=amd64&arch=",
	"pkg:maven/org.apache.commons/commons-lang3@3.14.0?type=jar",
	"pkg:maven/org.apache/Commons@1",
	"pkg:pypi/Flask@3.0.0",
	"pkg:pypi/typing_extensions@4.0",
	"pkg:pypi/flask@3.0.0?a=b",
	"pkg:pypi/ns/flask@3.0.0",
	"pkg:pypi/zope.interface@5",
	"pkg:gem/rails@7.1.0",
	"pkg:cargo/serde@1.0.0",
	"pkg:nuget/Newtonsoft.Json@13.0.1",
	"pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25",
	"pkg:github/package-url/purl-spec@244fd47e07d1004",
	"pkg:npm/foo@1.0#lib/x",
	"pkg:npm/%40babel%2Fcore@7",
	"pkg:npm/%2fcore@7",
	"pkg:npm/%41bc@7",
	"pkg:npm/%zz@7",
	"pkg:npm/foo@%zz",
	"pkg:npm/foo@1%20",
	"pkg:npm//foo@1",
	"pkg:npm/foo/@1",
	"pkg:npm/@1",
	"pkg:npm/@scope/x@1",
	"pkg:maven/@x@1",
	"pkg:NPM/foo@1",
	"PKG:npm/foo@1",
	"pkg:/npm/foo@1",
	"pkg:npm/foo@1?a;b=c",
	"pkg:npm/foo@1?1a=b",
	"pkg:npm/foo@1?=b",
	"pkg:npm/foo@1?&&a=b&&",
	"pkg:npm/foo@1?a=%41",
	"pkg:npm/foo bar@1",
	"pkg:npm/foo@",
	"pkg:npm",
	"pkg:",
	"pkg:julia/Foo@1?uuid=x",
	"pkg:cpan/Foo/Bar@1",
	"pkg:swift/foo@1",
	"pkg:mlflow/Model@1?repository_url=https://databricks",
	"pkg:chrome-extension/abcdefghijklmnopabcdefghijklmnop@1.0",
	"pkg:huggingface/org/Model@ABC",
	"pkg:bitnami/Redis@7",
	"",
	"   ",
	"not a purl",
}

// TestCanonicalPURLKey checks that the purls generators write take the
// fast path, and that the others are left to packageurl-go.
func TestCanonicalPURLKey(t *testing.T) {
	tests := []struct {
		purl string
		want Key // "" when the fast path must decline
	}{
		{"pkg:npm/%40babel/core@7.24.0", "pkg:npm/%40babel/core"},
		{"pkg:npm/lodash@4.17.21", "pkg:npm/lodash"},
		{"pkg:golang/github.com/google/uuid@v1.6.0", "pkg:golang/github.com/google/uuid"},
		{"pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12", "pkg:deb/debian/libc6"},
		{"pkg:maven/org.apache.commons/commons-lang3@3.14.0?type=jar", "pkg:maven/org.apache.commons/commons-lang3"},
		{"pkg:nuget/Newtonsoft.Json@13.0.1", "pkg:nuget/Newtonsoft.Json"},
		{"pkg:cargo/serde", "pkg:cargo/serde"},
		{"pkg:golang/github.com/BurntSushi/toml@v1.3.2", ""}, // lowercased
		{"pkg:pypi/flask@3.0.0", "pkg:pypi/flask"},
		{"pkg:pypi/Flask@3.0.0", ""},         // lowercased
		{"pkg:pypi/zope.interface@5", ""},    // PEP 503 folding
		{"pkg:pypi/typing_extensions@4", ""}, // PEP 503 folding
		{"pkg:npm/%40babel%2Fcore@7", ""},    // encoded slash
		{"pkg:npm/%41bc@7", ""},              // encoded letter
		{"pkg:npm/foo@1%20", ""},             // encoded version
		{"pkg:npm/foo@1#lib", ""},            // subpath
		{"pkg:deb/debian/libc6@2.36?arch=amd64&ARCH=arm64", ""},
		{"pkg:npm//foo@1", ""},
		{"pkg:julia/Foo@1?uuid=x", ""},
	}
	for _, tt := range tests {
		got, ok := canonicalPURLKey(tt.purl)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("canonicalPURLKey(%q) = %q, %v; want %q", tt.purl, got, ok, tt.want)
		}
	}
}

// FuzzPURLKey checks that the fast path agrees with packageurl-go wherever
// it answers.
func FuzzPURLKey(f *testing.F) {
	for _, s := range purlSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := canonicalPURLKey(s)
		slow, err := parsePURLKey(s)
		if ok && (err != nil || fast != slow) {
			t.Fatalf("canonicalPURLKey(%q) = %q; packageurl-go: %q, %v", s, fast, slow, err)
		}
		got, gerr := PURLKey(s)
		if got != slow || (gerr == nil) != (err == nil) {
			t.Fatalf("PURLKey(%q) = %q, %v; packageurl-go: %q, %v", s, got, gerr, slow, err)
		}
	})
}
