package cyclonedx

import (
	"encoding/json"

	cdx "github.com/CycloneDX/cyclonedx-go"
	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// unmarshalOptions make github.com/go-json-experiment/json (the
// encoding/json/v2 proposal, as a module) decode with the semantics of
// encoding/json, which cyclonedx-go's types are written for: names matched
// without regard to case, duplicate names (the last wins), the types'
// own UnmarshalJSON methods called as encoding/json calls them.
var unmarshalOptions = jsonv1.DefaultOptionsV1()

// unmarshalJSON decodes a CycloneDX JSON BOM into bom, an empty BOM: into
// the same cyclonedx-go types, which the mapping (fromBOM) reads whatever
// decoded them, by a decoder several times faster than encoding/json.
// Input it refuses is decoded again by encoding/json, so that every error
// (and any input the two would disagree on) is encoding/json's, as
// cyclonedx-go's own decoder gives it.
func unmarshalJSON(data []byte, bom *cdx.BOM) error {
	if err := jsonv2.Unmarshal(data, bom, unmarshalOptions); err == nil {
		return nil
	}
	*bom = cdx.BOM{}
	return json.Unmarshal(data, bom)
}
