package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/soupkit/soupkit/soup"
)

// writeCuratedList writes l back to the curated file name, which held orig
// when it was read, the way sync writes it: in the format it was read in,
// a YAML file through mergeYAML (comments and key order kept where the
// content did not change), atomically, and only when the bytes change. It
// reports whether the file changed.
//
// This is the one place soup anomalies touches the curated file: a thin
// adapter over sync's write path (readExisting, mergeYAML,
// writeFileAtomic), so that when that path changes (locking, change
// checks) only this function follows it.
func writeCuratedList(e *env, cmd, name string, orig []byte, l *soup.List) (bool, error) {
	var (
		b   bytes.Buffer
		err error
	)
	if bytes.HasPrefix(bytes.TrimLeft(orig, " \t\r\n\ufeff"), []byte("{")) {
		err = l.WriteJSON(&b)
	} else {
		var merged []byte
		if merged, err = mergeYAML(orig, l); err == nil {
			b.Write(merged)
		} else if errors.Is(err, errNoMerge) {
			fmt.Fprintf(e.stderr, "soup %s: %s: comments not kept (%v)\n", cmd, name, err)
			err = l.WriteYAML(&b)
		}
	}
	if err != nil {
		return false, err
	}
	if bytes.Equal(b.Bytes(), orig) {
		return false, nil
	}
	// Someone may have changed the file since it was read: do not
	// overwrite their work.
	now, exists, err := readExisting(e.path(name), name)
	if err != nil {
		return false, err
	}
	if !exists || !bytes.Equal(now, orig) {
		return false, fmt.Errorf("%s: changed while soup %s worked; not overwritten (run again)", name, cmd)
	}
	return true, writeFileAtomic(e.path(name), name, b.Bytes())
}
