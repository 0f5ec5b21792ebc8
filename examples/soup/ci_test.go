package main

import (
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestGitHubAction checks the composite action at the repository's root:
// every input its steps use is declared, and the soup check command lines
// of its script take the flags they pass.
func TestGitHubAction(t *testing.T) {
	t.Parallel()
	var action struct {
		Inputs map[string]struct {
			Default *string `yaml:"default"`
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				Run string            `yaml:"run"`
				Env map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	data := mustRead(t, "../../action.yml")
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", action.Runs.Using)
	}
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(string(data), -1) {
		if _, ok := action.Inputs[m[1]]; !ok {
			t.Errorf("input %q is used but not declared", m[1])
		}
	}
	var script string
	for _, s := range action.Runs.Steps {
		if strings.Contains(s.Run, "soup\" check") {
			script = s.Run
		}
	}
	if !strings.Contains(script, "check -format sarif -o \"$SOUP_SARIF\"") {
		t.Fatalf("no SARIF check in the script:\n%s", script)
	}
	// The same command lines, in-process, with every input set.
	dir := t.TempDir()
	copyTo(t, dir, sbomV1)
	copyTo(t, dir, curatedV1)
	copyTo(t, dir, "example/policy.yaml")
	common := []string{"-policy", "policy.yaml", "-class", "B", "-max-review-age", "365", "-now", "2026-12-01", "-curated", "soup.yaml", "python-backend.cdx.json"}
	soupIn(t, 1, dir, "", append([]string{"check", "-format", "sarif", "-o", "soup.sarif"}, common...)...)
	soupIn(t, 1, dir, "", append([]string{"check"}, common...)...)
}

// TestPreCommitHook runs the hook's entry as pre-commit does: with the
// changed soup.yaml files as arguments.
func TestPreCommitHook(t *testing.T) {
	t.Parallel()
	var hooks []struct {
		ID    string `yaml:"id"`
		Entry string `yaml:"entry"`
		Files string `yaml:"files"`
	}
	if err := yaml.Unmarshal(mustRead(t, "../../.pre-commit-hooks.yaml"), &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "soup-check" {
		t.Fatalf("hooks = %+v", hooks)
	}
	files := regexp.MustCompile(hooks[0].Files)
	for name, want := range map[string]bool{"soup.yaml": true, "docs/soup.yml": true, "mysoup.yaml": false, "soup.json": false} {
		if files.MatchString(name) != want {
			t.Errorf("files %q matches %s: %v, want %v", hooks[0].Files, name, !want, want)
		}
	}
	entry := strings.Fields(hooks[0].Entry)
	if entry[0] != "soup" {
		t.Fatalf("entry %q does not run soup", hooks[0].Entry)
	}
	dir := t.TempDir()
	copyTo(t, dir, curatedV1)
	out, _ := soupIn(t, 1, dir, "", append(entry[1:], "soup.yaml")...)
	if !strings.Contains(out, "SOUP-0010 idna@2.9") {
		t.Errorf("the hook's output does not name the findings:\n%s", out)
	}
}
