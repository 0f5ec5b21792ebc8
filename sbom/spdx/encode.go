package spdx

import (
	"bytes"
	"io"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/spdx/tools-golang/convert"
	spdxjson "github.com/spdx/tools-golang/json"
	spdxcommon "github.com/spdx/tools-golang/spdx/common"
	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_2"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"
	"github.com/spdx/tools-golang/tagvalue"
	spdxyaml "github.com/spdx/tools-golang/yaml"

	"github.com/soupkit/soupkit"
	"github.com/soupkit/soupkit/sbom/internal/form"
	"github.com/soupkit/soupkit/soup"
)

// systemID is the SPDXID (without SPDXRef-) of the system's package.
const systemID = "System"

// ToDocument converts l into an SPDX 2.3 document, carrying every field
// of the list as sbom.Encode does. Items are sorted by key then version.
func ToDocument(l *soup.List) (*v2_3.Document, error) {
	f := form.Format{Family: form.SPDX, Encoding: form.JSON, Version: "2.3"}
	l = form.SortedList(l)
	if form.ValidUTF8(l) {
		return inMemory(l, f, form.EncodeOptions{}), nil
	}
	sd, _, err := spdxDocument(l, f, form.EncodeOptions{})
	return sd, err
}

// EncodeTo writes l to w as Encode does. SPDX 2.3 JSON is streamed to w as
// it is encoded, from one build of the document; the document is complete
// before the first byte is written.
func EncodeTo(w io.Writer, l *soup.List, f form.Format, o form.EncodeOptions) error {
	l = form.SortedList(o.Strip(l))
	if f.Encoding != form.JSON || f.Version == "2.2" || !form.OnePass(l, o) {
		_, b, err := spdxDocument(l, f, o)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	return writeJSON(w, inMemory(l, f, o))
}

// inMemory builds the SPDX 2.3 document of l as spdxDocument does,
// learning what its native fields give back without writing it (see
// form.OnePass).
func inMemory(l *soup.List, f form.Format, o form.EncodeOptions) *v2_3.Document {
	refs := form.Refs(l, spdxID, systemID)
	var name func(*v2_3.Document, string)
	if o.Namespace == "" {
		name = func(sd *v2_3.Document, id string) { sd.DocumentNamespace = id }
	}
	return form.InMemory(l, f,
		func() *v2_3.Document { return nativeSPDX(l, f, o, refs) },
		func(sd *v2_3.Document, read *soup.List, items map[string]*soup.Item) {
			// Made again knowing what the native fields give back.
			sd.Annotations = nil
			for _, p := range sd.Packages {
				p.Annotations = nil
			}
			annotateSPDX(sd, l, f, o, refs, read, items)
		},
		func(sd *v2_3.Document) *form.Doc { return fromDocument(sd, f) },
		name)
}

// Encode writes l as an SPDX document in format f, JSON, tag-value or YAML
// of a version f.Encodable accepts, with its items sorted by key then
// version: the encoder package sbom's Encode dispatches to (most callers
// want that).
func Encode(l *soup.List, f form.Format, o form.EncodeOptions) ([]byte, error) {
	var buf bytes.Buffer
	if err := EncodeTo(&buf, l, f, o); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// spdxDocument builds the document of l in two passes (see form.TwoPass).
func spdxDocument(l *soup.List, f form.Format, o form.EncodeOptions) (*v2_3.Document, []byte, error) {
	if o.Namespace == "" {
		o.Namespace = "urn:uuid:" + form.ContentID(l, f)
	}
	return form.TwoPass(f,
		func(read *soup.List, items map[string]*soup.Item) *v2_3.Document {
			return buildSPDX(l, f, o, read, items)
		},
		writeSPDX, decode)
}

func writeSPDX(sd *v2_3.Document, f form.Format, compact bool) ([]byte, error) {
	var doc spdxcommon.AnyDocument = sd
	if f.Version == "2.2" {
		var d22 v2_2.Document
		if err := convert.Document(sd, &d22); err != nil {
			return nil, err
		}
		d22.SPDXVersion = v2_2.Version
		doc = &d22
	}
	var (
		buf bytes.Buffer
		err error
	)
	switch f.Encoding {
	case form.JSON:
		opts := []spdxjson.WriteOption{spdxjson.Indent("  "), spdxjson.EscapeHTML(false)}
		if compact {
			opts = opts[1:]
		}
		err = spdxjson.Write(doc, &buf, opts...)
	case form.TagValue:
		restore := escapeTagValue(doc)
		err = tagvalue.Write(doc, &buf)
		restore()
	case form.YAML:
		err = spdxyaml.Write(doc, &buf)
	}
	return buf.Bytes(), err
}

// spdxID reports whether s can be an SPDX element ID: letters, digits,
// dots and hyphens.
func spdxID(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	return s != ""
}

// buildSPDX maps l onto an SPDX document; read is what the native fields
// alone gave back (nil in the first pass).
func buildSPDX(l *soup.List, f form.Format, o form.EncodeOptions, read *soup.List, items map[string]*soup.Item) *v2_3.Document {
	refs := form.Refs(l, spdxID, systemID)
	sd := nativeSPDX(l, f, o, refs)
	annotateSPDX(sd, l, f, o, refs, read, items)
	return sd
}

// annotateSPDX adds the soupkit annotations of l to sd, as nativeSPDX built
// it with refs: those of the document, then each item's; read is what the
// native fields alone gave back (nil in the first pass).
func annotateSPDX(sd *v2_3.Document, l *soup.List, f form.Format, o form.EncodeOptions, refs []string, read *soup.List, items map[string]*soup.Item) {
	created := o.CreationTime(l)
	tagValue := f.Encoding == form.TagValue
	annotate := func(id common.ElementID, ps []form.Prop, p *v2_3.Package) {
		for _, x := range ps {
			a := v2_3.Annotation{
				Annotator:                common.Annotator{AnnotatorType: "Tool", Annotator: "soupkit"},
				AnnotationDate:           created,
				AnnotationType:           "OTHER",
				AnnotationSPDXIdentifier: common.DocElementID{ElementRefID: id},
				AnnotationComment:        form.Prefix + x.Name + "=" + x.Value,
			}
			if p != nil && !tagValue {
				p.Annotations = append(p.Annotations, a)
			} else {
				sd.Annotations = append(sd.Annotations, &a)
			}
		}
	}
	annotate("DOCUMENT", form.ListProps(l, read), nil)
	for i := range l.Items {
		it := &l.Items[i]
		var back *soup.Item
		if read != nil {
			if back = items[refs[i]]; back == nil {
				back = &soup.Item{}
			}
		}
		p := sd.Packages[i+1]
		annotate(p.PackageSPDXIdentifier, form.ItemProps(it, back), p)
	}
}

// nativeSPDX maps l onto an SPDX document without soupkit annotations:
// the system's package, then one per item, given the SPDX IDs refs.
func nativeSPDX(l *soup.List, f form.Format, o form.EncodeOptions, refs []string) *v2_3.Document {
	created := o.CreationTime(l)
	title := l.Document.Title
	if title == "" {
		title = l.System.Name
	}
	if title = line(title); title == "" {
		title = "SOUP list"
	}
	sd := &v2_3.Document{
		SPDXVersion:       v2_3.Version,
		DataLicense:       v2_3.DataLicense,
		SPDXIdentifier:    "DOCUMENT",
		DocumentName:      title,
		DocumentNamespace: o.Namespace,
		CreationInfo: &v2_3.CreationInfo{
			Creators: []common.Creator{{CreatorType: "Tool", Creator: "soupkit-" + soupkit.Version}},
			Created:  created,
		},
		Packages: make([]*v2_3.Package, 0, len(l.Items)+1),
	}
	sys := &v2_3.Package{
		PackageName:               name(l.System.Name),
		PackageSPDXIdentifier:     systemID,
		PackageVersion:            line(l.System.Version),
		PackageSupplier:           supplier(l.System.Manufacturer),
		PackageDownloadLocation:   "NOASSERTION",
		IsFilesAnalyzedTagPresent: true,
		PrimaryPackagePurpose:     "APPLICATION",
	}
	sd.Packages = append(sd.Packages, sys)
	for i := range l.Items {
		p := spdxPackage(&l.Items[i], common.ElementID(refs[i]), f.Version != "2.2")
		if f.Version == "2.2" {
			// Algorithms SPDX 2.2 does not know are not written as
			// invalid values: the read-back lacks them, so that the
			// soupkit:hashes annotation carries the item's hashes.
			p.PackageChecksums = slices.DeleteFunc(p.PackageChecksums, func(c common.Checksum) bool {
				return !spdx22Hashes[c.Algorithm]
			})
		}
		sd.Packages = append(sd.Packages, p)
	}

	rel := func(a, b common.ElementID, typ string) {
		sd.Relationships = append(sd.Relationships, &v2_3.Relationship{
			RefA: common.DocElementID{ElementRefID: a}, RefB: common.DocElementID{ElementRefID: b}, Relationship: typ,
		})
	}
	rel("DOCUMENT", systemID, common.TypeRelationshipDescribe)
	deps, direct := form.Graph(l)
	for _, j := range direct {
		rel(systemID, common.ElementID(refs[j]), common.TypeRelationshipDependsOn)
	}
	for i, ds := range deps {
		for _, j := range ds {
			rel(common.ElementID(refs[i]), common.ElementID(refs[j]), common.TypeRelationshipDependsOn)
		}
	}
	return sd
}

// supplier writes a manufacturer as an SPDX organisation.
func supplier(name string) *common.Supplier {
	if name = line(name); name == "" {
		return nil
	}
	return &common.Supplier{SupplierType: "Organization", Supplier: name}
}

// line makes s fit a single-line tag-value field. What it changes reads
// back differently, so a soupkit annotation then carries the value.
func line(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// name returns a package name: SPDX requires one, NOASSERTION stands in
// for none.
func name(s string) string {
	if s = line(s); s == "" {
		return "NOASSERTION"
	}
	return s
}

// token makes s fit a field that ends at white space.
func token(s string) string {
	return strings.Join(strings.Fields(s), "%20")
}

// spdxHashNames maps normalised algorithm names to SPDX's.
var spdxHashNames = map[string]common.ChecksumAlgorithm{
	"MD5": common.MD5, "SHA1": common.SHA1, "SHA256": common.SHA256, "SHA384": common.SHA384,
	"SHA512": common.SHA512, "SHA3256": common.SHA3_256, "SHA3384": common.SHA3_384, "SHA3512": common.SHA3_512,
	"BLAKE2B256": common.BLAKE2b_256, "BLAKE2B384": common.BLAKE2b_384, "BLAKE2B512": common.BLAKE2b_512,
	"BLAKE3": common.BLAKE3,
}

// spdx22Hashes are the checksum algorithms SPDX 2.2 knows (2.3 added SHA3,
// BLAKE2b, BLAKE3 and ADLER32).
var spdx22Hashes = map[common.ChecksumAlgorithm]bool{
	common.SHA1: true, common.SHA224: true, common.SHA256: true, common.SHA384: true, common.SHA512: true,
	common.MD2: true, common.MD4: true, common.MD5: true, common.MD6: true,
}

// spdxPackage maps an item onto a package; advisories says whether to
// reference the anomalies' advisories, which SPDX 2.2 has no type for.
func spdxPackage(it *soup.Item, id common.ElementID, advisories bool) *v2_3.Package {
	p := &v2_3.Package{
		PackageName:               name(it.Name),
		PackageSPDXIdentifier:     id,
		PackageVersion:            line(it.Version),
		PackageSupplier:           supplier(it.Manufacturer),
		PackageDownloadLocation:   "NOASSERTION",
		IsFilesAnalyzedTagPresent: true,
		PackageHomePage:           token(it.Website),
		PackageLicenseConcluded:   "NOASSERTION",
		PackageLicenseDeclared:    "NOASSERTION",
		PackageCopyrightText:      "NOASSERTION",
		PackageDescription:        it.Description,
		PrimaryPackagePurpose:     "LIBRARY",
	}
	if form.ValidExpression(it.License) {
		p.PackageLicenseConcluded = it.License
	}
	for _, h := range it.Hashes {
		if alg, ok := spdxHashNames[form.NormHash(h.Algorithm)]; ok && h.Value != "" && !strings.ContainsAny(h.Value, " \t\r\n") {
			p.PackageChecksums = append(p.PackageChecksums, common.Checksum{Algorithm: alg, Value: h.Value})
		}
	}
	ref := func(cat, typ, loc string) {
		if loc = token(loc); loc != "" {
			p.PackageExternalReferences = append(p.PackageExternalReferences,
				&v2_3.PackageExternalReference{Category: cat, RefType: typ, Locator: loc})
		}
	}
	ref(common.CategoryPackageManager, common.TypePackageManagerPURL, it.PURL)
	cpeType := common.TypeSecurityCPE23Type
	if strings.HasPrefix(it.CPE, "cpe:/") {
		cpeType = common.TypeSecurityCPE22Type
	}
	ref(common.CategorySecurity, cpeType, it.CPE)
	ref(common.CategoryOther, "issue-tracker", it.IssueTracker)
	ref(common.CategoryOther, "vcs", it.VCS)
	for i := 0; advisories && i < len(it.Anomalies); i++ {
		ref(common.CategorySecurity, common.TypeSecurityAdvisory, advisoryURL(it.Anomalies[i]))
	}
	if !it.Support.EndOfSupport.IsZero() {
		p.ValidUntilDate = it.Support.EndOfSupport.String() + "T00:00:00Z"
	}
	return p
}

// advisoryURL returns the address of the advisory that publishes anomaly
// a: its source when that is an http(s) address ending in its ID, else the
// NVD page of a CVE or the GitHub page of a GHSA; or "" when a names no
// advisory. The ID is what a reader takes from the address again (see
// advisoryAnomaly).
func advisoryURL(a soup.Anomaly) string {
	if u, err := url.Parse(a.Source); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" &&
		a.ID != "" && path.Base(strings.TrimRight(u.Path, "/")) == a.ID {
		return a.Source
	}
	switch id := a.ID; {
	case advisoryID(id, "CVE-"):
		return "https://nvd.nist.gov/vuln/detail/" + id
	case advisoryID(id, "GHSA-"):
		return "https://github.com/advisories/" + id
	}
	return ""
}

// advisoryID reports whether id is prefix followed by letters, digits and
// hyphens only, as CVE and GHSA identifiers are.
func advisoryID(id, prefix string) bool {
	rest, ok := strings.CutPrefix(id, prefix)
	if !ok || rest == "" {
		return false
	}
	for _, c := range rest {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
			return false
		}
	}
	return true
}
