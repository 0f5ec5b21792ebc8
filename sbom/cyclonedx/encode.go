package cyclonedx

import (
	"bytes"
	"encoding/hex"
	"io"
	"slices"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/soupkit/soupkit"
	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// systemRef is the bom-ref of the system, metadata.component.
const systemRef = "soupkit:system"

var specVersions = map[string]cdx.SpecVersion{
	"1.2": cdx.SpecVersion1_2, "1.3": cdx.SpecVersion1_3, "1.4": cdx.SpecVersion1_4,
	"1.5": cdx.SpecVersion1_5, "1.6": cdx.SpecVersion1_6, "1.7": cdx.SpecVersion1_7,
}

// ToBOM converts l into a CycloneDX BOM of the newest version this
// package writes (1.7), carrying every field of the list as sbom.Encode
// does. Items are sorted by key then version.
func ToBOM(l *soup.List) (*cdx.BOM, error) {
	f := form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: "1.7"}
	// Two passes: the BOM returned is not brought into the shape the
	// writer gives a version (which inMemory does).
	bom, _, err := cycloneDX(form.SortedList(l), f, form.EncodeOptions{})
	return bom, err
}

// Encode writes l as a CycloneDX BOM in format f, JSON or XML of a version
// f.Encodable accepts, with its items sorted by key then version: the
// encoder package sbom's Encode dispatches to (most callers want that).
func Encode(l *soup.List, f form.Format, o form.EncodeOptions) ([]byte, error) {
	var buf bytes.Buffer
	if err := EncodeTo(&buf, l, f, o); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeTo writes l to w as Encode does. JSON is streamed to w as it is
// encoded, from one build of the BOM; the BOM is complete
// before the first byte is written.
func EncodeTo(w io.Writer, l *soup.List, f form.Format, o form.EncodeOptions) error {
	l = form.SortedList(o.Strip(l))
	if f.Encoding != form.JSON || specVersions[f.Version] == 0 || !form.OnePass(l, o) {
		_, b, err := cycloneDX(l, f, o)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	return writeJSON(w, inMemory(l, f, o))
}

// inMemory builds the BOM of l as cycloneDX does, learning what its native
// fields give back without writing it (see form.OnePass), already in
// the shape cyclonedx-go's EncodeVersion gives it for f's version, so that
// it is written as it is.
func inMemory(l *soup.List, f form.Format, o form.EncodeOptions) *cdx.BOM {
	v := specVersions[f.Version]
	refs := form.Refs(l, func(string) bool { return true }, systemRef)
	var name func(*cdx.BOM, string)
	if o.SerialNumber == "" {
		name = func(bom *cdx.BOM, id string) { bom.SerialNumber = id }
	}
	return form.InMemory(l, f,
		func() *cdx.BOM { return nativeBOM(l, f, o, refs) },
		func(bom *cdx.BOM, read *soup.List, items map[string]*soup.Item) {
			properties(bom, l, refs, read, items)
			forVersion(bom, v)
		},
		func(bom *cdx.BOM) *form.Doc { return fromBOM(bom, f) },
		name)
}

// forVersion makes bom, as buildBOM builds it, what cyclonedx-go's
// EncodeVersion writes for version v: the conversion it applies, for the
// fields buildBOM sets. (EncodeVersion converts a deep copy of the BOM,
// made through gob; a BOM already converted is written by Encode.) It
// may be applied again after the properties are made again.
func forVersion(bom *cdx.BOM, v cdx.SpecVersion) {
	bom.SpecVersion = v
	bom.JSONSchema = "http://cyclonedx.org/schema/bom-" + v.String() + ".schema.json"
	comp := func(c *cdx.Component) {
		if c == nil {
			return
		}
		if v < cdx.SpecVersion1_3 {
			c.Properties = nil
		}
		if v < cdx.SpecVersion1_4 && c.Version == "" {
			c.Version = "0.0.0"
		}
		if v < cdx.SpecVersion1_6 {
			c.Manufacturer = nil
		}
		if c.Hashes != nil {
			hs := slices.DeleteFunc(*c.Hashes, func(h cdx.Hash) bool { return !hashIn(h.Algorithm, v) })
			if len(hs) == 0 {
				c.Hashes = nil
			} else {
				*c.Hashes = hs
			}
		}
	}
	if m := bom.Metadata; m != nil {
		if v < cdx.SpecVersion1_3 {
			m.Properties = nil
		}
		comp(m.Component)
		// Tool components are converted to tools as they are: the legacy
		// form is what versions before 1.5 have.
		if t := m.Tools; t != nil && v < cdx.SpecVersion1_5 && t.Components != nil {
			//lint:ignore SA1019 the tools of CycloneDX 1.2 to 1.4
			var tools []cdx.Tool
			for _, c := range *t.Components {
				//lint:ignore SA1019 the tools of CycloneDX 1.2 to 1.4
				tool := cdx.Tool{Vendor: c.Author, Name: c.Name, Version: c.Version, Hashes: c.Hashes, ExternalReferences: c.ExternalReferences}
				if c.Supplier != nil {
					tool.Vendor = c.Supplier.Name
				}
				tools = append(tools, tool)
			}
			t.Components = nil
			if len(tools) > 0 {
				t.Tools = &tools
			}
		}
	}
	if bom.Components != nil {
		for i := range *bom.Components {
			comp(&(*bom.Components)[i])
		}
	}
	if v < cdx.SpecVersion1_4 {
		bom.Vulnerabilities = nil
	}
	if bom.Vulnerabilities != nil {
		for i := range *bom.Vulnerabilities {
			x := &(*bom.Vulnerabilities)[i]
			if v < cdx.SpecVersion1_5 && x.Analysis != nil {
				x.Analysis.FirstIssued, x.Analysis.LastUpdated = "", ""
			}
			if x.Ratings != nil {
				for j := range *x.Ratings {
					if r := &(*x.Ratings)[j]; !methodIn(r.Method, v) {
						r.Method = cdx.ScoringMethodOther
					}
				}
			}
		}
	}
}

// hashIn reports whether version v knows hash algorithm a, as cyclonedx-go
// decides it.
func hashIn(a cdx.HashAlgorithm, v cdx.SpecVersion) bool {
	switch a {
	case cdx.HashAlgoMD5, cdx.HashAlgoSHA1, cdx.HashAlgoSHA256, cdx.HashAlgoSHA384, cdx.HashAlgoSHA512, cdx.HashAlgoSHA3_256, cdx.HashAlgoSHA3_512:
		return true
	case cdx.HashAlgoSHA3_384, cdx.HashAlgoBlake2b_256, cdx.HashAlgoBlake2b_384, cdx.HashAlgoBlake2b_512, cdx.HashAlgoBlake3:
		return v >= cdx.SpecVersion1_2
	case cdx.HashAlgoStreebog256, cdx.HashAlgoStreebog512:
		return v >= cdx.SpecVersion1_7
	}
	return false
}

// methodIn reports whether version v knows scoring method m, as
// cyclonedx-go decides it (the empty method is not one: it becomes
// "other").
func methodIn(m cdx.ScoringMethod, v cdx.SpecVersion) bool {
	switch m {
	case cdx.ScoringMethodCVSSv2, cdx.ScoringMethodCVSSv3, cdx.ScoringMethodCVSSv31, cdx.ScoringMethodOWASP, cdx.ScoringMethodOther:
		return v >= cdx.SpecVersion1_4
	case cdx.ScoringMethodCVSSv4, cdx.ScoringMethodSSVC:
		return v >= cdx.SpecVersion1_5
	}
	return false
}

// cycloneDX builds the BOM of l in two passes (see form.TwoPass).
func cycloneDX(l *soup.List, f form.Format, o form.EncodeOptions) (*cdx.BOM, []byte, error) {
	if o.SerialNumber == "" {
		o.SerialNumber = "urn:uuid:" + form.ContentID(l, f)
	}
	return form.TwoPass(f,
		func(read *soup.List, items map[string]*soup.Item) *cdx.BOM { return buildBOM(l, f, o, read, items) },
		writeBOM, decode)
}

func writeBOM(bom *cdx.BOM, f form.Format, compact bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatJSON)
	if f.Encoding == form.XML {
		enc = cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatXML)
	}
	enc.SetPretty(!compact || f.Encoding == form.XML).SetEscapeHTML(false)
	if err := enc.EncodeVersion(bom, specVersions[f.Version]); err != nil {
		return nil, err
	}
	if f.Encoding == form.XML && !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

// buildBOM maps l onto a BOM; read is what the native fields alone gave
// back (nil in the first pass).
func buildBOM(l *soup.List, f form.Format, o form.EncodeOptions, read *soup.List, items map[string]*soup.Item) *cdx.BOM {
	refs := form.Refs(l, func(string) bool { return true }, systemRef)
	bom := nativeBOM(l, f, o, refs)
	properties(bom, l, refs, read, items)
	return bom
}

// properties sets the properties of bom, as nativeBOM built it from l
// with refs: the soupkit properties of the list and of each item, after
// an item's support properties; read is what the native fields alone
// gave back (nil in the first pass).
func properties(bom *cdx.BOM, l *soup.List, refs []string, read *soup.List, items map[string]*soup.Item) {
	bom.Metadata.Properties = cdxProps(nil, form.ListProps(l, read))
	for i := range l.Items {
		it := &l.Items[i]
		var back *soup.Item
		if read != nil {
			if back = items[refs[i]]; back == nil {
				back = &soup.Item{}
			}
		}
		var ps []cdx.Property
		if it.Support.Level != 0 {
			ps = append(ps, cdx.Property{Name: propSupportLevel, Value: it.Support.Level.String()})
		}
		if !it.Support.EndOfSupport.IsZero() {
			ps = append(ps, cdx.Property{Name: propEndOfSupport, Value: it.Support.EndOfSupport.String()})
		}
		(*bom.Components)[i].Properties = cdxProps(ps, form.ItemProps(it, back))
	}
}

// nativeBOM maps l onto a BOM without properties, given the bom-refs
// refs of its items.
func nativeBOM(l *soup.List, f form.Format, o form.EncodeOptions, refs []string) *cdx.BOM {
	v16 := form.CompareVersions(f.Version, "1.6") >= 0
	bom := cdx.NewBOM()
	bom.SerialNumber = o.SerialNumber
	sys := &cdx.Component{
		BOMRef:  systemRef,
		Type:    cdx.ComponentTypeApplication,
		Name:    l.System.Name,
		Version: l.System.Version,
	}
	setMaker(sys, l.System.Manufacturer, v16)
	bom.Metadata = &cdx.Metadata{
		Timestamp: o.Created(l),
		Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{
			{Type: cdx.ComponentTypeApplication, Name: "soupkit", Version: soupkit.Version},
		}},
		Component: sys,
	}

	comps := make([]cdx.Component, len(l.Items))
	var vulns []cdx.Vulnerability
	for i := range l.Items {
		it := &l.Items[i]
		comps[i] = component(it, refs[i], v16)
		for _, a := range it.Anomalies {
			vulns = append(vulns, vulnerability(a, refs[i]))
		}
	}
	if len(comps) > 0 {
		bom.Components = &comps
	}
	if len(vulns) > 0 {
		bom.Vulnerabilities = &vulns
	}

	deps, direct := form.Graph(l)
	list := []cdx.Dependency{{Ref: systemRef, Dependencies: refList(refs, direct)}}
	for i := range l.Items {
		list = append(list, cdx.Dependency{Ref: refs[i], Dependencies: refList(refs, deps[i])})
	}
	bom.Dependencies = &list
	return bom
}

