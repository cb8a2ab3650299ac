package report

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRanks(t *testing.T) {
	t.Parallel()
	got := Ranks([]float64{10, 30, 20, 20, 5})
	// 5 is 1st, 10 2nd, the two 20s share 3rd and 4th (3.5), 30 is 5th.
	if want := []float64{2, 5, 3.5, 3.5, 1}; !slices.Equal(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

func TestPRCC(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 2000 // samples: PRCC's standard error is about 1/sqrt(n) ≈ 0.02
	x1, x2, x3, y := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range y {
		x1[i], x2[i], x3[i] = rng.Float64(), rng.Float64(), rng.Float64()
		// y rises with x1, falls with x2 (weaker, monotone but not linear) and ignores x3.
		y[i] = 3*x1[i] - math.Exp(x2[i]) + 0.3*rng.NormFloat64()
	}
	got := PRCC([][]float64{x1, x2, x3}, y)
	if got[0] < 0.8 || got[1] > -0.4 || math.Abs(got[2]) > 0.1 {
		t.Fatalf("PRCC = %v; want strongly positive, negative, about 0", got)
	}
	// A constant factor has no PRCC; the others still do.
	c := make([]float64, n)
	got = PRCC([][]float64{x1, c}, y)
	if got[0] < 0.8 || !math.IsNaN(got[1]) {
		t.Fatalf("with a constant factor: %v", got)
	}
	// Too few samples.
	if got := PRCC([][]float64{x1[:3]}, y[:3]); !math.IsNaN(got[0]) {
		t.Fatalf("3 samples: %v", got)
	}
}
