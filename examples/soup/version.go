package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/soupkit/soupkit"
)

func runVersion(e *env, args []string) error {
	f := newFlags(e, "version", "soup version", "Version prints the version of soup and of the Go toolchain that built it.", "  soup version")
	operands, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	if len(operands) > 0 {
		return usageError(f, "version takes no operands")
	}
	_, err = fmt.Fprintf(e.stdout, "soup %s (soupkit %s, %s)\n", buildVersion(), soupkit.Version, runtime.Version())
	return err
}

// buildVersion is the module version soup was built from, as go install
// records it ("v0.1.0"), or "devel" for a build from a checkout.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
