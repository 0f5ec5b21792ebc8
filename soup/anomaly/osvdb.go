package anomaly

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// OSVDatabase is an offline OSV database: records read from directories,
// files and zip archives, indexed by ecosystem and package name. It is a
// [Source]. Load it with [OpenOSV]; it is safe for concurrent use once
// loaded.
type OSVDatabase struct {
	name    string
	byKey   map[key][]*Vuln
	byID    map[string]*Vuln
	records int
	asOf    time.Time
}

// OpenOSVOptions configures [OpenOSV]. A nil *OpenOSVOptions means defaults.
type OpenOSVOptions struct {
	// MaxRecordBytes bounds each record; zero means MaxRecordBytes.
	MaxRecordBytes int64
	// MaxTotalBytes bounds the bytes read over all records; zero means
	// 4 GiB.
	MaxTotalBytes int64
	// Name names the database in snapshots; empty means "osv:" and the
	// base names of the paths.
	Name string
}

// OpenOSV reads OSV records (*.json) from each path: a directory (searched
// recursively), a zip archive (such as OSV's per-ecosystem all.zip) or a
// single record file. A record that cannot be read is an error that names
// where it is ([*RecordError]); records are kept whether withdrawn or not,
// so that an evaluation can mark a recorded anomaly as withdrawn, but
// withdrawn records never match. When the same ID is read twice, the
// record modified last is kept, whatever the order of the paths.
func OpenOSV(ctx context.Context, opts *OpenOSVOptions, paths ...string) (*OSVDatabase, error) {
	var o OpenOSVOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = MaxRecordBytes
	}
	if o.MaxTotalBytes <= 0 {
		o.MaxTotalBytes = 4 << 30
	}
	if len(paths) == 0 {
		return nil, errors.New("anomaly: osv: no database path given")
	}
	db := &OSVDatabase{name: o.Name, byKey: map[key][]*Vuln{}, byID: map[string]*Vuln{}}
	if db.name == "" {
		var names []string
		for _, p := range paths {
			names = append(names, filepath.Base(p))
		}
		db.name = "osv:" + strings.Join(names, ",")
	}
	budget := o.MaxTotalBytes
	add := func(where string, r io.Reader) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		lim := min(o.MaxRecordBytes, budget)
		v, err := DecodeOSV(r, lim)
		if err != nil {
			if errors.Is(err, ErrTooLarge) && lim < o.MaxRecordBytes {
				err = fmt.Errorf("%w: the database exceeds %d bytes", ErrTooLarge, o.MaxTotalBytes)
			}
			return &RecordError{Where: where, Err: err}
		}
		budget -= int64(len(v.Raw))
		db.add(v)
		return nil
	}
	for _, p := range paths {
		if err := readPath(p, add); err != nil {
			return nil, err
		}
	}
	db.index()
	return db, nil
}

// readPath feeds every record under p to add.
func readPath(p string, add func(string, io.Reader) error) error {
	fi, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("anomaly: osv: %w", err)
	}
	if fi.IsDir() {
		return filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("anomaly: osv: %w", err)
			}
			if d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".json":
				return readFile(path, add)
			case ".zip":
				return readZip(path, add)
			}
			return nil
		})
	}
	if strings.EqualFold(filepath.Ext(p), ".zip") {
		return readZip(p, add)
	}
	return readFile(p, add)
}

func readFile(path string, add func(string, io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("anomaly: osv: %w", err)
	}
	defer f.Close()
	return add(path, f)
}

func readZip(path string, add func(string, io.Reader) error) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("anomaly: osv: %s: %w", path, err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !strings.EqualFold(filepath.Ext(f.Name), ".json") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return &RecordError{Where: path + ":" + f.Name, Err: err}
		}
		err = add(path+":"+f.Name, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// add keeps v, or the newer of v and a record with the same ID (of two
// modified at the same time, the one whose bytes sort first, so that the
// order of the inputs does not matter).
func (db *OSVDatabase) add(v *Vuln) {
	if old, ok := db.byID[v.ID]; ok {
		if c := v.Modified.Compare(old.Modified); c < 0 || (c == 0 && bytes.Compare(v.Raw, old.Raw) >= 0) {
			return
		}
	}
	db.byID[v.ID] = v
}

// index builds the package index and the as-of time.
func (db *OSVDatabase) index() {
	ids := make([]string, 0, len(db.byID))
	for id := range db.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		v := db.byID[id]
		if v.Modified.After(db.asOf) {
			db.asOf = v.Modified
		}
		seen := map[key]bool{}
		for _, a := range v.Affected {
			k := keyOf(a.Package.Ecosystem, a.Package.Name)
			if !seen[k] {
				seen[k] = true
				db.byKey[k] = append(db.byKey[k], v)
			}
		}
	}
	db.records = len(ids)
}

// Len returns the number of records in the database, withdrawn included.
func (db *OSVDatabase) Len() int { return db.records }

// AsOf returns the newest modification time of the records.
func (db *OSVDatabase) AsOf() time.Time { return db.asOf }

// Lookup returns the records that concern the package of t (withdrawn
// ones included), in ID order.
func (db *OSVDatabase) Lookup(t Target) []*Vuln {
	var out []*Vuln
	for _, v := range db.byKey[t.key()] {
		if concerns(v, t) {
			out = append(out, v)
		}
	}
	return out
}

// Fetch implements [Source]: the records concerning the targets and those
// whose ID is in q.IDs.
func (db *OSVDatabase) Fetch(ctx context.Context, q *Query) (*Data, error) {
	d := &Data{Name: db.name, AsOf: db.asOf}
	seen := map[string]bool{}
	for _, t := range q.Targets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, v := range db.Lookup(t) {
			if !seen[v.ID] {
				seen[v.ID] = true
				d.Vulns = append(d.Vulns, v)
			}
		}
	}
	for _, id := range q.IDs {
		if v, ok := db.byID[id]; ok && !seen[id] {
			seen[id] = true
			d.Vulns = append(d.Vulns, v)
		}
	}
	return d, nil
}
