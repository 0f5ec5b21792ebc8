package sbom_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soupkit/soupkit/sbom"
)

// rawEntries counts the components (CycloneDX) or packages (SPDX) of an SBOM
// by walking its raw JSON, XML or tag-value, independently of the decoders,
// and how many of them the SOUP list takes as its system: the
// metadata.component, which is not among CycloneDX components, is not
// counted; an SPDX package is the system when it is the only package the
// document describes, or, of several, when it depends on or contains a
// package.
func rawEntries(t *testing.T, data []byte, f sbom.Format) (entries, system int) {
	t.Helper()
	data = rawPredicate(data)
	switch {
	case f.Family == sbom.CycloneDX && f.Encoding == sbom.JSON:
		var bom struct {
			Metadata struct {
				Component struct {
					Components []json.RawMessage `json:"components"`
				} `json:"component"`
			} `json:"metadata"`
			Components []json.RawMessage `json:"components"`
		}
		if err := json.Unmarshal(data, &bom); err != nil {
			t.Fatal(err)
		}
		return countJSON(t, bom.Components) + countJSON(t, bom.Metadata.Component.Components), 0
	case f.Family == sbom.CycloneDX && f.Encoding == sbom.XML:
		// <component> elements inside <components>, except under <tools>
		// and <pedigree>.
		dec := xml.NewDecoder(bytes.NewReader(data))
		var stack []string
		n := 0
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch e := tok.(type) {
			case xml.StartElement:
				if e.Name.Local == "component" && len(stack) > 0 && stack[len(stack)-1] == "components" && !within(stack, "tools", "pedigree") {
					n++
				}
				stack = append(stack, e.Name.Local)
			case xml.EndElement:
				stack = stack[:len(stack)-1]
			}
		}
		return n, 0
	case f.Family == sbom.SPDX && f.Encoding == sbom.JSON:
		var doc struct {
			SPDXID   string `json:"SPDXID"`
			Packages []struct {
				SPDXID string `json:"SPDXID"`
			} `json:"packages"`
			DocumentDescribes []string `json:"documentDescribes"`
			Relationships     []struct {
				A    string `json:"spdxElementId"`
				Type string `json:"relationshipType"`
				B    string `json:"relatedSpdxElement"`
			} `json:"relationships"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		described := map[string]bool{}
		for _, d := range doc.DocumentDescribes {
			described[d] = true
		}
		for _, r := range doc.Relationships {
			if r.Type == "DESCRIBES" && r.A == doc.SPDXID {
				described[r.B] = true
			}
		}
		isPkg := map[string]bool{}
		for _, p := range doc.Packages {
			isPkg[p.SPDXID] = true
		}
		var edges [][2]string
		for _, r := range doc.Relationships {
			edges = append(edges, spdxEdge(r.A, r.Type, r.B))
		}
		return len(doc.Packages), systems(described, isPkg, edges)
	case f.Family == sbom.SPDX && f.Encoding == sbom.TagValue:
		// Lines end in LF, CR LF or a lone CR.
		data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<24)
		var ids []string
		var edges [][2]string
		described := map[string]bool{}
		docID, inPkg := "SPDXRef-DOCUMENT", false
		for sc.Scan() {
			tag, value, _ := strings.Cut(strings.TrimSpace(sc.Text()), ":")
			value = strings.TrimSpace(value)
			switch tag {
			case "PackageName":
				inPkg = true
			case "FileName", "SnippetSPDXID":
				inPkg = false
			case "SPDXID":
				if inPkg {
					ids, inPkg = append(ids, value), false
				}
			case "Relationship":
				if fs := strings.Fields(value); len(fs) == 3 && fs[0] == docID && fs[1] == "DESCRIBES" {
					described[fs[2]] = true
				} else if len(fs) == 3 {
					edges = append(edges, spdxEdge(fs[0], fs[1], fs[2]))
				}
			}
		}
		isPkg := map[string]bool{}
		for _, id := range ids {
			isPkg[id] = true
		}
		return len(ids), systems(described, isPkg, edges)
	case f.Family == sbom.SPDX3:
		// software_Package nodes of the @graph; the system is the only
		// root element that is one.
		var doc struct {
			Graph []struct {
				Type        string   `json:"type"`
				ID          string   `json:"spdxId"`
				RootElement []string `json:"rootElement"`
				From        string   `json:"from"`
				RelType     string   `json:"relationshipType"`
				To          []string `json:"to"`
			} `json:"@graph"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		pkgs, roots := map[string]bool{}, map[string]bool{}
		var edges [][2]string
		for _, n := range doc.Graph {
			if n.Type == "software_Package" {
				pkgs[n.ID] = true
			}
			for _, r := range n.RootElement {
				roots[r] = true
			}
			if n.RelType == "dependsOn" || n.RelType == "contains" {
				for _, to := range n.To {
					edges = append(edges, [2]string{n.From, to})
				}
			}
		}
		return len(pkgs), systems(roots, pkgs, edges)
	}
	t.Fatalf("no raw count for %v", f)
	return 0, 0
}

