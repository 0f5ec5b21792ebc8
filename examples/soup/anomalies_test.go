package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/soupkit/soupkit/soup"
)

// TestAnomaliesBundledExample is the "done when" on the bundled
// example: -write records the advisories of flask 1.1.2 and requests
// 2.23.0 in soup.yaml, with the snapshot of the data, keeping every
// evaluation and every comment; a second run changes nothing; check -class
// B fails until each is evaluated, and passes the anomaly rules once a
// person has.
func TestAnomaliesBundledExample(t *testing.T) {
	dir := t.TempDir()
	path := copyTo(t, dir, curatedV1)
	db := mustAbs(t, "testdata/osv")
	before := readList(t, path)

	soupIn(t, 1, dir, "", "anomalies", "-db", db, "-curated", "soup.yaml", "-write", "-o", "report.txt")
	first := mustRead(t, path)
	after := readList(t, path)

	got := map[string][]string{}
	for _, it := range after.Items {
		for _, a := range it.Anomalies {
			got[it.Name] = append(got[it.Name], a.ID+" "+a.Status.String())
		}
		if len(it.AnomalyReview.Snapshots) == 0 && it.PURL != "" {
			t.Errorf("%s: no snapshot recorded", it.ID)
		}
	}
	want := map[string][]string{
		"flask":    {"GHSA-m2qf-hxjv-5gpq not-affected"},
		"jinja2":   {"GHSA-g3rq-g295-4j3m not-affected"}, // recorded by a person; no record in the database
		"requests": {"GHSA-j8r2-6x86-q33q not-affected", "GHSA-9wx4-h78v-vm56 "},
		"urllib3":  {"GHSA-q2q7-5pp4-w6pg not-affected"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("anomalies recorded (-want +got):\n%s", diff)
	}
	// Every evaluation a person wrote is kept as written.
	for _, it := range before.Items {
		for _, a := range it.Anomalies {
			b := findAnomaly(after.Item(it.ID), a.ID)
			if b == nil || b.Status != a.Status || b.Justification != a.Justification || b.By != a.By || b.Date != a.Date || b.Summary != a.Summary {
				t.Errorf("%s %s: evaluation changed: %+v -> %+v", it.ID, a.ID, a, b)
			}
		}
	}
	// The comments of the hand-written file survive.
	for _, line := range strings.Split(string(mustRead(t, curatedV1)), "\n") {
		if c := strings.TrimSpace(line); strings.HasPrefix(c, "#") && !strings.Contains(string(first), c) {
			t.Errorf("comment lost: %q", c)
		}
	}

	soupIn(t, 1, dir, "", "anomalies", "-db", db, "-curated", "soup.yaml", "-write", "-o", "report.txt")
	if second := mustRead(t, path); string(second) != string(first) {
		t.Errorf("a second run changed the file:\n%s", cmp.Diff(string(first), string(second)))
	}

	out, _ := soupIn(t, 1, dir, "", "check", "-class", "B", "soup.yaml")
	if !strings.Contains(out, "SOUP-0007 requests@2.23.0  anomaly-unevaluated") {
		t.Errorf("check -class B does not report the unevaluated anomaly:\n%s", out)
	}
	// A person evaluates it.
	l := readList(t, path)
	a := findAnomaly(l.Item("SOUP-0007"), "GHSA-9wx4-h78v-vm56")
	if a == nil {
		t.Fatal("GHSA-9wx4-h78v-vm56 not recorded")
	}
	a.Status, a.Justification, a.By, a.Date = soup.StatusNotAffected, "verify=False is never used.", "Jane Doe", soup.NewDate(2026, 12, 1)
	writeWork(t, path, listYAML(t, l), 0o644)
	out, _ = soupIn(t, 1, dir, "", "check", "-class", "B", "-db", db, "soup.yaml")
	if strings.Contains(out, "anomaly-unevaluated") {
		t.Errorf("check still reports an unevaluated anomaly:\n%s", out)
	}
	soupIn(t, 0, dir, "", "anomalies", "-db", db, "soup.yaml")
}

// findAnomaly returns the anomaly id of it, or nil.
func findAnomaly(it *soup.Item, id string) *soup.Anomaly {
	if it == nil {
		return nil
	}
	for i := range it.Anomalies {
		if it.Anomalies[i].ID == id {
			return &it.Anomalies[i]
		}
	}
	return nil
}

func listYAML(t *testing.T, l *soup.List) []byte {
	t.Helper()
	var b strings.Builder
	if err := l.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}

// osvServer serves the published OSV API (POST /v1/querybatch, GET
// /v1/vulns/{id}) from testdata/osv. Its answers to querybatch were read
// from the records' ranges by hand.
type osvServer struct {
	t       *testing.T
	records map[string][]byte
	answers map[string][]string // "ecosystem|name|version" → IDs

	mu       sync.Mutex
	requests []string
}

func newOSVServer(t *testing.T) *httptest.Server {
	s := &osvServer{t: t, records: map[string][]byte{}, answers: map[string][]string{
		"PyPI|flask|1.1.2":     {"GHSA-m2qf-hxjv-5gpq", "PYSEC-2023-62"},
		"PyPI|requests|2.23.0": {"GHSA-9wx4-h78v-vm56", "GHSA-j8r2-6x86-q33q"},
	}}
	files, err := filepath.Glob("testdata/osv/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no records: %v", err)
	}
	for _, f := range files {
		s.records[strings.TrimSuffix(filepath.Base(f), ".json")] = mustRead(t, f)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		slices.Sort(s.requests)
		// The records found, those of the anomalies the list records
		// (the jinja2 and urllib3 ones are not in testdata: 404), the KEV
		// catalogue and the lifecycle data (the example has no product of
		// it: no snapshot).
		want := []string{"GET GHSA-9wx4-h78v-vm56", "GET GHSA-g3rq-g295-4j3m", "GET GHSA-j8r2-6x86-q33q", "GET GHSA-m2qf-hxjv-5gpq",
			"GET GHSA-q2q7-5pp4-w6pg", "GET PYSEC-2023-62", "POST querybatch", "GET kev.json", "GET django.json"}
		for _, r := range s.requests {
			if !slices.Contains(want, r) {
				t.Errorf("unexpected request %s", r)
			}
		}
	})
	return srv
}

