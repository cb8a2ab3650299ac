package main

import (
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// pandasPython is Debian's interpreter, the one apt's python3-pandas installs
// into (a pyenv or venv python3 earlier on PATH usually lacks pandas).
const pandasPython = "/usr/bin/python3"

// pandasRows is what read_pandas.py prints for one rows file.
type pandasRows struct {
	File       string
	N          int
	Runs       int
	Sums       map[string]float64
	ExactSums  map[string]float64 `json:"exact_sums"`
	Policies   int
	Columns    []string
	Dtypes     map[string]string
	NonNumeric []string                  `json:"non_numeric"`
	FireLevels map[string]map[string]int `json:"fire_levels"`
}

// pandasOut is everything read_pandas.py prints.
type pandasOut struct {
	Pandas  string
	Rows    []pandasRows
	Summary struct {
		File          string
		N             int
		Columns       []string
		Dtypes        map[string]string
		RunsPerMetric []int `json:"runs_per_metric"`
	}
}

// batchMeta is the part of *.meta.json the pandas test checks against.
type batchMeta struct {
	Runs, Rows       int
	Columns, Metrics []string
	Policies         []json.RawMessage
	Points           []json.RawMessage
	Factors          []struct{ Name string }
	FireFactors      []struct{ Name string } `json:"fire_factors"`
}

// readPandas runs `batch -q` with args once as CSV and once as JSONL and
// reads both rows files, with the CSV's summary and metadata, with pandas
// through testdata/batch/read_pandas.py. It returns the CSV's path, its
// metadata and what pandas saw.
func readPandas(t *testing.T, args ...string) (string, batchMeta, pandasOut) {
	t.Helper()
	dir := t.TempDir()
	csv, jsonl := filepath.Join(dir, "c.csv"), filepath.Join(dir, "j.jsonl")
	for _, p := range []string{csv, jsonl} {
		a := append(append([]string{"batch"}, args...), "-q", "-o", p)
		if _, e, c := runBin(t, nil, a...); c != 0 {
			t.Fatal(e)
		}
	}
	var meta batchMeta
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "c.csv.meta.json"))), &meta); err != nil {
		t.Fatal(err)
	}
	b, err := exec.Command(pandasPython, "testdata/batch/read_pandas.py",
		filepath.Join(dir, "c.csv.meta.json"), filepath.Join(dir, "c.csv.summary.csv"), csv, jsonl).CombinedOutput()
	if err != nil {
		t.Fatalf("pandas reader: %v\n%s", err, b)
	}
	var out pandasOut
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("pandas reader printed %q: %v", b, err)
	}
	return csv, meta, out
}

