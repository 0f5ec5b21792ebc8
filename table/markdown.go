package table

import (
	"html"
	"regexp"
	"strings"
	"sync"
)

// delimiterRow matches the row under a Markdown table's header: | --- | :-: |.
var delimiterRow = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`) })

// markdownStart returns the index of the first line that starts a
// Markdown table (a header row followed by a delimiter row with as many
// cells), or -1.
func markdownStart(lines []string) int {
	for i := 0; i+1 < len(lines); i++ {
		if isTableStart(lines, i) {
			return i
		}
	}
	return -1
}

func isTableStart(lines []string, i int) bool {
	if i+1 >= len(lines) || !strings.Contains(lines[i], "|") || !delimiterRow().MatchString(lines[i+1]) {
		return false
	}
	return len(splitRow(lines[i])) == len(splitRow(lines[i+1]))
}

// decodeMarkdown reads the Markdown table that looks most like a SOUP list
// (the most headers recognised; the first on a tie).
func decodeMarkdown(data []byte) (*Table, error) {
	text, warn := decodeText(data)
	lines := splitLines(text)
	var best *Table
	bestScore, tables := -1, 0
	for i := 0; i < len(lines); i++ {
		if !isTableStart(lines, i) {
			continue
		}
		tables++
		t := &Table{Header: splitRow(lines[i])}
		j := i + 2
		for ; j < len(lines) && strings.Contains(lines[j], "|") && strings.TrimSpace(lines[j]) != ""; j++ {
			if len(t.Rows) < MaxRows {
				t.Rows = append(t.Rows, splitRow(lines[j]))
				t.Line = append(t.Line, j+1)
			}
		}
		if s := headerScore(t.Header); s > bestScore {
			best, bestScore = t, s
		}
		i = j
	}
	if best == nil {
		return &Table{}, nil
	}
	if warn != "" {
		best.Warnings = append(best.Warnings, warn)
	}
	if tables > 1 {
		best.Warnings = append(best.Warnings, plural(tables-1, "other table")+" in the file not read")
	}
	return best, nil
}

// splitRow splits a Markdown table row into its cells: at pipes that are
// not escaped with a backslash, without the outer pipes, each cell's
// inline markup undone.
func splitRow(line string) []string {
	s := strings.TrimSpace(line)
	s = strings.TrimPrefix(s, "|")
	var cells []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|<>~", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i++
		case c == '|':
			cells = append(cells, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	// A row ends with a pipe, or with its last cell.
	if rest := b.String(); strings.TrimSpace(rest) != "" || !strings.HasSuffix(s, "|") {
		cells = append(cells, rest)
	}
	for i, c := range cells {
		cells[i] = inlineText(c)
	}
	return cells
}

var (
	lineBreak = regexp.MustCompile(`(?i)<br\s*/?>`)
	autolink  = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	link      = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]+)\)`)
)

// inlineText undoes the markup of a cell: <br> as a line break, links as
// their address (or "text (address)" when the text says more), HTML
// entities decoded.
func inlineText(s string) string {
	s = lineBreak.ReplaceAllString(s, "\n")
	s = autolink.ReplaceAllString(s, "$1")
	s = link.ReplaceAllStringFunc(s, func(m string) string {
		p := link.FindStringSubmatch(m)
		if p[1] == "" || p[1] == p[2] {
			return p[2]
		}
		return p[1] + " (" + p[2] + ")"
	})
	s = html.UnescapeString(s)
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		lines = append(lines, strings.TrimSpace(l))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
