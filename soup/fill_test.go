package soup_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

func TestFill(t *testing.T) {
	day := soup.NewDate(2026, 10, 2)
	tests := []struct {
		name           string
		dst, src, want soup.Item
	}{
		{
			name: "blank fields filled, set ones kept",
			dst:  soup.Item{Name: "flask", License: "MIT"},
			src:  soup.Item{Name: "Flask", License: "BSD-3-Clause", Website: "https://palletsprojects.com"},
			want: soup.Item{Name: "flask", License: "MIT", Website: "https://palletsprojects.com"},
		},
		{
			name: "each field of a group on its own",
			dst:  soup.Item{Verification: soup.Verification{Architecture: "behind gunicorn"}, Requirements: soup.Requirements{Functional: []string{"routing"}}},
			src: soup.Item{Verification: soup.Verification{Architecture: "other", By: "Jane Doe", Date: day},
				Requirements: soup.Requirements{Functional: []string{"other"}, Hardware: []string{"x86-64"}}},
			want: soup.Item{Verification: soup.Verification{Architecture: "behind gunicorn", By: "Jane Doe", Date: day},
				Requirements: soup.Requirements{Functional: []string{"routing"}, Hardware: []string{"x86-64"}}},
		},
		{
			name: "systems are a set",
			dst:  soup.Item{Systems: []string{"api", "web"}},
			src:  soup.Item{Systems: []string{"web", "worker"}},
			want: soup.Item{Systems: []string{"api", "web", "worker"}},
		},
		{
			name: "anomalies merged by ID and source, dst's evaluation kept",
			dst:  soup.Item{Anomalies: []soup.Anomaly{{ID: "CVE-1", Source: "osv", Status: soup.StatusNotAffected, Justification: "unused"}}},
			src: soup.Item{Anomalies: []soup.Anomaly{{ID: "CVE-1", Source: "osv", Status: soup.StatusAffected},
				{ID: "CVE-1", Source: "nvd"}, {ID: "CVE-2", Source: "osv"}}},
			want: soup.Item{Anomalies: []soup.Anomaly{{ID: "CVE-1", Source: "osv", Status: soup.StatusNotAffected, Justification: "unused"},
				{ID: "CVE-1", Source: "nvd"}, {ID: "CVE-2", Source: "osv"}}},
		},
		{
			name: "hashes taken whole when blank",
			dst:  soup.Item{Hashes: []soup.Hash{{Algorithm: "SHA-256", Value: "ab"}}},
			src:  soup.Item{Hashes: []soup.Hash{{Algorithm: "SHA-1", Value: "cd"}}},
			want: soup.Item{Hashes: []soup.Hash{{Algorithm: "SHA-256", Value: "ab"}}},
		},
		{
			name: "enums, dates and flags",
			dst:  soup.Item{RiskLevel: soup.RiskLow},
			src:  soup.Item{RiskLevel: soup.RiskHigh, Dependency: soup.Direct, Support: soup.Support{EndOfSupport: day}, Removed: true},
			want: soup.Item{RiskLevel: soup.RiskLow, Dependency: soup.Direct, Support: soup.Support{EndOfSupport: day}, Removed: true},
		},
		{
			name: "blank src changes nothing",
			dst:  soup.Item{Name: "flask", Systems: []string{"api"}},
			want: soup.Item{Name: "flask", Systems: []string{"api"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := tt.dst
			soup.Fill(&dst, &tt.src)
			if diff := cmp.Diff(tt.want, dst, cmp.AllowUnexported(soup.Date{})); diff != "" {
				t.Errorf("Fill (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFillDoesNotWriteIntoShared checks that merging the sets does not
// append into a backing array that another slice shares.
func TestFillDoesNotWriteIntoShared(t *testing.T) {
	backing := make([]string, 1, 4)
	backing[0] = "api"
	other := backing[:2] // shares the spare capacity
	dst := soup.Item{Systems: backing[:1]}
	soup.Fill(&dst, &soup.Item{Systems: []string{"worker"}})
	if other[1] != "" {
		t.Errorf("Fill wrote %q into a shared backing array", other[1])
	}
}
