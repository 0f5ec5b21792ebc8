package anomaly

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/soupkit/soupkit/internal/limit"
)

// DefaultOSVURL is the base URL of the public OSV API.
const DefaultOSVURL = "https://api.osv.dev"

// MaxBatch is the most queries the OSV API takes in one /v1/querybatch.
const MaxBatch = 1000

// OSVClient queries the OSV API. It is a [Source]. The zero value queries
// DefaultOSVURL with http.DefaultClient and no cache.
type OSVClient struct {
	// BaseURL is the API's base URL (a mirror, a test server); empty means
	// DefaultOSVURL.
	BaseURL string
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// Concurrency bounds the requests in flight; zero means 4.
	Concurrency int
	// Retries is how often a request answered 429 or 5xx, or failed in
	// transit, is tried again; zero means 4, negative means none.
	Retries int
	// Backoff is the first wait before a retry, doubled each time (with
	// jitter) up to 30 s; a Retry-After header overrides it. Zero means 1 s.
	Backoff time.Duration
	// MaxResponseBytes bounds each response; zero means 32 MiB.
	MaxResponseBytes int64
	// BatchSize is the number of queries per /v1/querybatch; zero or more
	// than MaxBatch means MaxBatch.
	BatchSize int
	// CacheDir, when set, keeps each record fetched as
	// CacheDir/ID@MODIFIED.json and reads it from there while the API
	// reports the same modification time.
	CacheDir string
	// Progress, when set, is called after each batch query ("querybatch")
	// and each record ("vulns") with the number done and the total of that
	// stage, one call at a time, so that a command can show progress.
	Progress func(stage string, done, total int)

	progressMu sync.Mutex
}

// progress reports progress if the caller asked for it.
func (c *OSVClient) progress(stage string, done, total int) {
	if c.Progress == nil {
		return
	}
	c.progressMu.Lock()
	defer c.progressMu.Unlock()
	c.Progress(stage, done, total)
}

// ErrAPI is returned (wrapped) when the OSV API answers with an error
// status or with a body that is not what the API documents.
var ErrAPI = errors.New("anomaly: osv api")

