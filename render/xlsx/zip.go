package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// epoch is the earliest time a zip entry can carry, used when the document
// has no date.
var epoch = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// normalize rewrites the zip archive data so that its bytes depend only on
// its contents: entries in a fixed order ([Content_Types].xml first, as
// Office writes it, then by name) and each stamped with modified. The
// compressed data is copied as it is.
func normalize(data []byte, modified time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("xlsx: read workbook: %w", err)
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int {
		return strings.Compare(entryKey(a.Name), entryKey(b.Name))
	})
	if modified.IsZero() || modified.Before(epoch) {
		modified = epoch
	}
	date, clock := dosTime(modified.UTC())
	var buf bytes.Buffer
	buf.Grow(len(data))
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		fh := &zip.FileHeader{
			Name:               f.Name,
			Method:             f.Method,
			CRC32:              f.CRC32,
			CompressedSize64:   f.CompressedSize64,
			UncompressedSize64: f.UncompressedSize64,
		}
		// CreateRaw, unlike CreateHeader, writes only the MS-DOS time
		// fields, which Modified has no way to set.
		//lint:ignore SA1019 the only way to date a raw copy
		fh.ModifiedDate, fh.ModifiedTime = date, clock
		w, err := zw.CreateRaw(fh)
		if err != nil {
			return nil, fmt.Errorf("xlsx: write %s: %w", f.Name, err)
		}
		r, err := f.OpenRaw()
		if err != nil {
			return nil, fmt.Errorf("xlsx: read %s: %w", f.Name, err)
		}
		if _, err := io.Copy(w, r); err != nil {
			return nil, fmt.Errorf("xlsx: copy %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("xlsx: write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// entryKey sorts [Content_Types].xml before every other entry.
func entryKey(name string) string {
	if name == "[Content_Types].xml" {
		return ""
	}
	return name
}

// dosTime returns t as an MS-DOS date and time, as zip stores them.
func dosTime(t time.Time) (date, clock uint16) {
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}
