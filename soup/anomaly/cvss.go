package anomaly

import (
	"fmt"
	"math"
	"strings"
)

// CVSS3Score returns the base score of a CVSS 3.0 or 3.1 vector such as
// "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", computed as the
// specification (FIRST, CVSS v3.1, section 7.1) defines it.
func CVSS3Score(vector string) (float64, error) {
	parts := strings.Split(strings.TrimSpace(vector), "/")
	if len(parts) == 0 || (parts[0] != "CVSS:3.1" && parts[0] != "CVSS:3.0") {
		return 0, fmt.Errorf("anomaly: cvss %q: not a CVSS 3.x vector", vector)
	}
	m := map[string]string{}
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, ":")
		if !ok {
			return 0, fmt.Errorf("anomaly: cvss %q: bad metric %q", vector, p)
		}
		if _, dup := m[k]; dup {
			return 0, fmt.Errorf("anomaly: cvss %q: metric %s twice", vector, k)
		}
		m[k] = v
	}
	weight := func(metric string, w map[string]float64) (float64, error) {
		x, ok := w[m[metric]]
		if !ok {
			return 0, fmt.Errorf("anomaly: cvss %q: metric %s missing or invalid", vector, metric)
		}
		return x, nil
	}
	scope := m["S"]
	if scope != "U" && scope != "C" {
		return 0, fmt.Errorf("anomaly: cvss %q: metric S missing or invalid", vector)
	}
	pr := map[string]float64{"N": 0.85, "L": 0.62, "H": 0.27}
	if scope == "C" {
		pr = map[string]float64{"N": 0.85, "L": 0.68, "H": 0.5}
	}
	cia := map[string]float64{"H": 0.56, "L": 0.22, "N": 0}
	var w [7]float64
	var err error
	for i, x := range []struct {
		metric string
		w      map[string]float64
	}{
		{"AV", map[string]float64{"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2}},
		{"AC", map[string]float64{"L": 0.77, "H": 0.44}},
		{"PR", pr},
		{"UI", map[string]float64{"N": 0.85, "R": 0.62}},
		{"C", cia}, {"I", cia}, {"A", cia},
	} {
		if w[i], err = weight(x.metric, x.w); err != nil {
			return 0, err
		}
	}
	iss := 1 - (1-w[4])*(1-w[5])*(1-w[6])
	var impact float64
	if scope == "U" {
		impact = 6.42 * iss
	} else {
		impact = 7.52*(iss-0.029) - 3.25*math.Pow(iss-0.02, 15)
	}
	exploit := 8.22 * w[0] * w[1] * w[2] * w[3]
	if impact <= 0 {
		return 0, nil
	}
	if scope == "U" {
		return roundUp(math.Min(impact+exploit, 10)), nil
	}
	return roundUp(math.Min(1.08*(impact+exploit), 10)), nil
}

// roundUp is the Roundup function of CVSS v3.1 Appendix A: the smallest
// number of one decimal place at or above x, robust to floating point.
func roundUp(x float64) float64 {
	i := int64(math.Round(x * 100000))
	if i%10000 == 0 {
		return float64(i) / 100000
	}
	return float64(i/10000+1) / 10
}

// severityOfScore returns the qualitative rating of a CVSS score.
func severityOfScore(s float64) string {
	switch {
	case s >= 9:
		return "critical"
	case s >= 7:
		return "high"
	case s >= 4:
		return "medium"
	case s > 0:
		return "low"
	}
	return ""
}
