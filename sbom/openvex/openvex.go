// Package openvex writes the anomaly evaluations of a SOUP list as an
// OpenVEX document (https://github.com/openvex/spec, version 0.2.0), the
// VEX format many scanners (grype, trivy) read to suppress findings a
// manufacturer has evaluated.
//
// The document is written by hand with encoding/json: the OpenVEX
// project's Go library (github.com/openvex/go-vex v0.2.9) requires Go
// 1.25.9 and brings in-toto attestation, protobuf, SARIF and cty modules
// with it, for a format of a dozen fields.
//
// Each anomaly of an item becomes one statement: the vulnerability (its ID,
// aliases and summary), the product (the item, identified by its package
// URL, else by the BOM-Link of its component in the CycloneDX SBOM soupkit
// writes for the list, see [cyclonedx.BOMLinks]), and the status:
//
//	affected            affected        action_statement: the justification, else the fixed versions
//	not-affected        not_affected    justification (from a VEX reason code), impact_statement
//	fixed               fixed
//	under-investigation under_investigation
//	(not evaluated)     under_investigation, or not_affected when the
//	                    published data no longer applies to the version
//
// The output is deterministic: statements in the order of the items
// (sorted as sbom.Encode sorts them), then of their anomalies; the
// document's @id derived from the content unless given; no clock.
package openvex

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/soupkit/soupkit/sbom/cyclonedx"
	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// Context is the JSON-LD context of the OpenVEX version written.
const Context = "https://openvex.dev/ns/v0.2.0"

// ErrNoStatements is returned when the list records no anomaly: an
// OpenVEX document must hold at least one statement.
var ErrNoStatements = errors.New("openvex: the list records no anomaly to make a statement about")

// Options configures Encode. A nil *Options means defaults.
type Options struct {
	// ID is the document's @id (an IRI); empty means a urn:uuid derived
	// from the content.
	ID string
	// Author is who issues the statements; empty means the system's
	// manufacturer, else the document's author.
	Author string
	// Timestamp is when the document was issued; zero means the list's
	// document date, else the latest date of an evaluation, else the
	// Unix epoch. Encode never reads the clock.
	Timestamp time.Time
	// SBOM names the CycloneDX SBOM whose components identify the items
	// without a package URL (by BOM-Link).
	SBOM cyclonedx.VEXOptions
}

type document struct {
	Context    string      `json:"@context"`
	ID         string      `json:"@id"`
	Author     string      `json:"author"`
	Timestamp  string      `json:"timestamp"`
	Version    int         `json:"version"`
	Tooling    string      `json:"tooling"`
	Statements []statement `json:"statements"`
}

type statement struct {
	Vulnerability   vulnerability `json:"vulnerability"`
	Timestamp       string        `json:"timestamp,omitempty"`
	Products        []product     `json:"products"`
	Status          string        `json:"status"`
	Supplier        string        `json:"supplier,omitempty"`
	StatusNotes     string        `json:"status_notes,omitempty"`
	Justification   string        `json:"justification,omitempty"`
	ImpactStatement string        `json:"impact_statement,omitempty"`
	ActionStatement string        `json:"action_statement,omitempty"`
}

type vulnerability struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Aliases     []string `json:"aliases,omitempty"`
}

type product struct {
	ID          string            `json:"@id"`
	Identifiers map[string]string `json:"identifiers,omitempty"`
	Hashes      map[string]string `json:"hashes,omitempty"`
}

// statuses maps anomaly statuses to OpenVEX statuses.
var statuses = map[soup.AnomalyStatus]string{
	soup.StatusAffected:           "affected",
	soup.StatusNotAffected:        "not_affected",
	soup.StatusFixed:              "fixed",
	soup.StatusUnderInvestigation: "under_investigation",
}

// justifications maps the CycloneDX VEX reason codes a justification may
// start with ("code_not_reachable: …") to OpenVEX justifications, where
// one means the same.
var justifications = map[string]string{
	"code_not_present":                "vulnerable_code_not_present",
	"code_not_reachable":              "vulnerable_code_not_in_execute_path",
	"protected_by_compiler":           "inline_mitigations_already_exist",
	"protected_at_runtime":            "inline_mitigations_already_exist",
	"protected_by_mitigating_control": "inline_mitigations_already_exist",
}

// hashNames maps the CycloneDX hash algorithm names soupkit uses to
// OpenVEX hash keys.
var hashNames = map[string]string{
	"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha-256", "SHA-384": "sha-384", "SHA-512": "sha-512",
	"SHA3-224": "sha3-224", "SHA3-256": "sha3-256", "SHA3-384": "sha3-384", "SHA3-512": "sha3-512",
	"BLAKE2s-256": "blake2s-256", "BLAKE2b-256": "blake2b-256", "BLAKE2b-512": "blake2b-512",
}

