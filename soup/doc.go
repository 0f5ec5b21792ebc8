// Package soup is the typed model of a SOUP list as IEC 62304 asks for it,
// the class-aware rules that check it, and the reconciliation that keeps
// hand-written documentation alive when a new SBOM arrives.
//
// IEC 62304 calls every third-party component of medical device software
// SOUP (software of unknown provenance). A [List] documents the SOUP items
// of one software system: for each [Item] its identification (8.1.2), and
// for software safety class B and C its requirements (5.3.3, 5.3.4), the
// verification that the architecture supports it (5.3.6c), its failure
// modes tied to the risk analysis (7.1.2c) and the evaluation of its
// published anomaly list (7.1.3).
//
// The curated file, soup.yaml, is a List written by hand and kept in git;
// [Read] parses it (YAML or JSON, the same camelCase field names), with
// errors that name the line, item and field. [List.Validate] checks a list
// against a [Policy] and returns [Findings], each citing what requires it
// as a [Reference]: an authority with its edition (IEC 62304:2006+A1:2015,
// the FDA premarket cybersecurity guidance, the NTIA minimum elements, the
// CISA VEX minimum requirements, or the team's policy) and a clause; which
// rules apply, and what they cite, depends on the [SafetyClass] (see
// [Rules]). [Reconcile] carries the documentation of a curated list over to
// a new scan and records the version an item changed from, [Diff] compares
// two lists, and [Change.Impact] says what a change asks for in a class
// (7.4), and [Merge] combines the scans of several repositories.
//
// Items are matched across scans by [Key], the package URL without version.
// IDs such as SOUP-0007 are assigned once and never reused: a curated item
// the scan no longer finds is kept and marked removed, not deleted.
//
// The package knows nothing of SBOM formats (see package sbom) or output
// formats (see package render), reads no clock and touches no network.
package soup
