package sim

import (
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
	at, err := scenario.ParseClock(s[i+1:])
	if err != nil {
		return Fire{}, err
	}
	text := strings.TrimSpace(s[i+1:])
	// 1e-6 of a minute: a time written to the minute, not one that merely
	// prints like one.
	if m := float64(at) * 60; math.Abs(m-math.Round(m)) < 1e-6 && !strings.HasPrefix(strings.ToUpper(text), "H+") {
		at = scenario.WholeMinutes(at)
	}
	return Fire{ID: s[:i], At: at}, nil
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
func AdvanceWith(r *Run, d Decider, t Hours) {
	for r.Now() < t && !r.Done() {
		if dec := r.AdvanceTo(t); dec != nil {
			if err := r.Answer(d.Decide(r, dec)); err != nil {
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
