package sim

import (
	"math"

	"tearline/scenario"
)

// betaRep is trust evidence: a Beta reputation (scenario.Beta) of R
// positive and S negative pieces of evidence. Expected trust is
//
//	E = (R + 1) / (R + S + 2)
//
// and evidence fades with a forgetting factor λ per 24 hours:
// R, S ← λ^(Δt/24) · R, S. Because every pair fades at the same rate, a run
// stores evidence scaled to its base time and multiplies by one shared factor
// g = λ^((now − base)/24) when it reads or adds evidence.
type betaRep = scenario.Beta

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
			r.trustRep[i].R *= r.g
			r.trustRep[i].S *= r.g
		}
		r.base, r.g = r.now, 1
	}
	return r.g
}

func (r *Run) expect(i int) float64 {
	b := r.trustRep[i]
	g := r.fade()
	return (b.R*g + 1) / ((b.R+b.S)*g + 2)
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
		b.R += x / g
	} else {
		b.S -= x / g
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
