package ondemand

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"tearline/scenario"
	"tearline/sim"
)

// Fire is one on-demand inject or event and the exercise time to fire it.
type Fire struct {
	// ID is the inject's or event's id.
	ID string
	// At is the exercise time, in hours from the start.
	At sim.Hours
}

// String returns the fire in canonical form, ID@TIME.
func (f Fire) String() string { return f.ID + "@" + FormatTime(f.At) }

// Schedule is a list of fires in firing order (see Sort).
type Schedule []Fire

// String returns the canonical text of the schedule: the fires joined by
// ";", or "" when there are none.
func (s Schedule) String() string { return strings.Join(s.Strings(), ";") }

// Strings returns each fire in canonical form.
func (s Schedule) Strings() []string {
	out := make([]string, len(s))
	for i, f := range s {
		out[i] = f.String()
	}
	return out
}

// ErrSyntax is returned by ParseSpec for text that is not ID@TIME.
var ErrSyntax = errors.New("write it as ID@TIME, e.g. 'ferry-tip@D+1 06:00'")

// ParseSpec parses ID@TIME without a scenario: it checks the form and the
// time only (Check does the rest). The id is everything before the last @.
func ParseSpec(s string) (Fire, error) {
	i := strings.LastIndexByte(s, '@')
	if i <= 0 {
		return Fire{}, ErrSyntax
	}
	at, err := scenario.ParseClock(s[i+1:])
	if err != nil {
		return Fire{}, err
	}
	// A whole minute has one value however it was written: "100m" and
	// "D+0 01:40" are one time (1 h 40 min), not two a bit apart that print
	// alike. "H+" times are taken exactly as written (see
	// scenario.FormatClockExact).
	text := strings.TrimSpace(s[i+1:])
	if m := float64(at) * 60; math.Abs(m-math.Round(m)) < 1e-6 && !strings.HasPrefix(strings.ToUpper(text), "H+") {
		at = scenario.WholeMinutes(at)
	}
	return Fire{ID: s[:i], At: at}, nil
}

// Check reports whether f can be fired in sc: its time must be before the
// end of the exercise and its id that of an on-demand inject or event.
func (f Fire) Check(sc *sim.Scenario) error {
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

// FormatTime formats an exercise time for a canonical fire: "D+1 06:00"
// when it falls on a whole minute, else "H+" and the hours in full
// ("H+30.0125"), so that distinct times never print alike. Both forms read
// back with scenario.ParseClock. It is scenario.FormatClockExact.
func FormatTime(h sim.Hours) string { return scenario.FormatClockExact(h) }

// Sort puts s in firing order: by time, keeping the given order of fires at
// the same time.
func Sort(s Schedule) {
	sort.SliceStable(s, func(a, b int) bool { return s[a].At < s[b].At })
}

// Merge returns the fires of all parts, in order, as one sorted schedule
// (nil when there are none).
func Merge(parts ...Schedule) Schedule {
	var out Schedule
	for _, p := range parts {
		out = append(out, p...)
	}
	Sort(out)
	return out
}

// AdvanceTo plays r up to exercise time t, answering every decision raised
// before then with d, exactly as sim.Play would (an invalid answer falls
// back to withholding). It returns when the run is at t or has ended.
func AdvanceTo(r *sim.Run, d sim.Decider, t sim.Hours) {
	for r.Now() < t && !r.Done() {
		if dec := r.AdvanceTo(t); dec != nil {
			if err := r.Answer(d.Decide(r, dec)); err != nil {
				_ = r.Answer(sim.Answer{})
			}
		}
	}
}

// Play plays r to the end with d, firing s (in firing order, each checked
// against the scenario) on the way: the run is advanced to each fire's time,
// decisions before it answered first, then the inject or event fires. With
// no fires it is sim.Play, so a built-in policy keeps the engine's fast
// path; after the last fire it is sim.Play too. The outcome is a pure
// function of the run's scenario and stream, d's answers and s.
func Play(r *sim.Run, d sim.Decider, s Schedule) (*sim.Outcome, error) {
	for _, f := range s {
		AdvanceTo(r, d, f.At)
		if err := r.Fire(f.ID); err != nil {
			return nil, fmt.Errorf("%s: %w", f.ID, err)
		}
	}
	return sim.Play(r, d), nil
}
