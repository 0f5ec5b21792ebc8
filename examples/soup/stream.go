package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

// commitWith is commit for output that write produces piece by piece
// (an encoder streaming a large document): write writes to a buffered
// writer on the output's file, so that the output is never held in memory
// whole. A file is written to its temporary file and put in place only
// when write succeeded, as commit does; a standard stream or a device is
// written as write goes, as a shell redirection would be. An error of
// the output is named after it; an error of write is returned as it is.
func (o *output) commitWith(write func(io.Writer) error) error {
	defer o.abort()
	var w io.Writer
	switch {
	case o.w != nil:
		o.progress.done()
		w = o.w
	case o.direct != nil:
		w = o.direct
	default:
		w = o.tmp.f
	}
	ow := &outputWriter{w: w}
	bw := bufio.NewWriterSize(ow, 256<<10)
	err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	switch {
	case ow.err != nil:
		return fmt.Errorf("%s: %v", o.name, pathErr(ow.err))
	case err != nil:
		return err
	case o.w != nil:
		return nil
	case o.direct != nil:
		err := o.direct.Close()
		o.direct = nil
		if err != nil {
			return fmt.Errorf("%s: %v", o.name, pathErr(err))
		}
		return nil
	}
	err = o.tmp.f.Sync()
	if cerr := o.tmp.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %v", o.name, pathErr(err))
	}
	tmp := o.tmp.name
	return o.replace(func() error { return overwriteFrom(o.target, tmp) })
}

// outputWriter remembers the first error of the output it writes to.
type outputWriter struct {
	w   io.Writer
	err error
}

func (o *outputWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	o.err = err
	return n, err
}

// overwriteFrom writes the content of the file src over the existing file
// target in place, as overwrite does with data in memory.
func overwriteFrom(target, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, in)
	if err == nil {
		err = f.Truncate(n)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
