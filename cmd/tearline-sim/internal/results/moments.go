package results

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Moments accumulates the count, mean and variance of a stream of values in
// one pass (Welford's update; exact up to rounding). It is the one
// accumulator behind the summary CSV and the report, so both give the same
// interval for the same values. The zero value is ready to use.
type Moments struct {
	n        int64
	mean, m2 float64
}

// Add adds x; NaN is ignored.
func (a *Moments) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	a.n++
	d := x - a.mean
	a.mean += d / float64(a.n)
	a.m2 += d * (x - a.mean)
}

// N returns the number of values added.
func (a *Moments) N() int64 { return a.n }

// Mean returns the mean; NaN when empty.
func (a *Moments) Mean() float64 {
	if a.n == 0 {
		return math.NaN()
	}
	return a.mean
}

// SD returns the sample standard deviation (divisor n−1); NaN when n < 2.
func (a *Moments) SD() float64 {
	if a.n < 2 {
		return math.NaN()
	}
	return math.Sqrt(a.m2 / float64(a.n-1))
}

// HalfWidth95 returns the half-width of the 95% confidence interval of the
// mean, Student's t:
//
//	t(0.975, n−1) · sd / √n
//
// NaN when n < 2.
func (a *Moments) HalfWidth95() float64 {
	if a.n < 2 {
		return math.NaN()
	}
	return T975(float64(a.n-1)) * a.SD() / math.Sqrt(float64(a.n))
}

// CI95 returns the 95% confidence interval of the mean, mean ± HalfWidth95;
// NaN, NaN when n < 2.
func (a *Moments) CI95() (lo, hi float64) {
	h := a.HalfWidth95()
	return a.mean - h, a.mean + h
}

// Reset empties a.
func (a *Moments) Reset() { *a = Moments{} }

// T975 returns the 97.5th percentile of Student's t distribution with df
// degrees of freedom (df > 0): the multiplier of a two-sided 95% interval.
func T975(df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.975)
}

// RunsNeeded returns the smallest number of independent values n ≥ 2 whose
// mean has a 95% interval half-width of at most w, for values with standard
// deviation sd:
//
//	n = ⌈(t(0.975, n−1) · sd / w)²⌉
//
// solved by fixed-point iteration from the normal quantile (t falls as n
// grows, so it converges in a few steps). 1 when sd is 0 (every value the
// same); NaN when sd or w is NaN or w ≤ 0.
func RunsNeeded(sd, w float64) float64 {
	if math.IsNaN(sd) || math.IsNaN(w) || w <= 0 {
		return math.NaN()
	}
	if sd == 0 {
		return 1
	}
	const z = 1.959963984540054 // standard normal 97.5th percentile: the limit of t
	n := math.Max(2, math.Ceil(math.Pow(z*sd/w, 2)))
	for range 100 { // converges in under 10 steps; the cap only guards against cycling
		next := math.Max(2, math.Ceil(math.Pow(T975(n-1)*sd/w, 2)))
		if next <= n {
			// t(n−1) at n gives no more than n: n is enough. Step down while a
			// smaller n is still enough.
			for n > 2 && math.Pow(T975(n-2)*sd/w, 2) <= n-1 {
				n--
			}
			return n
		}
		n = next
	}
	return n
}
