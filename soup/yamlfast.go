package soup

import (
	"bytes"
	"encoding"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/soupkit/soupkit/internal/yamlcheck"
)

// The items of a SOUP list are most of a soup.yaml, and the YAML library
// spends hundreds of microseconds on each: it turns every value into
// events, keeps them, and analyses every scalar through a general
// emitter. appendItemYAML writes an item as that library writes it (the
// same bytes, a test compares them on random and fuzzed items) for the
// values that are common in a SOUP list: printable ASCII text, booleans,
// dates, the enumerations, lists and the nested records of the model.
// An item holding anything else (text with line breaks, tabs or non-ASCII
// characters, a number, a timestamp) is left to the library.
//
// readItemYAML is its inverse on what it writes: it reads an item back
// from those bytes, and the caller accepts the result only when writing it
// again gives the same bytes, so that it never reads anything differently
// from the library.

// yamlField is a field of a struct of the model as the YAML library sees
// it.
type yamlField struct {
	name      string
	index     int
	omitEmpty bool
	kind      valueKind
}

// valueKind is how the fast writer writes a value of a type.
type valueKind int

const (
	otherKind   valueKind = iota // left to the YAML library
	stringKind                   // string
	boolKind                     // bool
	dateKind                     // Date
	enumKind                     // an enumeration of the model (its text)
	structKind                   // a struct of the model
	stringsKind                  // []string
	structsKind                  // a slice of structs of the model
)

// kindOf returns how the fast writer writes a value of type t.
func kindOf(t reflect.Type) valueKind {
	switch {
	case t == dateType:
		return dateKind
	case t.Implements(yamlMarshalerType) || reflect.PointerTo(t).Implements(yamlMarshalerType):
		return otherKind
	case t.Implements(textMarshalerType):
		if t.PkgPath() == soupPkg && t.Kind() == reflect.Int {
			return enumKind
		}
		return otherKind
	case t.Kind() == reflect.String && t.PkgPath() == "":
		return stringKind
	case t.Kind() == reflect.Bool && t.PkgPath() == "":
		return boolKind
	case t.Kind() == reflect.Struct && t.PkgPath() == soupPkg:
		return structKind
	case t.Kind() == reflect.Slice:
		switch kindOf(t.Elem()) {
		case stringKind:
			return stringsKind
		case structKind:
			return structsKind
		}
	}
	return otherKind
}

// yamlFields returns the fields of the struct type t, in order, and
// whether the fast writer handles every one of them.
func yamlFields(t reflect.Type) ([]yamlField, bool) {
	if v, ok := fieldCache.Load(t); ok {
		c := v.(fieldsOf)
		return c.fields, c.ok
	}
	var fs []yamlField
	ok := true
	for i := range t.NumField() {
		f := t.Field(i)
		if f.PkgPath != "" {
			continue
		}
		tag, has := f.Tag.Lookup("yaml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !has || name == "" || (opts != "" && opts != "omitempty") {
			ok = false
			continue
		}
		fs = append(fs, yamlField{name: name, index: i, omitEmpty: opts == "omitempty", kind: kindOf(f.Type)})
	}
	fieldCache.Store(t, fieldsOf{fs, ok})
	return fs, ok
}

type fieldsOf struct {
	fields []yamlField
	ok     bool
}

var fieldCache sync.Map // reflect.Type → fieldsOf

var (
	dateType          = reflect.TypeFor[Date]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	yamlMarshalerType = reflect.TypeFor[yaml.Marshaler]()
	isZeroerType      = reflect.TypeFor[yaml.IsZeroer]()
	soupPkg           = dateType.PkgPath()
)

// hasIsZero reports whether t has an IsZero method (cached: the question
// is asked of every value written).
func hasIsZero(t reflect.Type) bool {
	if v, ok := zeroerCache.Load(t); ok {
		return v.(bool)
	}
	z := t.Implements(isZeroerType)
	zeroerCache.Store(t, z)
	return z
}

var zeroerCache sync.Map // reflect.Type → bool

