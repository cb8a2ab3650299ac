package experiment

// This file holds the factor distributions of sampled designs (Latin
// hypercube, Morris, Sobol): each maps a uniform u in [0, 1] to a factor
// value through its inverse CDF.

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Distribution kinds, as written in a [[factor]]'s dist key.
const (
	DistUniform    = "uniform"
	DistTriangular = "triangular"
	DistNormal     = "normal" // truncated to [min, max]
	DistDiscrete   = "discrete"
)

// Dist is a factor's distribution over a sampled design.
type Dist struct {
	// Kind is DistUniform, DistTriangular, DistNormal or DistDiscrete.
	Kind string
	// Min and Max bound the values (a truncated normal's truncation points).
	Min, Max float64
	// Mode is the triangular distribution's peak, Min ≤ Mode ≤ Max.
	Mode float64
	// Mean and SD are the normal's parameters before truncation (SD > 0).
	Mean, SD float64
	// Values are a discrete distribution's values in ascending order, and
	// Cum the cumulative probabilities of their weights (last = 1).
	Values, Cum []float64
}

// Quantile returns the value at probability u (clamped to [0, 1]): the
// inverse CDF. It is non-decreasing in u, so a design's strata and Morris
// steps keep their order. Uniform: Min + u(Max − Min). Triangular: gonum's
// distuv.Triangular quantile. Truncated normal: see truncNormalQuantile.
// Discrete: the first value whose cumulative probability reaches u.
func (d Dist) Quantile(u float64) float64 {
	u = math.Max(0, math.Min(1, u))
	switch d.Kind {
	case DistTriangular:
		if d.Min == d.Max {
			return d.Min
		}
		return distuv.NewTriangle(d.Min, d.Max, d.Mode, nil).Quantile(u)
	case DistNormal:
		return truncNormalQuantile(u, d.Mean, d.SD, d.Min, d.Max)
	case DistDiscrete:
		i := sort.SearchFloat64s(d.Cum, u)
		return d.Values[min(i, len(d.Values)-1)]
	default:
		return d.Min + u*(d.Max-d.Min)
	}
}

// truncNormalQuantile is the inverse CDF of a normal (mean, sd) truncated
// to [lo, hi]: with α = (lo − mean)/sd, β = (hi − mean)/sd and Φ the unit
// normal CDF,
//
//	Q(u) = mean + sd·Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α)))
//
// (Johnson, Kotz & Balakrishnan 1994, §10.1). When the interval lies above
// the mean it is computed on the mirrored interval [−β, −α], where Φ is
// evaluated in its accurate lower tail, so the result stays inside
// [lo, hi] even far out in the tail. Values are clamped to [lo, hi].
func truncNormalQuantile(u, mean, sd, lo, hi float64) float64 {
	a, b := (lo-mean)/sd, (hi-mean)/sd
	sign := 1.0
	if a > 0 { // mirror into the lower tail
		a, b, u, sign = -b, -a, 1-u, -1
	}
	n := distuv.UnitNormal
	fa, fb := n.CDF(a), n.CDF(b)
	z := n.Quantile(fa + u*(fb-fa))
	return math.Max(lo, math.Min(hi, mean+sign*sd*z))
}

// truncMass returns the probability a normal (mean, sd) gives [lo, hi],
// mirrored as in truncNormalQuantile; 0 means the truncated distribution
// does not exist in float64.
func truncMass(mean, sd, lo, hi float64) float64 {
	a, b := (lo-mean)/sd, (hi-mean)/sd
	if a > 0 {
		a, b = -b, -a
	}
	return distuv.UnitNormal.CDF(b) - distuv.UnitNormal.CDF(a)
}

// newDiscrete returns a discrete distribution over values with weights
// (nil for equal weights), sorted by value; the caller has checked them.
func newDiscrete(values, weights []float64) Dist {
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return values[idx[a]] < values[idx[b]] })
	total := 0.0
	for i := range values {
		total += weight(weights, i)
	}
	d := Dist{Kind: DistDiscrete, Min: values[idx[0]], Max: values[idx[len(idx)-1]]}
	c := 0.0
	for _, i := range idx {
		c += weight(weights, i) / total
		d.Values = append(d.Values, values[i])
		d.Cum = append(d.Cum, c)
	}
	d.Cum[len(d.Cum)-1] = 1
	return d
}

func weight(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}
