package balance

import (
	"encoding/json"
	"math"
	"strconv"
)

// z975 is the standard normal 97.5th percentile: the multiplier of a
// two-sided 95% interval.
const z975 = 1.959963984540054

// Wilson95 returns the 95% Wilson score interval (Wilson 1927) of a
// proportion p observed over n trials:
//
//	centre = (p + z²/2n) / (1 + z²/n)
//	half   = z·√(p(1 − p)/n + z²/4n²) / (1 + z²/n)
//
// with z the normal 97.5th percentile, clamped to [0, 1]. NaN, NaN when n
// is 0. p need not be k/n for a whole k (a mean of values in [0, 1]).
func Wilson95(p float64, n int64) (lo, hi float64) {
	if n <= 0 || math.IsNaN(p) {
		return math.NaN(), math.NaN()
	}
	nf := float64(n)
	z2 := z975 * z975
	den := 1 + z2/nf
	c := (p + z2/(2*nf)) / den
	h := z975 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / den
	return math.Max(0, c-h), math.Min(1, c+h)
}

// Num is a float64 that JSON writes as null when it is NaN or infinite
// (encoding/json refuses them).
type Num float64

// MarshalJSON writes the number in its shortest exact form, or null.
func (x Num) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number, or null as NaN.
func (x *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = Num(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*x = Num(f)
	return nil
}

// Estimate is a mean or a rate with its 95% interval.
type Estimate struct {
	// Policy is the policy it is about ("" for a difference of two).
	Policy string `json:"policy,omitempty"`
	// Value is the mean over the runs (a rate, for 0/1 values).
	Value Num `json:"value"`
	// Lo and Hi bound its 95% interval.
	Lo Num `json:"lo"`
	Hi Num `json:"hi"`
	// N is the number of runs with a value.
	N int64 `json:"n"`
}

// rate returns the Wilson estimate of a rate from a sum of values in
// [0, 1] over n runs.
func rate(sum float64, n int64) Estimate {
	if n == 0 {
		nan := Num(math.NaN())
		return Estimate{Value: nan, Lo: nan, Hi: nan}
	}
	p := sum / float64(n)
	lo, hi := Wilson95(p, n)
	return Estimate{Value: Num(p), Lo: Num(lo), Hi: Num(hi), N: n}
}
