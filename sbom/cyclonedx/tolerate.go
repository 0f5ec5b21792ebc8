package cyclonedx

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

// unused are the parts of a CycloneDX document soupkit takes nothing from
// but counts, which cyclonedx-go cannot decode in some valid documents
// (1.6/1.7 data classifications given as a string, patent assertions whose
// asserter is a bom-ref): the top-level keys, and the keys of components
// and services.
var (
	unusedTop       = []string{"declarations", "definitions", "formulation", "annotations", "compositions", "citations", "signature"}
	unusedComponent = []string{"patentAssertions", "data", "modelCard", "cryptoProperties", "swid", "releaseNotes", "pedigree", "signature"}
)

// unmarshalTolerant is json.Unmarshal into bom that, when cyclonedx-go
// fails on a part of the document soupkit does not use, leaves that part
// out, tries again and says so in a warning. A syntax error, or a failure
// no such part explains, is returned as it is.
func unmarshalTolerant(data []byte, bom *cdx.BOM, rep *form.Reporter) error {
	err := unmarshalJSON(data, bom) // encoding/json's errors, faster
	var se *json.SyntaxError
	if err == nil || errors.As(err, &se) {
		return err
	}
	var top map[string]any
	if json.Unmarshal(data, &top) != nil {
		return err
	}
	// The part named by the error's field path first, then each part alone.
	var tries [][2]string // {"top" or "component", key}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		for _, k := range unusedComponent {
			if strings.Contains("."+te.Field+".", "."+k+".") {
				tries = append(tries, [2]string{"component", k})
			}
		}
		for _, k := range unusedTop {
			if strings.HasPrefix(te.Field+".", k+".") {
				tries = append(tries, [2]string{"top", k})
			}
		}
	}
	for _, k := range unusedTop {
		tries = append(tries, [2]string{"top", k})
	}
	for _, k := range unusedComponent {
		tries = append(tries, [2]string{"component", k})
	}
	// Leave out one part at a time, keeping each that gets decoding further
	// (another error), until decoding succeeds.
	cur, curErr := top, err
	var left []form.Warning
	for range len(tries) {
		progressed := false
		for _, t := range tries {
			pruned, n := prune(cur, t[0], t[1])
			if n == 0 {
				continue
			}
			b, merr := json.Marshal(pruned)
			if merr != nil {
				return err
			}
			*bom = cdx.BOM{}
			e := json.Unmarshal(b, bom)
			if e != nil && e.Error() == curErr.Error() {
				continue
			}
			where := t[1]
			if t[0] == "component" {
				where = fmt.Sprintf("%s of %d components or services", t[1], n)
			}
			left = append(left, form.Warning{Field: t[1], Message: fmt.Sprintf("%s left out: cyclonedx-go cannot read it (%v); soupkit does not use it", where, firstLine(curErr))})
			if e == nil {
				for _, w := range left {
					rep.Warn(w)
				}
				return nil
			}
			cur, curErr, progressed = pruned, e, true
			break
		}
		if !progressed {
			break
		}
	}
	*bom = cdx.BOM{}
	return err
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// prune returns a copy of the document top without key: a top-level key
// (where "top"), or the key of every component and service, nested ones
// included (where "component"), and how many it removed.
func prune(top map[string]any, where, key string) (map[string]any, int) {
	out := make(map[string]any, len(top))
	for k, v := range top {
		out[k] = v
	}
	if where == "top" {
		if _, ok := out[key]; !ok {
			return out, 0
		}
		delete(out, key)
		return out, 1
	}
	n := 0
	var walk func(v any, entry bool) any
	walk = func(v any, entry bool) any {
		switch x := v.(type) {
		case map[string]any:
			c := make(map[string]any, len(x))
			for k, v := range x {
				if entry && k == key {
					n++
					continue
				}
				c[k] = walk(v, k == "component")
				if k == "components" || k == "services" {
					c[k] = walkList(v, walk)
				}
			}
			return c
		}
		return v
	}
	for k, v := range out {
		switch k {
		case "components", "services":
			out[k] = walkList(v, walk)
		case "metadata":
			out[k] = walk(v, false)
		}
	}
	return out, n
}

// walkList applies walk to the entries of the list v.
func walkList(v any, walk func(any, bool) any) any {
	l, ok := v.([]any)
	if !ok {
		return v
	}
	c := make([]any, len(l))
	for i, e := range l {
		c[i] = walk(e, true)
	}
	return c
}
