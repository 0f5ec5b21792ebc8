package soup_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/internal/golden"
	"github.com/soupkit/soupkit/soup"
)

// schemaPath is the JSON Schema of soup.yaml that editors load through the
// modeline "# yaml-language-server: $schema=…" (see the README). It is
// generated from the model: TestSchema fails when they disagree, and
// go test ./soup -run TestSchema -update rewrites it.
const schemaPath = "soup.schema.json"

// schemaID is where the schema is published.
const schemaID = "https://raw.githubusercontent.com/soupkit/soupkit/main/soup/soup.schema.json"

func TestSchema(t *testing.T) {
	got := generateSchema(t)
	golden.Check(t, schemaPath, got)
}

// TestSchemaAccepts validates real curated files against the committed
// schema, and checks that it rejects what the parser rejects.
func TestSchemaAccepts(t *testing.T) {
	sch := compileSchema(t)
	for _, f := range []string{"testdata/flask.yaml", "../examples/soup/example/soup.yaml"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(yamlValue(t, data)); err != nil {
			t.Errorf("%s: rejected by the schema: %v", f, err)
		}
	}
	for _, bad := range []string{
		"items:\n  - name: x\n    colour: red\n",          // unknown field
		"items:\n  - name: x\n    riskLevel: B\n",         // a class where a risk level belongs
		"system:\n  safetyClass: high\nitems: []\n",       // a risk level where a class belongs
		"items:\n  - name: x\n    requirements: [a]\n",    // wrong shape
		"items:\n  - anomalies:\n      - status: maybe\n", // unknown status
	} {
		if _, err := soup.Parse([]byte(bad)); err == nil {
			t.Errorf("the parser accepts %q; the case is wrong", bad)
		}
		if sch.Validate(yamlValue(t, []byte(bad))) == nil {
			t.Errorf("the schema accepts %q", bad)
		}
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schemaID)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// yamlValue reads YAML as the JSON value a YAML language server checks:
// dates and numbers stay text where the file writes them plainly, as
// YAML 1.2's core schema reads them.
func yamlValue(t *testing.T, data []byte) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	var conv func(*yaml.Node) any
	conv = func(n *yaml.Node) any {
		switch n.Kind {
		case yaml.DocumentNode:
			return conv(n.Content[0])
		case yaml.MappingNode:
			m := map[string]any{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				m[n.Content[i].Value] = conv(n.Content[i+1])
			}
			return m
		case yaml.SequenceNode:
			s := []any{}
			for _, c := range n.Content {
				s = append(s, conv(c))
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
	return conv(&n)
}

// generateSchema builds the JSON Schema of a soup.List from its Go type:
// the YAML names of the fields, their types, the values of the enums, and
// the fields' doc comments as descriptions.
func generateSchema(t *testing.T) []byte {
	t.Helper()
	g := &schemaGen{t: t, docs: fieldDocs(t), defs: map[string]any{}}
	root := g.object(reflect.TypeOf(soup.List{}))
	root["$schema"] = "http://json-schema.org/draft-07/schema#"
	root["$id"] = schemaID
	root["title"] = "soupkit SOUP list (soup.yaml)"
	root["description"] = "The curated SOUP list of IEC 62304: generated from package soup by TestSchema; do not edit."
	root["definitions"] = g.defs
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(root); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type schemaGen struct {
	t    *testing.T
	docs map[string]string // "Type.Field" and "Type" → doc comment
	defs map[string]any
}

var (
	textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	dateType      = reflect.TypeOf(soup.Date{})
	timeType      = reflect.TypeOf(time.Time{})
)

// typ returns the schema of a Go type.
func (g *schemaGen) typ(rt reflect.Type) map[string]any {
	switch {
	case rt == dateType:
		return map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}-\d{2}`, "description": "A date, YYYY-MM-DD."}
	case rt == timeType:
		return map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}-\d{2}T`, "description": "A time, RFC 3339."}
	case rt.Kind() == reflect.Int && rt.Implements(textMarshaler):
		var values []any
		for i := 1; i < 100; i++ {
			v := reflect.New(rt).Elem()
			v.SetInt(int64(i))
			b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil || len(b) == 0 {
				break
			}
			values = append(values, string(b))
		}
		s := map[string]any{"type": "string", "enum": values}
		if d := g.docs[rt.Name()]; d != "" {
			s["description"] = d
		}
		return s
	}
	switch rt.Kind() {
	case reflect.String:
		// YAML reads 2.9 and 7 as numbers; soup takes their text.
		return map[string]any{"type": []string{"string", "number"}}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.typ(rt.Elem())}
	case reflect.Struct:
		if _, ok := g.defs[rt.Name()]; !ok {
			g.defs[rt.Name()] = nil // a placeholder while it is built
			g.defs[rt.Name()] = g.object(rt)
		}
		return map[string]any{"$ref": "#/definitions/" + rt.Name()}
	}
	g.t.Fatalf("schema: unsupported type %s: teach schemaGen.typ its JSON Schema", rt)
	return nil
}

// object returns the schema of a struct type: its YAML fields, no others.
func (g *schemaGen) object(rt reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || name == "" {
			continue
		}
		s := g.typ(f.Type)
		if d := g.docs[rt.Name()+"."+f.Name]; d != "" {
			if _, isRef := s["$ref"]; isRef {
				s = map[string]any{"allOf": []any{s}}
			}
			s["description"] = d
		}
		props[name] = s
		if !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Slice {
			required = append(required, name)
		}
	}
	o := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	if d := g.docs[rt.Name()]; d != "" {
		o["description"] = d
	}
	return o
}

// fieldDocs reads the doc comments of the package's types and fields.
func fieldDocs(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	clean := func(cg *ast.CommentGroup) string {
		if cg == nil {
			return ""
		}
		return strings.Join(strings.Fields(cg.Text()), " ")
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				d := clean(ts.Doc)
				if d == "" && len(gd.Specs) == 1 {
					d = clean(gd.Doc)
				}
				docs[ts.Name.Name] = d
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					continue
				}
				for _, fld := range st.Fields.List {
					d := clean(fld.Doc)
					if d == "" {
						d = clean(fld.Comment)
					}
					for _, n := range fld.Names {
						docs[ts.Name.Name+"."+n.Name] = d
					}
				}
			}
		}
	}
	return docs
}
