package openvex_test

import (
	"fmt"

	"github.com/soupkit/soupkit/sbom/openvex"
	"github.com/soupkit/soupkit/soup"
)

func ExampleEncode() {
	l := &soup.List{
		System: soup.System{Name: "Infusion pump backend", Manufacturer: "Example Medical GmbH"},
		Items: []soup.Item{{
			ID: "SOUP-0001", Name: "flask", Version: "1.1.2", PURL: "pkg:pypi/flask@1.1.2",
			Anomalies: []soup.Anomaly{{
				ID: "GHSA-m2qf-hxjv-5gpq", Status: soup.StatusNotAffected,
				Justification: "code_not_reachable: The device API sets no session cookie.",
			}},
		}},
	}
	b, err := openvex.Encode(l, &openvex.Options{ID: "https://example.com/vex/2026-12-01"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(b))
	// Output:
	// {
	//   "@context": "https://openvex.dev/ns/v0.2.0",
	//   "@id": "https://example.com/vex/2026-12-01",
	//   "author": "Example Medical GmbH",
	//   "timestamp": "1970-01-01T00:00:00Z",
	//   "version": 1,
	//   "tooling": "soupkit",
	//   "statements": [
	//     {
	//       "vulnerability": {
	//         "name": "GHSA-m2qf-hxjv-5gpq"
	//       },
	//       "products": [
	//         {
	//           "@id": "pkg:pypi/flask@1.1.2",
	//           "identifiers": {
	//             "purl": "pkg:pypi/flask@1.1.2"
	//           }
	//         }
	//       ],
	//       "status": "not_affected",
	//       "justification": "vulnerable_code_not_in_execute_path",
	//       "impact_statement": "The device API sets no session cookie."
	//     }
	//   ]
	// }
}
