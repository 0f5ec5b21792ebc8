package sbom

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/internal/yamlcheck"

	"github.com/soupkit/soupkit/sbom/internal/form"
)

// Detect sniffs the format of an SBOM from its bytes, like
// http.DetectContentType: CycloneDX JSON or XML, SPDX JSON, tag-value or
// YAML, or a soupkit native list in JSON or YAML, also inside an in-toto
// statement or a DSSE envelope (cosign attest). It reads only as much as
// it needs, after a byte order mark (UTF-16 with one is transcoded to
// UTF-8 first). The version is the one the document states. A known format in
// a version this package does not read gives an error wrapping
// ErrUnsupportedVersion; anything else one wrapping ErrUnknownFormat.
//
// Every error is a *DecodeError, with the line where the input has one.
func Detect(data []byte) (Format, error) {
	data, err := utf8Text(data)
	if err != nil {
		return Format{}, &DecodeError{Err: err}
	}
	data, _, err = unwrapAttestation(data)
	if err != nil {
		return Format{}, err
	}
	return detect(data)
}

// detect is Detect on UTF-8 text without a byte order mark.
func detect(data []byte) (Format, error) {
	if c := compressedAs(data); c != "" {
		return Format{}, unknown(0, 0, "%s data (decompress it first)", c)
	}
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	// The detectors place errors in t: move them after what was trimmed.
	lead := data[:len(data)-len(t)]
	skipped, indent := bytes.Count(lead, []byte("\n")), len(lead)-bytes.LastIndexByte(lead, '\n')-1
	var (
		f   Format
		err error
	)
	switch {
	case len(t) == 0:
		return Format{}, unknown(0, 0, "empty input")
	case t[0] == '{':
		f, err = detectJSON(t)
	case t[0] == '<':
		f, err = detectXML(t)
	case t[0] == '[':
		f, err = detectJSONArray(t)
	default:
		var (
			line int
			ok   bool
		)
		if f, line, ok = detectTagValue(t); ok {
			err = at(checkVersion(f), line, 0)
		} else {
			f, err = detectYAML(t)
		}
	}
	if de, ok := err.(*DecodeError); ok && de.Line > 0 {
		if de.Line == 1 && de.Column > 0 {
			de.Column += indent
		}
		de.Line += skipped
	}
	return f, err
}

// at places err, a *DecodeError from checkVersion, at line and column.
func at(err error, line, col int) error {
	if de, ok := err.(*DecodeError); ok && de.Line == 0 {
		de.Line, de.Column = line, col
	}
	return err
}

// unknown returns a DecodeError at line and column (0 when unknown)
// wrapping ErrUnknownFormat: the input is no format this package reads.
func unknown(line, col int, format string, args ...any) *DecodeError {
	return &DecodeError{Line: line, Column: col, Err: fmt.Errorf("%w: "+format, append([]any{ErrUnknownFormat}, args...)...)}
}

// compressed are the magic numbers of archives and compressed files, which
// an SBOM is sometimes stored in.
var compressed = []struct {
	name  string
	magic []byte
}{
	{"gzip-compressed", []byte{0x1F, 0x8B}},
	{"zstd-compressed", []byte{0x28, 0xB5, 0x2F, 0xFD}},
	{"xz-compressed", []byte{0xFD, '7', 'z', 'X', 'Z', 0x00}},
	{"ZIP archive", []byte{'P', 'K', 0x03, 0x04}},
}

// compressedAs names the compression or archive data is in, or "".
func compressedAs(data []byte) string {
	for _, c := range compressed {
		if bytes.HasPrefix(data, c.magic) {
			return c.name
		}
	}
	return ""
}

// checkVersion reports a version f's family does not read.
func checkVersion(f Format) error {
	if f.Decodable() {
		return nil
	}
	return &DecodeError{Format: f, Err: f.UnsupportedVersion()}
}

// detectJSON reads the top-level keys of a JSON object, skipping values,
// until one names the format. The common case is sniffJSON's; this path
// finds the errors, with their positions.
func detectJSON(data []byte) (Format, error) {
	if f, ok := sniffJSON(data); ok {
		return f, nil
	}
	return detectJSONTokens(data)
}

