package cyclonedx

import (
	"bytes"
	"errors"
	"unicode/utf8"

	cdx "github.com/CycloneDX/cyclonedx-go"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The components of a CycloneDX JSON BOM are most of its bytes, and most
// are written alike: a handful of known keys, each once, with values of the
// expected JSON type. compReader decodes a component of that shape from
// jsontext tokens straight into cyclonedx-go's Component, without
// reflection, and gives up (errUnusual) on anything else: a key cyclonedx-go
// would match only without regard to case or does not know, a repeated key,
// an escaped key, null, a value of another type. The caller then decodes
// that one component with unmarshalOptions, as all of them were decoded
// before, so cyclonedx-go's decoder (encoding/json semantics) stays the
// oracle. Fields the mapping does not read are decoded with
// unmarshalOptions into their cyclonedx-go field, so that what that decode
// refuses is refused here too.

// errUnusual is a component compReader leaves to the exact decoder.
var errUnusual = errors.New("component left to the exact decoder")

// maxInterned bounds the strings a compReader shares between components.
const maxInterned = 1 << 14

// compReader decodes components from dec, which reads data itself (a
// bytes.Buffer over data), so the raw values it returns stay valid.
type compReader struct {
	dec *jsontext.Decoder
	// interned are the strings that recur from component to component
	// (types, algorithms, property names, licences, makers), shared.
	interned map[string]string
	// The slices of the top-level component, reused for the next one: the
	// mapping keeps none of them.
	hashes []cdx.Hash
	refs   []cdx.ExternalReference
	props  []cdx.Property
	lics   cdx.Licenses
	lic    []cdx.License
	ents   [2]cdx.OrganizationalEntity
	// bomRefs holds the bom-refs of the components read, for the
	// dependencies to share.
	bomRefs map[string]string
}

func newCompReader(dec *jsontext.Decoder) *compReader {
	return &compReader{dec: dec, interned: map[string]string{}, lic: make([]cdx.License, 0, 8)}
}

// kind fails unless the next token is of kind k.
func (r *compReader) kind(k jsontext.Kind) error {
	if r.dec.PeekKind() != k {
		return errUnusual
	}
	return nil
}

// open reads the opening token of an object or array.
func (r *compReader) open(k jsontext.Kind) error {
	if err := r.kind(k); err != nil {
		return err
	}
	_, err := r.dec.ReadToken()
	return err
}

// close reads the closing token of an object or array when it is next and
// reports whether it was.
func (r *compReader) close(k jsontext.Kind) (bool, error) {
	if r.dec.PeekKind() != k {
		return false, nil
	}
	_, err := r.dec.ReadToken()
	return true, err
}

// key reads an object's next name, as written (quoted); an escaped name
// is unusual.
func (r *compReader) key() ([]byte, error) {
	v, err := r.dec.ReadValue()
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(v, '\\') >= 0 {
		return nil, errUnusual
	}
	return v, nil
}

// raw reads a JSON string, as written (quoted).
func (r *compReader) raw() ([]byte, error) {
	if err := r.kind('"'); err != nil {
		return nil, err
	}
	return r.dec.ReadValue()
}

// text is the string the quoted JSON string v holds, as unmarshalOptions
// decode it (invalid UTF-8 and lone surrogates replaced): a copy, never
// an alias of v.
func text(v []byte) (string, error) {
	if bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v) {
		return string(v[1 : len(v)-1]), nil
	}
	var s string
	if err := jsonv2.Unmarshal(v, &s, unmarshalOptions); err != nil {
		return "", errUnusual
	}
	return s, nil
}

// str reads a JSON string.
func (r *compReader) str() (string, error) {
	v, err := r.raw()
	if err != nil {
		return "", err
	}
	return text(v)
}

// common reads a JSON string likely to recur, shared between its
// occurrences.
func (r *compReader) common() (string, error) {
	v, err := r.raw()
	if err != nil {
		return "", err
	}
	return r.intern(v)
}

// intern is text(v), the same string for the same text.
func (r *compReader) intern(v []byte) (string, error) {
	if s, ok := r.interned[string(v[1:len(v)-1])]; ok {
		return s, nil
	}
	s, err := text(v)
	if err == nil && len(r.interned) < maxInterned && bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v) {
		r.interned[s] = s
	}
	return s, err
}

