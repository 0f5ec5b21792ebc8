package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// writeOutput writes data to the file name, or to standard output when
// name is "" or "-". A file is written atomically: to a temporary file in
// the same directory, then renamed over name, so that a reader never sees
// half of it and a failure leaves the old file (or none) in place.
func writeOutput(e *env, name string, data []byte) error {
	if name == "" || name == "-" {
		e.progress.done()
		_, err := e.stdout.Write(data)
		return err
	}
	return writeFileAtomic(e.path(name), name, data)
}

// writeFileAtomic replaces the file at file with data, keeping its
// permissions when it exists. A symbolic link is followed, so that the
// file it points to is replaced, not the link. Errors name the file as
// name, as the user gave it.
func writeFileAtomic(file, name string, data []byte) (err error) {
	path := file
	if target, err := filepath.EvalSymlinks(file); err == nil {
		path = target
	}
	perm := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return fmt.Errorf("%s: is a directory", name)
		}
		perm = fi.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fileError(name, err)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s: cannot create: %v", name, pathErr(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("%s: %v", name, pathErr(err))
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("%s: %v", name, pathErr(err))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("%s: %v", name, pathErr(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %v", name, pathErr(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %v", name, pathErr(err))
	}
	return nil
}

// pathErr strips the path from an *fs.PathError, whose message would
// otherwise name the temporary file.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progress reports the steps of long work on standard error, on one line
// overwritten in place, when standard error is a terminal; otherwise it is
// silent, so that logs and pipes get only results and errors. The line is
// cleared when the command ends.
type progress struct {
	w     io.Writer
	on    bool
	shown bool
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, on: isTerminal(w)}
}

// printf shows the current step.
func (p *progress) printf(format string, args ...any) {
	if p == nil || !p.on {
		return
	}
	fmt.Fprintf(p.w, "\r\033[Ksoup: %s…", fmt.Sprintf(format, args...))
	p.shown = true
}

// done clears the progress line.
func (p *progress) done() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
