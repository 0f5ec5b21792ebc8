package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
)

// streamOutput writes the output name (as [openOutput] opens it) with
// write, which writes the whole output to the writer it is given: into
// the temporary file that replaces a regular file, or onto a standard
// stream, through a buffer, without a copy of the whole output in memory.
// An error from write leaves no file behind, as commit would. The other
// outputs (a file rewritten in place, a device) get the output as one
// write, as commit gives it.
func streamOutput(e *env, name string, write func(w io.Writer) error) error {
	o, err := openOutput(e, name)
	if err != nil {
		return err
	}
	return o.stream(write)
}

// stream is commit of what write writes; see [streamOutput].
func (o *output) stream(write func(w io.Writer) error) error {
	defer o.abort()
	var w io.Writer
	switch {
	case o.w != nil:
		o.progress.done()
		w = o.w
	case o.tmp != nil && !o.inPlace && o.opts.unchanged == nil:
		w = o.tmp.f
	default:
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return err
		}
		return o.commit(b.Bytes())
	}
	ew := &errWriter{w: w}
	bw := bufio.NewWriterSize(ew, 64<<10)
	err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if ew.err != nil {
		// The output's own error, named as commit names it.
		return fmt.Errorf("%s: %v", o.name, pathErr(ew.err))
	}
	if err != nil {
		return err
	}
	if o.w != nil {
		return nil
	}
	err = o.tmp.f.Sync()
	if cerr := o.tmp.close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.tmp.name, o.target)
	}
	if err != nil {
		return fmt.Errorf("%s: %v", o.name, pathErr(err))
	}
	o.tmp.forget()
	syncDir(o.target)
	return nil
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

// errWriter keeps the first error of the writer it wraps.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
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
