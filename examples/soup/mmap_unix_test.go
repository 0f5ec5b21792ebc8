//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMapInputTruncated: an SBOM file truncated while it is mapped gives
// a clear error, not a crash.
func TestMapInputTruncated(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.json")
	if err := os.WriteFile(p, bytes.Repeat([]byte(" "), 2*mapMin), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &env{dir: dir}
	m := mapInput(e, "big.json")
	if m == nil {
		t.Fatal("not mapped")
	}
	defer m.close()
	if err := os.Truncate(p, 0); err != nil {
		t.Fatal(err)
	}
	err := guardFaults(func() error {
		sink = m.data[len(m.data)-1]
		return nil
	})
	if !errors.Is(err, errInputChanged) {
		t.Fatalf("error %v, want errInputChanged", err)
	}
	if !m.changed() {
		t.Error("changed: false")
	}
}

var sink byte

// TestMapInputSmall: small files, directories and standard input are
// read, not mapped.
func TestMapInputSmall(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "small.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &env{dir: dir}
	for _, name := range []string{"small.json", ".", "-", "missing.json"} {
		if m := mapInput(e, name); m != nil {
			m.close()
			t.Errorf("%s mapped", name)
		}
	}
}

// TestDecodeMapped: a mapped SBOM decodes as the same one read.
func TestDecodeMapped(t *testing.T) {
	dir := t.TempDir()
	data := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a","version":"1","purl":"pkg:npm/a@1"}]}`)
	big := append(append([]byte(nil), data[:len(data)-1]...), []byte(`,"x":"`+strings.Repeat("y", mapMin)+`"}`)...)
	if err := os.WriteFile(filepath.Join(dir, "big.json"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	e := &env{dir: dir}
	m := mapInput(e, "big.json")
	if m == nil {
		t.Fatal("not mapped")
	}
	m.close()
	d, err := decodeInput(e, "big.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.list.Items) != 1 || d.list.Items[0].Name != "a" {
		t.Fatalf("items %+v", d.list.Items)
	}
	if e.digests["big.json"] == "" || e.read != int64(len(big)) {
		t.Errorf("digest %q, read %d", e.digests["big.json"], e.read)
	}
}
