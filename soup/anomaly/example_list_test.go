package anomaly

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/soup"
)

// TestBundledExample evaluates the curated list of the bundled example
// (examples/soup/example/soup.yaml: flask 1.1.2, requests 2.23.0 and their
// dependencies) against the fixture records: the published advisories of
// flask and requests are found, nothing for the versions outside the
// ranges, a second run changes nothing, and class B validation fails until
// each is evaluated.
func TestBundledExample(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "soup", "example", "soup.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := soup.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(context.Background(), l, []Source{openDB(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"SOUP-0001": {"GHSA-m2qf-hxjv-5gpq not-affected"},
		"SOUP-0007": {"GHSA-9wx4-h78v-vm56 unevaluated", "GHSA-j8r2-6x86-q33q not-affected"},
	}
	if diff := cmp.Diff(want, matchIDs(res.Matches)); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
	again, err := Evaluate(context.Background(), res.List, []Source{openDB(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(res.List, again.List, dateOpt); diff != "" {
		t.Errorf("second run changed the list (-first +second):\n%s", diff)
	}

	unevaluated := func(l *soup.List) []string {
		var out []string
		for _, f := range l.Validate(soup.Policy{Class: soup.ClassB}) {
			if f.Rule == "anomaly-unevaluated" {
				out = append(out, f.Item+" "+f.Severity.String())
			}
		}
		return out
	}
	if got := unevaluated(res.List); !cmp.Equal(got, []string{"SOUP-0007 error"}) {
		t.Errorf("class B findings %v, want anomaly-unevaluated for SOUP-0007", got)
	}
	for i, a := range res.List.Item("SOUP-0007").Anomalies {
		if a.Status == 0 {
			a := &res.List.Item("SOUP-0007").Anomalies[i]
			a.Status, a.Justification, a.By, a.Date = soup.StatusNotAffected, "verify=False is never used.", "Jane Doe", soup.NewDate(2026, 12, 1)
		}
	}
	if got := unevaluated(res.List); got != nil {
		t.Errorf("after the evaluation: %v", got)
	}
}
