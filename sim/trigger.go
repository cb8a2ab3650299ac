package sim

import "math"

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
	if sc.trustTriggers {
		r.q.push(event{t: 0, seq: evCheckSeq, kind: evCheck})
	}
	for _, t := range sc.timeAtoms {
		if t <= sc.end {
			r.q.push(event{t: t, seq: evCheckSeq, kind: evCheck})
		}
	}
}

// checkTriggers schedules every conditional inject and event whose
// condition holds now for the first time.
func (r *Run) checkTriggers() {
	sc := r.sc
	for k, ref := range sc.triggers {
		if r.trig[k] >= 0 {
			continue
		}
		t, from := sc.whenOf(ref)
		if r.now < from || !r.met(&t.root) {
			continue
		}
		r.trig[k] = r.now
		r.trigLeft--
		at := r.now + t.Delay
		if at > sc.end {
			continue
		}
		if !ref.event {
			r.schedule(at, evInject, ref.index, 0, 0)
			continue
		}
		if ev := &sc.Events[ref.index]; ev.Probability >= 1 || r.draws(pEventFate, uint64(ref.index), 0, 0, 0).Float64() < ev.Probability {
			r.schedule(at, evEvent, ref.index, 0, 0)
		}
	}
}

// met evaluates a compiled condition on the run's state now.
func (r *Run) met(n *cnode) bool {
	switch n.op {
	case CondAnd:
		for i := range n.kids {
			if !r.met(&n.kids[i]) {
				return false
			}
		}
		return true
	case CondOr:
		for i := range n.kids {
			if r.met(&n.kids[i]) {
				return true
			}
		}
		return false
	case CondStruck:
		for _, tr := range r.out.Threats {
			if tr.Threat == n.a && !tr.Averted && (n.b < 0 || tr.Target == n.b) {
				return true
			}
		}
		return false
	case CondAverted:
		seen := false
		for _, tr := range r.out.Threats {
			if tr.Threat == n.a && (n.b < 0 || tr.Target == n.b) {
				if !tr.Averted {
					return false
				}
				seen = true
			}
		}
		return seen
	case CondLeaked:
		for _, l := range r.out.Leaks {
			if l.Item == n.a {
				return true
			}
		}
		return false
	case CondBurned:
		return r.burned[n.a]
	case CondHappened:
		return r.evFired[n.a]
	case CondHeld:
		return r.heldBy(n)
	case CondMissed:
		return r.now >= n.by && !r.heldBy(n)
	case CondTrust:
		t := r.trust(n.a, n.b)
		switch n.cmp {
		case "<":
			return t < n.x
		case "<=":
			return t <= n.x
		case ">":
			return t > n.x
		default:
			return t >= n.x
		}
	}
	return false
}

// heldBy reports whether nation n.a holds inject n.b, by n.by if the atom
// has a deadline (always for missed).
func (r *Run) heldBy(n *cnode) bool {
	h := r.h(n.b, n.a)
	return h.form != Withhold && (!n.hasB && n.op == CondHeld || h.held <= n.by)
}

// Triggered reports, for the conditional inject or event with the given
// id, whether its condition has held, and when (exercise hours). It returns
// false for an id with no condition.
func (r *Run) Triggered(id string) (Hours, bool) {
	sc := r.sc
	for k, ref := range sc.triggers {
		var name string
		if ref.event {
			name = sc.Events[ref.index].ID
		} else {
			name = sc.Items[ref.index].ID
		}
		if name == id && r.trig[k] >= 0 {
			return r.trig[k], true
		}
	}
	return 0, false
}