// TestPandasReader reads the CSV and JSONL rows and the summary with pandas
// (Debian's python3-pandas; Parquet is not read, see read_pandas.py) as a
// researcher would, and checks counts, sums, columns and dtypes against what
// tearline-sim wrote, and that CSV and JSONL read the same.
func TestPandasReader(t *testing.T) {
	t.Parallel()
	if err := exec.Command(pandasPython, "-c", "import pandas").Run(); err != nil {
		t.Skipf("%s cannot import pandas (%v), so the outputs are not read with pandas; "+
			"install it with `apt-get install python3-pandas` (make test does it through scripts/deps.sh)", pandasPython, err)
	}
	for _, tt := range []struct {
		name   string
		args   []string
		runs   int
		levels map[string]map[string]int // fire factor → level → runs, "" for not fired
	}{
		// 2 points × 2 policies × 50 replications = 200 runs.
		{"plain", []string{"-e", smallExp, "-n", "50"}, 200, map[string]map[string]int{}},
		// 6 points × 1 policy × 4 replications = 24 runs; each walk_in level
		// has 2 leak rates × 4 replications = 8 runs. pandas reads the CSV's
		// empty "not fired" cell as NaN; fillna("") (docs/batch.md) restores it.
		{"fire", []string{"-e", fireExp}, 24, map[string]map[string]int{
			"walk_in": {"": 8, "walk-in@D+0 12:00": 8, "walk-in@D+1 12:00": 8}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			csv, meta, out := readPandas(t, tt.args...)
			if meta.Runs != tt.runs || meta.Rows != tt.runs {
				t.Fatalf("meta.json: runs %d, rows %d; want %d", meta.Runs, meta.Rows, tt.runs)
			}
			if len(out.Rows) != 2 { // CSV and JSONL
				t.Fatalf("pandas read %d rows files, want 2", len(out.Rows))
			}
			factor := meta.Factors[0].Name
			dtypes := map[string]string{"run": "int64", "policy": "object", factor: "float64",
				"deliveries": "int64", "on_time_share": "float64"}
			for _, f := range meta.FireFactors {
				dtypes[f.Name] = "object"
			}
			want := ots(t, csv) // on_time_share summed from the CSV text by hand
			for _, r := range out.Rows {
				// Runs are numbered 0..n-1.
				if r.N != meta.Rows || r.Runs != meta.Rows*(meta.Rows-1)/2 || r.Policies != len(meta.Policies) {
					t.Errorf("%s: pandas read %d rows, run sum %d, %d policies; want %d, %d, %d",
						r.File, r.N, r.Runs, r.Policies, meta.Rows, meta.Rows*(meta.Rows-1)/2, len(meta.Policies))
				}
				// 1e-9: pandas and Go add the same numbers in a different order.
				if math.Abs(r.Sums["on_time_share"]-want) > 1e-9 {
					t.Errorf("%s: on_time_share sums to %v in pandas, %v in the CSV text", r.File, r.Sums["on_time_share"], want)
				}
				if !reflect.DeepEqual(r.Columns, meta.Columns) {
					t.Errorf("%s: pandas columns %v, meta.json %v", r.File, r.Columns, meta.Columns)
				}
				if len(r.NonNumeric) > 0 || !reflect.DeepEqual(r.Dtypes, dtypes) {
					t.Errorf("%s: metrics pandas did not read as numbers %v; dtypes %v, want %v", r.File, r.NonNumeric, r.Dtypes, dtypes)
				}
				if !reflect.DeepEqual(r.FireLevels, tt.levels) {
					t.Errorf("%s: fire levels after fillna(\"\") %v, want %v", r.File, r.FireLevels, tt.levels)
				}
			}
			c, j := out.Rows[0], out.Rows[1]
			// pandas' default float parsers may miss the written float64 by an
			// ulp (differently in CSV and JSONL); read exactly, the sums agree bit
			// for bit, and by default to 1e-12 relative (a few ulps over the sum).
			if !reflect.DeepEqual(c.ExactSums, j.ExactSums) {
				t.Errorf("exact metric sums differ:\nCSV   %v\nJSONL %v", c.ExactSums, j.ExactSums)
			}
			for m, v := range c.Sums {
				if math.Abs(v-j.Sums[m]) > 1e-12*math.Max(1, math.Abs(v)) {
					t.Errorf("%s sums to %v in the CSV, %v in the JSONL", m, v, j.Sums[m])
				}
			}
			s := out.Summary
			cols := []string{"policy", "point"}
			for _, f := range meta.Factors {
				cols = append(cols, f.Name)
			}
			for _, f := range meta.FireFactors {
				cols = append(cols, f.Name)
			}
			cols = append(cols, strings.Split("metric,n,mean,sd,ci95_lo,ci95_hi,median,p5,p95,min,max", ",")...)
			sdt := map[string]string{"policy": "object", "metric": "object", "n": "int64", "mean": "float64"}
			// One row per (policy, point, metric), whose n add up to every run.
			if s.N != len(meta.Policies)*len(meta.Points)*len(meta.Metrics) || !reflect.DeepEqual(s.Columns, cols) ||
				!reflect.DeepEqual(s.RunsPerMetric, []int{meta.Runs}) || !reflect.DeepEqual(s.Dtypes, sdt) {
				t.Errorf("%s read by pandas %s: %+v; want %d rows, columns %v, runs per metric [%d], dtypes %v",
					s.File, out.Pandas, s, len(meta.Policies)*len(meta.Points)*len(meta.Metrics), cols, meta.Runs, sdt)
			}
		})
	}
}
