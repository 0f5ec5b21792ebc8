// Command sbombench is the yardstick of scripts/bench-cli.sh, not part of
// soupkit: it writes synthetic CycloneDX JSON BOMs and measures the
// baselines the soup command is compared with.
//
//	sbombench gen N FILE      a BOM of N components, top-level keys in alphabetical order
//	sbombench decode FILE     a bare cyclonedx-go decode (the mandated library)
//	sbombench tokenize FILE   tokenising only, jsontext (the floor)
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/soupkit/soupkit/internal/benchdata"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sbombench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	switch {
	case len(args) == 3 && args[0] == "gen":
		n, err := strconv.Atoi(args[1])
		if err != nil {
			return err
		}
		data, err := benchdata.CycloneDX(n)
		if err != nil {
			return err
		}
		return os.WriteFile(args[2], data, 0o644)
	case len(args) == 2 && args[0] == "decode":
		f, err := os.Open(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		var bom cdx.BOM
		if err := cdx.NewBOMDecoder(f, cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
			return err
		}
		n := 0
		if bom.Components != nil {
			n = len(*bom.Components)
		}
		fmt.Println(n, "components")
		return nil
	case len(args) == 2 && args[0] == "tokenize":
		data, err := os.ReadFile(args[1])
		if err != nil {
			return err
		}
		dec := jsontext.NewDecoder(bytes.NewReader(data))
		n := 0
		for {
			if _, err := dec.ReadToken(); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				return err
			}
			n++
		}
		fmt.Println(n, "tokens")
		return nil
	}
	return errors.New("usage: sbombench gen N FILE | decode FILE | tokenize FILE")
}
