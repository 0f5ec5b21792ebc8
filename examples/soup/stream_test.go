package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommitWith: streamed output replaces a file only when complete,
// keeps hard links, and leaves no temporary file either way.
func TestCommitWith(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	old := "a much longer old content than the new one\n"
	if err := os.WriteFile(a, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(a, b); err != nil {
		t.Skip(err)
	}
	boom := errors.New("boom")
	big := strings.Repeat("x", 1<<20) // more than the buffer: written before the failure
	o, err := openFile(a, "a.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	err = o.commitWith(func(w io.Writer) error {
		io.WriteString(w, big)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the writer's", err)
	}
	for _, p := range []string{a, b} {
		if got, _ := os.ReadFile(p); string(got) != old {
			t.Errorf("after a failure %s = %.40q, want the old content", filepath.Base(p), got)
		}
	}
	if tmp := temporaries(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left after a failure: %v", tmp)
	}

	o, err = openFile(a, "a.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.commitWith(func(w io.Writer) error {
		_, err := io.WriteString(w, big+"\n")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{a, b} {
		if got, _ := os.ReadFile(p); string(got) != big+"\n" {
			t.Errorf("%s holds %d bytes, want %d", filepath.Base(p), len(got), len(big)+1)
		}
	}
	fa, _ := os.Stat(a)
	fb, _ := os.Stat(b)
	if !os.SameFile(fa, fb) {
		t.Error("the hard link was broken")
	}
	if tmp := temporaries(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
