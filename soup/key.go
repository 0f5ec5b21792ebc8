package soup

import (
	"fmt"
	"strconv"
	"strings"

	packageurl "github.com/package-url/packageurl-go"
)

// Key is the identity of a SOUP item across SBOMs and upgrades: its package
// URL without version, qualifiers and subpath ("pkg:pypi/flask"), normalised
// as the purl type prescribes; or, for an item without a usable package URL,
// its lowercase name. Two items with the same key and version are one item.
type Key string

// Key returns the item's identity. See [Key].
func (it *Item) Key() Key {
	if k, err := PURLKey(it.PURL); err == nil && k != "" {
		return k
	}
	return Key(strings.ToLower(strings.TrimSpace(it.Name)))
}

// PURLKey returns the key of package URL s: type, namespace and name,
// normalised, without version, qualifiers or subpath. It returns "" for an
// empty s and an error for a malformed one.
func PURLKey(s string) (Key, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	p, err := packageurl.FromString(s)
	if err != nil {
		return "", fmt.Errorf("soup: invalid purl %q: %w", s, err)
	}
	if p.Type == packageurl.TypePyPi {
		// PEP 503: runs of -, _ and . are equivalent.
		p.Name = strings.NewReplacer(".", "-", "_", "-").Replace(p.Name)
	}
	p.Version, p.Qualifiers, p.Subpath = "", nil, ""
	return Key(p.ToString()), nil
}

// IDPrefix is the prefix of the item IDs soupkit assigns.
const IDPrefix = "SOUP-"

// idNumber returns the number of an ID of the form SOUP-0007, or 0.
func idNumber(id string) int {
	rest, ok := strings.CutPrefix(id, IDPrefix)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// FormatID returns the ID with number n, such as SOUP-0007.
func FormatID(n int) string {
	s := strconv.Itoa(n)
	if n >= 0 && len(s) < 4 {
		s = "0000"[len(s):] + s
	}
	return IDPrefix + s
}

// NextID returns the ID the next new item of l gets: one above the highest
// ID number in the list, removed items included, so that an ID is never
// reused while the list keeps its history.
func (l *List) NextID() string {
	return FormatID(l.maxID() + 1)
}

func (l *List) maxID() int {
	m := 0
	for i := range l.Items {
		m = max(m, idNumber(l.Items[i].ID))
	}
	return m
}

// AssignIDs gives every item without an ID a fresh one, in list order, and
// returns how many it assigned. Existing IDs are never changed.
func (l *List) AssignIDs() int {
	n, next := 0, l.maxID()
	for i := range l.Items {
		if l.Items[i].ID == "" {
			next++
			l.Items[i].ID = FormatID(next)
			n++
		}
	}
	return n
}

// Item returns the item with the given ID, or nil.
func (l *List) Item(id string) *Item {
	for i := range l.Items {
		if l.Items[i].ID == id {
			return &l.Items[i]
		}
	}
	return nil
}
