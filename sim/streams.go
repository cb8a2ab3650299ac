package sim

import (
	"math"
	"math/rand/v2"

	"tearline/scenario"

	"gonum.org/v1/gonum/stat/distuv"
)

// This file holds the run's common random numbers: every random quantity is
// drawn from a stream keyed by what it is for, not from one sequence. Two runs
// with the same (seed, stream) but different decisions therefore see the same
// world wherever the decisions do not change it: the same event fates, the
// same delays and leak clocks for the shares both make, the same luck against
// each threat.

// purpose names what a keyed stream is drawn for. The values are part of the
// model's reproducibility: changing one changes every run.
type purpose uint64

const (
	pEventFate     purpose = iota + 1 // a: event; happens?, then when in its window
	pApproval                         // a: item, b: from·to, c: attempt; approval delays, then refusal
	pWire                             // same keys; wire, gateway and translation delays, garbles
	pIntercept                        // same keys, d: transmission; interception on the wire
	pInterceptBurn                    // same keys; does the interception burn the source?
	pAnalysis                         // same keys; the recipient's analysis time
	pLeakClock                        // a: item, b: nation, c: form; time to a leak from that holder
	pLeakOutcome                      // same keys; attribution, then burn
	pThreat                           // a: threat, b: target; the luck against it
)

// splitmix64 is the finaliser of Steele, Lea and Flood's SplitMix64
// (OOPSLA 2014): a bijective mix of 64 bits with good avalanche.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// mix combines a running key h with one more word x.
func mix(h, x uint64) uint64 { return splitmix64(h ^ splitmix64(x)) }

// worldKey is the key of the world a run plays in: run stream of a batch
// with the given seed.
func worldKey(seed, stream uint64) uint64 { return mix(mix(0x7ea71e, seed), stream) }

// pair packs two nation indices into one key word.
func pair(from, to int) uint64 { return uint64(uint32(from))<<32 | uint64(uint32(to)) }

// redrawTries bounds the rejection sampling a forecast does to redraw a
// delay known to be longer than what has elapsed; past it the delay ends now.
const redrawTries = 64

// draws reseeds the run's keyed stream for purpose p and ids a…d and returns
// it. The stream is valid until the next call of draws.
func (r *Run) draws(p purpose, a, b, c, d uint64) *rand.Rand {
	r.ndraws++
	h := mix(r.world, uint64(p)|r.try<<16)
	r.kpcg.Seed(h, mix(mix(mix(mix(h, a), b), c), d))
	return r.krng
}

// shareDraws is draws for one share: item it from → to, attempt k.
func (r *Run) shareDraws(p purpose, tr *transit, d uint64) *rand.Rand {
	return r.draws(p, uint64(tr.item), pair(int(tr.from), int(tr.to)), uint64(tr.attempt), d)
}

// draw samples a delay from the current keyed stream: log-normal with
// μ = ln(median) and σ = (ln(p90) − μ) / z90, or the median itself when p90
// equals it.
func (r *Run) draw(d Delay) Hours {
	if d.Median <= 0 {
		return 0
	}
	if d.P90 <= d.Median {
		return Hours(d.Median)
	}
	mu, sigma := d.LogNormal()
	x := distuv.LogNormal{Mu: mu, Sigma: sigma, Src: &r.kpcg}.Rand()
	// An extreme spread can overflow; no delay exceeds the longest exercise.
	if !(x <= scenario.MaxHours) {
		return scenario.MaxHours
	}
	return Hours(x)
}

// drawAtLeast samples delay d conditioned on being more than elapsed hours,
// by inverting the log-normal's distribution function over the part above
// elapsed. A forecast uses it for a delay that is known to be running but not
// how long it will take.
func (r *Run) drawAtLeast(d Delay, elapsed Hours) Hours {
	if d.Median <= 0 || d.P90 <= d.Median {
		return max(r.draw(d), elapsed)
	}
	mu, sigma := d.LogNormal()
	ln := distuv.LogNormal{Mu: mu, Sigma: sigma}
	lo := 0.0
	if elapsed > 0 {
		lo = ln.CDF(float64(elapsed))
	}
	u := lo + (1-lo)*r.krng.Float64()
	if u >= 1 {
		return max(elapsed, Hours(math.Nextafter(float64(elapsed), math.Inf(1))))
	}
	x := ln.Quantile(u)
	if !(x <= scenario.MaxHours) {
		return scenario.MaxHours
	}
	return max(elapsed, Hours(x))
}
