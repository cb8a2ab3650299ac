package results

import (
	"io"
	"strconv"
)

// RowDiff is the first place where two row files differ.
type RowDiff struct {
	// Index is the row's position from 0 (the run, in an unsharded batch).
	Index int64
	// Run is the run column of the first file's row, or -1 past its end.
	Run int64
	// Column is the first column that differs, or "" when one file ends
	// before the other.
	Column string
	// A and B are the cells as CSV writes them ("end of file" past the end).
	A, B string
}

// FirstDifference reads a and b, two row files of layout l, in step and
// returns the first row where they differ, cell by cell as CSV writes
// them (so a CSV and a Parquet file of the same rows do not differ), and
// false when they hold the same rows. It reads at most up to that row.
func FirstDifference(a, b Reader, l Layout) (RowDiff, bool, error) {
	cols := l.Columns()
	var ra, rb Row
	for i := int64(0); ; i++ {
		ea, eb := a.Read(&ra), b.Read(&rb)
		if ea != nil && ea != io.EOF {
			return RowDiff{}, false, ea
		}
		if eb != nil && eb != io.EOF {
			return RowDiff{}, false, eb
		}
		switch {
		case ea == io.EOF && eb == io.EOF:
			return RowDiff{}, false, nil
		case ea == io.EOF:
			return RowDiff{Index: i, Run: -1, A: "end of file", B: "run " + strconv.FormatInt(rb.Run, 10)}, true, nil
		case eb == io.EOF:
			return RowDiff{Index: i, Run: ra.Run, A: "run " + strconv.FormatInt(ra.Run, 10), B: "end of file"}, true, nil
		}
		ca, cb := Cells(&ra), Cells(&rb)
		for k := range ca {
			if k >= len(cb) || ca[k] != cb[k] {
				d := RowDiff{Index: i, Run: ra.Run, A: ca[k]}
				if k < len(cols) {
					d.Column = cols[k]
				}
				if k < len(cb) {
					d.B = cb[k]
				}
				return d, true, nil
			}
		}
	}
}

// Cells returns a row's cells as the CSV writer writes them (unquoted).
func Cells(r *Row) []string {
	c := make([]string, 0, len(Fixed)+len(r.Factors)+len(r.Fires)+len(r.Metrics))
	c = append(c, strconv.FormatInt(r.Run, 10), strconv.FormatUint(r.Seed, 10), r.Policy,
		strconv.FormatInt(r.Point, 10), strconv.FormatInt(r.Rep, 10))
	for _, v := range r.Factors {
		c = append(c, string(AppendFloat(nil, v)))
	}
	c = append(c, r.Fires...)
	for _, v := range r.Metrics {
		c = append(c, string(AppendFloat(nil, v)))
	}
	return c
}