// spdxEdge returns an SPDX 2 dependency relationship as a (from, to)
// pair, or an empty pair.
func spdxEdge(a, typ, b string) [2]string {
	switch typ {
	case "DEPENDS_ON", "CONTAINS":
		return [2]string{a, b}
	case "DEPENDENCY_OF", "RUNTIME_DEPENDENCY_OF", "CONTAINED_BY":
		return [2]string{b, a}
	}
	return [2]string{}
}

// systems counts the root packages that are systems: the only one, or,
// of several, those that depend on or contain a package.
func systems(roots, isPkg map[string]bool, edges [][2]string) int {
	n := 0
	for r := range roots {
		if isPkg[r] {
			n++
		}
	}
	if n <= 1 {
		return n
	}
	heads := map[string]bool{}
	for _, e := range edges {
		if roots[e[0]] && isPkg[e[0]] && isPkg[e[1]] && e[0] != e[1] {
			heads[e[0]] = true
		}
	}
	return len(heads)
}

// rawPredicate is the SBOM inside a Sigstore bundle, a DSSE envelope or
// an in-toto statement (cosign's {"Data": …} predicate too), found by
// walking the raw JSON, independently of the decoder; data itself
// otherwise.
func rawPredicate(data []byte) []byte {
	for {
		var w struct {
			DSSE      json.RawMessage `json:"dsseEnvelope"`
			Payload   []byte          `json:"payload"`
			Predicate json.RawMessage `json:"predicate"`
			Data      json.RawMessage `json:"Data"`
		}
		if json.Unmarshal(data, &w) != nil {
			return data
		}
		switch {
		case w.DSSE != nil:
			data = w.DSSE
		case w.Payload != nil:
			data = w.Payload
		case w.Predicate != nil:
			data = w.Predicate
		case w.Data != nil:
			data = w.Data
		default:
			return data
		}
	}
}

func within(stack []string, names ...string) bool {
	for _, s := range stack {
		for _, n := range names {
			if s == n {
				return true
			}
		}
	}
	return false
}

func countJSON(t *testing.T, cs []json.RawMessage) int {
	n := 0
	for _, c := range cs {
		var sub struct {
			Components []json.RawMessage `json:"components"`
		}
		if err := json.Unmarshal(c, &sub); err != nil {
			t.Fatal(err)
		}
		n += 1 + countJSON(t, sub.Components)
	}
	return n
}

// ignoredEntries sums the counts of a report's ignored kinds that are
// whole components or packages.
func ignoredEntries(rep *sbom.Report) int {
	n := 0
	for _, c := range rep.Ignored {
		if strings.HasPrefix(c.What, "component of type ") || strings.HasPrefix(c.What, "application component ") ||
			strings.HasPrefix(c.What, "application package ") || c.What == "package of purpose FILE" {
			n += c.N
		}
	}
	return n
}

// TestNothingLost: for every SBOM, the components or packages counted in
// the raw document are the items kept, the duplicates merged into them,
// those reported as ignored and the system: none disappears.
// SOUPKIT_CORPUS names a further folder of SBOMs to check (not in go test
// by default: tests read only testdata).
func TestNothingLost(t *testing.T) {
	var files []string
	for _, dir := range []string{"testdata/real", "testdata/classes", "testdata/decode", os.Getenv("SOUPKIT_CORPUS")} {
		if dir == "" {
			continue
		}
		fs, _ := filepath.Glob(filepath.Join(dir, "*"))
		files = append(files, fs...)
	}
	checked := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil || filepath.Ext(path) == ".md" {
			continue
		}
		l, f, rep, err := new(sbom.Decoder).DecodeBytes(data)
		if err != nil || f.Family == sbom.Native {
			continue // refused documents are tested elsewhere
		}
		if f.Encoding == sbom.YAML {
			continue
		}
		raw, system := rawEntries(t, data, f)
		got := len(l.Items) + rep.Merged + ignoredEntries(rep) + system
		if got != raw || rep.Items != len(l.Items) {
			t.Errorf("%s: %d entries in the document, but kept %d + merged %d + ignored %d + system %d = %d (%v)",
				path, raw, len(l.Items), rep.Merged, ignoredEntries(rep), system, got, rep)
		}
		checked++
	}
	if checked < 60 {
		t.Errorf("checked %d SBOMs, want at least 60", checked)
	}
	t.Logf("checked %d SBOMs", checked)
}
