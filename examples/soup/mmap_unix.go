//go:build unix

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps the n bytes of the regular file f into memory, read only,
// and returns them with the function that unmaps them; ok is false where
// the file cannot be mapped (the caller reads it instead).
func mapFile(f *os.File, n int64) (data []byte, unmap func(), ok bool) {
	if n <= 0 || int64(int(n)) != n {
		return nil, nil, false
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(n), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	return data, func() { _ = unix.Munmap(data) }, true
}
