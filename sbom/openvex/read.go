package openvex

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// Statements reads an OpenVEX document (v0.0.1 or v0.2.0), as
// sbom.ApplyVEX hands it over, into its statements: the anomaly each
// states (the vulnerability's name, the status, the justification joined
// with the impact, action and status notes) and the products it is about
// (the subcomponents, else the products: package URLs or other IRIs).
// Errors are a *sbom.DecodeError.
func Statements(data []byte) ([]form.Statement, error) {
	var f form.Format
	var doc struct {
		Statements []struct {
			Vulnerability   json.RawMessage   `json:"vulnerability"`
			Products        []json.RawMessage `json:"products"`
			Subcomponents   []json.RawMessage `json:"subcomponents"`
			Status          string            `json:"status"`
			Justification   string            `json:"justification"`
			ImpactStatement string            `json:"impact_statement"`
			ActionStatement string            `json:"action_statement"`
			StatusNotes     string            `json:"status_notes"`
		} `json:"statements"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		e := form.Locate(f, data, err)
		e.Err = fmt.Errorf("openvex: %w", e.Err)
		return nil, e
	}
	var out []form.Statement
	for i, s := range doc.Statements {
		var a soup.Anomaly
		// v0.0.1: "vulnerability": "CVE-…"; v0.2.0: {"name": "CVE-…", "@id": …}
		var v struct {
			Name string `json:"name"`
			ID   string `json:"@id"`
		}
		if json.Unmarshal(s.Vulnerability, &a.ID) != nil && json.Unmarshal(s.Vulnerability, &v) == nil {
			a.ID = v.Name
			if a.ID == "" {
				a.ID = v.ID
			}
		}
		st, ok := readStatuses[s.Status]
		if !ok {
			return nil, &form.DecodeError{Ref: fmt.Sprintf("statements[%d]", i), Err: fmt.Errorf("openvex: unknown status %q", s.Status)}
		}
		a.Status = st
		var why []string
		for _, w := range []string{s.Justification, s.ImpactStatement, s.ActionStatement, s.StatusNotes} {
			if w = strings.TrimSpace(w); w != "" {
				why = append(why, w)
			}
		}
		a.Justification = strings.Join(why, ": ")
		refs := s.Subcomponents
		if len(refs) == 0 {
			refs = s.Products
		}
		var ids []string
		for _, p := range refs {
			var id string
			if json.Unmarshal(p, &id) != nil {
				var o struct {
					ID          string            `json:"@id"`
					Identifiers map[string]string `json:"identifiers"`
				}
				if json.Unmarshal(p, &o) != nil {
					continue
				}
				id = o.ID
				if purl := o.Identifiers["purl"]; purl != "" {
					id = purl
				}
			}
			ids = append(ids, id)
		}
		out = append(out, form.Statement{Refs: ids, Anomaly: a})
	}
	if len(out) == 0 && len(doc.Statements) == 0 {
		return nil, &form.DecodeError{Err: errors.New("openvex: no statements")}
	}
	return out, nil
}

// readStatuses maps OpenVEX statuses to anomaly statuses.
var readStatuses = map[string]soup.AnomalyStatus{
	"not_affected":        soup.StatusNotAffected,
	"affected":            soup.StatusAffected,
	"fixed":               soup.StatusFixed,
	"under_investigation": soup.StatusUnderInvestigation,
}
