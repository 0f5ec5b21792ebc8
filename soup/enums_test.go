package soup_test

import (
	"encoding"
	"testing"

	"github.com/soupkit/soupkit/soup"
)

func TestParseSafetyClass(t *testing.T) {
	tests := []struct {
		in   string
		want soup.SafetyClass
		err  bool
	}{
		{"A", soup.ClassA, false}, {"b", soup.ClassB, false}, {"Class C", soup.ClassC, false},
		{" class-b ", soup.ClassB, false}, {"CLASS A", soup.ClassA, false},
		{"D", 0, true}, {"high", 0, true}, {"", 0, true}, {"AB", 0, true}, {"class", 0, true},
	}
	for _, tt := range tests {
		got, err := soup.ParseSafetyClass(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseSafetyClass(%q) = %v, %v", tt.in, got, err)
		}
	}
}

// TestEnumText checks that every value of every enum marshals to text and
// back, and that the zero value means unset.
func TestEnumText(t *testing.T) {
	type textEnum interface {
		encoding.TextMarshaler
		String() string
	}
	values := []struct {
		v    textEnum
		back func(string) (textEnum, error)
	}{}
	add := func(v textEnum, back func(string) (textEnum, error)) {
		values = append(values, struct {
			v    textEnum
			back func(string) (textEnum, error)
		}{v, back})
	}
	for _, c := range []soup.SafetyClass{soup.ClassA, soup.ClassB, soup.ClassC} {
		add(c, func(s string) (textEnum, error) { var x soup.SafetyClass; return x, x.UnmarshalText([]byte(s)) })
	}
	for _, r := range []soup.RiskLevel{soup.RiskLow, soup.RiskMedium, soup.RiskHigh} {
		add(r, func(s string) (textEnum, error) { x, err := soup.ParseRiskLevel(s); return x, err })
	}
	for _, s := range []soup.AnomalyStatus{soup.StatusAffected, soup.StatusNotAffected, soup.StatusFixed, soup.StatusUnderInvestigation} {
		add(s, func(s string) (textEnum, error) { x, err := soup.ParseAnomalyStatus(s); return x, err })
	}
	for _, s := range []soup.SupportLevel{soup.SupportDevelopment, soup.SupportActive, soup.SupportLimited, soup.SupportEnded, soup.SupportNone, soup.SupportNoAssertion} {
		add(s, func(s string) (textEnum, error) { x, err := soup.ParseSupportLevel(s); return x, err })
	}
	for _, v := range values {
		b, err := v.v.MarshalText()
		if err != nil {
			t.Fatalf("%v: %v", v.v, err)
		}
		back, err := v.back(string(b))
		if err != nil || back.String() != v.v.String() {
			t.Errorf("%q did not round-trip: %v, %v", b, back, err)
		}
	}
	if soup.SafetyClass(0).String() != "" || soup.RiskLevel(0).String() != "" {
		t.Error("zero value is not unset")
	}
	if _, err := soup.RiskLevel(9).MarshalText(); err == nil {
		t.Error("out-of-range RiskLevel marshalled")
	}
}

func TestParseAlternateSpellings(t *testing.T) {
	if s, err := soup.ParseSupportLevel("endOfSupport"); err != nil || s != soup.SupportEnded {
		t.Errorf("endOfSupport = %v, %v", s, err)
	}
	if s, err := soup.ParseSupportLevel("LIMITED_SUPPORT"); err != nil || s != soup.SupportLimited {
		t.Errorf("LIMITED_SUPPORT = %v, %v", s, err)
	}
	if s, err := soup.ParseAnomalyStatus("not_affected"); err != nil || s != soup.StatusNotAffected {
		t.Errorf("not_affected = %v, %v", s, err)
	}
	if _, err := soup.ParseSupportLevel("forever"); err == nil {
		t.Error("unknown support level accepted")
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		it   soup.Item
		want soup.Key
	}{
		{soup.Item{PURL: "pkg:pypi/Flask@1.1.2"}, "pkg:pypi/flask"},
		{soup.Item{PURL: "pkg:pypi/typing_extensions@4.0"}, "pkg:pypi/typing-extensions"},
		{soup.Item{PURL: "pkg:pypi/zope.interface@5"}, "pkg:pypi/zope-interface"},
		{soup.Item{PURL: "pkg:npm/%40babel/core@7.0.0?foo=bar#sub"}, "pkg:npm/%40babel/core"},
		{soup.Item{PURL: "pkg:golang/github.com/Foo/Bar@v1.0.0"}, "pkg:golang/github.com/foo/bar"},
		{soup.Item{PURL: "pkg:maven/org.apache/Commons@1"}, "pkg:maven/org.apache/Commons"},
		{soup.Item{Name: " Flask "}, "flask"},
		{soup.Item{Name: "x", PURL: "not a purl"}, "x"},
	}
	for _, tt := range tests {
		if got := tt.it.Key(); got != tt.want {
			t.Errorf("Key(%+v) = %q, want %q", tt.it, got, tt.want)
		}
	}
}

func TestAssignIDs(t *testing.T) {
	l := &soup.List{Items: []soup.Item{{Name: "a"}, {ID: "SOUP-0041", Name: "b", Removed: true}, {Name: "c"}, {ID: "custom", Name: "d"}}}
	if n := l.AssignIDs(); n != 2 {
		t.Errorf("assigned %d", n)
	}
	var got []string
	for _, it := range l.Items {
		got = append(got, it.ID)
	}
	want := []string{"SOUP-0042", "SOUP-0041", "SOUP-0043", "custom"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("IDs = %v, want %v", got, want)
		}
	}
	if l.NextID() != "SOUP-0044" {
		t.Errorf("NextID = %s", l.NextID())
	}
}

func FuzzParseSafetyClass(f *testing.F) {
	for _, s := range []string{"A", "class b", "Class-C", "high", "", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := soup.ParseSafetyClass(s)
		if err != nil {
			return
		}
		back, err := soup.ParseSafetyClass(c.String())
		if err != nil || back != c {
			t.Fatalf("%q → %v → %v, %v", s, c, back, err)
		}
	})
}

func TestFormatID(t *testing.T) {
	for n, want := range map[int]string{1: "SOUP-0001", 42: "SOUP-0042", 999: "SOUP-0999", 1000: "SOUP-1000", 123456: "SOUP-123456", 0: "SOUP-0000"} {
		if got := soup.FormatID(n); got != want {
			t.Errorf("FormatID(%d) = %q, want %q", n, got, want)
		}
	}
	// Many IDs at once, across the change of width.
	l := &soup.List{Items: make([]soup.Item, 10050)}
	l.Items[5].ID = "SOUP-0007"
	if n := l.AssignIDs(); n != 10049 {
		t.Fatalf("assigned %d", n)
	}
	for i, want := range map[int]string{0: "SOUP-0008", 4: "SOUP-0012", 5: "SOUP-0007", 6: "SOUP-0013", 1000: "SOUP-1007", 10049: "SOUP-10056"} {
		if got := l.Items[i].ID; got != want {
			t.Errorf("item %d: ID %q, want %q", i, got, want)
		}
	}
}
