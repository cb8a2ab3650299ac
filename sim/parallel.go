package sim

import (
	"fmt"
	"reflect"
	"slices"
)

// This file opens several decisions at once (a workshop room: every team
// decides for its own nation at the same time) while keeping a run exactly
// what sequential play with the same answers gives.
//
// Sequential play raises one decision, applies its answer, then goes on.
// In parallel mode, when the run stops at a decision it looks ahead, on a
// private copy of the run, at the same instant: the copy withholds from
// everyone (or refuses consent) for the decision and goes on processing
// what the run holds for that instant, until it raises the next decision.
// That decision is opened too if its rows cannot depend on the answers
// before it (see conflicts), and the look-ahead goes on from it. Answers
// are held until every open decision has one, then applied in Seq order,
// exactly as sequential play would: each later decision is raised again
// for real after the answers before it, and its held answer is applied only
// if it is the same decision seen the same way (sameView); otherwise it is
// opened again, with its Seq, and asked afresh. So the outcome is a pure
// function of the answers applied, never of the order they arrived in, and
// the answers applied replay sequentially to the same outcome.

// openDec is one decision open in parallel mode.
type openDec struct {
	w   *Run      // the run in which d is the pending decision: the run itself for the first
	d   *Decision // w's pending decision
	ans Answer    // the held answer
	has bool      // ans is set
}

// SetParallel sets parallel mode. When the run stops for decisions in
// parallel mode, it opens together every decision due at that instant, in
// the order sequential play would raise them, up to the first one that
//
//   - has the holder of a decision already open (its habits, which the
//     "pattern" policy and forecasts read, move with each answer), or
//   - concerns the item of one already open (an answer about an item
//     changes who may still receive it: the rows), or
//   - is held by the originator of the item of an open share decision (a
//     share of it forced past a marking or without consent would lower the
//     originator's trust in the sharer, which its rows and policies read).
//
// "Due at that instant" means raised at the same exercise time once the
// decisions before it are answered; the run finds them by looking ahead on a
// private copy in which the earlier ones are withheld (or refused). Open
// lists them; AnswerSeq answers them in any order; the answers are applied in
// Seq order once all are in. A later decision whose rows, or whose holder's
// trust in the other nations or past choices, turn out different when it is
// raised for real after the earlier answers is opened again with the same
// Seq and its held answer dropped (Answered reports false again).
//
// Turning parallel mode off drops the look-ahead: only the first open
// decision stays pending, and held answers are dropped. Parallel mode is not
// copied by Clone.
func (r *Run) SetParallel(on bool) {
	if r.parallel == on {
		return
	}
	r.parallel = on
	if !on {
		r.open = nil
		return
	}
	if r.cur != nil {
		r.gather()
	}
}

// Parallel reports whether the run is in parallel mode (SetParallel).
func (r *Run) Parallel() bool { return r.parallel }

// Open returns the decisions open now, in Seq order (nil when none). In
// sequential mode it holds at most Pending(). The decisions are the run's
// own: valid until the next answer is applied; do not modify them.
func (r *Run) Open() []*Decision {
	if len(r.open) == 0 {
		if r.cur == nil {
			return nil
		}
		return []*Decision{r.cur}
	}
	out := make([]*Decision, len(r.open))
	for i := range r.open {
		out[i] = r.open[i].d
	}
	return out
}

// OpenRun returns the run as open decision seq sees it: the state in which it
// is raised, with it as the pending decision. For the first open decision it
// is r itself; for a later one it is a private copy in which the open
// decisions before it are withheld. Decide and forecast (Preview) a decision
// on its OpenRun; do not change it (Clone it to forecast from another
// goroutine). It returns nil when seq is not open.
func (r *Run) OpenRun(seq int) *Run {
	if len(r.open) == 0 {
		if r.cur != nil && r.cur.Seq == seq {
			return r
		}
		return nil
	}
	for i := range r.open {
		if r.open[i].d.Seq == seq {
			return r.open[i].w
		}
	}
	return nil
}

// Answered reports whether open decision seq has an answer held (parallel
// mode); false for a decision that is not open.
func (r *Run) Answered(seq int) bool {
	for i := range r.open {
		if r.open[i].d.Seq == seq {
			return r.open[i].has
		}
	}
	return false
}

