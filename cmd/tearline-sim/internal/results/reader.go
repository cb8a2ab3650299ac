package results

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"tearline/internal/fileio"
	"tearline/internal/safetext"
)

// Reader reads rows back from a row file.
type Reader interface {
	// Read fills r with the next row; it returns io.EOF after the last.
	Read(r *Row) error
	// Close releases the file.
	Close() error
}

// Open opens a row file of the format its name implies and checks that its
// columns are those of l.
func Open(path string, l Layout) (Reader, error) {
	f, ok := FormatOf(path)
	if !ok {
		return nil, fmt.Errorf("%s: unknown extension; row files end in .csv, .jsonl or .parquet", path)
	}
	file, err := fileio.Open(path)
	if err != nil {
		return nil, err
	}
	var r Reader
	switch f {
	case CSV:
		r, err = NewCSVReader(file, path, l)
	case JSONL:
		r, err = newJSONLReader(file, path, l), nil
	case Parquet:
		var st os.FileInfo
		if st, err = file.Stat(); err == nil {
			r, err = newParquetReader(file, st.Size(), path, l)
		}
	}
	if err != nil {
		file.Close()
		return nil, err
	}
	return &closer{Reader: r, f: file}, nil
}

type closer struct {
	Reader
	f *os.File
}

func (c *closer) Close() error { return c.f.Close() }

// CSVReader reads a CSV row file.
type CSVReader struct {
	r    *csv.Reader
	name string
	l    Layout
	line int
}

// NewCSVReader reads CSV from r, named name in messages, and checks its header.
func NewCSVReader(r io.Reader, name string, l Layout) (*CSVReader, error) {
	cr := csv.NewReader(bufio.NewReaderSize(&lineLimit{r: r, name: name}, 256<<10))
	cr.ReuseRecord = true
	cols := l.Columns()
	cr.FieldsPerRecord = 0 // set by the header, then checked against cols
	head, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file (no header line)", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if strings.Join(head, ",") != strings.Join(cols, ",") {
		return nil, fmt.Errorf("%s: columns %s do not match the batch's %s", name, Shown(strings.Join(head, ",")), strings.Join(cols, ","))
	}
	return &CSVReader{r: cr, name: name, l: l, line: 1}, nil
}

// Read fills row with the next row.
func (c *CSVReader) Read(row *Row) error {
	rec, err := c.r.Read()
	if err == io.EOF {
		return io.EOF
	}
	c.line++
	if err != nil {
		return fmt.Errorf("%s: %v", c.name, err)
	}
	return c.fill(row, rec)
}

// Close does nothing; the caller owns the underlying reader.
func (c *CSVReader) Close() error { return nil }

