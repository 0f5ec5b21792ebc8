// Package anomaly evaluates the published anomaly lists of SOUP items
// (IEC 62304 7.1.3, 6.2.1) and their support lifecycle, and records the
// result in a [soup.List] in a way an auditor can replay.
//
// Data comes from [Source] values, each asked once per evaluation with a
// [context.Context]:
//
//   - [OSVDatabase]: OSV records read offline from directories (searched
//     recursively), single files and zip archives such as the per-ecosystem
//     all.zip that OSV publishes;
//   - [OSVClient]: the OSV API (/v1/querybatch, then /v1/vulns/{id}), with
//     retries, bounded concurrency, a response size bound and an optional
//     on-disk cache;
//   - [KEV]: the CISA catalogue of Known Exploited Vulnerabilities;
//   - [Lifecycle]: endoflife.date API v1 product data, for the level and end
//     of support.
//
// [Evaluate] matches every item by its package URL (ecosystem and name) and
// its exact version, with the ecosystem's own version order (PEP 440 for
// PyPI, SemVer for npm, Go and crates, Maven's order, Debian's, RPM's …, as
// implemented by the semantic package of OSV's scanner library
// github.com/google/osv-scalibr) over the records' ranges and version lists.
// It returns a copy of the list in which each affecting anomaly is added to
// its item, a person's evaluation is never changed, an anomaly that no
// longer affects the version is marked so rather than deleted, and each
// item's anomaly review records the [soup.Snapshot] of every source used.
//
// # Replaying an evaluation
//
// A snapshot's digest covers exactly the data the item's evaluation read
// from that source, so that an auditor can re-run the evaluation against
// the same data and compare: for an OSV source, the records about the
// item's package (withdrawn and non-affecting ones included) and those
// naming its recorded anomalies, in ID order, each as its ID, a newline,
// its compacted JSON and a newline; for the KEV catalogue, the entries of
// the item's anomalies; for endoflife.date, the product's JSON. The
// as-of time is the newest record's modification time (offline), the
// server's Date (online), the catalogue's release time or the lifecycle
// data's generation time.
//
// Nothing here touches the network unless the caller passes an
// [OSVClient], or a URL to [LoadKEV], [FetchKEV], [LoadLifecycle] or
// [FetchLifecycle].
package anomaly