// detectJSONTokens is detectJSON by encoding/json's tokens.
func detectJSONTokens(data []byte) (Format, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	invalid := func(err error) (Format, error) {
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		line, col := form.Position(data, off)
		return Format{}, unknown(line, col, "invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != nil { // {
		return invalid(err)
	}
	native := false
	var (
		bomFormat, spec   string
		specLine, specCol int
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return invalid(err)
		}
		key, _ := tok.(string)
		var v any
		switch key {
		case "bomFormat", "specVersion", "spdxVersion", "@context":
			if err := dec.Decode(&v); err != nil {
				return invalid(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return invalid(err)
			}
			if nativeKeys[key] {
				native = true
			}
			continue
		}
		s, _ := v.(string)
		switch key {
		case "bomFormat":
			if s != "CycloneDX" {
				line, col := form.Position(data, dec.InputOffset())
				return Format{}, unknown(line, col, "bomFormat %q is not CycloneDX", fmt.Sprint(v))
			}
			bomFormat = s
		case "specVersion":
			spec = s
			specLine, specCol = form.Position(data, dec.InputOffset())
		case "spdxVersion":
			f := Format{Family: SPDX, Encoding: JSON, Version: strings.TrimPrefix(s, "SPDX-")}
			line, col := form.Position(data, dec.InputOffset())
			return f, at(checkVersion(f), line, col)
		case "@context":
			if strings.Contains(fmt.Sprint(v), "openvex.dev/ns") {
				line, col := form.Position(data, dec.InputOffset())
				return Format{}, &DecodeError{Line: line, Column: col, Err: fmt.Errorf("%w (OpenVEX)", ErrVEXOnly)}
			}
			if strings.Contains(fmt.Sprint(v), "spdx.org/rdf/3") {
				f := Format{Family: SPDX3, Encoding: JSON, Version: "3"}
				if m := spdx3Version.FindStringSubmatch(fmt.Sprint(v)); m != nil {
					f.Version = m[1]
				}
				line, col := form.Position(data, dec.InputOffset())
				return f, at(checkVersion(f), line, col)
			}
		}
		if bomFormat != "" && spec != "" {
			f := Format{Family: CycloneDX, Encoding: JSON, Version: spec}
			return f, at(checkVersion(f), specLine, specCol)
		}
	}
	switch {
	case bomFormat != "":
		return Format{}, unknown(0, 0, "CycloneDX JSON without specVersion")
	case native:
		return Format{Family: Native, Encoding: JSON}, nil
	}
	return Format{}, unknown(0, 0, "JSON object without bomFormat, spdxVersion or SOUP list fields")
}

// detectJSONArray recognises SPDX 3 in expanded JSON-LD, a JSON array of
// nodes whose types are SPDX IRIs, by its first node.
func detectJSONArray(data []byte) (Format, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var first map[string]any
	if _, err := dec.Token(); err == nil && dec.More() && dec.Decode(&first) == nil {
		if m := spdx3Version.FindStringSubmatch(fmt.Sprint(first["@type"])); m != nil {
			f := Format{Family: SPDX3, Encoding: JSON, Version: m[1]}
			return f, checkVersion(f)
		}
	}
	return Format{}, unknown(1, 1, "a JSON array at the top level, not an SBOM (an SBOM is a JSON object; SPDX 3 expanded JSON-LD has SPDX types); several SBOMs in one file? give each as its own input")
}

// nativeKeys are the top-level keys of a soupkit list.
var nativeKeys = map[string]bool{"items": true, "system": true, "document": true, "riskLevels": true, "sources": true}

var spdx3Version = regexp.MustCompile(`rdf/(3[.0-9]*[0-9])`)

// errDoctype rejects XML document type declarations, which can declare
// entities that expand without bound.
var errDoctype = errors.New("XML with a DOCTYPE or ENTITY declaration is not accepted")

// detectXML reads up to the root element.
func detectXML(data []byte) (Format, error) {
	if err := checkXML(data); err != nil {
		return Format{}, err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			line := 0
			if xe, ok := err.(*xml.SyntaxError); ok {
				line = xe.Line
			}
			return Format{}, unknown(line, 0, "invalid XML: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		v, isCDX := strings.CutPrefix(se.Name.Space, "http://cyclonedx.org/schema/bom/")
		if se.Name.Local != "bom" || !isCDX {
			line, col := dec.InputPos()
			if what := spdxXML(se, data); what != "" {
				return Format{}, unknown(line, col, "%s is not read: convert it to SPDX JSON or tag-value first "+
					"(SPDX tools-java: java -jar tools-java-jar-with-dependencies.jar Convert IN OUT.spdx.json)", what)
			}
			return Format{}, unknown(line, col, "XML root element <%s> in namespace %q", se.Name.Local, se.Name.Space)
		}
		f := Format{Family: CycloneDX, Encoding: XML, Version: v}
		line, col := dec.InputPos()
		return f, at(checkVersion(f), line, col)
	}
}

// spdxXML names the SPDX encoding an XML document with root element se is
// in (RDF/XML, or the XML of SPDX 2.2 and 2.3), or "".
func spdxXML(se xml.StartElement, data []byte) string {
	switch {
	case se.Name.Local == "RDF" && bytes.Contains(data, []byte("spdx.org/rdf/terms")):
		return "SPDX RDF/XML"
	case (se.Name.Local == "Document" || se.Name.Local == "SpdxDocument") && bytes.Contains(data, []byte("<spdxVersion>SPDX-")):
		return "SPDX XML"
	}
	return ""
}

// checkXML rejects document type declarations anywhere in data.
func checkXML(data []byte) error {
	i := bytes.Index(data, []byte("<!DOCTYPE"))
	if j := bytes.Index(data, []byte("<!ENTITY")); i < 0 || j >= 0 && j < i {
		i = j
	}
	if i < 0 {
		return nil
	}
	line, col := form.Position(data, int64(i)+1)
	return &DecodeError{Format: Format{Family: CycloneDX, Encoding: XML}, Line: line, Column: col, Err: errDoctype}
}

// detectTagValue recognises SPDX tag-value by its first tag, SPDXVersion,
// and returns the line of that tag.
func detectTagValue(data []byte) (Format, int, bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	sc.Split(scanAnyLines)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, ok := strings.CutPrefix(line, "SPDXVersion:")
		if !ok {
			return Format{}, 0, false
		}
		// The version is named in messages: a short excerpt of it.
		v = form.Excerpt(strings.TrimPrefix(strings.TrimSpace(v), "SPDX-"))
		return Format{Family: SPDX, Encoding: TagValue, Version: v}, n, true
	}
	return Format{}, 0, false
}

// scanAnyLines is bufio.ScanLines for lines ended by LF, CR LF or a CR
// alone (old Mac tools write CR-only tag-value).
func scanAnyLines(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\r' {
			if i+1 == len(data) && !atEOF {
				return 0, nil, nil // a LF may follow
			}
			if i+1 < len(data) && data[i+1] == '\n' {
				return i + 2, data[:i], nil
			}
		}
		return i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// detectYAML reads the top-level keys of a YAML mapping. Every YAML input
// is checked here, once, in time linear in its size: a second document or
// a key repeated in a mapping is an error naming the line (the YAML
// libraries downstream would drop the second document, keep one of the
// repeated values, and check repeated keys in quadratic time and memory).
func detectYAML(data []byte) (Format, error) {
	doc, err := yamlcheck.Parse(data, nil)
	var ye *yamlcheck.Error
	switch {
	case errors.Is(err, yamlcheck.ErrEmpty):
		return Format{}, unknown(0, 0, "YAML without spdxVersion or SOUP list fields")
	case errors.Is(err, yamlcheck.ErrSecondDocument), errors.Is(err, yamlcheck.ErrRepeatedKey):
		errors.As(err, &ye)
		// The input is YAML: name its format if the first document's
		// top-level keys tell it.
		f := Format{Encoding: YAML}
		if g, gerr := formatOfYAML(doc); gerr == nil {
			f = g
		}
		return f, &DecodeError{Format: f, Line: ye.Line, Err: errors.New(ye.Msg)}
	case errors.As(err, &ye):
		return Format{}, unknown(ye.Line, 0, "not JSON, XML, tag-value or YAML: %s", ye.Msg)
	case err != nil:
		return Format{}, unknown(0, 0, "not JSON, XML, tag-value or YAML: %w", err)
	}
	return formatOfYAML(doc)
}

// formatOfYAML tells the format of a YAML document by its top-level keys.
func formatOfYAML(doc *yaml.Node) (Format, error) {
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		// YAML, but not a mapping: text of some other kind.
		return Format{}, unknown(root.Line, 0, "not JSON, XML, tag-value or YAML")
	}
	top := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Kind == yaml.ScalarNode {
			if _, seen := top[k.Value]; !seen {
				top[k.Value] = root.Content[i+1]
			}
		}
	}
	if n, ok := top["spdxVersion"]; ok {
		f := Format{Family: SPDX, Encoding: YAML, Version: strings.TrimPrefix(n.Value, "SPDX-")}
		return f, at(checkVersion(f), n.Line, n.Column)
	}
	if n, ok := top["bomFormat"]; ok {
		return Format{}, unknown(n.Line, n.Column, "CycloneDX has no YAML encoding")
	}
	for k := range nativeKeys {
		if _, ok := top[k]; ok {
			return Format{Family: Native, Encoding: YAML}, nil
		}
	}
	return Format{}, unknown(0, 0, "YAML without spdxVersion or SOUP list fields")
}
