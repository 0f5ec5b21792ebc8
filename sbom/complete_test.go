package sbom_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/internal/fieldtest"
	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// TestRoundTripEveryField sets every leaf field of a list and of its item
// to a non-zero value, encodes the list in every format Encode writes and
// decodes it: the list must come back whole. A field added to soup.Item or
// soup.List that some format drops fails here, naming the format and the
// field (TestPropertyTableComplete in sbom/internal/form says where to wire
// it).
func TestRoundTripEveryField(t *testing.T) {
	want := new(soup.List)
	if err := fieldtest.Populate(want, &fieldtest.Options{Value: validValues}); err != nil {
		t.Fatal(err)
	}
	if l, err := soup.Parse(yamlOf(t, want)); err != nil {
		t.Fatalf("the populated list is not a valid list: %v", err)
	} else if diff := cmp.Diff(want, l, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Fatalf("the populated list does not survive the native encoding (-want +got):\n%s", diff)
	}
	// An SBOM describes what ships: it leaves out items marked removed
	// (TestEncodeLeavesOutRemoved), so every field but Removed is checked
	// on an item that ships.
	shipping := want.Clone()
	for i := range shipping.Items {
		shipping.Items[i].Removed = false
	}
	for _, f := range sbom.Formats() {
		t.Run(f.String(), func(t *testing.T) {
			want := want
			if f.Family != sbom.Native {
				want = shipping
			}
			var buf bytes.Buffer
			if err := sbom.Encode(&buf, want, f, nil); err != nil {
				t.Fatal(err)
			}
			got, _, err := sbom.Decode(&buf)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(soup.Date{})); diff != "" {
				t.Errorf("fields lost (-want +got):\n%s", diff)
			}
		})
	}
}

func yamlOf(t *testing.T, l *soup.List) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := l.WriteYAML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// validValues gives the leaves whose text must follow a syntax a value
// that does.
func validValues(path string, seed int) (any, bool) {
	switch path {
	case "List.Items[].PURL":
		return fmt.Sprintf("pkg:npm/x-name@1.0.%d", seed), true
	}
	return nil, false
}
