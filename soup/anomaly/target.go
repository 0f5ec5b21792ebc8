package anomaly

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/package-url/packageurl-go"
)

// Target is a SOUP item's identity as the published anomaly lists know it:
// the OSV ecosystem, the package name in that ecosystem and the version.
type Target struct {
	// Ecosystem is OSV's ecosystem without a release, such as "PyPI" or
	// "Debian".
	Ecosystem string `json:"ecosystem"`
	// Release is the distribution release for the Linux ecosystems ("12"
	// for Debian 12, "v3.19" for Alpine), empty when the item does not say;
	// records of every release then apply.
	Release string `json:"release,omitempty"`
	// Name is the package name as OSV writes it ("flask",
	// "org.apache.logging.log4j:log4j-core", "@babel/core").
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ErrUnsupported is returned (wrapped) by [TargetOf] for a package URL
// whose type no published anomaly list in OSV covers.
var ErrUnsupported = fmt.Errorf("anomaly: package type not covered by OSV")

// TargetOf returns the target of a package URL with a version. The
// version is taken from the purl; Go versions lose their leading "v", as
// OSV writes them. Debian and other distribution packages take the source
// package from the "upstream" qualifier when present, and the release from
// the "distro" qualifier.
func TargetOf(purl string) (Target, error) {
	p, err := packageurl.FromString(purl)
	if err != nil {
		return Target{}, fmt.Errorf("anomaly: %w", err)
	}
	if p.Version == "" {
		return Target{}, fmt.Errorf("anomaly: %s: no version", purl)
	}
	t := Target{Name: p.Name, Version: p.Version}
	join := func(sep string) {
		if p.Namespace != "" {
			t.Name = p.Namespace + sep + p.Name
		}
	}
	q := p.Qualifiers.Map()
	switch p.Type {
	case "pypi":
		t.Ecosystem = "PyPI"
	case "npm":
		t.Ecosystem = "npm"
		join("/")
	case "golang":
		t.Ecosystem = "Go"
		join("/")
		t.Version = strings.TrimPrefix(t.Version, "v")
	case "maven":
		t.Ecosystem = "Maven"
		join(":")
	case "gem":
		t.Ecosystem = "RubyGems"
	case "nuget":
		t.Ecosystem = "NuGet"
	case "cargo":
		t.Ecosystem = "crates.io"
	case "composer":
		t.Ecosystem = "Packagist"
		join("/")
	case "hex":
		t.Ecosystem = "Hex"
	case "pub":
		t.Ecosystem = "Pub"
	case "hackage":
		t.Ecosystem = "Hackage"
	case "cran":
		t.Ecosystem = "CRAN"
	case "conan":
		t.Ecosystem = "ConanCenter"
	case "swift":
		t.Ecosystem = "SwiftURL"
		join("/")
	case "deb", "rpm", "apk":
		eco, ok := distroEcosystems[p.Type+"/"+strings.ToLower(p.Namespace)]
		if !ok {
			return Target{}, fmt.Errorf("%w: %s/%s", ErrUnsupported, p.Type, p.Namespace)
		}
		t.Ecosystem = eco
		if up := q["upstream"]; up != "" {
			t.Name, _, _ = strings.Cut(up, "@")
		}
		t.Release = distroRelease(eco, q["distro"])
		if e := q["epoch"]; e != "" && e != "0" && !strings.Contains(t.Version, ":") {
			t.Version = e + ":" + t.Version
		}
	default:
		return Target{}, fmt.Errorf("%w: %s", ErrUnsupported, p.Type)
	}
	return t, nil
}

// distroEcosystems maps purl type and namespace to OSV's ecosystem.
var distroEcosystems = map[string]string{
	"deb/debian":      "Debian",
	"deb/ubuntu":      "Ubuntu",
	"rpm/redhat":      "Red Hat",
	"rpm/almalinux":   "AlmaLinux",
	"rpm/rocky-linux": "Rocky Linux",
	"rpm/opensuse":    "openSUSE",
	"rpm/suse":        "SUSE",
	"rpm/mageia":      "Mageia",
	"rpm/openeuler":   "openEuler",
	"apk/alpine":      "Alpine",
	"apk/wolfi":       "Wolfi",
	"apk/chainguard":  "Chainguard",
	"apk/minimos":     "MinimOS",
}

// debianCodenames maps Debian codenames to releases.
var debianCodenames = map[string]string{
	"wheezy": "7", "jessie": "8", "stretch": "9", "buster": "10",
	"bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14",
}

var releaseNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\d+)(?:\.(\d+))?`) })

// distroRelease turns a purl distro qualifier ("debian-12.5", "bookworm",
// "alpine-3.19.1", "ubuntu-22.04") into OSV's release ("12", "v3.19",
// "22.04"); "" when there is none.
func distroRelease(eco, distro string) string {
	d := strings.ToLower(distro)
	if r, ok := debianCodenames[d]; ok && eco == "Debian" {
		return r
	}
	m := releaseNumber().FindStringSubmatch(d)
	if m == nil {
		return ""
	}
	switch eco {
	case "Debian":
		return m[1]
	case "Alpine":
		if m[2] == "" {
			return ""
		}
		return "v" + m[1] + "." + m[2]
	case "Ubuntu":
		if m[2] == "" {
			return ""
		}
		return m[1] + "." + m[2]
	}
	return ""
}

// splitEcosystem splits an OSV ecosystem such as "Debian:12" or
// "Ubuntu:22.04:LTS" into its base and release.
func splitEcosystem(eco string) (base, release string) {
	base, release, _ = strings.Cut(eco, ":")
	return base, release
}

// normName returns the name as compared in the ecosystem: PEP 503
// normalisation for PyPI, lower case for the case-insensitive registries.
func normName(eco, name string) string {
	switch eco {
	case "PyPI":
		if pypiNormal(name) {
			return name
		}
		var b strings.Builder
		sep := false
		for _, r := range strings.ToLower(strings.TrimSpace(name)) {
			if r == '-' || r == '_' || r == '.' {
				sep = true
				continue
			}
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
		}
		return b.String()
	case "NuGet", "Packagist", "Hackage":
		return strings.ToLower(name)
	}
	return name
}

// pypiNormal reports whether name is already in PEP 503 normal form.
func pypiNormal(name string) bool {
	if name == "" || name[0] == '-' || name[len(name)-1] == '-' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && name[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// key is the index key of a package: base ecosystem and normalised name.
type key struct{ eco, name string }

func keyOf(eco, name string) key {
	base, _ := splitEcosystem(eco)
	return key{base, normName(base, name)}
}

// Key returns the target's index key.
func (t Target) key() key { return keyOf(t.Ecosystem, t.Name) }

// releaseMatches reports whether a record for the OSV ecosystem eco
// concerns t's release.
func (t Target) releaseMatches(eco string) bool {
	_, rel := splitEcosystem(eco)
	if t.Release == "" || rel == "" {
		return true
	}
	return rel == t.Release || strings.HasPrefix(rel, t.Release+":")
}
