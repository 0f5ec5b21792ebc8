package spdx3

import (
	"encoding/json"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// cdxExtension reads what cdxgen (12.x) writes of a CycloneDX component
// only in its extension_CdxPropertiesExtension: the group, which joins the
// name as it does when reading CycloneDX ("@types/ms"), the licences (a
// JSON array of CycloneDX licence choices, used when no relationship gives
// one) and the author. The other entries are counted by name.
func (r *reader) cdxExtension(n *node, it *soup.Item) {
	exts := r.g.refs(n, "extension")
	if len(exts) == 0 {
		return
	}
	for _, x := range exts {
		if !x.isA("extension_CdxPropertiesExtension") {
			r.d.Ignored["extension "+cmpOr(x.typ, "without type")]++
			continue
		}
		for _, p := range r.g.refs(x, "extension_cdxProperty") {
			name, value := p.str("extension_cdxPropName"), p.str("extension_cdxPropValue")
			switch {
			case value == "", name == "hashes", name == "bomRef":
				// Empty, or what the element carries natively.
			case name == "group":
				sep := "/"
				if strings.HasPrefix(it.PURL, "pkg:maven/") {
					sep = ":"
				}
				if !strings.HasPrefix(it.Name, value+sep) {
					it.Name = value + sep + it.Name
				}
			case name == "licenses" && it.License == "":
				it.License = cdxLicenses(value)
			case name == "author" && it.Manufacturer == "":
				it.Manufacturer = value
			default:
				r.d.Ignored["cdxgen extension property "+name]++
			}
		}
	}
}

// cdxLicenses returns the licence of a CycloneDX licence choice array in
// JSON: the expression, else the IDs (else names) joined by AND.
func cdxLicenses(s string) string {
	var ls []struct {
		Expression string
		License    struct{ ID, Name string }
	}
	if json.Unmarshal([]byte(s), &ls) != nil {
		return ""
	}
	var ids, names []string
	for _, l := range ls {
		switch {
		case l.Expression != "":
			return l.Expression
		case l.License.ID != "":
			ids = append(ids, l.License.ID)
		case l.License.Name != "":
			names = append(names, l.License.Name)
		}
	}
	if len(ids) == 0 {
		ids = names
	}
	return strings.Join(ids, " AND ")
}