func (c *CSVReader) fill(row *Row, rec []string) error {
	bad := func(col int, err error) error {
		var ne *strconv.NumError
		if errors.As(err, &ne) {
			err = ne.Err // its message repeats the value, unbounded
		}
		return fmt.Errorf("%s:%d: column %s: %s: %v", c.name, c.line, c.l.Columns()[col], Shown(strconv.Quote(rec[col])), err)
	}
	var err error
	if row.Run, err = strconv.ParseInt(rec[0], 10, 64); err != nil {
		return bad(0, err)
	}
	if row.Seed, err = strconv.ParseUint(rec[1], 10, 64); err != nil {
		return bad(1, err)
	}
	if row.Policy != rec[2] {
		row.Policy = strings.Clone(rec[2])
	}
	if row.Point, err = strconv.ParseInt(rec[3], 10, 64); err != nil {
		return bad(3, err)
	}
	if row.Rep, err = strconv.ParseInt(rec[4], 10, 64); err != nil {
		return bad(4, err)
	}
	nf, nx := len(c.l.Factors), len(c.l.Fires)
	row.Factors = grow(row.Factors, nf)
	row.Fires = grow(row.Fires, nx)
	row.Metrics = grow(row.Metrics, len(c.l.Metrics))
	for i := range row.Factors {
		if row.Factors[i], err = parseFloat(rec[5+i]); err != nil {
			return bad(5+i, err)
		}
	}
	for i := range row.Fires {
		if row.Fires[i] != rec[5+nf+i] {
			row.Fires[i] = strings.Clone(rec[5+nf+i])
		}
	}
	for i := range row.Metrics {
		if row.Metrics[i], err = parseFloat(rec[5+nf+nx+i]); err != nil {
			return bad(5+nf+nx+i, err)
		}
	}
	return nil
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func parseFloat(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

// MaxLine bounds a line of a CSV or JSONL row file: 16 MiB, thousands of
// times a real row (a few hundred bytes, plus fire schedules), so that a
// file with no line breaks cannot fill memory.
const MaxLine = 16 << 20

// lineLimit fails a read once a line runs past MaxLine.
type lineLimit struct {
	r    io.Reader
	name string
	run  int // bytes since the last newline
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	// Exact to within one read (at most the 256 KiB buffer), far below
	// MaxLine.
	if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
		l.run = n - 1 - i
	} else {
		l.run += n
	}
	if l.run > MaxLine {
		return 0, fmt.Errorf("%s: a line longer than %d MiB: not a row file", l.name, MaxLine>>20)
	}
	return n, err
}

// shownMax bounds text from a file that a message quotes: 200 bytes.
const shownMax = 200

// Shown returns text read from a file as a message may quote it: control
// and bidirectional characters escaped (safetext.Line), cut to about
// shownMax bytes with "…".
func Shown(s string) string {
	if len(s) > shownMax {
		cut := shownMax
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return safetext.Line(s)
}

type jsonlReader struct {
	s    *bufio.Scanner
	name string
	l    Layout
	line int
	m    map[string]json.RawMessage
}

func newJSONLReader(r io.Reader, name string, l Layout) *jsonlReader {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), MaxLine)
	return &jsonlReader{s: s, name: name, l: l}
}

func (j *jsonlReader) Close() error { return nil }

func (j *jsonlReader) Read(row *Row) error {
	if !j.s.Scan() {
		if err := j.s.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return fmt.Errorf("%s:%d: a line longer than %d MiB: not a row file", j.name, j.line+1, MaxLine>>20)
			}
			return fmt.Errorf("%s:%d: %v", j.name, j.line+1, err)
		}
		return io.EOF
	}
	j.line++
	clear(j.m)
	if err := json.Unmarshal(j.s.Bytes(), &j.m); err != nil {
		return fmt.Errorf("%s:%d: not a JSON object: %v", j.name, j.line, err)
	}
	cols := j.l.Columns()
	if len(j.m) != len(cols) {
		return fmt.Errorf("%s:%d: %d keys; the batch has %d columns", j.name, j.line, len(j.m), len(cols))
	}
	num := func(col string) (float64, error) {
		raw, ok := j.m[col]
		if !ok {
			return 0, fmt.Errorf("%s:%d: no key %q", j.name, j.line, col)
		}
		if string(raw) == "null" {
			return math.NaN(), nil
		}
		v, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return 0, fmt.Errorf("%s:%d: %s: %s is not a number", j.name, j.line, col, Shown(string(raw)))
		}
		return v, nil
	}
	integer := func(col string) (int64, error) {
		raw, ok := j.m[col]
		if !ok {
			return 0, fmt.Errorf("%s:%d: no key %q", j.name, j.line, col)
		}
		v, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s:%d: %s: %s is not a whole number", j.name, j.line, col, Shown(string(raw)))
		}
		return v, nil
	}
	var err error
	if row.Run, err = integer("run"); err != nil {
		return err
	}
	seed, err := integer("seed")
	if err != nil {
		return err
	}
	row.Seed = uint64(seed)
	if err := json.Unmarshal(j.m["policy"], &row.Policy); err != nil {
		return fmt.Errorf("%s:%d: policy: %v", j.name, j.line, err)
	}
	if row.Point, err = integer("point"); err != nil {
		return err
	}
	if row.Rep, err = integer("rep"); err != nil {
		return err
	}
	row.Factors = grow(row.Factors, len(j.l.Factors))
	row.Fires = grow(row.Fires, len(j.l.Fires))
	row.Metrics = grow(row.Metrics, len(j.l.Metrics))
	for i, c := range j.l.Factors {
		if row.Factors[i], err = num(c); err != nil {
			return err
		}
	}
	for i, c := range j.l.Fires {
		raw, ok := j.m[c]
		if !ok {
			return fmt.Errorf("%s:%d: no key %q", j.name, j.line, c)
		}
		if err := json.Unmarshal(raw, &row.Fires[i]); err != nil {
			return fmt.Errorf("%s:%d: %s: %s is not a string", j.name, j.line, c, Shown(string(raw)))
		}
	}
	for i, c := range j.l.Metrics {
		if row.Metrics[i], err = num(c); err != nil {
			return err
		}
	}
	return nil
}

