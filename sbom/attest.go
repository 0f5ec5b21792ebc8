package sbom

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

// How `cosign attest` and other signers ship an SBOM: the SBOM is the
// predicate of an in-toto statement, and the statement the base64
// payload of a DSSE envelope; a Sigstore bundle (cosign --bundle, GitHub
// attest-sbom) holds the envelope as its dsseEnvelope, and an attestation
// bundle (.intoto.jsonl) holds several envelopes, one a line.

// unwrapAttestation returns the SBOM inside data when data is a Sigstore
// bundle, a DSSE envelope, an in-toto statement (or one inside the other)
// or an attestation bundle of them holding one SBOM, with warnings that
// say so; otherwise data itself. An attestation bundle holding no SBOM,
// or several, is an error.
func unwrapAttestation(data []byte) ([]byte, []Warning, error) {
	inner, predicateType, warnings, ok := unwrap(data)
	if !ok {
		return attestationBundle(data)
	}
	if predicateType != "" {
		// A statement of something else (SLSA provenance…): say so, not
		// that the predicate's JSON is no SBOM.
		var de *DecodeError
		if _, err := detect(inner); errors.Is(err, ErrUnknownFormat) && errors.As(err, &de) {
			return nil, nil, &DecodeError{Err: fmt.Errorf("the predicate (%s) of an in-toto statement: %w", predicateType, de.Err)}
		}
	}
	return inner, warnings, nil
}

// unwrap is unwrapAttestation on one JSON value: it returns the SBOM
// inside data and the type of the predicate it was (empty when data was
// no statement). ok is false when data is not one JSON value but starts
// like an attestation (an attestation bundle, or broken JSON).
func unwrap(data []byte) (inner []byte, predicateType string, warnings []Warning, ok bool) {
	for range 4 { // a bundle, an envelope, a statement, cosign's {"Data": …} predicate
		head := data[:min(len(data), 4096)]
		t := bytes.TrimLeft(head, " \t\r\n")
		if len(t) == 0 || t[0] != '{' || !(bytes.Contains(head, []byte(`"payload`)) ||
			bytes.Contains(head, []byte(`"_type"`)) || bytes.Contains(head, []byte(`"predicateType"`)) ||
			bytes.Contains(head, []byte(`"dsseEnvelope"`)) || bytes.Contains(head, []byte(`application/vnd.dev.sigstore.bundle`))) {
			return data, predicateType, warnings, true
		}
		var w struct {
			MediaType     string          `json:"mediaType"`
			DSSE          json.RawMessage `json:"dsseEnvelope"`
			PayloadType   string          `json:"payloadType"`
			Payload       string          `json:"payload"`
			Type          string          `json:"_type"`
			PredicateType string          `json:"predicateType"`
			Predicate     json.RawMessage `json:"predicate"`
		}
		if err := json.Unmarshal(data, &w); err != nil {
			// Several values, one a line, are an attestation bundle; any
			// other error the format's reader reports.
			var se *json.SyntaxError
			return data, predicateType, warnings, len(warnings) > 0 || !errors.As(err, &se)
		}
		switch {
		case len(w.DSSE) > 0 && !bytes.Equal(w.DSSE, []byte("null")):
			what := "a Sigstore bundle"
			if w.MediaType != "" {
				what += " (" + w.MediaType + ")"
			}
			warnings = append(warnings, Warning{Message: "read the DSSE envelope of " + what + "; its verification material is not checked"})
			data = w.DSSE
		case w.PayloadType != "" && w.Payload != "":
			payload, err := decodeBase64(w.Payload)
			if err != nil {
				return data, predicateType, warnings, true // the format's reader says what is wrong
			}
			warnings = append(warnings, Warning{Message: fmt.Sprintf("read the payload of a DSSE envelope (%s); its signatures are not verified", w.PayloadType)})
			data = payload
		case strings.Contains(w.Type, "in-toto.io/Statement") && len(w.Predicate) > 0:
			warnings = append(warnings, Warning{Message: fmt.Sprintf("read the predicate (%s) of an in-toto statement", w.PredicateType)})
			predicateType = w.PredicateType
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
			return data, predicateType, warnings, true
		}
	}
	return data, predicateType, warnings, true
}

// attestationBundle reads an in-toto attestation bundle (.intoto.jsonl):
// JSON values, one a line, each an envelope or a statement. The one that
// holds an SBOM (or a VEX document) is returned, with a warning naming
// what else the bundle held; none or several are an error. Input that is
// no such bundle is returned as it is, for the format's reader to report.
func attestationBundle(data []byte) ([]byte, []Warning, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	type line struct {
		n             int
		inner         []byte
		predicateType string
		warnings      []Warning
	}
	var sboms, others []line
	for {
		off := dec.InputOffset()
		var v json.RawMessage
		if err := dec.Decode(&v); err == io.EOF {
			break
		} else if err != nil {
			return data, nil, nil
		}
		n, _ := form.Position(data, off+int64(len(data[off:])-len(bytes.TrimLeft(data[off:], " \t\r\n"))))
		inner, pt, w, ok := unwrap(v)
		if !ok || len(w) == 0 {
			return data, nil, nil // not an attestation: not a bundle
		}
		l := line{n, inner, pt, w}
		if f, err := detect(inner); err == nil && f.Family != Native || errors.Is(err, ErrVEXOnly) {
			sboms = append(sboms, l)
		} else {
			others = append(others, l)
		}
	}
	describe := func(ls []line) string {
		var s []string
		for _, l := range ls {
			pt := l.predicateType
			if pt == "" {
				pt = "no in-toto statement"
			}
			s = append(s, fmt.Sprintf("line %d (%s)", l.n, pt))
		}
		return strings.Join(s, ", ")
	}
	switch len(sboms) {
	case 0:
		return nil, nil, &DecodeError{Line: 1, Err: fmt.Errorf("%w: an attestation bundle (JSON Lines) without an SBOM: %s", ErrUnknownFormat, describe(others))}
	case 1:
	default:
		return nil, nil, &DecodeError{Line: sboms[1].n, Err: fmt.Errorf("an attestation bundle (JSON Lines) with %d SBOMs, %s: give each as its own input", len(sboms), describe(sboms))}
	}
	s := sboms[0]
	msg := fmt.Sprintf("read line %d of an attestation bundle (JSON Lines)", s.n)
	if len(others) > 0 {
		msg += "; not SBOMs, not read: " + describe(others)
	}
	return s.inner, append([]Warning{{Line: s.n, Message: msg}}, s.warnings...), nil
}

// decodeBase64 decodes a DSSE payload, which signers write in standard or
// URL-safe base64, padded or not (the DSSE specification accepts both).
func decodeBase64(s string) ([]byte, error) {
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		var b []byte
		if b, err = enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, err
}