// AnswerSeq answers the open decision numbered seq. In parallel mode answers
// are held until every open decision has one, then applied in Seq order, so
// the outcome never depends on the order answers arrive (see SetParallel). In
// sequential mode it is Answer for the pending decision. Errors: seq not
// open, already answered, or an invalid answer (as Answer checks); an error
// changes nothing.
func (r *Run) AnswerSeq(seq int, a Answer) error {
	if len(r.open) == 0 {
		if r.cur == nil || r.cur.Seq != seq {
			return fmt.Errorf("decision %d is not open", seq)
		}
		return r.answer(a)
	}
	k := -1
	for i := range r.open {
		if r.open[i].d.Seq == seq {
			k = i
		}
	}
	if k < 0 {
		return fmt.Errorf("decision %d is not open", seq)
	}
	o := &r.open[k]
	if o.has {
		return fmt.Errorf("decision %d is already answered", seq)
	}
	if o.d.Kind == ShareDecision {
		if err := o.w.checkAnswer(o.d, a); err != nil {
			return err
		}
	}
	o.ans = Answer{Shares: slices.Clone(a.Shares), Grant: a.Grant}
	o.has = true
	for i := range r.open {
		if !r.open[i].has {
			return nil
		}
	}
	r.commit()
	return nil
}

// gather opens, after r.cur, every decision due at the same instant that
// may be answered together with the ones before it (see SetParallel).
func (r *Run) gather() {
	r.open = append(r.open[:0], openDec{w: r, d: r.cur})
	w := r
	for {
		nw := w.Clone()
		nw.skip()
		d := nw.AdvanceTo(nw.now)
		if d == nil || d.Time != r.now || r.conflicts(d) {
			return
		}
		r.open = append(r.open, openDec{w: nw, d: d})
		w = nw
	}
}

// skip answers the pending decision of a look-ahead copy with what changes
// the least: withholding from everyone, or refusing consent.
func (r *Run) skip() {
	if err := r.answer(Answer{}); err != nil {
		panic("sim: parallel look-ahead: withholding failed: " + err.Error())
	}
}

// conflicts reports whether decision d may not be open together with the
// decisions open before it (see SetParallel for the three conditions).
func (r *Run) conflicts(d *Decision) bool {
	for i := range r.open {
		o := r.open[i].d
		if o.Holder == d.Holder || o.Item == d.Item {
			return true
		}
		if o.Kind == ShareDecision && d.Holder == r.sc.Items[o.Item].Origin {
			return true
		}
	}
	return false
}

// commit applies the held answers in Seq order, raising each later decision
// for real first; at the first one that is not what was opened it stops and
// opens the decisions due from there.
func (r *Run) commit() {
	set := r.open
	r.open = nil
	for i := range set {
		o := &set[i]
		if i > 0 {
			p := r.parallel
			r.parallel = false
			d := r.AdvanceTo(r.now)
			r.parallel = p
			if d == nil {
				return
			}
			if !r.sameView(d, o.w, o.d) {
				if r.parallel {
					r.gather()
				}
				return
			}
		}
		if err := r.answer(o.ans); err != nil {
			// The view matched, so the answer checked against it fits;
			// should it not, the decision is asked again.
			if r.parallel {
				r.gather()
			}
			return
		}
	}
}

// sameView reports whether decision d, raised in r, is decision od as it was
// opened in w: the same question with the same rows, and a holder whose trust
// in every nation and past choices are the same.
func (r *Run) sameView(d *Decision, w *Run, od *Decision) bool {
	if d.Seq != od.Seq || d.Kind != od.Kind || d.Time != od.Time || d.Item != od.Item || d.Holder != od.Holder ||
		d.Requester != od.Requester || d.Recipient != od.Recipient || d.Form != od.Form || len(d.Rows) != len(od.Rows) {
		return false
	}
	for i := range d.Rows {
		if !reflect.DeepEqual(d.Rows[i], od.Rows[i]) {
			return false
		}
	}
	for j := 0; j < r.n; j++ {
		if r.Trust(d.Holder, j) != w.Trust(d.Holder, j) {
			return false
		}
	}
	return r.tallies[d.Holder] == w.tallies[d.Holder]
}

// playParallel is Play in parallel mode: each open decision is decided on
// its OpenRun.
func playParallel(r *Run, d Decider) *Outcome {
	for !r.done {
		dec := r.Next()
		if dec == nil {
			continue
		}
		w := r.OpenRun(dec.Seq)
		if err := r.AnswerSeq(dec.Seq, d.Decide(w, dec)); err != nil {
			_ = r.AnswerSeq(dec.Seq, Answer{})
		}
	}
	return &r.out
}