func (s *osvServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Date", "Tue, 01 Dec 2026 12:00:00 GMT")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/querybatch":
		s.log("POST querybatch")
		var req struct {
			Queries []struct {
				Package struct{ Ecosystem, Name string } `json:"package"`
				Version string                           `json:"version"`
			} `json:"queries"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type vuln struct {
			ID       string `json:"id"`
			Modified string `json:"modified"`
		}
		type result struct {
			Vulns []vuln `json:"vulns,omitempty"`
		}
		res := struct {
			Results []result `json:"results"`
		}{Results: []result{}}
		for _, q := range req.Queries {
			var rs result
			for _, id := range s.answers[q.Package.Ecosystem+"|"+q.Package.Name+"|"+q.Version] {
				var v struct{ Modified string }
				if err := json.Unmarshal(s.records[id], &v); err != nil {
					s.t.Error(err)
				}
				rs.Vulns = append(rs.Vulns, vuln{id, v.Modified})
			}
			res.Results = append(res.Results, rs)
		}
		json.NewEncoder(w).Encode(res)
	case r.Method == http.MethodGet && r.URL.Path == "/kev.json":
		s.log("GET kev.json")
		w.Write(mustRead(s.t, "testdata/kev.json"))
	case r.Method == http.MethodGet && r.URL.Path == "/django.json":
		s.log("GET django.json")
		w.Write(mustRead(s.t, "testdata/endoflife-django.json"))
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/vulns/"):
		id := strings.TrimPrefix(r.URL.Path, "/v1/vulns/")
		s.log("GET " + id)
		data, ok := s.records[id]
		if !ok {
			http.Error(w, `{"code":5,"message":"Bug not found."}`, http.StatusNotFound)
			return
		}
		w.Write(data)
	default:
		http.Error(w, "not found", http.StatusNotFound)
	}
}

func (s *osvServer) log(r string) {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	s.mu.Unlock()
}

// TestAnomaliesOnline looks the bundled example up in an in-process OSV
// server through -online -osv-url: the same matches as the offline
// database, a snapshot named after the server with its Date as the as-of
// time, the records kept in -osv-cache, and no progress on a standard
// error that is not a terminal.
func TestAnomaliesOnline(t *testing.T) {
	srv := newOSVServer(t)
	dir := t.TempDir()
	copyTo(t, dir, curatedV1)
	offline, _ := soupIn(t, 1, dir, "", "anomalies", "-db", mustAbs(t, "testdata/osv"), "-format", "json", "soup.yaml")
	online, stderr := soupIn(t, 1, dir, "", "anomalies", "-online", "-osv-url", srv.URL, "-osv-cache", "cache", "-format", "json", "soup.yaml")
	if diff := cmp.Diff(offline, online); diff != "" {
		t.Errorf("online matches differ from offline (-offline +online):\n%s", diff)
	}
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing (not a terminal)", stderr)
	}
	cached, err := os.ReadDir(filepath.Join(dir, "cache"))
	if err != nil || len(cached) == 0 {
		t.Errorf("nothing cached in -osv-cache: %v", err)
	}

	soupIn(t, 1, dir, "", "anomalies", "-online", "-osv-url", srv.URL, "-kev", srv.URL+"/kev.json", "-eol", srv.URL+"/django.json",
		"-curated", "soup.yaml", "-write", "-o", "report.txt")
	snaps := readList(t, filepath.Join(dir, "soup.yaml")).Item("SOUP-0007").AnomalyReview.Snapshots
	var sources []string
	for _, s := range snaps {
		sources = append(sources, s.Source)
		if s.Source == srv.URL && (s.AsOf.Format("2006-01-02T15:04:05Z") != "2026-12-01T12:00:00Z" || s.Records == 0) {
			t.Errorf("snapshot %+v, want the server's Date as of", s)
		}
	}
	if want := []string{srv.URL, "cisa-kev"}; !cmp.Equal(sources, want, cmpopts.SortSlices(func(a, b string) bool { return a < b })) {
		t.Errorf("snapshot sources %q, want %q", sources, want)
	}
}

// TestAnomaliesWriteJSON: a curated file in JSON is written back as JSON,
// and a second run leaves it byte for byte.
func TestAnomaliesWriteJSON(t *testing.T) {
	dir := t.TempDir()
	copyTo(t, dir, curatedV1)
	soupIn(t, 0, dir, "", "convert", "-to", "soupkit-json", "-o", "soup.json", "soup.yaml")
	db := mustAbs(t, "testdata/osv")
	soupIn(t, 1, dir, "", "anomalies", "-db", db, "-curated", "soup.json", "-write", "-o", "report.txt")
	first := mustRead(t, filepath.Join(dir, "soup.json"))
	if !json.Valid(first) || findAnomaly(readList(t, filepath.Join(dir, "soup.json")).Item("SOUP-0007"), "GHSA-9wx4-h78v-vm56") == nil {
		t.Fatalf("soup.json not JSON with the new anomaly:\n%s", first)
	}
	soupIn(t, 1, dir, "", "anomalies", "-db", db, "-curated", "soup.json", "-write", "-o", "report.txt")
	if second := mustRead(t, filepath.Join(dir, "soup.json")); string(second) != string(first) {
		t.Error("a second run changed soup.json")
	}
}

// TestAnomaliesServerError reports an OSV API that fails as an input
// error (exit 2), naming the API, and writes nothing.
func TestAnomaliesServerError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad request", http.StatusBadRequest)
	}))
	defer srv.Close()
	dir := t.TempDir()
	path := copyTo(t, dir, curatedV1)
	_, stderr := soupIn(t, 2, dir, "", "anomalies", "-online", "-osv-url", srv.URL, "-curated", "soup.yaml", "-write", "soup.yaml")
	if !strings.Contains(stderr, "osv api") {
		t.Errorf("stderr = %q, want the OSV API named", stderr)
	}
	if string(mustRead(t, path)) != string(mustRead(t, curatedV1)) {
		t.Error("the curated file changed although the lookup failed")
	}
}

// TestAnomalyTextEscaping: published text (summaries, names) reaches a
// terminal and a Markdown table; escape sequences and line breaks become
// spaces, and nothing in a cell can end the cell or start markup.
func TestAnomalyTextEscaping(t *testing.T) {
	for _, tc := range []struct{ in, line, cell string }{
		{"plain text", "plain text", "plain text"},
		{"a\x1b[31mred\x1b[0m\r\nsecond line", "a [31mred [0m second line", "a \\[31mred \\[0m second line"},
		{"x | y", "x | y", "x \\| y"},
		{"<script>*b*_i_`c`[l](u)", "<script>*b*_i_`c`[l](u)", "\\<script\\>\\*b\\*\\_i\\_\\`c\\`\\[l\\](u)"},
		{"\u2028tab\there\x00", "tab here", "tab here"},
	} {
		if got := oneLine(tc.in); got != tc.line {
			t.Errorf("oneLine(%q) = %q, want %q", tc.in, got, tc.line)
		}
		if got := mdCell(tc.in); got != tc.cell {
			t.Errorf("mdCell(%q) = %q, want %q", tc.in, got, tc.cell)
		}
	}
}
