package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// writeOutput writes data to the file name, or to standard output when
// name is "" or "-". See [openFile] for how a file is written.
func writeOutput(e *env, name string, data []byte) error {
	o, err := openOutput(e, name)
	if err != nil {
		return err
	}
	return o.commit(data)
}

// stdStream returns the stream of e that name stands for: standard output
// for "" and "-", nil for any other name. Any other name is opened, as a
// shell redirection opens it: /dev/stdout, /dev/fd/1 and /proc/self/fd/1
// reopen what the process's standard output is (the same pipe, FIFO or
// terminal; a regular file truncated and written from its start), which
// is what `> /dev/stdout` does. Where there are no such files (Windows),
// the names of the standard streams stand for e's streams.
func (e *env) stdStream(name string) io.Writer {
	switch name {
	case "", "-":
		return e.stdout
	}
	if runtime.GOOS == "windows" {
		switch name {
		case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1":
			return e.stdout
		case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2":
			return e.stderr
		}
	}
	return nil
}

func displayOutput(name string) string {
	if name == "" || name == "-" {
		return "standard output"
	}
	return name
}

// writeOptions tunes [openFile] for the curated file.
type writeOptions struct {
	// unchanged, when set, is called with the path of the file just
	// before it is replaced and must report whether the file still holds
	// what was read; when it does not, the write is refused with
	// errChanged. Where the system can exchange two files atomically
	// (Linux, macOS), it is called once more on the file just replaced, at its
	// new name: a change that slipped in between the check and the
	// replacement undoes the exchange and refuses the write, so that no
	// window is left in which a change made by an editor or another
	// program is lost. A file that did not exist must not exist either
	// (checked atomically: the new file is linked, not renamed, into
	// place).
	unchanged func(path string) (bool, error)
	existed   bool
	// exists, when set, is the error for a file that exists: the file is
	// created, never replaced, even by a file that appears while soup
	// works (the new file is linked, not renamed, into place).
	exists func() error
}

// errNoExchange is returned by exchange where files cannot be exchanged
// atomically.
var errNoExchange = errors.New("no atomic exchange")

// testHookReplace, when set by a test, is called between the last check
// of the curated file and its replacement.
var testHookReplace func()

// errChanged is returned when the curated file changed while a command
// was working on it.
var errChanged = errors.New("changed by someone else while soup worked on it; nothing written, run the command again")

// writeFile writes data to the file at file, named name in messages: see
// [openFile].
func writeFile(file, name string, data []byte, opts *writeOptions) error {
	o, err := openFile(file, name, opts)
	if err != nil {
		return err
	}
	return o.commit(data)
}

// output is an output being written: opened first, so that an output
// that cannot be written is reported before the work, then given its
// content by commit (or dropped by abort).
type output struct {
	name     string
	w        io.Writer // a standard stream
	progress *progress // cleared before writing to a standard stream
	direct   *os.File  // a device, FIFO or descriptor, written directly
	target   string    // the file the temporary file replaces
	tmp      *tempFile
	exists   bool // target exists: replace it
	inPlace  bool // rewrite target in place, after the temporary file
	opts     writeOptions
}

// openOutput opens the output name: a standard stream (see stdStream) or
// a file (see openFile).
func openOutput(e *env, name string) (*output, error) {
	if w := e.stdStream(name); w != nil {
		return &output{name: displayOutput(name), w: w, progress: e.progress}, nil
	}
	o, err := openFile(e.path(name), name, nil)
	if err != nil {
		return nil, err
	}
	// The file may be the terminal standard error shows progress on.
	o.progress = e.progress
	return o, nil
}

