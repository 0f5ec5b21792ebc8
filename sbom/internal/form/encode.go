package form

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
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
	// NoVulnerabilities leaves the items' anomalies out of the SBOM: no
	// CycloneDX vulnerabilities, no SPDX advisory references, no soupkit:
	// anomaly properties, so that they can travel in a separate VEX
	// document (BSI TR-03183-2 v2.1). The anomaly review (who, when,
	// conclusion, snapshots) is kept: it documents the item, not a
	// vulnerability. Decoding such an SBOM gives items without anomalies.
	NoVulnerabilities bool

	// twoPass makes the encoders write, read back and write again (see
	// TwoPass) where they would take the first pass in memory (see
	// OnePass): the reference the tests compare the one pass with.
	twoPass bool
}

// WithTwoPass returns o set to make the encoders take the first pass
// through their own writer and reader (see TwoPass) where they would take
// it in memory (see OnePass): for the tests that compare the two.
func WithTwoPass(o EncodeOptions) EncodeOptions {
	o.twoPass = true
	return o
}

// OnePass reports whether an encoder may take the first pass in memory
// for l: o does not ask for TwoPass, and every string of l and of o is
// valid UTF-8, which JSON keeps as it is.
//
// Taken in memory, the first pass learns what the native fields alone
// give back without writing and reading the document: the encoder builds
// it, with the properties of its non-native fields, and maps it onto a
// Doc as its decoder maps what it reads (Doc.ReadBack); then it makes the
// properties again, on the same document, adding those of the native
// fields that lose something. This gives what TwoPass gives wherever
// writing and reading the document changes nothing the mapping sees,
// which holds for the JSON encodings of valid UTF-8 text (the encoders
// bring the document into the shape their writer gives it, such as a
// CycloneDX version's conversion, before mapping it); the tests compare
// the bytes of both on every fixture and in a fuzz target.
func OnePass(l *soup.List, o EncodeOptions) bool {
	return !o.twoPass && ValidUTF8(l, o.SerialNumber, o.Namespace)
}

// InMemory is an encoder's one pass (see OnePass) over its document D:
// build makes the document of l with its native fields; annotate makes
// its properties knowing what read and items say the native fields give
// back (nil, nil the first time), and may be called again on the same
// document; mapBack maps the document as the decoder maps what it reads.
// When name is not nil (the caller gave no serial number or namespace),
// the content ID of l, hashed beside the build, is given to it last.
func InMemory[D any](l *soup.List, f Format, build func() D, annotate func(d D, read *soup.List, items map[string]*soup.Item),
	mapBack func(D) *Doc, name func(D, string)) D {
	// The content ID is hashed beside the build, which reads nothing of
	// the name but writes it (the mapping only reads it into the list's
	// sources, which no property compares).
	var id <-chan string
	if name != nil {
		id = ContentIDAsync(l, f)
	}
	d := build()
	annotate(d, nil, nil)
	read, items := mapBack(d).ReadBack()
	annotate(d, read, items)
	if id != nil {
		name(d, "urn:uuid:"+<-id)
	}
	return d
}

// SortedList returns a shallow copy of l holding the items that ship,
// sorted by key, version and ID, the order Decode returns them in. An SBOM
// (or VEX) describes what ships: items marked removed are left out, and no
// item names one of them in RequiredBy (the curated list keeps them; the
// SBOM does not).
func SortedList(l *soup.List) *soup.List {
	c := *l
	removed := map[string]bool{}
	for i := range l.Items {
		if it := &l.Items[i]; it.Removed && it.ID != "" {
			removed[it.ID] = true
		}
	}
	idx := SortOrder(l)
	c.Items = make([]soup.Item, len(idx))
	for i, j := range idx {
		c.Items[i] = l.Items[j]
		if it := &c.Items[i]; len(removed) > 0 && slices.ContainsFunc(it.RequiredBy, func(id string) bool { return removed[id] }) {
			it.RequiredBy = slices.DeleteFunc(slices.Clone(it.RequiredBy), func(id string) bool { return removed[id] })
		}
	}
	return &c
}

// SortOrder returns the indexes of l's items that ship (not marked
// removed) in the order SortedList puts them: by key, version and ID,
// stable.
func SortOrder(l *soup.List) []int {
	keys := make([]soup.Key, len(l.Items))
	idx := make([]int, 0, len(l.Items))
	for i := range l.Items {
		if !l.Items[i].Removed {
			keys[i] = l.Items[i].Key()
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		x, y := &l.Items[a], &l.Items[b]
		return cmp.Or(strings.Compare(string(keys[a]), string(keys[b])),
			strings.Compare(x.Version, y.Version), strings.Compare(x.ID, y.ID))
	})
	return idx
}

