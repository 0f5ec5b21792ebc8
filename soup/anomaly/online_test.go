package anomaly

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeOSV serves the documented OSV API (POST /v1/querybatch with page
// tokens, GET /v1/vulns/{id}) from the fixture records, with faults a test
// can switch on.
type fakeOSV struct {
	t       testing.TB
	records map[string][]byte // by ID and alias
	// answers: "ECOSYSTEM|name|version" → IDs the server says affect it.
	answers  map[string][]string
	pageSize int // vulns per result page; 0 = all

	mu         sync.Mutex
	batches    []int // query count of each querybatch request
	gets       map[string]int
	inFlight   int
	maxFlight  int
	modified   map[string]string // overrides the modified time reported
	fail       func(r *http.Request, n int) bool
	failStatus int
	retryAfter string
	calls      atomic.Int64
	malformed  bool
	truncate   bool
	block      bool
	stop       chan struct{} // closed when the test ends
	delay      time.Duration
}

func newFakeOSV(t testing.TB) *fakeOSV {
	f := &fakeOSV{t: t, records: map[string][]byte{}, gets: map[string]int{}, modified: map[string]string{}, answers: map[string][]string{
		"PyPI|flask|1.1.2":     {"GHSA-m2qf-hxjv-5gpq", "PYSEC-2023-62"},
		"PyPI|requests|2.23.0": {"GHSA-j8r2-6x86-q33q", "GHSA-9wx4-h78v-vm56"},
		"npm|lodash|4.17.20":   {"GHSA-35jh-r3h4-6jhm"},
		"Maven|org.apache.logging.log4j:log4j-core|2.14.1": {"GHSA-jfh8-c2jp-5v3q"},
		"Go|golang.org/x/text|0.3.7":                       {"GO-2022-1059"},
		"Debian:7|nginx|1.2.1-2.2+wheezy1":                 {"DSA-3029-1"},
		"PyPI|ecdsa|0.18.0":                                {"GHSA-wj6h-64fc-37mp"},
	}}
	err := filepath.WalkDir(filepath.Join("testdata", "osv"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var v Vuln
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		for _, id := range v.ids() {
			if _, ok := f.records[id]; !ok || id == v.ID {
				f.records[id] = data
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fakeOSV) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(f.calls.Add(1))
	f.mu.Lock()
	f.inFlight++
	f.maxFlight = max(f.maxFlight, f.inFlight)
	f.mu.Unlock()
	defer func() { f.mu.Lock(); f.inFlight--; f.mu.Unlock() }()
	if f.delay > 0 {
		time.Sleep(f.delay)
	}
	if f.block {
		io.Copy(io.Discard, r.Body) // so that the server sees the client go
		select {
		case <-r.Context().Done():
		case <-f.stop:
		}
		return
	}
	if f.fail != nil && f.fail(r, n) {
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		http.Error(w, "overloaded", f.failStatus)
		return
	}
	w.Header().Set("Date", "Tue, 01 Dec 2026 12:00:00 GMT")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/querybatch":
		f.querybatch(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/vulns/"):
		id := strings.TrimPrefix(r.URL.Path, "/v1/vulns/")
		f.mu.Lock()
		f.gets[id]++
		f.mu.Unlock()
		data, ok := f.records[id]
		if !ok {
			http.Error(w, `{"code":5,"message":"Bug not found."}`, http.StatusNotFound)
			return
		}
		f.write(w, data)
	default:
		http.Error(w, "not found", http.StatusNotFound)
	}
}

func (f *fakeOSV) write(w http.ResponseWriter, data []byte) {
	switch {
	case f.malformed:
		data = []byte(`{"results": [{"vulns": [{"id": "GHSA-`)
	case f.truncate:
		w.Header().Set("Content-Length", strconv.Itoa(len(data)+100))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(data)
}

func (f *fakeOSV) querybatch(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Queries []struct {
			Package   Package `json:"package"`
			Version   string  `json:"version"`
			PageToken string  `json:"page_token"`
		} `json:"queries"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if len(req.Queries) > MaxBatch {
		http.Error(w, `{"code":3,"message":"Too many queries."}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.batches = append(f.batches, len(req.Queries))
	f.mu.Unlock()
	type vuln struct {
		ID       string `json:"id"`
		Modified string `json:"modified"`
	}
	type result struct {
		Vulns         []vuln `json:"vulns,omitempty"`
		NextPageToken string `json:"next_page_token,omitempty"`
	}
	var res struct {
		Results []result `json:"results"`
	}
	for _, q := range req.Queries {
		ids := f.answers[q.Package.Ecosystem+"|"+q.Package.Name+"|"+q.Version]
		start, _ := strconv.Atoi(q.PageToken)
		end := len(ids)
		if f.pageSize > 0 {
			end = min(start+f.pageSize, len(ids))
		}
		var rs result
		for _, id := range ids[min(start, len(ids)):end] {
			var v Vuln
			if err := json.Unmarshal(f.records[id], &v); err != nil {
				f.t.Error(err)
			}
			mod := v.Modified.Format(time.RFC3339Nano)
			f.mu.Lock()
			if m, ok := f.modified[id]; ok {
				mod = m
			}
			f.mu.Unlock()
			rs.Vulns = append(rs.Vulns, vuln{id, mod})
		}
		if end < len(ids) {
			rs.NextPageToken = strconv.Itoa(end)
		}
		res.Results = append(res.Results, rs)
	}
	data, _ := json.Marshal(res)
	f.write(w, data)
}

func (f *fakeOSV) client(t testing.TB) *OSVClient {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.stop = make(chan struct{})
	t.Cleanup(func() { close(f.stop) }) // runs before srv.Close
	return &OSVClient{BaseURL: srv.URL, Client: srv.Client(), Backoff: time.Millisecond}
}

// TestOSVClientEvaluate: the online source gives the same evaluation as
// the offline database of the same records.
func TestOSVClientEvaluate(t *testing.T) {
	f := newFakeOSV(t)
	c := f.client(t)
	online, err := Evaluate(context.Background(), readList(t), []Source{c}, nil)
	if err != nil {
		t.Fatal(err)
	}
	offline, err := Evaluate(context.Background(), readList(t), []Source{openDB(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(offline.Matches, online.Matches); diff != "" {
		t.Errorf("online matches differ from offline (-offline +online):\n%s", diff)
	}
	if diff := cmp.Diff(offline.NoLongerAffecting, online.NoLongerAffecting); diff != "" {
		t.Errorf("online no-longer-affecting differs (-offline +online):\n%s", diff)
	}
	s := snapshotOf(online.List.Item("SOUP-0002"), c.BaseURL)
	if s.Source != c.BaseURL || !s.AsOf.Equal(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)) || s.Records != 2 {
		t.Errorf("online snapshot = %+v: want the base URL, the server's Date, 2 records", s)
	}
	if f.gets["GHSA-m2qf-hxjv-5gpq"] != 1 || f.gets["CVE-2023-30861"] != 0 {
		t.Errorf("GETs %v: a recorded anomaly found by querybatch is fetched once, its aliases not at all", f.gets)
	}
	if f.gets["CVE-2023-4586"] != 1 {
		t.Errorf("the recorded anomaly CVE-2023-4586 was fetched %d times, want once", f.gets["CVE-2023-4586"])
	}
}

func targets(n int) []Target {
	ts := make([]Target, n)
	for i := range ts {
		ts[i] = Target{Ecosystem: "PyPI", Name: fmt.Sprintf("pkg%d", i), Version: "1.0"}
	}
	return ts
}

func TestOSVClientBatches(t *testing.T) {
	f := newFakeOSV(t)
	c := f.client(t)
	ts := append(targets(2400), Target{Ecosystem: "PyPI", Name: "requests", Version: "2.23.0"})
	d, err := c.Fetch(context.Background(), &Query{Targets: ts})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1000, 1000, 401}; !slices.Equal(f.batches, want) {
		t.Errorf("batches of %v queries, want %v", f.batches, want)
	}
	if len(d.Vulns) != 2 {
		t.Errorf("got %d records, want 2", len(d.Vulns))
	}
}

func TestOSVClientPageTokens(t *testing.T) {
	f := newFakeOSV(t)
	f.pageSize = 1
	c := f.client(t)
	c.BatchSize = 2
	ts := []Target{
		{Ecosystem: "PyPI", Name: "flask", Version: "1.1.2"},
		{Ecosystem: "PyPI", Name: "requests", Version: "2.23.0"},
		{Ecosystem: "PyPI", Name: "ecdsa", Version: "0.18.0"},
	}
	d, err := c.Fetch(context.Background(), &Query{Targets: ts})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range d.Vulns {
		ids = append(ids, v.ID)
	}
	want := []string{"GHSA-9wx4-h78v-vm56", "GHSA-j8r2-6x86-q33q", "GHSA-m2qf-hxjv-5gpq", "GHSA-wj6h-64fc-37mp", "PYSEC-2023-62"}
	if !slices.Equal(ids, want) {
		t.Errorf("records %v, want %v", ids, want)
	}
	// First round: 2 + 1 queries; second round: the two with a next page.
	if want := []int{2, 1, 2}; !slices.Equal(f.batches, want) {
		t.Errorf("batches %v, want %v", f.batches, want)
	}
}

func TestOSVClientRetries(t *testing.T) {
	ts := []Target{{Ecosystem: "PyPI", Name: "requests", Version: "2.23.0"}}
	t.Run("429 then success", func(t *testing.T) {
		f := newFakeOSV(t)
		f.fail = func(r *http.Request, n int) bool { return n <= 2 }
		f.failStatus, f.retryAfter = http.StatusTooManyRequests, "0"
		d, err := f.client(t).Fetch(context.Background(), &Query{Targets: ts})
		if err != nil || len(d.Vulns) != 2 {
			t.Fatalf("Fetch = %v, %v; want two records after two 429s", d, err)
		}
	})
	t.Run("Retry-After is honoured", func(t *testing.T) {
		f := newFakeOSV(t)
		f.fail = func(r *http.Request, n int) bool { return n == 1 }
		f.failStatus, f.retryAfter = http.StatusTooManyRequests, "1"
		start := time.Now()
		if _, err := f.client(t).Fetch(context.Background(), &Query{Targets: ts}); err != nil {
			t.Fatal(err)
		}
		if el := time.Since(start); el < 900*time.Millisecond {
			t.Errorf("retried after %v, want the server's Retry-After of 1 s", el)
		}
	})
	t.Run("5xx until retries are used up", func(t *testing.T) {
		f := newFakeOSV(t)
		f.fail = func(*http.Request, int) bool { return true }
		f.failStatus = http.StatusServiceUnavailable
		c := f.client(t)
		c.Retries = 2
		_, err := c.Fetch(context.Background(), &Query{Targets: ts})
		var se *statusError
		if !errors.Is(err, ErrAPI) || !errors.As(err, &se) || se.code != 503 {
			t.Errorf("error = %v, want ErrAPI with HTTP 503", err)
		}
		if got := f.calls.Load(); got != 3 {
			t.Errorf("%d requests, want 3 (one and two retries)", got)
		}
	})
	t.Run("400 is not retried", func(t *testing.T) {
		f := newFakeOSV(t)
		f.fail = func(*http.Request, int) bool { return true }
		f.failStatus = http.StatusBadRequest
		_, err := f.client(t).Fetch(context.Background(), &Query{Targets: ts})
		if !errors.Is(err, ErrAPI) || f.calls.Load() != 1 {
			t.Errorf("error = %v after %d requests, want ErrAPI after one", err, f.calls.Load())
		}
	})
}

func TestOSVClientBadAnswers(t *testing.T) {
	ts := []Target{{Ecosystem: "PyPI", Name: "requests", Version: "2.23.0"}}
	t.Run("malformed", func(t *testing.T) {
		f := newFakeOSV(t)
		f.malformed = true
		_, err := f.client(t).Fetch(context.Background(), &Query{Targets: ts})
		if !errors.Is(err, ErrAPI) || !strings.Contains(err.Error(), "querybatch") {
			t.Errorf("error = %v, want ErrAPI naming querybatch", err)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		f := newFakeOSV(t)
		f.truncate = true
		c := f.client(t)
		c.Retries = 1
		_, err := c.Fetch(context.Background(), &Query{Targets: ts})
		if err == nil || f.calls.Load() != 2 {
			t.Errorf("error = %v after %d requests, want an error after a retry", err, f.calls.Load())
		}
	})
	t.Run("too large", func(t *testing.T) {
		f := newFakeOSV(t)
		c := f.client(t)
		c.MaxResponseBytes = 64
		_, err := c.Fetch(context.Background(), &Query{Targets: ts})
		if !errors.Is(err, ErrTooLarge) || f.calls.Load() != 1 {
			t.Errorf("error = %v after %d requests, want ErrTooLarge, not retried", err, f.calls.Load())
		}
	})
	t.Run("wrong result count", func(t *testing.T) {
		f := newFakeOSV(t)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"results": []}`))
		}))
		t.Cleanup(srv.Close)
		_ = f
		c := &OSVClient{BaseURL: srv.URL, Client: srv.Client()}
		_, err := c.Fetch(context.Background(), &Query{Targets: ts})
		if !errors.Is(err, ErrAPI) {
			t.Errorf("error = %v, want ErrAPI", err)
		}
	})
	t.Run("record of another ID", func(t *testing.T) {
		f := newFakeOSV(t)
		f.records["GHSA-j8r2-6x86-q33q"] = f.records["GHSA-m2qf-hxjv-5gpq"]
		_, err := f.client(t).Fetch(context.Background(), &Query{Targets: ts})
		if !errors.Is(err, ErrAPI) {
			t.Errorf("error = %v, want ErrAPI", err)
		}
	})
	t.Run("unknown recorded ID", func(t *testing.T) {
		f := newFakeOSV(t)
		d, err := f.client(t).Fetch(context.Background(), &Query{IDs: []string{"FLASK-LOCAL-1", "../../etc/passwd"}})
		if err != nil || len(d.Vulns) != 0 {
			t.Errorf("Fetch = %v, %v; want nothing and no error", d, err)
		}
		if f.gets["FLASK-LOCAL-1"] != 1 || len(f.gets) != 1 {
			t.Errorf("GETs %v: want FLASK-LOCAL-1 asked once and the path never", f.gets)
		}
	})
}

func TestOSVClientCancel(t *testing.T) {
	f := newFakeOSV(t)
	f.block = true
	c := f.client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Fetch(ctx, &Query{Targets: targets(3)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want context.DeadlineExceeded", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("Fetch returned after %v", el)
	}
}

func TestOSVClientConcurrencyAndCache(t *testing.T) {
	f := newFakeOSV(t)
	f.delay = 5 * time.Millisecond
	c := f.client(t)
	c.Concurrency = 2
	c.CacheDir = t.TempDir()
	l := readList(t)
	q := &Query{}
	for _, it := range l.Items {
		if tg, err := itemTarget(&it); err == nil {
			q.Targets = append(q.Targets, tg)
		}
	}
	var calls []string
	c.Progress = func(stage string, done, total int) {
		calls = append(calls, fmt.Sprintf("%s %d/%d", stage, done, total))
	}
	d, err := c.Fetch(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 10 || calls[0] != "querybatch 10/10" || calls[9] != "vulns 9/9" {
		t.Errorf("progress %q, want querybatch 10/10 then vulns 1/9 … 9/9", calls)
	}
	c.Progress = nil
	if len(d.Vulns) != 9 {
		t.Errorf("%d records, want 9", len(d.Vulns))
	}
	if f.maxFlight > 2 { // querybatch runs alone, then the record fetches
		t.Errorf("%d requests in flight, want at most 2", f.maxFlight)
	}
	first := len(f.gets)
	f.gets = map[string]int{}
	if _, err := c.Fetch(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	// GO-2022-1059 reports no modification time (0001-01-01): it cannot be
	// kept in the cache and is fetched every time.
	if want := map[string]int{"GO-2022-1059": 1}; !cmp.Equal(f.gets, want) {
		t.Errorf("second fetch asked for %v, want %v: the rest from the cache (first fetch asked %d)", f.gets, want, first)
	}
	f.gets = map[string]int{}
	f.modified["GHSA-j8r2-6x86-q33q"] = "2026-11-30T00:00:00Z"
	if _, err := c.Fetch(context.Background(), q); err == nil {
		// The served record still says 2023: the record is fetched again,
		// and not cached under the new time.
		if f.gets["GHSA-j8r2-6x86-q33q"] != 1 || len(f.gets) != 2 {
			t.Errorf("after a modification: GETs %v, want GHSA-j8r2-6x86-q33q (and GO-2022-1059)", f.gets)
		}
	} else {
		t.Fatal(err)
	}
}

func TestFetchKEVAndLifecycle(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	t.Cleanup(srv.Close)
	kev, err := LoadKEV(context.Background(), srv.Client(), srv.URL+"/kev.json")
	if err != nil || kev.Len() != 2 || kev.Version != "2024.01.22" {
		t.Errorf("FetchKEV = %+v, %v", kev, err)
	}
	eol, err := LoadLifecycle(context.Background(), srv.Client(), srv.URL+"/endoflife-django.json", filepath.Join("testdata", "endoflife-django.json"))
	if err != nil || len(eol.products) != 2 || eol.products[0].Name != "django" {
		t.Errorf("LoadLifecycle = %+v, %v", eol, err)
	}
	if k, err := LoadKEV(context.Background(), nil, filepath.Join("testdata", "kev.json")); err != nil || k.Len() != 2 {
		t.Errorf("LoadKEV of a file = %v, %v", k, err)
	}
	if _, err := FetchKEV(context.Background(), srv.Client(), srv.URL+"/missing.json"); !errors.Is(err, ErrAPI) {
		t.Errorf("FetchKEV of a missing file: %v", err)
	}
}

// TestOSVClientBadCache: a damaged or foreign cache file is ignored and
// the record fetched again.
func TestOSVClientBadCache(t *testing.T) {
	f := newFakeOSV(t)
	c := f.client(t)
	c.CacheDir = t.TempDir()
	q := &Query{Targets: []Target{{Ecosystem: "PyPI", Name: "requests", Version: "2.23.0"}}}
	if _, err := c.Fetch(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(c.CacheDir, "GHSA-j8r2-6x86-q33q@*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files %v", files)
	}
	os.WriteFile(files[0], []byte(`{"id": "GHSA-j8r2-6x86-q33q", "modified": "2023-09-20T19:19`), 0o644)
	other, _ := filepath.Glob(filepath.Join(c.CacheDir, "GHSA-9wx4-h78v-vm56@*.json"))
	m2qf, _ := os.ReadFile(filepath.Join("testdata", "osv", "github-reviewed", "GHSA-m2qf-hxjv-5gpq.json"))
	os.WriteFile(other[0], m2qf, 0o644)
	f.gets = map[string]int{}
	d, err := c.Fetch(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"GHSA-j8r2-6x86-q33q": 1, "GHSA-9wx4-h78v-vm56": 1}; !cmp.Equal(f.gets, want) {
		t.Errorf("GETs %v, want %v", f.gets, want)
	}
	for _, v := range d.Vulns {
		if v.ID != "GHSA-j8r2-6x86-q33q" && v.ID != "GHSA-9wx4-h78v-vm56" {
			t.Errorf("record %s from a foreign cache file", v.ID)
		}
	}
}