func refList(refs []string, idx []int) *[]string {
	if len(idx) == 0 {
		return nil
	}
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = refs[j]
	}
	return &out
}

// setMaker writes the manufacturer where the version has a place for it.
func setMaker(c *cdx.Component, name string, v16 bool) {
	switch {
	case name == "":
	case v16:
		c.Manufacturer = &cdx.OrganizationalEntity{Name: name}
	default:
		c.Supplier = &cdx.OrganizationalEntity{Name: name}
	}
}

// cdxProps appends soupkit properties to ps.
func cdxProps(ps []cdx.Property, sp []form.Prop) *[]cdx.Property {
	for _, p := range sp {
		ps = append(ps, cdx.Property{Name: form.Prefix + p.Name, Value: p.Value})
	}
	if len(ps) == 0 {
		return nil
	}
	return &ps
}

// component maps an item onto a component.
func component(it *soup.Item, ref string, v16 bool) cdx.Component {
	c := cdx.Component{
		BOMRef:      ref,
		Type:        cdx.ComponentTypeLibrary,
		Name:        it.Name,
		Version:     it.Version,
		Description: it.Description,
		PackageURL:  it.PURL,
		CPE:         it.CPE,
	}
	setMaker(&c, it.Manufacturer, v16)
	if lc := licenseChoice(it.License); lc != nil {
		c.Licenses = &cdx.Licenses{*lc}
	}
	var hs []cdx.Hash
	for _, h := range it.Hashes {
		if alg, ok := form.HashName(h.Algorithm); ok && hexHash(h.Value) {
			hs = append(hs, cdx.Hash{Algorithm: cdx.HashAlgorithm(alg), Value: h.Value})
		}
	}
	if len(hs) > 0 {
		c.Hashes = &hs
	}
	var ers []cdx.ExternalReference
	for _, r := range []struct {
		url string
		typ cdx.ExternalReferenceType
	}{{it.Website, cdx.ERTypeWebsite}, {it.IssueTracker, cdx.ERTypeIssueTracker}, {it.VCS, cdx.ERTypeVCS}} {
		if r.url != "" {
			ers = append(ers, cdx.ExternalReference{URL: r.url, Type: r.typ})
		}
	}
	if len(ers) > 0 {
		c.ExternalReferences = &ers
	}
	return c
}

