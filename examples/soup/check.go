package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/soupkit/soupkit/soup"
)

func runCheck(e *env, args []string) error {
	f := newFlags(e, "check", "soup check [-class A|B|C] [-curated FILE] [-policy FILE] [-format text|json] [-max-review-age DAYS] [-now DATE] INPUT...",
		`Check validates the SOUP list against the rules of IEC 62304 for its software
safety class and prints each finding with the clause it enforces:

  SOUP-0007  requirements-missing  5.3.3  error: ...

The exit status is 0 when no finding at error level is left, 1 when one is,
and 2 for a usage or input error, so that a CI pipeline fails the build when
a new dependency is undocumented.

A policy file (-policy) records what a team accepted and asks for: findings
it suppresses, each with a written justification (suppressed findings are
still printed, marked as such, and do not fail the check), and opt-in rules:

  class: B
  maxReviewAge: 365          # days since each item's anomaly review
  requireLicense: true       # a valid SPDX licence on every item
  requireSupplier: true      # the system names its manufacturer
  requireSupport: true       # support level and end of support (FDA)
  suppressions:
    - rule: anomaly-review-missing
      item: SOUP-0012
      justification: Build-time only; not part of the shipped image.

Flags override the policy file.`,
		`  soup check -curated soup.yaml sbom.json
  soup check -class B -policy soup-policy.yaml -curated soup.yaml sbom.json
  soup check -format json -curated soup.yaml sbom.json > findings.json
  soup check -max-review-age 365 soup.yaml         # a SOUP list on its own
  syft dir:. -o cyclonedx-json | soup check -curated soup.yaml -`)
	var (
		common commonFlags
		pf     policyFlags
		format string
	)
	common.register(f)
	pf.register(f, true)
	f.StringVar(&format, "format", "text", "the output `format`: text (one finding per line) or json (an array)")
	inputs, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	if format != "text" && format != "json" {
		return usageError(f, "-format: unknown format %q (want text or json)", format)
	}
	pol, err := pf.policy(e)
	if err != nil {
		return err
	}
	l, err := loadInputs(e, f, &common, inputs)
	if err != nil {
		return err
	}
	findings := l.Validate(pol)
	if format == "json" {
		// Streamed, one finding at a time: the findings of a large list
		// are larger than the list.
		e.progress.done()
		w := bufio.NewWriterSize(e.stdout, 64<<10)
		if err := writeFindingsJSON(w, findings); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return fmt.Errorf("standard output: %v", pathErr(err))
		}
	} else {
		var b bytes.Buffer
		writeFindingsText(&b, findings)
		// Names from the inputs may hold terminal escape sequences.
		if err := writeOutput(e, "-", escapeControls(b.Bytes())); err != nil {
			return err
		}
	}
	if findings.Err() != nil {
		return errExit1
	}
	return nil
}

// writeFindingsText writes one finding per line and a summary line.
func writeFindingsText(w io.Writer, fs soup.Findings) {
	var errs, warns, suppressed int
	for _, f := range fs {
		fmt.Fprintln(w, f)
		switch {
		case f.Suppressed:
			suppressed++
		case f.Severity == soup.SeverityError:
			errs++
		default:
			warns++
		}
	}
	if len(fs) == 0 {
		fmt.Fprintln(w, "no findings")
		return
	}
	fmt.Fprintf(w, "%s: %s, %s, %d suppressed\n", plural(len(fs), "finding"),
		plural(errs, "error"), plural(warns, "warning"), suppressed)
}

// writeFindingsJSON writes the findings as a JSON array (empty, not null,
// when there are none), one finding at a time: a list of 40,000 items may
// have 100 MB of findings, which one MarshalIndent would hold three times.
func writeFindingsJSON(w io.Writer, fs soup.Findings) error {
	if len(fs) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	if _, err := io.WriteString(w, "[\n  "); err != nil {
		return err
	}
	for i, f := range fs {
		b, err := json.MarshalIndent(f, "  ", "  ")
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := io.WriteString(w, ",\n  "); err != nil {
				return err
			}
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
