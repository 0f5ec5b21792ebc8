//go:build !race

package soup_test

const raceEnabled = false
