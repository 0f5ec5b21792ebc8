package form

import (
	"slices"
	"strings"
	"testing"
)

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"1.6", "1.6", 0},
		{"1.10", "1.9", 1},
		{"1.9", "1.10", -1},
		{"2.3", "1.7", 1},
		{"1.6", "1.6.1", -1},
		{"3.0.1", "3", 1},
		{"", "1.2", -1},
		{"", "", 0},
		{"1.x", "1.2", 1},
		{"1.a", "1.b", -1},
		{"01.2", "1.2", 0},
	} {
		if got := CompareVersions(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := CompareVersions(tc.b, tc.a); got != -tc.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tc.b, tc.a, got, -tc.want)
		}
	}
}

// TestFormatsSorted: Formats sorts versions as versions, so that a 1.10
// would follow 1.9.
func TestFormatsSorted(t *testing.T) {
	defer func(old []string) { cdxEncodable = old }(cdxEncodable)
	cdxEncodable = []string{"1.10", "1.9", "1.3"}
	var got []string
	for _, f := range Formats() {
		if f.Family == CycloneDX && f.Encoding == JSON {
			got = append(got, f.Version)
		}
	}
	if want := []string{"1.3", "1.9", "1.10"}; !slices.Equal(got, want) {
		t.Errorf("versions %q, want %q", got, want)
	}
}

// TestEnumText: families and encodings print and parse by name; zero is
// no value of either.
func TestEnumText(t *testing.T) {
	for _, f := range []Family{CycloneDX, SPDX, Native} {
		b, err := f.MarshalText()
		var g Family
		if err != nil || g.UnmarshalText([]byte(strings.ToUpper(string(b)))) != nil || g != f {
			t.Errorf("%v: MarshalText %q, %v; read back %v", f, b, err, g)
		}
	}
	for _, e := range []Encoding{JSON, XML, TagValue, YAML} {
		b, err := e.MarshalText()
		var g Encoding
		if err != nil || g.UnmarshalText(b) != nil || g != e {
			t.Errorf("%v: MarshalText %q, %v; read back %v", e, b, err, g)
		}
	}
	if s := (Format{}).String(); s != "Family(0)-Encoding(0)" {
		t.Errorf("zero format prints %q", s)
	}
	var g Family
	if err := g.UnmarshalText([]byte("pdf")); err == nil {
		t.Error("UnmarshalText accepts pdf")
	}
}

func TestXMLText(t *testing.T) {
	for in, want := range map[string]string{
		"MIT":             "MIT",
		"  Apache-2.0 \n": "Apache-2.0",
		"\n        First.\n\n        Second,\n          indented.\n      ": "First.\n\nSecond,\n  indented.",
		"Inline start\n        continued\n      ":                          "Inline start\ncontinued",
		"\r\n    CRLF text\r\n  ":                                          "CRLF text",
	} {
		if got := XMLText(in); got != want {
			t.Errorf("XMLText(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"MIT":      "MIT",
		"  MIT \n": "MIT",
		"\n        Create CycloneDX Software Bill of\n        Materials (SBOM) from NPM projects.\n      ": "Create CycloneDX Software Bill of Materials (SBOM) from NPM projects.",
		"\r\n    wrapped\r\n    text\r\n  ": "wrapped text",
		"First line\nsecond line":           "First line\nsecond line", // the generator's own line break
		"\n    Two  spaces stay.\n  ":       "Two  spaces stay.",
	} {
		if got := XMLLine(in); got != want {
			t.Errorf("XMLLine(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Expression("\n  Apache-2.0\n  OR MIT\n"); got != "Apache-2.0 OR MIT" {
		t.Errorf("Expression = %q", got)
	}
}
