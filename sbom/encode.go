package sbom

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/github/go-spdx/v2/spdxexp"

	"github.com/soupkit/soupkit/soup"
)

// EncodeOptions configures Encode. A nil *EncodeOptions means defaults.
type EncodeOptions struct {
	// SerialNumber is the CycloneDX serial number (urn:uuid:…). Empty
	// means one derived from the content, so that the same list gives the
	// same bytes.
	SerialNumber string
	// Namespace is the SPDX document namespace. Empty means one derived
	// from the content.
	Namespace string
	// Timestamp is the creation time written into the SBOM. Zero means the
	// list's document date (midnight UTC); without one, CycloneDX output has
	// no timestamp and SPDX output, which requires one, the latest timestamp
	// of the list's sources (the SBOMs it was read from), else the Unix
	// epoch.
	// Encode never reads the clock.
	Timestamp time.Time
}

// Encode writes l to w in format f (an empty version means the family's
// default). Every field of the list is carried: where the format has a
// field of its own it is used, and the rest goes into soupkit: properties
// or annotations (see the package documentation), so that decoding the
// output gives back l with its items sorted by key then version. The
// output is deterministic and written to w in one piece only when complete.
func Encode(w io.Writer, l *soup.List, f Format, opts *EncodeOptions) error {
	f = f.withDefault()
	if !f.encodable() {
		return fmt.Errorf("sbom: cannot encode %v (see Formats)", f)
	}
	var o EncodeOptions
	if opts != nil {
		o = *opts
	}
	var (
		b   []byte
		err error
	)
	switch f.Family {
	case Native:
		var buf bytes.Buffer
		if f.Encoding == JSON {
			err = l.WriteJSON(&buf)
		} else {
			err = l.WriteYAML(&buf)
		}
		b = buf.Bytes()
	case CycloneDX:
		b, err = encodeCycloneDX(sortedList(l), f, o)
	case SPDX:
		b, err = encodeSPDX(sortedList(l), f, o)
	}
	if err != nil {
		return fmt.Errorf("sbom: %v: %w", f, err)
	}
	_, err = w.Write(b)
	return err
}

// sortedList returns a shallow copy of l with its items sorted by key,
// version and ID, the order Decode returns them in.
func sortedList(l *soup.List) *soup.List {
	c := *l
	keys := make([]soup.Key, len(l.Items))
	idx := make([]int, len(l.Items))
	for i := range l.Items {
		keys[i], idx[i] = l.Items[i].Key(), i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		x, y := &l.Items[a], &l.Items[b]
		return cmp.Or(strings.Compare(string(keys[a]), string(keys[b])),
			strings.Compare(x.Version, y.Version), strings.Compare(x.ID, y.ID))
	})
	c.Items = make([]soup.Item, len(idx))
	for i, j := range idx {
		c.Items[i] = l.Items[j]
	}
	return &c
}

// contentID returns a UUID (version 8, name-based) derived from l and f.
func contentID(l *soup.List, f Format) string {
	var buf bytes.Buffer
	_ = l.WriteJSON(&buf) // a list that fails to marshal fails later too
	h := sha256.Sum256(append(buf.Bytes(), f.String()...))
	u := h[:16]
	u[6] = u[6]&0x0f | 0x80
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u)
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// timestamp returns the creation time to write, or "".
func (o EncodeOptions) timestamp(l *soup.List) string {
	switch {
	case !o.Timestamp.IsZero():
		return o.Timestamp.UTC().Format(time.RFC3339)
	case !l.Document.Date.IsZero():
		return l.Document.Date.Time().Format(time.RFC3339)
	}
	return ""
}

// validExpression reports whether s is a valid SPDX licence expression.
func validExpression(s string) bool {
	if strings.TrimSpace(s) != s || s == "" {
		return false
	}
	ok, _ := spdxexp.ValidateLicenses([]string{s})
	return ok
}

// licenseID returns the SPDX licence ID s is, if it is exactly one.
func licenseID(s string) bool {
	ok, id := spdxexp.ActiveLicense(s)
	return ok && id == s
}

// refs gives each item a unique reference for bom-refs and SPDXIDs: its ID
// where that is usable, else "item-N".
func refs(l *soup.List, usable func(string) bool, reserved string) []string {
	out := make([]string, len(l.Items))
	seen := map[string]bool{reserved: true}
	for i := range l.Items {
		id := l.Items[i].ID
		if id == "" || !usable(id) || seen[id] {
			id = fmt.Sprintf("item-%d", i+1)
		}
		for seen[id] {
			id += "-"
		}
		seen[id] = true
		out[i] = id
	}
	return out
}

// graph returns, for each item, the indexes of the items it depends on
// (those that name it in RequiredBy), and the direct items.
func graph(l *soup.List) (deps [][]int, direct []int) {
	byID := map[string]int{}
	for i := range l.Items {
		if id := l.Items[i].ID; id != "" {
			if _, dup := byID[id]; !dup {
				byID[id] = i
			}
		}
	}
	deps = make([][]int, len(l.Items))
	for i := range l.Items {
		it := &l.Items[i]
		if it.Dependency == soup.Direct {
			direct = append(direct, i)
		}
		for _, p := range it.RequiredBy {
			if j, ok := byID[p]; ok && j != i && !slices.Contains(deps[j], i) {
				deps[j] = append(deps[j], i)
			}
		}
	}
	for _, d := range deps {
		slices.Sort(d)
	}
	return deps, direct
}

// twoPass builds a document in two passes: the first writes only the
// native fields, reads them back and so learns which fields lose something
// in format f; the second build (given what was read back) adds soupkit:
// properties or annotations for exactly those.
func twoPass[D any](f Format, build func(read *soup.List, items map[string]*soup.Item) D,
	write func(D, Format) ([]byte, error), decode func([]byte, Format) (*doc, error)) (D, []byte, error) {
	var zero D
	b, err := write(build(nil, nil), f)
	if err != nil {
		return zero, nil, err
	}
	d, err := decode(b, f)
	if err != nil {
		return zero, nil, fmt.Errorf("reading back: %w", err)
	}
	read, items := d.readBack()
	out := build(read, items)
	b, err = write(out, f)
	return out, b, err
}
