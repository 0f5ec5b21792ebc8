package sbom

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// How `cosign attest` and other signers ship an SBOM: the SBOM is the
// predicate of an in-toto statement, and the statement the base64
// payload of a DSSE envelope.

// unwrapAttestation returns the SBOM inside data when data is a DSSE
// envelope or an in-toto statement (or one inside the other), with a
// warning that says so; otherwise data itself.
func unwrapAttestation(data []byte) ([]byte, []Warning) {
	var warnings []Warning
	for range 3 { // an envelope, a statement, cosign's {"Data": …} predicate
		head := data[:min(len(data), 4096)]
		t := bytes.TrimLeft(head, " \t\r\n")
		if len(t) == 0 || t[0] != '{' || !(bytes.Contains(head, []byte(`"payload`)) ||
			bytes.Contains(head, []byte(`"_type"`)) || bytes.Contains(head, []byte(`"predicateType"`))) {
			return data, warnings
		}
		var w struct {
			PayloadType   string          `json:"payloadType"`
			Payload       []byte          `json:"payload"`
			Type          string          `json:"_type"`
			PredicateType string          `json:"predicateType"`
			Predicate     json.RawMessage `json:"predicate"`
		}
		if json.Unmarshal(data, &w) != nil {
			return data, warnings // the format's reader says what is wrong
		}
		switch {
		case w.PayloadType != "" && w.Payload != nil:
			warnings = append(warnings, Warning{Message: fmt.Sprintf("read the payload of a DSSE envelope (%s); its signatures are not verified", w.PayloadType)})
			data = w.Payload
		case strings.Contains(w.Type, "in-toto.io/Statement") && len(w.Predicate) > 0:
			warnings = append(warnings, Warning{Message: fmt.Sprintf("read the predicate (%s) of an in-toto statement", w.PredicateType)})
			data = w.Predicate
			// cosign's generic predicate: {"Data": the SBOM, as a string or an object}
			var c struct {
				Data json.RawMessage `json:"Data"`
			}
			if json.Unmarshal(data, &c) == nil && len(c.Data) > 0 {
				var s string
				if json.Unmarshal(c.Data, &s) == nil {
					data = []byte(s)
				} else {
					data = c.Data
				}
			}
		default:
			return data, warnings
		}
	}
	return data, warnings
}
