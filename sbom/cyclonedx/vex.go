package cyclonedx

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// VEXOptions configures EncodeVEX and BOMLinks. The zero value points the
// statements at the SBOM that sbom.Encode writes for the same list in
// CycloneDX JSON of the VEX's version with NoVulnerabilities set.
type VEXOptions struct {
	// SBOM is the CycloneDX format of the SBOM the statements point at,
	// when its serial number is derived (SerialNumber empty); a zero
	// Format means JSON of the VEX document's version.
	SBOM form.Format
	// SerialNumber is the serial number (urn:uuid:…) of that SBOM; empty
	// means the one Encode derives from the list written without its
	// vulnerabilities. The SBOM's version is 1, as Encode writes it.
	SerialNumber string
	// Timestamp is the VEX document's creation time; zero means the
	// list's document date, else none. EncodeVEX never reads the clock.
	Timestamp time.Time
}

// sbomSerial returns the serial number of the SBOM the statements of l
// (sorted) point at.
func (o VEXOptions) sbomSerial(sorted *soup.List, vexVersion string) string {
	if o.SerialNumber != "" {
		return o.SerialNumber
	}
	f := o.SBOM
	if f.Family != form.CycloneDX {
		f = form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: vexVersion}
	}
	f = f.WithDefault()
	stripped := form.EncodeOptions{NoVulnerabilities: true}.Strip(sorted)
	return "urn:uuid:" + form.ContentID(stripped, f)
}

// SBOMSerials returns the serial numbers (urn:uuid:…) that sbom.Encode
// gives the SBOM of l written with NoVulnerabilities, in each CycloneDX
// format it writes: the SBOMs whose components the BOM-Links of EncodeVEX
// (and BOMLinks) name, with version 1.
func SBOMSerials(l *soup.List) []string {
	var fs []form.Format
	for _, enc := range []form.Encoding{form.JSON, form.XML} {
		for v := range specVersions {
			fs = append(fs, form.Format{Family: form.CycloneDX, Encoding: enc, Version: v})
		}
	}
	ids := form.ContentIDs(form.SortedList(form.EncodeOptions{NoVulnerabilities: true}.Strip(l)), fs...)
	for i := range ids {
		ids[i] = "urn:uuid:" + ids[i]
	}
	slices.Sort(ids)
	return ids
}

// BOMLink returns the CycloneDX BOM-Link of the component ref of version
// version of the BOM with serial number serial:
// urn:cdx:SERIAL/VERSION#REF, the serial without its urn:uuid: prefix and
// the ref percent-encoded where a URI fragment needs it.
func BOMLink(serial string, version int, ref string) string {
	return fmt.Sprintf("urn:cdx:%s/%d#%s", strings.TrimPrefix(serial, "urn:uuid:"), version, fragmentEscape(ref))
}

// fragmentEscape percent-encodes the bytes a URI fragment may not hold
// (RFC 3986: unreserved, sub-delims, ":" "@" "/" "?" are allowed).
func fragmentEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~!$&'()*+,;=:@/?", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// BOMLinks returns, for each item of l in l's order, the BOM-Link of its
// component in the SBOM the options describe (see VEXOptions; a zero
// o.SBOM means CycloneDX JSON of the default version).
func BOMLinks(l *soup.List, o VEXOptions) []string {
	order := form.SortOrder(l)
	sorted := form.SortedList(l)
	serial := o.sbomSerial(sorted, "")
	refs := form.Refs(sorted, func(string) bool { return true }, systemRef)
	out := make([]string, len(l.Items))
	for i, j := range order {
		out[j] = BOMLink(serial, 1, refs[i])
	}
	return out
}

