package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// SobolDesign returns the Saltelli sample for n base samples of k factors:
// n(k+2) points in [0, 1]^k (n, k at least 1; it panics otherwise). Two
// independent n×k matrices A and B of uniform draws from rng are laid out
// base row by base row: for row j, point j(k+2) is A_j, points j(k+2)+1 to
// j(k+2)+k are AB_j^(i) (A_j with coordinate i taken from B_j, i = 0 … k−1),
// and point j(k+2)+k+1 is B_j (the order of SALib's sampler without
// second-order terms). Keeping a base row's points together lets
// SobolIndices bootstrap by base row.
func SobolDesign(n, k int, rng *rand.Rand) [][]float64 {
	if n < 1 || k < 1 {
		panic(fmt.Sprintf("sensitivity: SobolDesign(n=%d, k=%d): need n, k ≥ 1", n, k))
	}
	pts := make([][]float64, 0, n*(k+2))
	for range n {
		a, b := make([]float64, k), make([]float64, k)
		for i := range k {
			a[i] = rng.Float64()
		}
		for i := range k {
			b[i] = rng.Float64()
		}
		pts = append(pts, a)
		for i := range k {
			ab := clone(a)
			ab[i] = b[i]
			pts = append(pts, ab)
		}
		pts = append(pts, b)
	}
	return pts
}

// SobolIndex holds one factor's Sobol indices, each with its bootstrap 95%
// percentile interval (NaN without a bootstrap).
type SobolIndex struct {
	// S1 is the first-order index: the share of the output variance the
	// factor explains alone, 0 to 1 up to sampling error (estimates can
	// stray below 0 when the true index is near 0).
	S1, S1Lo, S1Hi float64
	// ST is the total-order index: the share of the variance that would
	// remain unexplained if every factor but this one were fixed, its
	// interactions included; ST − S1 is the factor's share through
	// interactions, and ST ≈ 0 means the factor can be fixed anywhere in
	// its range.
	ST, STLo, STHi float64
}

// SobolIndices estimates first- and total-order Sobol indices from the
// outputs y at a SobolDesign(n, k) sample, in its order (len(y) = n(k+2)):
//
//	V    = Var(f(A) ∪ f(B))                        (sample variance of the 2n base outputs)
//	S_i  = (1/n) Σ_j f(B)_j (f(AB^(i))_j − f(A)_j) / V       (Saltelli et al. 2010, table 2 (b))
//	ST_i = (1/2n) Σ_j (f(A)_j − f(AB^(i))_j)² / V           (Jansen 1999; Saltelli et al. 2010 (f))
//
// Intervals come from boot bootstrap resamples of the n base rows (each
// resample recomputes V and the sums; 1000 is usual; 0 for none) drawn from
// rng. It returns an error when lengths disagree, y holds a NaN, or the
// output does not vary (V = 0). Time O(n·k·(1 + boot)).
func SobolIndices(y []float64, n, k, boot int, rng *rand.Rand) ([]SobolIndex, error) {
	if n < 2 || k < 1 || len(y) != n*(k+2) {
		return nil, fmt.Errorf("sensitivity: SobolIndices: %d outputs for n = %d, k = %d; want n(k+2) with n ≥ 2", len(y), n, k)
	}
	for _, v := range y {
		if math.IsNaN(v) {
			return nil, errors.New("sensitivity: SobolIndices: an output is NaN")
		}
	}
	rows := make([]int, n)
	for j := range rows {
		rows[j] = j
	}
	s1, st, ok := sobolOnce(y, k, rows)
	if !ok {
		return nil, errors.New("sensitivity: SobolIndices: the output does not vary; its variance has no shares")
	}
	out := make([]SobolIndex, k)
	for i := range out {
		out[i] = SobolIndex{S1: s1[i], ST: st[i], S1Lo: math.NaN(), S1Hi: math.NaN(), STLo: math.NaN(), STHi: math.NaN()}
	}
	if boot > 0 {
		bs1, bst := make([][]float64, k), make([][]float64, k)
		for range boot {
			for j := range rows {
				rows[j] = rng.IntN(n)
			}
			a, b, ok := sobolOnce(y, k, rows)
			if !ok {
				continue // a resample of constant rows: no information
			}
			for i := range k {
				bs1[i] = append(bs1[i], a[i])
				bst[i] = append(bst[i], b[i])
			}
		}
		for i := range out {
			out[i].S1Lo, out[i].S1Hi = percentileCI(bs1[i])
			out[i].STLo, out[i].STHi = percentileCI(bst[i])
		}
	}
	return out, nil
}

// sobolOnce computes the estimators over the base rows listed (with
// repeats, for a bootstrap resample); ok is false when V = 0.
func sobolOnce(y []float64, k int, rows []int) (s1, st []float64, ok bool) {
	w := k + 2
	var base []float64
	for _, j := range rows {
		base = append(base, y[j*w], y[j*w+k+1])
	}
	v := stat.Variance(base, nil)
	if !(v > 0) {
		return nil, nil, false
	}
	n := float64(len(rows))
	s1, st = make([]float64, k), make([]float64, k)
	for i := range k {
		var a, b float64
		for _, j := range rows {
			fa, fb, fab := y[j*w], y[j*w+k+1], y[j*w+1+i]
			a += fb * (fab - fa)
			b += (fa - fab) * (fa - fab)
		}
		s1[i] = a / n / v
		st[i] = b / (2 * n) / v
	}
	return s1, st, true
}

// percentileCI returns the 2.5% and 97.5% empirical quantiles of xs
// (sorted in place), NaN when xs is empty.
func percentileCI(xs []float64) (lo, hi float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	sort.Float64s(xs)
	return stat.Quantile(0.025, stat.Empirical, xs, nil), stat.Quantile(0.975, stat.Empirical, xs, nil)
}
