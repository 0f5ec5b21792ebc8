package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"
	"unicode"

	"github.com/soupkit/soupkit/soup"
	"github.com/soupkit/soupkit/soup/anomaly"
)

func runAnomalies(e *env, args []string) error {
	f := newFlags(e, "anomalies", "soup anomalies [-db PATH]... [-online] [-kev FILE|URL] [-eol FILE|URL]... [-curated FILE [-write]] [-format text|json|markdown] [-now DATE] [-o FILE] [INPUT...]",
		`Anomalies looks up the published anomaly lists of the SOUP items (IEC 62304
7.1.3, 6.2.1) and lists, per item, every anomaly that affects the exact
version in use, with whether a person has evaluated it:

  SOUP-0007  requests 2.23.0  pkg:pypi/requests@2.23.0
    GHSA-9wx4-h78v-vm56  medium  unevaluated  Requests Session object does not verify ...

Items are matched by package URL and version, with each ecosystem's own
version order, against OSV records:

  -db PATH     offline: a directory of OSV records (searched recursively), a
               zip such as OSV's per-ecosystem all.zip, or one record; give
               -db several times to use several;
  -online      the OSV API (https://api.osv.dev, or -osv-url), with a cache
               of the records fetched in -osv-cache;
  -kev         the CISA catalogue of Known Exploited Vulnerabilities (a file,
               or its URL): anomalies in it are marked known exploited;
  -eol         endoflife.date API v1 data (files or URLs): fills an item's
               support level and end of support where a person has not.

Nothing goes to the network unless -online or a URL is given. Progress of
online lookups is shown on standard error when it is a terminal.

With -curated the INPUTs are reconciled with the curated list first, as sync
does, so that its evaluations count; without INPUTs the curated list itself
is looked up. With -write the result is recorded in the curated file: each
new anomaly (unevaluated), anomalies that no longer affect the version
(marked, never deleted), filled support, and in each item's anomaly review
the snapshot of every source (name, as-of time, digest of the data read), so
that the evaluation can be replayed later against the same data. A person's
evaluation (status, justification, by, date) is never changed. The file is
written as sync writes it (atomically, comments and key order of YAML kept);
a second run against the same data changes nothing. With INPUTs, what sync
would change is written too.

The exit status is 0 when every affecting anomaly is evaluated, 1 when one
is not (so that CI fails on a new advisory), and 2 for a usage or input
error. The JSON output is an array of objects with the keys item, name,
version, purl, id, aliases, summary, severity, fixed, knownExploited and
status ("unevaluated", or the person's: affected, not-affected, fixed,
under-investigation). Items that could not be looked up (no package URL, a
package type OSV does not cover) are named on standard error.`,
		`  soup anomalies -db osv/PyPI-all.zip soup.yaml
  soup anomalies -online -kev known_exploited_vulnerabilities.json -curated soup.yaml sbom.json
  soup anomalies -db osv/ -curated soup.yaml -write          # record new anomalies and the snapshot
  soup anomalies -db osv/ -format json sbom.json > anomalies.json
  soup check -class B -db osv/ -curated soup.yaml sbom.json  # fail while one is not evaluated`)
	var (
		common  commonFlags
		af      anomalyFlags
		write   bool
		format  string
		out     string
		nowFlag string
	)
	common.register(f)
	af.register(f)
	f.BoolVar(&write, "write", false, "record the anomalies found and the snapshot of the data in the -curated file")
	f.StringVar(&format, "format", "text", "the output `format`: text, json (an array of matches) or markdown (a table)")
	f.StringVar(&nowFlag, "now", "", "the `DATE` (YYYY-MM-DD) lifecycle data is judged at (default: as the data says)")
	f.StringVar(&out, "o", "-", "the output `FILE`; - is standard output")
	inputs, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	switch format {
	case "text", "json", "markdown":
	default:
		return usageError(f, "-format: unknown format %q (want text, json or markdown)", format)
	}
	if !af.any() {
		return usageError(f, "no anomaly data: give -db PATH, -online, -kev or -eol")
	}
	if write && common.curated == "" {
		return usageError(f, "-write needs -curated FILE")
	}
	if len(inputs) == 0 && common.curated == "" {
		return usageError(f, "no INPUT given")
	}
	var now time.Time
	if nowFlag != "" {
		d, err := soup.ParseDate(nowFlag)
		if err != nil {
			return usageError(f, "-now: %v", err)
		}
		now = d.Time()
	}

	var (
		l      *soup.List
		target *curatedTarget // the curated file, for -write
	)
	if common.curated != "" {
		if common.curated == "-" {
			return usageError(f, "-curated must name a file, not standard input")
		}
		if target, err = openCuratedTarget(e, common.curated); err != nil {
			return err
		}
		defer target.close()
		if l, err = soup.Parse(target.orig); err != nil {
			return fmt.Errorf("%s: %w", common.curated, err)
		}
		if len(inputs) > 0 {
			scanned, err := scanInputs(e, f, &common, inputs)
			if err != nil {
				return err
			}
			l, _ = soup.Reconcile(l, scanned)
		}
	} else if l, err = scanInputs(e, f, &common, inputs); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := af.evaluate(ctx, e, "anomalies", l, now)
	if err != nil {
		return err
	}

	var b bytes.Buffer
	switch format {
	case "json":
		err = writeMatchesJSON(&b, res.Matches)
	case "markdown":
		writeMatchesMarkdown(&b, res)
	default:
		writeMatchesText(&b, res)
	}
	if err != nil {
		return err
	}
	if write {
		// Record before printing, so that a closed standard output cannot
		// stop the update.
		changed, err := target.write(e, "anomalies", res.List)
		if err != nil {
			return err
		}
		target.close()
		status := "up to date"
		if changed {
			status = "updated"
		}
		fmt.Fprintf(e.stderr, "soup anomalies: %s: %s\n", common.curated, status)
	}
	if err := writeOutput(e, out, b.Bytes()); err != nil {
		return err
	}
	if len(res.Unevaluated()) > 0 {
		return errExit1
	}
	return nil
}

