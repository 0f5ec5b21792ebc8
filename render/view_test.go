package render_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/render/rendertest"
	"github.com/soupkit/soupkit/soup"
)

func mustView(t *testing.T, l *soup.List, opts *render.Options) *render.View {
	t.Helper()
	v, err := render.NewView(l, opts)
	if err != nil {
		t.Fatalf("NewView: %v", err)
	}
	return v
}

func mustPreset(t *testing.T, name string) []render.Column {
	t.Helper()
	cols, err := render.Preset(name)
	if err != nil {
		t.Fatal(err)
	}
	return cols
}

// names returns the item names of a table's rows.
func names(tb *render.Table) []string {
	var out []string
	for _, r := range tb.Rows {
		out = append(out, r.Item.Name)
	}
	return out
}

// cells returns a table's rows as plain values.
func cells(tb *render.Table) [][][]string {
	var out [][][]string
	for _, r := range tb.Rows {
		var row [][]string
		for _, c := range r.Cells {
			row = append(row, []string(c))
		}
		out = append(out, row)
	}
	return out
}

func TestNewViewSort(t *testing.T) {
	for _, c := range []struct {
		order render.Order
		want  []string
	}{
		{0, []string{"left-pad", "github.com/google/uuid", "openssl", "flask", "werkzeug"}},
		{render.ByRisk, []string{"left-pad", "github.com/google/uuid", "openssl", "flask", "werkzeug"}},
		{render.ByName, []string{"flask", "github.com/google/uuid", "left-pad", "openssl", "werkzeug"}},
		{render.ByID, []string{"flask", "werkzeug", "github.com/google/uuid", "openssl", "left-pad"}},
		{render.AsGiven, []string{"flask", "werkzeug", "github.com/google/uuid", "left-pad", "openssl"}},
	} {
		v := mustView(t, rendertest.FullList(), &render.Options{Sort: c.order})
		if diff := cmp.Diff(c.want, names(v.Items)); diff != "" {
			t.Errorf("order %q (-want +got):\n%s", c.order, diff)
		}
	}
}

func TestNewViewSortTies(t *testing.T) {
	l := &soup.List{Items: []soup.Item{
		{ID: "SOUP-0010", Name: "b", Version: "2"},
		{ID: "SOUP-0009", Name: "B", Version: "1"},
		{ID: "SOUP-100", Name: "a"},
		{Name: "a", Version: "1"},
		{ID: "SOUP-0011", Name: "b", Version: "1"},
	}}
	ids := func(tb *render.Table) []string {
		var out []string
		for _, r := range tb.Rows {
			out = append(out, r.Item.ID+"/"+r.Item.Name+"/"+r.Item.Version)
		}
		return out
	}
	// By risk (all unassigned) and by name: name case-insensitively, then
	// the exact name, then version, then ID.
	want := []string{"SOUP-100/a/", "/a/1", "SOUP-0009/B/1", "SOUP-0011/b/1", "SOUP-0010/b/2"}
	for _, o := range []render.Order{render.ByRisk, render.ByName} {
		if diff := cmp.Diff(want, ids(mustView(t, l, &render.Options{Sort: o}).Items)); diff != "" {
			t.Errorf("order %s (-want +got):\n%s", o, diff)
		}
	}
	// By ID: naturally (SOUP-0011 before SOUP-100), no ID last.
	want = []string{"SOUP-0009/B/1", "SOUP-0010/b/2", "SOUP-0011/b/1", "SOUP-100/a/", "/a/1"}
	if diff := cmp.Diff(want, ids(mustView(t, l, &render.Options{Sort: render.ByID}).Items)); diff != "" {
		t.Errorf("order id (-want +got):\n%s", diff)
	}
}

