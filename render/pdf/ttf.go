package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// A TrueType font is embedded as a subset that keeps the glyph numbers of
// the whole font: the glyph outlines of the glyphs a document draws (and
// of the glyphs they are built from), the others left empty, and only the
// tables a PDF reader needs to draw them. The text then names glyphs by
// their numbers in the font (Identity-H, CIDToGIDMap Identity).

// ttfTables are the tables of the subset, in the order of their tags.
var ttfTables = []string{"cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"}

// ttf is a parsed TrueType font file: its tables and glyph locations.
type ttf struct {
	tables map[string][]byte
	glyphs [][]byte // the outline data of each glyph, by number
}

// parseTTF reads the table directory and the glyph locations of data.
func parseTTF(data []byte) (*ttf, error) {
	if len(data) < 12 {
		return nil, errors.New("truncated font")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	t := &ttf{tables: map[string][]byte{}}
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil, errors.New("truncated table directory")
		}
		tag := string(data[rec : rec+4])
		off := int(binary.BigEndian.Uint32(data[rec+8:]))
		size := int(binary.BigEndian.Uint32(data[rec+12:]))
		if off < 0 || size < 0 || off+size > len(data) {
			return nil, fmt.Errorf("table %q out of bounds", tag)
		}
		t.tables[tag] = data[off : off+size]
	}
	for _, tag := range ttfTables {
		if _, ok := t.tables[tag]; !ok && tag != "cvt " && tag != "fpgm" && tag != "prep" {
			return nil, fmt.Errorf("no %q table", tag)
		}
	}
	head, maxp, loca, glyf := t.tables["head"], t.tables["maxp"], t.tables["loca"], t.tables["glyf"]
	if len(head) < 54 || len(maxp) < 6 {
		return nil, errors.New("truncated head or maxp table")
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	count := int(binary.BigEndian.Uint16(maxp[4:]))
	offset := func(i int) (int, bool) {
		if long {
			if 4*i+4 > len(loca) {
				return 0, false
			}
			return int(binary.BigEndian.Uint32(loca[4*i:])), true
		}
		if 2*i+2 > len(loca) {
			return 0, false
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*i:])), true
	}
	t.glyphs = make([][]byte, count)
	for i := range count {
		a, ok1 := offset(i)
		b, ok2 := offset(i + 1)
		if !ok1 || !ok2 || a > b || b > len(glyf) {
			return nil, fmt.Errorf("glyph %d out of bounds", i)
		}
		t.glyphs[i] = glyf[a:b]
	}
	return t, nil
}

// components returns the glyphs a composite glyph is built from.
func components(g []byte) []uint16 {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil
	}
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		more         = 0x0020
		haveXYScale  = 0x0040
		haveTwoByTwo = 0x0080
	)
	var out []uint16
	for p := 10; p+4 <= len(g); {
		flags := binary.BigEndian.Uint16(g[p:])
		out = append(out, binary.BigEndian.Uint16(g[p+2:]))
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&more == 0 {
			break
		}
	}
	return out
}

// subset returns a font file with the outlines of the glyphs used (and of
// the glyphs they are built from, and of glyph 0, which draws a missing
// character), the others empty.
func (t *ttf) subset(used []bool) []byte {
	keep := make([]bool, len(t.glyphs))
	var visit func(g int)
	visit = func(g int) {
		if g >= len(keep) || keep[g] {
			return
		}
		keep[g] = true
		for _, c := range components(t.glyphs[g]) {
			visit(int(c))
		}
	}
	visit(0)
	for g, u := range used {
		if u {
			visit(g)
		}
	}
	var glyf []byte
	loca := make([]byte, 4*(len(t.glyphs)+1))
	for g, data := range t.glyphs {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(len(glyf)))
		if keep[g] {
			glyf = append(glyf, data...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(loca[4*len(t.glyphs):], uint32(len(glyf)))
	head := slices.Clone(t.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long offsets in loca

	var tags []string
	tables := map[string][]byte{"glyf": glyf, "loca": loca, "head": head}
	for _, tag := range ttfTables {
		if _, ok := tables[tag]; !ok {
			if data, ok := t.tables[tag]; ok {
				tables[tag] = data
			}
		}
		if _, ok := tables[tag]; ok {
			tags = append(tags, tag)
		}
	}
	n := len(tags)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-searchRange))
	headAt := 0
	for i, tag := range tags {
		data := tables[tag]
		rec := 12 + 16*i
		copy(out[rec:], tag)
		binary.BigEndian.PutUint32(out[rec+4:], checksum(data))
		binary.BigEndian.PutUint32(out[rec+8:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[rec+12:], uint32(len(data)))
		if tag == "head" {
			headAt = len(out)
		}
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the TrueType checksum of data: the sum of its big-endian
// 32-bit words, the last padded with zeros.
func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var w [4]byte
		copy(w[:], data[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
