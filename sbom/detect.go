package sbom

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Detect sniffs the format of an SBOM from its bytes, like
// http.DetectContentType: CycloneDX JSON or XML, SPDX JSON, tag-value or
// YAML, or a soupkit native list in JSON or YAML. It reads only as much as
// it needs, after a byte order mark (UTF-16 with one is transcoded to
// UTF-8 first). The version is the one the document states. A known format in
// a version this package does not read gives an error wrapping
// ErrUnsupportedVersion; anything else one wrapping ErrUnknownFormat.
func Detect(data []byte) (Format, error) {
	data, err := utf8Text(data)
	if err != nil {
		return Format{}, err
	}
	if c := compressedAs(data); c != "" {
		return Format{}, fmt.Errorf("%w: %s data (decompress it first)", ErrUnknownFormat, c)
	}
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	switch {
	case len(t) == 0:
		return Format{}, fmt.Errorf("%w: empty input", ErrUnknownFormat)
	case t[0] == '{':
		return detectJSON(t)
	case t[0] == '<':
		return detectXML(t)
	}
	if f, ok := detectTagValue(t); ok {
		return f, checkVersion(f)
	}
	return detectYAML(t)
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
	if slices.Contains(f.versions(), f.Version) {
		return nil
	}
	return &DecodeError{Format: f, Err: fmt.Errorf("%w %q (this package reads %s %s)",
		ErrUnsupportedVersion, f.Version, f.Family, strings.Join(f.versions(), ", "))}
}

// detectJSON reads the top-level keys of a JSON object, skipping values,
// until one names the format; generators write these keys first.
func detectJSON(data []byte) (Format, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // {
		return Format{}, fmt.Errorf("%w: invalid JSON: %v", ErrUnknownFormat, err)
	}
	native := false
	var bomFormat, spec string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return Format{}, &DecodeError{Ref: "line " + fmt.Sprint(lineOf(data, dec.InputOffset())),
				Err: fmt.Errorf("%w: invalid JSON: %v", ErrUnknownFormat, err)}
		}
		key, _ := tok.(string)
		var v any
		switch key {
		case "bomFormat", "specVersion", "spdxVersion", "@context":
			if err := dec.Decode(&v); err != nil {
				return Format{}, fmt.Errorf("%w: invalid JSON: %v", ErrUnknownFormat, err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return Format{}, &DecodeError{Ref: "line " + fmt.Sprint(lineOf(data, dec.InputOffset())),
					Err: fmt.Errorf("%w: invalid JSON: %v", ErrUnknownFormat, err)}
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
				return Format{}, fmt.Errorf("%w: bomFormat %q is not CycloneDX", ErrUnknownFormat, fmt.Sprint(v))
			}
			bomFormat = s
		case "specVersion":
			spec = s
		case "spdxVersion":
			f := Format{Family: SPDX, Encoding: JSON, Version: strings.TrimPrefix(s, "SPDX-")}
			return f, checkVersion(f)
		case "@context":
			if strings.Contains(fmt.Sprint(v), "spdx.org/rdf/3") {
				f := Format{Family: SPDX, Encoding: JSON, Version: "3"}
				if m := spdx3Version.FindStringSubmatch(fmt.Sprint(v)); m != nil {
					f.Version = m[1]
				}
				return f, &DecodeError{Format: f, Err: fmt.Errorf("%w: SPDX 3 JSON-LD (export SPDX 2.3 instead)", ErrUnsupportedVersion)}
			}
		}
		if bomFormat != "" && spec != "" {
			f := Format{Family: CycloneDX, Encoding: JSON, Version: spec}
			return f, checkVersion(f)
		}
	}
	switch {
	case bomFormat != "":
		return Format{}, fmt.Errorf("%w: CycloneDX JSON without specVersion", ErrUnknownFormat)
	case native:
		return Format{Family: Native, Encoding: JSON}, nil
	}
	return Format{}, fmt.Errorf("%w: JSON object without bomFormat, spdxVersion or SOUP list fields", ErrUnknownFormat)
}

// nativeKeys are the top-level keys of a soupkit list.
var nativeKeys = map[string]bool{"items": true, "system": true, "document": true, "riskLevels": true, "sources": true}

var spdx3Version = regexp.MustCompile(`rdf/(3[.0-9]*[0-9])`)

func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

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
			return Format{}, fmt.Errorf("%w: invalid XML: %v", ErrUnknownFormat, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		v, isCDX := strings.CutPrefix(se.Name.Space, "http://cyclonedx.org/schema/bom/")
		if se.Name.Local != "bom" || !isCDX {
			return Format{}, fmt.Errorf("%w: XML root element <%s> in namespace %q", ErrUnknownFormat, se.Name.Local, se.Name.Space)
		}
		f := Format{Family: CycloneDX, Encoding: XML, Version: v}
		return f, checkVersion(f)
	}
}

// checkXML rejects document type declarations anywhere in data.
func checkXML(data []byte) error {
	if bytes.Contains(data, []byte("<!DOCTYPE")) || bytes.Contains(data, []byte("<!ENTITY")) {
		return &DecodeError{Format: Format{Family: CycloneDX, Encoding: XML}, Err: errDoctype}
	}
	return nil
}

// detectTagValue recognises SPDX tag-value by its first tag, SPDXVersion.
func detectTagValue(data []byte) (Format, bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, ok := strings.CutPrefix(line, "SPDXVersion:")
		if !ok {
			return Format{}, false
		}
		return Format{Family: SPDX, Encoding: TagValue, Version: strings.TrimPrefix(strings.TrimSpace(v), "SPDX-")}, true
	}
	return Format{}, false
}

// detectYAML reads the top-level keys of a YAML mapping.
func detectYAML(data []byte) (Format, error) {
	var top map[string]yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&top); err != nil && !errors.Is(err, io.EOF) {
		return Format{}, fmt.Errorf("%w: not JSON, XML, tag-value or YAML: %v", ErrUnknownFormat, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if n, ok := top["spdxVersion"]; ok {
		f := Format{Family: SPDX, Encoding: YAML, Version: strings.TrimPrefix(n.Value, "SPDX-")}
		return f, checkVersion(f)
	}
	if _, ok := top["bomFormat"]; ok {
		return Format{}, fmt.Errorf("%w: CycloneDX has no YAML encoding", ErrUnknownFormat)
	}
	for k := range nativeKeys {
		if _, ok := top[k]; ok {
			return Format{Family: Native, Encoding: YAML}, nil
		}
	}
	return Format{}, fmt.Errorf("%w: YAML without spdxVersion or SOUP list fields", ErrUnknownFormat)
}
