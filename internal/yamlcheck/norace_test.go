//go:build !race

package yamlcheck

const raceEnabled = false
