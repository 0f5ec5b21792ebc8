package main

import (
	"fmt"
	"strings"
)

// suggest returns ` (did you mean "x"?)` naming the candidate nearest to
// s, or "" when none is near enough to be a slip of the keyboard.
func suggest(s string, candidates []string) string {
	if n := nearest(s, candidates); n != "" {
		return fmt.Sprintf(" (did you mean %q?)", n)
	}
	return ""
}

// nearest returns the candidate with the smallest edit distance to s
// (case-insensitive), provided it is at most a third of the longer word
// (at least 1, at most 3), or a candidate s is a prefix of; else "".
func nearest(s string, candidates []string) string {
	ls := strings.ToLower(s)
	best, bestD := "", -1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(ls, lc)
		limit := min(max(len(lc), len(ls))/3, 3)
		limit = max(limit, 1)
		if d > limit && !(len(ls) >= 3 && strings.HasPrefix(lc, ls)) {
			continue
		}
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, by runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
