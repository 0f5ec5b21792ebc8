package cyclonedx

import (
	"io"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

// writeJSON writes bom, as inMemory built it, to w as cyclonedx-go's
// Encode does with SetPretty(true) and SetEscapeHTML(false), but field by
// field as it goes: no reflection, no copy of the output. Values that the
// upstream MarshalJSON methods write with json.Marshal (licences, tools,
// the spec version) get its HTML escaping, as they do there. A BOM with a
// value those methods refuse is written by reflection, which reports it.
func writeJSON(w io.Writer, bom *cdx.BOM) error {
	if !ownShape(bom) {
		return form.WriteJSON(w, bom, false)
	}
	j := form.NewJSONWriter(w)
	j.Open('{')
	j.KeyOmit("$schema", bom.JSONSchema)
	j.KeyString("bomFormat", bom.BOMFormat)
	j.Key("specVersion")
	j.HTMLString(bom.SpecVersion.String())
	j.KeyOmit("serialNumber", bom.SerialNumber)
	j.Key("version")
	j.Int(bom.Version)
	if m := bom.Metadata; m != nil {
		j.Key("metadata")
		writeMetadata(j, m)
	}
	if bom.Components != nil {
		j.Key("components")
		j.Open('[')
		for i := range *bom.Components {
			j.Elem()
			writeComponent(j, &(*bom.Components)[i], false)
		}
		j.Close(']')
	}
	if bom.Dependencies != nil {
		j.Key("dependencies")
		j.Open('[')
		for _, d := range *bom.Dependencies {
			j.Elem()
			j.Open('{')
			j.KeyString("ref", d.Ref)
			if d.Dependencies != nil {
				j.Key("dependsOn")
				writeStrings(j, *d.Dependencies)
			}
			j.Close('}')
		}
		j.Close(']')
	}
	if bom.Vulnerabilities != nil {
		j.Key("vulnerabilities")
		j.Open('[')
		for i := range *bom.Vulnerabilities {
			j.Elem()
			writeVulnerability(j, &(*bom.Vulnerabilities)[i])
		}
		j.Close(']')
	}
	j.Close('}')
	return j.Flush()
}

func writeMetadata(j *form.JSONWriter, m *cdx.Metadata) {
	j.Open('{')
	j.KeyOmit("timestamp", m.Timestamp)
	if t := m.Tools; t != nil {
		// ToolsChoice.MarshalJSON: json.Marshal of the legacy list or of
		// the object holding the components.
		j.Key("tools")
		if t.Tools != nil {
			j.Open('[')
			for _, tool := range *t.Tools {
				j.Elem()
				j.Open('{')
				if tool.Vendor != "" {
					j.Key("vendor")
					j.HTMLString(tool.Vendor)
				}
				j.Key("name")
				j.HTMLString(tool.Name)
				if tool.Version != "" {
					j.Key("version")
					j.HTMLString(tool.Version)
				}
				j.Close('}')
			}
			j.Close(']')
		} else {
			j.Open('{')
			j.Key("components")
			j.Open('[')
			for i := range *t.Components {
				j.Elem()
				writeComponent(j, &(*t.Components)[i], true)
			}
			j.Close(']')
			j.Close('}')
		}
	}
	if m.Component != nil {
		j.Key("component")
		writeComponent(j, m.Component, false)
	}
	writeProperties(j, m.Properties, false)
	j.Close('}')
}

// writeComponent writes c; html marks a component inside a value an
// upstream MarshalJSON method writes (a tool), escaped as json.Marshal
// escapes.
func writeComponent(j *form.JSONWriter, c *cdx.Component, html bool) {
	str := j.String
	if html {
		str = j.HTMLString
	}
	key := func(k, v string) {
		if v != "" {
			j.Key(k)
			str(v)
		}
	}
	j.Open('{')
	key("bom-ref", c.BOMRef)
	j.Key("type")
	str(string(c.Type))
	writeEntity(j, "supplier", c.Supplier, str)
	writeEntity(j, "manufacturer", c.Manufacturer, str)
	key("author", c.Author)
	key("group", c.Group)
	j.Key("name")
	str(c.Name)
	key("version", c.Version)
	key("description", c.Description)
	if c.Hashes != nil {
		j.Key("hashes")
		j.Open('[')
		for _, h := range *c.Hashes {
			j.Elem()
			j.Open('{')
			j.Key("alg")
			str(string(h.Algorithm))
			j.Key("content")
			str(h.Value)
			j.Close('}')
		}
		j.Close(']')
	}
	if c.Licenses != nil {
		j.Key("licenses")
		j.Open('[')
		for _, lc := range *c.Licenses {
			j.Elem()
			j.Open('{')
			if l := lc.License; l != nil {
				// License.MarshalJSON: json.Marshal, HTML escaped.
				j.Key("license")
				j.Open('{')
				if l.ID != "" {
					j.Key("id")
					j.HTMLString(l.ID)
				}
				if l.Name != "" {
					j.Key("name")
					j.HTMLString(l.Name)
				}
				j.Close('}')
			}
			if lc.Expression != "" {
				j.Key("expression")
				str(lc.Expression)
			}
			j.Close('}')
		}
		j.Close(']')
	}
	key("cpe", c.CPE)
	key("purl", c.PackageURL)
	if c.ExternalReferences != nil {
		j.Key("externalReferences")
		j.Open('[')
		for _, r := range *c.ExternalReferences {
			j.Elem()
			j.Open('{')
			j.Key("url")
			str(r.URL)
			j.Key("type")
			str(string(r.Type))
			j.Close('}')
		}
		j.Close(']')
	}
	writeProperties(j, c.Properties, html)
	j.Close('}')
}

// writeEntity writes the organisation e under key k, unless it is nil.
func writeEntity(j *form.JSONWriter, k string, e *cdx.OrganizationalEntity, str func(string)) {
	if e == nil {
		return
	}
	j.Key(k)
	j.Open('{')
	j.Key("name")
	str(e.Name)
	j.Close('}')
}

func writeProperties(j *form.JSONWriter, ps *[]cdx.Property, html bool) {
	if ps == nil {
		return
	}
	str := j.String
	if html {
		str = j.HTMLString
	}
	j.Key("properties")
	j.Open('[')
	for _, p := range *ps {
		j.Elem()
		j.Open('{')
		j.Key("name")
		str(p.Name)
		j.Key("value")
		str(p.Value)
		j.Close('}')
	}
	j.Close(']')
}

func writeStrings(j *form.JSONWriter, ss []string) {
	j.Open('[')
	for _, s := range ss {
		j.Elem()
		j.String(s)
	}
	j.Close(']')
}

func writeVulnerability(j *form.JSONWriter, v *cdx.Vulnerability) {
	j.Open('{')
	j.KeyString("id", v.ID)
	if s := v.Source; s != nil {
		j.Key("source")
		j.Open('{')
		j.KeyOmit("name", s.Name)
		j.KeyOmit("url", s.URL)
		j.Close('}')
	}
	if v.Ratings != nil {
		j.Key("ratings")
		j.Open('[')
		for _, r := range *v.Ratings {
			j.Elem()
			j.Open('{')
			j.KeyOmit("severity", string(r.Severity))
			j.KeyOmit("method", string(r.Method))
			j.Close('}')
		}
		j.Close(']')
	}
	j.KeyOmit("description", v.Description)
	j.KeyOmit("published", v.Published)
	j.KeyOmit("updated", v.Updated)
	if a := v.Analysis; a != nil {
		j.Key("analysis")
		j.Open('{')
		j.KeyOmit("state", string(a.State))
		j.KeyOmit("justification", string(a.Justification))
		if a.Response != nil {
			j.Key("response")
			j.Open('[')
			for _, r := range *a.Response {
				j.Elem()
				j.String(string(r))
			}
			j.Close(']')
		}
		j.KeyOmit("detail", a.Detail)
		j.KeyOmit("firstIssued", a.FirstIssued)
		j.KeyOmit("lastUpdated", a.LastUpdated)
		j.Close('}')
	}
	if v.Affects != nil {
		j.Key("affects")
		j.Open('[')
		for _, a := range *v.Affects {
			j.Elem()
			j.Open('{')
			j.KeyString("ref", a.Ref)
			j.Close('}')
		}
		j.Close(']')
	}
	j.Close('}')
}

// ownShape reports whether bom holds only what writeJSON writes by hand,
// as nativeBOM, properties and forVersion make it, with no value the
// upstream MarshalJSON methods refuse (a licence with both or neither of
// ID and name, tools both listed and as components).
func ownShape(bom *cdx.BOM) bool {
	if bom.Services != nil || bom.ExternalReferences != nil || bom.Compositions != nil || bom.Properties != nil ||
		bom.Annotations != nil || bom.Formulation != nil || bom.Declarations != nil || bom.Definitions != nil ||
		bom.Citations != nil || bom.Signature != nil {
		return false
	}
	if m := bom.Metadata; m != nil {
		if m.Lifecycles != nil || m.Authors != nil || m.Manufacture != nil || m.Manufacturer != nil || m.Supplier != nil ||
			m.Licenses != nil || m.DistributionConstraints != nil {
			return false
		}
		if t := m.Tools; t != nil {
			if t.Services != nil || (t.Tools == nil) == (t.Components == nil) {
				return false
			}
			if t.Tools != nil {
				for _, tool := range *t.Tools {
					if tool.Hashes != nil || tool.ExternalReferences != nil {
						return false
					}
				}
			} else {
				for i := range *t.Components {
					if !ownComponent(&(*t.Components)[i]) {
						return false
					}
				}
			}
		}
		if m.Component != nil && !ownComponent(m.Component) {
			return false
		}
	}
	if bom.Components != nil {
		for i := range *bom.Components {
			if !ownComponent(&(*bom.Components)[i]) {
				return false
			}
		}
	}
	if bom.Dependencies != nil {
		for _, d := range *bom.Dependencies {
			if d.Provides != nil {
				return false
			}
		}
	}
	if bom.Vulnerabilities != nil {
		for _, v := range *bom.Vulnerabilities {
			if v.BOMRef != "" || v.References != nil || v.CWEs != nil || v.Detail != "" || v.Recommendation != "" ||
				v.Workaround != "" || v.ProofOfConcept != nil || v.Advisories != nil || v.Created != "" || v.Rejected != "" ||
				v.Credits != nil || v.Tools != nil || v.Properties != nil {
				return false
			}
			if v.Ratings != nil {
				for _, r := range *v.Ratings {
					if r.Source != nil || r.Score != nil || r.Vector != "" || r.Justification != "" {
						return false
					}
				}
			}
			if v.Affects != nil {
				for _, a := range *v.Affects {
					if a.Range != nil {
						return false
					}
				}
			}
		}
	}
	return true
}

// ownComponent reports whether c holds only the fields writeComponent
// writes.
func ownComponent(c *cdx.Component) bool {
	if c.MIMEType != "" || c.Authors != nil || c.Publisher != "" || c.Scope != "" || c.Copyright != "" ||
		c.OmniborID != nil || c.SWHID != nil || c.SWID != nil || c.Modified != nil || c.Pedigree != nil ||
		c.Components != nil || c.Evidence != nil || c.ReleaseNotes != nil || c.ModelCard != nil || c.Data != nil ||
		c.CryptoProperties != nil || c.Tags != nil || c.IsExternal != nil || c.PatentAssertions != nil ||
		c.VersionRange != "" || c.Signature != nil {
		return false
	}
	for _, e := range []*cdx.OrganizationalEntity{c.Supplier, c.Manufacturer} {
		if e != nil && (e.BOMRef != "" || e.Address != nil || e.URL != nil || e.Contact != nil) {
			return false
		}
	}
	if c.Licenses != nil {
		for _, lc := range *c.Licenses {
			if lc.ExpressionDetails != nil || lc.Acknowledgement != nil || lc.BOMRef != "" || lc.Licensing != nil || lc.Properties != nil {
				return false
			}
			if l := lc.License; l != nil && ((l.ID == "") == (l.Name == "") || l.BOMRef != "" || l.Acknowledgement != "" ||
				l.Text != nil || l.URL != "" || l.Licensing != nil || l.Properties != nil) {
				return false
			}
		}
	}
	if c.ExternalReferences != nil {
		for _, r := range *c.ExternalReferences {
			if r.Comment != "" || r.Hashes != nil || r.Properties != nil {
				return false
			}
		}
	}
	return true
}