// anomalyFlags are the flags that name published anomaly and lifecycle
// data: soup anomalies and soup check take them.
type anomalyFlags struct {
	db       listFlag
	online   bool
	osvURL   string
	osvCache string
	kev      string
	eol      listFlag
}

func (a *anomalyFlags) register(f *flags) {
	f.Var(&a.db, "db", "an offline OSV database: a `PATH` to a directory of records, a zip (OSV's all.zip) or a record; repeatable")
	f.BoolVar(&a.online, "online", false, "look the items up in the OSV API (network)")
	f.StringVar(&a.osvURL, "osv-url", anomaly.DefaultOSVURL, "the base `URL` of the OSV API for -online (a mirror)")
	f.StringVar(&a.osvCache, "osv-cache", "", "a `DIR` where -online keeps the records it fetched, by ID and modification time")
	f.StringVar(&a.kev, "kev", "", "the CISA Known Exploited Vulnerabilities catalogue: a JSON `FILE` or its URL")
	f.Var(&a.eol, "eol", "endoflife.date API v1 data: a JSON `FILE` or URL; repeatable")
}

// any reports whether any data was named.
func (a *anomalyFlags) any() bool {
	return len(a.db) > 0 || a.online || a.kev != "" || len(a.eol) > 0
}

// evaluate loads the sources the flags name and evaluates l against them.
// Warnings and the items that could not be looked up go to standard error,
// prefixed by the command's name.
func (a *anomalyFlags) evaluate(ctx context.Context, e *env, cmd string, l *soup.List, now time.Time) (*anomaly.Result, error) {
	// Downloads get a client that gives up; the OSV client retries.
	client := &http.Client{Timeout: 2 * time.Minute}
	var sources []anomaly.Source
	if len(a.db) > 0 {
		paths := make([]string, len(a.db))
		for i, p := range a.db {
			if err := sourceExists(e, p); err != nil {
				return nil, fmt.Errorf("-db: %w", err)
			}
			paths[i] = e.path(p)
			e.progress.printf("reading %s", p)
		}
		db, err := anomaly.OpenOSV(ctx, nil, paths...)
		if err != nil {
			return nil, fmt.Errorf("-db: %w", err)
		}
		sources = append(sources, db)
	}
	if a.online {
		c := &anomaly.OSVClient{BaseURL: a.osvURL, Client: client}
		if a.osvCache != "" {
			c.CacheDir = e.path(a.osvCache)
		}
		c.Progress = func(stage string, done, total int) {
			e.progress.printf("osv %s %d/%d", stage, done, total)
		}
		sources = append(sources, c)
	}
	if a.kev != "" {
		if err := sourceExists(e, a.kev); err != nil {
			return nil, fmt.Errorf("-kev: %w", err)
		}
		e.progress.printf("reading %s", a.kev)
		k, err := anomaly.LoadKEV(ctx, client, a.resolve(e, a.kev))
		if err != nil {
			return nil, fmt.Errorf("-kev: %w", err)
		}
		sources = append(sources, k)
	}
	if len(a.eol) > 0 {
		srcs := make([]string, len(a.eol))
		for i, s := range a.eol {
			if err := sourceExists(e, s); err != nil {
				return nil, fmt.Errorf("-eol: %w", err)
			}
			srcs[i] = a.resolve(e, s)
		}
		e.progress.printf("reading lifecycle data")
		lc, err := anomaly.LoadLifecycle(ctx, client, srcs...)
		if err != nil {
			return nil, fmt.Errorf("-eol: %w", err)
		}
		sources = append(sources, lc)
	}
	e.progress.printf("evaluating %d items", len(l.Items))
	res, err := anomaly.Evaluate(ctx, l, sources, &anomaly.Options{Now: now})
	if err != nil {
		return nil, err
	}
	e.progress.done()
	for _, s := range res.Skipped {
		fmt.Fprintf(e.stderr, "soup %s: warning: %s %s: not looked up: %s\n", cmd, s.Item, oneLine(s.Name), oneLine(s.Reason))
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "soup %s: warning: %s\n", cmd, oneLine(w))
	}
	return res, nil
}

