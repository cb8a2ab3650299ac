package report

// This file pairs a batch's rows of different policies at the same design
// point and replicate and renders the paired-difference tables and the
// Pareto chart of internal/compare: the report's "Comparing policies".

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"sort"

	"tearline/cmd/tearline-sim/internal/compare"
	"tearline/cmd/tearline-sim/internal/results"
)

// CompareMetrics are the metrics CompareSection compares when given none:
// those of `tearline-sim compare`.
var CompareMetrics = []string{"coverage", "attributable_leaks", "attributable_leak_weight", "threats_averted", "harm", "score"}

// Pareto chart file names, beside the report's other charts.
const (
	ComparePNG = "compare-pareto.png"
	CompareSVG = "compare-pareto.svg"
)

// Pairer collects a batch's rows for CompareSection one at a time, so that
// Build can feed it from its single pass over the rows. It keeps one float64
// per (policy, compared metric, design point × replicate): the differences
// must all be at hand for the Wilcoxon ranks.
type Pairer struct {
	cols     []int // Layout.Metrics indices of metrics, then coverage and attributable leaks
	metrics  []string
	policies []string
	polIdx   map[string]int
	keys     map[[2]int64]int // (point, rep) → slot, in first-seen order
	vals     [][][]float64    // [policy][col][slot]
	has      [][]bool         // [policy][slot]
}

// NewPairer returns a Pairer for rows of layout l comparing metrics (nil:
// CompareMetrics). It fails when the layout lacks a metric, or the
// coverage and attributable_leaks columns of the Pareto front.
func NewPairer(l results.Layout, metrics []string) (*Pairer, error) {
	if metrics == nil {
		metrics = CompareMetrics
	}
	col := map[string]int{}
	for i, n := range l.Metrics {
		col[n] = i
	}
	p := &Pairer{metrics: metrics, polIdx: map[string]int{}, keys: map[[2]int64]int{}}
	for _, m := range append(append([]string{}, metrics...), compare.CoverageMetric, compare.LeaksMetric) {
		i, ok := col[m]
		if !ok {
			return nil, fmt.Errorf("the batch has no %s column; was it written by another version of tearline-sim?", m)
		}
		p.cols = append(p.cols, i)
	}
	return p, nil
}

// Add records one row. A second row of the same policy, point and
// replicate replaces the first (a batch has none).
func (p *Pairer) Add(r *results.Row) {
	pi, ok := p.polIdx[r.Policy]
	if !ok {
		pi = len(p.policies)
		p.polIdx[r.Policy] = pi
		p.policies = append(p.policies, r.Policy)
		v := make([][]float64, len(p.cols))
		for c := range v {
			v[c] = make([]float64, len(p.keys))
		}
		p.vals = append(p.vals, v)
		p.has = append(p.has, make([]bool, len(p.keys)))
	}
	k := [2]int64{r.Point, r.Rep}
	slot, ok := p.keys[k]
	if !ok {
		slot = len(p.keys)
		p.keys[k] = slot
		for q := range p.vals {
			for c := range p.vals[q] {
				p.vals[q][c] = append(p.vals[q][c], 0)
			}
			p.has[q] = append(p.has[q], false)
		}
	}
	for c, mi := range p.cols {
		p.vals[pi][c][slot] = r.Metrics[mi]
	}
	p.has[pi][slot] = true
}

// Section renders the comparison as Markdown under heading level head
// ("##"), with the Pareto chart as ComparePNG and CompareSVG (linked from
// the Markdown). Only (design point, replicate) pairs played by every
// policy are used, in the order they were first seen; the Markdown says how
// many were left out. With fewer than 2 policies or 2 complete pairs it
// returns a short note and no files.
func (p *Pairer) Section(head string) (md []byte, files map[string][]byte, err error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s Comparing policies (paired)\n\n", head)
	var slots []int
	for s := 0; s < len(p.keys); s++ {
		all := true
		for q := range p.has {
			all = all && p.has[q][s]
		}
		if all {
			slots = append(slots, s)
		}
	}
	if len(p.policies) < 2 || len(slots) < 2 {
		fmt.Fprintf(&b, "Not enough to compare: %d policy(ies), %d (design point, replicate) pair(s) played by all of them; a paired comparison needs 2 of each.\n\n", len(p.policies), len(slots))
		return b.Bytes(), nil, nil
	}
	s := make(compare.Samples, len(p.policies))
	for q := range s {
		s[q] = make([][]float64, len(p.cols))
		for c := range s[q] {
			x := make([]float64, len(slots))
			for i, sl := range slots {
				x[i] = p.vals[q][c][sl]
			}
			s[q][c] = x
		}
	}
	nm := len(p.metrics)
	pts := make([]compare.Point, len(p.policies))
	for q, name := range p.policies {
		pts[q] = compare.Point{Name: name, Coverage: colMean(s[q][nm]), Leaks: colMean(s[q][nm+1])}
		s[q] = s[q][:nm]
	}
	t := compare.Build(p.policies, p.metrics, s, compare.Pairs(len(p.policies), -1), pts)
	fmt.Fprintf(&b, "Rows of different policies at the same design point and replicate are paired: %d pairs per comparison", len(slots))
	if left := len(p.keys) - len(slots); left > 0 {
		fmt.Fprintf(&b, " (%d (point, replicate) keys not played by every policy are left out)", left)
	}
	fmt.Fprintf(&b, ". Paired rows were played in the same world (common random numbers: tearline-sim batch gives every policy the same stream at a design point and replicate), so their difference is free of the noise they share; the variance ratio column measures the gain: "+
		"a median of %.2f over these comparisons (the variance of an unpaired comparison over that of the paired one; 1 means no gain, as for a metric one policy never moves).\n\n", medianRatio(t))
	sub := head + "#"
	t.Markdown(&b, sub)
	png, svg, err := compare.Chart(t.Points, *t.Front)
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(&b, "![Pareto front: coverage against attributable leaks](%s)\n\n", ComparePNG)
	return b.Bytes(), map[string][]byte{ComparePNG: png, CompareSVG: svg}, nil
}

// medianRatio is the median of the table's finite variance ratios (NaN if none).
func medianRatio(t *compare.Table) float64 {
	var r []float64
	for _, x := range t.Results {
		if !math.IsNaN(x.Ratio) && !math.IsInf(x.Ratio, 0) {
			r = append(r, x.Ratio)
		}
	}
	if len(r) == 0 {
		return math.NaN()
	}
	sort.Float64s(r)
	if len(r)%2 == 1 {
		return r[len(r)/2]
	}
	return (r[len(r)/2-1] + r[len(r)/2]) / 2
}

// CompareSection reads every row of rows (layout l) and renders the paired
// comparison of its policies on metrics (nil: CompareMetrics): Markdown
// under heading level head ("##") and the Pareto chart files (name →
// bytes: ComparePNG, CompareSVG). It is NewPairer, Add for every row, then
// Section; Build, which reads the rows once, can use those directly.
func CompareSection(l results.Layout, rows results.Reader, metrics []string, head string) (md []byte, files map[string][]byte, err error) {
	p, err := NewPairer(l, metrics)
	if err != nil {
		return nil, nil, err
	}
	var row results.Row
	for {
		err := rows.Read(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		p.Add(&row)
	}
	return p.Section(head)
}

// colMean is the mean of xs, summed in index order.
func colMean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
