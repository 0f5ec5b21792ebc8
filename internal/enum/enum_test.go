package enum_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/internal/enum"
)

type color int

var colors = &enum.Set[color]{Pkg: "paint", Type: "Color", Kind: "colour", Names: []string{"red", "dark-green"}}

var strict = &enum.Set[color]{Pkg: "paint", Type: "Color", Kind: "colour", Names: []string{"red", "dark-green"}, NoZero: true}

func TestString(t *testing.T) {
	tests := []struct {
		set  *enum.Set[color]
		v    color
		want string
	}{
		{colors, 0, ""},
		{colors, 1, "red"},
		{colors, 2, "dark-green"},
		{colors, 3, "Color(3)"},
		{colors, -1, "Color(-1)"},
		{strict, 0, "Color(0)"},
		{strict, 2, "dark-green"},
	}
	for _, tt := range tests {
		if got := tt.set.String(tt.v); got != tt.want {
			t.Errorf("String(%d) (NoZero %v) = %q, want %q", tt.v, tt.set.NoZero, got, tt.want)
		}
	}
}

func TestMarshalText(t *testing.T) {
	tests := []struct {
		set     *enum.Set[color]
		v       color
		want    string
		wantErr string
	}{
		{set: colors, v: 0, want: ""},
		{set: colors, v: 2, want: "dark-green"},
		{set: colors, v: 3, wantErr: "paint: invalid colour 3"},
		{set: colors, v: -2, wantErr: "paint: invalid colour -2"},
		{set: strict, v: 0, wantErr: "paint: invalid colour 0"},
		{set: strict, v: 1, want: "red"},
	}
	for _, tt := range tests {
		b, err := tt.set.MarshalText(tt.v)
		if got := errText(err); got != tt.wantErr {
			t.Errorf("MarshalText(%d) (NoZero %v) err = %q, want %q", tt.v, tt.set.NoZero, got, tt.wantErr)
		}
		if string(b) != tt.want {
			t.Errorf("MarshalText(%d) (NoZero %v) = %q, want %q", tt.v, tt.set.NoZero, b, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		set     *enum.Set[color]
		text    string
		want    color
		wantErr string
	}{
		{set: colors, text: "red", want: 1},
		{set: colors, text: " Dark-GREEN\n", want: 2},
		{set: colors, text: "", want: 0},
		{set: colors, text: "  ", want: 0},
		{set: colors, text: "blue", wantErr: `paint: invalid colour "blue" (want one of red, dark-green)`},
		{set: colors, text: "dark green", wantErr: `paint: invalid colour "dark green" (want one of red, dark-green)`},
		{set: strict, text: "", wantErr: `paint: invalid colour "" (want one of red, dark-green)`},
		{set: strict, text: "RED", want: 1},
	}
	for _, tt := range tests {
		got, err := tt.set.Parse(tt.text)
		if e := errText(err); e != tt.wantErr {
			t.Errorf("Parse(%q) (NoZero %v) err = %q, want %q", tt.text, tt.set.NoZero, e, tt.wantErr)
		}
		if got != tt.want {
			t.Errorf("Parse(%q) (NoZero %v) = %d, want %d", tt.text, tt.set.NoZero, got, tt.want)
		}
		v := color(7)
		err = tt.set.Unmarshal(&v, []byte(tt.text))
		if want := map[bool]color{true: 7, false: tt.want}[tt.wantErr != ""]; v != want || errText(err) != tt.wantErr {
			t.Errorf("Unmarshal(%q) = %d, %v; want %d, %q", tt.text, v, err, want, tt.wantErr)
		}
	}
}

// TestRoundTrip checks that every named value reads back from its text.
func TestRoundTrip(t *testing.T) {
	for _, set := range []*enum.Set[color]{colors, strict} {
		var got []color
		for v := color(-1); v <= color(len(set.Names))+1; v++ {
			b, err := set.MarshalText(v)
			if err != nil {
				if set.Valid(v) {
					t.Errorf("MarshalText(%d): %v for a valid value", v, err)
				}
				continue
			}
			back, err := set.Parse(string(b))
			if err != nil {
				t.Errorf("Parse(%q): %v", b, err)
			}
			got = append(got, back)
		}
		want := []color{1, 2}
		if !set.NoZero {
			want = []color{0, 1, 2}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("values read back (NoZero %v) (-want +got):\n%s", set.NoZero, diff)
		}
	}
}

func TestLookup(t *testing.T) {
	if v, ok := colors.Lookup("RED"); !ok || v != 1 {
		t.Errorf(`Lookup("RED") = %d, %v; want 1, true`, v, ok)
	}
	if v, ok := colors.Lookup(""); ok || v != 0 {
		t.Errorf(`Lookup("") = %d, %v; want 0, false`, v, ok)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
