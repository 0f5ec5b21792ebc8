// Package souptest holds the unit test a team copies into its own
// repository so that "go test" fails when its SOUP list lacks
// documentation for a dependency of its SBOM: soup_test.go. The package
// has no code of its own; testdata holds an SBOM made by syft and the
// complete SOUP list that makes the test pass.
package souptest
