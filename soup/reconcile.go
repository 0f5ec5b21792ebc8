package soup

import (
	"cmp"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/soupkit/soupkit/internal/enum"
)

// ChangeKind is the kind of a [Change].
type ChangeKind int

// The kinds of change.
const (
	Added ChangeKind = iota + 1
	Removed
	Upgraded
	Downgraded
	// Changed is an item whose version is the same but whose other fields
	// differ.
	Changed
)

var changeKinds = &enum.Set[ChangeKind]{Pkg: "soup", Type: "ChangeKind", Kind: "change kind",
	Names: []string{"added", "removed", "upgraded", "downgraded", "changed"}}

// String returns the kind's name, such as "upgraded".
func (k ChangeKind) String() string { return changeKinds.String(k) }

// MarshalText implements encoding.TextMarshaler.
func (k ChangeKind) MarshalText() ([]byte, error) { return changeKinds.MarshalText(k) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *ChangeKind) UnmarshalText(b []byte) error { return changeKinds.Unmarshal(k, b) }

// Change is one difference between two SOUP lists: the input to a change
// impact evaluation (IEC 62304 6.1f, 7.4).
type Change struct {
	Kind ChangeKind `json:"kind"`
	ID   string     `json:"id,omitempty"`
	Name string     `json:"name"`
	Key  Key        `json:"key"`
	// From and To are the old and new versions (From empty for an added
	// item, To empty for a removed one).
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Fields names the fields that differ, for Changed (and, after an
	// upgrade, the identity fields that came with it).
	Fields []string `json:"fields,omitempty"`
	// Old and New are the item before and after; one is nil for an added or
	// removed item.
	Old *Item `json:"old,omitempty"`
	New *Item `json:"new,omitempty"`
}

// Changes is a list of changes, sorted by kind, then name and version.
type Changes []Change

// Of returns the changes of kind k.
func (cs Changes) Of(k ChangeKind) Changes {
	var out Changes
	for _, c := range cs {
		if c.Kind == k {
			out = append(out, c)
		}
	}
	return out
}

func (cs Changes) sort() {
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Key, b.Key),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
}

