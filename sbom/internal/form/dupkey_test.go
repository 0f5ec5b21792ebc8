package form

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRepeatedKeys(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Warning
	}{
		{"none", `{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}`, nil},
		{"top level", "{\"a\": 1,\n \"a\": 2}", []Warning{{Line: 2, Column: 2, Field: "a", Message: `key "a" written twice in one object; the last value is read`}}},
		{"nested", `{"components": [{"name": "x", "version": "1", "name": "y"}]}`,
			[]Warning{{Line: 1, Column: 47, Field: "name", Message: `key "name" written twice in one object; the last value is read`}}},
		{"escaped", `{"a": 1, "\u0061": 2}`, []Warning{{Line: 1, Column: 10, Field: "a", Message: `key "a" written twice in one object; the last value is read`}}},
		{"string values are not keys", `{"a": "a", "b": ["a", "a"], "c": "}{\"a\""}`, nil},
		{"many keys", `{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k18":18,"k3":0}`,
			[]Warning{{Line: 1, Column: 146, Field: "k3", Message: `key "k3" written twice in one object; the last value is read`}}},
		{"broken", `{"a": 1, "a`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, RepeatedKeys([]byte(tt.in))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// Bounded: 10,000 repeats give maxRepeatedKeys warnings.
	many := "{" + strings.Repeat(`"a": 1, `, 10000) + `"b": 2}`
	if got := RepeatedKeys([]byte(many)); len(got) != maxRepeatedKeys {
		t.Errorf("%d warnings, want %d", len(got), maxRepeatedKeys)
	}
}

func FuzzRepeatedKeys(f *testing.F) {
	f.Add([]byte(`{"a": 1, "a": 2}`))
	f.Add([]byte(`{"a": [{"b": "\"", "b": 1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got := RepeatedKeys(data); len(got) > maxRepeatedKeys {
			t.Fatalf("%d warnings", len(got))
		}
	})
}
