package spdx3

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/soupkit/soupkit/soup"
)

// schemaURL is where the SPDX project publishes the 3.0.1 schema.
const schemaURL = "https://spdx.org/schema/3.0.1/spdx-json-schema.json"

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// spdxSchema compiles testdata/spdx-json-schema-3.0.1.json once.
func spdxSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		f, err := os.Open("testdata/spdx-json-schema-3.0.1.json")
		if err != nil {
			schemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.UseRegexpEngine(lookaheadRegexp)
		if schemaErr = c.AddResource(schemaURL, doc); schemaErr != nil {
			return
		}
		schema, schemaErr = c.Compile(schemaURL)
	})
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	return schema
}

// lookaheadRegexp compiles the schema's patterns with package regexp,
// which has no lookahead: the one pattern that uses it, "^(?!_:).+:.+"
// (an IRI that is not a blank node), becomes "^.+:.+" and a prefix check.
func lookaheadRegexp(s string) (jsonschema.Regexp, error) {
	if rest, ok := strings.CutPrefix(s, "^(?!"); ok {
		not, pat, ok := strings.Cut(rest, ")")
		if !ok || strings.ContainsAny(not, `\.*+?()[]{}|^$`) {
			return nil, fmt.Errorf("unsupported lookahead in %q", s)
		}
		re, err := regexp.Compile("^" + pat)
		if err != nil {
			return nil, err
		}
		return notPrefix{re, not, s}, nil
	}
	return regexp.Compile(s)
}

// notPrefix matches what re matches and does not start with prefix.
type notPrefix struct {
	re      *regexp.Regexp
	prefix  string
	pattern string
}

func (m notPrefix) MatchString(s string) bool {
	return !strings.HasPrefix(s, m.prefix) && m.re.MatchString(s)
}

func (m notPrefix) String() string { return m.pattern }

// validate checks b against the official SPDX 3.0.1 schema.
func validate(t *testing.T, b []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return spdxSchema(t).Validate(inst)
}

// fullDoc sets every field Encode writes natively.
func fullDoc() *Doc {
	eos := soup.NewDate(2027, 12, 31)
	return &Doc{
		Name: "Infusion pump backend 2.4.0",
		Systems: []Entry{{Ref: "SPDXRef-System", Item: soup.Item{
			Name: "pump-backend", Version: "2.4.0", Manufacturer: "Example Medical GmbH",
			PURL: "pkg:generic/pump-backend@2.4.0", License: "LicenseRef-Proprietary",
		}}},
		Items: []Entry{
			{Ref: "SOUP-0001", Item: soup.Item{
				Name: "flask", Version: "1.1.2", Manufacturer: "Pallets", PURL: "pkg:pypi/flask@1.1.2",
				CPE: "cpe:2.3:a:palletsprojects:flask:1.1.2:*:*:*:*:*:*:*", License: "BSD-3-Clause",
				Website: "https://palletsprojects.com/p/flask/", IssueTracker: "https://github.com/pallets/flask/issues",
				VCS: "https://github.com/pallets/flask", Description: "A <micro> web framework & more",
				Hashes:  []soup.Hash{{Algorithm: "SHA-256", Value: "b2b9e4f9a1c0"}, {Algorithm: "MD5", Value: "0cc175b9c0f1b6a8"}},
				Support: soup.Support{Level: soup.SupportActive, EndOfSupport: eos},
				Anomalies: []soup.Anomaly{
					{ID: "GHSA-m2qf-hxjv-5gpq", Source: "https://github.com/advisories/GHSA-m2qf-hxjv-5gpq", Summary: "Cookie leak",
						Aliases: []string{"CVE-2023-30861", "PYSEC-2023-62"}, Published: soup.NewDate(2023, 5, 2), Modified: soup.NewDate(2024, 1, 9),
						CVSS: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", Score: 7.5, Severity: "high", KnownExploited: true,
						Status: soup.StatusNotAffected, Justification: "vulnerableCodeNotInExecutePath: sessions are not used",
						By: "Jane Doe", Date: soup.NewDate(2026, 10, 2)},
					{ID: "CVE-2023-30861", Status: soup.StatusAffected, Justification: "upgrade planned in 2.5",
						CVSS: "AV:N/AC:L/Au:N/C:P/I:P/A:P", Score: 7.5},
					{ID: "CVE-2024-0001", Status: soup.StatusFixed, Justification: "patched locally"},
					{ID: "CVE-2024-0002", Status: soup.StatusUnderInvestigation},
					{ID: "CVE-2024-0003", Status: soup.StatusNotAffected, Justification: "the parser is not used"},
					{ID: "CVE-2024-0004", Summary: "not assessed"},
				},
			}, Props: []Prop{{"id", "SOUP-0001"}, {"riskLevel", "medium"}, {"requirements.functional", "Route HTTP requests"}}},
			{Ref: "SOUP-0002", Item: soup.Item{
				Name: "werkzeug", Version: "1.0.1", PURL: "pkg:pypi/werkzeug@1.0.1", License: "MIT OR (Apache-2.0 AND BSD-2-Clause)",
				CPE:     "cpe:/a:palletsprojects:werkzeug:1.0.1",
				Support: soup.Support{Level: soup.SupportEnded},
			}, Props: []Prop{{"notes", `"multi\nline"`}}},
			{Ref: "item 3/odd ref", Item: soup.Item{Name: "no version"}},
		},
		Edges: []Edge{
			{From: "SPDXRef-System", To: "SOUP-0001", Type: "dependsOn"},
			{From: "SOUP-0001", To: "SOUP-0002", Type: "dependsOn", Completeness: "complete"},
			{From: "SOUP-0001", To: "item 3/odd ref", Type: "dependsOn", Scope: "runtime"},
		},
		Props: []Prop{{"schema", "1"}, {"system.safetyClass", "B"}},
	}
}

