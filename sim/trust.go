package sim

import "math"

// betaRep is a Beta reputation (Jøsang & Ismail 2002): r positive and s
// negative pieces of evidence, last brought up to date at time t. Expected
// trust is
//
//	E = (r + 1) / (r + s + 2)
//
// and evidence fades with a forgetting factor λ per 24 hours:
// r, s ← λ^(Δt/24) · r, s.
type betaRep struct {
	r, s float64
	t    Hours
}

// betaFromExpectation returns the reputation with expectation e backed by w
// pieces of evidence (r + s = w), clamping r into [0, w].
func betaFromExpectation(e, w float64) betaRep {
	r := e*(w+2) - 1
	r = math.Max(0, math.Min(w, r))
	return betaRep{r: r, s: w - r}
}

func (b betaRep) expect() float64 { return (b.r + 1) / (b.r + b.s + 2) }

// at returns b faded to time now.
func (b betaRep) at(now Hours, lambda float64) betaRep {
	if now <= b.t || lambda >= 1 {
		b.t = max(b.t, now)
		return b
	}
	f := math.Pow(lambda, float64(now-b.t)/24)
	return betaRep{r: b.r * f, s: b.s * f, t: now}
}

// trust returns the expected trust of from in to at the run's current time.
func (r *Run) trust(from, to int) float64 {
	return r.trustRep[from*r.n+to].at(r.now, r.lambda).expect()
}

// evidence adds x pieces of evidence to from's trust in to: positive x is
// positive experience, negative x negative experience.
func (r *Run) evidence(from, to int, x float64) {
	if from == to || from < 0 || to < 0 || x == 0 {
		return
	}
	b := r.trustRep[from*r.n+to].at(r.now, r.lambda)
	if x > 0 {
		b.r += x
	} else {
		b.s -= x
	}
	r.trustRep[from*r.n+to] = b
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
