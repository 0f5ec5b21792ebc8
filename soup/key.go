package soup

import (
	"cmp"
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
	if k, ok := canonicalPURLKey(s); ok {
		return k, nil
	}
	return parsePURLKey(s)
}

// parsePURLKey is PURLKey through packageurl-go: parse, normalise, print.
func parsePURLKey(s string) (Key, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	p, err := packageurl.FromString(s)
	if err != nil {
		return "", fmt.Errorf("soup: invalid purl %q: %w", s, err)
	}
	if p.Type == packageurl.TypePyPi {
		// PEP 503: runs of -, _ and . are equivalent.
		p.Name = pep503.Replace(p.Name)
	}
	p.Version, p.Qualifiers, p.Subpath = "", nil, ""
	return Key(p.ToString()), nil
}

var pep503 = strings.NewReplacer(".", "-", "_", "-")

// canonicalPURLKey returns the key of s without parsing it into parts,
// when s is a purl whose type, namespace and name are already in the form
// packageurl-go prints them, as generators write nearly every purl: the key
// is then s up to the version. It reports false for anything else (no
// purl, an unusual type, a name to be normalised, a subpath, a percent sign where decoding could
// change the text, invalid or duplicate qualifiers…), which parsePURLKey
// then handles; FuzzPURLKey checks that both agree.
func canonicalPURLKey(s string) (Key, bool) {
	rest, ok := strings.CutPrefix(s, "pkg:")
	if !ok || strings.IndexByte(rest, '#') >= 0 {
		return "", false
	}
	if q := strings.IndexByte(rest, '?'); q >= 0 {
		if !plainQualifiers(rest[q+1:]) {
			return "", false
		}
		rest = rest[:q]
	}
	typ, path, ok := strings.Cut(rest, "/")
	if !ok {
		return "", false
	}
	var folded bool // whether packageurl-go lowercases namespace and name
	switch typ {
	case "pypi":
		folded = true // and PEP 503 normalised, checked below
	case "cargo", "cocoapods", "conan", "conda", "cran", "docker", "gem", "generic",
		"hackage", "hex", "huggingface", "maven", "npm", "nuget", "oci", "pub", "swid":
	case "alpm", "apk", "bitbucket", "bitnami", "brew", "composer", "deb", "github",
		"golang", "qpkg", "rpm":
		folded = true
	default:
		return "", false
	}
	if at := strings.LastIndexByte(path, '@'); at >= 0 {
		if strings.IndexByte(path[at+1:], '%') >= 0 {
			return "", false
		}
		path = path[:at]
	}
	if typ == "pypi" && strings.ContainsAny(path, "/._") {
		return "", false
	}
	if path == "" || path[0] == '/' || path[len(path)-1] == '/' {
		return "", false
	}
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case c == '/':
			if path[i-1] == '/' {
				return "", false
			}
		case c >= 'A' && c <= 'Z':
			if folded {
				return "", false
			}
		case pathSafe(c):
		case c == '%' && !folded && i+2 < len(path) && isUpperHex(path[i+1]) && isUpperHex(path[i+2]):
			// Printed back the same only if the byte it stands for is not
			// one printed plainly, and is not a slash, which would split a
			// namespace segment.
			b := unhex(path[i+1])<<4 | unhex(path[i+2])
			if pathSafe(b) || b == '/' {
				return "", false
			}
			i += 2
		default:
			return "", false
		}
	}
	return Key(s[:len("pkg:")+len(typ)+1+len(path)]), true
}

