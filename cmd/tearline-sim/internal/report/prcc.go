package report

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Ranks returns the ranks (1 to n) of xs, ties sharing their mean rank.
func Ranks(xs []float64) []float64 {
	n := len(xs)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	r := make([]float64, n)
	for i := 0; i < n; {
		j := i
		for j+1 < n && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

// PRCC returns the partial rank correlation coefficient of each factor
// xs[j] with the outcome y (Marino et al., "A methodology for performing
// global uncertainty and sensitivity analysis in systems biology", 2008):
// every variable is replaced by its ranks, and the PRCC of factor j is
//
//	−P[j][y] / √(P[j][j]·P[y][y])
//
// where P is the inverse of the rank correlation matrix of (factors, y).
// With a single varying factor this is Spearman's rank correlation. A
// factor or outcome that does not vary gives NaN, as does a singular
// matrix (factors perfectly correlated, or the outcome's ranks an exact
// linear function of several factors' ranks). All slices have the same length.
func PRCC(xs [][]float64, y []float64) []float64 {
	k := len(xs)
	out := make([]float64, k)
	for i := range out {
		out[i] = math.NaN()
	}
	if len(y) < k+3 {
		return out
	}
	var keep []int
	var cols [][]float64
	for j, x := range xs {
		if len(x) != len(y) {
			return out
		}
		r := Ranks(x)
		if stat.Variance(r, nil) > 0 {
			keep = append(keep, j)
			cols = append(cols, r)
		}
	}
	ry := Ranks(y)
	if len(keep) == 0 || stat.Variance(ry, nil) == 0 {
		return out
	}
	if len(keep) == 1 {
		// No other factor to partial out: the PRCC is Spearman's rank
		// correlation, ±1 included (where the 2×2 matrix is singular).
		out[keep[0]] = math.Max(-1, math.Min(1, stat.Correlation(cols[0], ry, nil)))
		return out
	}
	cols = append(cols, ry)
	m := len(cols)
	c := mat.NewSymDense(m, nil)
	for a := 0; a < m; a++ {
		for b := a; b < m; b++ {
			c.SetSym(a, b, stat.Correlation(cols[a], cols[b], nil))
		}
	}
	var p mat.Dense
	if err := p.Inverse(c); err != nil {
		return out
	}
	yi := m - 1
	for i, j := range keep {
		d := p.At(i, i) * p.At(yi, yi)
		if d <= 0 {
			continue
		}
		v := -p.At(i, yi) / math.Sqrt(d)
		out[j] = math.Max(-1, math.Min(1, v))
	}
	return out
}

// DefaultBootstrap is the number of bootstrap resamples behind each PRCC
// interval when Input.Bootstrap is 0: enough for the 2.5th and 97.5th
// percentiles to move by about ±0.01 between seeds on typical designs.
const DefaultBootstrap = 1000

// BootstrapPercentile resamples n units with replacement b times, calls stat on each
// resample's unit indices (length n, repeats allowed) and returns the
// percentile 95% interval of the statistic: the 2.5th and 97.5th
// percentiles of the resampled values, interpolated as numpy's default
// (Efron & Tibshirani, An Introduction to the Bootstrap, 1993, ch. 13).
// Resamples whose statistic is NaN (a degenerate resample, such as one
// that repeats a single unit) are left out; valid is how many were kept,
// and when fewer than half are valid the interval is NaN, NaN. Draws come
// only from rng, so the interval is a pure function of the inputs and the
// source's seed. Cost: b calls of stat. It panics if rng is nil.
func BootstrapPercentile(n, b int, rng *rand.Rand, stat func(idx []int) float64) (lo, hi float64, valid int) {
	if rng == nil {
		panic("report: BootstrapPercentile with a nil random source")
	}
	if n < 1 || b < 1 {
		return math.NaN(), math.NaN(), 0
	}
	idx := make([]int, n)
	vals := make([]float64, 0, b)
	for range b {
		for i := range idx {
			idx[i] = rng.IntN(n)
		}
		if v := stat(idx); !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	if 2*len(vals) < b {
		return math.NaN(), math.NaN(), len(vals)
	}
	sort.Float64s(vals)
	return percentile(vals, 0.025), percentile(vals, 0.975), len(vals)
}

// percentile interpolates linearly between the order statistics of sorted
// at (n−1)·p (Hyndman & Fan type 7, numpy's and pandas' default).
func percentile(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// PRCCInterval is a factor's PRCC with its bootstrap 95% interval.
type PRCCInterval struct {
	PRCC, Lo, Hi float64
}

// PRCCBootstrap returns the PRCC of each factor xs[j] with y (see PRCC)
// and its percentile bootstrap 95% interval from b resamples of the units
// (the rows of xs and y: in the report, design points) drawn from rng.
// Intervals are NaN where the PRCC is, or where fewer than half the
// resamples give one.
func PRCCBootstrap(xs [][]float64, y []float64, b int, rng *rand.Rand) []PRCCInterval {
	est := PRCC(xs, y)
	out := make([]PRCCInterval, len(xs))
	for j := range out {
		out[j] = PRCCInterval{PRCC: est[j], Lo: math.NaN(), Hi: math.NaN()}
	}
	n := len(y)
	// One pass of resamples serves every factor: each resample computes all
	// the factors' PRCCs at once, and the intervals are read per factor.
	rs := make([][]float64, len(xs)) // [factor][resample]
	bx := make([][]float64, len(xs))
	for j := range bx {
		bx[j] = make([]float64, n)
	}
	by := make([]float64, n)
	var valid int
	stat := func(idx []int) float64 {
		for i, k := range idx {
			by[i] = y[k]
			for j := range xs {
				bx[j][i] = xs[j][k]
			}
		}
		p := PRCC(bx, by)
		ok := false
		for j, v := range p {
			rs[j] = append(rs[j], v)
			ok = ok || !math.IsNaN(v)
		}
		if !ok {
			return math.NaN()
		}
		return 0
	}
	if _, _, valid = BootstrapPercentile(n, b, rng, stat); 2*valid < b {
		return out
	}
	for j := range out {
		if math.IsNaN(est[j]) {
			continue
		}
		var vs []float64
		for _, v := range rs[j] {
			if !math.IsNaN(v) {
				vs = append(vs, v)
			}
		}
		if 2*len(vs) < b {
			continue
		}
		sort.Float64s(vs)
		out[j].Lo, out[j].Hi = percentile(vs, 0.025), percentile(vs, 0.975)
	}
	return out
}
