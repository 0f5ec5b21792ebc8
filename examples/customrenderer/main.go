// Command customrenderer shows how a program adds a renderer of its own to
// soupkit's: it registers a plain-text table renderer under the name
// "text" in a registry obtained from render.Builtin, then renders a SOUP
// list with whichever renderer the -format flag names.
//
//	go run ./examples/customrenderer                   # the bundled soup.yaml as a text table
//	go run ./examples/customrenderer -format markdown  # a built-in renderer, by the same route
//	go run ./examples/customrenderer -formats          # the registered names
//	go run ./examples/customrenderer my-soup.yaml
package main

import (
	"bytes"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

//go:embed soup.yaml
var example []byte

// Text renders the SOUP table as plain text in aligned columns, under the
// title and document control. It builds on render.View, like every
// renderer, so the columns, sort order and document control are the ones
// the caller chose in render.Options.
type Text struct {
	// MaxWidth truncates cells wider than this many characters; zero
	// means no limit.
	MaxWidth int
}

// Render implements render.Renderer.
func (t Text) Render(w io.Writer, l *soup.List, opts *render.Options) error {
	v, err := render.NewView(l, opts)
	if err != nil {
		return err
	}
	maxw := t.MaxWidth
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n%s\n\n", v.Title, strings.Repeat("=", utf8.RuneCountInString(v.Title)))
	for _, r := range v.Control.Rows {
		fmt.Fprintf(&b, "%-22s %s\n", r.Cells[0].String()+":", flatten(r.Cells[1], maxw))
	}
	b.WriteString("\n")

	rows := [][]string{v.Items.Headings}
	for _, r := range v.Items.Rows {
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, flatten(c, maxw))
		}
		rows = append(rows, cells)
	}
	widths := make([]int, len(v.Items.Headings))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for i, r := range rows {
		var line strings.Builder
		for j, c := range r {
			line.WriteString(c)
			line.WriteString(strings.Repeat(" ", widths[j]-utf8.RuneCountInString(c)+2))
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		if i == 0 {
			for j, wd := range widths {
				if j > 0 {
					b.WriteString("  ")
				}
				b.WriteString(strings.Repeat("-", wd))
			}
			b.WriteString("\n")
		}
	}
	if len(v.Items.Rows) == 0 {
		b.WriteString(v.Items.Empty + "\n")
	}
	if v.Findings != nil {
		fmt.Fprintf(&b, "\n%s\n\n", v.Findings.Title)
		if len(v.Findings.Rows) == 0 {
			b.WriteString(v.Findings.Empty + "\n")
		}
		for _, r := range v.Findings.Rows {
			// Item, clause, severity, rule, field, message, status, justification.
			fmt.Fprintf(&b, "- %s  %s  %s  %s: %s", flatten(r.Cells[0], maxw), r.Cells[1], r.Cells[2], r.Cells[3], flatten(r.Cells[5], 0))
			if r.Finding.Suppressed {
				fmt.Fprintf(&b, " [suppressed: %s]", flatten(r.Cells[7], 0))
			}
			b.WriteString("\n")
		}
	}
	_, err = w.Write(b.Bytes())
	return err
}

// flatten joins a cell's values on one line, cut to maxw characters
// unless maxw is zero.
func flatten(c render.Cell, maxw int) string {
	s := strings.Join(strings.Fields(c.Join("; ")), " ")
	if maxw > 0 && utf8.RuneCountInString(s) > maxw {
		s = string([]rune(s)[:maxw-1]) + "…"
	}
	return s
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customrenderer:", err)
		os.Exit(2)
	}
}

// run is the program, apart from the process: it parses args, renders and
// writes to stdout.
func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("customrenderer", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "the renderer's registered `name`")
	columns := fs.String("columns", "minimal", "a column preset, or field names with optional headings (name,version:Ver)")
	list := fs.Bool("formats", false, "list the registered formats and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}

	// The registry is a value the program holds: the built-in renderers,
	// plus its own.
	reg := render.Builtin()
	if err := reg.Register("text", Text{MaxWidth: 40}); err != nil {
		return err
	}
	if *list {
		_, err := fmt.Fprintln(stdout, strings.Join(reg.Names(), "\n"))
		return err
	}
	r, ok := reg.Lookup(*format)
	if !ok {
		return fmt.Errorf("unknown format %q (have %s)", *format, strings.Join(reg.Names(), ", "))
	}

	cols, err := render.Preset(*columns)
	if errors.Is(err, render.ErrUnknownPreset) {
		cols, err = render.ParseColumns(*columns)
	}
	if err != nil {
		return err
	}

	data := example
	if fs.NArg() > 1 {
		return errors.New("more than one SOUP list given")
	}
	if fs.NArg() == 1 {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		data, err = soup.ReadAll(f, 0)
		if err != nil {
			return err
		}
	}
	l, err := soup.Parse(data)
	if err != nil {
		return err
	}
	return r.Render(stdout, l, &render.Options{Columns: cols})
}