func TestNewViewPresetCells(t *testing.T) {
	for _, c := range []struct {
		preset   string
		item     string
		headings []string
		cells    [][]string
	}{
		{
			preset:   "minimal",
			item:     "flask",
			headings: []string{"Name", "Version", "Requirements", "Issue Tracker"},
			cells: [][]string{{"flask"}, {"1.1.2"}, {
				"Functional: Route HTTP requests of the device API to handlers",
				"Performance: Answer 50 requests per second on the target server",
				"Hardware: x86-64 server", "Hardware: 512 MiB RAM",
				"Software: CPython 3.8", "Software: Werkzeug 1.0",
			}, {"https://github.com/pallets/flask/issues"}},
		},
		{
			preset: "template",
			item:   "flask",
			headings: []string{"ID", "Software System", "Package Name", "Programming Language", "Version", "Manufacturer", "Website",
				"Last Verified At", "Risk Level", "Requirements", "Verification Reasoning"},
			cells: [][]string{{"SOUP-0001"}, {"api-server"}, {"flask"}, {"Python"}, {"1.1.2"}, {"Pallets"},
				{"https://palletsprojects.com/p/flask/"}, {"2026-10-02"}, {"medium"}, {
					"Functional: Route HTTP requests of the device API to handlers",
					"Performance: Answer 50 requests per second on the target server",
					"Hardware: x86-64 server", "Hardware: 512 MiB RAM",
					"Software: CPython 3.8", "Software: Werkzeug 1.0",
				}, {"Runs behind gunicorn; only documented public API used."}},
		},
		{
			preset: "template",
			item:   "openssl", // no systems of its own: the list's system
			headings: []string{"ID", "Software System", "Package Name", "Programming Language", "Version", "Manufacturer", "Website",
				"Last Verified At", "Risk Level", "Requirements", "Verification Reasoning"},
			// Class B: what the class requires and is empty says so.
			cells: [][]string{{"SOUP-0004"}, {"Infusion pump backend"}, {"openssl"}, nil, {"3.0.13"}, {"OpenSSL Software Foundation"},
				{"https://www.openssl.org/"}, {"NOT DOCUMENTED"}, {"high"}, {"NOT DOCUMENTED"}, {"NOT DOCUMENTED"}},
		},
		{
			preset: "fda",
			item:   "werkzeug",
			headings: []string{"Author", "Timestamp", "Supplier", "Component Name", "Version", "Unique Identifier",
				"Relationship", "Level of Support", "End of Support"},
			cells: [][]string{{"Jane Doe"}, {"2026-11-20T09:30:00Z"}, {"Pallets"}, {"werkzeug"}, {"1.0.1"},
				{"pkg:pypi/werkzeug@1.0.1"}, {"transitive", "required by SOUP-0001"}, {"no-assertion"}, nil},
		},
		{
			preset: "fda",
			item:   "github.com/google/uuid",
			headings: []string{"Author", "Timestamp", "Supplier", "Component Name", "Version", "Unique Identifier",
				"Relationship", "Level of Support", "End of Support"},
			cells: [][]string{{"Jane Doe"}, {"2026-11-20T09:30:00Z"}, {"Google"}, {"github.com/google/uuid"}, {"v1.6.0"},
				{"pkg:golang/github.com/google/uuid@v1.6.0", "cpe:2.3:a:google:uuid:1.6.0:*:*:*:*:*:*:*"}, {"direct"}, nil, nil},
		},
		{
			preset:   "class-a",
			item:     "left-pad",
			headings: []string{"ID", "Name", "Version", "Manufacturer", "Package URL", "License", "Website", "Issue Tracker", "Dependency"},
			// Class B asks for an ID (8.1.1) and a manufacturer (8.1.2).
			cells: [][]string{{"NOT DOCUMENTED"}, {"left-pad"}, {"1.3.0"}, {"NOT DOCUMENTED"}, {"pkg:npm/left-pad@1.3.0"}, {"WTFPL"}, nil, nil, {"transitive"}},
		},
	} {
		v := mustView(t, rendertest.FullList(), &render.Options{Columns: mustPreset(t, c.preset)})
		if diff := cmp.Diff(c.headings, v.Items.Headings); diff != "" {
			t.Errorf("%s headings (-want +got):\n%s", c.preset, diff)
		}
		var got [][]string
		for _, r := range v.Items.Rows {
			if r.Item.Name == c.item {
				for _, cell := range r.Cells {
					got = append(got, []string(cell))
				}
			}
		}
		if diff := cmp.Diff(c.cells, got); diff != "" {
			t.Errorf("%s: %s (-want +got):\n%s", c.preset, c.item, diff)
		}
	}
}

