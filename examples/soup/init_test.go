package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// TestInitMatchesSchema checks that what init and import write is valid
// against the editor schema their modeline names (soup/soup.schema.json),
// so that an editor shows no error on a new file.
func TestInitMatchesSchema(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../../soup/soup.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyTo(t, dir, sbomV1)
	copyTo(t, dir, "../../table/testdata/soup-list-excel.csv")
	soupIn(t, 0, dir, "", "init", "-class", "B", "-o", "init.yaml", "python-backend.cdx.json")
	soupIn(t, 0, dir, "", "import", "-o", "import.yaml", "soup-list-excel.csv")
	for _, name := range []string{"init.yaml", "import.yaml"} {
		var n yaml.Node
		if err := yaml.Unmarshal(mustRead(t, filepath.Join(dir, name)), &n); err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(jsonValue(&n)); err != nil {
			t.Errorf("%s: not valid against the schema: %v", name, err)
		}
	}
}

// jsonValue converts a YAML node to the JSON value a YAML language server
// validates (plain scalars that look like dates stay text).
func jsonValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return jsonValue(n.Content[0])
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = jsonValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := []any{}
		for _, c := range n.Content {
			s = append(s, jsonValue(c))
		}
		return s
	}
	switch n.Tag {
	case "!!int", "!!float":
		return json.Number(n.Value)
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}
