// Command go-service is a tiny program scanned to make soupkit's real-generator SBOMs.
package main

import (
	"fmt"
	"os"

	"github.com/google/uuid"
	"github.com/pkg/errors"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

func main() {
	out, err := yaml.Marshal(map[string]string{
		"id":     uuid.NewString(),
		"device": cases.Title(language.English).String("infusion pump"),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, errors.Wrap(err, "go-service"))
		os.Exit(1)
	}
	os.Stdout.Write(out)
}