func (c *OSVClient) base() string {
	return strings.TrimRight(cmpOr(c.BaseURL, DefaultOSVURL), "/")
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Fetch implements [Source]: it asks /v1/querybatch which records affect
// each target's version (following page tokens), then fetches every record
// found, and every record whose ID is in q.IDs, from /v1/vulns/{id}. The
// records' own ranges are then evaluated again by [Evaluate], so that the
// result does not depend on the server's matching alone.
func (c *OSVClient) Fetch(ctx context.Context, q *Query) (*Data, error) {
	found, asOf, err := c.queryBatch(ctx, q.Targets)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	vulns, err := c.vulns(ctx, ids, found)
	if err != nil {
		return nil, err
	}
	// Then the recorded anomalies that none of those records names.
	covered := map[string]bool{}
	for _, v := range vulns {
		for _, id := range v.ids() {
			covered[id] = true
		}
	}
	var rest []string
	for _, id := range q.IDs {
		if !covered[id] {
			rest = append(rest, id)
		}
	}
	more, err := c.vulns(ctx, rest, nil)
	if err != nil {
		return nil, err
	}
	for _, v := range more {
		if !covered[v.ID] {
			covered[v.ID] = true
			vulns = append(vulns, v)
		}
	}
	if asOf.IsZero() { // no Date header: the newest record found
		for _, v := range vulns {
			if v.Modified.After(asOf) {
				asOf = v.Modified
			}
		}
	}
	return &Data{Name: c.base(), AsOf: asOf, Vulns: vulns}, nil
}

type batchQuery struct {
	Package   Package `json:"package"`
	Version   string  `json:"version"`
	PageToken string  `json:"page_token,omitempty"`
}

type batchResult struct {
	Results []struct {
		Vulns []struct {
			ID       string    `json:"id"`
			Modified time.Time `json:"modified"`
		} `json:"vulns"`
		NextPageToken string `json:"next_page_token"`
	} `json:"results"`
}

// queryBatch returns the IDs (with modification times) of the records the
// API says affect the targets, and the time of the last answer.
func (c *OSVClient) queryBatch(ctx context.Context, targets []Target) (map[string]time.Time, time.Time, error) {
	size := c.BatchSize
	if size <= 0 || size > MaxBatch {
		size = MaxBatch
	}
	pending := make([]batchQuery, 0, len(targets))
	for _, t := range targets {
		eco := t.Ecosystem
		if t.Release != "" {
			eco += ":" + t.Release
		}
		pending = append(pending, batchQuery{Package: Package{Ecosystem: eco, Name: t.Name}, Version: t.Version})
	}
	found := map[string]time.Time{}
	var asOf time.Time
	done := 0
	for rounds := 0; len(pending) > 0; rounds++ {
		if rounds > 1000 {
			return nil, asOf, fmt.Errorf("%w: querybatch: more than 1000 rounds of page tokens", ErrAPI)
		}
		var next []batchQuery
		for start := 0; start < len(pending); start += size {
			chunk := pending[start:min(start+size, len(pending))]
			body, err := json.Marshal(struct {
				Queries []batchQuery `json:"queries"`
			}{chunk})
			if err != nil {
				return nil, asOf, err
			}
			resp, hdr, err := c.do(ctx, http.MethodPost, c.base()+"/v1/querybatch", body)
			if err != nil {
				return nil, asOf, fmt.Errorf("anomaly: osv api: querybatch: %w", err)
			}
			if t, err := http.ParseTime(hdr.Get("Date")); err == nil && t.After(asOf) {
				asOf = t.UTC()
			}
			var res batchResult
			if err := json.Unmarshal(resp, &res); err != nil {
				return nil, asOf, fmt.Errorf("%w: querybatch: %v", ErrAPI, err)
			}
			if len(res.Results) != len(chunk) {
				return nil, asOf, fmt.Errorf("%w: querybatch: %d results for %d queries", ErrAPI, len(res.Results), len(chunk))
			}
			for i, r := range res.Results {
				for _, v := range r.Vulns {
					if v.ID == "" {
						return nil, asOf, fmt.Errorf("%w: querybatch: a result without id", ErrAPI)
					}
					if v.Modified.After(found[v.ID]) || found[v.ID].IsZero() {
						found[v.ID] = v.Modified
					}
				}
				if r.NextPageToken != "" {
					q := chunk[i]
					q.PageToken = r.NextPageToken
					next = append(next, q)
				}
			}
			if rounds == 0 {
				done += len(chunk)
				c.progress("querybatch", done, len(targets))
			}
		}
		pending = next
	}
	return found, asOf, nil
}

// vulns fetches the records with bounded concurrency, from the cache where
// it holds the same modification time.
func (c *OSVClient) vulns(ctx context.Context, ids []string, modified map[string]time.Time) ([]*Vuln, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := c.Concurrency
	if n <= 0 {
		n = 4
	}
	out := make([]*Vuln, len(ids))
	errs := make([]error, len(ids))
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	var done atomic.Int64
	for i, id := range ids {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return nil, ctx.Err()
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			v, err := c.vuln(ctx, id, modified[id])
			if err != nil {
				errs[i] = err
				cancel()
				return
			}
			out[i] = v
			c.progress("vulns", int(done.Add(1)), len(ids))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		// Report the first cause, not the cancellations it caused.
		for _, e := range errs {
			if e != nil && !errors.Is(e, context.Canceled) {
				return nil, e
			}
		}
		return nil, err
	}
	vulns := out[:0]
	for _, v := range out {
		if v != nil {
			vulns = append(vulns, v)
		}
	}
	return vulns, nil
}

// safeID reports whether id is of the form of the IDs used in cache file
// names and URLs: ^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$ (a regular
// expression that, compiled at start-up, cost every command 1,500
// allocations).
func safeID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		alnum := 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != ':' && c != '-') {
			return false
		}
	}
	return true
}

