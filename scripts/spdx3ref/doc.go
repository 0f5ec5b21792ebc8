// Package spdx3ref checks that the SPDX 3.0.1 documents soupkit writes are
// read by the SPDX project's own Go tooling: github.com/spdx/tools-golang,
// whose SPDX 3 model (package spdx/v3/v3_0) exists only in release
// candidates (v0.6.0-rc4).
//
// It is a module of its own so that the release candidate, which would
// otherwise replace the tools-golang release soupkit reads SPDX 2 with and
// bring a JSON-LD processor and several more modules into soupkit's
// requirements, stays out of soupkit's go.mod: only this test uses it (in
// this module soupkit's SPDX 2 package builds against the candidate too,
// which matters to nothing here). Its tests run with
// `cd scripts/spdx3ref && go test ./...` (.ci/run does).
//
// What tools-golang v0.6.0-rc4 cannot read at all is tolerated and logged,
// never more: references to elements of other documents that the
// SpdxDocument imports (it resolves no ExternalMap) and decimal values (it
// reads none, in any spelling); the SPDX specification's own full example
// fails on exactly these (TestLimitations).
//
// The package has no code besides its tests.
package spdx3ref
