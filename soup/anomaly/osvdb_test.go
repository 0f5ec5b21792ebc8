package anomaly

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeZip writes the fixture records of dir into a zip like OSV's
// per-ecosystem all.zip (records at the top level).
func writeZip(t testing.TB, dir, name string) string {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.Base(p))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func lookupIDs(db *OSVDatabase, purl string) []string {
	t, err := TargetOf(purl)
	if err != nil {
		panic(err)
	}
	var ids []string
	for _, v := range db.Lookup(t) {
		ids = append(ids, v.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestOpenOSV(t *testing.T) {
	ctx := context.Background()
	dir, err := OpenOSV(ctx, nil, filepath.Join("testdata", "osv"))
	if err != nil {
		t.Fatal(err)
	}
	if dir.Len() != 11 {
		t.Errorf("directory: %d records, want the 11 fixtures (searched recursively)", dir.Len())
	}
	if want := time.Date(2024, 5, 20, 22, 7, 29, 0, time.UTC); !dir.AsOf().Equal(want) {
		t.Errorf("AsOf = %v, want %v (the newest modified)", dir.AsOf(), want)
	}
	// Several inputs at once: a zip of the PyPI records and a directory.
	pypi := writeZip(t, filepath.Join("testdata", "osv", "pypa"), "PyPI-all.zip")
	several, err := OpenOSV(ctx, nil, pypi, filepath.Join("testdata", "osv", "github-reviewed"), filepath.Join("testdata", "osv", "withdrawn", "GHSA-57m8-f3v5-hm5m.json"))
	if err != nil {
		t.Fatal(err)
	}
	if several.Len() != 9 {
		t.Errorf("zip, directory and file: %d records, want 9", several.Len())
	}
	if got, want := lookupIDs(several, "pkg:pypi/flask@1.1.2"), []string{"GHSA-m2qf-hxjv-5gpq", "PYSEC-2023-62"}; !slices.Equal(got, want) {
		t.Errorf("flask records %v, want %v", got, want)
	}
	if got := several.name; got != "osv:PyPI-all.zip,github-reviewed,GHSA-57m8-f3v5-hm5m.json" {
		t.Errorf("default name %q", got)
	}
	// A withdrawn record is kept (to mark recorded anomalies) but never matches.
	if got := lookupIDs(several, "pkg:maven/io.netty/netty-handler@4.1.50.Final"); !slices.Equal(got, []string{"GHSA-57m8-f3v5-hm5m"}) {
		t.Errorf("netty records %v", got)
	}
	// The same ID twice: the newer record wins, whatever the order.
	old := []byte(`{"id":"GHSA-m2qf-hxjv-5gpq","modified":"2020-01-01T00:00:00Z","affected":[]}`)
	oldPath := filepath.Join(t.TempDir(), "old.json")
	os.WriteFile(oldPath, old, 0o644)
	for _, paths := range [][]string{{oldPath, filepath.Join("testdata", "osv", "github-reviewed")}, {filepath.Join("testdata", "osv", "github-reviewed"), oldPath}} {
		db, err := OpenOSV(ctx, nil, paths...)
		if err != nil {
			t.Fatal(err)
		}
		if got := lookupIDs(db, "pkg:pypi/flask@1.1.2"); !slices.Equal(got, []string{"GHSA-m2qf-hxjv-5gpq"}) {
			t.Errorf("%v: flask records %v, want the newer GHSA-m2qf-hxjv-5gpq", paths, got)
		}
	}
}

func TestOpenOSVErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	bad := filepath.Join(dir, "sub", "bad.json")
	os.MkdirAll(filepath.Dir(bad), 0o755)
	os.WriteFile(bad, []byte(`{"id": "X-1", "affected": [{"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1"}]}]}]}`), 0o644)
	_, err := OpenOSV(ctx, nil, dir)
	var re *RecordError
	if !errors.As(err, &re) || re.Where != bad || !strings.Contains(err.Error(), "exactly one of") {
		t.Errorf("error = %v, want a RecordError naming %s and the event", err, bad)
	}
	if _, err := OpenOSV(ctx, nil, filepath.Join(dir, "missing")); err == nil {
		t.Error("missing path: no error")
	}
	if _, err := OpenOSV(ctx, nil); err == nil {
		t.Error("no path: no error")
	}
	_, err = OpenOSV(ctx, &OpenOSVOptions{MaxRecordBytes: 100}, filepath.Join("testdata", "osv", "github-reviewed"))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("record bound: error = %v, want ErrTooLarge", err)
	}
	_, err = OpenOSV(ctx, &OpenOSVOptions{MaxTotalBytes: 5000}, filepath.Join("testdata", "osv", "github-reviewed"))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "database exceeds") {
		t.Errorf("total bound: error = %v, want ErrTooLarge for the database", err)
	}
	notZip := filepath.Join(dir, "all.zip")
	os.WriteFile(notZip, []byte("not a zip"), 0o644)
	if _, err := OpenOSV(ctx, nil, notZip); err == nil || !strings.Contains(err.Error(), "all.zip") {
		t.Errorf("bad zip: error = %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := OpenOSV(cctx, nil, filepath.Join("testdata", "osv")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error = %v", err)
	}
}

func TestDecodeOSVErrors(t *testing.T) {
	for _, in := range []string{
		``, `[]`, `{"id": ""}`, `{"modified": "2020-01-01T00:00:00Z"}`,
		`{"id": "A", "modified": "yesterday"}`,
		`{"id": "A", "affected": [{"ranges": [{"type": "SEMVER", "events": [{}]}]}]}`,
	} {
		if v, err := DecodeOSV(strings.NewReader(in), 0); err == nil {
			t.Errorf("DecodeOSV(%q) = %+v, want an error", in, v)
		}
	}
}

func TestReadKEVAndLifecycleErrors(t *testing.T) {
	for _, in := range []string{``, `{}`, `{"vulnerabilities": [{"cveID": ""}]}`, `{"dateReleased": "x", "vulnerabilities": []}`} {
		if _, err := ReadKEV(strings.NewReader(in), 0); err == nil {
			t.Errorf("ReadKEV(%q): no error", in)
		}
	}
	if _, err := ReadKEV(strings.NewReader(`{"vulnerabilities": []}`), 5); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadKEV over the bound: %v", err)
	}
	k, err := OpenKEV(filepath.Join("testdata", "kev.json"))
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := k.Lookup("cve-2021-44228"); !ok || e.Product != "Log4j2" || k.Len() != 2 {
		t.Errorf("Lookup = %+v, %v; Len %d", e, ok, k.Len())
	}
	for _, in := range []string{``, `{}`, `{"result": 3}`, `{"result": [{"label": "x"}]}`, `{"generated_at": "x", "result": []}`} {
		if _, err := ReadLifecycle(strings.NewReader(in), 0); err == nil {
			t.Errorf("ReadLifecycle(%q): no error", in)
		}
	}
}
