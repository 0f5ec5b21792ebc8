//go:build race

package soup_test

// raceEnabled loosens the timing checks: the race detector is slow.
const raceEnabled = true
