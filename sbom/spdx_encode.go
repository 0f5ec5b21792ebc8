package sbom

import (
	"errors"

	"github.com/soupkit/soupkit/soup"
)

func encodeSPDX(l *soup.List, f Format, o EncodeOptions) ([]byte, error) {
	return nil, errors.New("todo")
}
