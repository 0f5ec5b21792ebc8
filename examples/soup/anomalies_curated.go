package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/soupkit/soupkit/soup"
)

// curatedTarget is the curated file soup anomalies records into with
// -write: read once, written back the way sync writes it.
//
// This file is the one place soup anomalies touches the curated file: a
// thin adapter over sync's write path (readExisting, mergeYAML,
// writeFileAtomic), so that when that path changes (a lock held from
// read to write, a change check) only this file follows it.
type curatedTarget struct {
	name string // as the user gave it
	orig []byte
}

// openCuratedTarget reads the curated file name, which must exist.
func openCuratedTarget(e *env, name string) (*curatedTarget, error) {
	data, exists, err := readExisting(e.path(name), name)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, fmt.Errorf("%s: no such file", name)
	}
	return &curatedTarget{name: name, orig: data}, nil
}

// write writes l back: in the format the file was read in, a YAML file
// through mergeYAML (comments and key order kept where the content did
// not change), atomically, and only when the bytes change. A file changed
// by someone else since it was read is not overwritten. It reports
// whether the file changed.
func (c *curatedTarget) write(e *env, cmd string, l *soup.List) (bool, error) {
	var (
		b   bytes.Buffer
		err error
	)
	if bytes.HasPrefix(bytes.TrimLeft(c.orig, " \t\r\n\ufeff"), []byte("{")) {
		err = l.WriteJSON(&b)
	} else {
		var merged []byte
		if merged, err = mergeYAML(c.orig, l); err == nil {
			b.Write(merged)
		} else if errors.Is(err, errNoMerge) {
			fmt.Fprintf(e.stderr, "soup %s: %s: warning: comments not kept (%v)\n", cmd, c.name, err)
			err = l.WriteYAML(&b)
		}
	}
	if err != nil {
		return false, err
	}
	if bytes.Equal(b.Bytes(), c.orig) {
		return false, nil
	}
	now, exists, err := readExisting(e.path(c.name), c.name)
	if err != nil {
		return false, err
	}
	if !exists || !bytes.Equal(now, c.orig) {
		return false, fmt.Errorf("%s: changed while soup %s worked; not overwritten (run again)", c.name, cmd)
	}
	return true, writeFileAtomic(e.path(c.name), c.name, b.Bytes())
}

// close releases the file (a no-op until sync's path holds a lock).
func (c *curatedTarget) close() {}
