//go:build unix

package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The tests here check how output files are written (issue 12, item 1):
// like a shell redirection, never replacing a device, FIFO or link, never
// leaving half a file.

// mknod makes a character device like /dev/null (1,3) or /dev/full (1,7)
// in dir, or skips the test where that is not allowed (not root, a
// restricted container).
func mknod(t *testing.T, dir, name string, minor int) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|minor); err != nil {
		t.Skipf("cannot make a character device: %v", err)
	}
	// A device node on a file system mounted nodev cannot be opened.
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("cannot open a character device made in %s: %v", dir, err)
	}
	f.Close()
	return p
}

func TestWriteCharDevice(t *testing.T) {
	dir := t.TempDir()
	null := mknod(t, dir, "null", 3)
	before, err := os.Lstat(null)
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr := soupIn(t, 0, dir, "", "render", "-o", "null", abs(t, sbomV1))
	if stdout != "" || stderr != "" {
		t.Errorf("render -o null printed %q, %q", stdout, stderr)
	}
	after, err := os.Lstat(null)
	if err != nil {
		t.Fatal(err)
	}
	if after.Mode() != before.Mode() || !os.SameFile(before, after) {
		t.Errorf("the device was replaced: mode %v, was %v", after.Mode(), before.Mode())
	}
	if tmp := temporaries(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func TestWriteFullDevice(t *testing.T) {
	dir := t.TempDir()
	mknod(t, dir, "full", 7)
	_, stderr := soupIn(t, 2, dir, "", "convert", "-to", "spdx-json", "-o", "full", abs(t, sbomV1))
	if want := "soup convert: full: no space left on device\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "full")); err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("full is no longer a device: %v, %v", fi.Mode(), err)
	}
}

func TestWriteFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()
	soupIn(t, 0, dir, "", "render", "-columns", "name,version", "-o", "fifo", abs(t, sbomV1))
	b := <-got
	if !bytes.HasPrefix(b, []byte("# SOUP List")) {
		t.Errorf("the reader of the FIFO got %.40q", b)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("fifo is no longer a FIFO: %v, %v", fi.Mode(), err)
	}
}

// TestWriteStdout checks that "-" is the command's standard output stream
// (the names of files such as /dev/stdout are opened, as a shell would:
// see TestOutputLikeShell).
func TestWriteStdout(t *testing.T) {
	for _, name := range []string{"-"} {
		stdout, _ := soupIn(t, 0, t.TempDir(), "", "render", "-columns", "name", "-o", name, abs(t, sbomV1))
		if !strings.HasPrefix(stdout, "# SOUP List") {
			t.Errorf("-o %s: stdout = %.40q", name, stdout)
		}
	}
}

// TestWriteThroughProc writes to a file reached through /proc/self/fd: the
// open file is written (as a shell would), not the link replaced.
func TestWriteThroughProc(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "out.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	if _, err := os.Stat(name); err != nil {
		t.Skip(err)
	}
	soupIn(t, 0, dir, "", "render", "-columns", "name", "-o", name, abs(t, sbomV1))
	b, err := os.ReadFile(filepath.Join(dir, "out.md"))
	if err != nil || !bytes.HasPrefix(b, []byte("# SOUP List")) {
		t.Errorf("out.md = %.40q, %v", b, err)
	}
}

func TestWriteDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("sub/real.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	soupIn(t, 0, dir, "", "render", "-columns", "name", "-o", "link.md", abs(t, sbomV1))
	fi, err := os.Lstat(filepath.Join(dir, "link.md"))
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("link.md is no longer a link: %v, %v", fi.Mode(), err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "sub/real.md")); err != nil || !bytes.HasPrefix(b, []byte("# SOUP List")) {
		t.Errorf("sub/real.md = %.40q, %v", b, err)
	}
}

func TestWriteSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	os.Symlink("b", filepath.Join(dir, "a"))
	os.Symlink("a", filepath.Join(dir, "b"))
	_, stderr := soupIn(t, 2, dir, "", "render", "-o", "a", abs(t, sbomV1))
	if want := "soup render: a: too many levels of symbolic links\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

