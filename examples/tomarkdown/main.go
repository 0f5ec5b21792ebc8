// Command tomarkdown turns an SBOM into a Markdown SOUP list: the
// soupkit pipeline in a few lines, to copy into a tool of your own.
//
//	go run ./examples/tomarkdown sbom.cdx.json > SOUP.md
//	go run ./examples/tomarkdown -curated soup.yaml sbom.cdx.json
//	syft dir:. -o cyclonedx-json | go run ./examples/tomarkdown
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// ToMarkdown reads an SBOM (CycloneDX or SPDX, any encoding) from in and
// writes its SOUP list as Markdown to out. With curated non-nil the
// hand-written documentation of that SOUP list (soup.yaml) is carried
// over to the SBOM's items, and the findings of the IEC 62304 rules for
// the list's safety class are printed under the table.
func ToMarkdown(out io.Writer, in, curated io.Reader) error {
	l, _, err := sbom.Decode(in)
	if err != nil {
		return err
	}
	// The seed's table: name, version, requirements, issue tracker.
	opts := &render.Options{Columns: []render.Column{
		{Field: render.FieldName}, {Field: render.FieldVersion},
		{Field: render.FieldRequirements}, {Field: render.FieldIssueTracker},
	}}
	if curated != nil {
		c, err := soup.Read(curated, nil)
		if err != nil {
			return err
		}
		l, _ = soup.Reconcile(c, l)
		opts.Findings = l.Validate(soup.Policy{})
	}
	return render.Markdown{}.Render(out, l, opts)
}

func main() {
	curated := flag.String("curated", "", "the curated SOUP list (soup.yaml) to take the documentation from")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: tomarkdown [-curated soup.yaml] [SBOM]   (standard input without SBOM)")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*curated, flag.Args(), os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tomarkdown:", err)
		os.Exit(1)
	}
}

// run opens the files named on the command line and calls ToMarkdown.
func run(curatedPath string, args []string, stdin io.Reader, stdout io.Writer) error {
	in := stdin
	switch len(args) {
	case 0:
	case 1:
		f, err := os.Open(args[0])
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	default:
		return fmt.Errorf("want one SBOM, got %d", len(args))
	}
	var curated io.Reader
	if curatedPath != "" {
		f, err := os.Open(curatedPath)
		if err != nil {
			return err
		}
		defer f.Close()
		curated = f
	}
	return ToMarkdown(stdout, in, curated)
}
