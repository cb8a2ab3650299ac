package experiment

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/gonum/stat/sampleuv"
)

// lhsStream is the PCG stream the Latin hypercube draws from. Runs use
// streams 0, 1, 2, ...; this one is far above any run index (MaxRuns).
const lhsStream = 1 << 62

// LatinHypercube returns n design points over the factors' distributions
// (Factor.Dist; uniform over [Min, Max] without one): each factor's
// probability scale is cut into n equal-probability strata, mapped to
// values by the distribution's quantile function, every
// stratum is sampled exactly once, and the strata are paired across factors
// by independent random permutations (gonum sampleuv.LatinHypercube per
// factor). Integer factors are rounded to whole numbers. The result depends
// only on (factors, n, seed).
func LatinHypercube(factors []Factor, n int, seed uint64) [][]float64 {
	pts := make([][]float64, n)
	for i := range pts {
		pts[i] = make([]float64, len(factors))
	}
	src := rand.NewPCG(seed, lhsStream)
	col := make([]float64, n)
	for j, f := range factors {
		sampleuv.LatinHypercube{Q: distuv.Uniform{Min: 0, Max: 1}, Src: src}.Sample(col)
		for i, u := range col {
			pts[i][j] = f.value(u)
		}
	}
	return pts
}
