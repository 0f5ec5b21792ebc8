package cyclonedx

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/soupkit/soupkit/internal/benchdata"
	"github.com/soupkit/soupkit/sbom/internal/form"
)

// TestCompReaderShare: the real and golden CycloneDX JSON BOMs are
// decoded by compReader, not left to the exact decoder, component by
// component (and give what the whole decode gives: TestDecodeStreamed).
func TestCompReaderShare(t *testing.T) {
	n := 0
	for _, pattern := range []string{"../testdata/real/*.json", "../testdata/golden/*cyclonedx*.json", "../testdata/decode/*.cdx.json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(`"bomFormat"`)) {
				continue
			}
			_, st, ok := streamed(data, form.Format{Family: form.CycloneDX, Encoding: form.JSON})
			if ok && st != nil && st.data != nil {
				n++
				if st.exact != 0 {
					t.Errorf("%s: %d components or dependencies left to the exact decoder", filepath.Base(p), st.exact)
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d files streamed", n)
	}
}

// unusual are components compReader must leave to the exact decoder (or
// decode as it does), each with what makes it unusual.
var unusual = []string{
	`{"name":"a","Name":"b"}`,                          // a key matched without regard to case
	`{"name":"a","name":"b"}`,                          // a repeated key
	`{"n\u0061me":"a"}`,                                // an escaped key
	`{"name":null,"version":"1"}`,                      // null for a string
	`{"name":"a","version":1}`,                         // a number for a string
	`{"name":"a","hashes":null}`,                       // null for an array
	`{"name":"a","hashes":[null]}`,                     // null for an element
	`{"name":"a","unknown":{"x":[1,2]}}`,               // a key cyclonedx-go does not know
	`{"name":"a\u00e9\ud800","description":"\"q\"\n"}`, // escapes, a lone surrogate
	"{\"name\":\"a\xff\"}",                             // invalid UTF-8
	`{"name":"a","licenses":[{"license":{"id":"MIT","name":"M"}},{"expression":"A OR B"}]}`,
	`{"name":"a","licenses":[{"license":{"id":"MIT","text":{"content":"x"}}}],"evidence":{"licenses":[{"license":{"id":"BSD"}}]}}`,
	`{"name":"a","licenses":[{"license":{"id":"MIT","text":5}}]}`, // an unused field of the wrong type
	`{"name":"a","evidence":{"identity":{"field":"purl"}}}`,
	`{"name":"a","evidence":{"identity":[{"field":"purl","confidence":1}]}}`,
	`{"name":"a","properties":[{"name":"soupkit:riskLevel","value":"low"},{"name":"cdx:lifecycle:milestone:endOfSupport","value":"2030-01-01"},{"name":"x","value":"\u0041"}]}`,
	`{"name":"a","properties":[{"name":"x","value":5}]}`,
	`{"name":"a","externalReferences":[{"type":"website","url":"https://a"},{"type":"website","url":"https://b"},{"type":"vcs","url":"git"},{"url":"u","type":"distribution","hashes":[{"alg":"MD5","content":"00"}]}]}`,
	// syft's archive digests: a build-meta reference without URL; with a
	// URL, or beside the component's own hashes, it is not.
	`{"name":"a","purl":"pkg:maven/a/a","externalReferences":[{"type":"build-meta","url":"","hashes":[{"alg":"SHA-1","content":"01"}]}]}`,
	`{"name":"a","purl":"pkg:maven/a/a","externalReferences":[{"url":"https://b","type":"build-meta","hashes":[{"alg":"SHA-1","content":"01"}]}]}`,
	`{"name":"a","hashes":[{"alg":"MD5","content":"02"}],"externalReferences":[{"type":"build-meta","url":"","hashes":[{"alg":"SHA-1","content":"01"}]}]}`,
	`{"name":"a","components":[{"name":"b","components":[{"name":"c","purl":"pkg:npm/c@1"}]},{"name":"d","type":"file"}]}`,
	`{"name":"a","components":[null]}`,
	`{"name":"a","supplier":{"name":"S","url":["https://s"],"contact":[{"name":"c"}]},"manufacturer":{"name":"M","address":{"country":"DE"}}}`,
	`{"name":"a","supplier":{"name":"S","url":"https://s"}}`, // a string for a list
	`{"name":"a","author":"A","publisher":"P","authors":[{"name":"N"}],"copyright":"c","scope":"excluded","pedigree":{},"swid":{"tagId":"t","name":"n"}}`,
	`{"name":"a","data":"x"}`, // cyclonedx-go cannot read it
	`null`,                    // a component that is null
	`5`,                       // a component that is not an object
	`{"name":"a","modified":true,"isExternal":false,"tags":["x"],"omniborId":["o"],"swhid":["s"]}`,
	`{"name":"a","modified":"yes"}`,
}

// TestCompReaderUnusual: each unusual component, in a BOM, gives the list,
// report or error of the whole decode.
func TestCompReaderUnusual(t *testing.T) {
	for _, c := range unusual {
		t.Run(c, func(t *testing.T) { sameAsWhole(t, wrapComponent([]byte(c))) })
	}
}

// wrapComponent returns a BOM whose second component is c, with
// dependencies.
func wrapComponent(c []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`{"bomFormat":"CycloneDX","components":[{"bom-ref":"x","name":"x","version":"1","purl":"pkg:npm/x@1"},`)
	b.Write(c)
	b.WriteString(`,{"bom-ref":"y","name":"y","hashes":[{"alg":"SHA-256","content":"00"}]}],"dependencies":[{"ref":"x","dependsOn":["y","a"]},{"ref":"y","dependsOn":[],"provides":["x"]}],"metadata":{"component":{"bom-ref":"r","name":"s"}},"specVersion":"1.6"}`)
	return b.Bytes()
}

