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

func TestBootstrap(t *testing.T) {
	t.Parallel()
	// Known answer: 50 zeros and 50 ones. A resample's mean is exactly
	// Binomial(100, 1/2)/100, whose 2.5th and 97.5th percentiles are 0.40
	// and 0.60 (P(X ≤ 39) = 0.018 < 0.025 < P(X ≤ 40) = 0.028, and
	// symmetrically). With 20,000 resamples (expected counts 352 and 568
	// around rank 500, sd about 20) the percentiles land on them.
	half := make([]float64, 100)
	for i := 50; i < 100; i++ {
		half[i] = 1
	}
	constant := []float64{0.3, 0.3, 0.3, 0.3}
	mean := func(xs []float64) func([]int) float64 {
		return func(idx []int) float64 {
			s := 0.0
			for _, i := range idx {
				s += xs[i]
			}
			return s / float64(len(idx))
		}
	}
	for _, tt := range []struct {
		name      string
		n, b      int
		stat      func([]int) float64
		lo, hi    float64
		wantValid int
	}{
		{"binomial", 100, 20000, mean(half), 0.40, 0.60, 20000},
		{"constant", 4, 100, mean(constant), 0.3, 0.3, 100},
		{"always NaN", 4, 100, func([]int) float64 { return math.NaN() }, math.NaN(), math.NaN(), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lo, hi, valid := BootstrapPercentile(tt.n, tt.b, rand.New(rand.NewPCG(7, 7)), tt.stat)
			if valid != tt.wantValid || !same(lo, tt.lo) || !same(hi, tt.hi) {
				t.Errorf("got [%v, %v] from %d valid; want [%v, %v] from %d", lo, hi, valid, tt.lo, tt.hi, tt.wantValid)
			}
		})
	}
}

// same compares to 1e-12 (rounding of a sum of 100 values); NaNs match.
func same(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) < 1e-12
}

func TestPRCCBootstrap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 3))
	const n = 24 // units, as the design points of docs/batch.md's leak-doctrine example
	x1, x2, y := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range y {
		x1[i], x2[i] = rng.Float64(), rng.Float64()
		y[i] = -2*x1[i] + 0.2*rng.NormFloat64() // falls with x1; x2 plays no part
	}
	const b = 1000 // the report's default
	run := func() []PRCCInterval {
		return PRCCBootstrap([][]float64{x1, x2}, y, b, rand.New(rand.NewPCG(9, 9)))
	}
	got := run()
	if v := got[0]; !(v.Lo <= v.PRCC && v.PRCC <= v.Hi && v.Hi < -0.5) {
		t.Errorf("x1: %+v; want a strongly negative PRCC inside an interval below −0.5", v)
	}
	if v := got[1]; !(v.Lo < 0 && 0 < v.Hi) {
		t.Errorf("x2: %+v; want an interval that straddles 0", v)
	}
	if again := run(); !slices.Equal(got, again) {
		t.Errorf("not reproducible from the same seed: %v then %v", got, again)
	}
	// Too few units for a PRCC (2 factors need 5): no estimate, no interval.
	few := PRCCBootstrap([][]float64{x1[:4], x2[:4]}, y[:4], b, rand.New(rand.NewPCG(9, 9)))
	if !math.IsNaN(few[0].PRCC) || !math.IsNaN(few[0].Lo) {
		t.Errorf("4 units: %+v; want NaN", few)
	}
}

func TestPRCCOneFactor(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4, 5}, []float64{1, 4, 9, 16, 25}, 1},    // monotone: Spearman 1
		{[]float64{1, 2, 3, 4, 5}, []float64{5, 4, 3, 2, 1}, -1},     // reversed: −1
		{[]float64{1, 2, 3, 4, 5}, []float64{1, 2, 3, 5, 4}, 0.9},    // one swap: 1 − 6·2/(5·24) = 0.9
		{[]float64{1, 1, 2, 2, 3}, []float64{1, 2, 3, 4, 5}, 0.9487}, // ties: ranks 1.5,1.5,3.5,3.5,5 vs 1..5, r = 0.9487
	} {
		if got := PRCC([][]float64{tt.x}, tt.y)[0]; math.Abs(got-tt.want) > 1e-4 { // 1e-4: the hand values' 4 decimals
			t.Errorf("PRCC(%v, %v) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
}
