package report

import (
	"math"
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
// A factor or outcome that does not vary gives NaN, as does a singular
// matrix (factors perfectly correlated). All slices have the same length.
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
