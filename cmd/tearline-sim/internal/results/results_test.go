package results

import (
	"bytes"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// quantile7 is the reference: sort, then numpy's "linear" method.
func quantile7(xs []float64, p float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	h := float64(len(s)-1) * p
	lo := math.Floor(h)
	if int(lo)+1 >= len(s) {
		return s[int(lo)]
	}
	return s[int(lo)] + (h-lo)*(s[int(lo)+1]-s[int(lo)])
}

func TestQuantilesExact(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tt := range []struct {
		name string
		gen  func() float64
		n    int
	}{
		{"counts", func() float64 { return float64(rng.IntN(30)) }, 100000},
		{"continuous below the cap", rng.NormFloat64, ExactDistinct},
		{"one value", func() float64 { return 7 }, 10},
		{"two values", func() float64 { return float64(rng.IntN(2)) }, 3},
	} {
		var q Quantiles
		xs := make([]float64, tt.n)
		for i := range xs {
			xs[i] = tt.gen()
			q.Add(xs[i])
		}
		if !q.Exact() {
			t.Fatalf("%s: switched to the sketch", tt.name)
		}
		ps := []float64{0, 0.05, 0.25, 0.5, 0.95, 1}
		got := q.Quantile(ps...)
		for i, p := range ps {
			if want := quantile7(xs, p); math.Abs(got[i]-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Errorf("%s: q(%v) = %v, want %v", tt.name, p, got[i], want)
			}
		}
	}
}

func TestQuantilesSketch(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2, 2))
	const n = 200000 // well past ExactDistinct, so the t-digest answers
	xs := make([]float64, n)
	var q Quantiles
	for i := range xs {
		xs[i] = math.Exp(rng.NormFloat64()) // log-normal: skewed, like latencies
		q.Add(xs[i])
	}
	if q.Exact() {
		t.Fatal("still exact")
	}
	slices.Sort(xs)
	for _, p := range []float64{0.05, 0.5, 0.95} {
		got := q.Quantile(p)[0]
		// Rank error: where got falls among the sorted values, against p.
		r := float64(rankOf(xs, got)) / n
		if math.Abs(r-p) > 0.002 { // 0.2 percentage points; t-digest at δ=500 does far better
			t.Errorf("q(%v) = %v has rank %v", p, got, r)
		}
	}
}

func rankOf(xs []float64, v float64) int {
	i, _ := slices.BinarySearch(xs, v)
	return i
}

func TestStat(t *testing.T) {
	t.Parallel()
	var s Stat
	for _, v := range []float64{2, 4, 4, 4, 5, 5, 7, 9} {
		s.Add(v)
	}
	r := s.Result()
	// Mean 5 and sample sd sqrt(32/7) by hand; t(0.975, 7) = 2.364624251592785 (tables).
	half := 2.364624251592785 * math.Sqrt(32.0/7) / math.Sqrt(8)
	if r.N != 8 || r.Mean != 5 || math.Abs(r.SD-math.Sqrt(32.0/7)) > 1e-12 ||
		math.Abs(r.Lo-(5-half)) > 1e-9 || r.Median != 4.5 || r.Min != 2 || r.Max != 9 {
		t.Fatalf("%+v", r)
	}
	s.Reset()
	s.Add(1)
	if r := s.Result(); r.N != 1 || !math.IsNaN(r.SD) || !math.IsNaN(r.Lo) || r.Median != 1 {
		t.Fatalf("after reset: %+v", r)
	}
}

var testLayout = Layout{Factors: []string{"f"}, Metrics: []string{"a", "b"}}

func testRows() []Row {
	var rows []Row
	for i := int64(0); i < 2500; i++ {
		pol := "p,1" // a comma forces CSV quoting
		if i >= 1200 {
			pol = `q"2`
		}
		rows = append(rows, Row{Run: i, Seed: 5, Policy: pol, Point: i / 1000, Rep: i % 1000,
			Factors: []float64{float64(i/1000) * 0.1}, Metrics: []float64{float64(i % 7), 1 / float64(i+1)}})
	}
	return rows
}

// writeRows writes rows in format f with layout l and returns the bytes.
func writeRows(t *testing.T, f Format, l Layout, rows []Row) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(f, &buf, l)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if err := w.Write(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rows := testRows()
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, "r."+string(f))
			buf := writeRows(t, f, testLayout, rows)
			os.WriteFile(path, buf.Bytes(), 0o644)
			rd, err := Open(path, testLayout)
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			var got Row
			for i := 0; ; i++ {
				err := rd.Read(&got)
				if err == io.EOF {
					if i != len(rows) {
						t.Fatalf("read %d rows, want %d", i, len(rows))
					}
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				want := rows[i]
				if got.Run != want.Run || got.Seed != want.Seed || got.Policy != want.Policy || got.Point != want.Point ||
					got.Rep != want.Rep || !slices.Equal(got.Factors, want.Factors) || !slices.Equal(got.Metrics, want.Metrics) {
					t.Fatalf("row %d: got %+v want %+v", i, got, want)
				}
			}
		})
	}
}

func TestOpenRejects(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(data), 0o644)
		return p
	}
	for _, tt := range []struct{ path, want string }{
		{write("h.csv", "run,seed\n"), "do not match"},
		{write("e.csv", ""), "empty file"},
		{write("n.csv", "run,seed,policy,point,rep,f,a,b\nx,1,p,0,0,0,0,0\n"), "column run"},
		{write("j.jsonl", "{\"run\":1}\n"), "1 keys"},
		{write("p.parquet", "PAR1 not really"), "not a readable Parquet file"},
		{write("x.txt", ""), "unknown extension"},
	} {
		rd, err := Open(tt.path, testLayout)
		if err == nil {
			var r Row
			err = rd.Read(&r)
			rd.Close()
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", filepath.Base(tt.path), err, tt.want)
		}
	}
}

