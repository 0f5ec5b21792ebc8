// Package limit reads inputs up to a size bound: the one bounded reader of
// soupkit, used by every package that reads a whole input into memory.
package limit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// DefaultMax is the bound [ReadAll] applies when the caller sets none.
const DefaultMax = 256 << 20

// ErrTooLarge is returned, wrapped, when an input exceeds its bound.
// soup.ErrTooLarge and sbom.ErrTooLarge are this value.
var ErrTooLarge = errors.New("input exceeds size limit")

// ReadAll reads r up to max bytes (DefaultMax when max <= 0) and returns an
// error wrapping ErrTooLarge, naming the bound, when r holds more. When r
// tells its length (a *bytes.Reader, *strings.Reader or regular *os.File)
// the buffer is sized up front, so that a large input is read without
// growing the buffer.
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMax
	}
	var size int64 = 512
	switch x := r.(type) {
	case interface{ Len() int }:
		size = int64(x.Len()) + 1
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size() + 1
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, min(size+bytes.MinRead, max+1)))
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, fmt.Errorf("%w of %d bytes", ErrTooLarge, max)
	}
	return buf.Bytes(), nil
}
