//go:build !race

package sbom_test

const raceEnabled = false
