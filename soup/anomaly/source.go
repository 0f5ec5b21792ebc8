package anomaly

import (
	"context"
	"time"
)

// Source is published anomaly or lifecycle data. Fetch returns what the
// source knows about the query's targets (and the anomaly IDs already
// recorded, so that a source can tell whether they still apply). A Source
// is asked once per [Evaluate]; it must honour ctx.
type Source interface {
	Fetch(ctx context.Context, q *Query) (*Data, error)
}

// Query is what [Evaluate] asks a [Source] for.
type Query struct {
	// Targets are the distinct packages of the list, with their versions.
	Targets []Target
	// IDs are the IDs and aliases of the anomalies already recorded in the
	// list, sorted.
	IDs []string
}

// Data is what a [Source] returns. A source fills what it knows: OSV
// records, known exploited vulnerabilities, or lifecycle products.
type Data struct {
	// Name names the source in snapshots ("osv:all.zip",
	// "https://api.osv.dev", "cisa-kev", "endoflife.date"). A new
	// evaluation replaces the snapshots of the sources it uses, by name,
	// and keeps those of other sources.
	Name string
	// AsOf is when the data was current (see [soup.Snapshot]).
	AsOf time.Time
	// Vulns are OSV records: at least every record concerning a target,
	// and every record whose ID is in the query, withdrawn ones included.
	Vulns []*Vuln
	// Exploited are known exploited vulnerabilities by CVE ID.
	Exploited map[string]KEVEntry
	// Products are lifecycle products (endoflife.date).
	Products []*Product
}