// ref reads a JSON string that is a bom-ref: the component's own string
// where a component has it.
func (r *compReader) ref() (string, error) {
	v, err := r.raw()
	if err != nil {
		return "", err
	}
	if s, ok := r.bomRefs[string(v[1:len(v)-1])]; ok && bytes.IndexByte(v, '\\') < 0 {
		return s, nil
	}
	return text(v)
}

// exact reads the next value into p, a pointer to a cyclonedx-go field,
// as unmarshalOptions decode it.
func (r *compReader) exact(p any) error {
	v, err := r.dec.ReadValue()
	if err != nil {
		return err
	}
	if jsonv2.Unmarshal(v, p, unmarshalOptions) != nil {
		return errUnusual
	}
	return nil
}

// seen marks key bit i in *mask; a key seen before is unusual.
func seen(mask *uint64, i uint) error {
	if *mask&(1<<i) != 0 {
		return errUnusual
	}
	*mask |= 1 << i
	return nil
}

// object reads the members of an object, its opening token read, calling
// member with each name (quoted) and its index in names, which lists the
// names member knows (at most 64); an unknown or repeated name is
// unusual.
func (r *compReader) object(names []string, member func(i int) error) error {
	var mask uint64
	for {
		if end, err := r.close('}'); end || err != nil {
			return err
		}
		k, err := r.key()
		if err != nil {
			return err
		}
		i := index(names, k)
		if i < 0 {
			return errUnusual
		}
		if err := seen(&mask, uint(i)); err != nil {
			return err
		}
		if err := member(i); err != nil {
			return err
		}
	}
}

// index is the index of the quoted name k in names, or -1.
func index(names []string, k []byte) int {
	for i, n := range names {
		if len(n) == len(k)-2 && n == string(k[1:len(k)-1]) {
			return i
		}
	}
	return -1
}

// array reads the elements of an array, calling elem before each.
func (r *compReader) array(elem func() error) error {
	if err := r.open('['); err != nil {
		return err
	}
	for {
		if end, err := r.close(']'); end || err != nil {
			return err
		}
		if err := elem(); err != nil {
			return err
		}
	}
}

// componentNames are the keys of a component, in the order of the cases
// of component.
var componentNames = []string{
	"bom-ref", "type", "name", "version", "group", "purl", "cpe", "description",
	"author", "publisher", "copyright", "scope", "mime-type", "versionRange",
	"hashes", "licenses", "externalReferences", "properties", "components",
	"supplier", "manufacturer",
	"authors", "omniborId", "swhid", "swid", "modified", "pedigree", "evidence",
	"releaseNotes", "modelCard", "data", "cryptoProperties", "tags", "isExternal",
	"patentAssertions", "signature",
}