// Encode writes the anomalies of l as an OpenVEX 0.2.0 JSON document. It
// returns ErrNoStatements when l records no anomaly, and an error when no
// author is known.
func Encode(l *soup.List, opts *Options) ([]byte, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	author := firstOf(o.Author, l.System.Manufacturer, l.Document.Author)
	if author == "" {
		return nil, errors.New("openvex: no author: set the system's manufacturer or the author")
	}
	order := form.SortOrder(l)
	links := cyclonedx.BOMLinks(l, o.SBOM)
	var (
		stmts  []statement
		latest soup.Date
	)
	for _, i := range order {
		it := &l.Items[i]
		p := itemProduct(it, links[i])
		for _, a := range it.Anomalies {
			stmts = append(stmts, itemStatement(it, a, p))
			if a.Date.Time().After(latest.Time()) {
				latest = a.Date
			}
		}
	}
	if len(stmts) == 0 {
		return nil, ErrNoStatements
	}
	ts := o.Timestamp
	switch {
	case !ts.IsZero():
	case !l.Document.Date.IsZero():
		ts = l.Document.Date.Time()
	case !latest.IsZero():
		ts = latest.Time()
	default:
		ts = time.Unix(0, 0)
	}
	doc := document{
		Context:    Context,
		ID:         o.ID,
		Author:     author,
		Timestamp:  ts.UTC().Format(time.RFC3339),
		Version:    1,
		Tooling:    "soupkit",
		Statements: stmts,
	}
	if doc.ID == "" {
		body, err := json.Marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("openvex: %w", err)
		}
		h := sha256.Sum256(append([]byte("openvex\n"), body...))
		doc.ID = "urn:uuid:" + uuid8(h[:])
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("openvex: %w", err)
	}
	return buf.Bytes(), nil
}

// itemProduct identifies an item: by package URL where it has one, else
// by the BOM-Link of its component.
func itemProduct(it *soup.Item, link string) product {
	p := product{ID: link}
	ids := map[string]string{}
	if it.PURL != "" {
		p.ID = it.PURL
		ids["purl"] = it.PURL
	}
	switch {
	case strings.HasPrefix(it.CPE, "cpe:2.3:"):
		ids["cpe23"] = it.CPE
	case strings.HasPrefix(it.CPE, "cpe:/"):
		ids["cpe22"] = it.CPE
	}
	if len(ids) > 0 {
		p.Identifiers = ids
	}
	for _, h := range it.Hashes {
		if k, ok := hashNames[h.Algorithm]; ok {
			if p.Hashes == nil {
				p.Hashes = map[string]string{}
			}
			p.Hashes[k] = h.Value
		}
	}
	return p
}

// itemStatement is the statement about one anomaly of an item.
func itemStatement(it *soup.Item, a soup.Anomaly, p product) statement {
	s := statement{
		Vulnerability: vulnerability{Name: a.ID, Description: a.Summary, Aliases: unique(a.Aliases, a.ID)},
		Products:      []product{p},
		Status:        statuses[a.Status],
		Supplier:      it.Manufacturer,
	}
	if !a.Date.IsZero() {
		s.Timestamp = a.Date.Time().Format(time.RFC3339)
	}
	var notes []string
	if a.By != "" {
		notes = append(notes, "Evaluated by "+a.By+".")
	}
	code, detail, _ := strings.Cut(a.Justification, ": ")
	switch {
	case a.Status == 0 && a.NoLongerAffects != "":
		s.Status = "not_affected"
		s.ImpactStatement = "The published record no longer affects version " + it.Version + ": " + a.NoLongerAffects
	case a.Status == 0:
		s.Status = "under_investigation"
		notes = append(notes, "Not evaluated yet.")
	case a.Status == soup.StatusNotAffected:
		if j, ok := justifications[code]; ok {
			s.Justification = j
			s.ImpactStatement = detail
		} else {
			s.ImpactStatement = a.Justification
		}
		if s.Justification == "" && s.ImpactStatement == "" {
			s.ImpactStatement = "The evaluation records no justification."
		}
	case a.Status == soup.StatusAffected:
		s.ActionStatement = a.Justification
		if s.ActionStatement == "" && len(a.Fixed) > 0 {
			s.ActionStatement = "Update to a fixed version: " + strings.Join(a.Fixed, ", ") + "."
		}
		if s.ActionStatement == "" {
			s.ActionStatement = "The evaluation records no action."
		}
	default:
		if a.Justification != "" {
			notes = append(notes, a.Justification)
		}
	}
	if a.NoLongerAffects != "" && a.Status != 0 {
		notes = append(notes, "The published record no longer affects this version: "+a.NoLongerAffects)
	}
	s.StatusNotes = strings.Join(notes, " ")
	return s
}

// unique returns ids without duplicates and without self, in order.
func unique(ids []string, self string) []string {
	var out []string
	seen := map[string]bool{self: true}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// uuid8 formats the first 16 bytes of a hash as a version 8 UUID.
func uuid8(h []byte) string {
	u := h[:16]
	u[6] = u[6]&0x0f | 0x80
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u)
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}