// sourceExists checks that src, unless it is a URL, names a file or directory,
// so that an error names it as the user gave it.
func sourceExists(e *env, src string) error {
	if isURL(src) {
		return nil
	}
	if _, err := os.Stat(e.path(src)); err != nil {
		return fileError(src, err)
	}
	return nil
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// resolve returns src resolved in e's directory, unless it is a URL.
func (a *anomalyFlags) resolve(e *env, src string) string {
	if isURL(src) {
		return src
	}
	return e.path(src)
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	if s == "" {
		return errors.New("empty value")
	}
	*l = append(*l, s)
	return nil
}

// writeMatchesJSON writes the matches as a JSON array (empty, not null,
// when there are none), with aliases and fixed as arrays, never null.
func writeMatchesJSON(w io.Writer, ms []anomaly.Match) error {
	out := make([]anomaly.Match, len(ms))
	for i, m := range ms {
		if m.Aliases == nil {
			m.Aliases = []string{}
		}
		if m.Fixed == nil {
			m.Fixed = []string{}
		}
		out[i] = m
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeMatchesText writes the matches grouped by item, then the recorded
// anomalies that no longer affect, the support filled and a summary line.
func writeMatchesText(w io.Writer, res *anomaly.Result) {
	last := ""
	for _, m := range res.Matches {
		if m.Item != last {
			fmt.Fprintf(w, "%s  %s %s  %s\n", m.Item, oneLine(m.Name), oneLine(m.Version), oneLine(m.PURL))
			last = m.Item
		}
		var extra []string
		if m.KnownExploited {
			extra = append(extra, "KNOWN EXPLOITED")
		}
		if len(m.Fixed) > 0 {
			extra = append(extra, "fixed in "+oneLine(strings.Join(m.Fixed, ", ")))
		}
		line := fmt.Sprintf("  %-20s  %-8s  %-19s  %s", m.ID, orDash(m.Severity), m.Status, oneLine(m.Summary))
		if len(extra) > 0 {
			line += " (" + strings.Join(extra, "; ") + ")"
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	for _, m := range res.NoLongerAffecting {
		fmt.Fprintf(w, "%s  %s %s: %s no longer affects this version\n", m.Item, oneLine(m.Name), oneLine(m.Version), m.ID)
	}
	for _, s := range res.Support {
		line := fmt.Sprintf("%s  support from %s %s: %s", s.Item, oneLine(s.Product), oneLine(s.Release), s.Level)
		if s.EndOfSupport != "" {
			line += ", end of support " + s.EndOfSupport
		}
		fmt.Fprintln(w, line)
	}
	items := map[string]bool{}
	for _, m := range res.Matches {
		items[m.Item] = true
	}
	fmt.Fprintf(w, "%s affecting %s: %d unevaluated\n", anomalyCount(len(res.Matches)), plural(len(items), "item"), len(res.Unevaluated()))
}

// writeMatchesMarkdown writes the matches as a Markdown table.
func writeMatchesMarkdown(w io.Writer, res *anomaly.Result) {
	fmt.Fprintln(w, "| Item | Name | Version | Anomaly | Aliases | Severity | Fixed in | Known exploited | Status | Summary |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	for _, m := range res.Matches {
		exploited := "no"
		if m.KnownExploited {
			exploited = "**yes**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			mdCell(m.Item), mdCell(m.Name), mdCell(m.Version), mdCell(m.ID), mdCell(strings.Join(m.Aliases, ", ")),
			mdCell(m.Severity), mdCell(strings.Join(m.Fixed, ", ")), exploited, mdCell(m.Status), mdCell(m.Summary))
	}
	fmt.Fprintf(w, "\n%s affecting the items; %d not evaluated.\n", anomalyCount(len(res.Matches)), len(res.Unevaluated()))
}

// oneLine makes published text safe for one line of a terminal: control
// characters (escape sequences, line breaks) become spaces.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// mdCell escapes published text for a Markdown table cell: one line, pipes,
// backslashes, HTML and emphasis characters escaped.
func mdCell(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		switch r {
		case '|', '\\', '*', '_', '`', '[', ']', '<', '>', '#', '~':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// anomalyCount words n anomalies.
func anomalyCount(n int) string {
	if n == 1 {
		return "1 anomaly"
	}
	return fmt.Sprintf("%d anomalies", n)
}
