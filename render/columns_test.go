package render_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

func TestParseColumns(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []render.Column
		err  error
	}{
		{"name,version,riskLevel:Risk", []render.Column{
			{Field: render.FieldName}, {Field: render.FieldVersion}, {Field: render.FieldRiskLevel, Heading: "Risk"},
		}, nil},
		{" Name , REQUIREMENTS.functional: What it must do ", []render.Column{
			{Field: render.FieldName}, {Field: render.FieldFunctional, Heading: "What it must do"},
		}, nil},
		{"notes:Remarks: see below", []render.Column{{Field: render.FieldNotes, Heading: "Remarks: see below"}}, nil},
		{"", nil, render.ErrUnknownField},
		{"name,,version", nil, render.ErrUnknownField},
		{"name,colour", nil, render.ErrUnknownField},
	} {
		got, err := render.ParseColumns(c.in)
		if !errors.Is(err, c.err) {
			t.Errorf("ParseColumns(%q): err = %v, want %v", c.in, err, c.err)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("ParseColumns(%q) (-want +got):\n%s", c.in, diff)
		}
	}
}

func TestPresets(t *testing.T) {
	if diff := cmp.Diff([]string{"class-a", "fda", "full", "minimal", "template"}, render.Presets()); diff != "" {
		t.Errorf("Presets (-want +got):\n%s", diff)
	}
	min, err := render.Preset("minimal")
	if err != nil {
		t.Fatal(err)
	}
	var headings []string
	for _, c := range min {
		headings = append(headings, c.Title())
	}
	if diff := cmp.Diff([]string{"Name", "Version", "Requirements", "Issue Tracker"}, headings); diff != "" {
		t.Errorf("minimal (-want +got):\n%s", diff)
	}
	// Preset returns a copy.
	min[0].Heading = "changed"
	again, _ := render.Preset("minimal")
	if again[0].Heading != "" {
		t.Error("modifying a preset's columns changed the preset")
	}
	if _, err := render.Preset("Minimal"); !errors.Is(err, render.ErrUnknownPreset) {
		t.Errorf("Preset(Minimal): err = %v, want ErrUnknownPreset", err)
	}
	// full is the default.
	full, _ := render.Preset("full")
	v := mustView(t, &soup.List{}, nil)
	if diff := cmp.Diff(full, v.Items.Columns); diff != "" {
		t.Errorf("default columns are not the full preset (-want +got):\n%s", diff)
	}
}

func TestFieldText(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range render.Fields() {
		name := f.String()
		if seen[name] || f.Heading() == "" {
			t.Errorf("field %d: name %q repeated or empty heading", int(f), name)
		}
		seen[name] = true
		b, err := f.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var g render.Field
		if err := g.UnmarshalText(b); err != nil || g != f {
			t.Errorf("field %s: UnmarshalText(MarshalText) = %v, %v", name, g, err)
		}
	}
	if len(render.Fields()) != int(render.FieldChangeAnalysis) {
		t.Errorf("Fields() has %d fields, want %d", len(render.Fields()), int(render.FieldChangeAnalysis))
	}
	if _, err := render.Field(0).MarshalText(); err == nil {
		t.Error("MarshalText of the zero Field: no error")
	}
	var f render.Field
	if err := f.UnmarshalText([]byte("nope")); !errors.Is(err, render.ErrUnknownField) {
		t.Errorf("UnmarshalText(nope): err = %v", err)
	}
	if got := render.FieldIssueTracker.Heading(); got != "Issue Tracker" {
		t.Errorf("Heading = %q", got)
	}
	if got := (render.Column{Field: render.FieldName, Heading: "Package"}).Title(); got != "Package" {
		t.Errorf("Title = %q", got)
	}
}

func TestOrderText(t *testing.T) {
	for _, o := range []render.Order{render.ByRisk, render.ByName, render.ByID, render.AsGiven} {
		b, err := o.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var g render.Order
		if err := g.UnmarshalText(b); err != nil || g != o {
			t.Errorf("order %s: round trip gives %v, %v", o, g, err)
		}
	}
	var o render.Order = render.ByName
	if err := o.UnmarshalText(nil); err != nil || o != 0 {
		t.Errorf("UnmarshalText(empty) = %v, %v", o, err)
	}
	if err := o.UnmarshalText([]byte("size")); err == nil {
		t.Error("UnmarshalText(size): no error")
	}
	if _, err := render.Order(9).MarshalText(); err == nil {
		t.Error("MarshalText(9): no error")
	}
	got := []string{render.Order(0).String(), render.ByRisk.String(), render.Order(7).String()}
	if diff := cmp.Diff([]string{"", "risk", "Order(7)"}, got); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
}

func TestLanguage(t *testing.T) {
	for purl, want := range map[string]string{
		"pkg:pypi/flask@1.1.2":                    "Python",
		"pkg:npm/%40angular/core@17.0.0":          "JavaScript",
		"pkg:golang/github.com/google/uuid@v1":    "Go",
		"pkg:maven/org.slf4j/slf4j-api@2.0.9":     "Java",
		"pkg:cargo/serde@1.0":                     "Rust",
		"PKG:NuGet/Newtonsoft.Json@13.0.1":        ".NET",
		"pkg:NuGet/Newtonsoft.Json@13.0.1":        ".NET",
		"pkg:deb/debian/openssl@3.0.13":           "",
		"pkg:github/package-url/purl-spec@244fd4": "",
		"":      "",
		"flask": "",
	} {
		if got := render.Language(purl); got != want {
			t.Errorf("Language(%q) = %q, want %q", purl, got, want)
		}
	}
	if !slices.Contains(render.Fields(), render.FieldLanguage) {
		t.Error("FieldLanguage is not among Fields()")
	}
}
