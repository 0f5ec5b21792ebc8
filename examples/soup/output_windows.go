//go:build windows

package main

import (
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// links returns the number of hard links of the file at path (fi
// describes it), which NTFS keeps: a file with several is rewritten in
// place, so that its other names see the new content. It returns 1 when
// the file cannot be asked.
func links(path string, _ fs.FileInfo) uint64 {
	f, err := os.Open(path)
	if err != nil {
		return 1
	}
	defer f.Close()
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(windows.Handle(f.Fd()), &info); err != nil {
		return 1
	}
	return uint64(info.NumberOfLinks)
}

// keepOwner does nothing: Windows files have no Unix owner.
func keepOwner(*os.File, fs.FileInfo) error { return nil }
