package soup_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/soup"
)

// ruleTable returns the README's table of rules, made from soup.Rules().
func ruleTable() string {
	var b strings.Builder
	b.WriteString("| rule | source | clause | A | B | C | what it demands |\n|---|---|---|---|---|---|---|\n")
	sev := func(r soup.Rule, c soup.SafetyClass) string {
		if s := r.Severity(c); s != 0 {
			return s.String()
		}
		return "—"
	}
	for _, r := range soup.Rules() {
		id := "`" + r.ID + "`"
		if r.OptIn {
			id += " (opt-in)"
		}
		clause := r.Clause
		if !r.ClassA.IsZero() {
			clause += "; class A: " + r.ClassA.String()
		}
		for _, a := range r.Also {
			clause += "; also " + a.String()
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", id, r.Source, strings.TrimPrefix(clause, "; "),
			sev(r, soup.ClassA), sev(r, soup.ClassB), sev(r, soup.ClassC), r.Summary)
	}
	return b.String()
}

// TestREADMERuleTable keeps the README's rule table equal to soup.Rules();
// go test ./soup -update rewrites it.
func TestREADMERuleTable(t *testing.T) {
	const path = "../README.md"
	const begin, end = "<!-- rules: begin (go test ./soup -update) -->\n", "<!-- rules: end -->\n"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(b, []byte(begin)), bytes.Index(b, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("%s: no rule table between %q and %q", path, begin, end)
	}
	got, want := string(b[i+len(begin):j]), ruleTable()
	if *golden.Update {
		out := append(append(append([]byte{}, b[:i+len(begin)]...), want...), b[j:]...)
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README rule table differs from soup.Rules() (-want +got; go test ./soup -update rewrites it):\n%s", diff)
	}
}