// appendItemYAML appends it as the YAML library writes it as an element of
// the items sequence of a list, two spaces in ("  - id: …"), and reports
// whether it could; when it could not, b may hold part of the item.
func appendItemYAML(b []byte, it *Item) ([]byte, bool) {
	b = append(b, "  - "...)
	return appendMapping(b, reflect.ValueOf(it).Elem(), 4, true)
}

// appendMapping appends the fields of the struct v, each key indented by
// indent spaces; inline says the first key follows a "- " already written.
func appendMapping(b []byte, v reflect.Value, indent int, inline bool) ([]byte, bool) {
	fs, ok := yamlFields(v.Type())
	if !ok {
		return b, false
	}
	first := true
	for i := range fs {
		f := &fs[i]
		fv := v.Field(f.index)
		if f.omitEmpty && yamlZero(fv) {
			continue
		}
		if f.kind == otherKind {
			return b, false
		}
		if !first || !inline {
			b = appendSpaces(b, indent)
		}
		first = false
		b = append(b, f.name...)
		b = append(b, ':')
		if b, ok = appendValue(b, fv, f.kind, indent); !ok {
			return b, false
		}
	}
	// An empty mapping is written in flow style ({}).
	return b, !first
}

// appendValue appends the value v of kind k of a key written at indent:
// " scalar\n", or a line break and the block collection.
func appendValue(b []byte, v reflect.Value, k valueKind, indent int) ([]byte, bool) {
	switch k {
	case dateKind:
		d := v.Interface().(Date)
		if y := d.t.Year(); y < 1000 || y > 9999 {
			return b, false
		}
		b = append(b, ' ')
		b = d.t.AppendFormat(b, time.DateOnly)
		return append(b, '\n'), true
	case enumKind:
		text, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return b, false
		}
		return appendScalarLine(b, string(text))
	case stringKind:
		if s := v.String(); strings.IndexByte(s, '\n') >= 0 {
			return appendLiteral(b, s, indent+2)
		}
		return appendScalarLine(b, v.String())
	case boolKind:
		if v.Bool() {
			return append(b, " true\n"...), true
		}
		return append(b, " false\n"...), true
	case structKind:
		b = append(b, '\n')
		return appendMapping(b, v, indent+2, false)
	case stringsKind, structsKind:
		if v.Len() == 0 {
			return b, false // written in flow style ([])
		}
		b = append(b, '\n')
		var ok bool
		for i := range v.Len() {
			b = appendSpaces(b, indent+2)
			b = append(b, '-')
			if k == stringsKind {
				b, ok = appendScalarLine(b, v.Index(i).String())
			} else {
				b = append(b, ' ')
				b, ok = appendMapping(b, v.Index(i), indent+4, true)
			}
			if !ok {
				return b, false
			}
		}
		return b, true
	}
	return b, false
}

func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// appendScalarLine appends " " and s as the YAML library writes a string
// in a block collection, and a line break; it reports false for text it
// leaves to the library.
func appendScalarLine(b []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return b, false
		}
	}
	b = append(b, ' ')
	switch {
	case !plainIsString(s):
		b = append(b, '"')
		for i := 0; i < len(s); i++ {
			if s[i] == '"' || s[i] == '\\' {
				b = append(b, '\\')
			}
			b = append(b, s[i])
		}
		b = append(b, '"')
	case blockPlainAllowed(s):
		b = append(b, s...)
	default:
		b = append(b, '\'')
		for i := 0; i < len(s); i++ {
			if s[i] == '\'' {
				b = append(b, '\'')
			}
			b = append(b, s[i])
		}
		b = append(b, '\'')
	}
	return append(b, '\n'), true
}