// TestWriteUmask checks that a new file gets the permissions the umask
// allows, as a shell's > gives them. Not parallel: the umask is the
// process's.
func TestWriteUmask(t *testing.T) {
	for _, tt := range []struct {
		umask int
		want  fs.FileMode
	}{{0o022, 0o644}, {0o027, 0o640}, {0o077, 0o600}, {0o002, 0o664}} {
		dir := t.TempDir()
		old := syscall.Umask(tt.umask)
		err := writeFile(filepath.Join(dir, "new.md"), "new.md", []byte("x\n"), nil)
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(filepath.Join(dir, "new.md")); err != nil || fi.Mode().Perm() != tt.want {
			t.Errorf("umask %03o: mode %v, want %v (%v)", tt.umask, fi.Mode().Perm(), tt.want, err)
		}
	}
}

// TestWriteKeepsModeAndOwner rewrites a file with unusual permissions and,
// as root, another owner: both are kept.
func TestWriteKeepsModeAndOwner(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.md")
	if err := os.WriteFile(p, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	root := os.Geteuid() == 0
	if root {
		if err := os.Chown(p, 1234, 5678); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(p, 0o640|fs.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(p, "out.md", []byte("new\n"), nil); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode() & (fs.ModePerm | fs.ModeSetgid); got != 0o640|fs.ModeSetgid {
		t.Errorf("mode %v, want %v", got, 0o640|fs.ModeSetgid)
	}
	if st := fi.Sys().(*syscall.Stat_t); root && (st.Uid != 1234 || st.Gid != 5678) {
		t.Errorf("owner %d:%d, want 1234:5678", st.Uid, st.Gid)
	}
	if b, _ := os.ReadFile(p); string(b) != "new\n" {
		t.Errorf("content %q", b)
	}
}

// TestWriteHardLink rewrites a file with two names: both see the new
// content (the file is rewritten in place, after a complete temporary
// copy), and no temporary file is left.
func TestWriteHardLink(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.md"), filepath.Join(dir, "b.md")
	if err := os.WriteFile(a, []byte("a much longer old content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(a, b); err != nil {
		t.Skip(err)
	}
	if err := writeFile(a, "a.md", []byte("new\n"), nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{a, b} {
		if got, _ := os.ReadFile(p); string(got) != "new\n" {
			t.Errorf("%s = %q, want %q", filepath.Base(p), got, "new\n")
		}
	}
	fa, _ := os.Stat(a)
	fb, _ := os.Stat(b)
	if !os.SameFile(fa, fb) {
		t.Error("the hard link was broken")
	}
	if tmp := temporaries(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// TestSignalWaitsForRewrite: a signal's cleanup (removeAll) that comes
// while a file with hard links is rewritten in place waits for the
// rewrite to end, so that the target is not left half written with the
// only complete copy of the new content removed; when the rewrite fails,
// the copy is kept for the user (its error names it).
func TestSignalWaitsForRewrite(t *testing.T) {
	for _, fail := range []bool{false, true} {
		dir := t.TempDir()
		tmp := filepath.Join(dir, ".out.md.tmp-1")
		if err := os.WriteFile(tmp, []byte("new\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		s := &tempSet{m: map[string]bool{tmp: true}}
		var n int
		removed := make(chan struct{})
		err := s.hold(tmp, func() error {
			go func() { n = s.removeAll(); close(removed) }() // the signal
			select {
			case <-removed:
				t.Error("the temporary file was removed during the rewrite")
			case <-time.After(100 * time.Millisecond):
			}
			if fail {
				return errors.New("no space left on device")
			}
			return nil
		})
		if (err != nil) != fail {
			t.Fatalf("fail=%v: err = %v", fail, err)
		}
		<-removed
		_, statErr := os.Stat(tmp)
		if fail && (n != 0 || statErr != nil) {
			t.Errorf("failed rewrite: removeAll removed %d, stat %v; want the copy kept", n, statErr)
		}
		if !fail && (n != 1 || statErr == nil) {
			t.Errorf("rewrite done: removeAll removed %d, stat %v; want the copy removed", n, statErr)
		}
	}
}

// TestWriteFailureKeepsOld checks that a failed write leaves the old file
// and no temporary file: here the directory is read-only (as root, which
// ignores permissions, the test is skipped).
func TestWriteFailureKeepsOld(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to read-only directories")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "out.md")
	os.WriteFile(p, []byte("old\n"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	err := writeFile(p, "out.md", []byte("new\n"), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "out.md: cannot create: permission denied") {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old\n" {
		t.Errorf("content %q", b)
	}
}

func TestRemoveTemporaries(t *testing.T) {
	dir := t.TempDir()
	tmp, err := createTemp(filepath.Join(dir, "out.md"), "out.md", 0o600)
	if err != nil {
		t.Fatal(err)
	}
	tmp.close()
	if got := temporaries(t, dir); len(got) != 1 {
		t.Fatalf("temporaries = %v, want one", got)
	}
	s := &tempSet{m: map[string]bool{tmp.name: true}}
	if n := s.removeAll(); n != 1 {
		t.Errorf("removeAll = %d, want 1", n)
	}
	if got := temporaries(t, dir); len(got) != 0 {
		t.Errorf("temporaries = %v after removeAll", got)
	}
	tmp.forget()
}

// TestCuratedReadBounded reads an endless -curated (/dev/zero): the size
// bound of every input stops it, with one line (issue 12).
func TestCuratedReadBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 256 MiB")
	}
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	_, stderr := soupIn(t, 2, t.TempDir(), "", "render", "-curated", "/dev/zero", abs(t, sbomV1))
	if want := "soup render: /dev/zero: input exceeds size limit of 268435456 bytes\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

// TestChangeInReplaceWindow changes the curated file the way an editor
// does (written in place, or a new file renamed over it) in the last
// moment a sync leaves: after its final check that the file still holds
// what it read, before it replaces the file. The sync must refuse and the
// edit must survive; without the change, the same sync writes.
func TestChangeInReplaceWindow(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the window is closed where files can be exchanged atomically (Linux)")
	}
	const edit = "# an edit made while sync worked\n"
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, path string)
	}{
		{"none", nil},
		{"written in place", func(t *testing.T, path string) {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString(edit); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}},
		{"renamed over", func(t *testing.T, path string) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tmp := path + ".editor-save"
			writeWork(t, tmp, append(b, edit...), 0o644)
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			curated := copyTo(t, dir, curatedV1)
			before := mustRead(t, curated)
			calls := 0
			testHookReplace = func() {
				calls++
				if tc.change != nil {
					tc.change(t, curated)
				}
			}
			t.Cleanup(func() { testHookReplace = nil })
			if tc.change == nil {
				soupIn(t, 0, dir, "", "sync", "-curated", filepath.Base(curated), abs(t, sbomV2))
				if calls != 1 || bytes.Equal(mustRead(t, curated), before) {
					t.Fatalf("the sync did not write (hook called %d times)", calls)
				}
				return
			}
			_, stderr := soupIn(t, 2, dir, "", "sync", "-curated", filepath.Base(curated), abs(t, sbomV2))
			if !strings.Contains(stderr, errChanged.Error()) {
				t.Errorf("stderr = %q, want the file reported changed", stderr)
			}
			if got := mustRead(t, curated); !bytes.Equal(got, append(before, edit...)) {
				t.Errorf("the edit was lost: the file ends %q", got[max(0, len(got)-80):])
			}
			if tmp := temporaries(t, dir); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
		})
	}
}

// TestCreateNeverReplaces: init and import create the curated file and
// never overwrite one; a file that appears while they work (after the
// check at the start) is kept and reported, not replaced.
func TestCreateNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "soup.yaml")
	errExists := errors.New("soup.yaml: already exists")
	opts := &writeOptions{exists: func() error { return errExists }}
	o, err := openFile(p, "soup.yaml", opts)
	if err != nil {
		t.Fatal(err)
	}
	writeWork(t, p, []byte("written meanwhile\n"), 0o644)
	if err := o.commit([]byte("new\n")); !errors.Is(err, errExists) {
		t.Errorf("commit over a file that appeared: %v, want %v", err, errExists)
	}
	if got := mustRead(t, p); string(got) != "written meanwhile\n" {
		t.Errorf("the file that appeared was replaced: %q", got)
	}
	if _, err := openFile(p, "soup.yaml", opts); !errors.Is(err, errExists) {
		t.Errorf("open over an existing file: %v, want %v", err, errExists)
	}
	if err := writeFile(filepath.Join(dir, "new.yaml"), "new.yaml", []byte("new\n"), opts); err != nil {
		t.Errorf("a new file: %v", err)
	}
	if tmp := temporaries(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
