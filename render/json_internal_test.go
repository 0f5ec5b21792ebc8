package render

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

// FuzzWriteJSON: the streaming JSON writer writes what encoding/json
// writes, for any text in any field of the document.
func FuzzWriteJSON(f *testing.F) {
	for _, s := range []string{"", "a", "<script>&", "\xff\xfe", "a\u2028b\u2029", "\x00\x1f\x7f", "é\"\\/", "\xed\xa0\x80"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		l := &soup.List{
			System:   soup.System{Name: a, Version: b},
			Document: soup.Document{Title: a, Author: b},
			Items: []soup.Item{{
				ID: a, Name: b, Version: a, Requirements: soup.Requirements{Functional: []string{a, b}},
				Anomalies: []soup.Anomaly{{ID: a, Summary: b}},
			}},
		}
		fs := soup.Findings{{Rule: a, Message: b, Item: a}, {Rule: "name-missing", Item: a, Field: b}, {Rule: "x-missing", Item: b, Field: a}}
		doc := jsonDocument{Generator: a, Status: b, List: l, Compliance: []jsonCompliance{{Clause: a}},
			Findings:      fs,
			NotDocumented: &jsonMissingRuns{runs: summarize(slices.Values(fs), needNotDocumented).notDocumented}}
		// The reference: the same document with the fields not
		// documented as a slice.
		type refDocument struct {
			Generator     string           `json:"generator"`
			Status        string           `json:"status"`
			Draft         bool             `json:"draft"`
			Validation    jsonValidation   `json:"validation"`
			Compliance    []jsonCompliance `json:"compliance"`
			NotDocumented []jsonMissing    `json:"notDocumented,omitempty"`
			List          *soup.List       `json:"list"`
			Findings      soup.Findings    `json:"findings,omitzero"`
		}
		ref := refDocument{Generator: a, Status: b, List: l, Compliance: doc.Compliance, Findings: fs, NotDocumented: []jsonMissing{}}
		for _, f := range fs {
			if missing(&f) {
				ref.NotDocumented = append(ref.NotDocumented, jsonMissing{Item: f.Item, Field: f.Field, Rule: f.Rule, Status: NotDocumented})
			}
		}
		if len(ref.NotDocumented) == 0 {
			doc.NotDocumented = nil
		}
		doc.Draft, ref.Draft = a < b, a < b
		want, err := json.MarshalIndent(&ref, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeDocument(&got, &doc); err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(string(want)+"\n", got.String()); diff != "" {
			t.Fatalf("writeDocument (-MarshalIndent +writeDocument):\n%s", diff)
		}
		// Without findings nor fields not documented.
		doc.Findings, ref.Findings = nil, nil
		doc.NotDocumented, ref.NotDocumented = nil, nil
		want, _ = json.MarshalIndent(&ref, "", "  ")
		got.Reset()
		if err := writeDocument(&got, &doc); err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(string(want)+"\n", got.String()); diff != "" {
			t.Fatalf("writeDocument (-MarshalIndent +writeDocument):\n%s", diff)
		}
	})
}
