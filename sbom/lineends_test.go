package sbom_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// decoded is everything a decode returns that a test compares.
type decoded struct {
	Err    string
	List   *soup.List
	Format sbom.Format
	Report *sbom.Report
}

func decodeAll(data []byte) decoded {
	l, f, rep, err := new(sbom.Decoder).DecodeBytes(data)
	d := decoded{List: l, Format: f, Report: rep}
	if err != nil {
		d.Err = err.Error()
	}
	return d
}

// crOnly is data with every line ending, LF or CR LF, made a lone CR (the
// line ending of classic Mac OS).
func crOnly(data []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\r")), []byte("\n"), []byte("\r"))
}

// TestTagValueCROnly: issue 11 class 2 — SPDX tag-value with CR-only line
// endings reads exactly as with LF: the same list, format, report and
// warnings (lines included), or the same error (line included). No real
// CR-only tag-value was found (testdata/classes/README.md), so the
// committed ones are the SPDX project's 2.1 and 2.3 examples with every LF
// made a CR (the 2.1 one has a warning on line 45), and every tag-value
// document of testdata is converted in memory too, to CR only and to CR LF.
func TestTagValueCROnly(t *testing.T) {
	for _, tc := range []struct {
		cr, lf   string
		warnings []int // the lines of the warnings
	}{
		{"SPDXTagExample-v2.1-cr.spdx", "SPDXTagExample-v2.1.spdx", []int{45}},
		{"SPDXTagExample-v2.3-cr.spdx", "SPDXTagExample-v2.3.spdx", nil},
	} {
		cr, err := os.ReadFile("testdata/classes/" + tc.cr)
		if err != nil {
			t.Fatal(err)
		}
		lf, err := os.ReadFile("testdata/classes/" + tc.lf)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(cr, crOnly(lf)) || bytes.ContainsRune(lf, '\r') {
			t.Fatalf("%s is not %s with every LF made a CR", tc.cr, tc.lf)
		}
		want, got := decodeAll(lf), decodeAll(cr)
		if want.Err != "" {
			t.Fatalf("%s: %s", tc.lf, want.Err)
		}
		var lines []int
		for _, w := range got.Report.Warnings {
			lines = append(lines, w.Line)
		}
		if diff := cmp.Diff(tc.warnings, lines); diff != "" {
			t.Errorf("%s: warning lines (-want +got):\n%s", tc.cr, diff)
		}
		if diff := cmp.Diff(want, got, dateCmp); diff != "" {
			t.Errorf("%s (-LF +CR):\n%s", tc.cr, diff)
		}
	}

	var files []string
	for _, dir := range []string{"testdata/real", "testdata/classes", "testdata/decode", "testdata/golden"} {
		fs, _ := filepath.Glob(filepath.Join(dir, "*"))
		files = append(files, fs...)
	}
	n, refused := 0, 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // a folder
		}
		if !bytes.HasPrefix(data, []byte("SPDXVersion:")) || bytes.ContainsRune(data, '\r') {
			continue // not tag-value, or already CR
		}
		n++
		want := decodeAll(data)
		if want.Err != "" {
			refused++
		}
		for name, conv := range map[string][]byte{
			"CR":    crOnly(data),
			"CR LF": bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")),
		} {
			if diff := cmp.Diff(want, decodeAll(conv), dateCmp); diff != "" {
				t.Errorf("%s, %s (-LF +%s):\n%s", path, name, name, diff)
			}
		}
	}
	// 12 of testdata/real, 4 of testdata/classes (tauri-LICENSE.spdx
	// refused with its line), 3 of testdata/golden and testdata/decode.
	if n < 19 || refused != 1 {
		t.Errorf("%d tag-value documents, %d refused; want 19 or more, one refused", n, refused)
	}
}
