package compare

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Level is the confidence level of every interval: 95%.
const Level = 0.95

// Paired is the comparison of one metric between policies A and B on the
// same runs (common random numbers): D_i = A_i − B_i.
type Paired struct {
	// N is the number of pairs.
	N int
	// MeanA, MeanB are the two policies' means; SDA, SDB their sample
	// standard deviations (n − 1).
	MeanA, MeanB, SDA, SDB float64
	// Diff is the mean paired difference, mean(A − B); SD the sample
	// standard deviation of the differences.
	Diff, SD float64
	// Lo, Hi bound the Level confidence interval of Diff:
	//  Diff ± t(1 − α/2, n − 1)·SD/√n   (Student's t).
	Lo, Hi float64
	// T is the paired t statistic Diff/(SD/√n); PT its two-sided p-value
	// (Student's t, n − 1 degrees of freedom).
	T, PT float64
	// W is the Wilcoxon signed-rank statistic W+ (the sum of the ranks of
	// the positive differences; zeros dropped, ties given mid-ranks); NW the
	// number of nonzero differences; PW its two-sided p-value by the normal
	// approximation (see Wilcoxon).
	W  float64
	NW int
	PW float64
	// Dz is Cohen's d_z = Diff/SD (see DzMeaning).
	Dz float64
	// Ratio is the variance reduction pairing buys, (SDA² + SDB²)/SD²
	// (see VarianceRatio).
	Ratio float64
}

// DzMeaning says how to read Cohen's d_z: the mean difference in units of
// the standard deviation of the differences. Cohen (1988) calls |d| ≈ 0.2
// small, 0.5 medium and 0.8 large for two independent groups; for d_z these
// bands are a convention only, since the SD of differences shrinks as
// pairing correlates the runs.
const DzMeaning = "mean difference ÷ SD of the differences: how many SDs of the run-to-run difference the mean difference is (Cohen's rough bands 0.2 small, 0.5 medium, 0.8 large)"

// Compare computes the paired comparison of a and b, which must have the
// same length, at least 2. It sums in index order, so equal inputs give
// bit-identical results. It panics on a length mismatch or fewer than 2
// pairs (a programming error). d is scratch space for the differences, of
// at least len(a) (nil allocates).
func Compare(a, b, d []float64) Paired {
	n := len(a)
	if len(b) != n || n < 2 {
		panic("compare: Compare needs two samples of equal length ≥ 2")
	}
	if cap(d) < n {
		d = make([]float64, n)
	}
	d = d[:n]
	for i := range a {
		d[i] = a[i] - b[i]
	}
	var p Paired
	p.N = n
	p.MeanA, p.SDA = meanSD(a)
	p.MeanB, p.SDB = meanSD(b)
	p.Diff, p.SD = meanSD(d)
	p.Lo, p.Hi, p.T, p.PT = tTest(p.Diff, p.SD, n)
	p.Dz = effect(p.Diff, p.SD)
	p.W, p.NW, p.PW = Wilcoxon(d)
	p.Ratio = VarianceRatio(p.SDA, p.SDB, p.SD)
	return p
}

// meanSD returns the mean and the sample standard deviation (n − 1) of xs,
// summing in index order (two passes, for accuracy).
func meanSD(xs []float64) (mean, sd float64) {
	var s float64
	for _, x := range xs {
		s += x
	}
	mean = s / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// tTest returns the Level interval of the mean difference, the t statistic
// and its two-sided p-value from the mean and SD of n differences. When
// every difference is the same (SD = 0) the interval is that difference, and
// t is 0 with p = 1 if it is zero, ±∞ with p = 0 otherwise.
func tTest(mean, sd float64, n int) (lo, hi, t, p float64) {
	if sd == 0 {
		if mean == 0 {
			return 0, 0, 0, 1
		}
		return mean, mean, math.Inf(int(math.Copysign(1, mean))), 0
	}
	dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}
	se := sd / math.Sqrt(float64(n))
	half := dist.Quantile(1-(1-Level)/2) * se
	t = mean / se
	p = 2 * dist.CDF(-math.Abs(t))
	return mean - half, mean + half, t, math.Min(1, p)
}

