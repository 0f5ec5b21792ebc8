package anomaly

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/soupkit/soupkit/internal/limit"
	"github.com/soupkit/soupkit/soup"
)

// MaxLifecycleBytes is the largest endoflife.date document [ReadLifecycle]
// accepts when the caller sets no bound.
const MaxLifecycleBytes = 64 << 20

// DefaultLifecycleURL is the endoflife.date API v1 endpoint that lists
// every product with its releases.
const DefaultLifecycleURL = "https://endoflife.date/api/v1/products/full"

// Lifecycle is endoflife.date product data (API v1): which releases of a
// product are supported and until when. It is a [Source]: [Evaluate] fills
// an item's support level and end of support from the product whose purl
// identifier matches the item's package, never over a person's entry.
type Lifecycle struct {
	// Generated is the data's generated_at time.
	Generated time.Time
	products  []*Product
}

// Product is an endoflife.date product.
type Product struct {
	Name        string       `json:"name"`
	Label       string       `json:"label"`
	Identifiers []Identifier `json:"identifiers"`
	Releases    []Release    `json:"releases"`
	raw         []byte
}

// Identifier is a product identifier such as {"type": "purl", "id":
// "pkg:pypi/django"}.
type Identifier struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Release is a release cycle of a product. The dates are YYYY-MM-DD or
// empty.
type Release struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	ReleaseDate  string `json:"releaseDate"`
	IsEoas       bool   `json:"isEoas"`
	EoasFrom     string `json:"eoasFrom"`
	IsEol        bool   `json:"isEol"`
	EolFrom      string `json:"eolFrom"`
	IsMaintained bool   `json:"isMaintained"`
}

// ReadLifecycle reads endoflife.date API v1 JSON of at most max bytes
// (MaxLifecycleBytes when max <= 0): either one product
// (/api/v1/products/{product}) or the full list (/api/v1/products/full).
func ReadLifecycle(r io.Reader, max int64) (*Lifecycle, error) {
	if max <= 0 {
		max = MaxLifecycleBytes
	}
	data, err := limit.ReadAll(r, max)
	if err != nil {
		return nil, fmt.Errorf("anomaly: endoflife.date: %w", err)
	}
	var doc struct {
		Generated string          `json:"generated_at"`
		Result    json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("anomaly: endoflife.date: %w", err)
	}
	l := &Lifecycle{}
	if doc.Generated != "" {
		if l.Generated, err = time.Parse(time.RFC3339, doc.Generated); err != nil {
			return nil, fmt.Errorf("anomaly: endoflife.date: generated_at: %w", err)
		}
	}
	var raws []json.RawMessage
	switch r := bytes.TrimSpace(doc.Result); {
	case len(r) > 0 && r[0] == '[':
		if err := json.Unmarshal(r, &raws); err != nil {
			return nil, fmt.Errorf("anomaly: endoflife.date: result: %w", err)
		}
	case len(r) > 0 && r[0] == '{':
		raws = []json.RawMessage{r}
	default:
		return nil, fmt.Errorf("anomaly: endoflife.date: not API v1 product data (no result object or array)")
	}
	for i, raw := range raws {
		var p Product
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("anomaly: endoflife.date: result[%d]: %w", i, err)
		}
		if p.Name == "" {
			return nil, fmt.Errorf("anomaly: endoflife.date: result[%d]: product without name", i)
		}
		var b bytes.Buffer
		if json.Compact(&b, raw) == nil {
			p.raw = b.Bytes()
		}
		l.products = append(l.products, &p)
	}
	slices.SortStableFunc(l.products, func(a, b *Product) int { return strings.Compare(a.Name, b.Name) })
	return l, nil
}

// OpenLifecycle reads endoflife.date data from files (one product each, or
// the full list) and merges them.
func OpenLifecycle(paths ...string) (*Lifecycle, error) {
	all := &Lifecycle{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("anomaly: endoflife.date: %w", err)
		}
		l, err := ReadLifecycle(f, 0)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%w (%s)", err, p)
		}
		if l.Generated.After(all.Generated) {
			all.Generated = l.Generated
		}
		all.products = append(all.products, l.products...)
	}
	slices.SortStableFunc(all.products, func(a, b *Product) int { return strings.Compare(a.Name, b.Name) })
	return all, nil
}

// FetchLifecycle downloads endoflife.date data from url (empty means
// DefaultLifecycleURL) with client (nil means http.DefaultClient).
func FetchLifecycle(ctx context.Context, client *http.Client, url string) (*Lifecycle, error) {
	body, _, err := get(ctx, client, cmpOr(url, DefaultLifecycleURL), MaxLifecycleBytes, nil)
	if err != nil {
		return nil, fmt.Errorf("anomaly: endoflife.date: %w", err)
	}
	return ReadLifecycle(bytes.NewReader(body), 0)
}

// LoadLifecycle reads endoflife.date data from each src: downloaded with
// client (nil means http.DefaultClient) when src is an http or https URL,
// else read from the file src.
func LoadLifecycle(ctx context.Context, client *http.Client, srcs ...string) (*Lifecycle, error) {
	all := &Lifecycle{}
	for _, src := range srcs {
		var l *Lifecycle
		var err error
		if isURL(src) {
			l, err = FetchLifecycle(ctx, client, src)
		} else {
			l, err = OpenLifecycle(src)
		}
		if err != nil {
			return nil, err
		}
		if l.Generated.After(all.Generated) {
			all.Generated = l.Generated
		}
		all.products = append(all.products, l.products...)
	}
	slices.SortStableFunc(all.products, func(a, b *Product) int { return strings.Compare(a.Name, b.Name) })
	return all, nil
}

// Fetch implements [Source].
func (l *Lifecycle) Fetch(ctx context.Context, _ *Query) (*Data, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &Data{Name: "endoflife.date", AsOf: l.Generated, Products: l.products}, nil
}

// productFor returns the product whose purl identifier names the package
// of purl (compared without version, by soup's identity key).
func productFor(products []*Product, k soup.Key) *Product {
	for _, p := range products {
		for _, id := range p.Identifiers {
			if id.Type != "purl" {
				continue
			}
			if pk, err := soup.PURLKey(id.ID); err == nil && pk == k {
				return p
			}
		}
	}
	return nil
}

// release returns the release cycle of p that version belongs to: the
// longest release name equal to the version or a prefix of it at a dot or
// dash.
func (p *Product) release(version string) *Release {
	var best *Release
	for i := range p.Releases {
		r := &p.Releases[i]
		if r.Name == "" {
			continue
		}
		if version == r.Name || strings.HasPrefix(version, r.Name+".") || strings.HasPrefix(version, r.Name+"-") {
			if best == nil || len(r.Name) > len(best.Name) {
				best = r
			}
		}
	}
	return best
}

// support returns the support a release gives at now (the data's own flags
// when now is zero).
func (r *Release) support(now time.Time) (soup.SupportLevel, soup.Date) {
	eol, _ := soup.ParseDate(r.EolFrom)
	eoas, _ := soup.ParseDate(r.EoasFrom)
	ended, limited := r.IsEol, r.IsEoas
	if !now.IsZero() {
		ended = !eol.IsZero() && !now.Before(eol.Time())
		limited = !eoas.IsZero() && !now.Before(eoas.Time())
	}
	switch {
	case ended:
		return soup.SupportEnded, eol
	case limited:
		return soup.SupportLimited, eol
	}
	return soup.SupportActive, eol
}
