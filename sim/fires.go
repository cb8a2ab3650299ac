package sim

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"tearline/scenario"
)

// This file holds on-demand fires as a facilitator gives them — parsed,
// checked against a scenario, and replayed in a run — shared by the
// headless tool (tearline-sim's --fire and experiments), decision logs and
// the desktop debrief's replays. Run.Fire fires one now.

// Fire is one on-demand inject or event and the exercise time to fire it.
type Fire struct {
	// ID is the inject's or event's id.
	ID string
	// At is the exercise time, in hours from the start.
	At Hours
}

// String returns the fire in canonical form, ID@TIME, with the time as
// scenario.FormatClockExact writes it (distinct times never print alike).
func (f Fire) String() string { return f.ID + "@" + scenario.FormatClockExact(f.At) }

// ErrFireSyntax is returned by ParseFire for text that is not ID@TIME.
var ErrFireSyntax = errors.New("write it as ID@TIME, e.g. 'ferry-tip@D+1 06:00'")

// ParseFire parses ID@TIME without a scenario: it checks the form and the
// time only (Fire.Check does the rest). The id is everything before the
// last @. A whole minute has one value however it was written: "100m" and
// "D+0 01:40" are one time (1 h 40 min), not two a bit apart that print
// alike; "H+" times are taken exactly as written (see
// scenario.FormatClockExact).
func ParseFire(s string) (Fire, error) {
	i := strings.LastIndexByte(s, '@')
	if i <= 0 {
		return Fire{}, ErrFireSyntax
	}
	at, err := ParseAt(s[i+1:])
	if err != nil {
		return Fire{}, err
	}
	return Fire{ID: s[:i], At: at}, nil
}

// ParseAt parses the exercise time of a logged facilitator action, as
// scenario.FormatClockExact writes it: a whole minute has one value however
// it was written (see ParseFire); "H+" times are taken exactly as written.
func ParseAt(text string) (Hours, error) {
	at, err := scenario.ParseClock(text)
	if err != nil {
		return 0, err
	}
	text = strings.TrimSpace(text)
	// 1e-6 of a minute: a time written to the minute, not one that merely
	// prints like one.
	if m := float64(at) * 60; math.Abs(m-math.Round(m)) < 1e-6 && !strings.HasPrefix(strings.ToUpper(text), "H+") {
		at = scenario.WholeMinutes(at)
	}
	return at, nil
}

// Check reports whether f can be fired in sc: its time must be before the
// end of the exercise and its id that of an on-demand inject or event.
func (f Fire) Check(sc *Scenario) error {
	if f.At >= sc.End() {
		return fmt.Errorf("%s is not before the end of the exercise (%s)", scenario.FormatClock(f.At), scenario.FormatClock(sc.End()))
	}
	if ids := sc.OnDemand(); !slices.Contains(ids, f.ID) {
		list := strings.Join(ids, ", ")
		if list == "" {
			list = "none in this scenario"
		}
		return fmt.Errorf("%q is not an on-demand inject or event (on demand: %s)", f.ID, list)
	}
	return nil
}

