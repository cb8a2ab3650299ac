package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// MorrisStep returns the Morris step Δ = p / (2(p − 1)) for p grid levels,
// in unit-hypercube units: with p even, every level plus or minus Δ is
// again a level, and each level is reached equally often (Morris 1991).
func MorrisStep(p int) float64 { return float64(p) / (2 * float64(p-1)) }

// MorrisDesign returns r trajectories of k+1 points each in [0, 1]^k, on a
// grid of p levels {0, 1/(p−1), …, 1} (p even, at least 2; k and r at least
// 1; it panics otherwise). Trajectory t occupies points t(k+1) to
// t(k+1)+k: its first point is a random grid point, and each following
// point moves exactly one factor, in a random order, by ±Δ (MorrisStep),
// every factor once. The result depends only on (k, r, p) and rng.
// It allocates r(k+1) rows of k values.
func MorrisDesign(k, r, p int, rng *rand.Rand) [][]float64 {
	if k < 1 || r < 1 || p < 2 || p%2 != 0 {
		panic(fmt.Sprintf("sensitivity: MorrisDesign(k=%d, r=%d, p=%d): need k, r ≥ 1 and p even ≥ 2", k, r, p))
	}
	delta := MorrisStep(p)
	step := 1 / float64(p-1)
	low := p / 2 // levels 0 … p/2−1 can move up by Δ = (p/2) steps
	pts := make([][]float64, 0, r*(k+1))
	for range r {
		x := make([]float64, k)
		dir := make([]float64, k)
		for i := range x {
			lv := rng.IntN(low)
			if rng.IntN(2) == 0 {
				dir[i] = 1
				x[i] = float64(lv) * step
			} else {
				dir[i] = -1
				x[i] = float64(lv+low) * step
			}
		}
		pts = append(pts, clone(x))
		for _, i := range rng.Perm(k) {
			x[i] = clamp01(x[i] + dir[i]*delta)
			pts = append(pts, clone(x))
		}
	}
	return pts
}

// MorrisEffect holds one factor's Morris statistics over its elementary
// effects EE = Δy / Δx, with Δx in unit-hypercube units (±MorrisStep), so
// effects of factors with different ranges or distributions compare.
type MorrisEffect struct {
	// MuStar is the mean absolute elementary effect μ* (Campolongo et al.
	// 2007): the factor's overall influence, in outcome units per unit of
	// its probability scale.
	MuStar float64
	// MuStarLo and MuStarHi bound μ*'s bootstrap 95% percentile interval.
	MuStarLo, MuStarHi float64
	// Mu is the signed mean effect μ: near 0 with a large μ* means effects
	// of both signs (non-monotone).
	Mu float64
	// Sigma is the sample standard deviation σ of the effects: large
	// against μ* means interactions or non-linearity. NaN for r = 1.
	Sigma float64
}

// Morris computes each factor's elementary effects from a MorrisDesign
// (x, r(k+1) rows in [0, 1]^k, in the design's order) and the outputs y at
// those points, with boot bootstrap resamples of the trajectories (0 for
// no interval; 1000 is usual) drawn from rng. Within each trajectory,
// consecutive points must differ in exactly one coordinate; it returns an
// error otherwise, or when lengths disagree or y holds a NaN.
// Time O(r·k·(k + boot)).
func Morris(x [][]float64, y []float64, k int, boot int, rng *rand.Rand) ([]MorrisEffect, error) {
	if k < 1 || len(x) == 0 || len(x)%(k+1) != 0 || len(y) != len(x) {
		return nil, fmt.Errorf("sensitivity: Morris: %d points and %d outputs for %d factors; want r(k+1) of each", len(x), len(y), k)
	}
	r := len(x) / (k + 1)
	ee := make([][]float64, k) // ee[i][t]: factor i's effect in trajectory t
	for i := range ee {
		ee[i] = make([]float64, r)
	}
	for t := range r {
		seen := make([]bool, k)
		for s := range k {
			a, b := t*(k+1)+s, t*(k+1)+s+1
			if math.IsNaN(y[a]) || math.IsNaN(y[b]) {
				return nil, errors.New("sensitivity: Morris: an output is NaN")
			}
			moved := -1
			for i := range k {
				if x[a][i] != x[b][i] {
					if moved >= 0 {
						return nil, fmt.Errorf("sensitivity: Morris: points %d and %d differ in more than one factor", a, b)
					}
					moved = i
				}
			}
			if moved < 0 || seen[moved] {
				return nil, fmt.Errorf("sensitivity: Morris: trajectory %d does not move each factor once", t)
			}
			seen[moved] = true
			ee[moved][t] = (y[b] - y[a]) / (x[b][moved] - x[a][moved])
		}
	}
	out := make([]MorrisEffect, k)
	for i, e := range ee {
		out[i] = MorrisEffect{MuStar: meanAbs(e), Mu: mean(e), Sigma: sd(e), MuStarLo: math.NaN(), MuStarHi: math.NaN()}
	}
	if boot > 0 {
		stats := make([][]float64, k)
		idx := make([]int, r)
		buf := make([]float64, r)
		for range boot {
			for j := range idx {
				idx[j] = rng.IntN(r)
			}
			for i, e := range ee {
				for j, t := range idx {
					buf[j] = e[t]
				}
				stats[i] = append(stats[i], meanAbs(buf))
			}
		}
		for i := range out {
			out[i].MuStarLo, out[i].MuStarHi = percentileCI(stats[i])
		}
	}
	return out, nil
}

func clone(x []float64) []float64 { return append([]float64(nil), x...) }

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

func mean(xs []float64) float64 {
	s := 0.0
	for _, v := range xs {
		s += v
	}
	return s / float64(len(xs))
}

func meanAbs(xs []float64) float64 {
	s := 0.0
	for _, v := range xs {
		s += math.Abs(v)
	}
	return s / float64(len(xs))
}

// sd is the sample standard deviation (n − 1); NaN below two values.
func sd(xs []float64) float64 {
	if len(xs) < 2 {
		return math.NaN()
	}
	m := mean(xs)
	s := 0.0
	for _, v := range xs {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}
