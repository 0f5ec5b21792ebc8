// Command soup turns the SBOM a build produces into the SOUP list that
// IEC 62304 asks of medical device software, checks it against the rules
// of the software safety class, and keeps the hand-written documentation
// (soup.yaml) in step with the code.
//
// Usage:
//
//	soup init    [-class A|B|C] [-o soup.yaml] [INPUT...]
//	soup import  [-o soup.yaml] [-map HEADER=FIELD,...] [-sheet NAME] FILE
//	soup render  [-format NAME] [-columns PRESET|help] [-curated FILE] [-class A|B|C] [-findings] [-paper a4|letter] [-o FILE] INPUT...
//	soup check   [-class A|B|C] [-curated FILE] [-policy FILE] [-format text|json|sarif|junit|github] [-o FILE]
//	             [-max N] [-rule RULE,...] [-item ID,...] [-max-review-age DAYS] [-now DATE] INPUT...
//	soup sync    -curated FILE [-check] INPUT...
//	soup review  -by NAME [-date DATE] [-verification TEXT] [-anomalies [-conclusion TEXT]] [-curated FILE] ITEM...
//	soup convert -to FORMAT [-curated FILE] [-o FILE] INPUT...
//	soup diff    [-format text|json|markdown] [-curated FILE] [-o FILE] [-exit-code] OLD NEW
//	soup anomalies [-db PATH]... [-online] [-kev FILE|URL] [-eol FILE|URL]... [-curated FILE [-write]] [-format text|json|markdown] [-now DATE] [-o FILE] [INPUT...]
//	soup version
//
// An INPUT is an SBOM (CycloneDX 1.2–1.7 JSON or XML, SPDX 2.2/2.3 JSON,
// tag-value or YAML) or a soupkit list (soup.yaml, soup.json); the format
// is recognised from the bytes. Several INPUTs are merged into one list,
// each item recording the inputs it came from. "-" is standard input (as
// an INPUT) or standard output (as -o).
//
// Exit status: 0 on success, 1 when check finds a problem at error level
// (or sync -check finds the curated file out of step, diff -exit-code a
// change, or anomalies an affecting anomaly nobody has evaluated), 2 for a usage or
// input error (one line on standard error naming the file), 3 for an
// internal error: a bug in soupkit or a dependency, not in the input. Output
// files are written as a shell redirection would, but atomically: a regular
// file complete or not at all (its mode, owner and links kept), a device,
// FIFO or /dev/stdout opened by name and written directly. Progress is shown on
// standard error only when it is a terminal.
//
// The curated file is a soupkit list in YAML or JSON (see package soup);
// sync keeps the comments and key order of a hand-written YAML file where
// the content did not change. A policy file (check -policy) holds the
// suppressions a team accepted, each with its justification, and the
// opt-in rules it wants; see "soup check -h".
//
// Run without arguments, soup shows what it does on a bundled example: a
// Flask backend's SBOM and its curated SOUP list. "soup COMMAND -h" shows
// each command's flags and examples.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"github.com/soupkit/soupkit/sbom"
)

func main() {
	stop := cleanupOnSignal()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, memory: boundMemory}
	code := runIn(e, os.Args[1:])
	stop()
	os.Exit(code)
}

// memoryPerByte and memoryBase set the soft memory limit of the process
// from the size of its inputs (see boundMemory).
const (
	memoryPerByte = 5
	memoryBase    = 64 << 20
)

// boundMemory sets the soft memory limit of the Go runtime to
// memoryPerByte times the bytes read plus memoryBase, unless the user set
// GOMEMLIMIT: the garbage collector then works harder as the heap nears
// the limit, instead of letting it grow to twice what is live, so that
// the peak memory of a command stays near ten times its input. The limit
// is soft: a command that needs more still gets it, collecting more often.
func boundMemory(read int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryPerByte*read + memoryBase)
}

// The exit statuses.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
	// exitInternal is a bug in soupkit or a dependency (sbom.ErrInternal),
	// not the input's fault.
	exitInternal = 3
)

// env is what a command reads and writes: the process's standard streams
// and working directory, replaced in tests.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// dir is the directory relative file names are resolved in; empty
	// means the process's working directory. Messages name a file as it
	// was given, not as resolved.
	dir string
	// progress reports long work on standard error when it is a terminal.
	progress *progress
	// read counts the bytes of the inputs read so far; memory, when set,
	// is told the count after each input (see boundMemory).
	read   int64
	memory func(read int64)
	// digests holds the hex SHA-256 of each input read, by name as given,
	// for the evidence of origin.
	digests map[string]string
	// lookupEnv returns an environment variable; nil means an empty
	// environment (tests set their own).
	lookupEnv func(string) (string, bool)
}