// TestEncodeSchema validates every document Encode writes here against
// the official SPDX 3.0.1 JSON schema: the full document, an empty one,
// and the re-encoding of every real document under testdata.
func TestEncodeSchema(t *testing.T) {
	docs := map[string]*Doc{"full": fullDoc(), "empty": {}}
	files, _ := filepath.Glob("testdata/real/*")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d, err := DecodeDoc(data)
		if err != nil {
			continue // SPDX 2 twins
		}
		docs[filepath.Base(p)] = d
	}
	for name, d := range docs {
		b, err := EncodeDoc(d, &DocOptions{Created: "2026-11-24T00:00:00Z"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := validate(t, b); err != nil {
			t.Errorf("%s: output does not validate: %v", name, err)
		}
	}
	// The check can fail: a relationship without its required to does not
	// validate.
	bad := []byte(`{"@context":"` + Context + `","@graph":[{"type":"Relationship","spdxId":"urn:x:r","creationInfo":"_:c","from":"urn:x:a","relationshipType":"dependsOn"}]}`)
	if validate(t, bad) == nil {
		t.Error("a relationship without to validates: the schema check checks nothing")
	}
}

// TestRoundTrip checks that Decode gives back what Encode was given.
func TestRoundTrip(t *testing.T) {
	const ns = "urn:uuid:6a1ea0da-1801-495b-9d35-2735e79eee1b"
	in := fullDoc()
	b, err := EncodeDoc(in, &DocOptions{Namespace: ns, Created: "2026-11-24T10:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := DecodeDoc(b)
	if err != nil {
		t.Fatal(err)
	}
	// References come back as element IDs.
	want := *in
	want.Version = "3.0.1"
	want.Source = soup.Source{Serial: ns + "/document", Timestamp: "2026-11-24T10:00:00Z", Tools: []string{"soupkit"}}
	mapRefs := func(es []Entry) []Entry {
		out := make([]Entry, len(es))
		for i, e := range es {
			e.Ref = ElementID(ns, e.Ref)
			out[i] = e
		}
		return out
	}
	want.Systems, want.Items = mapRefs(in.Systems), mapRefs(in.Items)
	want.Edges = nil
	for _, e := range in.Edges {
		e.From, e.To = ElementID(ns, e.From), ElementID(ns, e.To)
		want.Edges = append(want.Edges, e)
	}
	if diff := cmp.Diff(&want, out, cmp.AllowUnexported(soup.Date{})); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	// Deterministic: the same input gives the same bytes.
	b2, _ := EncodeDoc(fullDoc(), &DocOptions{Namespace: ns, Created: "2026-11-24T10:00:00Z"})
	if !bytes.Equal(b, b2) {
		t.Error("two encodings of one document differ")
	}
	// Text is written as is: no HTML escapes.
	if !bytes.Contains(b, []byte("A <micro> web framework & more")) {
		t.Error("description escaped")
	}
}

// TestDefaultNamespace checks that a namespace derived from the content is
// stable and differs between documents.
func TestDefaultNamespace(t *testing.T) {
	a1, _ := EncodeDoc(fullDoc(), nil)
	a2, _ := EncodeDoc(fullDoc(), nil)
	other := fullDoc()
	other.Items[0].Item.Version = "1.1.3"
	b, _ := EncodeDoc(other, nil)
	if !bytes.Equal(a1, a2) {
		t.Error("default namespace not deterministic")
	}
	ns := func(b []byte) string {
		_, rest, _ := strings.Cut(string(b), `"spdxId": "`)
		id, _, _ := strings.Cut(rest, `"`)
		return id
	}
	if ns(a1) == ns(b) {
		t.Errorf("two documents share the namespace %s", ns(a1))
	}
	if !strings.Contains(string(a1), `"created": "1970-01-01T00:00:00Z"`) {
		t.Error("without Created the epoch is not written")
	}
}

// TestWriteString checks the JSON string encoder against encoding/json.
func TestWriteString(t *testing.T) {
	for _, s := range []string{"", "plain", "<b>&amp;</b>", "quote \" backslash \\ slash /", "\x00\x01\x1f\x7f",
		"tab\tnl\ncr\r", "\u2028\u2029", "é ü 日本", "bad \xff\xfe utf-8", "\uFFFD", "emoji 🙂"} {
		var b bytes.Buffer
		bw := bufio.NewWriter(&b)
		writeString(bw, s)
		bw.Flush()
		var got string
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Errorf("%q: invalid JSON %s: %v", s, b.Bytes(), err)
			continue
		}
		std, _ := json.Marshal(s) // one U+FFFD per invalid byte, as here
		var want string
		_ = json.Unmarshal(std, &want)
		if got != want {
			t.Errorf("%q: read back %q, want %q", s, got, want)
		}
	}
}

// TestExternalElements checks that an element an edge names but EncodeDoc
// does not write (a file of the document a Doc was read from) is declared
// in the SpdxDocument's import, as SPDX 3 requires of references to
// elements not in the document, and that DecodeDoc reads the edges through
// it back.
func TestExternalElements(t *testing.T) {
	const ns = "urn:x"
	in := &Doc{
		Systems: []Entry{{Ref: "sys", Item: soup.Item{Name: "sys"}}},
		Items:   []Entry{{Ref: "lib", Item: soup.Item{Name: "lib"}}},
		Edges: []Edge{
			{From: "sys", To: "file", Type: "contains"},
			{From: "file", To: "lib", Type: "hasStaticLink"},
			{From: "sys", To: "lib", Type: "dependsOn"},
		},
		Skipped: []string{"file"},
	}
	b, err := EncodeDoc(in, &DocOptions{Namespace: ns})
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(t, b); err != nil {
		t.Fatalf("output does not validate: %v", err)
	}
	var doc struct {
		Graph []struct {
			Type   string `json:"type"`
			Import []struct {
				Type           string `json:"type"`
				ExternalSpdxID string `json:"externalSpdxId"`
			} `json:"import"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var imports []string
	for _, e := range doc.Graph {
		if e.Type == "SpdxDocument" {
			for _, m := range e.Import {
				imports = append(imports, m.Type+" "+m.ExternalSpdxID)
			}
		}
	}
	if diff := cmp.Diff([]string{"ExternalMap urn:x#file"}, imports); diff != "" {
		t.Errorf("imports (-want +got):\n%s", diff)
	}
	out, err := DecodeDoc(b)
	if err != nil {
		t.Fatal(err)
	}
	wantEdges := []Edge{
		{From: "urn:x#sys", To: "urn:x#file", Type: "contains"},
		{From: "urn:x#sys", To: "urn:x#lib", Type: "dependsOn"},
		{From: "urn:x#file", To: "urn:x#lib", Type: "hasStaticLink"},
	}
	sortEdges := cmpopts.SortSlices(func(a, b Edge) bool { return a.From+a.To < b.From+b.To })
	if diff := cmp.Diff(wantEdges, out.Edges, sortEdges); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"urn:x#file"}, out.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if n := out.Ignored["element imported from another document"]; n != 1 {
		t.Errorf("imported elements counted %d times, want 1 (%v)", n, out.Ignored)
	}
}