// plainQualifiers reports whether the qualifiers q parse without error and
// without percent-decoding: keys valid and distinct (case-insensitively,
// among those with a value), values without a percent sign.
func plainQualifiers(q string) bool {
	const most = 16 // more are rare; leave them to the parser
	var keys [most]string
	n := 0
	for q != "" {
		var part string
		part, q, _ = strings.Cut(q, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if strings.ContainsAny(part, ";%") || !qualifierKey(k) {
			return false
		}
		if v == "" {
			continue
		}
		if n == most {
			return false
		}
		for _, seen := range keys[:n] {
			if strings.EqualFold(seen, k) {
				return false
			}
		}
		keys[n], n = k, n+1
	}
	return true
}

// qualifierKey reports whether k is a valid purl qualifier key.
func qualifierKey(k string) bool {
	if k == "" || k[0] >= '0' && k[0] <= '9' {
		return false
	}
	for i := 0; i < len(k); i++ {
		switch c := k[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}

// pathSafe reports whether c appears unencoded in a printed purl segment.
func pathSafe(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~' || c == ':'
}

func isUpperHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'A' + 10
}

// IDPrefix is the prefix of the item IDs soupkit assigns.
const IDPrefix = "SOUP-"

// idDigits returns the number of an ID of the form SOUP-0007 as decimal
// digits without leading zeros ("7"), or "" for another ID (or number 0).
// Digits, not an int: an ID of any length (SOUP-9223372036854775808) is
// compared and followed without overflow.
func idDigits(id string) string {
	rest, ok := strings.CutPrefix(id, IDPrefix)
	if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" {
		return ""
	}
	return strings.TrimLeft(rest, "0")
}

// compareDigits compares two numbers written as idDigits writes them.
func compareDigits(a, b string) int {
	return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
}

// nextDigits returns the number one above d, written as idDigits writes it.
func nextDigits(d string) string {
	b := []byte(d)
	i := len(b) - 1
	for i >= 0 && b[i] == '9' {
		b[i] = '0'
		i--
	}
	if i < 0 {
		return "1" + string(b)
	}
	b[i]++
	return string(b)
}

// digitsID returns the ID of the number d, at least four digits long.
func digitsID(d string) string {
	return IDPrefix + strings.Repeat("0", max(0, 4-len(d))) + d
}

// CompareIDs orders item IDs naturally, so that SOUP-9 comes before SOUP-10
// and SOUP-0010 before SOUP-100: by the text before the trailing number,
// then by the number's value, then bytewise. It returns -1, 0 or +1, and 0
// only for equal IDs. Validation, Merge, Reconcile and the renderers all
// order IDs with it.
func CompareIDs(a, b string) int {
	pa, na := splitNumber(a)
	pb, nb := splitNumber(b)
	na, nb = strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
	return cmp.Or(cmp.Compare(pa, pb), cmp.Compare(len(na), len(nb)), cmp.Compare(na, nb), cmp.Compare(a, b))
}

// splitNumber splits s into its text and its trailing run of digits.
func splitNumber(s string) (prefix, digits string) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[:i], s[i:]
}

// FormatID returns the ID with number n, such as SOUP-0007.
func FormatID(n int) string {
	var buf [24]byte
	return string(appendID(buf[:0], n))
}

// appendID appends the ID with number n to b.
func appendID(b []byte, n int) []byte {
	b = append(b, IDPrefix...)
	if n >= 0 && n < 1000 {
		b = append(b, '0')
		if n < 100 {
			b = append(b, '0')
		}
		if n < 10 {
			b = append(b, '0')
		}
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// NextID returns the ID the next new item of l gets: one above the highest
// ID number in the list, removed items included, and above
// l.LastIssuedID, so that an ID is never reused, even after an item was
// deleted by hand. IDs are numbers of any length: the next ID never
// overflows.
func (l *List) NextID() string {
	return digitsID(nextDigits(l.maxID()))
}

// maxID returns the highest ID number of l, items and LastIssuedID, as
// idDigits writes it.
func (l *List) maxID() string {
	m := idDigits(l.LastIssuedID)
	for i := range l.Items {
		if d := idDigits(l.Items[i].ID); compareDigits(d, m) > 0 {
			m = d
		}
	}
	return m
}

// AssignIDs gives every item without an ID a fresh one, in list order, and
// returns how many it assigned. Existing IDs are never changed.
func (l *List) AssignIDs() int {
	n := 0
	for i := range l.Items {
		if l.Items[i].ID == "" {
			n++
		}
	}
	if n == 0 {
		return 0
	}
	m := l.maxID()
	if len(m) > 15 {
		// Beyond what an int counts to safely: one string per ID.
		for i := range l.Items {
			if l.Items[i].ID == "" {
				m = nextDigits(m)
				l.Items[i].ID = digitsID(m)
			}
		}
		return n
	}
	// The new IDs share one string: one allocation for a whole SBOM.
	first := 1
	if m != "" {
		v, _ := strconv.Atoi(m)
		first = v + 1
	}
	var (
		b   strings.Builder
		buf [24]byte
	)
	b.Grow(n * len(appendID(buf[:0], first+n-1)))
	for k := range n {
		b.Write(appendID(buf[:0], first+k))
	}
	all, k := b.String(), first
	for i := range l.Items {
		if l.Items[i].ID == "" {
			w := len(appendID(buf[:0], k))
			l.Items[i].ID, all, k = all[:w], all[w:], k+1
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
