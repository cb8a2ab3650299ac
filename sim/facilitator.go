package sim

import (
	"fmt"
	"math"

	"tearline/scenario"
)

// This file holds the facilitator's actions beyond on-demand fires
// (fires.go, Run.Fire): adjusting one nation's trust in another and
// revealing an item to a nation. Each is a scheduled engine event at the
// instant it is given, ordered after everything else the run holds for that
// instant (lateSeq), so where it falls among decisions and their immediate
// consequences depends only on the instant and the order the actions were
// given — which is what a decision log records — never on when, within the
// instant, the host happened to call. A run that keeps a journal (Record)
// logs each with its instant.

// lateSeq is the first sequence number of facilitator actions: above every
// engine event's (they count up from 1) and below a condition's deadline
// check (evCheckSeq), so an action runs after everything else scheduled for
// its instant and before the checks of that instant.
const lateSeq = 1 << 63

// Trust adjustments stop 1% short of certainty: a Beta expectation is never 0
// or 1, and reaching 0.99 already takes about a hundred times the evidence
// the truster holds.
const (
	trustFloor = 0.01
	trustCeil  = 0.99
)

// scheduleLate schedules a facilitator action now, after everything else
// scheduled for this instant and after the actions given before it.
func (r *Run) scheduleLate(k evKind, a, b, c int) {
	r.late++
	r.q.push(event{t: r.now, seq: lateSeq + r.late, kind: k, a: int32(a), b: int32(b), c: int32(c)})
}

// Record makes the run keep a journal in l: from now on every answer applied
// to a decision (in the order applied, which in parallel mode is Seq order
// and leaves out answers dropped when a decision is opened again) and every
// facilitator action given (Fire, AdjustTrust, Reveal, with its instant, in
// the order given) is added to l, with the scenario and seed when l has none.
// A nil l stops the journal. Clones do not keep it. The journal replays with
// PlayLog to the same outcome.
func (r *Run) Record(l *DecisionLog) {
	r.journal = l
	if l != nil && l.ScenarioHash == "" {
		l.Scenario, l.ScenarioHash, l.Seed = r.sc.Name, r.sc.Hash, r.seed
	}
}

func (r *Run) journalFire(id string) {
	if r.journal != nil {
		r.journal.AddFire(id, r.now)
	}
}

// checkAct reports whether a facilitator action can be given now.
func (r *Run) checkAct() error {
	if r.done || r.now >= r.sc.End() {
		return fmt.Errorf("the exercise has ended")
	}
	return nil
}

// applyNow applies the actions just given at once when no decision is open
// (the run processes what it holds for this instant; the clock does not move).
func (r *Run) applyNow() {
	if r.Pending() == nil {
		r.AdvanceTo(r.now)
	}
}

// AdjustTrust changes nation from's trust in nation to by delta (in
// expected-trust units, result clamped to a valid Beta), now. Facilitator
// action; logged in the run's timeline.
//
// Trust is a Beta reputation: expected trust E = (r + 1)/(r + s + 2) from
// the evidence r, s held now (after forgetting). The adjustment adds the
// least evidence that moves E by delta — positive evidence for delta > 0,
// negative for delta < 0 —
//
//	x = (E'·(r + s + 2) − (r + 1)) / (1 − E')   positive, or
//	y = (r + 1)/E' − (r + s + 2)               negative,
//
// with target E' = E + delta clamped to [0.01, 0.99] (never moved against
// delta's sign: a pair already past the bound is left as it is). It is as if
// the truster had that many more experiences of the trusted, so it fades
// with the forgetting factor like all evidence. delta must be finite, not 0,
// and in (−1, 1); from and to must be distinct nations (indices into
// Scenario.Nations). The exercise must not have ended.
//
// It takes effect at this instant after everything else the run holds for
// it (see Fire): at once when no decision is open, else once the open
// decisions are answered. A journal (Record) logs it.
func (r *Run) AdjustTrust(from, to int, delta float64) error {
	if err := r.checkAct(); err != nil {
		return err
	}
	switch {
	case from < 0 || from >= r.n:
		return fmt.Errorf("no nation %d (there are %d)", from, r.n)
	case to < 0 || to >= r.n:
		return fmt.Errorf("no nation %d (there are %d)", to, r.n)
	case from == to:
		return fmt.Errorf("a nation's trust in itself is always 1; choose two nations")
	case math.IsNaN(delta) || math.IsInf(delta, 0):
		return fmt.Errorf("a trust change must be a number, not %v", delta)
	case delta == 0:
		return fmt.Errorf("a trust change of 0 changes nothing")
	case delta <= -1 || delta >= 1:
		return fmt.Errorf("a trust change of %v is more than trust's whole range; give one between -1 and 1", delta)
	}
	r.deltas = append(r.deltas, delta)
	r.scheduleLate(evTrust, from, to, len(r.deltas)-1)
	if r.journal != nil {
		r.journal.AddTrust(r.sc.Nations[from].ID, r.sc.Nations[to].ID, delta, r.now)
	}
	r.applyNow()
	return nil
}

