package ondemand

import (
	"sort"
	"strings"

	"tearline/scenario"
	"tearline/sim"
)

// Fire is one on-demand inject or event and the exercise time to fire it:
// sim.Fire, which parses, checks and prints it.
type Fire = sim.Fire

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
var ErrSyntax = sim.ErrFireSyntax

// ParseSpec parses ID@TIME without a scenario (sim.ParseFire); Fire.Check
// checks it against one.
func ParseSpec(s string) (Fire, error) { return sim.ParseFire(s) }

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

// AdvanceTo plays r up to exercise time t, answering decisions with d
// (sim.AdvanceWith).
func AdvanceTo(r *sim.Run, d sim.Decider, t sim.Hours) { sim.AdvanceWith(r, d, t) }

// Play plays r to the end with d, firing s on the way (sim.PlayWithFires).
func Play(r *sim.Run, d sim.Decider, s Schedule) (*sim.Outcome, error) {
	return sim.PlayWithFires(r, d, s)
}