// ParseFires parses and checks a decision log's fires against sc (see
// ParseFire and Fire.Check), keeping their order: the firing order.
func ParseFires(sc *Scenario, specs []string) ([]Fire, error) {
	out := make([]Fire, 0, len(specs))
	for _, s := range specs {
		f, err := ParseFire(s)
		if err == nil {
			err = f.Check(sc)
		}
		if err != nil {
			return nil, fmt.Errorf("fire %q: %w", s, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// AdvanceWith plays r up to exercise time t, answering every decision
// raised before then with d, exactly as Play would (an invalid answer falls
// back to withholding). It returns when the run is at t or has ended.
//
// In parallel mode (Run.SetParallel) each open decision is decided on its
// Run.OpenRun.
func AdvanceWith(r *Run, d Decider, t Hours) {
	for r.Now() < t && !r.Done() {
		if dec := r.AdvanceTo(t); dec != nil {
			w := r.OpenRun(dec.Seq)
			if w == nil {
				w = r
			}
			if err := r.Answer(d.Decide(w, dec)); err != nil {
				_ = r.Answer(Answer{})
			}
		}
	}
}

// PlayWithFires plays r to the end with d, firing fires (in firing order)
// on the way: the run is advanced to each fire's time, decisions before it
// answered first, then the inject or event fires. After the last fire (or
// with none) it is Play, so a built-in policy keeps the engine's fast path.
// The outcome is a pure function of the run's scenario and stream, d's
// answers and the fires.
func PlayWithFires(r *Run, d Decider, fires []Fire) (*Outcome, error) {
	for _, f := range fires {
		AdvanceWith(r, d, f.At)
		if err := r.Fire(f.ID); err != nil {
			return nil, fmt.Errorf("%s: %w", f.ID, err)
		}
	}
	return Play(r, d), nil
}

// ActKind says what a facilitator action does.
type ActKind int

const (
	// ActFire fires an on-demand inject or event (Run.Fire).
	ActFire ActKind = iota
	// ActTrust adjusts one nation's trust in another (Run.AdjustTrust).
	ActTrust
	// ActReveal hands an item to a nation (Run.Reveal).
	ActReveal
)

// String returns "fire", "trust" or "reveal".
func (k ActKind) String() string {
	switch k {
	case ActTrust:
		return "trust"
	case ActReveal:
		return "reveal"
	}
	return "fire"
}

// Act is one facilitator action at an exercise time, as a decision log
// records it.
type Act struct {
	Kind ActKind
	// At is the exercise time, in hours from the start.
	At Hours
	// ID is the on-demand inject or event (ActFire).
	ID string
	// From and To index Scenario.Nations, Delta is the change in expected
	// trust (ActTrust).
	From, To int
	Delta    float64
	// Nation and Item index Scenario.Nations and Scenario.Items (ActReveal).
	Nation, Item int
}

// Acts returns the log's facilitator actions — fires, trust adjustments and
// reveals — checked against sc, in the order they were given (each trust
// adjustment and reveal at its place N, the fires in the places left, in
// their order), then put in time order keeping that order at each instant
// (a journal's are in time order already; older logs' fires were fired by
// time). Every problem is returned at once.
func (l *DecisionLog) Acts(sc *Scenario) ([]Act, error) {
	total := l.acts()
	slot := make([]int, total) // 0 free; 1+k: Trust[k]; -(1+k): Reveals[k]
	var probs []string
	claim := func(n int, v int, what string) {
		switch {
		case n < 0 || n >= total:
			probs = append(probs, fmt.Sprintf("%s: n %d is not a place among the log's %d facilitator actions (0 to %d)", what, n, total, total-1))
		case slot[n] != 0:
			probs = append(probs, fmt.Sprintf("%s: n %d is taken by another action; give each its own place", what, n))
		default:
			slot[n] = v
		}
	}
	trust := make([]Act, len(l.Trust))
	for k, t := range l.Trust {
		what := fmt.Sprintf("trust[%d]", k)
		a := Act{Kind: ActTrust, From: sc.NationIndex(t.From), To: sc.NationIndex(t.To), Delta: t.Delta}
		at, err := ParseAt(t.At)
		a.At = at
		switch {
		case err != nil:
			probs = append(probs, fmt.Sprintf("%s: at %q: %v", what, t.At, err))
		case at >= sc.End():
			probs = append(probs, fmt.Sprintf("%s: %s is not before the end of the exercise (%s)", what, scenario.FormatClock(at), scenario.FormatClock(sc.End())))
		}
		if a.From < 0 || a.To < 0 || a.From == a.To {
			probs = append(probs, fmt.Sprintf("%s: %q → %q is not a pair of two nations of %s", what, t.From, t.To, sc.Name))
		}
		if !validDelta(t.Delta) {
			probs = append(probs, fmt.Sprintf("%s: delta %v is not a trust change in (-1, 1) other than 0", what, t.Delta))
		}
		trust[k] = a
		claim(t.N, 1+k, what)
	}
	reveals := make([]Act, len(l.Reveals))
	for k, rv := range l.Reveals {
		what := fmt.Sprintf("reveals[%d]", k)
		a := Act{Kind: ActReveal, Nation: sc.NationIndex(rv.Nation), Item: itemIndex(sc, rv.Item)}
		at, err := ParseAt(rv.At)
		a.At = at
		switch {
		case err != nil:
			probs = append(probs, fmt.Sprintf("%s: at %q: %v", what, rv.At, err))
		case at >= sc.End():
			probs = append(probs, fmt.Sprintf("%s: %s is not before the end of the exercise (%s)", what, scenario.FormatClock(at), scenario.FormatClock(sc.End())))
		}
		if a.Nation < 0 {
			probs = append(probs, fmt.Sprintf("%s: %q is not a nation of %s", what, rv.Nation, sc.Name))
		}
		if a.Item < 0 {
			probs = append(probs, fmt.Sprintf("%s: %q is not an inject of %s", what, rv.Item, sc.Name))
		}
		reveals[k] = a
		claim(rv.N, -(1 + k), what)
	}
	fires, err := ParseFires(sc, l.Fires)
	if err != nil {
		probs = append(probs, err.Error())
	}
	if len(probs) > 0 {
		return nil, errors.New(strings.Join(probs, "\n"))
	}
	out := make([]Act, 0, total)
	nf := 0
	for _, v := range slot {
		switch {
		case v > 0:
			out = append(out, trust[v-1])
		case v < 0:
			out = append(out, reveals[-v-1])
		default:
			out = append(out, Act{Kind: ActFire, ID: fires[nf].ID, At: fires[nf].At})
			nf++
		}
	}
	// A journal's actions are in time order already; older logs listed
	// fires in any order and were fired by time.
	slices.SortStableFunc(out, func(a, b Act) int { return cmp.Compare(a.At, b.At) })
	return out, nil
}

// validDelta reports whether delta is a trust change AdjustTrust accepts.
func validDelta(delta float64) bool { return delta > -1 && delta < 1 && delta != 0 }

// AddAct records facilitator action a of a run of sc as the next one (see
// AddFire, AddTrust, AddReveal).
func (l *DecisionLog) AddAct(sc *Scenario, a Act) {
	switch a.Kind {
	case ActTrust:
		l.AddTrust(sc.Nations[a.From].ID, sc.Nations[a.To].ID, a.Delta, a.At)
	case ActReveal:
		l.AddReveal(sc.Nations[a.Nation].ID, sc.Items[a.Item].ID, a.At)
	default:
		l.AddFire(a.ID, a.At)
	}
}

// PlayActs plays r to the end with d, giving the facilitator actions acts
// (in the order given, their times not going back) on the way: the run is
// advanced to each action's time, decisions before it answered first, then
// the action is given (Run.Fire, Run.AdjustTrust, Run.Reveal). After the
// last action it is Play. The outcome is a pure function of the run's
// scenario and stream, d's answers and the actions: a run that gave the same
// answers and actions at the same instants, live, ends the same way.
//
// A reveal is given without Run.Reveal's checks of the state (it is
// re-checked when it takes effect, and is then a no-op if the nation holds
// the item already or the item never came in), so a replay never fails
// where the recorded run did not.
func PlayActs(r *Run, d Decider, acts []Act) (*Outcome, error) {
	for i, a := range acts {
		if a.At < r.Now() {
			return nil, fmt.Errorf("facilitator action %d (%s) at %s: the run is already at %s", i, a.Kind, scenario.FormatClockExact(a.At), scenario.FormatClockExact(r.Now()))
		}
		AdvanceWith(r, d, a.At)
		if err := giveAct(r, a); err != nil {
			return nil, fmt.Errorf("%s %s: %w", a.Kind, actName(r.sc, a), err)
		}
	}
	return Play(r, d), nil
}

// giveAct gives facilitator action a now (see PlayActs).
func giveAct(r *Run, a Act) error {
	switch a.Kind {
	case ActTrust:
		return r.AdjustTrust(a.From, a.To, a.Delta)
	case ActReveal:
		if err := r.checkAct(); err != nil {
			return err
		}
		if a.Nation < 0 || a.Nation >= r.n || a.Item < 0 || a.Item >= len(r.sc.Items) {
			return fmt.Errorf("no nation %d or inject %d", a.Nation, a.Item)
		}
		r.queueReveal(a.Nation, a.Item)
		return nil
	}
	return r.Fire(a.ID)
}

// actName names an action's subject for a message.
func actName(sc *Scenario, a Act) string {
	nid := func(n int) string {
		if n < 0 || n >= len(sc.Nations) {
			return "?"
		}
		return sc.Nations[n].ID
	}
	switch a.Kind {
	case ActTrust:
		return nid(a.From) + "→" + nid(a.To)
	case ActReveal:
		item := "?"
		if a.Item >= 0 && a.Item < len(sc.Items) {
			item = sc.Items[a.Item].ID
		}
		return item + "→" + nid(a.Nation)
	}
	return a.ID
}

// PlayLog replays decision log l on r: its decisions (through l.Decider
// with fallback for decisions it does not have), its fires, trust
// adjustments and reveals at their instants and in their order (Acts,
// PlayActs). A log that a run's journal (Run.Record) kept, live and in
// parallel mode or not, replays to the same outcome.
func PlayLog(r *Run, l *DecisionLog, fallback Decider) (*Outcome, error) {
	acts, err := l.Acts(r.sc)
	if err != nil {
		return nil, err
	}
	return PlayActs(r, l.Decider(fallback), acts)
}

// itemIndex returns the index of the inject with id in sc, or -1.
func itemIndex(sc *Scenario, id string) int {
	for i := range sc.Items {
		if sc.Items[i].ID == id {
			return i
		}
	}
	return -1
}

// Resume replays decision log l on r as far as l goes, to restore a run that
// was stopped (a crashed or closed session whose journal, Run.Record, l is):
// its decisions are answered from l and its facilitator actions given at
// their instants and in their order (Acts), exactly as PlayLog does, but no
// decision is answered that l has no answer for. It stops at the first such
// decision — left pending (opened, in parallel mode), after the actions l
// gave at that instant while it was open — or, with every decision and action
// of l replayed, at the last instant l records. The run then continues as the
// stopped one would have from that point: answers held for an open set but
// not yet applied are not in a journal, so those decisions are asked again.
//
// r must be a fresh run of l's scenario and seed. It returns an error when l
// does not fit the scenario, or when a decision l has no answer for comes
// before an action l gave later (a log that is not a journal of this run).
func Resume(r *Run, l *DecisionLog) error {
	acts, err := l.Acts(r.sc)
	if err != nil {
		return err
	}
	par := r.parallel
	r.SetParallel(false)
	defer r.SetParallel(par)
	rep := &replayer{log: l, used: l.Decider(nil).(*replayer).used}
	last := Hours(0)
	for _, d := range l.Decisions {
		last = max(last, Hours(d.Time))
	}
	for _, a := range acts {
		last = max(last, a.At)
	}
	// advance answers logged decisions up to t; it reports a decision l has
	// no answer for, left pending.
	advance := func(t Hours) *Decision {
		for !r.done {
			d := r.AdvanceTo(t)
			if d == nil {
				if r.now >= t {
					return nil
				}
				continue
			}
			a, ok := rep.lookup(r, d)
			if !ok {
				return d
			}
			if err := r.Answer(a); err != nil {
				return d
			}
		}
		return nil
	}
	for i, a := range acts {
		if d := advance(a.At); d != nil && d.Time < a.At {
			return fmt.Errorf("decision %d (%s of %s at %s) has no answer in the log, but the log gives a %s at %s after it: it is not a journal of this run",
				d.Seq, r.sc.Items[d.Item].ID, r.nid(d.Holder), scenario.FormatClockExact(d.Time), acts[i].Kind, scenario.FormatClockExact(a.At))
		}
		if err := giveAct(r, a); err != nil {
			return fmt.Errorf("%s %s: %w", a.Kind, actName(r.sc, a), err)
		}
	}
	advance(last)
	return nil
}
