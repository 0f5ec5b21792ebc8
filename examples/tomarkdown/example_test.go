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
	// NOT DOCUMENTED marks a field that the rules of class C require and that is empty.
	//
	// | Name | Version | Requirements | Issue Tracker |
	// | --- | --- | --- | --- |
	// | flask | 1.1.2 | NOT DOCUMENTED | <https://github.com/pallets/flask/issues> |
	// | werkzeug | 1.0.1 | NOT DOCUMENTED |  |
	//
	// ## Status: DRAFT — 18 findings at error level open: not ready for approval
}