// hexHash reports whether v is a hash value the CycloneDX schema accepts.
func hexHash(v string) bool {
	switch len(v) {
	case 32, 40, 64, 96, 128:
		_, err := hex.DecodeString(v)
		return err == nil
	}
	return false
}

// licenseChoice writes a licence: a single SPDX licence ID as an id (never
// a LicenseRef-), a valid expression as an expression, and anything else
// as a name.
func licenseChoice(s string) *cdx.LicenseChoice {
	switch {
	case s == "":
		return nil
	case form.LicenseID(s):
		return &cdx.LicenseChoice{License: &cdx.License{ID: s}}
	case form.ValidExpression(s):
		return &cdx.LicenseChoice{Expression: s}
	}
	return &cdx.LicenseChoice{License: &cdx.License{Name: s}}
}

// severities are the CycloneDX severity names.
var severities = map[string]bool{"critical": true, "high": true, "medium": true, "low": true, "info": true, "none": true, "unknown": true}

// vexState maps anomaly statuses to CycloneDX analysis states.
var vexState = map[soup.AnomalyStatus]cdx.ImpactAnalysisState{
	soup.StatusAffected:           cdx.IASExploitable,
	soup.StatusNotAffected:        cdx.IASNotAffected,
	soup.StatusFixed:              cdx.IASResolved,
	soup.StatusUnderInvestigation: cdx.IASInTriage,
}

