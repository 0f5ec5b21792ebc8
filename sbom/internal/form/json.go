package form

import (
	"bufio"
	"io"
	"unicode/utf8"
)

// JSONWriter writes JSON as an encoding/json Encoder with
// SetEscapeHTML(false) and SetIndent("", "  ") does, token by token,
// straight to a buffered writer: for encoders that write a document they
// built field by field, without reflection and without holding the
// output. The caller writes members in the order, and with the omissions,
// that encoding/json's struct tags give (the tests compare the bytes).
type JSONWriter struct {
	w     *bufio.Writer
	items []bool // per open object or array: whether it has a member yet
	buf   []byte
}

// NewJSONWriter returns a JSONWriter on w.
func NewJSONWriter(w io.Writer) *JSONWriter {
	return &JSONWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// Flush ends the document (a newline, as Encoder.Encode writes) and
// flushes it to the underlying writer, returning its first error.
func (j *JSONWriter) Flush() error {
	j.w.WriteByte('\n')
	return j.w.Flush()
}

// next starts a member of the innermost object or array.
func (j *JSONWriter) next() {
	n := len(j.items)
	if n == 0 {
		return
	}
	if j.items[n-1] {
		j.w.WriteByte(',')
	}
	j.items[n-1] = true
	j.w.WriteByte('\n')
	for range n {
		j.w.WriteString("  ")
	}
}

// Key starts the member k of the innermost object.
func (j *JSONWriter) Key(k string) {
	j.next()
	j.writeString(k)
	j.w.WriteString(": ")
}

// Open starts an object ('{') or an array ('['), as a value: after Key,
// or as an element of an array (Elem first).
func (j *JSONWriter) Open(c byte) {
	j.w.WriteByte(c)
	j.items = append(j.items, false)
}

// Close ends the innermost object ('}') or array (']').
func (j *JSONWriter) Close(c byte) {
	n := len(j.items)
	if j.items[n-1] {
		j.w.WriteByte('\n')
		for range n - 1 {
			j.w.WriteString("  ")
		}
	}
	j.items = j.items[:n-1]
	j.w.WriteByte(c)
}

// Elem starts an element of the innermost array.
func (j *JSONWriter) Elem() { j.next() }

// Array writes the member key holding the elements of s, each written by
// elem, as a JSON array.
func Array[E any](j *JSONWriter, key string, s []E, elem func(*E)) {
	j.Key(key)
	j.Open('[')
	for i := range s {
		j.Elem()
		elem(&s[i])
	}
	j.Close(']')
}

// Objects writes the member key holding the elements of s as a JSON array
// of objects, the members of each written by members.
func Objects[E any](j *JSONWriter, key string, s []E, members func(*E)) {
	Array(j, key, s, func(e *E) {
		j.Open('{')
		members(e)
		j.Close('}')
	})
}

// String writes s as a JSON string value.
func (j *JSONWriter) String(s string) { j.writeString(s) }

// HTMLString writes s as String does, with <, > and & escaped as well:
// what a value gets that an upstream MarshalJSON method writes with
// json.Marshal, whose escaping the enclosing encoder keeps.
func (j *JSONWriter) HTMLString(s string) {
	j.w.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '<' || c == '>' || c == '&' {
			j.writeRaw(s[start:i])
			j.w.WriteString(`\u00`)
			j.w.WriteByte(hexDigits[c>>4])
			j.w.WriteByte(hexDigits[c&0xF])
			start = i + 1
		}
	}
	j.writeRaw(s[start:])
	j.w.WriteByte('"')
}

// Bool writes a JSON boolean.
func (j *JSONWriter) Bool(b bool) {
	if b {
		j.w.WriteString("true")
	} else {
		j.w.WriteString("false")
	}
}

// Int writes a JSON number.
func (j *JSONWriter) Int(n int) {
	j.buf = j.buf[:0]
	if n < 0 {
		j.buf = append(j.buf, '-')
		n = -n
	}
	var d [20]byte
	i := len(d)
	for {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	j.w.Write(append(j.buf, d[i:]...))
}

// Null writes null.
func (j *JSONWriter) Null() { j.w.WriteString("null") }

// KeyString writes the member k with the string value s.
func (j *JSONWriter) KeyString(k, s string) {
	j.Key(k)
	j.writeString(s)
}

// KeyOmit writes the member k with the string value s unless s is empty
// (a field tagged omitempty).
func (j *JSONWriter) KeyOmit(k, s string) {
	if s != "" {
		j.KeyString(k, s)
	}
}

const hexDigits = "0123456789abcdef"

// writeString writes s quoted as encoding/json does without HTML
// escaping: control characters escaped (\b \f \n \r \t by name), invalid
// bytes as U+FFFD, U+2028 and U+2029 escaped.
func (j *JSONWriter) writeString(s string) {
	j.w.WriteByte('"')
	j.writeRaw(s)
	j.w.WriteByte('"')
}

// writeRaw writes s escaped as writeString does, without the quotes.
func (j *JSONWriter) writeRaw(s string) {
	w := j.w
	if plainJSON(s) {
		w.WriteString(s)
		return
	}
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			w.WriteString(s[start:i])
			switch b {
			case '\\', '"':
				w.WriteByte('\\')
				w.WriteByte(b)
			case '\b':
				w.WriteString(`\b`)
			case '\f':
				w.WriteString(`\f`)
			case '\n':
				w.WriteString(`\n`)
			case '\r':
				w.WriteString(`\r`)
			case '\t':
				w.WriteString(`\t`)
			default:
				w.WriteString(`\u00`)
				w.WriteByte(hexDigits[b>>4])
				w.WriteByte(hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			w.WriteString(s[start:i])
			w.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			w.WriteString(s[start:i])
			w.WriteString(`\u202`)
			w.WriteByte(hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	w.WriteString(s[start:])
}

// plainJSON reports whether s is printable ASCII without quote or
// backslash: written as it is.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b >= utf8.RuneSelf || b == '"' || b == '\\' {
			return false
		}
	}
	return true
}
