package render_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
	"github.com/soupkit/soupkit/soup"
)

// undocumentedList is a class B list with open errors: one item without a
// manufacturer, requirements, verification or anomaly review.
func undocumentedList() *soup.List {
	l := rendertest.FullList()
	l.Items = append(l.Items, soup.Item{ID: "SOUP-0099", Name: "bare", Version: "1.0.0", PURL: "pkg:npm/bare@1.0.0", RiskLevel: soup.RiskHigh})
	return l
}

// TestDocumentCannotMislead: every light format of a list with open errors
// says DRAFT, states the validation context and the compliance summary,
// and shows NOT DOCUMENTED where a field the class requires is empty, in
// every preset; a list without open errors says it is ready for approval.
func TestDocumentCannotMislead(t *testing.T) {
	l := undocumentedList()
	fs := l.Validate(soup.Policy{})
	val := &render.Validation{Class: soup.ClassC, Date: soup.NewDate(2026, 11, 30), Policy: "policy.yaml",
		PolicyDigest: "sha256:abc123", Curated: "soup.yaml", CuratedDigest: "sha256:def456", Findings: l.Validate(soup.Policy{Class: soup.ClassC})}
	renderers := map[string]render.Renderer{"markdown": render.Markdown{}, "html": render.HTML{}, "csv": render.CSV{}, "json": render.JSON{}, "template": render.Template{}}
	for _, preset := range render.Presets() {
		cols, err := render.Preset(preset)
		if err != nil {
			t.Fatal(err)
		}
		for name, r := range renderers {
			for _, opts := range []*render.Options{
				{Columns: cols},                  // validated while rendering
				{Columns: cols, Findings: fs},    // findings detail
				{Columns: cols, Validation: val}, // -class C over the list's B
			} {
				out := string(renderBytes(t, r, l, opts))
				for _, want := range []string{"DRAFT", "IEC 62304:2006+A1:2015"} {
					if !strings.Contains(out, want) {
						t.Errorf("%s, %s preset: no %q", name, preset, want)
					}
				}
				// The item without a manufacturer: every print preset has the column.
				if name != "json" && preset != "minimal" && !strings.Contains(out, render.NotDocumented) {
					t.Errorf("%s, %s preset: no %s", name, preset, render.NotDocumented)
				}
				if name == "json" && !strings.Contains(out, `"status": "NOT DOCUMENTED"`) {
					t.Errorf("json: no NOT DOCUMENTED entry")
				}
				if opts.Validation != nil {
					for _, want := range []string{"Class C, as checked; the list states class B", "sha256:abc123", "def456", "policy.yaml", "2026-11-30"} {
						if name != "json" && !strings.Contains(out, want) {
							t.Errorf("%s, %s preset: validation context lacks %q", name, preset, want)
						}
					}
				}
			}
		}
	}

	// Documented well enough: no error is open, and the document says so.
	ok := &soup.List{System: soup.System{Name: "viewer", Version: "1.0", SafetyClass: soup.ClassA},
		RiskLevels: soup.RiskLevels{Low: "No harm."},
		Items:      []soup.Item{{ID: "SOUP-0001", Name: "lib", Version: "1.0.0", Manufacturer: "Upstream", RiskLevel: soup.RiskLow}}}
	for name, r := range renderers {
		out := string(renderBytes(t, r, ok, nil))
		if strings.Contains(out, "DRAFT") || strings.Contains(out, render.NotDocumented) {
			t.Errorf("%s: a list without open errors says DRAFT or NOT DOCUMENTED", name)
		}
		if !strings.Contains(out, "Ready for approval") {
			t.Errorf("%s: no status", name)
		}
	}
}

// TestCompliance checks the compliance summary against the findings and
// that JSON carries the same counts.
func TestCompliance(t *testing.T) {
	l := undocumentedList()
	fs := l.Validate(soup.Policy{Suppressions: []soup.Suppression{{Rule: "manufacturer-missing", Item: "SOUP-0099",
		Justification: "Internal fork.", ApprovedBy: "John Roe", Approved: soup.NewDate(2026, 11, 1)}}})
	v, err := render.NewView(l, &render.Options{Validation: &render.Validation{Findings: fs}})
	if err != nil {
		t.Fatal(err)
	}
	var open, suppressed int
	for _, r := range v.Compliance.Rows {
		if r.Cells[1].String() == "8.1.2" && r.Cells[2].String() == "error" {
			if r.Cells[4].String() != "1" {
				t.Errorf("8.1.2 errors: %q suppressed, want 1", r.Cells[4])
			}
		}
		open += atoi(t, r.Cells[3].String())
		suppressed += atoi(t, r.Cells[4].String())
	}
	if want := len(fs.Open()); open != want || suppressed != len(fs)-want {
		t.Errorf("compliance counts %d open, %d suppressed; findings %d, %d", open, suppressed, want, len(fs)-want)
	}
	var doc struct {
		Draft      bool
		Compliance []struct{ Open, Suppressed int }
	}
	if err := json.Unmarshal(renderBytes(t, render.JSON{}, l, &render.Options{Validation: &render.Validation{Findings: fs}}), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Draft || len(doc.Compliance) != len(v.Compliance.Rows) {
		t.Errorf("json: draft %v, %d compliance rows, want true, %d", doc.Draft, len(doc.Compliance), len(v.Compliance.Rows))
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not a count: %q", s)
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// TestNotSOUPAndHistory: excluded components are listed apart with the
// reason, never in the SOUP table; the revision history is printed.
func TestNotSOUPAndHistory(t *testing.T) {
	l := rendertest.FullList()
	l.Exclusions = []soup.Exclusion{{Key: "pkg:npm/left-pad", Justification: "Test-only tool, not shipped."}}
	l.Document.History = []soup.Revision{{Revision: "6", Date: soup.NewDate(2026, 10, 1), Author: "Jane Doe", Summary: "flask 1.1.2 added."}}
	v, err := render.NewView(l, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Items.Rows {
		if r.Item.Name == "left-pad" {
			t.Error("an excluded component is in the SOUP table")
		}
	}
	if v.NotSOUP == nil || len(v.NotSOUP.Rows) != 1 || v.NotSOUP.Rows[0].Cells[4].String() != "Test-only tool, not shipped." {
		t.Fatalf("Not considered SOUP: %+v", v.NotSOUP)
	}
	md := string(renderBytes(t, render.Markdown{}, l, nil))
	for _, want := range []string{"## Not Considered SOUP", "| left-pad | 1.3.0 | pkg:npm/left-pad@1.3.0 | Test-only tool, not shipped. |", "## Revision History", "| 6 | 2026-10-01 | Jane Doe | flask 1.1.2 added. |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}
