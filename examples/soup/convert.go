package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/soupkit/soupkit/sbom"
	"github.com/soupkit/soupkit/sbom/cyclonedx"
	"github.com/soupkit/soupkit/sbom/openvex"
)

func runConvert(e *env, args []string) error {
	f := newFlags(e, "convert", "soup convert -to FORMAT [-curated FILE] [-o FILE] INPUT...",
		`Convert writes the SBOM or SOUP list in another SBOM format. The SOUP
documentation (requirements, risk, verification, anomaly evaluation) is
carried in the format's own fields where it has them and in soupkit:
properties or annotations otherwise, so that converting back gives the same
list. With -curated the documentation of the curated list is added first.

Formats, each optionally with a specification version (default: CycloneDX
`+sbom.DefaultCycloneDXVersion+`, SPDX `+sbom.DefaultSPDXVersion+`):
`+formatNames()+`

VEX documents, which carry only the anomalies and their evaluation:
  cyclonedx-vex   @1.4 @1.5 @1.6 @1.7 (JSON)
  openvex         (OpenVEX 0.2.0)

BSI TR-03183-2 v2.1 wants vulnerability information apart from the SBOM:
write the SBOM with -no-vulnerabilities and the anomalies as a VEX document.
The statements of a CycloneDX VEX point at the SBOM's components by
BOM-Link (urn:cdx:SERIAL/1#SOUP-0001): at the SBOM that
"-to cyclonedx-json -no-vulnerabilities" writes from the same INPUTs, of the
same CycloneDX version; OpenVEX names each item by its package URL (else by
that BOM-Link).`,
		`  soup convert -to cyclonedx-json -curated soup.yaml sbom.spdx.json > soup.cdx.json
  soup convert -to spdx-tagvalue@2.2 -o sbom.spdx sbom.cdx.json
  soup convert -to soupkit-yaml sbom.cdx.json > soup.yaml     # start a curated list
  soup convert -to cyclonedx-json -no-vulnerabilities -curated soup.yaml -o sbom.cdx.json sbom.json
  soup convert -to cyclonedx-vex -curated soup.yaml -o vex.cdx.json sbom.json
  soup convert -to openvex -curated soup.yaml -o soup.openvex.json sbom.json`)
	var (
		common  commonFlags
		to      string
		out     string
		noVulns bool
	)
	common.register(f)
	f.StringVar(&to, "to", "", "the output `FORMAT`, such as cyclonedx-json or spdx-json@2.3 (required)")
	f.StringVar(&out, "o", "-", "the output `FILE`; - is standard output")
	f.BoolVar(&noVulns, "no-vulnerabilities", false, "leave the anomalies out of the SBOM, for a separate VEX document (BSI TR-03183-2)")
	inputs, err := f.parse(args)
	if err != nil {
		return wrapHelp(err)
	}
	if to == "" {
		return usageError(f, "-to FORMAT is required")
	}
	vex, vexVersion, _ := strings.Cut(strings.ToLower(to), "@")
	if vex == "cyclonedx-vex" || vex == "openvex" {
		if noVulns {
			return usageError(f, "-no-vulnerabilities: a VEX document is the vulnerabilities")
		}
		if vex == "openvex" && vexVersion != "" {
			return usageError(f, "-to: openvex takes no version (OpenVEX 0.2.0 is written)")
		}
		l, err := loadInputs(e, f, &common, inputs)
		if err != nil {
			return err
		}
		e.progress.printf("encoding %s", vex)
		var b []byte
		if vex == "openvex" {
			b, err = openvex.Encode(l, nil)
		} else {
			vf := sbom.Format{Family: sbom.CycloneDX, Encoding: sbom.JSON, Version: vexVersion}
			b, err = cyclonedx.EncodeVEX(l, vf, cyclonedx.VEXOptions{})
		}
		if err != nil {
			return err
		}
		return writeOutput(e, out, b)
	}
	format, err := sbom.ParseFormat(to)
	if err != nil {
		return usageError(f, "-to: %v; or a VEX document: cyclonedx-vex, openvex", err)
	}
	if len(inputs) == 0 {
		return usageError(f, "no INPUT given")
	}
	// Open the output first: a file that cannot be written is reported
	// before the work, and a FIFO's reader is met as a shell would.
	o, err := openOutput(e, out)
	if err != nil {
		return err
	}
	defer o.abort()
	l, err := loadInputs(e, f, &common, inputs)
	if err != nil {
		return err
	}
	e.progress.printf("encoding %s", format)
	// Streamed: the encoder writes to the output (its temporary file) as
	// it goes, and an error before the end leaves the target as it was.
	return o.commitWith(func(w io.Writer) error {
		return sbom.Encode(w, l, format, &sbom.EncodeOptions{NoVulnerabilities: noVulns})
	})
}

// formatNames lists the formats sbom.Encode writes, one line per family
// and encoding: "  cyclonedx-json  @1.4 @1.5 @1.6 @1.7".
func formatNames() string {
	var (
		lines []string
		last  string
	)
	for _, f := range sbom.Formats() {
		name, version, _ := strings.Cut(f.String(), "@")
		if name != last {
			lines = append(lines, fmt.Sprintf("  %-15s", name))
			last = name
		}
		if version != "" {
			lines[len(lines)-1] += " @" + version
		}
	}
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}
