package view

import (
	"fmt"
	"strings"

	"tearline/scenario"
	"tearline/sim"
)

// This file words the engine's counterfactuals (sim.Counterfactual) for the
// debrief's table and the after-action report. Every figure is the
// engine's.

// CounterfactualNote explains what a counterfactual's deltas compare, for
// the table's caption and the report.
const CounterfactualNote = "Had you chosen otherwise: each row replays your own world (the same seed and stream, so the same luck " +
	"and the facilitator's fires at the same instants) with your decisions up to that one, changes only that decision, " +
	"and lets your nation's doctrine answer every later decision. The change is measured against the same replay with " +
	"your own answer to that decision (doctrine after it too), so it is what that one decision caused, not the gap " +
	"between your later choices and doctrine's. One world: a single replay, not an average."

// CounterfactualLine is one row of the counterfactual table, every cell
// ready to show.
type CounterfactualLine struct {
	// Index is the decision's index in the decision log (and in the
	// debrief's records).
	Index int
	// When is the decision's exercise time, "D+1 06:00".
	When string
	// Decision names it: "Ferry raid warning (ALDERIA)".
	Decision string
	// Chosen is what the team answered, "tearline to BRAVIA, CORVIA".
	Chosen string
	// Alternative is the answer tried instead, "withhold from all".
	Alternative string
	// Coverage, Leaks, Averted and Score are the changes the alternative
	// makes: coverage in percentage points ("+4 pts"), attributable leaks
	// and threats averted as signed counts ("+1", "±0"), score in
	// percentage points of the objectives' weight.
	Coverage, Leaks, Averted, Score string
	// Same reports that the alternative is what the team chose; the
	// figures are then "your choice".
	Same bool
	// Better is +1 where the alternative would have scored higher than the
	// team's answer, −1 lower, 0 the same (for colour; the score is the
	// scenario's own judge of the objectives).
	Better int
}

// countDelta formats a change in a count: "+1", "-2", "±0".
func countDelta(d float64) string {
	if d == 0 {
		return "±0"
	}
	return Signed(d, 0)
}

// CounterfactualLines words cfs (from sim.Played.Counterfactuals) for the
// table, in their order; log is the decision log they were computed from.
func CounterfactualLines(sc *sim.Scenario, log *sim.DecisionLog, cfs []sim.Counterfactual) []CounterfactualLine {
	out := make([]CounterfactualLine, 0, len(cfs))
	for _, c := range cfs {
		l := CounterfactualLine{Index: c.Index, Alternative: c.Alternative.String(), Same: c.Same}
		if c.Index >= 0 && c.Index < len(log.Decisions) {
			ld := &log.Decisions[c.Index]
			l.When = scenario.FormatClock(sim.Hours(ld.Time))
			l.Decision = loggedItemTitle(sc, ld.Item) + " (" + ld.Holder + ")"
			l.Chosen = LoggedChoice(ld)
		}
		if c.Same {
			l.Coverage, l.Leaks, l.Averted, l.Score = "your choice", "", "", ""
		} else {
			d := c.Delta
			l.Coverage = Points(d[sim.HCoverage])
			l.Leaks = countDelta(d[sim.HAttributableLeaks])
			l.Averted = countDelta(d[sim.HThreatsAverted])
			l.Score = Points(d[sim.HScore])
		}
		switch s := c.Delta[sim.HScore]; {
		case s > 0:
			l.Better = 1
		case s < 0:
			l.Better = -1
		}
		out = append(out, l)
	}
	return out
}

// loggedItemTitle returns the title of the item with id, or the id.
func loggedItemTitle(sc *sim.Scenario, id string) string {
	for i := range sc.Items {
		if sc.Items[i].ID == id && sc.Items[i].Title != "" {
			return sc.Items[i].Title
		}
	}
	return id
}

// LoggedChoice words a logged answer briefly: "consent granted (BRAVIA ->
// CORVIA)", "withheld from all", "full to BRAVIA; tearline to CORVIA,
// DALMAR" (forced shares marked).
func LoggedChoice(ld *sim.LoggedDecision) string {
	if ld.Kind == sim.ConsentDecision.String() {
		verb := "refused"
		if ld.Grant {
			verb = "granted"
		}
		return fmt.Sprintf("consent %s (%s -> %s)", verb, ld.Requester, ld.Recipient)
	}
	by := map[string][]string{}
	for _, s := range ld.Shares {
		if s.Action == sim.Withhold.String() {
			continue
		}
		to := s.To
		if s.Force {
			to += " (forced)"
		}
		by[s.Action] = append(by[s.Action], to)
	}
	var parts []string
	for _, act := range []string{sim.Full.String(), sim.Tearline.String()} {
		if len(by[act]) > 0 {
			parts = append(parts, act+" to "+strings.Join(by[act], ", "))
		}
	}
	if len(parts) == 0 {
		return "withheld from all"
	}
	return strings.Join(parts, "; ")
}
