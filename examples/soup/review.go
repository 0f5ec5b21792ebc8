package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/soupkit/soupkit/soup"
)

func runReview(e *env, args []string) error {
	f := newFlags(e, "review", "soup review -by NAME [-date DATE] [-verification TEXT] [-anomalies [-conclusion TEXT]] [-curated FILE] ITEM...",
		`Review records in the curated file that a person verified an item for its
current version: that the architecture supports it (5.3.6c), or, with
-anomalies, that its published anomaly list was evaluated (7.1.3). It sets
who, when and the version reviewed, and keeps everything else; the text of
the verification (-verification) or the conclusion of the anomaly review
(-conclusion) is replaced only when given, and must be given when the item
has none yet. An anomaly review that names no version of its own counts for
the version verified; recording a verification therefore pins the review's
version first, so that check still reports it when it is outdated.

An ITEM is an ID (SOUP-0007), a name (flask) or name@version. The file is
written back like sync writes it: atomically, in its format, keeping the
comments and key order of a hand-written YAML file; nothing is written when
nothing changes.

After an upgrade (soup sync), check reports verification-outdated and
anomaly-review-outdated for the upgraded items; review is how they are
closed once a person has looked again.`,
		`  soup review -by "Jane Doe" SOUP-0001
  soup review -by "Jane Doe" -date 2026-12-01 flask requests@2.28.1
  soup review -by "Jane Doe" -verification "Runs behind gunicorn; only the documented API is used." SOUP-0014
  soup review -anomalies -by "Jane Doe" -conclusion "No open anomaly affects the features we use." SOUP-0001`)
	var (
		curated      string
		by           string
		date         string
		verification string
		conclusion   string
		anomalies    bool
	)
	f.StringVar(&curated, "curated", "soup.yaml", "the curated SOUP `FILE` to update")
	f.StringVar(&by, "by", "", "the `NAME` of the person who reviewed (required)")
	f.StringVar(&date, "date", "", "the `DATE` of the review, YYYY-MM-DD (default: today)")
	f.StringVar(&verification, "verification", "", "the architecture verification `TEXT` (5.3.6c): how the architecture supports the item")
	f.BoolVar(&anomalies, "anomalies", false, "record the evaluation of the item's anomaly list (7.1.3) instead of the verification")
	f.StringVar(&conclusion, "conclusion", "", "with -anomalies: the `TEXT` of the conclusion of the anomaly review")
	sel, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	switch {
	case len(sel) == 0:
		return usageError(f, "no ITEM given")
	case strings.TrimSpace(by) == "":
		return usageError(f, "-by NAME is required: who reviewed")
	case anomalies && verification != "":
		return usageError(f, "-verification is for the verification; with -anomalies give -conclusion")
	case !anomalies && conclusion != "":
		return usageError(f, "-conclusion is for the anomaly review: add -anomalies")
	case curated == "" || curated == "-":
		return usageError(f, "-curated must name a file")
	}
	when := soup.DateOf(time.Now())
	if date != "" {
		if when, err = soup.ParseDate(date); err != nil {
			return usageError(f, "-date: %v", err)
		}
	}
	orig, exists, err := readExisting(e.path(curated), curated)
	if err != nil {
		return err
	}
	if !exists {
		return fmt.Errorf("%s: no such file (create it with soup init)", curated)
	}
	l, err := soup.Parse(orig)
	if err != nil {
		return fmt.Errorf("%s: %w", curated, fieldHints(err))
	}
	// Every ITEM must name exactly one item that is still shipped.
	var targets []*soup.Item
	for _, s := range sel {
		var found []*soup.Item
		for i := range l.Items {
			if matchesAny(&l.Items[i], []string{s}) {
				found = append(found, &l.Items[i])
			}
		}
		switch {
		case len(found) == 0:
			var names []string
			for _, it := range l.Items {
				names = append(names, it.ID, it.Name)
			}
			return fmt.Errorf("%s: no item is %q%s", curated, s, suggest(s, names))
		case len(found) > 1:
			return fmt.Errorf("%s: %q names %d items (%s): give the ID", curated, s, len(found), itemIDs(found))
		case found[0].Removed:
			return fmt.Errorf("%s: %s is marked removed: the SBOM no longer has it", curated, s)
		case found[0].Version == "":
			return fmt.Errorf("%s: %s has no version: a review is of one version", curated, s)
		}
		targets = append(targets, found[0])
	}
	var report bytes.Buffer
	for _, it := range targets {
		if anomalies {
			r := &it.AnomalyReview
			was := reviewedAs(r.By, r.Date, cmp.Or(r.Version, it.Verification.Version))
			if conclusion != "" {
				r.Conclusion = conclusion
			} else if soup.IsPlaceholder(r.Conclusion) {
				return fmt.Errorf("%s: %s has no conclusion of its anomaly review: give -conclusion TEXT", curated, label(it))
			}
			r.By, r.Date, r.Version = by, when, it.Version
			fmt.Fprintf(&report, "%s: anomaly review of %s recorded by %s on %s%s\n", curated, label(it), by, when, was)
			continue
		}
		v := &it.Verification
		was := reviewedAs(v.By, v.Date, v.Version)
		if verification != "" {
			v.Architecture = verification
		} else if soup.IsPlaceholder(v.Architecture) {
			return fmt.Errorf("%s: %s has no verification text: give -verification TEXT", curated, label(it))
		}
		if r := &it.AnomalyReview; r.Version == "" && (!r.Date.IsZero() || r.Conclusion != "") {
			// An anomaly review without a version covers the verified
			// version; pin it, so that it does not move with this one.
			r.Version = v.Version
		}
		v.By, v.Date, v.Version = by, when, it.Version
		fmt.Fprintf(&report, "%s: verification of %s recorded by %s on %s%s\n", curated, label(it), by, when, was)
	}
	out, err := encodeLike(e, curated, orig, l)
	if err != nil {
		return err
	}
	if !bytes.Equal(out, orig) {
		if err := writeFileAtomic(e.path(curated), curated, out); err != nil {
			return err
		}
	} else {
		report.WriteString(curated + ": unchanged (already recorded)\n")
	}
	e.progress.done()
	_, err = e.stdout.Write(report.Bytes())
	return err
}

