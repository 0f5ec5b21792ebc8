package main

import (
	"fmt"
	"log"
	"strings"
)

func ExampleToMarkdown() {
	var md strings.Builder
	if err := ToMarkdown(&md, strings.NewReader(cdx), nil); err != nil {
		log.Fatal(err)
	}
	// The document starts with its title, document control, approval
	// block and summary; print only the SOUP table, its last section.
	_, table, _ := strings.Cut(md.String(), "## SOUP Items\n\n")
	fmt.Print(table)
	// Output:
	// | Name | Version | Requirements | Issue Tracker |
	// | --- | --- | --- | --- |
	// | flask | 1.1.2 |  | <https://github.com/pallets/flask/issues> |
	// | werkzeug | 1.0.1 |  |  |
}