func TestNewViewFullCells(t *testing.T) {
	cols, err := render.ParseColumns("verification,anomalyReview,anomalies,support,hashes,systems,requiredBy,timestamp")
	if err != nil {
		t.Fatal(err)
	}
	v := mustView(t, rendertest.FullList(), &render.Options{Columns: cols, Sort: render.AsGiven})
	want := [][][]string{
		{ // flask
			{"Runs behind gunicorn; only documented public API used.", "by Jane Doe, 2026-10-02, version 1.1.2"},
			{"No open anomaly affects the features we use.", "reviewed by Jane Doe, 2026-10-02", "sources:", "https://github.com/pallets/flask/issues", "OSV"},
			{"GHSA-m2qf-hxjv-5gpq (not-affected): Session cookies are not used."},
			{"support", "until 2027-12-31"},
			{"SHA-256:6c2c2e5bd7a0a7cb2d46e5a3bb1a6fa5bc0ed8cd04e5de8a2d5f42c2b8fbe9b5"},
			{"api-server"}, nil, {"2026-11-20T09:30:00Z"},
		},
		{ // werkzeug: class B asks for the anomaly review (7.1.3)
			{"Used only through flask.", "by Jane Doe, 2026-10-02, version 1.0.0"},
			{"NOT DOCUMENTED"},
			{"CVE-2023-25577 (under-investigation): High resource usage parsing multipart data"},
			{"no-assertion", "Community project without a support commitment."},
			nil, nil, {"SOUP-0001"}, {"2026-11-20T09:30:00Z"},
		},
	}
	if diff := cmp.Diff(want, cells(v.Items)[:2]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	// Without sources, the timestamp is the document date.
	l := rendertest.FullList()
	l.Sources = nil
	cols = []render.Column{{Field: render.FieldTimestamp}}
	v = mustView(t, l, &render.Options{Columns: cols, Date: soup.NewDate(2027, time.January, 2)})
	if diff := cmp.Diff([]string{"2027-01-02"}, []string(v.Items.Rows[0].Cells[0])); diff != "" {
		t.Errorf("timestamp without sources (-want +got):\n%s", diff)
	}
}

func TestNewViewDocumentControl(t *testing.T) {
	v := mustView(t, rendertest.FullList(), &render.Options{Findings: rendertest.FullFindings()})
	if want := "SOUP List — Infusion pump backend 2.4.0"; v.Title != want {
		t.Errorf("Title = %q, want %q", v.Title, want)
	}
	if want := "soupkit 0.1.0"; v.Generator != want {
		t.Errorf("Generator = %q, want %q", v.Generator, want)
	}
	wantControl := [][][]string{
		{{"Document ID"}, {"SOUP-LIST-001"}},
		{{"Revision"}, {"7"}},
		{{"Date"}, {"2026-11-24"}},
		{{"Author"}, {"Jane Doe"}},
		{{"Software System"}, {"Infusion pump backend"}},
		{{"System Version"}, {"2.4.0"}},
		{{"Manufacturer"}, {"Example Medical GmbH"}},
		{{"Software Safety Class"}, {"Class B"}},
		{{"Status"}, {"DRAFT — 4 findings at error level open: not ready for approval"}},
		{{"Generated By"}, {"soupkit 0.1.0"}},
	}
	if diff := cmp.Diff(wantControl, cells(v.Control)); diff != "" {
		t.Errorf("Control (-want +got):\n%s", diff)
	}
	wantApprovals := [][][]string{
		{{"Author"}, {"Jane Doe"}, nil, nil},
		{{"Head of QA"}, {"John Roe"}, nil, nil},
		{{"Software Architect"}, {"Erika Mustermann"}, {"2026-11-25"}, nil},
	}
	if diff := cmp.Diff(wantApprovals, cells(v.Approvals)); diff != "" {
		t.Errorf("Approvals (-want +got):\n%s", diff)
	}
	if !v.Approvals.FillIn {
		t.Error("Approvals.FillIn is false")
	}
	wantOrigin := [][][]string{{
		{"backend.cdx.json"}, {"cyclonedx-json@1.6"}, nil, {"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"},
		{"2026-11-20T09:30:00Z"}, {"syft 1.57.0", "cyclonedx-gomod 1.10.0"}, nil,
	}}
	if diff := cmp.Diff(wantOrigin, cells(v.Origin)); diff != "" {
		t.Errorf("Origin (-want +got):\n%s", diff)
	}
	wantRisk := [][][]string{
		{{"low"}, {"Malfunction cannot lead to patient harm."}},
		{{"medium"}, {"Malfunction can lead to reversible harm."}},
		{{"high"}, {"Malfunction can lead to irreversible harm."}},
	}
	if diff := cmp.Diff(wantRisk, cells(v.RiskLevels)); diff != "" {
		t.Errorf("RiskLevels (-want +got):\n%s", diff)
	}
	var sections []render.Section
	for _, tb := range v.Tables() {
		sections = append(sections, tb.Section)
	}
	wantSections := []render.Section{render.SectionControl, render.SectionValidation, render.SectionApprovals, render.SectionOrigin,
		render.SectionCompliance, render.SectionSummary, render.SectionRiskLevels, render.SectionItems, render.SectionRemoved, render.SectionFindings}
	if diff := cmp.Diff(wantSections, sections); diff != "" {
		t.Errorf("Tables (-want +got):\n%s", diff)
	}
}

func TestNewViewBareList(t *testing.T) {
	v := mustView(t, &soup.List{}, &render.Options{OmitSummary: true})
	if v.Title != "SOUP List" {
		t.Errorf("Title = %q, want SOUP List", v.Title)
	}
	wantApprovals := [][][]string{{{"Author"}, nil, nil, nil}, {{"Approver"}, nil, nil, nil}}
	if diff := cmp.Diff(wantApprovals, cells(v.Approvals)); diff != "" {
		t.Errorf("Approvals (-want +got):\n%s", diff)
	}
	if got := cells(v.Control)[7]; !cmp.Equal(got, [][]string{{"Software Safety Class"}, {"Class C (the list assigns none; IEC 62304 4.3)"}}) {
		t.Errorf("safety class row = %q", got)
	}
	for name, tb := range map[string]*render.Table{"Summary": v.Summary, "RiskLevels": v.RiskLevels, "Removed": v.Removed, "Findings": v.Findings} {
		if tb != nil {
			t.Errorf("%s is present, want nil", name)
		}
	}
	if len(v.Items.Rows) != 0 || v.Items.Empty == "" || len(v.Origin.Rows) != 0 || v.Origin.Empty == "" {
		t.Errorf("empty tables: items %d rows, empty %q; origin %d rows, empty %q",
			len(v.Items.Rows), v.Items.Empty, len(v.Origin.Rows), v.Origin.Empty)
	}
	// A list's own title wins; the caller's date wins over the list's.
	l := &soup.List{Document: soup.Document{Title: "My SOUP", Date: soup.NewDate(2026, 1, 1)}}
	v = mustView(t, l, &render.Options{Date: soup.NewDate(2026, 2, 3), OmitRiskLevels: true})
	if v.Title != "My SOUP" || v.Date.String() != "2026-02-03" {
		t.Errorf("Title, Date = %q, %s; want My SOUP, 2026-02-03", v.Title, v.Date)
	}
	l.RiskLevels.High = "x"
	if v := mustView(t, l, &render.Options{OmitRiskLevels: true}); v.RiskLevels != nil {
		t.Error("OmitRiskLevels: RiskLevels is present")
	}
	if v := mustView(t, l, nil); v.RiskLevels == nil || v.Date.String() != "2026-01-01" {
		t.Errorf("RiskLevels = %v, Date = %s; want present, 2026-01-01", v.RiskLevels, v.Date)
	}
}

func TestNewViewCountsAndSummary(t *testing.T) {
	v := mustView(t, rendertest.FullList(), &render.Options{Findings: rendertest.FullFindings()})
	want := render.Counts{
		Items: 5, High: 2, Medium: 1, Low: 1, Unassigned: 1, Direct: 3, Transitive: 2, Removed: 1,
		OpenFindings: 5, SuppressedFindings: 1, ItemsWithOpenFindings: 3, ItemsWithOpenErrors: 3, FindingsAboutTheList: 1,
	}
	if diff := cmp.Diff(want, v.Counts); diff != "" {
		t.Errorf("Counts (-want +got):\n%s", diff)
	}
	if got, want := len(v.Summary.Rows), 14; got != want {
		t.Errorf("summary has %d rows, want %d", got, want)
	}
	// Without findings, the summary says nothing about them.
	v = mustView(t, rendertest.FullList(), nil)
	for _, r := range v.Summary.Rows {
		if r.Cells[0][0] == "Open findings" {
			t.Error("summary counts findings that were not given")
		}
	}
}

func TestNewViewFindings(t *testing.T) {
	fs := rendertest.FullFindings()
	v := mustView(t, rendertest.FullList(), &render.Options{Findings: fs})
	want := [][][]string{
		{{"(list)"}, {"policy"}, {"warning"}, {"approver-date-missing"}, {"document.approvers"}, {fs[0].Message}, {"open"}, nil},
		{{"SOUP-0003 (github.com/google/uuid)"}, {"IEC 62304:2006+A1:2015 5.3.3"}, {"error"}, {"requirements-missing"}, {"requirements.performance"}, {fs[1].Message}, {"open"}, nil},
	}
	if diff := cmp.Diff(want, cells(v.Findings)[:2]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	sup := v.Findings.Rows[4]
	if sup.Finding == nil || !sup.Finding.Suppressed || sup.Cells[6][0] != "suppressed" || sup.Cells[7][0] != fs[4].Justification {
		t.Errorf("suppressed finding row = %q", sup.Cells)
	}
	// An item without an ID is named by its name in a finding.
	if got := v.Findings.Rows[5].Cells[0][0]; got != "left-pad" {
		t.Errorf("finding about left-pad names %q", got)
	}
	// Empty but non-nil findings: the section, saying there are none.
	v = mustView(t, rendertest.FullList(), &render.Options{Findings: soup.Findings{}})
	if v.Findings == nil || len(v.Findings.Rows) != 0 || v.Findings.Empty != "No findings." {
		t.Errorf("empty findings: %+v", v.Findings)
	}
}

func TestNewViewRemoved(t *testing.T) {
	v := mustView(t, rendertest.FullList(), nil)
	if diff := cmp.Diff([]string{"requests"}, names(v.Removed)); diff != "" {
		t.Errorf("Removed (-want +got):\n%s", diff)
	}
	for _, n := range names(v.Items) {
		if n == "requests" {
			t.Error("a removed item is in the SOUP table")
		}
	}
}

func TestNewViewCleansText(t *testing.T) {
	l := &soup.List{Items: []soup.Item{{
		Name:         "a\x00b\x1bc\x7fd\u0085e\u202ef\u2066g\xffh",
		Version:      "1\r\n2\r3\u20284",
		Requirements: soup.Requirements{Functional: []string{"tab\tok", "", "x"}},
	}}}
	cols, _ := render.ParseColumns("name,version,requirements.functional")
	v := mustView(t, l, &render.Options{Columns: cols})
	want := [][][]string{{{"a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh"}, {"1\n2\n3\n4"}, {"tab\tok", "x"}}}
	if diff := cmp.Diff(want, cells(v.Items)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestNewViewErrors(t *testing.T) {
	if _, err := render.NewView(nil, nil); !errors.Is(err, render.ErrNilList) {
		t.Errorf("nil list: err = %v, want ErrNilList", err)
	}
	for _, opts := range []*render.Options{
		{Columns: []render.Column{{Field: 0}}},
		{Columns: []render.Column{{Field: render.FieldName}, {Field: 1000}}},
		{Sort: -1},
		{Sort: 99},
	} {
		if _, err := render.NewView(&soup.List{}, opts); err == nil {
			t.Errorf("NewView(%+v): no error", opts)
		}
	}
}

func TestNewViewDoesNotModify(t *testing.T) {
	l := rendertest.FullList()
	mustView(t, l, &render.Options{Sort: render.ByName, Findings: rendertest.FullFindings()})
	if diff := cmp.Diff(rendertest.FullList(), l, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("NewView modified the list (-before +after):\n%s", diff)
	}
}

func TestCell(t *testing.T) {
	c := render.Cell{"a", "b\nc"}
	if got := c.String(); got != "a\nb\nc" {
		t.Errorf("String = %q", got)
	}
	if got := c.Join("; "); got != "a; b\nc" {
		t.Errorf("Join = %q", got)
	}
}

func TestSectionString(t *testing.T) {
	got := []string{render.SectionControl.String(), render.SectionRiskLevels.String(), render.SectionFindings.String(), render.Section(0).String()}
	want := []string{"control", "riskLevels", "findings", "Section(0)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRowLabel(t *testing.T) {
	v := mustView(t, rendertest.FullList(), &render.Options{Sort: render.AsGiven, Findings: soup.Findings{{Message: "x"}}})
	got := []string{v.Items.Rows[0].Label(), v.Items.Rows[3].Label(), v.Control.Rows[0].Label(), v.Findings.Rows[0].Label()}
	if diff := cmp.Diff([]string{"SOUP-0001 flask 1.1.2", "left-pad 1.3.0", "", ""}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
