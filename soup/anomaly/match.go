package anomaly

import (
	"fmt"
	"slices"

	"github.com/google/osv-scalibr/semantic"
)

// parseVersion parses s in the ecosystem's order; SEMVER ranges use the
// SemVer order whatever the ecosystem.
func parseVersion(eco, rangeType, s string) (semantic.Version, error) {
	if rangeType == "SEMVER" {
		return semantic.ParseSemverVersion(s), nil
	}
	base, _ := splitEcosystem(eco)
	v, err := semantic.Parse(s, base)
	if err != nil {
		return nil, fmt.Errorf("anomaly: %s version %q: %w", base, s, err)
	}
	return v, nil
}

// Affects reports whether the record v affects the target's exact
// version: whether an affected package of v with the target's ecosystem,
// release and name lists the version or has an ECOSYSTEM or SEMVER range
// that includes it, under the ecosystem's version order. GIT ranges are
// not evaluated (they name commits, not versions). Withdrawn records affect
// nothing. The error reports a version that cannot be parsed in the
// ecosystem's order.
func Affects(v *Vuln, t Target) (bool, error) {
	return affects(v, t, versionCache{})
}

// versionCache holds the target's version parsed per ecosystem and range
// type, so that it is parsed once per item, not once per range.
type versionCache map[[2]string]semantic.Version

func (c versionCache) parse(eco, rangeType, s string) (semantic.Version, error) {
	base, _ := splitEcosystem(eco)
	k := [2]string{base, rangeType}
	if v, ok := c[k]; ok {
		return v, nil
	}
	v, err := parseVersion(base, rangeType, s)
	if err != nil {
		return nil, err
	}
	c[k] = v
	return v, nil
}

func affects(v *Vuln, t Target, cache versionCache) (bool, error) {
	if v.IsWithdrawn() {
		return false, nil
	}
	k := t.key()
	var firstErr error
	for i := range v.Affected {
		a := &v.Affected[i]
		if keyOf(a.Package.Ecosystem, a.Package.Name) != k || !t.releaseMatches(a.Package.Ecosystem) {
			continue
		}
		ok, err := affectedIncludes(a, t.Version, cache)
		if ok {
			return true, nil
		}
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", v.ID, err)
		}
	}
	return false, firstErr
}

// affectedIncludes evaluates one affected package for version ver.
func affectedIncludes(a *Affected, ver string, cache versionCache) (bool, error) {
	if slices.Contains(a.Versions, ver) {
		return true, nil
	}
	var firstErr error
	for _, r := range a.Ranges {
		if r.Type != "ECOSYSTEM" && r.Type != "SEMVER" {
			continue
		}
		cur, err := cache.parse(a.Package.Ecosystem, r.Type, ver)
		if err != nil {
			return false, err
		}
		ok, err := rangeIncludes(a.Package.Ecosystem, r, cur)
		if ok {
			return true, nil
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	// A version list may spell a version differently ("1.0" for "1.0.0"):
	// compare in the ecosystem's order too.
	if len(a.Versions) > 0 {
		cur, err := cache.parse(a.Package.Ecosystem, "ECOSYSTEM", ver)
		if err == nil {
			for _, s := range a.Versions {
				if c, err := cur.CompareStr(s); err == nil && c == 0 {
					return true, nil
				}
			}
		}
	}
	return false, firstErr
}

// event is a range event with its parsed version; zero marks introduced "0".
type event struct {
	kind string // introduced, fixed, last_affected, limit
	text string
	v    semantic.Version
	zero bool
}

// rangeIncludes applies the evaluation of the OSV schema: walk the events
// in version order; introduced at or below the version opens, fixed at or
// below closes, last_affected below closes; a limit at or below the version
// excludes it.
func rangeIncludes(eco string, r Range, cur semantic.Version) (bool, error) {
	evs := make([]event, 0, len(r.Events))
	for _, e := range r.Events {
		ev := event{}
		switch {
		case e.Introduced != "":
			ev.kind, ev.text = "introduced", e.Introduced
		case e.Fixed != "":
			ev.kind, ev.text = "fixed", e.Fixed
		case e.LastAffected != "":
			ev.kind, ev.text = "last_affected", e.LastAffected
		case e.Limit != "":
			ev.kind, ev.text = "limit", e.Limit
		default:
			continue
		}
		if ev.kind == "introduced" && ev.text == "0" {
			ev.zero = true
		} else if ev.kind == "limit" && ev.text == "*" {
			continue
		} else {
			v, err := parseVersion(eco, r.Type, ev.text)
			if err != nil {
				return false, err
			}
			ev.v = v
		}
		evs = append(evs, ev)
	}
	var sortErr error
	slices.SortStableFunc(evs, func(a, b event) int {
		switch {
		case a.zero && b.zero:
			return 0
		case a.zero:
			return -1
		case b.zero:
			return 1
		}
		c, err := a.v.Compare(b.v)
		if err != nil && sortErr == nil {
			sortErr = err
		}
		return c
	})
	if sortErr != nil {
		return false, sortErr
	}
	affected := false
	for _, ev := range evs {
		var c int // cur compared with the event's version
		if ev.zero {
			c = 1
		} else {
			var err error
			if c, err = cur.Compare(ev.v); err != nil {
				return false, err
			}
		}
		switch ev.kind {
		case "introduced":
			if c >= 0 {
				affected = true
			}
		case "fixed":
			if c >= 0 {
				affected = false
			}
		case "last_affected":
			if c > 0 {
				affected = false
			}
		case "limit":
			if c >= 0 {
				return false, nil
			}
		}
	}
	return affected, nil
}

// fixedVersions returns the versions that fix v for the target's package,
// in the order the record gives them, without duplicates.
func fixedVersions(v *Vuln, t Target) []string {
	k := t.key()
	var out []string
	for _, a := range v.Affected {
		if keyOf(a.Package.Ecosystem, a.Package.Name) != k || !t.releaseMatches(a.Package.Ecosystem) {
			continue
		}
		for _, r := range a.Ranges {
			if r.Type == "GIT" {
				continue
			}
			for _, e := range r.Events {
				if e.Fixed != "" && !slices.Contains(out, e.Fixed) {
					out = append(out, e.Fixed)
				}
			}
		}
	}
	return out
}

// concerns reports whether v has an affected package for the target's
// ecosystem, release and name.
func concerns(v *Vuln, t Target) bool {
	k := t.key()
	for _, a := range v.Affected {
		if keyOf(a.Package.Ecosystem, a.Package.Name) == k && t.releaseMatches(a.Package.Ecosystem) {
			return true
		}
	}
	return false
}
