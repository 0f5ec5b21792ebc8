module github.com/soupkit/soupkit/scripts/spdx3ref

go 1.26

require (
	github.com/google/go-cmp v0.7.0
	github.com/soupkit/soupkit v0.0.0
	// SPDX 3 exists in tools-golang only in release candidates: used by
	// this test module alone, never by soupkit (see doc.go).
	github.com/spdx/tools-golang v0.6.0-rc4
)

require (
	github.com/CycloneDX/cyclonedx-go v0.12.0 // indirect
	github.com/anchore/go-struct-converter v0.2.0-rc2 // indirect
	github.com/github/go-spdx/v2 v2.8.0 // indirect
	github.com/go-json-experiment/json v1.27.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/kr/text v0.2.0 // indirect
	github.com/package-url/packageurl-go v0.1.7 // indirect
	github.com/piprate/json-gold v0.7.0 // indirect
	github.com/pquerna/cachecontrol v0.0.0-20180517163645-1555304b9b35 // indirect
	go.yaml.in/yaml/v2 v2.4.2 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	sigs.k8s.io/yaml v1.6.0 // indirect
)

replace github.com/soupkit/soupkit => ../..
