package souptest

// These tests show that TestSOUPListDocumentsSBOM would fail on a SOUP
// list that lacks documentation. They are not part of what you copy.

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/soup"
)

// variant writes the complete SOUP list, changed by edit, to a temporary
// file and returns its path.
func variant(t *testing.T, edit func(*soup.List)) string {
	t.Helper()
	f, err := os.Open(curatedFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := soup.Read(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	edit(l)
	p := filepath.Join(t.TempDir(), "soup.yaml")
	out, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := l.WriteYAML(out); err != nil {
		t.Fatal(err)
	}
	return p
}

// withoutSubject drops the item's name@version from a finding, so that
// the wanted problems name items by ID only.
var withoutSubject = regexp.MustCompile(`^(SOUP-\d+) \S+@\S+`)

func TestCheckSOUPFails(t *testing.T) {
	noVerification := variant(t, func(l *soup.List) {
		l.Item("SOUP-0010").Verification = soup.Verification{} // idna
	})
	tests := []struct {
		name    string
		sbom    string
		curated string
		policy  soup.Policy
		want    []string // the problems, by prefix
	}{
		{
			name: "complete",
			sbom: sbomFile, curated: curatedFile,
		},
		{
			name: "dependency not in the list",
			sbom: sbomFile,
			curated: variant(t, func(l *soup.List) {
				l.Items = slices.DeleteFunc(l.Items, func(it soup.Item) bool { return it.Name == "setuptools" })
			}),
			want: []string{"setuptools 46.1.3 is in testdata/sbom.cdx.json but not documented"},
		},
		{
			name: "requirements missing",
			sbom: sbomFile,
			curated: variant(t, func(l *soup.List) {
				it := l.Item("SOUP-0010") // idna
				it.Requirements.Hardware = nil
				it.Requirements.Performance = []string{"TBD"}
			}),
			want: []string{"SOUP-0010  requirements-missing  IEC 62304:2006+A1:2015 5.3.3", "SOUP-0010  requirements-missing  IEC 62304:2006+A1:2015 5.3.4"},
		},
		{
			// Without a verification the review's version is unknown too.
			name: "verification missing",
			sbom: sbomFile, curated: noVerification,
			want: []string{"SOUP-0010  anomaly-review-outdated  IEC 62304:2006+A1:2015 7.1.3", "SOUP-0010  verification-missing  IEC 62304:2006+A1:2015 5.3.6c"},
		},
		{
			name: "suppressed by the policy",
			sbom: sbomFile, curated: noVerification,
			policy: soup.Policy{Suppressions: []soup.Suppression{
				{Rule: "verification-missing", Item: "SOUP-0010", Justification: "Verified under CR-88.", ApprovedBy: "John Roe", Approved: soup.NewDate(2026, 11, 2)},
				{Rule: "anomaly-review-outdated", Item: "SOUP-0010", Justification: "Reviewed under CR-88.", ApprovedBy: "John Roe", Approved: soup.NewDate(2026, 11, 2)},
			}},
		},
		{
			// The bundled example of the soup command leaves setuptools
			// out and idna half documented.
			name: "the soup command's example",
			sbom: sbomFile, curated: "../soup/example/soup.yaml",
			want: []string{
				"SOUP-0010  anomaly-review-missing", "SOUP-0010  requirements-missing", "SOUP-0010  requirements-missing",
				"SOUP-0010  requirements-missing", "SOUP-0010  verification-missing",
				"setuptools 46.1.3 is in testdata/sbom.cdx.json but not documented",
			},
		},
		{
			// An upgrade keeps the documentation but not the verification.
			name: "upgrade",
			sbom: "../soup/testdata/python-backend-v2.cdx.json", curated: curatedFile,
			want: append(outdated(1, 10), "charset-normalizer 2.1.1 is in"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkSOUP(tt.sbom, tt.curated, tt.policy)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range got {
				got[i] = withoutSubject.ReplaceAllString(p, "$1")
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if len(got) != len(want) {
				t.Fatalf("%d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], want[i]) {
					t.Errorf("problem %d = %q, want prefix %q", i, got[i], want[i])
				}
			}
		})
	}
}

const iec = "IEC 62304:2006+A1:2015 "

// outdated returns the problems of items SOUP-from to SOUP-to after an
// upgrade (class B): the change is not analysed (7.4.1, 7.4.2) and their
// verification and anomaly review are for the old version.
func outdated(from, to int) []string {
	var out []string
	for n := from; n <= to; n++ {
		id := soup.FormatID(n)
		out = append(out, id+"  anomaly-review-outdated  "+iec+"7.1.3", id+"  change-risk-controls  "+iec+"7.4.2",
			id+"  change-unanalysed  "+iec+"7.4.1", id+"  verification-outdated  "+iec+"5.3.6c")
	}
	return out
}

// TestProblemsGolden records the whole text of the problems the test
// reports on the soup command's example, as a team would read them.
func TestProblemsGolden(t *testing.T) {
	got, err := checkSOUP(sbomFile, "../soup/example/soup.yaml", soup.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/example-problems.golden", []byte(strings.Join(got, "\n")+"\n"))
}
