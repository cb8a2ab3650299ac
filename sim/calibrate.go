package sim

import (
	"fmt"
	"math"
)

// This file checks the forecasts against what happens. Runs are played with
// a policy; at every share decision the answer is forecast, and each
// forecast is later compared with what its own world did: whether the share
// was held in time, and — replaying the same world (common random numbers)
// without that share — how much leak risk it really added.

// CalibrationBin is one bin of forecasts of one figure.
type CalibrationBin struct {
	// Lo and Hi bound the forecasts in the bin: Lo ≤ forecast < Hi.
	Lo, Hi float64
	// N counts the forecasts in the bin.
	N int
	// Forecast is their mean; Realised the mean of what happened (a
	// frequency for P(in time), a mean difference in [−1, 1] for added leak
	// risk).
	Forecast, Realised float64
	// realisedSq sums the squared realisations, for the standard error.
	realisedSq float64
}

// stdErr is the standard error of Realised.
func (b CalibrationBin) stdErr() float64 {
	if b.N < 2 {
		return math.Inf(1)
	}
	n := float64(b.N)
	v := (b.realisedSq/n - b.Realised*b.Realised) * n / (n - 1)
	return math.Sqrt(max(v, 0) / n)
}

// StdErr returns the standard error of the bin's realised mean.
func (b CalibrationBin) StdErr() float64 { return b.stdErr() }

// Gap returns Forecast − Realised.
func (b CalibrationBin) Gap() float64 { return b.Forecast - b.Realised }

// Calibration is the result of Calibrate.
type Calibration struct {
	// InTime bins P(in time) forecasts of the shares sent.
	InTime []CalibrationBin
	// AddedLeak bins added-leak-risk forecasts of the shares sent.
	AddedLeak []CalibrationBin
	// Runs counts the runs played, Decisions the share decisions forecast.
	Runs, Decisions int
}

// CalibrationSpec says what Calibrate plays.
type CalibrationSpec struct {
	Scenarios []*Scenario
	// Policies names the built-in policies that play the player nations.
	Policies []string
	// Runs per scenario and policy, ≥ 1; run i is stream i of Seed.
	Runs int
	// Rollouts per forecast, ≥ 1.
	Rollouts int
	Seed     uint64
	// AsHolder forecasts as the holder (PreviewOptions.AsHolder), as team
	// stations and the desktop decision panel do; false forecasts from the
	// whole state of the run.
	AsHolder bool
}

// inTimeEdges and leakEdges are the bin edges. Added leak risk is small for
// most shares, so its bins are finer near zero.
var (
	inTimeEdges = []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0000001}
	leakEdges   = []float64{-1, 0, 0.01, 0.02, 0.05, 0.1, 0.2, 1.0000001}
)

func newBins(edges []float64) []CalibrationBin {
	out := make([]CalibrationBin, len(edges)-1)
	for i := range out {
		out[i].Lo, out[i].Hi = edges[i], edges[i+1]
	}
	return out
}

// addBin adds a forecast and its realisation to the bin of key, an
// independent forecast of the same figure.
func addBin(bins []CalibrationBin, key, forecast, realised float64) {
	for i := range bins {
		if key >= bins[i].Lo && key < bins[i].Hi {
			bins[i].N++
			bins[i].Forecast += forecast
			bins[i].Realised += realised
			bins[i].realisedSq += realised * realised
			return
		}
	}
}

// pendingShare is a forecast share waiting for its run to end.
type pendingShare struct {
	item, from, to int
	// keyInTime and keyLeak bin the share; pInTime and addedLeak are what
	// is compared (two independent forecasts, see calibrateRun).
	keyInTime, pInTime float64
	keyLeak, addedLeak float64
	leakFrom           int // index into Outcome.Leaks at the decision
	leakedWithout      bool
}

// Calibrate plays spec and bins every forecast against its realisation.
func Calibrate(spec CalibrationSpec) (Calibration, error) {
	c := Calibration{InTime: newBins(inTimeEdges), AddedLeak: newBins(leakEdges)}
	if spec.Runs < 1 || spec.Rollouts < 1 {
		return c, fmt.Errorf("calibrate: runs (%d) and rollouts (%d) must be at least 1", spec.Runs, spec.Rollouts)
	}
	for _, sc := range spec.Scenarios {
		for _, name := range spec.Policies {
			pol, err := NewPolicy(name, nil)
			if err != nil {
				return c, err
			}
			for i := 0; i < spec.Runs; i++ {
				c.calibrateRun(sc, pol, spec, uint64(i))
			}
		}
	}
	for _, bins := range [][]CalibrationBin{c.InTime, c.AddedLeak} {
		for i := range bins {
			if n := float64(bins[i].N); n > 0 {
				bins[i].Forecast /= n
				bins[i].Realised /= n
			}
		}
	}
	return c, nil
}

