package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// usageError is a mistake in the command line.
func usageError(f *flags, format string, args ...any) error {
	return fmt.Errorf("%s (see %s -h)", fmt.Sprintf(format, args...), f.Name())
}

// displayName names an INPUT in messages.
func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// readInput returns the bytes of the file name, or of standard input for
// "-", up to the decoder's bound.
func readInput(e *env, name string) ([]byte, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(e.path(name))
		if err != nil {
			return nil, fileError(name, err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			if fi.IsDir() {
				return nil, fmt.Errorf("%s: is a directory, not an SBOM or SOUP list", name)
			}
			e.progress.printf("reading %s (%s)", name, byteSize(fi.Size()))
		}
		r = f
	}
	b, err := soup.ReadAll(r, sbom.DefaultMaxBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", displayName(name), err)
	}
	e.account(name, b)
	return b, nil
}

// account counts the bytes b of the input name as read and keeps their
// digest.
func (e *env) account(name string, b []byte) {
	e.read += int64(len(b))
	if e.memory != nil {
		e.memory(e.read)
	}
	if e.digests == nil {
		e.digests = map[string]string{}
	}
	sum := sha256.Sum256(b)
	e.digests[name] = hex.EncodeToString(sum[:])
}

// mapMin is the size from which an SBOM file is mapped into memory
// rather than read.
const mapMin = 1 << 20

// mappedInput is an input file mapped into memory.
type mappedInput struct {
	f     *os.File
	data  []byte
	unmap func()
}

// changed reports whether the file is no longer the size it was mapped
// at (another process truncated or extended it while it was read).
func (m *mappedInput) changed() bool {
	fi, err := m.f.Stat()
	return err != nil || fi.Size() != int64(len(m.data))
}

// close unmaps the file: nothing must touch its bytes after.
func (m *mappedInput) close() {
	m.unmap()
	m.f.Close()
}

// mapInput maps the input name into memory where it is a regular file of
// mapMin bytes or more, up to the decoder's bound (nil elsewhere: the
// caller reads it with readInput), so that its bytes are not on the Go
// heap: the page cache holds them, they are dropped as soon as the input
// is decoded, and the garbage collector does not count them. What is
// decoded must be copied out of them (the decoders copy every string they
// keep). The bytes are read under guardFaults.
func mapInput(e *env, name string) *mappedInput {
	if name == "-" {
		return nil
	}
	f, err := os.Open(e.path(name))
	if err != nil {
		return nil // readInput says why
	}
	fi, err := f.Stat()
	if err == nil && fi.Mode().IsRegular() && fi.Size() >= mapMin && fi.Size() <= sbom.DefaultMaxBytes {
		if data, unmap, ok := mapFile(f, fi.Size()); ok {
			e.progress.printf("reading %s (%s)", name, byteSize(fi.Size()))
			return &mappedInput{f: f, data: data, unmap: unmap}
		}
	}
	f.Close()
	return nil
}

// pauseGC turns the garbage collector off while an input is decoded, in
// the command (e.memory set) where the soft memory limit bounds the heap
// and the user did not set GOGC, and returns the function that turns it
// back on. Nearly all that decoding allocates is kept (the items): a
// collection while the heap grows finds little garbage and scans the
// items again each time. The limit still starts a collection should the
// heap near it.
func pauseGC(e *env) (restore func()) {
	if e.memory == nil || os.Getenv("GOGC") != "" || debug.SetMemoryLimit(-1) == math.MaxInt64 {
		return func() {}
	}
	old := debug.SetGCPercent(-1)
	return func() { debug.SetGCPercent(old) }
}

// errInputChanged is the error of an input file that changed while it was
// read.
var errInputChanged = errors.New("changed while soup read it (truncated or rewritten by another program); run the command again when it is complete")

// guardFaults runs read, which reads the bytes of a mapped file: a fault
// touching them (the file truncated under us) is an error wrapping
// errInputChanged, not a crash.
func guardFaults(read func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(interface{ Addr() uintptr }); !ok {
				panic(r)
			}
			err = errInputChanged
		}
	}()
	return read()
}

