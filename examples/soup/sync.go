package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

func runSync(e *env, args []string) error {
	f := newFlags(e, "sync", "soup sync -curated FILE [-check] INPUT...",
		`Sync reconciles the curated SOUP list with the SBOM and writes it back: items
are matched by package URL (without version); what identifies the shipped
artefact (name, version, purl, hashes, dependencies) comes from the SBOM,
every hand-written field is kept. A new dependency is added with a fresh ID
and nothing invented, so that check reports what it lacks; a dependency the
SBOM no longer has is kept and marked removed, never deleted; an upgraded one
keeps its documentation, and check then reports that its verification and
anomaly review were done for the old version.

The file is written atomically, in the format it was read in (YAML or JSON);
a YAML file keeps its comments and key order wherever the content did not
change, and its empty keys (notes: "") with their comments; a comment that
cannot be kept is named on standard error. A missing file is created, as
JSON or YAML by its extension (.json, .yaml, .yml). When no item changed
the file is left byte for byte as it is: -touch rewrites it anyway, to
record the new SBOM. Two syncs of one file wait for each other (a lock),
and a file changed by someone else while sync worked is not overwritten.

Sync prints the added, removed and upgraded items. With -check it writes
nothing and exits with status 1 when an item would change (a new SBOM of the
same dependencies, with only a new serial number and timestamp, does not
count), so that CI can fail when soup.yaml is not in step with the code.`,
		`  soup sync -curated soup.yaml sbom.json
  soup sync -curated soup.json backend.cdx.json frontend.spdx.json
  soup sync -check -curated soup.yaml sbom.json    # in CI: is soup.yaml up to date?`)
	var (
		common commonFlags
		check  bool
		touch  bool
	)
	common.register(f)
	f.Lookup("curated").Usage = "the curated SOUP `FILE` to update (soup.yaml, or soup.json); created when missing"
	f.BoolVar(&check, "check", false, "write nothing; exit with status 1 when an item of the curated file would change")
	f.BoolVar(&touch, "touch", false, "rewrite the file even when no item changed: record the new SBOM, normalise the layout")
	inputs, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	path := common.curated
	if path == "" {
		return usageError(f, "-curated FILE is required")
	}
	if path == "-" {
		return usageError(f, "-curated must name a file, not standard input")
	}
	cf, err := openCurated(e, path)
	if err != nil {
		return err
	}
	defer cf.close()
	orig, exists := cf.data, cf.exists
	curated := new(soup.List)
	asJSON := false
	if exists {
		if curated, err = soup.Parse(orig); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		asJSON = bytes.HasPrefix(bytes.TrimLeft(orig, " \t\r\n\ufeff"), []byte("{"))
	} else {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".json":
			asJSON = true
		case ".yaml", ".yml":
		default:
			return usageError(f, "%s: cannot tell the format of a new file from its extension (want .json, .yaml or .yml)", path)
		}
	}
	scanned, err := scanInputs(e, f, &common, inputs)
	if err != nil {
		return err
	}
	e.progress.printf("reconciling with %s", path)
	l, changes := soup.Reconcile(curated, scanned)

	var (
		out  []byte
		lost []string // comments the merge could not keep
	)
	encode := func(w func(io.Writer) error) ([]byte, error) {
		var b bytes.Buffer
		err := w(&b)
		return b.Bytes(), err
	}
	switch {
	case asJSON:
		out, err = encode(l.WriteJSON)
	case exists:
		if out, lost, err = mergeYAMLFrom(orig, curated, l); errors.Is(err, errNoMerge) {
			fmt.Fprintf(e.stderr, "soup sync: %s: warning: comments not kept (%v)\n", path, escapeControls(err.Error()))
			out, err = encode(l.WriteYAML)
		}
	default:
		out, err = encode(l.WriteYAML)
	}
	if err != nil {
		return err
	}
	same := exists && bytes.Equal(out, orig)
	// A new scan of the same dependencies changes only the record of the
	// SBOM the list came from, and a first sync may change only the
	// layout of the file: the list is still in step with the code, and
	// the file is left byte for byte as it is unless -touch asks.
	lists := !same && exists && sameList(withoutSources(l), withoutSources(curated))
	inStep := same || lists
	write := !same && !check && (!inStep || touch)
	if write {
		// Write before printing, so that a closed standard output
		// cannot stop the update.
		if err := cf.write(e, out); err != nil {
			return err
		}
	}
	cf.close()
	e.progress.done()
	for _, c := range lost {
		fmt.Fprintf(e.stderr, "soup sync: %s: warning: comment not kept: %s\n", path, escapeControls(c))
	}
	var status string
	// The lists are the same, sources included (consulted only when the
	// file is not).
	layout := lists && sameSources(l, curated)
	switch {
	case same:
		status = "up to date"
	case inStep && write && layout:
		status = "no item changed; layout normalised"
	case inStep && write:
		status = "no item changed; the record of the SBOM updated"
	case inStep && layout && check:
		status = "up to date (only the layout of the file would change)"
	case inStep && check:
		status = "up to date (only the record of the SBOM differs)"
	case inStep && layout:
		status = "up to date (only the layout of the file would change; -touch rewrites it)"
	case inStep:
		status = "up to date (only the record of the SBOM differs; -touch updates it)"
	case check:
		status = "not in step with the SBOM"
	default:
		status = "updated"
	}
	writeChanges(e.stdout, path, changes, status)
	if check && !inStep {
		return errExit1
	}
	return nil
}

