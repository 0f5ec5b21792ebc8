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
		form.Array(j, "components", *bom.Components, func(c *cdx.Component) { writeComponent(j, c, false) })
	}
	if bom.Dependencies != nil {
		form.Objects(j, "dependencies", *bom.Dependencies, func(d *cdx.Dependency) {
			j.KeyString("ref", d.Ref)
			if d.Dependencies != nil {
				writeStrings(j, "dependsOn", *d.Dependencies, j.String)
			}
		})
	}
	if bom.Vulnerabilities != nil {
		form.Array(j, "vulnerabilities", *bom.Vulnerabilities, func(v *cdx.Vulnerability) { writeVulnerability(j, v) })
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
		if t.Tools != nil {
			//lint:ignore SA1019 the legacy tools list, written as the BOM holds it
			form.Objects(j, "tools", *t.Tools, func(tool *cdx.Tool) {
				keyOmit(j, "vendor", tool.Vendor, j.HTMLString)
				j.Key("name")
				j.HTMLString(tool.Name)
				keyOmit(j, "version", tool.Version, j.HTMLString)
			})
		} else {
			j.Key("tools")
			j.Open('{')
			form.Array(j, "components", *t.Components, func(c *cdx.Component) { writeComponent(j, c, true) })
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
	key := func(k, v string) { keyOmit(j, k, v, str) }
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
		form.Objects(j, "hashes", *c.Hashes, func(h *cdx.Hash) {
			j.Key("alg")
			str(string(h.Algorithm))
			j.Key("content")
			str(h.Value)
		})
	}
	if c.Licenses != nil {
		form.Objects(j, "licenses", *c.Licenses, func(lc *cdx.LicenseChoice) {
			if l := lc.License; l != nil {
				// License.MarshalJSON: json.Marshal, HTML escaped.
				j.Key("license")
				j.Open('{')
				keyOmit(j, "id", l.ID, j.HTMLString)
				keyOmit(j, "name", l.Name, j.HTMLString)
				j.Close('}')
			}
			key("expression", lc.Expression)
		})
	}
	key("cpe", c.CPE)
	key("purl", c.PackageURL)
	if c.ExternalReferences != nil {
		form.Objects(j, "externalReferences", *c.ExternalReferences, func(r *cdx.ExternalReference) {
			j.Key("url")
			str(r.URL)
			j.Key("type")
			str(string(r.Type))
		})
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
	form.Objects(j, "properties", *ps, func(p *cdx.Property) {
		j.Key("name")
		str(p.Name)
		j.Key("value")
		str(p.Value)
	})
}

// keyOmit writes the member k holding v, written by str, unless v is empty.
func keyOmit(j *form.JSONWriter, k, v string, str func(string)) {
	if v != "" {
		j.Key(k)
		str(v)
	}
}

// writeStrings writes the member k holding ss, each written by str.
func writeStrings(j *form.JSONWriter, k string, ss []string, str func(string)) {
	form.Array(j, k, ss, func(s *string) { str(*s) })
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
		form.Objects(j, "ratings", *v.Ratings, func(r *cdx.VulnerabilityRating) {
			j.KeyOmit("severity", string(r.Severity))
			j.KeyOmit("method", string(r.Method))
		})
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
			form.Array(j, "response", *a.Response, func(r *cdx.ImpactAnalysisResponse) { j.String(string(*r)) })
		}
		j.KeyOmit("detail", a.Detail)
		j.KeyOmit("firstIssued", a.FirstIssued)
		j.KeyOmit("lastUpdated", a.LastUpdated)
		j.Close('}')
	}
	if v.Affects != nil {
		form.Objects(j, "affects", *v.Affects, func(a *cdx.Affects) { j.KeyString("ref", a.Ref) })
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
