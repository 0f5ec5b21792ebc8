//go:build !unix

package main

import "os"

// lockFile opens the existing file target for reading. There is no lock
// here: change detection alone guards the write of the curated file.
func lockFile(target string) (*os.File, error) { return os.Open(target) }