// appendLiteral appends " |" (or " |-" when s does not end with a line
// break) and the lines of s, each indent spaces in, as the YAML library
// writes a string of several lines as a mapping value in a block mapping
// (its literal style); it reports false for text it leaves to the
// library: other than printable ASCII and line breaks, starting with a
// space or a line break (written with an indentation indicator), a
// space before a line break or at the end (double-quoted), ending with two
// line breaks (kept with "|+").
func appendLiteral(b []byte, s string, indent int) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		if (s[i] < 0x20 || s[i] > 0x7e) && s[i] != '\n' || s[i] == ' ' && (i+1 == len(s) || s[i+1] == '\n') {
			return b, false
		}
	}
	if s[0] == ' ' || s[0] == '\n' || strings.HasSuffix(s, "\n\n") {
		return b, false
	}
	if text, ok := strings.CutSuffix(s, "\n"); ok {
		b = append(b, " |\n"...)
		s = text
	} else {
		b = append(b, " |-\n"...)
	}
	for line := range strings.SplitSeq(s, "\n") {
		if line != "" {
			b = appendSpaces(b, indent)
			b = append(b, line...)
		}
		b = append(b, '\n')
	}
	return b, true
}

// blockPlainAllowed reports whether the printable ASCII text s may be
// written as a plain scalar in a block collection: the YAML library's
// analysis of indicators and surrounding spaces.
func blockPlainAllowed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	if len(s) >= 3 && (s[:3] == "---" || s[:3] == "...") {
		return false
	}
	followedBySpace := func(i int) bool { return i+1 >= len(s) || s[i+1] == ' ' }
	switch s[0] {
	case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '?', ':', '-':
		if followedBySpace(0) {
			return false
		}
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case ':':
			if followedBySpace(i) {
				return false
			}
		case '#':
			if s[i-1] == ' ' {
				return false
			}
		}
	}
	return true
}

// plainIsString reports whether the YAML library writes s unquoted when
// it may: s read as a plain scalar is a string, not a null, boolean,
// number, timestamp or merge key, nor a YAML 1.1 boolean or sexagesimal
// number. It follows the library's resolver.
func plainIsString(s string) bool {
	if s == "" {
		return false // null
	}
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
		"n", "N", "no", "No", "NO", "off", "Off", "OFF":
		return false
	case "true", "True", "TRUE", "false", "False", "FALSE", "~", "null", "Null", "NULL",
		".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
		"-.inf", "-.Inf", "-.INF", "<<":
		return false
	}
	c := s[0]
	switch {
	case c == '.':
		_, err := strconv.ParseFloat(s, 64)
		return err != nil
	case c == '+' || c == '-' || c >= '0' && c <= '9':
	default:
		return true
	}
	if strings.IndexByte(s, ':') >= 0 && base60Float().MatchString(s) {
		return false
	}
	if isTimestamp(s) {
		return false
	}
	plain := strings.ReplaceAll(s, "_", "")
	if strings.Trim(plain, "+-0123456789abcdefABCDEFoOxX") != "" && !isYAMLFloat(plain) {
		return true // no integer, and no float (the checks below)
	}
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return false
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return false
	}
	if isYAMLFloat(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return false
		}
	}
	for _, p := range [...]struct{ prefix, sign string }{{"0b", ""}, {"-0b", "-"}, {"0o", ""}, {"-0o", "-"}} {
		rest, ok := strings.CutPrefix(plain, p.prefix)
		if !ok {
			continue
		}
		base := 2
		if p.prefix[len(p.prefix)-1] == 'o' {
			base = 8
		}
		if _, err := strconv.ParseInt(p.sign+rest, base, 64); err == nil {
			return false
		}
		if p.sign == "" {
			if _, err := strconv.ParseUint(rest, base, 64); err == nil {
				return false
			}
		}
	}
	return true
}

