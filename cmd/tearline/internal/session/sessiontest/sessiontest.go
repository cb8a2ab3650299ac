package sessiontest

import "tearline/sim"

// Script answers a decision from the decision alone, as a team at a
// station could (a station has no run): share with every interested
// recipient, as a tearline on odd numbers and in full on even ones, over
// the row's best route, unless the engine blocks it or counts it a
// violation; grant consent on even numbers. The numbers are the holder's
// own (sim.Decision.Own), the only ones a station knows.
func Script(d *sim.Decision) sim.Answer {
	if d.Kind == sim.ConsentDecision {
		return sim.Answer{Grant: d.Own%2 == 0}
	}
	f := sim.Full
	if d.Own%2 == 1 {
		f = sim.Tearline
	}
	var a sim.Answer
	for i := range d.Rows {
		if c, ok := Shareable(&d.Rows[i], f); ok && d.Rows[i].Interested {
			a.Shares = append(a.Shares, c)
		}
	}
	return a
}

// Decider is Script as a sim.Decider, for headless plays.
var Decider = sim.DeciderFunc(func(_ *sim.Run, d *sim.Decision) sim.Answer { return Script(d) })

// Shareable returns the choice to share row's item as form f over the
// row's best route, and whether that goes: a usable route, not blocked,
// not a violation.
func Shareable(row *sim.Row, f sim.Action) (sim.ShareChoice, bool) {
	c := sim.ShareChoice{Recipient: row.Recipient, Action: f, Route: row.BestRoute(f)}
	if c.Route < 0 || c.Route >= len(row.Routes) {
		return c, false
	}
	j := row.Judge(c)
	return c, !j.Blocked && !j.Violation && row.Routes[c.Route].Usable(row.Level[f])
}