// vulnerability maps an anomaly of the item with bom-ref ref.
func vulnerability(a soup.Anomaly, ref string) cdx.Vulnerability {
	v := cdx.Vulnerability{ID: a.ID, Description: a.Summary, Affects: &[]cdx.Affects{{Ref: ref}}}
	switch {
	case a.Source == "":
	case strings.Contains(a.Source, "://"):
		v.Source = &cdx.Source{URL: a.Source}
	default:
		v.Source = &cdx.Source{Name: a.Source}
	}
	if severities[a.Severity] {
		v.Ratings = &[]cdx.VulnerabilityRating{{Severity: cdx.Severity(a.Severity)}}
	}
	v.Published, v.Updated = dateTime(a.Published), dateTime(a.Modified)
	if a.Status != 0 || a.Justification != "" || !a.Date.IsZero() || len(a.Response) > 0 {
		v.Analysis = &cdx.VulnerabilityAnalysis{State: vexState[a.Status], Detail: a.Justification, LastUpdated: dateTime(a.Date)}
		if len(a.Response) > 0 {
			rs := make([]cdx.ImpactAnalysisResponse, len(a.Response))
			for i, r := range a.Response {
				rs[i] = cdx.ImpactAnalysisResponse(r)
			}
			v.Analysis.Response = &rs
		}
		// A justification that starts with a VEX reason code, as decoding
		// writes it, gives the code back its field.
		code, detail, _ := strings.Cut(a.Justification, ": ")
		if justifications[cdx.ImpactAnalysisJustification(code)] {
			v.Analysis.Justification, v.Analysis.Detail = cdx.ImpactAnalysisJustification(code), detail
		}
	}
	return v
}

// dateTime writes d as a CycloneDX date-time, midnight UTC, or "" when
// unset.
func dateTime(d soup.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String() + "T00:00:00Z"
}

// justifications are the VEX reason codes of CycloneDX analyses.
var justifications = map[cdx.ImpactAnalysisJustification]bool{
	cdx.IAJCodeNotPresent: true, cdx.IAJCodeNotReachable: true, cdx.IAJRequiresConfiguration: true,
	cdx.IAJRequiresDependency: true, cdx.IAJRequiresEnvironment: true, cdx.IAJProtectedByCompiler: true,
	cdx.IAJProtectedAtRuntime: true, cdx.IAJProtectedAtPerimeter: true, cdx.IAJProtectedByMitigatingControl: true,
}
