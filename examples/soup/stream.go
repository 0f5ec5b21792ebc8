package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
)

// streamOutput writes the output name (as [openOutput] opens it) with
// write, which writes the whole output to the writer it is given (see
// [output.commitWith]): never a copy of the whole output in memory, and no
// file left behind by an error of write.
func streamOutput(e *env, name string, write func(w io.Writer) error) error {
	o, err := openOutput(e, name)
	if err != nil {
		return err
	}
	return o.commitWith(write)
}

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

// controlWriter writes what is written to it with the control characters
// escaped (see [escapeControls]). Each write must end at a character
// boundary, as the text outputs' lines do.
type controlWriter struct{ w io.Writer }

func (c controlWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write(escapeControls(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// releaseMin is the size of the inputs from which releaseInputs collects.
const releaseMin = 4 << 20

// releaseInputs collects the garbage once the inputs are decoded, when
// they were large: their bytes, and the decoders' work, are dead then, and
// the memory the validation and the output take next (findings, tables,
// buffers; large blocks) reuses theirs instead of growing the process by
// as much again before the collector would have run. One collection costs
// a mark of what is live, the list: a fraction of the decoding.
func releaseInputs(e *env) {
	if e.read >= releaseMin {
		runtime.GC()
	}
}
