package sbom

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/soupkit/soupkit/sbom/cyclonedx"
	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/sbom/openvex"
	"github.com/soupkit/soupkit/soup"
)

// ErrVEXOnly is returned (wrapped in a *DecodeError) by Decode for a VEX
// document without components (CycloneDX VEX, OpenVEX): it says how
// anomalies affect the items of an SBOM but lists none itself, so it is no
// SOUP list. Give it to ApplyVEX (the soup command: -vex FILE) beside the
// SBOM.
var ErrVEXOnly = form.ErrVEXOnly

// ApplyVEX attaches the statements of a VEX document (data: CycloneDX VEX
// or VDR, JSON or XML, or OpenVEX JSON, also inside an in-toto statement
// or DSSE envelope) to the items of l they are about, as anomalies with
// the statement's status, justification and detail. A statement names its
// products by package URL, CycloneDX bom-ref or BOM-Link
// (urn:cdx:serial/version#bom-ref); it matches an item whose ID is the
// reference (the bom-refs soupkit writes), or whose package URL has the
// reference's key and, when the reference has one, its version. An
// anomaly of the same ID already on the item is updated; otherwise one
// is added. A statement that matches no item is a warning naming it, in
// the returned report, whose Items counts the items that got a statement.
// Every error is a *DecodeError.
func ApplyVEX(l *soup.List, data []byte) (*Report, error) {
	data, err := utf8Text(data)
	if err != nil {
		return nil, &DecodeError{Err: err}
	}
	data, _ = unwrapAttestation(data)
	var sts []form.Statement
	if isOpenVEX(data) {
		sts, err = openvex.Statements(data)
	} else {
		var f Format
		if f, err = detect(data); err == nil {
			if f.Family != CycloneDX {
				return nil, &DecodeError{Format: f, Err: fmt.Errorf("%w: a VEX document is CycloneDX or OpenVEX, not %v", ErrUnknownFormat, f)}
			}
			sts, err = cyclonedx.Statements(data, f)
		}
	}
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	touched := map[int]bool{}
	for _, st := range sts {
		if len(st.Refs) == 0 {
			rep.Warnings = append(rep.Warnings, Warning{Ref: "vulnerability " + st.Anomaly.ID, Message: "statement names no product: not applied"})
			continue
		}
		for _, ref := range st.Refs {
			matched := false
			for i := range l.Items {
				if it := &l.Items[i]; !it.Removed && vexMatches(it, ref) {
					attach(it, st.Anomaly)
					touched[i], matched = true, true
				}
			}
			if !matched {
				rep.Warnings = append(rep.Warnings, Warning{Ref: "vulnerability " + st.Anomaly.ID, Field: "affects",
					Message: fmt.Sprintf("statement (%s) about %q matches no item: not applied", st.Anomaly.Status, ref)})
			}
		}
	}
	rep.Items = len(touched)
	return rep, nil
}

// vexMatches reports whether ref, a product of a VEX statement, is it.
func vexMatches(it *soup.Item, ref string) bool {
	if strings.HasPrefix(ref, "urn:cdx:") {
		_, frag, ok := strings.Cut(ref, "#")
		if !ok {
			return false // a BOM-Link to a whole BOM
		}
		if u, err := url.PathUnescape(frag); err == nil {
			frag = u
		}
		ref = frag
	}
	if ref == "" {
		return false
	}
	if ref == it.ID || ref == it.PURL {
		return true
	}
	if !strings.HasPrefix(ref, "pkg:") || it.PURL == "" {
		return false
	}
	k, err := soup.PURLKey(ref)
	if err != nil || k != it.Key() {
		return false
	}
	if v := purlVersion(ref); v != "" && v != it.Version && v != purlVersion(it.PURL) {
		return false
	}
	// Qualifiers both give (arch=armv7, arch=x86_64) must agree.
	a, b := qualifiers(ref), qualifiers(it.PURL)
	for k := range a {
		if _, ok := b[k]; ok && a.Get(k) != b.Get(k) {
			return false
		}
	}
	return true
}

// qualifiers returns the qualifiers of a package URL.
func qualifiers(p string) url.Values {
	p, _, _ = strings.Cut(p, "#")
	_, q, ok := strings.Cut(p, "?")
	if !ok {
		return nil
	}
	v, _ := url.ParseQuery(q)
	return v
}

// purlVersion returns the (unescaped) version of a package URL, or "".
func purlVersion(p string) string {
	p, _, _ = strings.Cut(p, "#")
	p, _, _ = strings.Cut(p, "?")
	i := strings.LastIndexByte(p, '@')
	if i < 0 || i < strings.LastIndexByte(p, '/') {
		return ""
	}
	v, err := url.PathUnescape(p[i+1:])
	if err != nil {
		return p[i+1:]
	}
	return v
}

// attach puts a on it: an anomaly of the same ID takes a's status and
// justification, and what else a says where it says nothing.
func attach(it *soup.Item, a soup.Anomaly) {
	for i := range it.Anomalies {
		if x := &it.Anomalies[i]; strings.EqualFold(x.ID, a.ID) {
			if a.Status != 0 {
				x.Status, x.Justification = a.Status, a.Justification
			}
			if x.Summary == "" {
				x.Summary = a.Summary
			}
			if x.Source == "" {
				x.Source = a.Source
			}
			if x.Severity == "" {
				x.Severity = a.Severity
			}
			return
		}
	}
	it.Anomalies = append(it.Anomalies, a)
}

// isOpenVEX reports whether data is an OpenVEX document.
func isOpenVEX(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte(`"@context"`)) && bytes.Contains(head, []byte("openvex.dev/ns"))
}
