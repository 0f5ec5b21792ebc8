package anomaly

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/soupkit/soupkit/internal/limit"
)

// MaxRecordBytes is the largest single OSV record [DecodeOSV] accepts when
// the caller sets no bound.
const MaxRecordBytes = 8 << 20

// ErrTooLarge is returned (wrapped) when an input exceeds its size bound.
// It is the same value as soup.ErrTooLarge and sbom.ErrTooLarge.
var ErrTooLarge = limit.ErrTooLarge

// Vuln is an OSV record (https://ossf.github.io/osv-schema/): the fields
// this package uses. Raw keeps the record's bytes for the snapshot digest.
type Vuln struct {
	SchemaVersion string          `json:"schema_version,omitempty"`
	ID            string          `json:"id"`
	Modified      time.Time       `json:"modified"`
	Published     time.Time       `json:"published,omitzero"`
	Withdrawn     time.Time       `json:"withdrawn,omitzero"`
	Aliases       []string        `json:"aliases,omitempty"`
	Related       []string        `json:"related,omitempty"`
	Summary       string          `json:"summary,omitempty"`
	Details       string          `json:"details,omitempty"`
	Severity      []Severity      `json:"severity,omitempty"`
	Affected      []Affected      `json:"affected,omitempty"`
	Database      json.RawMessage `json:"database_specific,omitempty"`

	// Raw is the record as read, compacted; it is not encoded.
	Raw []byte `json:"-"`
}

// Severity is an OSV severity: a type (CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu)
// and a score, which for CVSS is the vector.
type Severity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

// Affected is one affected package of an OSV record.
type Affected struct {
	Package  Package    `json:"package"`
	Severity []Severity `json:"severity,omitempty"`
	Ranges   []Range    `json:"ranges,omitempty"`
	Versions []string   `json:"versions,omitempty"`
}

// Package names a package in an OSV ecosystem.
type Package struct {
	// Ecosystem is OSV's ecosystem name, such as "PyPI" or "Debian:12".
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
	PURL      string `json:"purl,omitempty"`
}

// Range is an OSV affected range: a type (ECOSYSTEM, SEMVER, GIT) and the
// events that open and close it.
type Range struct {
	Type   string  `json:"type"`
	Repo   string  `json:"repo,omitempty"`
	Events []Event `json:"events"`
}

// Event is one event of a range; exactly one field is set.
type Event struct {
	Introduced   string `json:"introduced,omitempty"`
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`
	Limit        string `json:"limit,omitempty"`
}

// RecordError is an OSV record that could not be decoded, with where it
// came from (a file, a zip entry or a URL).
type RecordError struct {
	Where string
	Err   error
}

// Error implements error.
func (e *RecordError) Error() string {
	return fmt.Sprintf("anomaly: osv record %s: %v", e.Where, e.Err)
}

// Unwrap returns the underlying error.
func (e *RecordError) Unwrap() error { return e.Err }

// DecodeOSV reads one OSV record of at most max bytes (MaxRecordBytes when
// max <= 0). A record without an ID, with an unknown range type's events
// out of place, or with an event that sets no or several fields is an
// error; unknown fields are ignored, as the OSV schema allows.
func DecodeOSV(r io.Reader, max int64) (*Vuln, error) {
	if max <= 0 {
		max = MaxRecordBytes
	}
	data, err := limit.ReadAll(r, max)
	if err != nil {
		return nil, fmt.Errorf("anomaly: osv record: %w", err)
	}
	return parseOSV(data)
}

// parseOSV decodes and checks one record.
func parseOSV(data []byte) (*Vuln, error) {
	var v Vuln
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("anomaly: osv record: %w", err)
	}
	if err := v.check(); err != nil {
		return nil, fmt.Errorf("anomaly: osv record %q: %w", v.ID, err)
	}
	var b bytes.Buffer
	if json.Compact(&b, data) == nil {
		v.Raw = b.Bytes()
	}
	return &v, nil
}

// check reports what json.Unmarshal cannot see.
func (v *Vuln) check() error {
	if strings.TrimSpace(v.ID) == "" {
		return errors.New("no id")
	}
	for i, a := range v.Affected {
		for j, r := range a.Ranges {
			for k, e := range r.Events {
				n := 0
				for _, s := range []string{e.Introduced, e.Fixed, e.LastAffected, e.Limit} {
					if s != "" {
						n++
					}
				}
				if n != 1 {
					return fmt.Errorf("affected[%d].ranges[%d].events[%d]: want exactly one of introduced, fixed, last_affected, limit", i, j, k)
				}
			}
		}
	}
	return nil
}

// IsWithdrawn reports whether the record has been withdrawn.
func (v *Vuln) IsWithdrawn() bool { return !v.Withdrawn.IsZero() }

// ids returns the record's ID followed by its aliases.
func (v *Vuln) ids() []string { return append([]string{v.ID}, v.Aliases...) }

// databaseSeverity returns the severity in database_specific (GitHub's
// "HIGH", "MODERATE" …), lower-cased, with "moderate" read as "medium".
func (v *Vuln) databaseSeverity() string {
	var d struct {
		Severity string `json:"severity"`
	}
	if len(v.Database) == 0 || json.Unmarshal(v.Database, &d) != nil {
		return ""
	}
	s := strings.ToLower(strings.TrimSpace(d.Severity))
	if s == "moderate" {
		s = "medium"
	}
	return s
}