// openFile opens the file at file (named name in messages) for writing,
// as a shell redirection would but without ever leaving half a file:
//
//   - a regular file, or a new one, is written to a temporary file beside
//     it, synced and renamed over it: a reader sees the old content or
//     the new, never a mix, and a failure leaves the old file in place;
//   - a symbolic link (dangling or not) is followed: the file it points
//     to is written, the link kept;
//   - a replaced file keeps its permission bits and, where the process
//     may set them, its owner and group; a new file gets the permissions
//     the umask allows, as a shell's > would give it;
//   - a file with several hard links (Unix, and NTFS on Windows), or whose
//     owner cannot be kept, is rewritten in place, after the complete
//     temporary file was written (so that the disk is known to hold it),
//     so that the links are kept; an interruption waits for the rewrite to
//     end, and a failed rewrite names the file holding the new content;
//   - anything that is not a regular file (a character device such as
//     /dev/null or /dev/full, a FIFO, a socket, a terminal) and any file
//     reached through /proc or /dev/fd is opened and written directly,
//     and its write errors reported.
//
// A temporary file is removed when the process is interrupted (see
// [cleanupOnSignal]).
func openFile(file, name string, opts *writeOptions) (*output, error) {
	o := &output{name: name}
	if opts != nil {
		o.opts = *opts
	}
	target, direct, err := resolve(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, pathErr(err))
	}
	o.target = target
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if direct {
			return o.openDirect(os.O_CREATE)
		}
		if o.opts.existed {
			return nil, fmt.Errorf("%s: %w", name, errChanged)
		}
		if o.tmp, err = createTemp(target, name, 0o666); err != nil {
			return nil, err
		}
		return o, nil
	case err != nil:
		return nil, fileError(name, err)
	case o.opts.exists != nil:
		return nil, o.opts.exists()
	case fi.IsDir():
		return nil, fmt.Errorf("%s: is a directory", name)
	case direct || !fi.Mode().IsRegular():
		return o.openDirect(0)
	}
	o.exists = true
	if o.tmp, err = createTemp(target, name, 0o600); err != nil {
		return nil, err
	}
	o.inPlace = links(target, fi) > 1
	// The owner first: a change of owner clears the set-ID bits.
	if err := keepOwner(o.tmp.f, fi); err != nil {
		// Only root may give a file away: rewrite it in place rather
		// than make it ours.
		o.inPlace = true
	}
	if err := o.tmp.f.Chmod(fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
		o.abort()
		return nil, fmt.Errorf("%s: %v", name, pathErr(err))
	}
	return o, nil
}

// openDirect opens the target to be written directly, truncated as a
// shell's > would.
func (o *output) openDirect(flag int) (*output, error) {
	f, err := os.OpenFile(o.target, os.O_WRONLY|os.O_TRUNC|flag, 0o666)
	if err != nil {
		return nil, fileError(o.name, err)
	}
	o.direct = f
	return o, nil
}

// commit writes data to the output and closes it.
func (o *output) commit(data []byte) error {
	defer o.abort()
	switch {
	case o.w != nil:
		o.progress.done()
		if _, err := o.w.Write(data); err != nil {
			return fmt.Errorf("%s: %v", o.name, pathErr(err))
		}
		return nil
	case o.direct != nil:
		o.progress.done()
		_, err := o.direct.Write(data)
		if cerr := o.direct.Close(); err == nil {
			err = cerr
		}
		o.direct = nil
		if err != nil {
			return fmt.Errorf("%s: %v", o.name, pathErr(err))
		}
		return nil
	}
	if err := o.tmp.write(data); err != nil {
		return fmt.Errorf("%s: %v", o.name, pathErr(err))
	}
	return o.replace(func() error { return overwrite(o.target, data) })
}

// replace puts the complete, closed temporary file in place of the
// target; rewrite writes its content over the target in place, where the
// file must keep its inode.
func (o *output) replace(rewrite func() error) error {
	if o.opts.unchanged != nil && o.exists {
		same, err := o.opts.unchanged(o.target)
		if err != nil {
			return err
		}
		if !same {
			return fmt.Errorf("%s: %w", o.name, errChanged)
		}
		if testHookReplace != nil {
			testHookReplace()
		}
	}
	switch {
	case !o.exists && (o.opts.unchanged != nil || o.opts.exists != nil):
		// Link, not rename: a file created meanwhile is not replaced.
		if err := os.Link(o.tmp.name, o.target); err != nil {
			if errors.Is(err, fs.ErrExist) && o.opts.exists != nil {
				return o.opts.exists()
			}
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: %w", o.name, errChanged)
			}
			return fmt.Errorf("%s: %v", o.name, pathErr(err))
		}
	case o.inPlace:
		// A signal waits for the rewrite to end (see tempSet.hold): it
		// must not leave the target half rewritten and remove the only
		// complete copy of the new content.
		if err := temps.hold(o.tmp.name, rewrite); err != nil {
			tmp := o.tmp.name
			o.tmp.forget()
			return fmt.Errorf("%s: %v; it may be incomplete: the complete new content is in %s", o.name, pathErr(err), tmp)
		}
		return nil
	case o.opts.unchanged != nil:
		if err := o.exchange(); err != nil {
			return err
		}
	default:
		if err := os.Rename(o.tmp.name, o.target); err != nil {
			return fmt.Errorf("%s: %v", o.name, pathErr(err))
		}
		o.tmp.forget()
	}
	syncDir(o.target)
	return nil
}

