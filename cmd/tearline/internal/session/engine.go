package session

import (
	"fmt"

	"tearline/sim"
)

// engine is what the host needs from a run: runEngine adapts a *sim.Run,
// sequential (one pending decision at a time) or parallel (several open at
// one instant, one per holder; see sim.Run.SetParallel).
type engine interface {
	// run is the run itself, for views and the console.
	run() *sim.Run
	// open lists the decisions open now that still need an answer, in Seq
	// order (in parallel mode an answered one is held, not open).
	open() []*sim.Decision
	// openRun is the run as open decision seq sees it (it is pending
	// there): decide and forecast it on this, never change it. nil when seq
	// is not open.
	openRun(seq int) *sim.Run
	// answer answers open decision seq; an invalid answer changes nothing.
	answer(seq int, a sim.Answer) error
	// advanceTo advances up to t, stopping where decisions open.
	advanceTo(t sim.Hours)
	// fire fires an on-demand inject or event now.
	fire(id string) error
	// adjustTrust moves from's trust in to by delta.
	adjustTrust(from, to int, delta float64) error
	// reveal hands nation the item.
	reveal(nation, item int) error
}

// runEngine drives a *sim.Run.
type runEngine struct{ r *sim.Run }

func newEngine(sc *sim.Scenario, seed uint64, parallel bool) *runEngine {
	r := sim.NewRun(sc, seed, 0)
	r.SetParallel(parallel)
	return &runEngine{r: r}
}

func (e *runEngine) run() *sim.Run { return e.r }

func (e *runEngine) open() []*sim.Decision {
	all := e.r.Open()
	out := all[:0:0]
	for _, d := range all {
		if !e.r.Answered(d.Seq) {
			out = append(out, d)
		}
	}
	return out
}

func (e *runEngine) openRun(seq int) *sim.Run {
	if e.r.Answered(seq) {
		return nil
	}
	return e.r.OpenRun(seq)
}

func (e *runEngine) answer(seq int, a sim.Answer) error {
	if e.r.OpenRun(seq) == nil || e.r.Answered(seq) {
		return fmt.Errorf("decision %d is not open", seq)
	}
	return e.r.AnswerSeq(seq, a)
}

func (e *runEngine) advanceTo(t sim.Hours) { e.r.AdvanceTo(t) }

func (e *runEngine) fire(id string) error { return e.r.Fire(id) }

func (e *runEngine) adjustTrust(from, to int, delta float64) error {
	return e.r.AdjustTrust(from, to, delta)
}

func (e *runEngine) reveal(nation, item int) error { return e.r.Reveal(nation, item) }