func TestSummaryGroups(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	s, err := NewSummary(&buf, testLayout)
	if err != nil {
		t.Fatal(err)
	}
	rows := testRows()
	for i := range rows {
		s.Add(&rows[i])
	}
	s.Close()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	// Groups: (p,1, point 0), (p,1, point 1), (q"2, point 1), (q"2, point 2): 4 groups × 2 metrics + header.
	if len(lines) != 9 {
		t.Fatalf("%d lines:\n%s", len(lines), buf.String())
	}
	if lines[0] != "policy,point,f,metric,n,mean,sd,ci95_lo,ci95_hi,median,p5,p95,min,max" {
		t.Fatalf("header %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], `"p,1",0,0,a,1000,`) || !strings.HasPrefix(lines[5], `"q""2",1,0.1,a,800,`) {
		t.Fatalf("rows:\n%s", buf.String())
	}
}

func TestPaths(t *testing.T) {
	t.Parallel()
	// Every file is named after the rows file's full name, so r.csv and
	// r.parquet in one folder share nothing (issue 10).
	for _, tt := range []struct{ rows, summary, meta, legacy string }{
		{"out/r.parquet", "out/r.parquet.summary.csv", "out/r.parquet.meta.json", "out/r.meta.json"},
		{"out/r.csv", "out/r.csv.summary.csv", "out/r.csv.meta.json", "out/r.meta.json"},
		{"r.shard-1-of-2.jsonl", "r.shard-1-of-2.jsonl.summary.csv", "r.shard-1-of-2.jsonl.meta.json", "r.shard-1-of-2.meta.json"},
		{"r", "r.summary.csv", "r.meta.json", "r.meta.json"},
	} {
		p := PathsFor(tt.rows)
		if p.Summary != tt.summary || p.Meta != tt.meta || p.Spool != tt.rows+".partial" || p.SpoolMeta != tt.rows+".partial.json" {
			t.Errorf("PathsFor(%s) = %+v", tt.rows, p)
		}
		if got := LegacyMeta(tt.rows); got != tt.legacy {
			t.Errorf("LegacyMeta(%s) = %s, want %s", tt.rows, got, tt.legacy)
		}
		if got := RowsOf(tt.meta, CSV); got != tt.rows {
			t.Errorf("RowsOf(%s) = %s, want %s", tt.meta, got, tt.rows)
		}
	}
	if got := ShardFile("r.csv", 3, 16); got != "r.shard-03-of-16.csv" {
		t.Fatal(got)
	}
	if got := ShardFile("r", 0, 2); got != "r.shard-0-of-2" {
		t.Fatal(got)
	}
}

// fireLayout has a numeric factor and two fire factor (text) columns.
var fireLayout = Layout{Factors: []string{"f"}, Fires: []string{"tip", "leak"}, Metrics: []string{"a"}}

// fireRows cycles the fire columns through an empty level, a plain one and
// ones that need CSV quoting (comma, quote) every row.
func fireRows() []Row {
	levels := []string{"", "walk-in@D+1 12:00", `x,y@D+0 01:00;z"@D+2 00:00`}
	var rows []Row
	for i := int64(0); i < 300; i++ { // 300 rows: several of each level pair
		rows = append(rows, Row{Run: i, Seed: 1, Policy: "p", Point: i / 100, Rep: i % 100,
			Factors: []float64{float64(i / 100)}, Fires: []string{levels[i%3], levels[(i/3)%3]}, Metrics: []float64{float64(i)}})
	}
	return rows
}

// TestRoundTripFires: fire columns are written after the numeric factors
// and read back exactly in every format.
func TestRoundTripFires(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rows := fireRows()
	want := "run,seed,policy,point,rep,f,tip,leak,a"
	if got := strings.Join(fireLayout.Columns(), ","); got != want {
		t.Fatalf("columns %s, want %s", got, want)
	}
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			buf := writeRows(t, f, fireLayout, rows)
			path := filepath.Join(dir, "r."+string(f))
			os.WriteFile(path, buf.Bytes(), 0o644)
			if f == CSV && !strings.Contains(buf.String(), "\n1,1,p,0,1,0,walk-in@D+1 12:00,,1\n") {
				t.Errorf("CSV row 1 is not as expected:\n%.300s", buf.String())
			}
			if f == JSONL && !strings.Contains(buf.String(), `"f":0,"tip":"walk-in@D+1 12:00","leak":"","a":1}`) {
				t.Errorf("JSONL row 1 is not as expected:\n%.300s", buf.String())
			}
			rd, err := Open(path, fireLayout)
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			var got Row
			for i := range rows {
				if err := rd.Read(&got); err != nil {
					t.Fatalf("row %d: %v", i, err)
				}
				if !slices.Equal(got.Fires, rows[i].Fires) || !slices.Equal(got.Factors, rows[i].Factors) || !slices.Equal(got.Metrics, rows[i].Metrics) {
					t.Fatalf("row %d: got %+v want %+v", i, got, rows[i])
				}
			}
			if err := rd.Read(&got); err != io.EOF {
				t.Fatalf("after the last row: %v", err)
			}
		})
	}
	var buf bytes.Buffer
	s, _ := NewSummary(&buf, fireLayout)
	for i := range rows {
		s.Add(&rows[i])
	}
	s.Close()
	lines := strings.Split(buf.String(), "\n")
	if lines[0] != "policy,point,f,tip,leak,metric,n,mean,sd,ci95_lo,ci95_hi,median,p5,p95,min,max" || !strings.HasPrefix(lines[1], "p,0,0,,,a,100,") {
		t.Fatalf("summary:\n%.300s", buf.String())
	}
}
