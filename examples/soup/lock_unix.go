//go:build unix

package main

import (
	"os"
	"syscall"
)

// lockFile opens the existing file target for reading and takes an
// exclusive advisory lock on it, waiting for another soup to release it.
// A file replaced while we waited (another sync renamed its new version
// over it) is opened and locked again, so that the lock is on the file the
// path names. It returns an error satisfying errors.Is(err,
// fs.ErrNotExist) when there is no file.
func lockFile(target string) (*os.File, error) {
	for {
		f, err := os.Open(target)
		if err != nil {
			return nil, err
		}
		for {
			err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
			if err != syscall.EINTR {
				break
			}
		}
		if err != nil {
			// A file system without locks: change detection alone guards
			// the write.
			return f, nil
		}
		locked, err1 := f.Stat()
		named, err2 := os.Stat(target)
		if err1 == nil && err2 == nil && os.SameFile(locked, named) {
			return f, nil
		}
		f.Close()
		if err2 != nil {
			return nil, err2
		}
	}
}