// ContentID returns a UUID (version 8, name-based) derived from l and f:
// from the SHA-256 of l's native JSON (as l.WriteJSON writes it) followed
// by f's name.
func ContentID(l *soup.List, f Format) string {
	return ContentIDs(l, f)[0]
}

// ContentIDs returns ContentID(l, f) for each f of fs, marshalling l once:
// the JSON is streamed into the hashes, not held in memory.
func ContentIDs(l *soup.List, fs ...Format) []string {
	hs := make([]hash.Hash, len(fs))
	ws := make([]io.Writer, len(fs))
	for i := range fs {
		hs[i] = sha256.New()
		ws[i] = hs[i]
	}
	_ = writeListJSON(io.MultiWriter(ws...), l) // a list that fails to marshal fails later too
	out := make([]string, len(fs))
	for i, f := range fs {
		h := hs[i]
		h.Write([]byte(f.String()))
		u := h.Sum(nil)[:16]
		u[6] = u[6]&0x0f | 0x80
		u[8] = u[8]&0x3f | 0x80
		x := hex.EncodeToString(u)
		out[i] = x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
	}
	return out
}

// ContentIDAsync computes ContentID(l, f) on another goroutine, beside
// the caller's work (l must not change meanwhile), and delivers it on the
// channel returned.
func ContentIDAsync(l *soup.List, f Format) <-chan string {
	c := make(chan string, 1)
	go func() { c <- ContentID(l, f) }()
	return c
}

// Created returns the creation time to write, or "".
func (o EncodeOptions) Created(l *soup.List) string {
	switch {
	case !o.Timestamp.IsZero():
		return o.Timestamp.UTC().Format(time.RFC3339)
	case !l.Document.Date.IsZero():
		return l.Document.Date.Time().Format(time.RFC3339)
	}
	return ""
}

// CreationTime is the creation time an SPDX document written from l
// states: Created, else the latest timestamp of l's sources (the SBOMs it
// was read from), else the Unix epoch. It never reads the clock.
func (o EncodeOptions) CreationTime(l *soup.List) string {
	if c := o.Created(l); c != "" {
		return c
	}
	var latest time.Time
	for _, src := range l.Sources {
		if t, err := time.Parse(time.RFC3339, src.Timestamp); err == nil && t.After(latest) {
			latest = t
		}
	}
	if latest.IsZero() {
		return "1970-01-01T00:00:00Z"
	}
	return latest.UTC().Format(time.RFC3339)
}

// ValidExpression reports whether s is a valid SPDX licence expression.
func ValidExpression(s string) bool {
	if strings.TrimSpace(s) != s || s == "" {
		return false
	}
	ok, _ := spdxexp.ValidateLicenses([]string{s})
	return ok
}

// licenseID returns the SPDX licence ID s is, if it is exactly one.
func LicenseID(s string) bool {
	ok, id := spdxexp.ActiveLicense(s)
	return ok && id == s
}

// Refs gives each item a unique reference for bom-refs and SPDXIDs: its ID
// where that is usable, else "item-N".
func Refs(l *soup.List, usable func(string) bool, reserved string) []string {
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

// Graph returns, for each item, the indexes of the items it depends on
// (those that name it in RequiredBy), and the direct items.
func Graph(l *soup.List) (deps [][]int, direct []int) {
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

// TwoPass builds a document in two passes: the first writes only the
// native fields, reads them back and so learns which fields lose something
// in format f; the second build (given what was read back) adds soupkit:
// properties or annotations for exactly those.
//
// write gets compact true in the first pass, whose bytes only the decoder
// reads: a JSON writer need not indent them.
func TwoPass[D any](f Format, build func(read *soup.List, items map[string]*soup.Item) D,
	write func(d D, f Format, compact bool) ([]byte, error), decode func([]byte, Format) (*Doc, error)) (D, []byte, error) {
	var zero D
	b, err := write(build(nil, nil), f, true)
	if err != nil {
		return zero, nil, err
	}
	d, err := decode(b, f)
	if err != nil {
		return zero, nil, fmt.Errorf("reading back: %w", err)
	}
	read, items := d.ReadBack()
	out := build(read, items)
	b, err = write(out, f, false)
	return out, b, err
}
