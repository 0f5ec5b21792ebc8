package form

import (
	"strings"

	packageurl "github.com/package-url/packageurl-go"
)

// Prefix starts the name of every property (CycloneDX) and annotation
// comment (SPDX) that soupkit writes.
const Prefix = "soupkit:"

// HashName spells a hash algorithm the CycloneDX way ("SHA-256"), the
// spelling items carry whatever format they come from, and reports
// whether it is an algorithm the formats know; an unknown one is
// returned as it is.
func HashName(s string) (string, bool) {
	if n, ok := hashNames[NormHash(s)]; ok {
		return n, true
	}
	return s, false
}

// NormHash folds a hash algorithm's name: "sha-256", "SHA_256" → "SHA256".
func NormHash(s string) string {
	return strings.ToUpper(hashFolder.Replace(s))
}

var hashFolder = strings.NewReplacer("-", "", "_", "", " ", "")

// hashNames maps normalised algorithm names to CycloneDX's.
var hashNames = map[string]string{
	"MD5": "MD5", "SHA1": "SHA-1", "SHA256": "SHA-256", "SHA384": "SHA-384", "SHA512": "SHA-512",
	"SHA3256": "SHA3-256", "SHA3384": "SHA3-384", "SHA3512": "SHA3-512",
	"BLAKE2B256": "BLAKE2b-256", "BLAKE2B384": "BLAKE2b-384", "BLAKE2B512": "BLAKE2b-512", "BLAKE3": "BLAKE3",
}

// MavenNamespace returns the group of a Maven purl whose name is name,
// for an item named group:artifact.
func MavenNamespace(purl, name string) (string, bool) {
	if !strings.HasPrefix(purl, "pkg:maven/") {
		return "", false
	}
	p, err := packageurl.FromString(purl)
	if err != nil || p.Namespace == "" || p.Name != name {
		return "", false
	}
	return p.Namespace, true
}
