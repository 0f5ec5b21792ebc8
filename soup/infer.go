package soup

import (
	"strings"

	packageurl "github.com/package-url/packageurl-go"
)

// distributions names the Linux distributions of deb, rpm and apk package
// URLs by their namespace.
var distributions = map[string]string{
	"debian": "Debian", "ubuntu": "Ubuntu (Canonical)", "alpine": "Alpine Linux", "fedora": "Fedora Project",
	"redhat": "Red Hat", "rhel": "Red Hat", "centos": "CentOS Project", "rocky": "Rocky Enterprise Software Foundation",
	"almalinux": "AlmaLinux OS Foundation", "opensuse": "openSUSE Project", "suse": "SUSE", "amazon": "Amazon Linux (AWS)",
	"oracle": "Oracle Linux", "wolfi": "Wolfi (Chainguard)", "chainguard": "Chainguard", "photon": "Photon OS (VMware)",
	"mariner": "CBL-Mariner (Microsoft)", "azurelinux": "Azure Linux (Microsoft)", "arch": "Arch Linux",
}

// codeHosts are the hosts of Go module paths and other identities whose
// first path element is the owner.
var codeHosts = map[string]bool{"github.com": true, "gitlab.com": true, "bitbucket.org": true, "codeberg.org": true, "gitee.com": true}

// InferManufacturer returns the manufacturer that the item's identity
// names, and where it was read, or two empty strings: the host and owner
// of a Go module (github.com/google/uuid: google), the scope of an npm
// package (@angular/core: @angular), the group of a Maven artefact
// (org.apache.commons), the owner of a GitHub package, the distribution
// of a deb, rpm or apk package (its packager). An inference is a
// suggestion: a person confirms it (see [Item.ManufacturerSource]).
func InferManufacturer(it *Item) (manufacturer, source string) {
	if it.PURL == "" {
		return "", ""
	}
	p, err := packageurl.FromString(it.PURL)
	if err != nil {
		return "", ""
	}
	ns := strings.Trim(p.Namespace, "/")
	switch p.Type {
	case packageurl.TypeGolang:
		path := strings.Trim(ns+"/"+p.Name, "/")
		parts := strings.Split(path, "/")
		switch {
		case len(parts) >= 3 && codeHosts[parts[0]]:
			return parts[1], "the Go module path " + path + " (" + parts[0] + " owner)"
		case parts[0] == "gopkg.in" && len(parts) >= 3:
			return parts[1], "the Go module path " + path + " (gopkg.in/OWNER/NAME.vN is github.com/OWNER/NAME)"
		case parts[0] == "gopkg.in" && len(parts) == 2:
			name, _, _ := strings.Cut(parts[1], ".v")
			return "go-" + name, "the Go module path " + path + " (gopkg.in/NAME.vN is github.com/go-NAME/NAME)"
		case strings.HasPrefix(path, "golang.org/x/"):
			return "The Go Authors", "the Go module path " + path
		case len(parts) >= 2 && strings.Contains(parts[0], "."):
			return parts[0], "the Go module path " + path + " (its host)"
		}
	case packageurl.TypeNPM:
		if strings.HasPrefix(ns, "@") && len(ns) > 1 {
			return ns, "the npm scope of " + ns + "/" + p.Name
		}
	case packageurl.TypeMaven:
		if ns != "" {
			return ns, "the Maven group ID of " + ns + ":" + p.Name
		}
	case packageurl.TypeGithub:
		if ns != "" {
			return ns, "the GitHub owner of " + ns + "/" + p.Name
		}
	case packageurl.TypeDebian, packageurl.TypeRPM, packageurl.TypeApk:
		if d, ok := distributions[strings.ToLower(ns)]; ok {
			return d, "the " + p.Type + " distribution " + ns + " (the packager, not the upstream author)"
		}
		if ns != "" {
			return ns, "the " + p.Type + " distribution " + ns + " (the packager, not the upstream author)"
		}
	}
	return "", ""
}

// InferManufacturers sets the manufacturer of every item that has none
// and whose identity names one ([InferManufacturer]), with
// ManufacturerSource saying where it was read, and returns how many it set.
func (l *List) InferManufacturers() int {
	n := 0
	for i := range l.Items {
		it := &l.Items[i]
		if !IsPlaceholder(it.Manufacturer) {
			continue
		}
		if m, src := InferManufacturer(it); m != "" {
			it.Manufacturer, it.ManufacturerSource = m, "inferred from "+src
			n++
		}
	}
	return n
}