// adjustTrust applies a trust adjustment (see AdjustTrust).
func (r *Run) adjustTrust(from, to int, delta float64) {
	g := r.fade()
	b := &r.trustRep[from*r.n+to]
	rr, ss := b.R*g, b.S*g
	n := rr + ss + 2
	was := (rr + 1) / n
	target := min(max(was+delta, trustFloor), trustCeil)
	switch {
	case delta > 0 && target > was:
		b.R += (target*n - (rr + 1)) / (1 - target) / g
	case delta < 0 && target < was:
		b.S += ((rr+1)/target - n) / g
	}
	if !r.quiet {
		r.logf(LogFacilitator, -1, from, to, "The facilitator moves %s's trust in %s: %.2f → %.2f.", r.nid(from), r.nid(to), was, r.trust(from, to))
	}
}

// Reveal hands item to nation now, as the facilitator's gift (it holds it from
// now on, counted like a delivery for coverage/warning; define how it counts
// for leaks). Logged.
//
// The nation comes to hold the full report (a holder of the tearline is
// upgraded) at this instant: its coverage need and its warning against the
// item's threat count it from now, as for a delivery, but it is no share —
// no Delivery is recorded and nobody earns trust for it. Its leak clock runs
// at the nation's own rate from now; a leak from it is counted in Leaks and
// is not player-attributable (no player nation's share brought it; a share
// the nation then makes carries its own provenance). A player nation is asked
// whether to pass it on, as for any item it comes to hold; a non-player
// follows its doctrine. The item keeps its markings (ORCON, REL TO) and
// comes under no agreement.
//
// nation and item index Scenario.Nations and Scenario.Items. The item must
// have come in (its originator holds it: an item whose inject time has not
// come, an on-demand one not fired, or one lost to a burned source cannot be
// revealed), and the nation must not hold the full report already. It takes
// effect as AdjustTrust does; a journal (Record) logs it.
func (r *Run) Reveal(nation, item int) error {
	if err := r.checkAct(); err != nil {
		return err
	}
	if nation < 0 || nation >= r.n {
		return fmt.Errorf("no nation %d (there are %d)", nation, r.n)
	}
	if item < 0 || item >= len(r.sc.Items) {
		return fmt.Errorf("no inject %d (there are %d)", item, len(r.sc.Items))
	}
	it := &r.sc.Items[item]
	if r.h(item, it.Origin).form == Withhold {
		when := "its inject time, " + scenario.FormatClock(it.At)
		switch {
		case r.due[item]:
			return fmt.Errorf("%q never came in (its source is burned): there is nothing to reveal", it.ID)
		case it.OnDemand:
			when = "it is fired"
		}
		return fmt.Errorf("%q has not come in yet: %s collects it when %s", it.ID, r.nid(it.Origin), when)
	}
	if r.h(item, nation).form == Full {
		return fmt.Errorf("%s already holds %q", r.nid(nation), it.ID)
	}
	r.queueReveal(nation, item)
	return nil
}

// queueReveal schedules a reveal now without checking the state: a replay
// gives it where the recorded run did, and reveal checks again when it
// takes effect.
func (r *Run) queueReveal(nation, item int) {
	r.scheduleLate(evReveal, nation, item, 0)
	if r.journal != nil {
		r.journal.AddReveal(r.sc.Nations[nation].ID, r.sc.Items[item].ID, r.now)
	}
	r.applyNow()
}

// reveal applies a reveal (see Reveal).
func (r *Run) reveal(n, item int) {
	it := &r.sc.Items[item]
	h := r.h(item, n)
	if h.form == Full || r.h(item, it.Origin).form == Withhold {
		return // came to hold it in the meantime, or (an edited log) nothing to hand over
	}
	first := h.form == Withhold
	h.form = Full
	if first {
		h.held = r.now
	}
	h.from, h.agr, h.via, h.viaTPR = -1, -1, -1, false
	if !r.quiet {
		r.logf(LogFacilitator, item, -1, n, "The facilitator hands %s %q.", r.nid(n), it.Title)
	}
	r.hazard(item, n, Full)
	r.holds(n, item)
}
