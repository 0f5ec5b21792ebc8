package spdx3_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/soupkit/soupkit/sbom/spdx3"
	"github.com/soupkit/soupkit/soup"
)

// The SPDX 3 document of an application that depends on one library, with
// a VEX statement: the library is not affected by a vulnerability.
const doc = `{
  "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
  "@graph": [
    {"type": "SpdxDocument", "spdxId": "urn:example:doc", "rootElement": ["urn:example:app"]},
    {"type": "software_Package", "spdxId": "urn:example:app", "name": "pump-ui", "software_packageVersion": "2.4.0"},
    {"type": "software_Package", "spdxId": "urn:example:flask", "name": "flask", "software_packageVersion": "1.1.2",
     "software_packageUrl": "pkg:pypi/flask@1.1.2", "supportLevel": ["support"], "validUntilTime": "2027-12-31T00:00:00Z"},
    {"type": "Relationship", "spdxId": "urn:example:r1", "from": "urn:example:app", "relationshipType": "dependsOn",
     "to": ["urn:example:flask"]},
    {"type": "security_Vulnerability", "spdxId": "urn:example:vuln",
     "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "cve", "identifier": "CVE-2023-30861"}]},
    {"type": "security_VexNotAffectedVulnAssessmentRelationship", "spdxId": "urn:example:vex", "from": "urn:example:vuln",
     "relationshipType": "doesNotAffect", "to": ["urn:example:flask"],
     "security_justificationType": "vulnerableCodeNotInExecutePath", "security_impactStatement": "sessions are not used"}
  ]
}`

func ExampleDecodeDoc() {
	d, err := spdx3.DecodeDoc([]byte(doc))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("system:", d.Systems[0].Item.Name, d.Systems[0].Item.Version)
	for _, e := range d.Items {
		it := e.Item
		fmt.Println("item:", it.Name, it.Version, it.PURL, it.Support.Level, it.Support.EndOfSupport)
		for _, a := range it.Anomalies {
			fmt.Printf("  %s %s: %s\n", a.ID, a.Status, a.Justification)
		}
	}
	for _, e := range d.Edges {
		fmt.Println("edge:", e.From, e.Type, e.To)
	}
	// Output:
	// system: pump-ui 2.4.0
	// item: flask 1.1.2 pkg:pypi/flask@1.1.2 support 2027-12-31
	//   CVE-2023-30861 not-affected: vulnerableCodeNotInExecutePath: sessions are not used
	// edge: urn:example:app dependsOn urn:example:flask
}

func ExampleEncodeDoc() {
	d := &spdx3.Doc{
		Systems: []spdx3.Entry{{Ref: "app", Item: soup.Item{Name: "pump-ui", Version: "2.4.0"}}},
		Items: []spdx3.Entry{{Ref: "SOUP-0001", Item: soup.Item{Name: "flask", Version: "1.1.2"},
			Props: []spdx3.Prop{{Name: "riskLevel", Value: "medium"}}}},
		Edges: []spdx3.Edge{{From: "app", To: "SOUP-0001"}},
	}
	b, err := spdx3.EncodeDoc(d, &spdx3.DocOptions{Namespace: "https://example.com/sbom/pump-ui-2.4.0", Created: "2026-11-24T00:00:00Z"})
	if err != nil {
		log.Fatal(err)
	}
	back, err := spdx3.DecodeDoc(b)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Items[0].Ref, back.Items[0].Item.Name, back.Items[0].Props)
	// Output:
	// https://example.com/sbom/pump-ui-2.4.0#SOUP-0001 flask [{riskLevel medium}]
}

func ExampleEncodeDocTo() {
	d := &spdx3.Doc{
		Systems: []spdx3.Entry{{Ref: "app", Item: soup.Item{Name: "pump-ui", Version: "2.4.0"}}},
		Items:   []spdx3.Entry{{Ref: "SOUP-0001", Item: soup.Item{Name: "flask", Version: "1.1.2", License: "BSD-3-Clause"}}},
		Edges:   []spdx3.Edge{{From: "app", To: "SOUP-0001"}},
	}
	// Streamed to a file (here a buffer): the document is never held whole.
	var out bytes.Buffer
	if err := spdx3.EncodeDocTo(&out, d, &spdx3.DocOptions{Namespace: "urn:example", Created: "2026-11-24T00:00:00Z"}); err != nil {
		log.Fatal(err)
	}
	back, err := spdx3.DecodeDoc(out.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Items[0].Item.Name, back.Items[0].Item.License, back.Edges[0].To)
	// Output:
	// flask BSD-3-Clause urn:example#SOUP-0001
}
