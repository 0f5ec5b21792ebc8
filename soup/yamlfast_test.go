package soup

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// yamlTexts are values that take every path of the YAML library's choice
// of a scalar's style: plain, single- and double-quoted, and what the fast
// writer leaves to the library.
var yamlTexts = []string{
	"", "flask", "1.1.2", "1.0", "10", "0x1F", "0o17", "-0o17", "0b101", "-0b101", "1_000", "1e3", ".5", "+1",
	"-1", "+.inf", ".inf", ".nan", ".x", "1.2.3", "v1.2", "2026-01-02", "2026-1-2", "2026-01-02T03:04:05Z",
	"2026-01-02 03:04:05", "2026-13-45", "1234-", "12:30", "1:20:30.5", "190:20:30", "yes", "No", "off", "ON",
	"y", "true", "False", "null", "~", "<<", "Null", "a: b", "a:b", "a :b", ":x", ": x", "?x", "? x", "-", "- x",
	"-x", "--", "---", "---x", "...", "..x", "#x", "a #b", "a#b", "a # b", "@scope/pkg", "`x`", "%x", "!x",
	"&x", "*x", "|x", ">x", "'x", "\"x", "it's", "say \"hi\"", `back\slash`, " lead", "trail ", " both ",
	"[x]", "{x}", "x,y", "x[0]", "a, b", "Jane Doe <jane@example.com>", "pkg:npm/%40scope/x@1.0.0",
	"cpe:2.3:a:x:y:1.0:*:*:*:*:*:*:*", "https://example.com/a?b=c#d", "MIT OR Apache-2.0", "0000", "00ff",
	"Ünïcode", "emoji 😀", "tab\there", "line\nbreak", "x\r", "nbsp\u00a0", "nel\u0085", "\x7f", "bell\a",
	// Text of several lines: the fast writer writes it in literal style
	// as a mapping value, and leaves it to the library in a list.
	"two\nlines\n", "a\n\nparagraphs", "a\n  indented\nb\n", "#x\n- y: z\n", "trail \nx", "x\ntrail ",
	"two\nbreaks\n\n", "\nlead", " lead\nx", "a\n\n\n b", "--- x\n...\n",
}

// randomItem fills the exported fields of an item with values from
// yamlTexts, random enumerations, dates and flags; about half of them
// empty.
func randomItem(r *rand.Rand, easy bool) Item {
	var it Item
	fillRandom(r, reflect.ValueOf(&it).Elem(), easy, 0)
	return it
}

func fillRandom(r *rand.Rand, v reflect.Value, easy bool, depth int) {
	switch v.Type() {
	case dateType:
		if r.IntN(2) == 0 {
			y := 2000 + r.IntN(30)
			if !easy && r.IntN(10) == 0 {
				y = r.IntN(20000)
			}
			v.Set(reflect.ValueOf(NewDate(y, time.Month(1+r.IntN(12)), 1+r.IntN(28))))
		}
		return
	case reflect.TypeFor[time.Time]():
		if !easy && r.IntN(4) == 0 {
			v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		if r.IntN(2) == 0 {
			n := len(yamlTexts)
			if easy {
				n -= 20 // the texts the fast writer leaves to the library
			}
			v.SetString(yamlTexts[r.IntN(n)])
		}
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int:
		if v.Type().PkgPath() == "" {
			if !easy && r.IntN(4) == 0 {
				v.SetInt(int64(r.IntN(100)))
			}
			return
		}
		n := 3 // an enumeration: unset or a value (every one has two)
		if !easy {
			n = 5 // or an invalid one
		}
		v.SetInt(int64(r.IntN(n)))
	case reflect.Float64:
		if !easy && r.IntN(4) == 0 {
			v.SetFloat(float64(r.IntN(100)) / 10)
		}
	case reflect.Slice:
		if depth > 3 || r.IntN(2) == 0 {
			return
		}
		n := r.IntN(3)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fillRandom(r, s.Index(i), easy, depth+1)
		}
		v.Set(s)
	case reflect.Struct:
		if r.IntN(3) == 0 {
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillRandom(r, v.Field(i), easy, depth+1)
			}
		}
	}
}