var base60Float = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`) })

// isYAMLFloat matches what the YAML library's resolver takes for a
// float: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$.
func isYAMLFloat(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// isTimestamp reports whether the YAML library reads the plain scalar s
// as a timestamp.
func isTimestamp(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, f := range [...]string{
		"2006-1-2T15:4:5.999999999Z07:00",
		"2006-1-2t15:4:5.999999999Z07:00",
		"2006-1-2 15:4:5.999999999",
		"2006-1-2",
	} {
		if _, err := time.Parse(f, s); err == nil {
			return true
		}
	}
	return false
}

// yamlZero is the YAML library's test of an empty value for omitempty.
func yamlZero(v reflect.Value) bool {
	if hasIsZero(v.Type()) {
		if v.CanAddr() {
			return v.Addr().Interface().(yaml.IsZeroer).IsZero()
		}
		return v.Interface().(yaml.IsZeroer).IsZero()
	}
	switch v.Kind() {
	case reflect.String:
		return v.Len() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Struct:
		t := v.Type()
		for i := t.NumField() - 1; i >= 0; i-- {
			if t.Field(i).PkgPath == "" && !yamlZero(v.Field(i)) {
				return false
			}
		}
		return true
	}
	return false
}

// readItemYAML reads an item as appendItemYAML writes it (starting "  - ",
// ending with a line break) and reports whether it could. The result is
// that of the YAML library only when appendItemYAML writes it as the same
// bytes: the caller checks.
func readItemYAML(text []byte) (Item, bool) {
	it, ok, _ := readItem(text)
	return it, ok
}

// readItem is readItemYAML that also reports whether a key was given twice
// in one mapping: the library refuses such input, and need not read it.
func readItem(text []byte) (it Item, ok, repeated bool) {
	if !bytesHasPrefix(text, "  - ") || text[len(text)-1] != '\n' {
		return it, false, false
	}
	r := yamlReader{text: text}
	if !r.mapping(reflect.ValueOf(&it).Elem(), 4, true) || r.pos != len(text) {
		return Item{}, false, r.repeated
	}
	return it, true, false
}

func bytesHasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }

// yamlReader reads the block YAML appendItemYAML writes, line by line.
type yamlReader struct {
	text     []byte
	pos      int  // start of the current line
	repeated bool // a key met twice in one mapping
}

// indent returns the spaces at the start of the current line and whether
// a line is left.
func (r *yamlReader) indent() (int, bool) {
	n := 0
	for r.pos+n < len(r.text) && r.text[r.pos+n] == ' ' {
		n++
	}
	return n, r.pos < len(r.text)
}

// line returns the current line from column col, without its break, and
// moves to the next line.
func (r *yamlReader) line(col int) ([]byte, bool) {
	end := r.pos
	for end < len(r.text) && r.text[end] != '\n' {
		end++
	}
	if end == len(r.text) || r.pos+col > end {
		return nil, false
	}
	l := r.text[r.pos+col : end]
	r.pos = end + 1
	return l, true
}

// mapping reads the keys at indent into the struct v; inline says the
// first key is on the current line after a "- ".
func (r *yamlReader) mapping(v reflect.Value, indent int, inline bool) bool {
	fs, ok := yamlFields(v.Type())
	if !ok || len(fs) > 64 {
		return false
	}
	var seen uint64 // the fields read, by index in fs
	for first := true; ; first = false {
		if !first || !inline {
			n, more := r.indent()
			if !more || n < indent {
				return !first
			}
			if n > indent || r.text[r.pos+n] == '-' {
				return false
			}
		}
		l, ok := r.line(indent)
		if !ok {
			return false
		}
		colon := 0
		for colon < len(l) && (l[colon] >= 'a' && l[colon] <= 'z' || l[colon] >= 'A' && l[colon] <= 'Z' || colon > 0 && l[colon] >= '0' && l[colon] <= '9') {
			colon++
		}
		if colon == 0 || colon == len(l) || l[colon] != ':' {
			return false
		}
		var f *yamlField
		for i := range fs {
			if fs[i].name == string(l[:colon]) {
				f = &fs[i]
				if seen&(1<<i) != 0 {
					r.repeated = true
					return false
				}
				seen |= 1 << i
				break
			}
		}
		if f == nil {
			return false
		}
		fv := v.Field(f.index)
		rest := l[colon+1:]
		switch {
		case len(rest) == 0 && fv.Kind() == reflect.Struct && fv.Type() != dateType:
			if !r.mapping(fv, indent+2, false) {
				return false
			}
		case len(rest) == 0 && fv.Kind() == reflect.Slice:
			if !r.sequence(fv, indent+2) {
				return false
			}
		case (string(rest) == " |" || string(rest) == " |-") && fv.Kind() == reflect.String && fv.Type().PkgPath() == "":
			text, ok := r.literal(indent + 2)
			if !ok {
				return false
			}
			if string(rest) == " |" {
				text += "\n"
			}
			fv.SetString(text)
		case len(rest) > 1 && rest[0] == ' ':
			if !setScalar(fv, rest[1:]) {
				return false
			}
		default:
			return false
		}
	}
}

// literal reads the lines of a literal block scalar as appendLiteral
// writes them, col spaces in, and returns them joined (without the last
// line break).
func (r *yamlReader) literal(col int) (string, bool) {
	var (
		b      []byte
		blanks int
		first  = true
	)
	for r.pos < len(r.text) {
		end := r.pos + bytes.IndexByte(r.text[r.pos:], '\n')
		l := r.text[r.pos:end]
		if len(l) == 0 {
			blanks++
			r.pos = end + 1
			continue
		}
		n, _ := r.indent()
		if n < col {
			break
		}
		if first && (blanks > 0 || n > col) {
			return "", false // an indentation indicator
		}
		if !first {
			b = append(b, '\n')
		}
		for ; blanks > 0; blanks-- {
			b = append(b, '\n')
		}
		b = append(b, l[col:]...)
		first = false
		r.pos = end + 1
	}
	return string(b), !first && blanks == 0
}

// sequence reads the entries ("- ") at indent into the slice v.
func (r *yamlReader) sequence(v reflect.Value, indent int) bool {
	et := v.Type().Elem()
	for {
		n, more := r.indent()
		if !more || n < indent {
			return v.Len() > 0
		}
		if n > indent || !bytesHasPrefix(r.text[r.pos+n:], "- ") {
			return false
		}
		e := reflect.New(et).Elem()
		switch {
		case et.Kind() == reflect.String:
			l, ok := r.line(indent + 2)
			if !ok || !setScalar(e, l) {
				return false
			}
		case et.Kind() == reflect.Struct:
			if !r.mapping(e, indent+2, true) {
				return false
			}
		default:
			return false
		}
		v.Set(reflect.Append(v, e))
	}
}

// setScalar sets v from the scalar text s: plain, or quoted as
// appendScalarLine quotes.
func setScalar(v reflect.Value, s []byte) bool {
	var text string
	switch {
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'':
		text = strings.ReplaceAll(string(s[1:len(s)-1]), "''", "'")
	case len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"':
		var b strings.Builder
		in := s[1 : len(s)-1]
		for i := 0; i < len(in); i++ {
			if in[i] == '\\' {
				if i+1 == len(in) || in[i+1] != '\\' && in[i+1] != '"' {
					return false
				}
				i++
			}
			b.WriteByte(in[i])
		}
		text = b.String()
	default:
		text = string(s)
	}
	t := v.Type()
	switch {
	case t == dateType || t.PkgPath() == soupPkg && t.Kind() == reflect.Int:
		u, ok := v.Addr().Interface().(encoding.TextUnmarshaler)
		return ok && u.UnmarshalText([]byte(text)) == nil
	case t.PkgPath() != "":
		return false
	case t.Kind() == reflect.String:
		v.SetString(text)
		return true
	case t.Kind() == reflect.Bool && (text == "true" || text == "false"):
		v.SetBool(text == "true")
		return true
	}
	return false
}

// parseLaidOut reads data item by item: each item laid out as
// [List.WriteYAML] writes it (sync writes soup.yaml so) through
// readItemYAML, any other (comments, flow lists, block scalars: a file
// kept by hand) through the YAML library alone, and the keys around them
// through the library; it reports false, for the caller to read data
// through the library alone, when the items cannot be cut apart
// (itemChunks), or anything holds an error. It gives what the library
// gives, and a large hand-written file costs the tree of one item at a
// time.
func parseLaidOut(data []byte) (*List, bool) {
	const key = "items:\n"
	at := 0
	if !bytesHasPrefix(data, key) {
		i := bytes.Index(data, []byte("\n"+key))
		if i < 0 {
			return nil, false
		}
		at = i + 1
	}
	start := at + len(key)
	chunks, end, ok := itemChunks(data, start)
	if !ok {
		return nil, false
	}
	// The rest read with an empty list of items in their place: "items"
	// must be a key of the top mapping where it was, and what follows
	// the items the next key.
	rest := make([]byte, 0, at+len("items: []\n")+len(data)-end)
	rest = append(append(append(rest, data[:at]...), "items: []\n"...), data[end:]...)
	doc, err := yamlcheck.Parse(rest, &yamlcheck.Options{MaxKeys: maxMappingKeys})
	if err != nil || doc.Content[0].Kind != yaml.MappingNode {
		return nil, false
	}
	line := bytes.Count(data[:at], []byte("\n")) + 1
	pairs := doc.Content[0].Content
	found := false
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i].Value != "items" {
			continue
		}
		found = pairs[i].Line == line && pairs[i].Column == 1 && pairs[i].Kind == yaml.ScalarNode &&
			pairs[i+1].Kind == yaml.SequenceNode && len(pairs[i+1].Content) == 0 &&
			(i+2 == len(pairs) && end == len(data) || i+2 < len(pairs) && pairs[i+2].Line == line+1 && pairs[i+2].Column == 1)
	}
	if !found {
		return nil, false
	}
	var l List
	strict := yaml.NewDecoder(bytes.NewReader(rest))
	strict.KnownFields(true)
	if strict.Decode(&l) != nil {
		return nil, false
	}
	l.Items = make([]Item, len(chunks))
	// The items are read apart, so on every processor.
	scratch := make([][]byte, inParallel(len(chunks)))
	ok = forEach(len(chunks), func(w, i int) bool {
		text := data[chunks[i][0]:chunks[i][1]]
		it, ok, repeated := readItem(text)
		if repeated {
			return false
		}
		if ok {
			scratch[w], ok = appendItemYAML(scratch[w][:0], &it)
			ok = ok && bytes.Equal(scratch[w], text)
		}
		if !ok {
			it, ok = readHandItem(append([]byte(key), text...))
		}
		if !ok {
			// Read by the library alone: itemChunks cut it where
			// nothing of the item can be.
			one, err := parseYAMLLibrary(append([]byte(key), text...), "yaml")
			if err != nil || len(one.Items) != 1 {
				return false
			}
			it = one.Items[0]
		}
		l.Items[i] = it
		return true
	})
	if !ok {
		return nil, false
	}
	if l.check(nil) != nil {
		return nil, false
	}
	return &l, true
}

// itemChunks cuts the items of a SOUP list in data, from start (after a
// line "items:" at the top) to the first line that starts at the first
// column and is not a comment: each item from its "  - " line to the next
// (the lines before the first go with it). An item's text holds every
// line of the item, comments and blank lines, and nothing of another: a
// line two spaces in starts an item, or is a comment, and ends anything
// of the item before it (a block scalar, a plain scalar) but a quoted
// scalar or a flow collection, which is then left open in the item's text
// and fails to read. It reports false when a line is one space in, two
// spaces in and neither an item nor a comment, holds a tab in its
// indentation or a carriage return, or when there is no item.
func itemChunks(data []byte, start int) (chunks [][2]int, end int, ok bool) {
	end = start
	for end < len(data) {
		nl := bytes.IndexByte(data[end:], '\n')
		if nl < 0 {
			return nil, 0, false
		}
		l := data[end : end+nl]
		n := 0
		for n < len(l) && l[n] == ' ' {
			n++
		}
		switch {
		case bytes.IndexByte(l, '\r') >= 0 || n < len(l) && l[n] == '\t':
			return nil, 0, false
		case n == len(l) || l[n] == '#': // blank, or a comment
		case n == 0:
			if len(chunks) == 0 {
				return nil, 0, false
			}
			return chunks, end, true
		case n == 2 && bytesHasPrefix(l, "  - "):
			if len(chunks) == 0 {
				chunks = append(chunks, [2]int{start, 0})
			} else {
				chunks = append(chunks, [2]int{end, 0})
			}
		case n < 3 || len(chunks) == 0:
			return nil, 0, false
		}
		end += nl + 1
		if len(chunks) > 0 {
			chunks[len(chunks)-1][1] = end
		}
	}
	return chunks, end, len(chunks) > 0
}
