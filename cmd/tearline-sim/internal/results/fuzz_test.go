package results

import (
	"bytes"
	"io"
	"testing"
)

// FuzzRead feeds arbitrary bytes to the row readers as CSV, JSONL and
// Parquet: merge and report read files the user hands them, so a corrupt
// or hostile file must give an error, never a panic or a hang.
func FuzzRead(f *testing.F) {
	rows := testRows()[:50]
	for i, format := range Formats {
		var buf bytes.Buffer
		w, _ := NewWriter(format, &buf, testLayout)
		for i := range rows {
			w.Write(&rows[i])
		}
		w.Close()
		f.Add(buf.Bytes(), uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		var rd Reader
		var err error
		switch Formats[int(which)%len(Formats)] {
		case CSV:
			rd, err = NewCSVReader(bytes.NewReader(data), "f.csv", testLayout)
		case JSONL:
			rd = newJSONLReader(bytes.NewReader(data), "f.jsonl", testLayout)
		case Parquet:
			rd, err = newParquetReader(bytes.NewReader(data), int64(len(data)), "f.parquet", testLayout)
		}
		if err != nil {
			return
		}
		var r Row
		for i := 0; i < 100000; i++ {
			if err := rd.Read(&r); err != nil {
				if err != io.EOF && err.Error() == "" {
					t.Fatal("empty error")
				}
				return
			}
		}
	})
}