// Reconcile carries the hand-written documentation of curated over to the
// items of scanned, a fresh scan of what ships, and returns the reconciled
// list and what changed. Neither input is modified.
//
// Items are matched by [Key] (then, for curated items without a package
// URL, by name). For a matched item, what identifies the shipped artefact
// (name, version, purl, CPE, hashes, dependency place) comes from the scan,
// every other field keeps its curated text and only empty ones are filled
// from the scan. A version change keeps the documentation, so validation
// then flags the verification and anomaly review as done for an older
// version (6.1f, 7.4). A scanned item with no curated twin is added with a
// fresh ID and nothing invented; a curated item no longer scanned is kept
// and marked removed, never deleted. The reconciled list keeps the curated
// order, with new items appended in key order. The scan is expected to hold
// one item per key and version, as sbom.Decode and [Merge] give it;
// duplicates are paired in list order.
func Reconcile(curated, scanned *List) (*List, Changes) {
	out := curated.Clone()
	scan := scanned.Clone()
	out.System = fillSystem(out.System, scan.System)
	if len(scan.Sources) > 0 {
		out.Sources = scan.Sources
	}
	pairs, onlyScan, onlyCurated := match(out.Items, scan.Items)

	var changes Changes
	ids := map[string]string{} // scanned ID → reconciled ID
	// Which curated items took their links from the scan: those hold
	// scanned IDs, to be rewritten; the others keep curated ones.
	scannedLinks := make([]bool, len(out.Items))
	for _, p := range pairs {
		cur, s := &out.Items[p.a], &scan.Items[p.b]
		scannedLinks[p.a] = hasLinks(s)
		old := *cur
		mergeScanned(cur, s)
		if s.ID != "" {
			ids[s.ID] = cur.ID
		}
		if old.Removed {
			// Back, perhaps at another version: the item keeps its ID and
			// documentation, and validation flags a verification done for
			// the version it had (From).
			c := Change{Kind: Added, ID: cur.ID, Name: cur.Name, Key: cur.Key(), To: cur.Version, New: cloneItem(cur)}
			if old.Version != cur.Version {
				c.From, c.Old = old.Version, cloneItem(&old)
			}
			changes = append(changes, c)
			continue
		}
		if c, ok := versionChange(&old, cur); ok {
			noteChange(cur, old.Version)
			c.New = cloneItem(cur)
			changes = append(changes, c)
		}
	}
	slices.SortFunc(onlyScan, func(a, b int) int { return compareItems(&scan.Items[a], &scan.Items[b]) })
	next := out.maxID()
	for _, j := range onlyScan {
		it := scan.Items[j]
		next = nextDigits(next)
		it.ID, it.Removed = digitsID(next), false
		out.LastIssuedID = it.ID
		if scan.Items[j].ID != "" {
			ids[scan.Items[j].ID] = it.ID
		}
		out.Items = append(out.Items, it)
		changes = append(changes, Change{Kind: Added, ID: it.ID, Name: it.Name, Key: it.Key(), To: it.Version, New: cloneItem(&it)})
	}
	for _, i := range onlyCurated {
		it := &out.Items[i]
		if !it.Removed {
			it.Removed = true
			changes = append(changes, Change{Kind: Removed, ID: it.ID, Name: it.Name, Key: it.Key(), From: it.Version, Old: cloneItem(it)})
		}
	}
	// A removed item may later be deleted by hand: record the highest ID
	// issued so far, so that it is never issued again.
	if m := out.maxID(); len(changes.Of(Removed)) > 0 && m != idDigits(out.LastIssuedID) {
		out.LastIssuedID = digitsID(m)
	}
	// A removed item is in no dependency graph any more: clear its links
	// and every link to it.
	removed := map[string]bool{}
	for i := range out.Items {
		if it := &out.Items[i]; it.Removed {
			it.RequiredBy, it.Dependency = nil, 0
			if it.ID != "" {
				removed[it.ID] = true
			}
		}
	}
	// Scanned dependency links point at scanned IDs; rewrite them.
	for i := range out.Items {
		if i < len(scannedLinks) && !scannedLinks[i] {
			continue
		}
		it := &out.Items[i]
		for k, id := range it.RequiredBy {
			if n, ok := ids[id]; ok {
				it.RequiredBy[k] = n
			}
		}
		slices.SortFunc(it.RequiredBy, CompareIDs)
	}
	for i := range out.Items {
		it := &out.Items[i]
		if len(removed) > 0 && slices.ContainsFunc(it.RequiredBy, func(id string) bool { return removed[id] }) {
			it.RequiredBy = slices.DeleteFunc(it.RequiredBy, func(id string) bool { return removed[id] })
		}
	}
	changes.sort()
	return out, changes
}

// fillSystem keeps the curated system description and fills its blanks
// from the scan.
func fillSystem(cur, scan System) System {
	cur.Name = cmp.Or(cur.Name, scan.Name)
	cur.Version = cmp.Or(cur.Version, scan.Version)
	cur.Manufacturer = cmp.Or(cur.Manufacturer, scan.Manufacturer)
	cur.SafetyClass = cmp.Or(cur.SafetyClass, scan.SafetyClass)
	return cur
}

// mergeScanned updates cur with the identity of the scanned s (what
// ships), keeps every documented field and fills only blank ones; the
// curated ID is kept, even when blank, since scanned IDs belong to the scan.
func mergeScanned(cur, s *Item) {
	cur.Name = cmp.Or(s.Name, cur.Name)
	cur.Version = cmp.Or(s.Version, cur.Version)
	cur.PURL = cmp.Or(s.PURL, cur.PURL)
	cur.CPE = cmp.Or(s.CPE, cur.CPE)
	if len(s.Hashes) > 0 {
		cur.Hashes = slices.Clone(s.Hashes)
	}
	if s.Dependency != 0 {
		cur.Dependency = s.Dependency
	}
	if hasLinks(s) {
		cur.RequiredBy = slices.Clone(s.RequiredBy)
	}
	id := cur.ID
	Fill(cur, s)
	cur.ID = id
	cur.Removed = false
}

// hasLinks reports whether the scanned s places itself in the dependency
// graph; a scan that does not leaves the curated links as they are.
func hasLinks(s *Item) bool { return s.RequiredBy != nil || s.Dependency != 0 }

func versionChange(old, cur *Item) (Change, bool) {
	if old.Version == cur.Version {
		return Change{}, false
	}
	kind := Upgraded
	if CompareVersions(cur.Version, old.Version) < 0 {
		kind = Downgraded
	}
	return Change{Kind: kind, ID: cur.ID, Name: cur.Name, Key: cur.Key(), From: old.Version, To: cur.Version,
		Old: cloneItem(old), New: cloneItem(cur)}, true
}

