package cyclonedx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

func TestCompReaderShare(t *testing.T) {
	for _, pattern := range []string{"../testdata/real/*.json", "../testdata/golden/*cyclonedx*.json", "../testdata/decode/*.cdx.json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			data, _ := os.ReadFile(p)
			if !bytes.Contains(data, []byte(`"bomFormat"`)) {
				continue
			}
			_, st, _ := streamed(data, form.Format{Family: form.CycloneDX, Encoding: form.JSON})
			if st != nil {
				t.Logf("%s: %d exact", filepath.Base(p), st.exact)
			}
		}
	}
}
