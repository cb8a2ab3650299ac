package results

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
)

// Writer writes rows in one format. Rows must come in run order.
type Writer interface {
	// Write appends one row.
	Write(r *Row) error
	// Close flushes buffered rows and ends the file (the Parquet footer);
	// it does not close the underlying io.Writer.
	Close() error
}

// NewWriter returns a writer of format f to w for layout l; the CSV writer
// writes its header now unless noHeader (appending to a spool).
func NewWriter(f Format, w io.Writer, l Layout) (Writer, error) {
	switch f {
	case JSONL:
		return newJSONLWriter(w, l), nil
	case Parquet:
		return newParquetWriter(w, l)
	default:
		return NewCSVWriter(w, l, true)
	}
}

// CSVWriter writes RFC 4180 CSV with a header line.
type CSVWriter struct {
	w    *bufio.Writer
	buf  []byte
	q    quoteCache
	hash *RowHash // if set, every row line is added to it
}

// quoteCache keeps the last policy label and its CSV-quoted form: labels
// repeat for thousands of rows.
type quoteCache struct {
	last  string
	lastQ []byte
}

// NewCSVWriter returns a CSV writer; header writes the column names first.
func NewCSVWriter(w io.Writer, l Layout, header bool) (*CSVWriter, error) {
	c := &CSVWriter{w: bufio.NewWriterSize(w, 256<<10)}
	if header {
		if _, err := c.w.Write(CSVHeader(l)); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Write appends one row.
func (c *CSVWriter) Write(r *Row) error {
	c.buf = appendCSVRow(c.buf[:0], r, &c.q)
	if c.hash != nil {
		c.hash.addLine(c.buf)
	}
	_, err := c.w.Write(c.buf)
	return err
}

// HashTo makes the writer add every row it writes from now on to h.
func (c *CSVWriter) HashTo(h *RowHash) { c.hash = h }

// appendCSVRow appends r as one CSV line, newline included: the form of a
// row in CSV files and spools, and the one the rows checksum hashes.
func appendCSVRow(b []byte, r *Row, q *quoteCache) []byte {
	b = strconv.AppendInt(b, r.Run, 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, r.Seed, 10)
	b = append(b, ',')
	if r.Policy != q.last || q.lastQ == nil {
		q.last, q.lastQ = r.Policy, appendCSVString(nil, r.Policy)
	}
	b = append(b, q.lastQ...)
	b = append(b, ',')
	b = strconv.AppendInt(b, r.Point, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, r.Rep, 10)
	for _, v := range r.Factors {
		b = append(b, ',')
		b = AppendFloat(b, v)
	}
	for _, s := range r.Fires {
		b = append(b, ',')
		b = appendCSVString(b, s)
	}
	for _, v := range r.Metrics {
		b = append(b, ',')
		b = AppendFloat(b, v)
	}
	return append(b, '\n')
}

// CSVHeader returns the header line of a CSV row file of layout l,
// newline included.
func CSVHeader(l Layout) []byte {
	var b []byte
	for i, col := range l.Columns() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSVString(b, col)
	}
	return append(b, '\n')
}

// Flush writes buffered rows to the underlying writer.
func (c *CSVWriter) Flush() error { return c.w.Flush() }

// Close flushes buffered rows.
func (c *CSVWriter) Close() error { return c.w.Flush() }

// AppendFloat appends v in the shortest form that reads back exactly; NaN
// and infinities are written empty, which CSV readers take as missing (the
// engine never produces them; a per-threat column of a design point whose
// scenario lacks the threat is NaN).
func AppendFloat(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return b
	}
	return appendNumber(b, v)
}

// maxPlainInt bounds the whole numbers appendNumber writes as integers:
// strconv's shortest 'g' form switches to an exponent at 1e6 ("1e+06").
const maxPlainInt = 1e6

// appendNumber appends a finite v exactly as strconv.AppendFloat(b, v,
// 'g', -1, 64) does. Whole numbers below maxPlainInt in magnitude (counts,
// 0/1 columns: most cells of a row) take strconv.AppendInt, which gives
// the same digits about five times faster; −0 keeps its sign through
// strconv.AppendFloat.
func appendNumber(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < maxPlainInt && (v != 0 || !math.Signbit(v)) {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

func appendCSVString(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") && (s == "" || s[0] != ' ' && s[len(s)-1] != ' ') {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

type jsonlWriter struct {
	w        *bufio.Writer
	keys     [][]byte // `"name":` per factor and metric
	fireKeys [][]byte // `"name":` per fire factor
	fires    []string // last fire levels, and their quoted forms
	firesQ   [][]byte
	buf      []byte
	last     string
	lastQ    []byte
}

func newJSONLWriter(w io.Writer, l Layout) *jsonlWriter {
	j := &jsonlWriter{w: bufio.NewWriterSize(w, 256<<10)}
	key := func(n string) []byte {
		q, _ := json.Marshal(n)
		return append(append([]byte{','}, q...), ':')
	}
	for _, n := range append(append([]string{}, l.Factors...), l.Metrics...) {
		j.keys = append(j.keys, key(n))
	}
	for _, n := range l.Fires {
		j.fireKeys = append(j.fireKeys, key(n))
	}
	j.fires, j.firesQ = make([]string, len(l.Fires)), make([][]byte, len(l.Fires))
	return j
}

func (j *jsonlWriter) Write(r *Row) error {
	b := append(j.buf[:0], `{"run":`...)
	b = strconv.AppendInt(b, r.Run, 10)
	b = append(b, `,"seed":`...)
	b = strconv.AppendUint(b, r.Seed, 10)
	b = append(b, `,"policy":`...)
	if r.Policy != j.last || j.lastQ == nil {
		j.last = r.Policy
		j.lastQ, _ = json.Marshal(r.Policy)
	}
	b = append(b, j.lastQ...)
	b = append(b, `,"point":`...)
	b = strconv.AppendInt(b, r.Point, 10)
	b = append(b, `,"rep":`...)
	b = strconv.AppendInt(b, r.Rep, 10)
	k := 0
	for vi, vs := range [2][]float64{r.Factors, r.Metrics} {
		if vi == 1 {
			for i, s := range r.Fires {
				if s != j.fires[i] || j.firesQ[i] == nil {
					j.fires[i] = s
					j.firesQ[i], _ = json.Marshal(s)
				}
				b = append(b, j.fireKeys[i]...)
				b = append(b, j.firesQ[i]...)
			}
		}
		for _, v := range vs {
			b = append(b, j.keys[k]...)
			k++
			if math.IsNaN(v) || math.IsInf(v, 0) {
				b = append(b, "null"...)
			} else {
				b = appendNumber(b, v)
			}
		}
	}
	b = append(b, '}', '\n')
	j.buf = b
	_, err := j.w.Write(b)
	return err
}

func (j *jsonlWriter) Close() error { return j.w.Flush() }