func (c *Calibration) calibrateRun(sc *Scenario, pol Decider, spec CalibrationSpec, stream uint64) {
	r := NewRun(sc, spec.Seed, stream)
	r.SetQuiet(true)
	c.Runs++
	var pend []pendingShare
	for !r.Done() {
		d := r.Next()
		if d == nil {
			continue
		}
		a := pol.Decide(r, d)
		a.Shares = append([]ShareChoice(nil), a.Shares...) // the policy's answer is scratch memory
		if d.Kind == ShareDecision && len(a.Shares) > 0 {
			c.Decisions++
			// Two independent forecasts from half the rollouts each: one picks
			// the bin, the other is compared with what happened. Binning on
			// the forecast that is compared would bias the check (a noisy
			// forecast that lands in an extreme bin is more often noise:
			// regression to the mean).
			fs := mix(spec.Seed, stream) ^ uint64(d.Seq)<<20
			o := PreviewOptions{AsHolder: spec.AsHolder}
			key := forecast(r, a, max(1, spec.Rollouts/2), fs, o, true)
			p := forecast(r, a, max(1, spec.Rollouts-spec.Rollouts/2), fs+1, o, true)
			for i, pr := range p.Rows {
				if pr.Withheld || pr.Err != nil {
					continue
				}
				// The same world without this share, later decisions by the
				// same policy: what the share really added.
				cf := r.Clone()
				cf.SetQuiet(true)
				var without Answer
				for _, sh := range a.Shares {
					if sh.Recipient != pr.Recipient {
						without.Shares = append(without.Shares, sh)
					}
				}
				nl := len(cf.out.Leaks)
				_ = cf.Answer(without)
				Play(cf, pol)
				pend = append(pend, pendingShare{item: d.Item, from: d.Holder, to: pr.Recipient,
					keyInTime: key.Rows[i].PInTime, pInTime: pr.PInTime, keyLeak: key.Rows[i].Effect.AddedLeak, addedLeak: pr.Effect.AddedLeak,
					leakFrom: nl, leakedWithout: leakedAfter(cf.Outcome(), d.Item, nl)})
			}
		}
		if err := r.Answer(a); err != nil {
			_ = r.Answer(Answer{})
		}
	}
	out := r.Outcome()
	for _, ps := range pend {
		held := 0.0
		for _, dl := range out.Deliveries {
			if dl.Item == ps.item && dl.From == ps.from && dl.To == ps.to && dl.OnTime {
				held = 1
				break
			}
		}
		addBin(c.InTime, ps.keyInTime, ps.pInTime, held)
		addBin(c.AddedLeak, ps.keyLeak, ps.addedLeak, b2f(leakedAfter(out, ps.item, ps.leakFrom))-b2f(ps.leakedWithout))
	}
}

func leakedAfter(o *Outcome, item, from int) bool {
	for _, l := range o.Leaks[from:] {
		if l.Item == item {
			return true
		}
	}
	return false
}

// Worst returns the largest |Forecast − Realised| over bins holding at least
// minN forecasts, in points (×100), and that bin.
func Worst(bins []CalibrationBin, minN int) (float64, CalibrationBin) {
	var worst float64
	var wb CalibrationBin
	for _, b := range bins {
		if b.N >= minN && math.Abs(b.Gap()) > worst {
			worst, wb = math.Abs(b.Gap()), b
		}
	}
	return worst * 100, wb
}

// Merge returns a and b pooled (their bins must have the same edges, as
// every Calibrate result does).
func Merge(a, b Calibration) Calibration {
	out := Calibration{Runs: a.Runs + b.Runs, Decisions: a.Decisions + b.Decisions}
	merge := func(x, y []CalibrationBin) []CalibrationBin {
		if len(x) == 0 {
			return append([]CalibrationBin(nil), y...)
		}
		m := append([]CalibrationBin(nil), x...)
		for i := range m {
			if i >= len(y) {
				break
			}
			n := m[i].N + y[i].N
			if n > 0 {
				m[i].Forecast = (m[i].Forecast*float64(m[i].N) + y[i].Forecast*float64(y[i].N)) / float64(n)
				m[i].Realised = (m[i].Realised*float64(m[i].N) + y[i].Realised*float64(y[i].N)) / float64(n)
			}
			m[i].realisedSq += y[i].realisedSq
			m[i].N = n
		}
		return m
	}
	out.InTime = merge(a.InTime, b.InTime)
	out.AddedLeak = merge(a.AddedLeak, b.AddedLeak)
	return out
}