// encodeLike encodes l in the shape of orig, the curated file it was read
// from: JSON as JSON, YAML merged into the hand-written document (its
// comments and key order kept) as sync writes it.
func encodeLike(e *env, name string, orig []byte, l *soup.List) ([]byte, error) {
	var b bytes.Buffer
	if bytes.HasPrefix(bytes.TrimLeft(orig, " \t\r\n\ufeff"), []byte("{")) {
		err := l.WriteJSON(&b)
		return b.Bytes(), err
	}
	merged, err := mergeYAML(orig, l)
	if err == nil {
		return merged, nil
	}
	if !errors.Is(err, errNoMerge) {
		return nil, err
	}
	fmt.Fprintf(e.stderr, "soup: %s: comments not kept (%v)\n", name, err)
	err = l.WriteYAML(&b)
	return b.Bytes(), err
}

// reviewedAs describes the previous review, if any: " (was 1.1.2, by Jane
// Doe on 2026-10-02)".
func reviewedAs(by string, d soup.Date, version string) string {
	if by == "" && d.IsZero() && version == "" {
		return ""
	}
	var parts []string
	if version != "" {
		parts = append(parts, "for "+version)
	}
	if by != "" {
		parts = append(parts, "by "+by)
	}
	if !d.IsZero() {
		parts = append(parts, "on "+d.String())
	}
	return " (was " + strings.Join(parts, " ") + ")"
}

// label names an item in messages: "SOUP-0001 flask@2.0.3".
func label(it *soup.Item) string {
	if it.ID == "" {
		return nameAt(it)
	}
	return it.ID + " " + nameAt(it)
}

func itemIDs(its []*soup.Item) string {
	var ids []string
	for _, it := range its {
		ids = append(ids, label(it))
	}
	return strings.Join(ids, ", ")
}
