package anomaly

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/soupkit/soupkit/internal/limit"
)

// MaxKEVBytes is the largest KEV catalogue [ReadKEV] accepts when the
// caller sets no bound (the catalogue was about 1.5 MB in 2025).
const MaxKEVBytes = 64 << 20

// KEV is the CISA catalogue of Known Exploited Vulnerabilities. It is a
// [Source]: an anomaly whose ID or alias is in it is marked known
// exploited.
type KEV struct {
	// Version and Released are the catalogue's catalogVersion and
	// dateReleased.
	Version  string
	Released time.Time
	entries  map[string]KEVEntry
}

// KEVEntry is one known exploited vulnerability.
type KEVEntry struct {
	CVE        string `json:"cveID"`
	Vendor     string `json:"vendorProject"`
	Product    string `json:"product"`
	Name       string `json:"vulnerabilityName"`
	DateAdded  string `json:"dateAdded"`
	DueDate    string `json:"dueDate"`
	Ransomware string `json:"knownRansomwareCampaignUse"`
}

// ReadKEV reads the catalogue JSON of at most max bytes (MaxKEVBytes when
// max <= 0).
func ReadKEV(r io.Reader, max int64) (*KEV, error) {
	if max <= 0 {
		max = MaxKEVBytes
	}
	data, err := limit.ReadAll(r, max)
	if err != nil {
		return nil, fmt.Errorf("anomaly: kev: %w", err)
	}
	var doc struct {
		Version         string     `json:"catalogVersion"`
		Released        string     `json:"dateReleased"`
		Vulnerabilities []KEVEntry `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("anomaly: kev: %w", err)
	}
	if doc.Vulnerabilities == nil {
		return nil, fmt.Errorf("anomaly: kev: not a KEV catalogue (no vulnerabilities array)")
	}
	k := &KEV{Version: doc.Version, entries: map[string]KEVEntry{}}
	if doc.Released != "" {
		t, err := time.Parse(time.RFC3339, doc.Released)
		if err != nil {
			return nil, fmt.Errorf("anomaly: kev: dateReleased: %w", err)
		}
		k.Released = t
	}
	for i, e := range doc.Vulnerabilities {
		id := strings.ToUpper(strings.TrimSpace(e.CVE))
		if id == "" {
			return nil, fmt.Errorf("anomaly: kev: vulnerabilities[%d]: no cveID", i)
		}
		e.CVE = id
		k.entries[id] = e
	}
	return k, nil
}

// OpenKEV reads the catalogue from a file.
func OpenKEV(path string) (*KEV, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("anomaly: kev: %w", err)
	}
	defer f.Close()
	return ReadKEV(f, 0)
}

// FetchKEV downloads the catalogue from url with client (nil means
// http.DefaultClient).
func FetchKEV(ctx context.Context, client *http.Client, url string) (*KEV, error) {
	body, _, err := get(ctx, client, url, MaxKEVBytes, nil)
	if err != nil {
		return nil, fmt.Errorf("anomaly: kev: %w", err)
	}
	return ReadKEV(bytes.NewReader(body), 0)
}

// LoadKEV reads the catalogue from src: downloaded with client (nil means
// http.DefaultClient) when src is an http or https URL, else read from the
// file src.
func LoadKEV(ctx context.Context, client *http.Client, src string) (*KEV, error) {
	if isURL(src) {
		return FetchKEV(ctx, client, src)
	}
	return OpenKEV(src)
}

// isURL reports whether src is an http or https URL.
func isURL(src string) bool {
	l := strings.ToLower(src)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// Lookup returns the entry for a CVE ID.
func (k *KEV) Lookup(id string) (KEVEntry, bool) {
	e, ok := k.entries[strings.ToUpper(id)]
	return e, ok
}

// Len returns the number of entries.
func (k *KEV) Len() int { return len(k.entries) }

// Fetch implements [Source].
func (k *KEV) Fetch(ctx context.Context, _ *Query) (*Data, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &Data{Name: "cisa-kev", AsOf: k.Released, Exploited: k.entries}, nil
}
