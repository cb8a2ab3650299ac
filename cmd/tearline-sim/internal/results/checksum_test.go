package results

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestRowHashAcrossFormats: the checksum of rows read back from any format
// is the checksum of the rows written (and of the CSV writer's lines).
func TestRowHashAcrossFormats(t *testing.T) {
	t.Parallel()
	rows := testRows()
	want := NewRowHash()
	for i := range rows {
		want.Add(&rows[i])
	}
	var csv bytes.Buffer
	w, _ := NewCSVWriter(&csv, testLayout, false)
	tee := NewRowHash()
	w.HashTo(tee)
	for i := range rows {
		w.Write(&rows[i])
	}
	w.Close()
	if tee.Sum() != want.Sum() || tee.Bytes() != int64(csv.Len()) || tee.Rows() != int64(len(rows)) {
		t.Fatalf("the CSV writer's checksum %s (%d bytes, %d rows) differs from the rows' %s", tee.Sum(), tee.Bytes(), tee.Rows(), want.Sum())
	}
	for _, f := range Formats {
		buf := writeRows(t, f, testLayout, rows)
		var rd Reader
		var err error
		switch f {
		case CSV:
			rd, err = NewCSVReader(bytes.NewReader(buf.Bytes()), "r.csv", testLayout)
		case JSONL:
			rd = newJSONLReader(bytes.NewReader(buf.Bytes()), "r.jsonl", testLayout)
		case Parquet:
			rd, err = newParquetReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "r.parquet", testLayout)
		}
		if err != nil {
			t.Fatal(err)
		}
		m := &Meta{Rows: int64(len(rows)), RowsSHA256: want.Sum()}
		v := Verified(rd, "r."+string(f), "r.meta.json", m)
		var r Row
		for {
			if err = v.Read(&r); err != nil {
				break
			}
		}
		if err != io.EOF {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestVerified(t *testing.T) {
	t.Parallel()
	rows := testRows()[:10]
	h := NewRowHash()
	for i := range rows {
		h.Add(&rows[i])
	}
	csv := writeRows(t, CSV, testLayout, rows).String()
	edited := strings.Replace(csv, "\n3,5,", "\n3,6,", 1) // the seed of run 3
	for _, tt := range []struct {
		name, data string
		m          Meta
		want       string
	}{
		{"good", csv, Meta{Rows: 10, RowsSHA256: h.Sum()}, ""},
		{"edited", edited, Meta{Rows: 10, RowsSHA256: h.Sum()}, "r.csv: its rows differ from the checksum in r.meta.json"},
		{"cut", csv[:strings.Index(csv, "\n9,")+1], Meta{Rows: 10, RowsSHA256: h.Sum()}, "r.csv has 9 rows but r.meta.json says 10"},
		{"no checksum", csv, Meta{Rows: 10}, "has no rows checksum"},
	} {
		rd, err := NewCSVReader(strings.NewReader(tt.data), "r.csv", testLayout)
		if err != nil {
			t.Fatal(err)
		}
		v := Verified(rd, "r.csv", "r.meta.json", &tt.m)
		var r Row
		for err == nil {
			err = v.Read(&r)
		}
		if tt.want == "" && err != io.EOF || tt.want != "" && (err == io.EOF || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestReaderMessages: what a reader quotes from a file is escaped and short.
func TestReaderMessages(t *testing.T) {
	t.Parallel()
	binary := "\x1b]0;x\x07\u202e" + strings.Repeat("\x00garbage", 5000) + "\n"
	_, err := NewCSVReader(strings.NewReader(binary), "b.csv", testLayout)
	if err == nil || !strings.Contains(err.Error(), `\x1b]0;x\x07\u202e`) || len(err.Error()) > 600 {
		t.Errorf("binary header: %q", err)
	}
	long := strings.Repeat("x", MaxLine+1<<20)
	_, err = NewCSVReader(strings.NewReader(long), "l.csv", testLayout)
	if err == nil || !strings.Contains(err.Error(), "a line longer than 16 MiB") {
		t.Errorf("endless line: %.200v", err)
	}
	head := strings.Join(testLayout.Columns(), ",") + "\n"
	rd, _ := NewCSVReader(strings.NewReader(head+"0,1,p,0,0,\u202e"+strings.Repeat("9", 1000)+",1,2\n"), "c.csv", testLayout)
	var r Row
	if err := rd.Read(&r); err == nil || !strings.Contains(err.Error(), `\u202e`) || len(err.Error()) > 400 {
		t.Errorf("bad cell: %q", err)
	}
}
