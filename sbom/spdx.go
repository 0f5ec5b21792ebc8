package sbom

import "fmt"

// decodeSPDX reads SPDX 2.2 or 2.3 JSON, tag-value or YAML.
func decodeSPDX(data []byte, f Format) (*doc, error) {
	return nil, &DecodeError{Format: f, Err: fmt.Errorf("%w: not yet", ErrUnsupportedVersion)}
}
