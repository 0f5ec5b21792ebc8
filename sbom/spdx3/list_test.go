package spdx3

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// TestEncodeListSchema validates what Encode writes of SOUP lists, the
// fixture that sets every field and an empty list, against the official
// SPDX 3.0.1 schema, and reads it back.
func TestEncodeListSchema(t *testing.T) {
	data, err := os.ReadFile("../testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	full, err := soup.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	f := form.Format{Family: form.SPDX3, Encoding: form.JSON, Version: "3.0.1"}
	for name, l := range map[string]*soup.List{"full": full, "empty": {}} {
		b, err := Encode(l, f, form.EncodeOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := validate(t, b); err != nil {
			t.Errorf("%s: output does not validate: %v", name, err)
		}
		back, _, err := Decode(b, f)
		if err != nil {
			t.Fatalf("%s: reading back: %v", name, err)
		}
		if diff := cmp.Diff(form.SortedList(l), back, cmp.AllowUnexported(soup.Date{}), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", name, diff)
		}
	}
}
