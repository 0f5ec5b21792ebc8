package sbom_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/soup"
)

// Warnings of unwrapping, as the decoder words them.
const (
	wDSSE      = "read the payload of a DSSE envelope (application/vnd.in-toto+json); its signatures are not verified"
	wStatement = "read the predicate (https://cyclonedx.org/bom) of an in-toto statement"
)

// TestRealAttestations: issue 11 class 2 — SBOMs as cosign attest and
// Sigstore bundles ship them, real, not wrapped by us (trivy's test
// fixtures; testdata/classes/README.md says where each comes from), read
// as the SBOM inside them: the same list as the predicate found by the
// count test's own walk of the raw JSON, with warnings that say what was
// unwrapped and what was not checked.
func TestRealAttestations(t *testing.T) {
	for _, tc := range []struct {
		file     string
		system   string
		items    []row
		warnings []string
	}{
		// cosign attest --type cyclonedx: one DSSE envelope on one line,
		// statement v0.1, the BOM the predicate.
		{file: "trivy-centos-7-cyclonedx.intoto.jsonl", system: "integration/testdata/fixtures/images/centos-7.tar.gz",
			items:    []row{{"centos", "7.6.1810", soup.Direct}, {"bash", "4.2.46-31.el7", soup.Transitive}, {"openssl-libs", "1.0.2k-16.el7", soup.Transitive}},
			warnings: []string{wDSSE, wStatement}},
		// An older cosign: the BOM inside the generic {"Data": …,
		// "Timestamp": …} predicate; the envelope pretty-printed.
		{file: "trivy-sbom.cdx.intoto.jsonl", system: "maven-test-project",
			items: []row{{"alpine", "3.16.0", soup.Direct}, {"musl", "1.2.3-r0", soup.Transitive},
				{"pear/log", "1.13.1", soup.Direct}, {"pear/pear_exception", "v1.0.0", soup.Direct},
				{"github.com/package-url/packageurl-go", "v0.1.1-0.20220203205134-d70459300c8a", soup.Direct},
				{"org.codehaus.mojo:child-project", "1.0", soup.Direct}, {"bootstrap", "5.0.2", soup.Direct}},
			warnings: []string{wDSSE, wStatement}},
		// A Sigstore bundle v0.3 (cosign attest --new-bundle-format):
		// the envelope is its dsseEnvelope. The BOM's dependency graph
		// names a bom-ref no component has (as trivy 0.39 wrote it).
		{file: "trivy-sigstore-bundle-v0.3.json", system: "localhost:5001/demo-referrers-2023:app",
			items: []row{{"github.com/opencontainers/go-digest", "v1.0.0", 0}, {"golang.org/x/sync", "v0.1.0", 0}},
			warnings: []string{
				"read the DSSE envelope of a Sigstore bundle (application/vnd.dev.sigstore.bundle.v0.3+json); its verification material is not checked",
				wDSSE, wStatement,
				"c6309d4a-f6db-4acc-8e44-f0d271492b65: a dependency names this bom-ref, which no element has; the dependency is dropped"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/classes/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			l, f, rep, err := new(sbom.Decoder).DecodeBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			if want := (sbom.Format{Family: sbom.CycloneDX, Encoding: sbom.JSON, Version: "1.4"}); f != want {
				t.Errorf("format %v, want %v", f, want)
			}
			if df, err := sbom.Detect(data); err != nil || df != f {
				t.Errorf("Detect = %v, %v; want %v", df, err, f)
			}
			if l.System.Name != tc.system {
				t.Errorf("system %q, want %q", l.System.Name, tc.system)
			}
			if diff := cmp.Diff(tc.items, rows(l)); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			var got []string
			for _, w := range rep.Warnings {
				got = append(got, w.String())
			}
			if diff := cmp.Diff(tc.warnings, got); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			want, _, err := sbom.Decode(bytes.NewReader(rawPredicate(data)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, l, dateCmp); diff != "" {
				t.Errorf("not the list of the predicate (-want +got):\n%s", diff)
			}
		})
	}
}

// compact returns a file of testdata/classes on one line, as a line of
// an attestation bundle.
func compact(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile("testdata/classes/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestAttestationBundles: an attestation bundle (.intoto.jsonl, one
// envelope a line) gives its one SBOM and names what else it held; none
// or several SBOMs are an error that says so. No real bundle holding an
// SBOM beside other attestations was found: these are built of real
// envelopes, a tekton-chains SLSA provenance (guac's test data) and
// cosign SBOM attestations (trivy's), one a line.
func TestAttestationBundles(t *testing.T) {
	provenance, centos, maven := compact(t, "guac-oci-dsse-att.json"), compact(t, "trivy-centos-7-cyclonedx.intoto.jsonl"), compact(t, "trivy-sbom.cdx.intoto.jsonl")
	read := func(file string) string {
		data, err := os.ReadFile("testdata/classes/" + file)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	t.Run("provenance and SBOM", func(t *testing.T) {
		l, _, rep, err := new(sbom.Decoder).DecodeBytes([]byte(provenance + "\n" + centos + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]row{{"centos", "7.6.1810", soup.Direct}, {"bash", "4.2.46-31.el7", soup.Transitive}, {"openssl-libs", "1.0.2k-16.el7", soup.Transitive}}, rows(l)); diff != "" {
			t.Errorf("items (-want +got):\n%s", diff)
		}
		if len(rep.Warnings) < 3 || rep.Warnings[0].Line != 2 ||
			rep.Warnings[0].Message != "read line 2 of an attestation bundle (JSON Lines); not SBOMs, not read: line 1 (https://slsa.dev/provenance/v0.2)" ||
			rep.Warnings[1].Message != wDSSE || rep.Warnings[2].Message != wStatement {
			t.Errorf("warnings %v", rep.Warnings)
		}
	})
	for _, tc := range []struct {
		name, data string
		line       int
		msg        string
	}{
		{"two SBOMs", centos + "\n" + provenance + "\n" + maven + "\n", 3,
			"sbom: line 3: an attestation bundle (JSON Lines) with 2 SBOMs, line 1 (https://cyclonedx.org/bom), line 3 (https://cyclonedx.org/bom): give each as its own input"},
		{"no SBOM", provenance + "\n" + provenance, 1,
			"sbom: line 1: unknown format: an attestation bundle (JSON Lines) without an SBOM: line 1 (https://slsa.dev/provenance/v0.2), line 2 (https://slsa.dev/provenance/v0.2)"},
		{"one provenance", provenance, 0,
			"sbom: the predicate (https://slsa.dev/provenance/v0.2) of an in-toto statement: unknown format: JSON object without bomFormat, spdxVersion or SOUP list fields"},
		// Real: the GitHub CLI's test data, two Sigstore bundles v0.3 of
		// npm provenance one a line, and a Sigstore bundle v0.1.
		{"real bundle of provenances", read("gh-sigstore-js-2.1.0_with_2_bundles.jsonl"), 1,
			"sbom: line 1: unknown format: an attestation bundle (JSON Lines) without an SBOM: line 1 (https://slsa.dev/provenance/v1), line 2 (https://slsa.dev/provenance/v1)"},
		{"real Sigstore bundle v0.1 of provenance", read("gh-sigstore-js-2.1.0-bundle-v0.1.json"), 0,
			"sbom: the predicate (https://slsa.dev/provenance/v1) of an in-toto statement: unknown format: JSON object without bomFormat, spdxVersion or SOUP list fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := sbom.Decode(strings.NewReader(tc.data))
			var de *sbom.DecodeError
			if !errors.As(err, &de) || de.Line != tc.line || err.Error() != tc.msg {
				t.Errorf("err = %v (line %d)\nwant %s (line %d)", err, de.Line, tc.msg, tc.line)
			}
			if _, derr := sbom.Detect([]byte(tc.data)); derr == nil || derr.Error() != err.Error() {
				t.Errorf("Detect: %v, want %v", derr, err)
			}
		})
	}
}

// TestEnvelopeBase64: DSSE lets a signer write the payload in URL-safe
// base64 without padding; it reads as the standard encoding does (the
// real envelope of trivy's fixture, re-encoded).
func TestEnvelopeBase64(t *testing.T) {
	data, err := os.ReadFile("testdata/classes/trivy-centos-7-cyclonedx.intoto.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]any
	if err := json.Unmarshal(data, &env); err != nil {
		t.Fatal(err)
	}
	payload, err := base64.StdEncoding.DecodeString(env["payload"].(string))
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := sbom.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	env["payload"] = base64.RawURLEncoding.EncodeToString(payload)
	raw, _ := json.Marshal(env)
	got, _, err := sbom.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, dateCmp); diff != "" {
		t.Errorf("(-std +url):\n%s", diff)
	}
}