// FuzzDecodeFast compares the fast decode (compReader, the top-level
// scan) with the whole decode through cyclonedx-go's types, the oracle:
// the same list and report, or the same error. A BOM as it comes, or
// (wrap) one component put in a BOM.
func FuzzDecodeFast(f *testing.F) {
	for _, c := range unusual {
		f.Add([]byte(c), true)
		f.Add(wrapComponent([]byte(c)), false)
	}
	for _, pattern := range []string{"../testdata/decode/*.cdx.json", "../testdata/golden/full.cyclonedx-json-1.6.json"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data, false)
			}
		}
	}
	if data, err := benchdata.CycloneDX(3); err == nil {
		f.Add(data, false)
	}
	// Top levels the scan for the two arrays must not misread.
	for _, s := range []string{
		`{"a":"]\"}[","components":["\\","\\\"]",{"name":"x"}],"dependencies":[{"ref":"x"}],"specVersion":"1.6"}`,
		`{"components":[],"components":[{"name":"a"}],"dependencies":[],"dependencies":null}`,
		`{"Components":[{"name":"a"}],"components":[{"name":"b"}]}`,
		`{"components":[{"name":"a"}] "x":1}`,
		`{"components":[{"name":"a"}],"dependencies":[{"ref":"a","dependsOn":["b"],"ref":"c"}]}`,
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, wrap bool) {
		if wrap {
			data = wrapComponent(data)
		}
		sameAsWhole(t, data)
	})
}

// BenchmarkDecode decodes the synthetic 10,000-component BOM of
// scripts/bench-cli.sh into the intermediate form: the fast path
// (compReader); BenchmarkDecodeExact is the same through cyclonedx-go's
// types alone, as decode did before it.
func BenchmarkDecode(b *testing.B) {
	data := benchBOM(b)
	f := form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: "1.6"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(data, f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeExact(b *testing.B) {
	data := benchBOM(b)
	f := form.Format{Family: form.CycloneDX, Encoding: form.JSON, Version: "1.6"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeWhole(data, f); err != nil {
			b.Fatal(err)
		}
	}
}

func benchBOM(b *testing.B) []byte {
	data, err := benchdata.CycloneDX(10000)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	return data
}

// BenchmarkTokenize is the floor of BenchmarkDecode: jsontext reading the
// tokens of the same bytes, nothing else.
func BenchmarkTokenize(b *testing.B) {
	data := benchBOM(b)
	for b.Loop() {
		dec := jsontext.NewDecoder(bytes.NewBuffer(data))
		for {
			if _, err := dec.ReadToken(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