// vuln returns one record; nil without error when the API does not know
// the ID (404), as for an anomaly a person recorded from another source.
func (c *OSVClient) vuln(ctx context.Context, id string, modified time.Time) (*Vuln, error) {
	if !safeID(id) {
		return nil, nil // not an OSV ID: nothing to ask
	}
	cache := ""
	if c.CacheDir != "" && !modified.IsZero() {
		cache = filepath.Join(c.CacheDir, strings.ReplaceAll(id, ":", "_")+"@"+modified.UTC().Format("20060102T150405.000000000Z")+".json")
		if v := c.cached(cache); v != nil && v.ID == id && v.Modified.Equal(modified) {
			return v, nil
		}
	}
	body, _, err := c.do(ctx, http.MethodGet, c.base()+"/v1/vulns/"+url.PathEscape(id), nil)
	var se *statusError
	if errors.As(err, &se) && se.code == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("anomaly: osv api: vulns/%s: %w", id, err)
	}
	v, err := parseOSV(body)
	if err != nil {
		return nil, fmt.Errorf("%w: vulns/%s: %v", ErrAPI, id, err)
	}
	if v.ID != id && !slices.Contains(v.Aliases, id) {
		return nil, fmt.Errorf("%w: vulns/%s: answered with record %s", ErrAPI, id, v.ID)
	}
	if cache != "" && v.Modified.Equal(modified) {
		writeCache(cache, v.Raw) // a cache that cannot be written is only slower
	}
	return v, nil
}

// cached returns the record in the cache file path, or nil.
func (c *OSVClient) cached(path string) *Vuln {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	v, err := DecodeOSV(f, c.MaxResponseBytes)
	if err != nil {
		return nil
	}
	return v
}

// writeCache writes data to path through a temporary file, so that a
// reader never sees half a record.
func writeCache(path string, data []byte) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}

// statusError is an HTTP status that is not 200.
type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string {
	if e.body == "" {
		return fmt.Sprintf("%v: HTTP %d", ErrAPI, e.code)
	}
	return fmt.Sprintf("%v: HTTP %d: %s", ErrAPI, e.code, e.body)
}

func (e *statusError) Unwrap() error { return ErrAPI }

// do sends one request with the client's retries and bounds.
func (c *OSVClient) do(ctx context.Context, method, u string, body []byte) ([]byte, http.Header, error) {
	retries := c.Retries
	if retries == 0 {
		retries = 4
	}
	max := c.MaxResponseBytes
	if max <= 0 {
		max = 32 << 20
	}
	backoff := c.Backoff
	if backoff <= 0 {
		backoff = time.Second
	}
	return retry(ctx, retries, backoff, func() ([]byte, http.Header, error) {
		var r io.Reader
		if body != nil {
			r = bytes.NewReader(body)
		}
		return get(ctx, c.Client, u, max, &request{method: method, body: r})
	})
}

type request struct {
	method string
	body   io.Reader
}

// get sends one request (GET unless req says otherwise) and reads a 200
// answer of at most max bytes.
func get(ctx context.Context, client *http.Client, u string, max int64, req *request) ([]byte, http.Header, error) {
	if client == nil {
		client = http.DefaultClient
	}
	method, reqBody := http.MethodGet, io.Reader(nil)
	if req != nil {
		method, reqBody = req.method, req.body
	}
	r, err := http.NewRequestWithContext(ctx, method, u, reqBody)
	if err != nil {
		return nil, nil, err
	}
	r.Header.Set("Accept", "application/json")
	if reqBody != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(r)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return nil, resp.Header, &statusError{code: resp.StatusCode, body: strings.TrimSpace(string(msg))}
	}
	data, err := limit.ReadAll(resp.Body, max)
	if err != nil {
		return nil, resp.Header, fmt.Errorf("reading the answer: %w", err)
	}
	return data, resp.Header, nil
}

// retry calls f until it succeeds, fails for good, retries are used up or
// ctx ends. 429 and 5xx answers and transport errors are retried, after
// Retry-After when the server sends one, else after an exponential back-off
// with jitter.
func retry(ctx context.Context, retries int, backoff time.Duration, f func() ([]byte, http.Header, error)) ([]byte, http.Header, error) {
	for attempt := 0; ; attempt++ {
		body, hdr, err := f()
		if err == nil {
			return body, hdr, nil
		}
		if ctx.Err() != nil {
			return nil, hdr, ctx.Err()
		}
		var se *statusError
		transient := errors.As(err, &se) && (se.code == http.StatusTooManyRequests || se.code >= 500)
		if se == nil && !errors.Is(err, ErrTooLarge) {
			transient = true // the request failed in transit
		}
		if !transient || retries < 0 || attempt >= retries {
			return nil, hdr, err
		}
		wait := min(backoff<<attempt, 30*time.Second)
		wait = wait/2 + rand.N(wait/2+1)
		if ra := retryAfter(hdr); ra > 0 {
			wait = min(ra, 5*time.Minute)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, hdr, ctx.Err()
		case <-t.C:
		}
	}
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}
