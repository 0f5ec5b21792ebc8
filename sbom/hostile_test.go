package sbom_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/soupkit/soupkit/sbom"
)

// TestYAMLRefused checks the YAML inputs of issue 12: a key repeated
// 10,000 times (which cost gigabytes in the YAML libraries) and a second
// document are refused in milliseconds, with one error naming the line.
func TestYAMLRefused(t *testing.T) {
	var many strings.Builder
	many.WriteString("spdxVersion: SPDX-2.3\ndataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n")
	for i := range 10000 {
		fmt.Fprintf(&many, "name: document %d\n", i)
	}
	tests := []struct {
		name, in, want string
	}{
		{"repeated key", many.String(), `sbom: spdx-yaml@2.3: line 5: key "name" given twice in one mapping (first at line 4)`},
		{"repeated nested key", "spdxVersion: SPDX-2.3\npackages:\n  - SPDXID: SPDXRef-a\n    name: a\n    name: b\n",
			`sbom: spdx-yaml@2.3: line 5: key "name" given twice in one mapping (first at line 4)`},
		{"second document", "spdxVersion: SPDX-2.3\nname: a\n---\nspdxVersion: SPDX-2.3\nname: b\n",
			"sbom: spdx-yaml@2.3: line 3: a second YAML document begins (---): the input must be one document"},
		{"native, repeated key", "items:\n  - id: SOUP-0001\n    id: SOUP-0002\n",
			`sbom: soupkit-yaml: line 3: key "id" given twice in one mapping (first at line 2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, _, err := sbom.Decode(strings.NewReader(tt.in))
			d := time.Since(start)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
			if d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}
