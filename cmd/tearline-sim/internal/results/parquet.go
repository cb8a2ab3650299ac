package results

import (
	"fmt"
	"io"
	"reflect"

	"github.com/parquet-go/parquet-go"
)

// parquetRowGroup is the number of rows per Parquet row group (and the
// number buffered before a flush): large enough for good compression, small
// enough to keep memory flat (about 64 Ki rows × columns × 8 bytes).
const parquetRowGroup = 64 << 10

// ParquetSchema returns the Parquet schema of layout l: run, point and rep
// INT64, seed INT64 (seeds are at most 2^63−1), policy and every fire
// factor a dictionary-encoded UTF-8 string, every numeric factor and metric
// DOUBLE, all required, in column order. parquet-go sorts
// the fields of a map-based Group by name, so the schema is built from a
// struct type to keep the CSV's column order.
func ParquetSchema(l Layout) *parquet.Schema {
	var fields []reflect.StructField
	add := func(name string, t reflect.Type, tag string) {
		fields = append(fields, reflect.StructField{
			Name: fmt.Sprintf("F%d", len(fields)),
			Type: t,
			Tag:  reflect.StructTag(fmt.Sprintf(`parquet:"%s%s"`, name, tag)),
		})
	}
	i64, f64, str := reflect.TypeFor[int64](), reflect.TypeFor[float64](), reflect.TypeFor[string]()
	add("run", i64, "")
	add("seed", i64, "")
	add("policy", str, ",dict")
	add("point", i64, "")
	add("rep", i64, "")
	for _, n := range l.Factors {
		add(n, f64, "")
	}
	for _, n := range l.Fires {
		add(n, str, ",dict")
	}
	for _, n := range l.Metrics {
		add(n, f64, "")
	}
	return parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Elem().Interface())
}

type parquetWriter struct {
	w    *parquet.GenericWriter[any]
	rows []parquet.Row
}

func newParquetWriter(w io.Writer, l Layout) (*parquetWriter, error) {
	schema := ParquetSchema(l)
	pw := parquet.NewGenericWriter[any](w, schema,
		parquet.Compression(&parquet.Zstd),
		parquet.CreatedBy("tearline-sim", "", ""),
		parquet.MaxRowsPerRowGroup(parquetRowGroup))
	return &parquetWriter{w: pw, rows: make([]parquet.Row, 0, 1024)}, nil
}

func (p *parquetWriter) Write(r *Row) error {
	row := make(parquet.Row, 0, 5+len(r.Factors)+len(r.Fires)+len(r.Metrics))
	col := 0
	put := func(v parquet.Value) {
		row = append(row, v.Level(0, 0, col))
		col++
	}
	put(parquet.Int64Value(r.Run))
	put(parquet.Int64Value(int64(r.Seed)))
	put(parquet.ByteArrayValue([]byte(r.Policy)))
	put(parquet.Int64Value(r.Point))
	put(parquet.Int64Value(r.Rep))
	for _, v := range r.Factors {
		put(parquet.DoubleValue(v))
	}
	for _, s := range r.Fires {
		put(parquet.ByteArrayValue([]byte(s)))
	}
	for _, v := range r.Metrics {
		put(parquet.DoubleValue(v))
	}
	p.rows = append(p.rows, row)
	if len(p.rows) == cap(p.rows) {
		return p.flushRows()
	}
	return nil
}

func (p *parquetWriter) flushRows() error {
	_, err := p.w.WriteRows(p.rows)
	p.rows = p.rows[:0]
	return err
}

func (p *parquetWriter) Close() error {
	if err := p.flushRows(); err != nil {
		return err
	}
	return p.w.Close()
}
