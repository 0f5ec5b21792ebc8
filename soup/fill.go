package soup

import "slices"

// Fill fills the blank fields of dst from src, the one "fill the blanks"
// operation behind [Merge], [Reconcile] and the merge of duplicate
// components in package sbom. A blank field is an empty string or list, an
// unset enum or date, or false; every field of dst that is set is kept, and
// whatever is taken from src is copied, so that dst and src share no
// memory afterwards. Two lists are sets and are merged instead: Systems
// gains the systems of src it lacks, and Anomalies the anomalies of src
// whose ID and source it does not list (dst's evaluation of an anomaly is
// kept). Each field is filled on its own, so that a dst with a
// verification date but no verifier takes the verifier of src.
//
// Every field of [Item] must be handled here; a test fails for one that is
// not.
func Fill(dst, src *Item) {
	fill(&dst.ID, src.ID)
	fill(&dst.Name, src.Name)
	fill(&dst.Version, src.Version)
	if dst.Manufacturer == "" {
		dst.Manufacturer, dst.ManufacturerSource = src.Manufacturer, src.ManufacturerSource
	}
	fill(&dst.PURL, src.PURL)
	fill(&dst.CPE, src.CPE)
	fill(&dst.License, src.License)
	fill(&dst.Website, src.Website)
	fill(&dst.IssueTracker, src.IssueTracker)
	fill(&dst.VCS, src.VCS)
	fill(&dst.Description, src.Description)
	fillList(&dst.Hashes, src.Hashes)

	fill(&dst.Dependency, src.Dependency)
	fillList(&dst.RequiredBy, src.RequiredBy)
	dst.Systems = union(dst.Systems, src.Systems)

	fillList(&dst.Requirements.Functional, src.Requirements.Functional)
	fillList(&dst.Requirements.Performance, src.Requirements.Performance)
	fillList(&dst.Requirements.Hardware, src.Requirements.Hardware)
	fillList(&dst.Requirements.Software, src.Requirements.Software)

	fill(&dst.RiskLevel, src.RiskLevel)
	fillList(&dst.FailureModes, src.FailureModes)
	fillList(&dst.RiskRefs, src.RiskRefs)

	v, sv := &dst.Verification, &src.Verification
	fill(&v.Architecture, sv.Architecture)
	fill(&v.By, sv.By)
	fill(&v.Date, sv.Date)
	fill(&v.Version, sv.Version)

	c, sc := &dst.ChangeAnalysis, &src.ChangeAnalysis
	fill(&c.From, sc.From)
	fill(&c.Version, sc.Version)
	fill(&c.By, sc.By)
	fill(&c.Date, sc.Date)
	fill(&c.Conclusion, sc.Conclusion)
	fill(&c.RiskControls, sc.RiskControls)

	r, sr := &dst.AnomalyReview, &src.AnomalyReview
	fill(&r.Date, sr.Date)
	fill(&r.By, sr.By)
	fill(&r.Version, sr.Version)
	fillList(&r.Sources, sr.Sources)
	fill(&r.Conclusion, sr.Conclusion)
	fillList(&r.Snapshots, sr.Snapshots)
	dst.Anomalies = mergeAnomalies(dst.Anomalies, src.Anomalies)

	s, ss := &dst.Support, &src.Support
	fill(&s.Level, ss.Level)
	fill(&s.EndOfSupport, ss.EndOfSupport)
	fill(&s.Justification, ss.Justification)
	fill(&s.Source, ss.Source)
	fill(&s.Date, ss.Date)

	fill(&dst.Notes, src.Notes)
	dst.Removed = dst.Removed || src.Removed
}

// fill sets *dst to src when *dst is the zero value.
func fill[T comparable](dst *T, src T) {
	var zero T
	if *dst == zero {
		*dst = src
	}
}

// fillList sets *dst to a copy of src when *dst is empty and src is not.
// The elements are copied by value: lists of strings and of structs of
// strings and enums.
func fillList[E any](dst *[]E, src []E) {
	if len(*dst) == 0 && len(src) > 0 {
		*dst = slices.Clone(src)
	}
}

// mergeAnomalies returns cur followed by the anomalies of add that it does
// not list (matched by ID and source), without writing into add's or
// cur's backing array.
func mergeAnomalies(cur, add []Anomaly) []Anomaly {
	cur = slices.Clip(cur)
	for _, a := range add {
		if !slices.ContainsFunc(cur, func(c Anomaly) bool { return c.ID == a.ID && c.Source == a.Source }) {
			cur = append(cur, cloneAnomaly(a))
		}
	}
	return cur
}

// union returns a followed by the elements of b it lacks, without writing
// into a's or b's backing array.
func union(a, b []string) []string {
	a = slices.Clip(a)
	for _, s := range b {
		if !slices.Contains(a, s) {
			a = append(a, s)
		}
	}
	return a
}
