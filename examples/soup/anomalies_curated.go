package main

import (
	"bytes"
	"fmt"

	"github.com/soupkit/soupkit/soup"
)

// curatedTarget is the curated file soup anomalies records into with
// -write: read once, written back the way sync writes it.
//
// This file is the one place soup anomalies touches the curated file: a
// thin adapter over sync's write path (openCurated: a lock held from read
// to write and a change check; encodeLike: mergeYAML).
type curatedTarget struct {
	name string // as the user gave it
	orig []byte
	cf   *curatedFile // holds sync's lock from read to write
}

// openCuratedTarget locks and reads the curated file name, which must
// exist.
func openCuratedTarget(e *env, name string) (*curatedTarget, error) {
	cf, err := openCurated(e, name)
	if err != nil {
		return nil, err
	}
	if !cf.exists {
		cf.close()
		return nil, fmt.Errorf("%s: no such file", name)
	}
	return &curatedTarget{name: name, orig: cf.data, cf: cf}, nil
}

// write writes l back: in the format the file was read in, a YAML file
// through mergeYAML (comments and key order kept where the content did
// not change; a comment it cannot keep is named), atomically, and only
// when the bytes change. A file changed by someone else since it was read
// is not overwritten. It reports whether the file changed.
func (c *curatedTarget) write(e *env, cmd string, l *soup.List) (bool, error) {
	b, err := encodeLike(e, c.name, c.orig, l)
	if err != nil {
		return false, err
	}
	if bytes.Equal(b, c.orig) {
		return false, nil
	}
	return true, c.cf.write(e, b)
}

// close releases the lock.
func (c *curatedTarget) close() { c.cf.close() }