// fileError words an error opening name as one line that names the file.
func fileError(name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied", name)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", name, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// decoded is one INPUT as read.
type decoded struct {
	name   string
	list   *soup.List
	format sbom.Format
	report *sbom.Report
}

// decodeInput reads and decodes one INPUT.
func decodeInput(e *env, name string) (*decoded, error) {
	var (
		l   *soup.List
		f   sbom.Format
		rep *sbom.Report
	)
	decode := func(data []byte) error {
		if len(bytes.TrimSpace(data)) == 0 {
			return fmt.Errorf("%s: empty input, not an SBOM or SOUP list", displayName(name))
		}
		e.progress.printf("decoding %s", displayName(name))
		defer pauseGC(e)()
		var err error
		if l, f, rep, err = new(sbom.Decoder).DecodeBytes(data); err != nil {
			return fmt.Errorf("%s: %w", displayName(name), fieldHints(err))
		}
		return nil
	}
	if m := mapInput(e, name); m != nil {
		err := guardFaults(func() error {
			e.account(name, m.data)
			return decode(m.data)
		})
		if err != nil && (errors.Is(err, errInputChanged) || m.changed()) {
			err = fmt.Errorf("%s: %w", name, errInputChanged)
		}
		m.close()
		if err != nil {
			return nil, err
		}
	} else {
		data, err := readInput(e, name)
		if err == nil {
			err = decode(data)
		}
		if err != nil {
			return nil, err
		}
	}
	label := filepath.Base(name)
	if name == "-" {
		label = "stdin"
	}
	if f.Family != sbom.Native {
		// Label the SBOM by its file so that merged items say where they
		// came from.
		if len(l.Sources) == 0 {
			// A document soupkit wrote from a list without sources: it is
			// the source (its serial number names it in BOM-Links).
			l.Sources = []soup.Source{{Format: f.String(), Serial: rep.Source.Serial, BOMVersion: rep.Source.BOMVersion}}
		}
		// Where the SBOM names no manufacturer, the identity may (a Go
		// module's owner, an npm scope, a Maven group, a distribution):
		// inferred, and marked so that a person confirms it.
		l.InferManufacturers()
		// Fingerprint the SBOM and name what it describes, so that the
		// document can be traced to the exact bytes and a version
		// mismatch with the list shows (8.1.3).
		for i := range l.Sources {
			s := &l.Sources[i]
			if s.Name == "" {
				s.Name = label
			}
			s.SHA256 = cmp.Or(s.SHA256, e.digests[name])
			if s.Subject == "" && s.SubjectVersion == "" {
				s.Subject, s.SubjectVersion = l.System.Name, l.System.Version
			}
		}
	}
	return &decoded{name: name, list: l, format: f, report: rep}, nil
}

// printReport prints on standard error the problems decoding tolerated
// (dropped purls, invalid text…) and, verbose, what it kept and ignored.
func (d *decoded) printReport(e *env, verbose bool) {
	if verbose {
		fmt.Fprintf(e.stderr, "soup: %s: %s: %s\n", escapeControls(displayName(d.name)), d.format, escapeControls(d.report.String()))
	}
	for _, w := range d.report.Warnings {
		fmt.Fprintf(e.stderr, "soup: %s: warning: %s\n", escapeControls(displayName(d.name)), escapeControls(shorten(w.String(), maxMessage)))
	}
}

// loadInputs decodes the INPUTs and merges them into one list. With
// common.curated set, it reconciles the curated list with the result, so
// that the list carries the hand-written documentation.
func loadInputs(e *env, f *flags, c *commonFlags, names []string) (*soup.List, error) {
	scanned, err := scanInputs(e, f, c, names)
	if err != nil {
		return nil, err
	}
	if c.curated == "" {
		return scanned, nil
	}
	curated, err := readCurated(e, c.curated)
	if err != nil {
		return nil, err
	}
	e.progress.printf("reconciling with %s", c.curated)
	l, _ := soup.Reconcile(curated, scanned)
	return l, nil
}

// scanInputs decodes the INPUTs and merges them into one list.
func scanInputs(e *env, f *flags, c *commonFlags, names []string) (*soup.List, error) {
	if len(names) == 0 {
		return nil, usageError(f, "no INPUT given")
	}
	stdin := 0
	for _, n := range names {
		if n == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return nil, usageError(f, "standard input (-) given %d times", stdin)
	}
	var lists []*soup.List
	for _, n := range names {
		d, err := decodeInput(e, n)
		if err != nil {
			return nil, err
		}
		d.printReport(e, c.verbose)
		lists = append(lists, d.list)
	}
	releaseInputs(e)
	l := lists[0]
	if len(lists) > 1 {
		e.progress.printf("merging %d inputs", len(lists))
		l = soup.Merge(lists...)
	}
	for _, name := range c.vex {
		if err := applyVEX(e, l, name, c.verbose); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// applyVEX attaches the statements of the VEX document name to the items
// of l, and prints what matched nothing.
func applyVEX(e *env, l *soup.List, name string, verbose bool) error {
	data, err := readInput(e, name)
	if err != nil {
		return err
	}
	rep, err := sbom.ApplyVEX(l, data)
	if err != nil {
		return fmt.Errorf("%s: %w", displayName(name), err)
	}
	if verbose {
		fmt.Fprintf(e.stderr, "soup: %s: VEX statements applied to %d items\n", displayName(name), rep.Items)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(e.stderr, "soup: %s: warning: %s\n", displayName(name), w)
	}
	return nil
}

// readCurated reads a curated SOUP list.
func readCurated(e *env, name string) (*soup.List, error) {
	if name == "-" {
		return nil, errors.New("-curated: the curated list must be a file, not standard input")
	}
	data, err := readInput(e, name)
	if err != nil {
		return nil, err
	}
	l, err := soup.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, fieldHints(err))
	}
	return l, nil
}

// byteSize formats n bytes for a person.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