// component reads a component into c, an empty one, its opening token
// read. top says that c is the top-level component, whose slices can be
// the reader's own.
func (r *compReader) component(c *cdx.Component, top bool) error {
	return r.object(componentNames, func(i int) (err error) {
		switch i {
		case 0:
			c.BOMRef, err = r.str()
		case 1:
			var s string
			s, err = r.common()
			c.Type = cdx.ComponentType(s)
		case 2:
			c.Name, err = r.str()
		case 3:
			c.Version, err = r.str()
		case 4:
			c.Group, err = r.common()
		case 5:
			c.PackageURL, err = r.str()
		case 6:
			c.CPE, err = r.str()
		case 7:
			c.Description, err = r.str()
		case 8:
			c.Author, err = r.common()
		case 9:
			c.Publisher, err = r.common()
		case 10:
			c.Copyright, err = r.str()
		case 11:
			var s string
			s, err = r.common()
			c.Scope = cdx.Scope(s)
		case 12:
			c.MIMEType, err = r.common()
		case 13:
			c.VersionRange, err = r.str()
		case 14:
			if top {
				r.hashes, err = r.hashList(r.hashes[:0])
				c.Hashes = &r.hashes
			} else {
				hs, e := r.hashList(nil)
				c.Hashes, err = &hs, e
			}
		case 15:
			if top {
				r.lic = r.lic[:0]
				r.lics, err = r.licenses(r.lics[:0], true)
				c.Licenses = &r.lics
			} else {
				ls, e := r.licenses(nil, false)
				c.Licenses, err = &ls, e
			}
		case 16:
			if top {
				r.refs, err = r.extRefs(r.refs[:0])
				c.ExternalReferences = &r.refs
			} else {
				es, e := r.extRefs(nil)
				c.ExternalReferences, err = &es, e
			}
		case 17:
			if top {
				r.props, err = r.properties(r.props[:0])
				c.Properties = &r.props
			} else {
				ps, e := r.properties(nil)
				c.Properties, err = &ps, e
			}
		case 18:
			var cs []cdx.Component
			err = r.array(func() error {
				if err := r.open('{'); err != nil {
					return err
				}
				cs = append(cs, cdx.Component{})
				return r.component(&cs[len(cs)-1], false)
			})
			c.Components = &cs
		case 19, 20:
			e := new(cdx.OrganizationalEntity)
			if top {
				e = &r.ents[i-19]
				*e = cdx.OrganizationalEntity{}
			}
			err = r.entity(e)
			if i == 19 {
				c.Supplier = e
			} else {
				c.Manufacturer = e
			}
		case 21:
			err = r.exact(&c.Authors)
		case 22:
			err = r.exact(&c.OmniborID)
		case 23:
			err = r.exact(&c.SWHID)
		case 24:
			err = r.exact(&c.SWID)
		case 25:
			err = r.exact(&c.Modified)
		case 26:
			err = r.exact(&c.Pedigree)
		case 27:
			err = r.exact(&c.Evidence)
		case 28:
			err = r.exact(&c.ReleaseNotes)
		case 29:
			err = r.exact(&c.ModelCard)
		case 30:
			err = r.exact(&c.Data)
		case 31:
			err = r.exact(&c.CryptoProperties)
		case 32:
			err = r.exact(&c.Tags)
		case 33:
			err = r.exact(&c.IsExternal)
		case 34:
			err = r.exact(&c.PatentAssertions)
		case 35:
			err = r.exact(&c.Signature)
		}
		return err
	})
}

var hashNames = []string{"alg", "content"}

// hashList appends the hashes of a JSON array to hs.
func (r *compReader) hashList(hs []cdx.Hash) ([]cdx.Hash, error) {
	err := r.array(func() error {
		if err := r.open('{'); err != nil {
			return err
		}
		hs = append(hs, cdx.Hash{})
		h := &hs[len(hs)-1]
		return r.object(hashNames, func(i int) (err error) {
			if i == 0 {
				var s string
				s, err = r.common()
				h.Algorithm = cdx.HashAlgorithm(s)
			} else {
				h.Value, err = r.str()
			}
			return err
		})
	})
	return hs, err
}

var propertyNames = []string{"name", "value"}

// properties appends the properties of a JSON array to ps. A property's
// value is read only where the mapping reads it (propertyValueRead):
// the others are left empty.
func (r *compReader) properties(ps []cdx.Property) ([]cdx.Property, error) {
	err := r.array(func() error {
		if err := r.open('{'); err != nil {
			return err
		}
		var value []byte
		ps = append(ps, cdx.Property{})
		p := &ps[len(ps)-1]
		err := r.object(propertyNames, func(i int) (err error) {
			if i == 0 {
				p.Name, err = r.common()
			} else {
				value, err = r.raw()
			}
			return err
		})
		if err == nil && value != nil {
			if propertyValueRead(p.Name) {
				p.Value, err = text(value)
			} else if bytes.IndexByte(value, '\\') >= 0 || !utf8.Valid(value) {
				_, err = text(value) // what unmarshalOptions refuse, refused
			}
		}
		return err
	})
	return ps, err
}

var extRefNames = []string{"url", "comment", "type", "hashes", "properties"}

// extRefs appends the external references of a JSON array to es. A
// reference's URL is read only where the mapping reads it
// (extRefURLRead): the others are left empty.
func (r *compReader) extRefs(es []cdx.ExternalReference) ([]cdx.ExternalReference, error) {
	err := r.array(func() error {
		if err := r.open('{'); err != nil {
			return err
		}
		var url []byte
		es = append(es, cdx.ExternalReference{})
		e := &es[len(es)-1]
		err := r.object(extRefNames, func(i int) (err error) {
			switch i {
			case 0:
				url, err = r.raw()
			case 1:
				err = r.skipString()
			case 2:
				var s string
				s, err = r.common()
				e.Type = cdx.ExternalReferenceType(s)
			case 3:
				err = r.exact(&e.Hashes)
			case 4:
				err = r.exact(&e.Properties)
			}
			return err
		})
		if err == nil && url != nil {
			if extRefURLRead(e.Type) {
				e.URL, err = text(url)
			} else if bytes.IndexByte(url, '\\') >= 0 || !utf8.Valid(url) {
				_, err = text(url)
			}
		}
		return err
	})
	return es, err
}

