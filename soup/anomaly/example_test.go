package anomaly_test

import (
	"context"
	"fmt"
	"log"

	"github.com/soupkit/soupkit/soup"
	"github.com/soupkit/soupkit/soup/anomaly"
)

// Evaluate a SOUP list against an offline copy of OSV (here the records
// under testdata/osv; in use, OSV's per-ecosystem all.zip files) and the
// CISA KEV catalogue.
func ExampleEvaluate() {
	ctx := context.Background()
	db, err := anomaly.OpenOSV(ctx, &anomaly.OpenOSVOptions{Name: "osv"}, "testdata/osv")
	if err != nil {
		log.Fatal(err)
	}
	kev, err := anomaly.OpenKEV("testdata/kev.json")
	if err != nil {
		log.Fatal(err)
	}
	list := &soup.List{Items: []soup.Item{
		{ID: "SOUP-0001", Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2",
			Anomalies: []soup.Anomaly{{ID: "GHSA-m2qf-hxjv-5gpq", Status: soup.StatusNotAffected,
				Justification: "No session cookie is set."}}},
		{ID: "SOUP-0002", Name: "requests", Version: "2.23.0", PURL: "pkg:pypi/requests@2.23.0"},
		{ID: "SOUP-0003", Name: "requests", Version: "2.32.2", PURL: "pkg:pypi/requests@2.32.2"},
		{ID: "SOUP-0004", Name: "log4j-core", Version: "2.14.1", PURL: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
	}}
	res, err := anomaly.Evaluate(ctx, list, []anomaly.Source{db, kev}, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range res.Matches {
		fmt.Printf("%s %s %s: %s %s (fixed in %v)", m.Item, m.Name, m.Version, m.ID, m.Status, m.Fixed)
		if m.KnownExploited {
			fmt.Print(" KNOWN EXPLOITED")
		}
		fmt.Println()
	}
	for _, s := range res.List.Item("SOUP-0002").AnomalyReview.Snapshots {
		fmt.Println("evaluated against", s.Source, "as of", s.AsOf.Format("2006-01-02"), "records:", s.Records)
	}
	// Output:
	// SOUP-0001 flask 1.1.2: GHSA-m2qf-hxjv-5gpq not-affected (fixed in [2.2.5 2.3.2])
	// SOUP-0002 requests 2.23.0: GHSA-9wx4-h78v-vm56 unevaluated (fixed in [2.32.2])
	// SOUP-0002 requests 2.23.0: GHSA-j8r2-6x86-q33q unevaluated (fixed in [2.31.0])
	// SOUP-0004 log4j-core 2.14.1: GHSA-jfh8-c2jp-5v3q unevaluated (fixed in [2.3.1 2.12.2 2.15.0]) KNOWN EXPLOITED
	// evaluated against cisa-kev as of 2024-01-22 records: 0
	// evaluated against osv as of 2024-05-20 records: 3
}
