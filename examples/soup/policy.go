package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/render"
	"github.com/soupkit/soupkit/soup"
)

// policyFile is the file a team keeps beside soup.yaml to record how its
// list is checked: the suppressions it accepted, each with its written
// justification, who approved it and when, and the opt-in rules it wants.
//
//	class: B
//	maxReviewAge: 365        # days since the anomaly review
//	supportWarning: 180      # days before an end of support to warn
//	requireLicense: true
//	requireSupplier: false
//	requireSupport: true
//	suppressions:
//	  - rule: anomaly-review-missing
//	    item: SOUP-0012
//	    justification: Build-time only; not part of the shipped image.
//	    approvedBy: John Roe
//	    approved: 2026-11-02
//	    expires: 2027-05-01
//	    reference: DEV-17
type policyFile struct {
	Class           string             `yaml:"class"`
	MaxReviewAge    int                `yaml:"maxReviewAge"`
	SupportWarning  int                `yaml:"supportWarning"`
	RequireLicense  bool               `yaml:"requireLicense"`
	RequireSupplier bool               `yaml:"requireSupplier"`
	RequireSupport  bool               `yaml:"requireSupport"`
	Suppressions    []soup.Suppression `yaml:"suppressions"`
}

// policyFlags are the flags that make a soup.Policy.
type policyFlags struct {
	class        classFlag
	file         string
	maxReviewAge int
	now          string
}

func (p *policyFlags) register(f *flags, withAge bool) {
	f.Var(&p.class, "class", "the software safety `class` A, B or C (default: the list's own, else C)")
	f.StringVar(&p.file, "policy", "", "a policy `FILE` (YAML) with suppressions and opt-in rules; see soup check -h")
	if withAge {
		f.IntVar(&p.maxReviewAge, "max-review-age", 0, "the most `DAYS` since an item's anomaly review (6.2.1); 0 means no limit")
		f.StringVar(&p.now, "now", "", "the `DATE` (YYYY-MM-DD) of the validation, for review ages and ends of support (default: today)")
	}
}

// policy returns the soup.Policy the flags and the policy file describe;
// flags win over the file.
func (p *policyFlags) policy(e *env) (soup.Policy, error) {
	var pol soup.Policy
	if p.file != "" {
		data, err := readInput(e, p.file)
		if err != nil {
			return pol, err
		}
		pf, err := parsePolicy(data)
		if err != nil {
			return pol, fmt.Errorf("%s: %w", p.file, err)
		}
		pol.RequireLicense = pf.RequireLicense
		pol.RequireSupplier = pf.RequireSupplier
		pol.RequireSupport = pf.RequireSupport
		pol.Suppressions = pf.Suppressions
		pol.MaxReviewAge = days(pf.MaxReviewAge)
		pol.SupportWarning = days(pf.SupportWarning)
		if pf.Class != "" {
			if pol.Class, err = soup.ParseSafetyClass(pf.Class); err != nil {
				return pol, fmt.Errorf("%s: class: %w", p.file, err)
			}
		}
	}
	if p.class.c != 0 {
		pol.Class = p.class.c
	}
	if p.maxReviewAge < 0 {
		return pol, errors.New("-max-review-age: must not be negative")
	}
	if p.maxReviewAge > 0 {
		pol.MaxReviewAge = days(p.maxReviewAge)
	}
	if p.now != "" {
		d, err := soup.ParseDate(p.now)
		if err != nil {
			return pol, fmt.Errorf("-now: %w", err)
		}
		pol.Now = d.Time()
	} else if pol.MaxReviewAge > 0 || pol.SupportWarning > 0 || pol.RequireSupport {
		// The library never reads the clock; the command does, only
		// when a review age or an end of support is to be checked.
		pol.Now = time.Now()
	}
	return pol, nil
}

// validation returns the context of a validation under pol, for the
// document: the class, date, policy file and curated file with their
// SHA-256.
func (p *policyFlags) validation(e *env, l *soup.List, pol soup.Policy, curated string, fs soup.Findings) *render.Validation {
	v := &render.Validation{Class: l.Class(pol), Date: soup.DateOf(pol.Now), Findings: fs}
	if p.file != "" {
		v.Policy, v.PolicyDigest = p.file, digest(e, p.file)
	}
	if curated != "" {
		v.Curated, v.CuratedDigest = curated, digest(e, curated)
	}
	return v
}

// digest returns "sha256:" and the hex SHA-256 of the input read as name.
func digest(e *env, name string) string {
	if d := e.digests[name]; d != "" {
		return "sha256:" + d
	}
	return ""
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// parsePolicy reads a policy file; unknown keys are errors.
func parsePolicy(data []byte) (*policyFile, error) {
	var pf policyFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&pf); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
		return nil, errors.New(strings.ReplaceAll(msg, "\n  ", "; "))
	}
	if pf.MaxReviewAge < 0 {
		return nil, errors.New("maxReviewAge: must not be negative, got " + strconv.Itoa(pf.MaxReviewAge))
	}
	if pf.SupportWarning < 0 {
		return nil, errors.New("supportWarning: must not be negative, got " + strconv.Itoa(pf.SupportWarning))
	}
	return &pf, nil
}