type parquetReader struct {
	r    *parquet.GenericReader[any]
	name string
	buf  []parquet.Row
	i, n int
	l    Layout
}

func newParquetReader(f io.ReaderAt, size int64, name string, l Layout) (rd *parquetReader, err error) {
	defer func() {
		// parquet-go may panic on a corrupt file; bad input must not crash us.
		if p := recover(); p != nil {
			rd, err = nil, fmt.Errorf("%s: not a readable Parquet file: %v", name, p)
		}
	}()
	pf, err := parquet.OpenFile(f, size)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable Parquet file: %v", name, err)
	}
	var got []string
	for _, c := range pf.Schema().Columns() {
		got = append(got, strings.Join(c, "."))
	}
	if want := l.Columns(); strings.Join(got, ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("%s: columns %s do not match the batch's %s", name, strings.Join(got, ","), strings.Join(want, ","))
	}
	return &parquetReader{r: parquet.NewGenericReader[any](f, pf.Schema()), name: name, buf: make([]parquet.Row, 1024), l: l}, nil
}

func (p *parquetReader) Close() error { return p.r.Close() }

func (p *parquetReader) Read(row *Row) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: corrupt Parquet data: %v", p.name, r)
		}
	}()
	if p.i == p.n {
		p.n, err = p.r.ReadRows(p.buf)
		p.i = 0
		if p.n == 0 {
			if err == nil || errors.Is(err, io.EOF) {
				return io.EOF
			}
			return fmt.Errorf("%s: %v", p.name, err)
		}
	}
	r := p.buf[p.i]
	p.i++
	nf, nx, nm := len(p.l.Factors), len(p.l.Fires), len(p.l.Metrics)
	if len(r) != 5+nf+nx+nm {
		return fmt.Errorf("%s: a row has %d values; the batch has %d columns", p.name, len(r), 5+nf+nx+nm)
	}
	row.Run = r[0].Int64()
	row.Seed = uint64(r[1].Int64())
	if b := r[2].ByteArray(); !bytes.Equal(b, []byte(row.Policy)) {
		row.Policy = string(b)
	}
	row.Point = r[3].Int64()
	row.Rep = r[4].Int64()
	row.Factors = grow(row.Factors, nf)
	row.Fires = grow(row.Fires, nx)
	row.Metrics = grow(row.Metrics, nm)
	for i := range row.Factors {
		row.Factors[i] = r[5+i].Double()
	}
	for i := range row.Fires {
		if b := r[5+nf+i].ByteArray(); !bytes.Equal(b, []byte(row.Fires[i])) {
			row.Fires[i] = string(b)
		}
	}
	for i := range row.Metrics {
		row.Metrics[i] = r[5+nf+nx+i].Double()
	}
	return nil
}