// sameSources reports whether the sources of a and b encode alike.
func sameSources(a, b *soup.List) bool {
	ja, err1 := json.Marshal(a.Sources)
	jb, err2 := json.Marshal(b.Sources)
	return err1 == nil && err2 == nil && (len(a.Sources) == 0 && len(b.Sources) == 0 || bytes.Equal(ja, jb))
}

// withoutSources returns a copy of l without its sources.
func withoutSources(l *soup.List) *soup.List {
	c := *l
	c.Sources = nil
	return &c
}

// curatedFile is the curated file sync rewrites, read under a lock.
type curatedFile struct {
	name   string   // as the user gave it
	target string   // the file, symbolic links followed
	lock   *os.File // holds the lock; nil for a new file
	data   []byte
	exists bool
}

// openCurated locks and reads the curated file name, up to the input size
// bound. A missing file is not an error: sync creates it. Only a regular
// file can be the curated file.
func openCurated(e *env, name string) (*curatedFile, error) {
	target, direct, err := resolve(e.path(name))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, pathErr(err))
	}
	if direct {
		return nil, fmt.Errorf("%s: not a regular file; the curated list must be a file sync can rewrite", name)
	}
	c := &curatedFile{name: name, target: target}
	fi, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, fmt.Errorf("%s: is a directory", name)
		}
		return nil, fmt.Errorf("%s: not a regular file; the curated list must be a file sync can rewrite", name)
	}
	if err == nil {
		c.lock, err = lockFile(target)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fileError(name, err)
	}
	if c.data, err = soup.ReadAll(c.lock, soup.DefaultMaxBytes); err != nil {
		c.close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.exists = true
	return c, nil
}

// unchanged reports whether the file at path (the curated file, or where
// it was just moved) still holds what was read.
func (c *curatedFile) unchanged(path string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fileError(c.name, err)
	}
	defer f.Close()
	now, err := soup.ReadAll(f, int64(len(c.data)))
	if err != nil {
		return false, nil
	}
	return bytes.Equal(now, c.data), nil
}

// write replaces the file with data, unless someone changed it since it
// was read.
func (c *curatedFile) write(e *env, data []byte) error {
	return writeFile(c.target, c.name, data, &writeOptions{unchanged: c.unchanged, existed: c.exists})
}

// close releases the lock.
func (c *curatedFile) close() {
	if c.lock != nil {
		c.lock.Close()
		c.lock = nil
	}
}

// writeChanges prints what a sync changed, or status when no item did.
func writeChanges(w io.Writer, path string, cs soup.Changes, status string) {
	counts := map[soup.ChangeKind]int{}
	for _, c := range cs {
		counts[c.Kind]++
	}
	var parts []string
	for _, k := range []soup.ChangeKind{soup.Added, soup.Removed, soup.Upgraded, soup.Downgraded, soup.Changed} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	if len(parts) > 0 {
		status = strings.Join(parts, ", ")
	}
	fmt.Fprintf(w, "%s: %s\n", escapeControls(path), status)
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %-10s %s %s\n", c.Kind, escapeControls(c.ID), escapeControls(c.Name), escapeControls(versions(c)))
	}
}

// versions formats the versions of a change: "1.1.2 -> 2.0.3", "2.1.1".
func versions(c soup.Change) string {
	switch {
	case c.From != "" && c.To != "" && c.From != c.To:
		return c.From + " -> " + c.To
	case c.To != "":
		return c.To
	}
	return c.From
}
