package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/soup"
)

// TestWriteFindingsJSON: the findings are written as json.MarshalIndent
// writes the whole array.
func TestWriteFindingsJSON(t *testing.T) {
	l := &soup.List{Items: []soup.Item{{ID: "SOUP-0001", Name: "a<b>&"}, {ID: "SOUP-0002"}}}
	all := l.Validate(soup.Policy{Class: soup.ClassC})
	for _, fs := range []soup.Findings{nil, {}, all[:1], all} {
		var got bytes.Buffer
		if err := writeFindingsJSON(&got, slices.Values(fs)); err != nil {
			t.Fatal(err)
		}
		if fs == nil {
			fs = soup.Findings{}
		}
		want, err := json.MarshalIndent(fs, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want)+"\n", got.String()); diff != "" {
			t.Errorf("%d findings (-MarshalIndent +writeFindingsJSON):\n%s", len(fs), diff)
		}
	}
}

// FuzzWriteFindingsJSON: whatever text a finding holds (names, messages
// and justifications come from the inputs), it is written as
// json.MarshalIndent writes it.
func FuzzWriteFindingsJSON(f *testing.F) {
	for _, s := range []string{"", "a<b>&", "\xff", "a\u2028b", "\x00\x1b[31m", "é\"\\", "\xed\xa0\x80"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		fs := soup.Findings{
			{Rule: "r", Severity: soup.SeverityError, Item: a, Name: b, Version: a, PURL: b, Field: a, Source: soup.IEC62304, Clause: b, Message: a},
			{Rule: b, Severity: soup.SeverityWarning, Suppressed: true, Justification: a},
		}
		var got bytes.Buffer
		if err := writeFindingsJSON(&got, slices.Values(fs)); err != nil {
			t.Fatal(err)
		}
		want, err := json.MarshalIndent(fs, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want)+"\n", got.String()); diff != "" {
			t.Errorf("(-MarshalIndent +writeFindingsJSON):\n%s", diff)
		}
	})
}

// TestWriteFindingsJSONEveryField: a finding with every field set (by
// reflection, so that a field added to soup.Finding is set too) is
// written as json.MarshalIndent writes it: the hand-written encoder
// knows every field.
func TestWriteFindingsJSONEveryField(t *testing.T) {
	var f soup.Finding
	v := reflect.ValueOf(&f).Elem()
	for i := range v.NumField() {
		switch fv := v.Field(i); fv.Kind() {
		case reflect.String:
			fv.SetString("v" + strconv.Itoa(i) + "<&>")
		case reflect.Bool:
			fv.SetBool(true)
		case reflect.Int:
			fv.SetInt(int64(soup.SeverityError))
		default:
			t.Fatalf("soup.Finding.%s: a field of kind %s: teach appendFindingJSON and this test", v.Type().Field(i).Name, fv.Kind())
		}
	}
	fs := soup.Findings{f, {Rule: "r", Severity: soup.SeverityWarning}}
	var got bytes.Buffer
	if err := writeFindingsJSON(&got, slices.Values(fs)); err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(fs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want)+"\n", got.String()); diff != "" {
		t.Errorf("(-MarshalIndent +writeFindingsJSON):\n%s", diff)
	}
}
