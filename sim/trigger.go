package sim

import (
	"math"

	"tearline/scenario"
)

// This file runs conditional injects and events (`when`). From the inject's
// or event's at on, the run checks every condition not yet met before each
// step it takes — after each engine event and after each answer — and once
// more, last of all, at at itself and at every deadline a held(…, by T) or
// missed(…, by T) names. The first time a condition holds the inject or
// event is scheduled at that time plus the delay.
//
// An event then happens with its probability, drawn from the event's own
// stream (as for a scheduled event), so two runs of one world that both meet
// the condition agree on whether it happens. A condition that watches trust
// is checked at those same steps, so a threshold crossed only by slow
// forgetting is noticed at the next step.

// evCheckSeq is the sequence number of deadline checks: the largest there
// is, so that a check runs after everything else scheduled for its time
// (a held(…, by T) met exactly at T counts as held).
const evCheckSeq = math.MaxUint64

// scheduleChecks adds a check at each time a condition names and at each
// conditional inject's or event's at (when it starts to be watched).
func (r *Run) scheduleChecks() {
	sc := r.sc
	if sc.WatchesTrust {
		r.q.push(event{t: 0, seq: evCheckSeq, kind: evCheck})
	}
	for _, t := range sc.CheckTimes {
		if t <= sc.End() {
			r.q.push(event{t: t, seq: evCheckSeq, kind: evCheck})
		}
	}
}

// checkTriggers schedules every conditional inject and event whose
// condition holds now for the first time.
func (r *Run) checkTriggers() {
	sc := r.sc
	for k, ref := range sc.Triggers {
		if r.trig[k] >= 0 {
			continue
		}
		t, from := sc.WhenOf(ref)
		if r.now < from || !r.met(&t.Root) {
			continue
		}
		r.trig[k] = r.now
		r.trigLeft--
		at := r.now + t.Delay
		if at > sc.End() {
			continue
		}
		if !ref.Event {
			r.schedule(at, evInject, ref.Index, 0, 0)
			continue
		}
		if ev := &sc.Events[ref.Index]; ev.Probability >= 1 || r.draws(pEventFate, uint64(ref.Index), 0, 0, 0).Float64() < ev.Probability {
			r.schedule(at, evEvent, ref.Index, 0, 0)
		}
	}
}

// met evaluates a compiled condition on the run's state now.
func (r *Run) met(n *scenario.Cond) bool {
	switch n.Op {
	case scenario.CondAnd:
		for i := range n.Kids {
			if !r.met(&n.Kids[i]) {
				return false
			}
		}
		return true
	case scenario.CondOr:
		for i := range n.Kids {
			if r.met(&n.Kids[i]) {
				return true
			}
		}
		return false
	case scenario.CondStruck:
		for _, tr := range r.out.Threats {
			if tr.Threat == n.A && !tr.Averted && (n.B < 0 || tr.Target == n.B) {
				return true
			}
		}
		return false
	case scenario.CondAverted:
		seen := false
		for _, tr := range r.out.Threats {
			if tr.Threat == n.A && (n.B < 0 || tr.Target == n.B) {
				if !tr.Averted {
					return false
				}
				seen = true
			}
		}
		return seen
	case scenario.CondLeaked:
		for _, l := range r.out.Leaks {
			if l.Item == n.A {
				return true
			}
		}
		return false
	case scenario.CondBurned:
		return r.burned[n.A]
	case scenario.CondHappened:
		return r.evFired[n.A]
	case scenario.CondHeld:
		return r.heldBy(n)
	case scenario.CondMissed:
		return r.now >= n.By && !r.heldBy(n)
	case scenario.CondTrust:
		t := r.trust(n.A, n.B)
		switch n.Cmp {
		case "<":
			return t < n.X
		case "<=":
			return t <= n.X
		case ">":
			return t > n.X
		default:
			return t >= n.X
		}
	}
	return false
}

// heldBy reports whether nation n.A holds inject n.B, by n.By if the atom
// has a deadline (always for missed).
func (r *Run) heldBy(n *scenario.Cond) bool {
	h := r.h(n.B, n.A)
	return h.form != Withhold && (!n.HasBy && n.Op == scenario.CondHeld || h.held <= n.By)
}

// Triggered reports, for the conditional inject or event with the given
// id, whether its condition has held, and when (exercise hours). It returns
// false for an id with no condition.
func (r *Run) Triggered(id string) (Hours, bool) {
	sc := r.sc
	for k, ref := range sc.Triggers {
		if sc.ID(ref) == id && r.trig[k] >= 0 {
			return r.trig[k], true
		}
	}
	return 0, false
}