// noteChange records in it's change analysis the version it changed from,
// so that validation asks for the analysis of the change (7.4.1) in every
// class, even where nothing else records a version. The earliest version
// not yet analysed is kept: two upgrades without an analysis between them
// are one change to analyse.
func noteChange(it *Item, from string) {
	ca := &it.ChangeAnalysis
	if ca.Version == it.Version && ca.Version != "" {
		return // analysed already, for the version now in use
	}
	if ca.From == "" || ca.Version == from {
		ca.From = from
	}
}

type pair struct{ a, b int }

// match pairs the items of as and bs: first equal key and version, then
// equal key (a version change, paired in version order), then equal name
// for items of as without a package URL (equal name and version first). Removed items of as take part, so
// that an item that comes back keeps its ID. It returns the pairs and the
// indexes left unpaired on each side.
func match(as, bs []Item) (pairs []pair, onlyB, onlyA []int) {
	usedA := make([]bool, len(as))
	usedB := make([]bool, len(bs))
	keysA := make([]Key, len(as))
	keysB := make([]Key, len(bs))
	byKey := map[Key][]int{}
	for i := range as {
		keysA[i] = as[i].Key()
		byKey[keysA[i]] = append(byKey[keysA[i]], i)
	}
	for j := range bs {
		keysB[j] = bs[j].Key()
	}
	try := func(j int, ok func(i int) bool) {
		for _, i := range byKey[keysB[j]] {
			if !usedA[i] && ok(i) {
				usedA[i], usedB[j] = true, true
				pairs = append(pairs, pair{i, j})
				return
			}
		}
	}
	// Pass 1: same key and version, live items before removed ones, and
	// among duplicates of a key and version the one written the same way
	// first, so that matching a list with its own reconciliation pairs
	// every item with itself.
	for _, removed := range []bool{false, true} {
		for _, exact := range []bool{true, false} {
			for j := range bs {
				if !usedB[j] {
					try(j, func(i int) bool {
						return as[i].Removed == removed && as[i].Version == bs[j].Version &&
							(!exact || as[i].Name == bs[j].Name && as[i].PURL == bs[j].PURL)
					})
				}
			}
		}
	}
	// Pass 2: same key, another version; pair in version order (of the
	// items left, which is their order among all).
	var order []int
	for j := range bs {
		if !usedB[j] {
			order = append(order, j)
		}
	}
	slices.SortStableFunc(order, func(x, y int) int { return CompareVersions(bs[x].Version, bs[y].Version) })
	// Live items first, then removed ones: a package that disappeared
	// and came back at another version gets its record back.
	for _, removed := range []bool{false, true} {
		for _, j := range order {
			if !usedB[j] {
				try(j, func(i int) bool { return as[i].Removed == removed })
			}
		}
	}
	// Pass 3: a hand-written item without purl matches by name.
	byName := map[string][]int{}
	for i := range as {
		if !usedA[i] && strings.TrimSpace(as[i].PURL) == "" {
			n := strings.ToLower(strings.TrimSpace(as[i].Name))
			byName[n] = append(byName[n], i)
		}
	}
	// Same name and version first (an imported list may hold one name at
	// several versions), then the same name.
	for _, sameVersion := range []bool{true, false} {
		for j := range bs {
			if usedB[j] {
				continue
			}
			n := strings.ToLower(strings.TrimSpace(bs[j].Name))
			for _, i := range byName[n] {
				if !usedA[i] && (!sameVersion || as[i].Version == bs[j].Version) {
					usedA[i], usedB[j] = true, true
					pairs = append(pairs, pair{i, j})
					break
				}
			}
		}
	}
	for j := range bs {
		if !usedB[j] {
			onlyB = append(onlyB, j)
		}
	}
	for i := range as {
		if !usedA[i] {
			onlyA = append(onlyA, i)
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int { return cmp.Compare(x.a, y.a) })
	return pairs, onlyB, onlyA
}

// Diff compares two lists and returns the items added, removed, upgraded,
// downgraded and changed from old to new: the input to a change impact
// note (7.4). Items marked removed count as absent. Neither list is
// modified.
func Diff(old, new *List) Changes {
	live := func(l *List) []Item {
		var out []Item
		for _, it := range l.Items {
			if !it.Removed {
				out = append(out, it)
			}
		}
		return out
	}
	as, bs := live(old), live(new)
	pairs, onlyB, onlyA := match(as, bs)
	var changes Changes
	for _, p := range pairs {
		a, b := &as[p.a], &bs[p.b]
		if c, ok := versionChange(a, b); ok {
			changes = append(changes, c)
			continue
		}
		if fields := changedFields(a, b); len(fields) > 0 {
			changes = append(changes, Change{Kind: Changed, ID: cmp.Or(b.ID, a.ID), Name: b.Name, Key: b.Key(),
				From: a.Version, To: b.Version, Fields: fields, Old: cloneItem(a), New: cloneItem(b)})
		}
	}
	for _, j := range onlyB {
		b := &bs[j]
		changes = append(changes, Change{Kind: Added, ID: b.ID, Name: b.Name, Key: b.Key(), To: b.Version, New: cloneItem(b)})
	}
	for _, i := range onlyA {
		a := &as[i]
		changes = append(changes, Change{Kind: Removed, ID: a.ID, Name: a.Name, Key: a.Key(), From: a.Version, Old: cloneItem(a)})
	}
	changes.sort()
	return changes
}

// changedFields names the top-level fields, by their native names, in
// which a and b differ.
func changedFields(a, b *Item) []string {
	ma, mb := itemFields(a), itemFields(b)
	var out []string
	for k, va := range ma {
		if vb, ok := mb[k]; !ok || string(va) != string(vb) {
			out = append(out, k)
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func itemFields(it *Item) map[string]json.RawMessage {
	c := *it
	c.ID = "" // an ID is not a property of the component
	b, _ := json.Marshal(&c)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	return m
}

// compareItems orders items by key, then version, then name.
func compareItems(a, b *Item) int {
	return cmp.Or(cmp.Compare(a.Key(), b.Key()), CompareVersions(a.Version, b.Version), cmp.Compare(a.Name, b.Name))
}

// SortItems sorts the items of l by key, then version: the order of a
// scanned list.
func (l *List) SortItems() {
	slices.SortStableFunc(l.Items, func(a, b Item) int { return compareItems(&a, &b) })
}

// CompareVersions compares two version strings as package managers do:
// numeric parts by value (1.10 > 1.9), other parts by text, a leading "v"
// ignored, and a semantic-versioning pre-release below its release
// (1.0.0-rc.1 < 1.0.0). It returns -1, 0 or +1.
func CompareVersions(a, b string) int {
	if a == b {
		return 0
	}
	ca, pa := splitPrerelease(a)
	cb, pb := splitPrerelease(b)
	if c := compareParts(ca, cb); c != 0 {
		return c
	}
	switch {
	case pa == pb:
		return 0
	case pa == "":
		return 1
	case pb == "":
		return -1
	}
	return compareParts(pa, pb)
}

// splitPrerelease drops a leading v and build metadata and splits a
// semantic-versioning pre-release off a dotted numeric core.
func splitPrerelease(v string) (core, pre string) {
	v = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(v), "v"), "V")
	v, _, _ = strings.Cut(v, "+")
	i := strings.IndexByte(v, '-')
	if i > 0 && strings.Trim(v[:i], "0123456789.") == "" {
		return v[:i], v[i+1:]
	}
	return v, ""
}

// errNotNumber is parseDigits' error.
var errNotNumber = errors.New("not a number")

// parseDigits is strconv.ParseUint(s, 10, 64) without an allocated error
// for text, which nearly every version holds.
func parseDigits(s string) (uint64, error) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, errNotNumber
	}
	return strconv.ParseUint(s, 10, 64)
}

// compareParts compares runs of digits by value and other runs by text.
func compareParts(a, b string) int {
	for a != "" || b != "" {
		ra, restA := nextRun(a)
		rb, restB := nextRun(b)
		if c := compareRun(ra, rb); c != 0 {
			return c
		}
		a, b = restA, restB
	}
	return 0
}

func nextRun(s string) (run, rest string) {
	if s == "" {
		return "", ""
	}
	digit := unicode.IsDigit(rune(s[0]))
	i := 1
	for i < len(s) && unicode.IsDigit(rune(s[i])) == digit {
		i++
	}
	return s[:i], s[i:]
}

func compareRun(a, b string) int {
	na, ea := parseDigits(a)
	nb, eb := parseDigits(b)
	switch {
	case ea == nil && eb == nil:
		return cmp.Compare(na, nb)
	case a == "":
		return -1
	case b == "":
		return 1
	case ea == nil: // a number sorts after text (1.0.1 > 1.0.beta)
		return 1
	case eb == nil:
		return -1
	}
	return cmp.Compare(a, b)
}
