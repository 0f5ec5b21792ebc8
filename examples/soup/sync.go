package main

import (
	"bytes"
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
change. A missing file is created, as JSON or YAML by its extension (.json,
.yaml, .yml). Syncing again with the same SBOM changes nothing.

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
	)
	common.register(f)
	f.Lookup("curated").Usage = "the curated SOUP `FILE` to update (soup.yaml, or soup.json); created when missing"
	f.BoolVar(&check, "check", false, "write nothing; exit with status 1 when an item of the curated file would change")
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
	orig, exists, err := readExisting(e.path(path), path)
	if err != nil {
		return err
	}
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

	var b bytes.Buffer
	switch {
	case asJSON:
		err = l.WriteJSON(&b)
	case exists:
		var merged []byte
		if merged, err = mergeYAML(orig, l); err == nil {
			b.Write(merged)
		} else if errors.Is(err, errNoMerge) {
			fmt.Fprintf(e.stderr, "soup sync: %s: comments not kept (%v)\n", path, err)
			err = l.WriteYAML(&b)
		}
	default:
		err = l.WriteYAML(&b)
	}
	if err != nil {
		return err
	}
	same := exists && bytes.Equal(b.Bytes(), orig)
	if !same && !check {
		// Write before printing, so that a closed standard output
		// cannot stop the update.
		if err := writeFileAtomic(e.path(path), path, b.Bytes()); err != nil {
			return err
		}
	}
	e.progress.done()
	// A new scan of the same dependencies changes only the record of the
	// SBOM the list came from, and a first sync may change only the
	// layout of the file: the list is still in step with the code.
	inStep := same || exists && sameList(withoutSources(l), withoutSources(curated))
	var status string
	switch {
	case same:
		status = "up to date"
	case inStep && sameList(l, curated):
		status = "no item changed; layout normalised"
		if check {
			status = "up to date (only the layout of the file would change)"
		}
	case inStep:
		status = "no item changed; the record of the SBOM updated"
		if check {
			status = "up to date (only the record of the SBOM differs)"
		}
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

// withoutSources returns a copy of l without its sources.
func withoutSources(l *soup.List) *soup.List {
	c := *l
	c.Sources = nil
	return &c
}

// readExisting reads file, reporting whether it exists. Errors name it
// as name.
func readExisting(file, name string) ([]byte, bool, error) {
	b, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, false, fileError(name, err)
	case int64(len(b)) > soup.DefaultMaxBytes:
		return nil, false, fmt.Errorf("%s: %w", name, soup.ErrTooLarge)
	}
	return b, true, nil
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
	fmt.Fprintf(w, "%s: %s\n", path, status)
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %-10s %s %s\n", c.Kind, c.ID, c.Name, versions(c))
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
