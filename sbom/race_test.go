//go:build race

package sbom_test

// raceEnabled loosens the timing checks: the race detector is slow.
const raceEnabled = true
