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
	"os"
	"path/filepath"

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
	e.read += int64(len(b))
	if e.memory != nil {
		e.memory(e.read)
	}
	if e.digests == nil {
		e.digests = map[string]string{}
	}
	sum := sha256.Sum256(b)
	e.digests[name] = hex.EncodeToString(sum[:])
	return b, nil
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
	data, err := readInput(e, name)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: empty input, not an SBOM or SOUP list", displayName(name))
	}
	e.progress.printf("decoding %s", displayName(name))
	l, f, rep, err := new(sbom.Decoder).DecodeBytes(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", displayName(name), fieldHints(err))
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
