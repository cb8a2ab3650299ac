package sim

import "math"

// betaRep is a Beta reputation (Jøsang & Ismail 2002): r positive and s
// negative pieces of evidence. Expected trust is
//
//	E = (r + 1) / (r + s + 2)
//
// and evidence fades with a forgetting factor λ per 24 hours:
// r, s ← λ^(Δt/24) · r, s. Because every pair fades at the same rate, a run
// stores evidence scaled to its base time and multiplies by one shared factor
// g = λ^((now − base)/24) when it reads or adds evidence.
type betaRep struct {
	r, s float64
}

// betaFromExpectation returns the reputation with expectation e backed by w
// pieces of evidence (r + s = w), clamping r into [0, w].
func betaFromExpectation(e, w float64) betaRep {
	r := e*(w+2) - 1
	r = math.Max(0, math.Min(w, r))
	return betaRep{r: r, s: w - r}
}

// fade returns the shared forgetting factor g for the run's current time,
// rebasing the stored evidence before g can underflow.
func (r *Run) fade() float64 {
	if r.gNow == r.now {
		return r.g
	}
	r.gNow = r.now
	r.g = math.Exp(r.lambda * float64(r.now-r.base))
	if r.g < 1e-100 {
		for i := range r.trustRep {
			r.trustRep[i].r *= r.g
			r.trustRep[i].s *= r.g
		}
		r.base, r.g = r.now, 1
	}
	return r.g
}

func (r *Run) expect(i int) float64 {
	b := r.trustRep[i]
	g := r.fade()
	return (b.r*g + 1) / ((b.r+b.s)*g + 2)
}

// trust returns the expected trust of from in to at the run's current time.
func (r *Run) trust(from, to int) float64 { return r.expect(from*r.n + to) }

// evidence adds x pieces of evidence to from's trust in to: positive x is
// positive experience, negative x negative experience.
func (r *Run) evidence(from, to int, x float64) {
	if from == to || from < 0 || to < 0 || x == 0 {
		return
	}
	g := r.fade()
	b := &r.trustRep[from*r.n+to]
	if x > 0 {
		b.r += x / g
	} else {
		b.s -= x / g
	}
}

// Trust returns from's expected trust in to now, in [0, 1].
func (r *Run) Trust(from, to int) float64 {
	if from < 0 || to < 0 || from >= r.n || to >= r.n {
		return 0
	}
	if from == to {
		return 1
	}
	return r.trust(from, to)
}