// skipString reads a JSON string the mapping does not read.
func (r *compReader) skipString() error {
	_, err := r.raw()
	return err
}

var licenseChoiceNames = []string{"license", "expression", "acknowledgement", "bom-ref", "expressionDetails", "licensing", "properties"}

// licenses appends the licence choices of a JSON array to ls; top says the
// licences can be the reader's own.
func (r *compReader) licenses(ls cdx.Licenses, top bool) (cdx.Licenses, error) {
	err := r.array(func() error {
		if err := r.open('{'); err != nil {
			return err
		}
		ls = append(ls, cdx.LicenseChoice{})
		l := &ls[len(ls)-1]
		return r.object(licenseChoiceNames, func(i int) (err error) {
			switch i {
			case 0:
				if err := r.open('{'); err != nil {
					return err
				}
				// The reader's own licences, while there is room (a
				// pointer into them must stay valid).
				var lic *cdx.License
				if top && len(r.lic) < cap(r.lic) {
					r.lic = r.lic[:len(r.lic)+1]
					lic = &r.lic[len(r.lic)-1]
					*lic = cdx.License{}
				} else {
					lic = new(cdx.License)
				}
				l.License = lic
				return r.license(lic)
			case 1:
				l.Expression, err = r.common()
			case 2:
				err = r.exact(&l.Acknowledgement)
			case 3:
				l.BOMRef, err = r.str()
			case 4:
				err = r.exact(&l.ExpressionDetails)
			case 5:
				err = r.exact(&l.Licensing)
			case 6:
				err = r.exact(&l.Properties)
			}
			return err
		})
	})
	return ls, err
}

var licenseNames = []string{"id", "name", "url", "acknowledgement", "bom-ref", "text", "licensing", "properties"}

// license reads a licence, its opening token read.
func (r *compReader) license(l *cdx.License) error {
	return r.object(licenseNames, func(i int) (err error) {
		switch i {
		case 0:
			l.ID, err = r.common()
		case 1:
			l.Name, err = r.common()
		case 2:
			l.URL, err = r.common()
		case 3:
			var s string
			s, err = r.common()
			l.Acknowledgement = cdx.LicenseAcknowledgement(s)
		case 4:
			l.BOMRef, err = r.str()
		case 5:
			err = r.exact(&l.Text)
		case 6:
			err = r.exact(&l.Licensing)
		case 7:
			err = r.exact(&l.Properties)
		}
		return err
	})
}

var entityNames = []string{"name", "bom-ref", "url", "address", "contact"}

// entity reads an organisation.
func (r *compReader) entity(e *cdx.OrganizationalEntity) error {
	if err := r.open('{'); err != nil {
		return err
	}
	return r.object(entityNames, func(i int) (err error) {
		switch i {
		case 0:
			e.Name, err = r.common()
		case 1:
			e.BOMRef, err = r.str()
		case 2:
			err = r.exact(&e.URL)
		case 3:
			err = r.exact(&e.Address)
		case 4:
			err = r.exact(&e.Contact)
		}
		return err
	})
}

// skipRest passes over the rest of the element of the top-level array at
// which the reader gave up.
func (r *compReader) skipRest() error {
	if r.dec.StackDepth() == 1 { // its first token not read
		return r.dec.SkipValue()
	}
	for r.dec.StackDepth() > 1 {
		if _, err := r.dec.ReadToken(); err != nil {
			return err
		}
	}
	return nil
}

var dependencyNames = []string{"ref", "dependsOn", "provides"}

// dependency reads a dependency into dep, its opening token read; to is
// room for its dependsOn, returned for the next.
func (r *compReader) dependency(dep *cdx.Dependency, to []string) ([]string, error) {
	err := r.object(dependencyNames, func(i int) (err error) {
		switch i {
		case 0:
			dep.Ref, err = r.ref()
		case 1:
			err = r.array(func() error {
				s, err := r.ref()
				to = append(to, s)
				return err
			})
			dep.Dependencies = &to
		case 2:
			err = r.exact(&dep.Provides)
		}
		return err
	})
	return to, err
}