// libraryItem is what the YAML library writes for it.
func libraryItem(t testing.TB, it *Item) string {
	s, err := tryLibraryItem(it)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func tryLibraryItem(it *Item) (string, error) {
	var b, scratch bytes.Buffer
	err := appendItemLibrary(&b, it, &scratch)
	return b.String(), err
}

func TestAppendItemYAMLSameAsLibrary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 500
	}
	fast := 0
	for i := range n {
		it := randomItem(r, i%2 == 0)
		got, ok := appendItemYAML(nil, &it)
		want, err := tryLibraryItem(&it)
		switch {
		case err != nil && ok:
			t.Fatalf("item %d: the library fails (%v), the fast writer does not", i, err)
		case err != nil:
			continue
		case !ok:
			// Values of the easy kinds are the fast writer's, except an
			// empty mapping (flow style).
			if i%2 == 0 && !strings.Contains(want, "{}") {
				t.Fatalf("item %d: left to the library:\n%s", i, want)
			}
			continue
		}
		fast++
		if diff := cmp.Diff(want, string(got)); diff != "" {
			t.Fatalf("item %d (-library +fast):\n%s", i, diff)
		}
		back, ok := readItemYAML(got)
		if !ok {
			t.Fatalf("item %d: not read back:\n%s", i, got)
		}
		if again, _ := appendItemYAML(nil, &back); !bytes.Equal(again, got) {
			t.Fatalf("item %d read back differently:\n%s\nwrote again:\n%s", i, got, again)
		}
	}
	t.Logf("%d of %d items written by the fast writer", fast, n)
}

func TestAppendItemYAMLScalars(t *testing.T) {
	for _, s := range yamlTexts {
		it := Item{ID: "SOUP-0001", Name: s, RiskRefs: []string{s}, Hashes: []Hash{{Algorithm: s, Value: s}}}
		got, ok := appendItemYAML(nil, &it)
		if !ok {
			continue
		}
		if diff := cmp.Diff(libraryItem(t, &it), string(got)); diff != "" {
			t.Errorf("%q (-library +fast):\n%s", s, diff)
		}
	}
}

func FuzzAppendItemYAML(f *testing.F) {
	for _, s := range yamlTexts {
		f.Add(s, s, "1.0")
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		it := Item{ID: a, Name: b, Version: c, RequiredBy: []string{a, c},
			Hashes:       []Hash{{Algorithm: b, Value: c}},
			Verification: Verification{By: c, Date: NewDate(2026, 1, 2)}, Notes: a}
		got, ok := appendItemYAML(nil, &it)
		if !ok {
			return
		}
		if diff := cmp.Diff(libraryItem(t, &it), string(got)); diff != "" {
			t.Fatalf("(-library +fast):\n%s", diff)
		}
		back, ok := readItemYAML(got)
		if !ok {
			t.Fatalf("not read back:\n%s", got)
		}
		if diff := cmp.Diff(it, back, cmp.AllowUnexported(Date{})); diff != "" {
			t.Fatalf("read back (-want +got):\n%s", diff)
		}
	})
}

// randomList is a list of n random items (easy ones and others), with
// the keys around them.
func randomList(r *rand.Rand, n int) *List {
	l := &List{System: System{Name: "Pump", SafetyClass: ClassB}, LastIssuedID: "SOUP-0099"}
	l.Sources = []Source{{Name: "bom.json", Tools: []string{"syft 1.0"}}}
	for i := range n {
		it := randomItem(r, i%3 != 0)
		it.ID = FormatID(i + 1)
		it.PURL = ""
		l.Items = append(l.Items, it)
	}
	return l
}

func TestParseLaidOutSameAsLibrary(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fast := 0
	for i := range 300 {
		l := randomList(r, 1+r.IntN(5))
		var b bytes.Buffer
		if err := l.WriteYAML(&b); err != nil {
			continue // an invalid enumeration
		}
		data := b.Bytes()
		if i%4 == 3 { // cut or changed a little
			from := []string{"\n  - ", "    ", ": ", "'", "\"", "items:\n"}
			to := []string{"\n  -  ", "   ", ":", "\"", "'", "items: []\n", "\n", "# x\n"}
			data = bytes.Replace(data, []byte(from[r.IntN(len(from))]), []byte(to[r.IntN(len(to))]), 1)
		}
		got, ok := parseLaidOut(data)
		want, err := parseYAMLLibrary(data, "yaml")
		if !ok {
			continue
		}
		fast++
		if err != nil {
			t.Fatalf("list %d: read by the fast reader, refused by the library (%v):\n%s", i, err, data)
		}
		if !sameJSON(t, got, want) {
			t.Fatalf("list %d read differently:\n%s", i, data)
		}
	}
	if fast < 100 {
		t.Errorf("only %d of 300 lists read by the fast reader", fast)
	}
}

