//go:build !unix && !windows

package main

import (
	"io/fs"
	"os"
)

// links returns the number of hard links of the file at path: not known
// here (js, wasip1, plan9), so 1.
func links(string, fs.FileInfo) uint64 { return 1 }

// keepOwner does nothing where files have no Unix owner.
func keepOwner(*os.File, fs.FileInfo) error { return nil }
