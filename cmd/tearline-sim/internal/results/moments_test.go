package results

import (
	"math"
	"testing"
)

func TestMoments(t *testing.T) {
	t.Parallel()
	for i, tt := range []struct {
		xs               []float64
		n                int64
		mean, sd, halfCI float64
	}{
		// By hand: mean 3, sd √2.5, half-width t(0.975, 4)·sd/√5 with
		// t(0.975, 4) = 2.776445105 (any t table) = 1.963243161.
		{[]float64{1, 2, 3, 4, 5}, 5, 3, math.Sqrt(2.5), 1.963243161},
		// NaN is ignored; one value has no sd and no interval.
		{[]float64{7, math.NaN()}, 1, 7, math.NaN(), math.NaN()},
		// Empty: everything undefined.
		{nil, 0, math.NaN(), math.NaN(), math.NaN()},
		// Constant: sd and interval 0.
		{[]float64{2, 2, 2}, 3, 2, 0, 0},
	} {
		var m Moments
		for _, x := range tt.xs {
			m.Add(x)
		}
		lo, hi := m.CI95()
		if m.N() != tt.n || !near(m.Mean(), tt.mean) || !near(m.SD(), tt.sd) || !near(m.HalfWidth95(), tt.halfCI) ||
			!near(hi-lo, 2*tt.halfCI) {
			t.Errorf("%d: n %d mean %v sd %v half %v [%v, %v]; want %d %v %v %v", i, m.N(), m.Mean(), m.SD(), m.HalfWidth95(), lo, hi,
				tt.n, tt.mean, tt.sd, tt.halfCI)
		}
	}
}

// near compares to 1e-9 (the hand values above carry 10 significant
// digits); two NaNs are near.
func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func TestT975(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ df, want float64 }{
		{1, 12.70620474}, // t tables: t(0.975, 1)
		{10, 2.228138852},
		{1e9, 1.959963985}, // the normal 97.5th percentile in the limit
	} {
		if got := T975(tt.df); math.Abs(got-tt.want) > 1e-6 { // 1e-6: the tables' precision
			t.Errorf("T975(%v) = %v, want %v", tt.df, got, tt.want)
		}
	}
}

func TestRunsNeeded(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ sd, w, want float64 }{
		// By hand: t(0.975, 5)/√6 = 2.5706/2.4495 = 1.049 > 1, and
		// t(0.975, 6)/√7 = 2.4469/2.6458 = 0.925 ≤ 1, so 7 runs.
		{1, 1, 7},
		{0, 0.01, 1}, // no variation: one run says it all
		{1, 0, math.NaN()},
		{math.NaN(), 1, math.NaN()},
	} {
		if got := RunsNeeded(tt.sd, tt.w); !near(got, tt.want) {
			t.Errorf("RunsNeeded(%v, %v) = %v, want %v", tt.sd, tt.w, got, tt.want)
		}
	}
	// The defining property, on shares and counts of the sizes a batch
	// sees: n reaches the half-width and n − 1 does not.
	for _, tt := range []struct{ sd, w float64 }{{0.5, 0.01}, {0.2, 0.01}, {3, 0.05}, {0.05, 0.01}, {1, 0.3}} {
		n := RunsNeeded(tt.sd, tt.w)
		half := func(n float64) float64 { return T975(n-1) * tt.sd / math.Sqrt(n) }
		if half(n) > tt.w || (n > 2 && half(n-1) <= tt.w) {
			t.Errorf("RunsNeeded(%v, %v) = %v: half-width %v there, %v at n−1", tt.sd, tt.w, n, half(n), half(n-1))
		}
	}
}
