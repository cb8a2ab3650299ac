package results

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendNumber: the fast path for whole numbers writes exactly what
// strconv's shortest 'g' form writes, at and around its bounds and for
// random values.
func TestAppendNumber(t *testing.T) {
	t.Parallel()
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 99999, 100000, 999999, -999999, 1e6, -1e6, 1e6 + 1, 123456.5, 1e21, 5e-324, math.MaxFloat64}
	rng := rand.New(rand.NewPCG(3, 3))
	for range 100000 {
		vals = append(vals, float64(rng.IntN(4_000_000)-2_000_000), rng.NormFloat64()*1e3, math.Round(rng.Float64()*100)/4)
	}
	for _, v := range vals {
		if got, want := string(appendNumber(nil, v)), strconv.FormatFloat(v, 'g', -1, 64); got != want {
			t.Fatalf("appendNumber(%v) = %q, strconv writes %q", v, got, want)
		}
	}
}
