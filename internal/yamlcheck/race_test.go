//go:build race

package yamlcheck

const raceEnabled = true
