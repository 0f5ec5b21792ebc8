package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/soupkit/soupkit/internal/benchdata"
)

// The benchmarks of the rows of issue 15's table: each command on a
// synthetic CycloneDX JSON BOM (top-level keys in alphabetical order),
// beside BenchmarkCycloneDXGo, a bare cyclonedx-go decode of the same
// bytes. scripts/bench-cli.sh measures the same on the built command, with
// peak memory. Run with -benchtime=1x or a few x: each op is seconds.

// benchBOM writes a BOM of n components in a temporary directory once per
// benchmark and returns its path.
func benchBOM(b *testing.B, n int) string {
	b.Helper()
	data, err := benchdata.CycloneDX(n)
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "bom"+strconv.Itoa(n)+".cdx.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	return p
}

// benchRun runs the command line args (with the BOM's path appended) b.N
// times; want is the exit status it must give.
func benchRun(b *testing.B, n, want int, args ...string) {
	in := benchBOM(b, n)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		a := append(append([]string(nil), args...), in)
		for i, s := range a {
			if s == "OUT" {
				a[i] = filepath.Join(dir, "out")
			}
		}
		var stderr bytes.Buffer
		if got := run(a, nil, io.Discard, &stderr); got != want {
			b.Fatalf("exit %d, want %d: %s", got, want, stderr.Bytes())
		}
	}
}

func BenchmarkCycloneDXGo10k(b *testing.B) { benchBaseline(b, 10000) }

// benchBaseline decodes the BOM with cyclonedx-go alone.
func benchBaseline(b *testing.B, n int) {
	in := benchBOM(b, n)
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(in)
		if err != nil {
			b.Fatal(err)
		}
		var bom cdx.BOM
		err = cdx.NewBOMDecoder(f, cdx.BOMFileFormatJSON).Decode(&bom)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderMarkdown10k(b *testing.B) {
	benchRun(b, 10000, exitOK, "render", "-format", "markdown", "-class", "B", "-o", "OUT")
}

func BenchmarkRenderJSON10k(b *testing.B) {
	benchRun(b, 10000, exitOK, "render", "-format", "json", "-o", "OUT")
}

func BenchmarkCheck10k(b *testing.B) { benchRun(b, 10000, exitFindings, "check", "-class", "B") }

func BenchmarkCheckJSON10k(b *testing.B) {
	benchRun(b, 10000, exitFindings, "check", "-class", "B", "-format", "json")
}

func BenchmarkConvertSPDX10k(b *testing.B) {
	benchRun(b, 10000, exitOK, "convert", "-to", "spdx-json", "-o", "OUT")
}

func BenchmarkConvertCycloneDX10k(b *testing.B) {
	benchRun(b, 10000, exitOK, "convert", "-to", "cyclonedx-json", "-o", "OUT")
}

func BenchmarkRenderXLSX10k(b *testing.B) {
	benchRun(b, 10000, exitOK, "render", "-format", "xlsx", "-o", "OUT")
}

func BenchmarkRenderPDF10k(b *testing.B) {
	benchRun(b, 10000, exitOK, "render", "-format", "pdf", "-o", "OUT")
}

// BenchmarkSync10k syncs a curated file with the BOM: fresh (the file
// does not exist) and a second run (the file as the first run wrote it).
func BenchmarkSync10k(b *testing.B) {
	in := benchBOM(b, 10000)
	dir := b.TempDir()
	curated := filepath.Join(dir, "soup.yaml")
	sync := func() {
		var stderr bytes.Buffer
		if got := run([]string{"sync", "-curated", curated, in}, nil, io.Discard, &stderr); got != exitOK {
			b.Fatalf("exit %d: %s", got, stderr.Bytes())
		}
	}
	b.Run("fresh", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			os.Remove(curated)
			sync()
		}
	})
	b.Run("second", func(b *testing.B) {
		sync()
		b.ReportAllocs()
		for b.Loop() {
			sync()
		}
	})
	// The list as a person keeps it (comments, flow lists, block
	// scalars), which sync merges through the YAML library.
	b.Run("handwritten", func(b *testing.B) {
		sync()
		data, err := os.ReadFile(curated)
		if err != nil {
			b.Fatal(err)
		}
		hand := handWrittenList(data)
		b.ReportAllocs()
		for b.Loop() {
			if err := os.WriteFile(curated, hand, 0o644); err != nil {
				b.Fatal(err)
			}
			sync()
		}
	})
}

// handWrittenList rewrites a soup.yaml as sync writes it as a person keeps
// it, as scripts/bench-cli.sh does: a comment heading each item and on its
// licence, an empty note with a comment, requirements in a flow list, a
// verification with a block scalar.
func handWrittenList(data []byte) []byte {
	var b bytes.Buffer
	for line := range bytes.Lines(data) {
		switch {
		case bytes.HasPrefix(line, []byte("  - id: ")):
			b.WriteString("  # Reviewed with the supplier in 2026.\n")
			b.Write(line)
		case bytes.HasPrefix(line, []byte("    license: ")):
			b.Write(bytes.TrimSuffix(line, []byte("\n")))
			b.WriteString(" # licence checked\n")
		case bytes.HasPrefix(line, []byte("    description: ")):
			b.Write(line)
			b.WriteString(`    notes: "" # to do
    requirements:
      functional: [Parse the input, Report errors] # SRS-12
    riskLevel: low
    verification:
      architecture: |
        Used through its public API only;
        reviewed in the architecture meeting.
      by: Jane Doe
`)
		default:
			b.Write(line)
		}
	}
	return b.Bytes()
}

func BenchmarkConvertSPDX100k(b *testing.B) {
	benchRun(b, 100000, exitOK, "convert", "-to", "spdx-json", "-o", "OUT")
}

func BenchmarkConvertCycloneDX100k(b *testing.B) {
	benchRun(b, 100000, exitOK, "convert", "-to", "cyclonedx-json", "-o", "OUT")
}

func BenchmarkRenderMarkdown100k(b *testing.B) {
	benchRun(b, 100000, exitOK, "render", "-format", "markdown", "-class", "B", "-o", "OUT")
}

func BenchmarkRenderJSON100k(b *testing.B) {
	benchRun(b, 100000, exitOK, "render", "-format", "json", "-o", "OUT")
}

func BenchmarkCheck100k(b *testing.B) { benchRun(b, 100000, exitFindings, "check", "-class", "B") }

func BenchmarkCheckJSON100k(b *testing.B) {
	benchRun(b, 100000, exitFindings, "check", "-class", "B", "-format", "json")
}
