package results

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Fixed are the leading columns of every row file.
var Fixed = []string{"run", "seed", "policy", "point", "rep"}

// Layout is the column layout of a row file: the fixed columns, then
// Factors, then Fires, then Metrics.
type Layout struct {
	// Factors are the numeric factor columns.
	Factors []string
	// Fires are the fire factor columns: text, a fire schedule in canonical
	// form ("walk-in@D+1 12:00;press-leak@D+2 00:00", "" for none).
	Fires []string
	// Metrics are the outcome metric columns: sim.MetricNames, then the
	// per-threat and per-objective columns (threat_<T>_averted,
	// threat_<T>_warning, objective_<O>_met; see OutcomeColumn), all
	// numbers.
	Metrics []string
}

// Columns returns every column name in order.
func (l Layout) Columns() []string {
	cols := append([]string{}, Fixed...)
	cols = append(cols, l.Factors...)
	cols = append(cols, l.Fires...)
	return append(cols, l.Metrics...)
}

// Row is one run's output.
type Row struct {
	// Run is the run index, 0 to runs−1; the run drew from stream (Seed, Run).
	Run int64
	// Seed is the batch seed.
	Seed uint64
	// Policy is the policy's label.
	Policy string
	// Point is the design point index.
	Point int64
	// Rep is the replication index within (point, policy).
	Rep int64
	// Factors holds the design point's factor values, in Layout order.
	Factors []float64
	// Fires holds the design point's fire factor levels, in Layout order.
	Fires []string
	// Metrics holds the outcome metrics, in Layout order.
	Metrics []float64
}

// Format is a row file format.
type Format string

// The row file formats.
const (
	CSV     Format = "csv"
	JSONL   Format = "jsonl"
	Parquet Format = "parquet"
)

// Formats lists the formats in flag order.
var Formats = []Format{CSV, JSONL, Parquet}

// FormatOf returns the format a file name's extension implies.
func FormatOf(path string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV, true
	case ".jsonl", ".ndjson":
		return JSONL, true
	case ".parquet", ".pq":
		return Parquet, true
	}
	return "", false
}

// ParseFormat parses "csv", "jsonl" or "parquet".
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("%q is not a format; use csv, jsonl or parquet", s)
}

// Paths are the files of one batch output.
type Paths struct {
	Rows      string // the rows
	Summary   string // the summary CSV: Rows + ".summary.csv"
	Meta      string // the metadata JSON: Rows + ".meta.json"
	Spool     string // rows of an unfinished batch (CSV): Rows + ".partial"
	SpoolMeta string // the unfinished batch's identity: Rows + ".partial.json"
}

// PathsFor derives the output files from the rows file name: every file
// is the rows file's full name plus a suffix (results.csv →
// results.csv.summary.csv, results.csv.meta.json), so outputs of several
// formats (-o r.csv, -o r.parquet) live in one folder without sharing a
// summary or metadata file.
func PathsFor(rows string) Paths {
	return Paths{
		Rows:      rows,
		Summary:   rows + ".summary.csv",
		Meta:      rows + ".meta.json",
		Spool:     rows + ".partial",
		SpoolMeta: rows + ".partial.json",
	}
}

// LegacyMeta is the metadata name that tearline-sim used before the names
// followed the rows file's full name: results.csv → results.meta.json.
// Readers of finished outputs (report, merge, rerun, --resume) fall back
// to it through FindMeta.
func LegacyMeta(rows string) string {
	base := rows
	if _, ok := FormatOf(rows); ok {
		base = strings.TrimSuffix(rows, filepath.Ext(rows))
	}
	return base + ".meta.json"
}

// FindMeta returns the metadata file of the finished output rows:
// PathsFor(rows).Meta when it exists, else the old-style LegacyMeta(rows)
// when that exists and describes rows of rows' format (an old results.meta.json
// may belong to results.parquet rather than results.csv), else
// PathsFor(rows).Meta.
func FindMeta(rows string) string {
	p := PathsFor(rows).Meta
	if _, err := os.Lstat(p); err == nil {
		return p
	}
	old := LegacyMeta(rows)
	if old == p {
		return p
	}
	m, err := ReadMeta(old)
	if err != nil {
		return p
	}
	if f, ok := FormatOf(rows); ok && f != m.Format {
		return p
	}
	return old
}

// RowsOf returns the rows file that the metadata file meta describes:
// results.csv.meta.json → results.csv; for an old-style name
// (results.meta.json) the rows file of format f beside it.
func RowsOf(meta string, f Format) string {
	base := strings.TrimSuffix(meta, ".meta.json")
	if _, ok := FormatOf(base); ok {
		return base
	}
	if old := base + "." + string(f); f != "" {
		if _, err := os.Lstat(old); err == nil {
			return old
		}
	}
	return base
}

// ShardFile names shard k (0-based) of n for the rows file out:
// results.csv → results.shard-03-of-16.csv.
func ShardFile(out string, k, n int) string {
	ext := filepath.Ext(out)
	if _, ok := FormatOf(out); !ok {
		ext = ""
	}
	w := len(fmt.Sprint(n - 1))
	return fmt.Sprintf("%s.shard-%0*d-of-%d%s", strings.TrimSuffix(out, ext), w, k, n, ext)
}