// effect returns Cohen's d_z = mean/sd: 0 when every difference is zero,
// ±∞ when every difference is the same nonzero value.
func effect(mean, sd float64) float64 {
	if sd == 0 {
		if mean == 0 {
			return 0
		}
		return math.Inf(int(math.Copysign(1, mean)))
	}
	return mean / sd
}

// Wilcoxon returns the Wilcoxon signed-rank test of the differences d
// against a zero median: W+ (the sum of the ranks of the positive
// differences), the number n of nonzero differences, and the two-sided
// p-value by the normal approximation
//
//	z = (|W+ − n(n+1)/4| − ½) / √(n(n+1)(2n+1)/24 − Σ(t³ − t)/48)
//
// with these corrections: zero differences are dropped before ranking
// (Wilcoxon's own treatment, R's wilcox.test and scipy's zero_method
// "wilcox"); tied |d| get their mid-rank and the variance is reduced by
// Σ(t³ − t)/48 over the tie groups of size t; ½ is the continuity
// correction (R's correct = TRUE). With no nonzero difference p is 1. The
// normal approximation is what R uses with ties or zeros, and is close to
// exact from n ≈ 20 on (Hollander & Wolfe, Nonparametric Statistical
// Methods, 1973, §3.1). It sorts a copy of d: O(n log n).
func Wilcoxon(d []float64) (w float64, n int, p float64) {
	abs := make([]float64, 0, len(d))
	for _, x := range d {
		if x != 0 {
			abs = append(abs, x)
		}
	}
	n = len(abs)
	if n == 0 {
		return 0, 0, 1
	}
	sort.Slice(abs, func(i, j int) bool { return math.Abs(abs[i]) < math.Abs(abs[j]) })
	var ties float64 // Σ(t³ − t)
	for i := 0; i < n; {
		j := i + 1
		for j < n && math.Abs(abs[j]) == math.Abs(abs[i]) {
			j++
		}
		rank := float64(i+j+1) / 2 // mid-rank of positions i+1 … j
		for k := i; k < j; k++ {
			if abs[k] > 0 {
				w += rank
			}
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	fn := float64(n)
	mu := fn * (fn + 1) / 4
	v := fn*(fn+1)*(2*fn+1)/24 - ties/48
	if v <= 0 {
		return w, n, 1
	}
	z := math.Max(0, math.Abs(w-mu)-0.5) / math.Sqrt(v) // ½: continuity correction
	p = 2 * distuv.UnitNormal.CDF(-z)
	return w, n, math.Min(1, p)
}

// VarianceRatio returns how much pairing reduces the variance of the
// estimated difference of means against two independent samples of the same
// size n:
//
//	Var(mean A − mean B, unpaired) / Var(mean(A − B), paired) = (s_A² + s_B²)/s_D²
//
// A ratio r means the paired design matches an unpaired one with r·n runs
// per policy. It is +Inf when the differences are all equal but the
// policies vary (pairing removes all the noise), and NaN when nothing varies.
func VarianceRatio(sdA, sdB, sdD float64) float64 {
	num := sdA*sdA + sdB*sdB
	if sdD == 0 {
		if num == 0 {
			return math.NaN()
		}
		return math.Inf(1)
	}
	return num / (sdD * sdD)
}

// Holm returns the Holm–Bonferroni adjusted p-values of p (Holm 1979, "A
// simple sequentially rejective multiple test procedure", Scand. J. Statist.
// 6:65–70): with p sorted ascending as p(1) ≤ … ≤ p(m),
//
//	p̃(i) = min(1, max_{j ≤ i} (m − j + 1)·p(j))
//
// in the input order. Rejecting where p̃ ≤ α controls the family-wise error
// rate at α. NaN p-values are left NaN and not counted in m. Ties keep their
// input order (a stable sort), so the result is deterministic.
func Holm(p []float64) []float64 {
	out := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		out[i] = math.NaN()
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	m := len(idx)
	run := 0.0
	for j, i := range idx {
		run = math.Max(run, float64(m-j)*p[i])
		out[i] = math.Min(1, run)
	}
	return out
}
