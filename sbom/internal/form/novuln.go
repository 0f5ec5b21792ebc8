package form

import "github.com/soupkit/soupkit/soup"

// Strip returns l as the encoders write it under o: without the items'
// anomalies when o.NoVulnerabilities is set (a shallow copy; l is not
// modified), else l itself.
func (o EncodeOptions) Strip(l *soup.List) *soup.List {
	if !o.NoVulnerabilities {
		return l
	}
	c := *l
	c.Items = make([]soup.Item, len(l.Items))
	for i, it := range l.Items {
		it.Anomalies = nil
		c.Items[i] = it
	}
	return &c
}
