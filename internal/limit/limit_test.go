package limit_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/internal/limit"
)

func TestReadAll(t *testing.T) {
	file := filepath.Join(t.TempDir(), "in")
	if err := os.WriteFile(file, []byte("0123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	open := func() io.Reader {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	tests := []struct {
		name    string
		r       func() io.Reader
		max     int64
		want    string
		wantErr error
	}{
		{name: "under bound", r: func() io.Reader { return strings.NewReader("abc") }, max: 4, want: "abc"},
		{name: "at bound", r: func() io.Reader { return bytes.NewReader([]byte("abcd")) }, max: 4, want: "abcd"},
		{name: "over bound", r: func() io.Reader { return strings.NewReader("abcde") }, max: 4, wantErr: limit.ErrTooLarge},
		{name: "no length", r: func() io.Reader { return iotest.OneByteReader(strings.NewReader("abcdef")) }, max: 6, want: "abcdef"},
		{name: "no length over", r: func() io.Reader { return iotest.OneByteReader(strings.NewReader("abcdefg")) }, max: 6, wantErr: limit.ErrTooLarge},
		{name: "file", r: open, max: 10, want: "0123456789"},
		{name: "file over", r: open, max: 9, wantErr: limit.ErrTooLarge},
		{name: "default bound", r: func() io.Reader { return strings.NewReader("x") }, want: "x"},
		{name: "read error", r: func() io.Reader { return iotest.ErrReader(io.ErrUnexpectedEOF) }, max: 4, wantErr: io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := limit.ReadAll(tt.r(), tt.max)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil {
				return
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("ReadAll (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadAllNamesBound(t *testing.T) {
	_, err := limit.ReadAll(strings.NewReader("abcde"), 4)
	if got, want := err.Error(), "input exceeds size limit of 4 bytes"; got != want {
		t.Errorf("err = %q, want %q", got, want)
	}
}