// EncodeVEX writes the anomalies of l as a standalone CycloneDX VEX
// document in format f (CycloneDX JSON or XML, version 1.4 or later): a
// BOM with no components whose vulnerabilities point, by BOM-Link, at the
// components of the SBOM the options name, each with its analysis:
//
//   - state: affected → exploitable, not-affected → not_affected, fixed →
//     resolved, under-investigation → in_triage; an anomaly nobody has
//     evaluated is in_triage, one the published data no longer applies
//     to (upgrade, withdrawn record) not_affected with that reason;
//   - justification: the VEX reason code a justification starts with
//     ("code_not_reachable: …"), and the rest as the detail;
//   - response: none; a SOUP list records no response (can_not_fix,
//     update …), and none is guessed. The fixed versions of an anomaly
//     that is not resolved become the vulnerability's recommendation.
//
// Ratings carry the severity and the CVSS vector and score, references
// the aliases; items without anomalies are not mentioned. The serial
// number is derived from the content.
func EncodeVEX(l *soup.List, f form.Format, o VEXOptions) ([]byte, error) {
	f = f.WithDefault()
	if f.Family != form.CycloneDX || (f.Encoding != form.JSON && f.Encoding != form.XML) {
		return nil, fmt.Errorf("cyclonedx vex: cannot encode %v", f)
	}
	if _, ok := specVersions[f.Version]; !ok || form.CompareVersions(f.Version, "1.4") < 0 {
		return nil, fmt.Errorf("cyclonedx vex: version %s has no vulnerabilities (want 1.4 or later)", f.Version)
	}
	sorted := form.SortedList(l)
	serial := o.sbomSerial(sorted, f.Version)
	refs := form.Refs(sorted, func(string) bool { return true }, systemRef)

	bom := cdx.NewBOM()
	meta := &cdx.Metadata{Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{
		{Type: cdx.ComponentTypeApplication, Name: "soupkit"},
	}}}
	if ts := (form.EncodeOptions{Timestamp: o.Timestamp}).Created(l); ts != "" {
		meta.Timestamp = ts
	}
	bom.Metadata = meta
	var vulns []cdx.Vulnerability
	for i := range sorted.Items {
		it := &sorted.Items[i]
		for _, a := range it.Anomalies {
			vulns = append(vulns, vexVulnerability(it, a, BOMLink(serial, 1, refs[i])))
		}
	}
	if len(vulns) > 0 {
		bom.Vulnerabilities = &vulns
	}
	h := sha256.New()
	fmt.Fprintf(h, "cyclonedx-vex\n%s\n%s\n", f, serial)
	var list bytes.Buffer
	if err := sorted.WriteJSON(&list); err != nil {
		return nil, fmt.Errorf("cyclonedx vex: %w", err)
	}
	h.Write(list.Bytes())
	bom.SerialNumber = "urn:uuid:" + uuid8(h.Sum(nil))
	b, err := writeBOM(bom, f, false)
	if err != nil {
		return nil, fmt.Errorf("cyclonedx vex: %w", err)
	}
	return b, nil
}

// uuid8 formats the first 16 bytes of a hash as a version 8 UUID.
func uuid8(h []byte) string {
	u := h[:16]
	u[6] = u[6]&0x0f | 0x80
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u)
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// vexVulnerability maps an anomaly of it to a VEX statement about the
// component link.
func vexVulnerability(it *soup.Item, a soup.Anomaly, link string) cdx.Vulnerability {
	v := vulnerability(a, link)
	if a.CVSS != "" || a.Score != 0 {
		r := cdx.VulnerabilityRating{Vector: a.CVSS, Method: cvssMethod(a.CVSS)}
		if severities[a.Severity] {
			r.Severity = cdx.Severity(a.Severity)
		}
		if a.Score != 0 {
			score := a.Score
			r.Score = &score
		}
		v.Ratings = &[]cdx.VulnerabilityRating{r}
	}
	var refs []cdx.VulnerabilityReference
	for _, id := range a.Aliases {
		refs = append(refs, cdx.VulnerabilityReference{ID: id, Source: advisorySource(id)})
	}
	if len(refs) > 0 {
		v.References = &refs
	}
	if !a.Published.IsZero() {
		v.Published = a.Published.Time().Format(time.RFC3339)
	}
	if !a.Modified.IsZero() {
		v.Updated = a.Modified.Time().Format(time.RFC3339)
	}
	if v.Analysis == nil {
		v.Analysis = &cdx.VulnerabilityAnalysis{}
	}
	switch {
	case a.Status == 0 && a.NoLongerAffects != "":
		v.Analysis.State = cdx.IASNotAffected
		if v.Analysis.Detail == "" {
			v.Analysis.Detail = "The published record no longer affects version " + it.Version + ": " + a.NoLongerAffects
		}
	case a.Status == 0:
		v.Analysis.State = cdx.IASInTriage
		v.Analysis.Detail = "Not evaluated yet."
	}
	if len(a.Fixed) > 0 && a.Status != soup.StatusNotAffected && a.Status != soup.StatusFixed {
		v.Recommendation = "Update to a fixed version: " + strings.Join(a.Fixed, ", ") + "."
	}
	if !a.Date.IsZero() {
		v.Analysis.LastUpdated = a.Date.Time().Format(time.RFC3339)
	}
	return v
}

// cvssMethod names the CycloneDX scoring method of a CVSS vector.
func cvssMethod(vector string) cdx.ScoringMethod {
	switch {
	case strings.HasPrefix(vector, "CVSS:3.1/"):
		return cdx.ScoringMethodCVSSv31
	case strings.HasPrefix(vector, "CVSS:3.0/"):
		return cdx.ScoringMethodCVSSv3
	case strings.HasPrefix(vector, "CVSS:4.0/"):
		return cdx.ScoringMethodCVSSv4
	case strings.HasPrefix(vector, "AV:"):
		return cdx.ScoringMethodCVSSv2
	}
	return cdx.ScoringMethodOther
}

// advisorySource names where an advisory ID is published.
func advisorySource(id string) *cdx.Source {
	switch {
	case strings.HasPrefix(id, "CVE-"):
		return &cdx.Source{Name: "NVD", URL: "https://nvd.nist.gov/vuln/detail/" + id}
	case strings.HasPrefix(id, "GHSA-"):
		return &cdx.Source{Name: "GitHub", URL: "https://github.com/advisories/" + id}
	}
	return &cdx.Source{Name: "OSV", URL: "https://osv.dev/vulnerability/" + id}
}
