package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/soupkit/soupkit/soup"
)

// flags is the flag set of one command, with its help text.
type flags struct {
	*flag.FlagSet
	usage    string // the synopsis, such as "soup check [flags] INPUT..."
	about    string // what the command does
	examples string
	help     io.Writer
}

func newFlags(e *env, name, usage, about, examples string) *flags {
	fs := flag.NewFlagSet("soup "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by run, help by parse
	return &flags{FlagSet: fs, usage: usage, about: about, examples: examples, help: e.stdout}
}

// errHelp reports that -h was given and the help printed.
var errHelp = errors.New("help requested")

// parse parses args, which may mix flags and operands ("soup check
// sbom.json -class B"); everything after "--" is an operand. It returns
// the operands. On -h it prints the help to standard output and returns
// errHelp.
func (f *flags) parse(args []string) ([]string, error) {
	var operands []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printHelp()
				return nil, errHelp
			}
			return nil, fmt.Errorf("%v%s (see %s -h)", err, f.suggestFlag(err), f.Name())
		}
		rest := f.Args()
		if len(rest) == 0 {
			return operands, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(operands, rest...), nil
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}

// suggestFlag returns a suggestion of the nearest flag for an error about
// an unknown one, else "".
func (f *flags) suggestFlag(err error) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	var names []string
	f.VisitAll(func(fl *flag.Flag) { names = append(names, fl.Name) })
	if n := nearest(strings.TrimPrefix(name, "-"), names); n != "" {
		return fmt.Sprintf(" (did you mean -%s?)", n)
	}
	return ""
}

func (f *flags) printHelp() {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s\n\n%s\n", f.usage, strings.TrimSpace(f.about))
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		b.WriteString("\nFlags:\n")
		f.SetOutput(&b)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
	if f.examples != "" {
		fmt.Fprintf(&b, "\nExamples:\n%s\n", strings.TrimRight(f.examples, "\n"))
	}
	fmt.Fprint(f.help, b.String())
}

// classFlag is a -class flag: a software safety class, unset by default.
type classFlag struct{ c soup.SafetyClass }

func (f *classFlag) String() string {
	if f == nil || f.c == 0 {
		return ""
	}
	return f.c.String()
}

func (f *classFlag) Set(s string) error {
	c, err := soup.ParseSafetyClass(s)
	if err != nil {
		return err
	}
	f.c = c
	return nil
}

// commonFlags are the flags of every command that reads INPUTs.
type commonFlags struct {
	curated string
	verbose bool
	vex     fileList
}

// fileList is a flag that may be given several times, one file each.
type fileList []string

func (l *fileList) String() string { return strings.Join(*l, ",") }

func (l *fileList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

func (c *commonFlags) register(f *flags) {
	f.Var(&c.vex, "vex", "a VEX `FILE` (CycloneDX VEX or VDR, OpenVEX) whose statements become anomalies of the items they are about; may be repeated")
	f.StringVar(&c.curated, "curated", "", "the curated SOUP `FILE` (soup.yaml) whose documentation is carried over to the INPUT's items")
	f.BoolVar(&c.verbose, "v", false, "report on standard error what was read from each INPUT and what had no place in the SOUP list (warnings are always reported)")
}

// wrapHelp turns errHelp into a clean exit.
func wrapHelp(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}
