package sbom

import (
	"bytes"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
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
// reference's key and, when the reference has one, its version. A
// BOM-Link names one BOM: it is about l only when its serial number and
// version are those of an SBOM l was read from (l.Sources; a CycloneDX
// BOM without a version is version 1), or of the SBOM soupkit writes for
// l (cyclonedx.SBOMSerials, version 1); a BOM-Link to another BOM is a
// warning naming it, never applied. An anomaly of the same ID already on
// the item is updated; otherwise one is added. A statement that matches
// no item is a warning naming it, in the returned report, whose Items
// counts the items that got a statement. Every error is a *DecodeError.
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
	boms := newBOMScope(l)
	for _, st := range sts {
		if len(st.Refs) == 0 {
			rep.Warnings = append(rep.Warnings, Warning{Ref: "vulnerability " + st.Anomaly.ID, Message: "statement names no product: not applied"})
			continue
		}
		for _, written := range st.Refs {
			ref := written
			if link, ok := parseBOMLink(ref); ok {
				if !boms.has(link) {
					rep.Warnings = append(rep.Warnings, Warning{Ref: "vulnerability " + st.Anomaly.ID, Field: "affects",
						Message: fmt.Sprintf("statement (%s) about %q: a BOM-Link to another BOM (%s), not to %s: not applied",
							st.Anomaly.Status, link.ref, link.bom(), boms.describe())})
					continue
				}
				ref = link.ref
			}
			matched := false
			for i := range l.Items {
				if it := &l.Items[i]; !it.Removed && vexMatches(it, ref) {
					attach(it, st.Anomaly)
					touched[i], matched = true, true
				}
			}
			if !matched {
				rep.Warnings = append(rep.Warnings, Warning{Ref: "vulnerability " + st.Anomaly.ID, Field: "affects",
					Message: fmt.Sprintf("statement (%s) about %q matches no item: not applied", st.Anomaly.Status, written)})
			}
		}
	}
	rep.Items = len(touched)
	return rep, nil
}

// bomLink is a parsed CycloneDX BOM-Link, urn:cdx:SERIAL/VERSION#REF.
type bomLink struct {
	serial  string // urn:uuid:SERIAL, lower case
	version int    // 0 when the link has none, -1 when it is no number
	written string // the version as written
	ref     string // the bom-ref, unescaped; "" for a link to a whole BOM
}

// parseBOMLink parses ref as a BOM-Link; ok is false when ref is none.
func parseBOMLink(ref string) (link bomLink, ok bool) {
	rest, found := strings.CutPrefix(ref, "urn:cdx:")
	if !found {
		return bomLink{}, false
	}
	rest, frag, _ := strings.Cut(rest, "#")
	if u, err := url.PathUnescape(frag); err == nil {
		frag = u
	}
	serial, version, hasVersion := strings.Cut(rest, "/")
	link = bomLink{serial: "urn:uuid:" + strings.ToLower(serial), written: version, ref: frag}
	if hasVersion {
		n, err := strconv.Atoi(version)
		if err != nil || n < 1 {
			n = -1 // names no version a BOM has
		}
		link.version = n
	}
	return link, true
}

// bom names the BOM of the link: its serial number and version.
func (b bomLink) bom() string {
	switch {
	case b.version == 0:
		return b.serial
	case b.version < 0:
		return fmt.Sprintf("%s version %q", b.serial, form.Excerpt(b.written))
	}
	return fmt.Sprintf("%s version %d", b.serial, b.version)
}

// bomScope is what the BOM-Links of a VEX document may name for a list:
// the CycloneDX SBOMs it was read from, and the SBOM soupkit writes for it.
type bomScope struct {
	l       *soup.List
	sources map[string]int // serial number (lower case) → version
	written []string       // cyclonedx.SBOMSerials(l), once needed
}

func newBOMScope(l *soup.List) *bomScope {
	s := &bomScope{l: l, sources: map[string]int{}}
	for _, src := range l.Sources {
		if serial := strings.ToLower(src.Serial); strings.HasPrefix(serial, "urn:uuid:") {
			s.sources[serial] = max(src.BOMVersion, 1)
		}
	}
	return s
}

// has reports whether link names an SBOM of the list; a link without a
// version names any version of it.
func (s *bomScope) has(link bomLink) bool {
	if v, ok := s.sources[link.serial]; ok {
		return link.version == 0 || link.version == v
	}
	if link.version != 0 && link.version != 1 {
		return false // soupkit writes version 1
	}
	if s.written == nil {
		s.written = cyclonedx.SBOMSerials(s.l)
	}
	_, found := slices.BinarySearch(s.written, link.serial)
	return found
}

// describe names the SBOMs the list was read from, for a warning.
func (s *bomScope) describe() string {
	if len(s.sources) == 0 {
		return "this list's SBOM (read from no CycloneDX SBOM with a serial number)"
	}
	var names []string
	for _, serial := range slices.Sorted(maps.Keys(s.sources)) {
		names = append(names, fmt.Sprintf("%s version %d", serial, s.sources[serial]))
	}
	if len(names) > 2 {
		names = append(names[:2], fmt.Sprintf("%d more", len(names)-2))
	}
	return "the SBOM read (" + strings.Join(names, ", ") + ")"
}

// vexMatches reports whether ref, a product of a VEX statement (a BOM-Link
// replaced by its bom-ref), is it.
func vexMatches(it *soup.Item, ref string) bool {
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