// handItems are lists kept by hand, read item by item by parseLaidOut
// (or refused by it): comments, blank lines, flow lists, block scalars,
// and text that crosses the line of the next item.
var handItems = []string{
	"items:\n  # head\n  - id: SOUP-0001 # id\n    name: a\n\n    notes: \"\" # to do\n\n  - id: SOUP-0002\n    riskRefs: [] # none\n# first column\n  - id: SOUP-0003\n    description: |\n      two\n\n      # not a comment\n  # a comment\n    name: c\nlastIssuedID: SOUP-0003\n",
	"items:\n\n  - id: SOUP-0001\n    requirements:\n      functional: [a, b] # flow\n    verification: {by: Jane, version: '1'}\n    # foot\n",
	"items:\n  - id: SOUP-0001\n    name: \"a\n  - id: SOUP-0002\"\n",
	"items:\n  - id: SOUP-0001\n    riskRefs: [a,\n  - b]\n",
	"items:\n  - id: SOUP-0001\n    name: 'a\n  - b'\n  - id: SOUP-0002\n",
	"items:\n  - id: SOUP-0001\n    description: >-\n     folded\n     text\n  - &a {id: SOUP-0002}\n  - *a\n",
	"items:\n  - id: SOUP-0001\n    name: plain\n     continued\n  - id: SOUP-0002\n    name: x\n---\nitems: []\n",
	"system: {name: x}\nitems:\n  - id: SOUP-0001\n    name: a\n# end\n",
}

// TestParseLaidOutHand: lists kept by hand read item by item as the
// library reads them whole, or are left to it.
func TestParseLaidOutHand(t *testing.T) {
	fast := 0
	for i, data := range handItems {
		got, ok := parseLaidOut([]byte(data))
		want, err := parseYAMLLibrary([]byte(data), "yaml")
		if !ok {
			continue
		}
		fast++
		if err != nil {
			t.Fatalf("list %d: read by the fast reader, refused by the library (%v):\n%s", i, err, data)
		}
		if !sameJSON(t, got, want) {
			t.Fatalf("list %d read differently:\n%s", i, data)
		}
	}
	if fast < 3 {
		t.Errorf("only %d of %d hand-written lists read item by item", fast, len(handItems))
	}
}

func sameJSON(t testing.TB, a, b *List) bool {
	var ja, jb bytes.Buffer
	if err := a.WriteJSON(&ja); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteJSON(&jb); err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(ja.Bytes(), jb.Bytes())
}

func FuzzParseLaidOut(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		var b bytes.Buffer
		if randomList(r, 3).WriteYAML(&b) == nil {
			f.Add(b.Bytes())
		}
	}
	f.Add([]byte("system:\n  name: x\nitems:\n  - id: SOUP-0001\n    name: a\nlastIssuedID: SOUP-0001\n"))
	f.Add([]byte("description: \"abc\nitems:\n  - id: x\nlastIssuedID: x\"\n"))
	for _, h := range handItems {
		f.Add([]byte(h))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := parseLaidOut(data)
		if !ok {
			return
		}
		want, err := parseYAMLLibrary(data, "yaml")
		if err != nil {
			t.Fatalf("read by the fast reader, refused by the library: %v", err)
		}
		if !sameJSON(t, got, want) {
			t.Fatal("read differently")
		}
	})
}

func TestIsYAMLFloat(t *testing.T) {
	re := regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
	for _, s := range append(yamlTexts, "1.", "+.5", "-1e", "1e+", "1e+5", ".e5", "1.e5", "+", "1.5.", "e5", "1E-2", "") {
		if got, want := isYAMLFloat(s), re.MatchString(s); got != want {
			t.Errorf("isYAMLFloat(%q) = %v, want %v", s, got, want)
		}
	}
}