// exchange puts the temporary file in place of the target, which must
// still hold what was read: it exchanges the two atomically and checks the
// file it replaced, now at the temporary name, where no one writes to it
// through the target's name any more. If that file changed after the
// last check, the exchange is undone and the write refused. Where files
// cannot be exchanged, the temporary file is renamed over the target.
func (o *output) exchange() error {
	switch err := exchange(o.tmp.name, o.target); {
	case errors.Is(err, errNoExchange):
		if err := os.Rename(o.tmp.name, o.target); err != nil {
			return fmt.Errorf("%s: %v", o.name, pathErr(err))
		}
		o.tmp.forget()
		return nil
	case err != nil:
		return fmt.Errorf("%s: %v", o.name, pathErr(err))
	}
	same, err := o.opts.unchanged(o.tmp.name)
	if err == nil && same {
		o.tmp.remove() // the old file
		return nil
	}
	if uerr := exchange(o.tmp.name, o.target); uerr != nil {
		// The changed file is at the temporary name: keep it there.
		tmp := o.tmp.name
		o.tmp.forget()
		return fmt.Errorf("%s: %w; the changed file was moved to %s: %v", o.name, errChanged, tmp, pathErr(uerr))
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("%s: %w", o.name, errChanged)
}

// abort drops what commit has not written: the temporary file is removed,
// a device closed. It does nothing after commit.
func (o *output) abort() {
	if o.direct != nil {
		o.direct.Close()
		o.direct = nil
	}
	if o.tmp != nil {
		o.tmp.remove()
	}
}

// resolve follows the symbolic links of file, dangling ones included, and
// returns the path of the file they end at. It reports as direct a path
// that passes through /proc or /dev/fd, whose links (such as
// /proc/self/fd/1 -> pipe:[123]) name open files rather than paths.
func resolve(file string) (target string, direct bool, err error) {
	p := file
	for range 40 {
		if isProcPath(p) {
			return p, true, nil
		}
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, false, nil
		}
		if err != nil {
			return "", false, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return p, false, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", false, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", false, errors.New("too many levels of symbolic links")
}

func isProcPath(p string) bool {
	p = filepath.ToSlash(filepath.Clean(p))
	return strings.HasPrefix(p, "/proc/") || strings.HasPrefix(p, "/dev/fd/")
}

// overwrite writes data over the content of the existing file target, in
// place, keeping its inode (and so its hard links, owner and mode).
func overwrite(target string, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Truncate(int64(len(data)))
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a rename in the directory of file durable. Errors are
// ignored: not every file system syncs directories.
func syncDir(file string) {
	if d, err := os.Open(filepath.Dir(file)); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// tempFile is a temporary file beside the file it will replace,
// registered for removal on a signal until it is renamed or removed.
type tempFile struct {
	f    *os.File
	name string
}

// createTemp creates a temporary file beside target with mode perm (less
// the umask), registered for removal on a signal.
func createTemp(target, name string, perm fs.FileMode) (*tempFile, error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	for range 100 {
		var r [6]byte
		_, _ = rand.Read(r[:])
		p := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(r[:]))
		temps.add(p)
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if err == nil {
			return &tempFile{f: f, name: p}, nil
		}
		temps.drop(p)
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s: cannot create: %v", name, pathErr(err))
		}
	}
	return nil, fmt.Errorf("%s: cannot create a temporary file beside it", name)
}

// write writes data to the file, syncs and closes it.
func (t *tempFile) write(data []byte) error {
	_, err := t.f.Write(data)
	if err == nil {
		err = t.f.Sync()
	}
	if cerr := t.close(); err == nil {
		err = cerr
	}
	return err
}

// close closes the file, keeping it.
func (t *tempFile) close() error {
	if t.f == nil {
		return nil
	}
	err := t.f.Close()
	t.f = nil
	return err
}

// remove closes and removes the file, unless it was forgotten.
func (t *tempFile) remove() {
	t.close()
	if t.name != "" {
		os.Remove(t.name)
		temps.drop(t.name)
		t.name = ""
	}
}

// forget keeps the file: it was renamed into place, or holds content the
// user must recover.
func (t *tempFile) forget() {
	t.close()
	temps.drop(t.name)
	t.name = ""
}

// temps are the temporary files the process holds, removed on a signal.
var temps = &tempSet{m: map[string]bool{}}

type tempSet struct {
	mu sync.Mutex
	m  map[string]bool
}

func (s *tempSet) add(p string) {
	s.mu.Lock()
	s.m[p] = true
	s.mu.Unlock()
}

func (s *tempSet) drop(p string) {
	s.mu.Lock()
	delete(s.m, p)
	s.mu.Unlock()
}

// hold runs rewrite, which writes the temporary file p over its target
// in place, with the set locked: removeAll (a signal) waits for it to
// end, so that an interruption leaves the target complete, old or new.
// When rewrite fails, p is dropped from the set before it is unlocked: a
// signal then keeps it, as the error that names it does.
func (s *tempSet) hold(p string, rewrite func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := rewrite()
	if err != nil {
		delete(s.m, p)
	}
	return err
}

// removeAll removes every temporary file and returns how many it removed.
// The set stays locked, so that no new file is registered after.
func (s *tempSet) removeAll() int {
	s.mu.Lock()
	n := 0
	for p := range s.m {
		if os.Remove(p) == nil {
			n++
		}
	}
	clear(s.m)
	return n
}

// pathErr strips the path from an *fs.PathError, whose message would
// otherwise name the temporary file.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progress reports the steps of long work on standard error, on one line
// overwritten in place, when standard error is a terminal; otherwise it is
// silent, so that logs and pipes get only results and errors. The line is
// cleared when the command ends.
type progress struct {
	w     io.Writer
	on    bool
	shown bool
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, on: isTerminal(w)}
}

// printf shows the current step.
func (p *progress) printf(format string, args ...any) {
	if p == nil || !p.on {
		return
	}
	fmt.Fprintf(p.w, "\r\033[Ksoup: %s…", escapeControls(fmt.Sprintf(format, args...)))
	p.shown = true
}

// done clears the progress line.
func (p *progress) done() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// escapeControls returns s with every control character but newline and
// tab written as a Go escape (\x1b, \r, \u0085), so that text from an
// input (a package name holding an escape sequence) cannot move the
// cursor, clear the screen or set the window title of the terminal it is
// printed to. Bidirectional overrides are escaped too, and invalid UTF-8
// byte by byte (a lone 0x9b is a control sequence to some terminals).
func escapeControls[T string | []byte](s T) T {
	b := []byte(s)
	i := firstControl(b)
	if i < 0 {
		return s
	}
	var out bytes.Buffer
	out.Grow(len(b) + 16)
	for i >= 0 {
		out.Write(b[:i])
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == '\r':
			out.WriteString(`\r`)
		case r == utf8.RuneError && size <= 1, r < 0x80:
			fmt.Fprintf(&out, `\x%02x`, b[i])
		default:
			fmt.Fprintf(&out, `\u%04x`, r)
		}
		b = b[i+size:]
		i = firstControl(b)
	}
	out.Write(b)
	return T(out.Bytes())
}

// firstControl returns the index of the first byte of b that
// escapeControls escapes, or -1.
func firstControl(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return i
		}
		i += size
	}
	return -1
}
