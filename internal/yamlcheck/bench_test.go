package yamlcheck

import (
	"fmt"
	"strings"
	"testing"
)

func BenchmarkRepeatedKey(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("items:\n  - id: SOUP-0001\n")
	for i := range 10000 {
		fmt.Fprintf(&sb, "    notes: value number %d\n", i)
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Parse(data, nil)
	}
}
