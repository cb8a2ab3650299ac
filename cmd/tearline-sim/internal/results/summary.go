package results

import (
	"bufio"
	"io"
	"math"
	"strconv"
)

// SummaryColumns are the summary file's columns after policy, point, the
// factors and the fire factors: one row per (policy, point, metric).
var SummaryColumns = []string{"metric", "n", "mean", "sd", "ci95_lo", "ci95_hi", "median", "p5", "p95", "min", "max"}

// Stat accumulates one metric of one group in bounded memory.
type Stat struct {
	m        Moments
	min, max float64
	q        Quantiles
}

// Add adds one value (Welford's update); NaN is ignored.
func (s *Stat) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	if s.m.N() == 0 {
		s.min, s.max = x, x
	}
	s.m.Add(x)
	s.min, s.max = math.Min(s.min, x), math.Max(s.max, x)
	s.q.Add(x)
}

// Reset empties s, keeping its memory.
func (s *Stat) Reset() {
	q := s.q
	q.Reset()
	*s = Stat{q: q}
}

// Result is a finished metric summary.
type Result struct {
	N                         int64
	Mean, SD, Lo, Hi          float64 // Lo, Hi: 95% CI of the mean
	Median, P5, P95, Min, Max float64
}

// Result computes the summary; with n < 2 the SD and CI are NaN. The
// interval is Moments.CI95 (Student's t) over the group's runs: the runs of
// one (policy, design point) are independent replications, so they are the
// right units here (the summary never pools design points).
func (s *Stat) Result() Result {
	r := Result{N: s.m.N(), Mean: s.m.Mean(), SD: s.m.SD(), Min: s.min, Max: s.max}
	r.Lo, r.Hi = s.m.CI95()
	if r.N == 0 {
		r.Min, r.Max = math.NaN(), math.NaN()
	}
	qs := s.q.Quantile(0.05, 0.5, 0.95)
	r.P5, r.Median, r.P95 = qs[0], qs[1], qs[2]
	return r
}

// Summary turns a stream of rows, in run order, into summary rows: one per
// (policy, point, metric), written as soon as a group's last row has been
// seen. Memory holds one group's statistics only.
type Summary struct {
	w       *bufio.Writer
	l       Layout
	open    bool
	policy  string
	point   int64
	factors []float64
	fires   []string
	stats   []Stat
	buf     []byte
}

// NewSummary writes the summary CSV header to w.
func NewSummary(w io.Writer, l Layout) (*Summary, error) {
	s := &Summary{w: bufio.NewWriter(w), l: l, stats: make([]Stat, len(l.Metrics))}
	cols := append(append(append([]string{"policy", "point"}, l.Factors...), l.Fires...), SummaryColumns...)
	for i, c := range cols {
		if i > 0 {
			s.buf = append(s.buf, ',')
		}
		s.buf = appendCSVString(s.buf, c)
	}
	s.buf = append(s.buf, '\n')
	_, err := s.w.Write(s.buf)
	return s, err
}

// Add adds a row.
func (s *Summary) Add(r *Row) error {
	if s.open && (r.Policy != s.policy || r.Point != s.point) {
		if err := s.flush(); err != nil {
			return err
		}
	}
	if !s.open {
		s.open, s.policy, s.point = true, r.Policy, r.Point
		s.factors = append(s.factors[:0], r.Factors...)
		s.fires = append(s.fires[:0], r.Fires...)
	}
	for i, v := range r.Metrics {
		s.stats[i].Add(v)
	}
	return nil
}

func (s *Summary) flush() error {
	for i := range s.stats {
		st := &s.stats[i]
		r := st.Result()
		b := appendCSVString(s.buf[:0], s.policy)
		b = append(b, ',')
		b = strconv.AppendInt(b, s.point, 10)
		for _, f := range s.factors {
			b = append(b, ',')
			b = AppendFloat(b, f)
		}
		for _, f := range s.fires {
			b = append(b, ',')
			b = appendCSVString(b, f)
		}
		b = append(b, ',')
		b = appendCSVString(b, s.l.Metrics[i])
		b = append(b, ',')
		b = strconv.AppendInt(b, r.N, 10)
		for _, v := range []float64{r.Mean, r.SD, r.Lo, r.Hi, r.Median, r.P5, r.P95, r.Min, r.Max} {
			b = append(b, ',')
			b = AppendFloat(b, v)
		}
		b = append(b, '\n')
		s.buf = b
		if _, err := s.w.Write(b); err != nil {
			return err
		}
		st.Reset()
	}
	s.open = false
	return nil
}

// Close writes the last group and flushes.
func (s *Summary) Close() error {
	if s.open {
		if err := s.flush(); err != nil {
			return err
		}
	}
	return s.w.Flush()
}
