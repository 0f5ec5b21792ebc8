package soup

import "slices"

// Clone returns a deep copy of l.
func (l *List) Clone() *List {
	if l == nil {
		return &List{}
	}
	c := *l
	c.Document.Approvers = slices.Clone(l.Document.Approvers)
	c.Document.History = slices.Clone(l.Document.History)
	c.Exclusions = slices.Clone(l.Exclusions)
	c.Sources = slices.Clone(l.Sources)
	for i := range c.Sources {
		c.Sources[i].Tools = slices.Clone(c.Sources[i].Tools)
	}
	c.Items = slices.Clone(l.Items)
	for i := range c.Items {
		c.Items[i] = *cloneItem(&c.Items[i])
	}
	return &c
}

// cloneItem returns a deep copy of it.
func cloneItem(it *Item) *Item {
	c := *it
	c.Hashes = slices.Clone(it.Hashes)
	c.RequiredBy = slices.Clone(it.RequiredBy)
	c.Systems = slices.Clone(it.Systems)
	c.Requirements = Requirements{
		Functional:  slices.Clone(it.Requirements.Functional),
		Performance: slices.Clone(it.Requirements.Performance),
		Hardware:    slices.Clone(it.Requirements.Hardware),
		Software:    slices.Clone(it.Requirements.Software),
	}
	c.FailureModes = slices.Clone(it.FailureModes)
	c.RiskRefs = slices.Clone(it.RiskRefs)
	c.AnomalyReview.Sources = slices.Clone(it.AnomalyReview.Sources)
	c.AnomalyReview.Snapshots = slices.Clone(it.AnomalyReview.Snapshots)
	c.Anomalies = slices.Clone(it.Anomalies)
	for i := range c.Anomalies {
		c.Anomalies[i] = cloneAnomaly(c.Anomalies[i])
	}
	return &c
}

// cloneAnomaly returns a deep copy of a.
func cloneAnomaly(a Anomaly) Anomaly {
	a.Aliases = slices.Clone(a.Aliases)
	a.Fixed = slices.Clone(a.Fixed)
	a.Response = slices.Clone(a.Response)
	return a
}