// getenv returns the environment variable name, or "".
func (e *env) getenv(name string) string {
	if e.lookupEnv == nil {
		return ""
	}
	v, _ := e.lookupEnv(name)
	return v
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

// commands returns the subcommands in the order the help lists them.
func commands() []command {
	return []command{
		{"init", "start a curated soup.yaml: system, document control, risk levels and the SBOM's items", runInit},
		{"import", "start a curated soup.yaml from a SOUP list kept as CSV, XLSX or Markdown", runImport},
		{"render", "write the SOUP list as Markdown, HTML, CSV, JSON, XLSX, PDF or a template", runRender},
		{"check", "validate the SOUP list against the IEC 62304 rules of its safety class", runCheck},
		{"sync", "reconcile the curated soup.yaml with a new SBOM and write it back", runSync},
		{"review", "record that a person verified an item, or reviewed its anomalies, for its version", runReview},
		{"convert", "convert an SBOM or SOUP list to CycloneDX or SPDX, documentation included", runConvert},
		{"anomalies", "list the published anomalies affecting each item's version, and record them", runAnomalies},
		{"diff", "report what changed between two SBOMs or lists, for a change request", runDiff},
		{"version", "print the version of soup", runVersion},
	}
}

// path returns the file name resolved in e's directory.
func (e *env) path(name string) string {
	if e.dir == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(e.dir, name)
}

// errExit1 ends a command with exit status 1 and no further message: the
// command has already said why (check printed its findings).
var errExit1 = errors.New("exit status 1")

// run runs the soup command with args (without the program name) and
// returns its exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runIn(&env{stdin: stdin, stdout: stdout, stderr: stderr, lookupEnv: os.LookupEnv}, args)
}

// runIn runs the soup command in e: with its streams, and resolving
// relative file names in e.dir. It returns the exit status.
func runIn(e *env, args []string) int {
	e.progress = newProgress(e.stderr)
	if len(args) == 0 {
		return report(e, "", runDemo(e))
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && name == "help" {
			return runIn(e, []string{args[1], "-h"})
		}
		fmt.Fprint(e.stdout, mainUsage())
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return report(e, c.name, c.run(e, args[1:]))
		}
	}
	fmt.Fprintf(e.stderr, "soup: unknown command %q (want one of %s; see soup -h)\n", name, commandNames())
	return exitError
}

// report prints err, if any, as one line on standard error and returns
// the exit status it stands for.
func report(e *env, cmd string, err error) int {
	e.progress.done()
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errExit1):
		return exitFindings
	}
	prefix := "soup: "
	if cmd != "" {
		prefix = "soup " + cmd + ": "
	}
	msg := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
	fmt.Fprintln(e.stderr, prefix+escapeControls(shorten(msg, maxMessage)))
	if errors.Is(err, sbom.ErrInternal) {
		return exitInternal
	}
	return exitError
}

// maxMessage bounds the length of an error line, in bytes: the libraries
// soup uses may quote a whole input value (a megabyte-long field) in an
// error.
const maxMessage = 1000

// shorten returns s, or when it is longer than max bytes its beginning and
// end around an ellipsis that says how much was left out, cut at rune
// boundaries.
func shorten(s string, max int) string {
	if len(s) <= max {
		return s
	}
	head, tail := max*3/4, max/4
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail > 0 && !utf8.RuneStart(s[len(s)-tail]) {
		tail--
	}
	return fmt.Sprintf("%s … [%d bytes left out] … %s", s[:head], len(s)-head-tail, s[len(s)-tail:])
}

// excerpt returns a short quotable excerpt of s, for messages that name a
// value from the input.
func excerpt(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func commandNames() string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

func mainUsage() string {
	var b strings.Builder
	b.WriteString(`soup turns an SBOM into the SOUP list of IEC 62304, checks it against the
rules of the software safety class, and keeps the curated soup.yaml in step
with the code.

Usage:
  soup                      show what soup does, on a bundled example
  soup COMMAND [flags] INPUT...

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString(`
An INPUT is an SBOM (CycloneDX 1.0-1.7 JSON/XML, SPDX 2.1-2.3 JSON,
tag-value or YAML) or a SOUP list (soup.yaml, soup.json); the format is
recognised from its bytes. Several INPUTs merge into one list. "-" is
standard input, and standard output for -o.

Exit status: 0 success, 1 findings at error level (check; also sync
-check, diff -exit-code, an unevaluated anomaly), 2 usage or input error,
3 internal error (a bug in soupkit or a dependency: please report it with
the input).

Examples:
  syft dir:. -o cyclonedx-json > sbom.json
  soup init -class B sbom.json                # start soup.yaml (or: soup import old-list.xlsx)
  soup sync -curated soup.yaml sbom.json      # add new dependencies to soup.yaml
  soup check -curated soup.yaml sbom.json     # fail the build on missing documentation
  soup render -curated soup.yaml -o SOUP.md sbom.json

Run "soup COMMAND -h" for the flags and examples of a command.
`)
	return b.String()
}
