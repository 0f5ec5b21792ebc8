// Package enum is the machinery behind the typed enumerations of soupkit
// (soup.SafetyClass, render.Order, …): their String, MarshalText and
// case-insensitive parsing, written once.
//
// An enumeration is an integer type whose values 1 upwards have canonical
// names; zero means "unset" unless the set says otherwise.
package enum

import (
	"fmt"
	"strings"
)

// Set describes an enumeration E.
type Set[E ~int] struct {
	// Pkg prefixes error messages, such as "soup".
	Pkg string
	// Type is the type's name, printed for a value without a name:
	// "SafetyClass(7)".
	Type string
	// Kind names the type in error messages, such as "safety class".
	Kind string
	// Names are the canonical names of the values 1, 2, …, in order.
	Names []string
	// NoZero says that zero is not a valid value: String prints it as
	// Type(0), MarshalText rejects it and Parse rejects empty text.
	// Otherwise zero is "unset": String and MarshalText give "" and Parse
	// reads empty text as zero.
	NoZero bool
}

// Valid reports whether v has a name, or is the unset zero value.
func (s *Set[E]) Valid(v E) bool {
	return (v == 0 && !s.NoZero) || (v > 0 && int(v) <= len(s.Names))
}

// String returns the name of v, "" for an unset zero, and Type(v) for a
// value without a name.
func (s *Set[E]) String(v E) string {
	switch {
	case v > 0 && int(v) <= len(s.Names):
		return s.Names[v-1]
	case v == 0 && !s.NoZero:
		return ""
	}
	return fmt.Sprintf("%s(%d)", s.Type, int(v))
}

// MarshalText returns the name of v as String does, and an error for a
// value that is not [Set.Valid].
func (s *Set[E]) MarshalText(v E) ([]byte, error) {
	if !s.Valid(v) {
		return nil, fmt.Errorf("%s: invalid %s %d", s.Pkg, s.Kind, int(v))
	}
	return []byte(s.String(v)), nil
}

// Lookup returns the value named text, ignoring case and surrounding
// space, and whether there is one.
func (s *Set[E]) Lookup(text string) (E, bool) {
	t := strings.TrimSpace(text)
	for i, n := range s.Names {
		if strings.EqualFold(t, n) {
			return E(i + 1), true
		}
	}
	return 0, false
}

// Parse returns the value named text, ignoring case and surrounding space.
// Empty text is the zero value unless NoZero is set. Any other text is an
// error that lists the names: `soup: invalid kind "x" (want one of a, b)`.
func (s *Set[E]) Parse(text string) (E, error) {
	if v, ok := s.Lookup(text); ok {
		return v, nil
	}
	if strings.TrimSpace(text) == "" && !s.NoZero {
		return 0, nil
	}
	return 0, fmt.Errorf("%s: invalid %s %q (want one of %s)", s.Pkg, s.Kind, text, strings.Join(s.Names, ", "))
}

// Unmarshal sets *v to the value text names, as Parse reads it.
func (s *Set[E]) Unmarshal(v *E, text []byte) error {
	x, err := s.Parse(string(text))
	if err != nil {
		return err
	}
	*v = x
	return nil
}
