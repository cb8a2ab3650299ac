package view

import (
	"fmt"
	"strings"

	"tearline/sim"
)

// Choice is the trainee's current choice for one recipient row.
type Choice struct {
	// Action is Withhold, Full or Tearline.
	Action sim.Action
	// Route indexes the row's Routes.
	Route int
	// Waiver seeks a waiver where a law allows one.
	Waiver bool
	// Force sends a blocked share anyway (a violation).
	Force bool
	// RouteSet records that the trainee picked the route; until then it
	// follows the best route for the chosen form.
	RouteSet bool
}

// Form is the decision panel's state for one pending share decision: one
// Choice per row of the decision. It turns the choices into a sim.Answer and
// explains each row in plain words. It holds no model logic: every reason
// comes from the engine's Rules and Routes.
type Form struct {
	// Decision is the engine's pending decision; read only.
	Decision *sim.Decision
	// Choices has one entry per Decision.Rows.
	Choices []Choice
	// Selected is the row the keyboard acts on.
	Selected int
	// Gen counts changes; the previewer tags results with it.
	Gen int
}

// NewForm returns a form for d with every row withheld and each row's route
// set to the best usable route for a full share (see BestRoute).
func NewForm(sc *sim.Scenario, d *sim.Decision) *Form {
	f := &Form{Decision: d, Choices: make([]Choice, len(d.Rows))}
	for i := range d.Rows {
		f.Choices[i].Route = BestRoute(&d.Rows[i], sc.Items[d.Item].Level)
	}
	return f
}

// BestRoute returns the index of the fastest route usable at level l, or of
// the fastest route that is not down, or 0.
func BestRoute(row *sim.Row, l sim.Level) int {
	best, bestUp := -1, -1
	for i := range row.Routes {
		rt := &row.Routes[i]
		if rt.Usable(l) && (best < 0 || rt.Median < row.Routes[best].Median) {
			best = i
		}
		if !rt.Down && (bestUp < 0 || rt.Median < row.Routes[bestUp].Median) {
			bestUp = i
		}
	}
	switch {
	case best >= 0:
		return best
	case bestUp >= 0:
		return bestUp
	}
	return 0
}

// SetAction sets row i's action, moving its route to the best one for the
// new form's level if the current one cannot carry it. It returns whether
// anything changed.
func (f *Form) SetAction(sc *sim.Scenario, i int, a sim.Action) bool {
	if i < 0 || i >= len(f.Choices) || f.Choices[i].Action == a {
		return false
	}
	c := &f.Choices[i]
	c.Action = a
	row := &f.Decision.Rows[i]
	if a != sim.Withhold && len(row.Routes) > 0 {
		l := sc.Items[f.Decision.Item].LevelOf(a)
		if !c.RouteSet || c.Route >= len(row.Routes) || !row.Routes[c.Route].Usable(l) {
			c.Route = BestRoute(row, l)
		}
	}
	r := row.Rules[a]
	if !r.WaiverAvailable {
		c.Waiver = false
	}
	if !needsLeave(r) {
		c.Force = false
	}
	f.Gen++
	return true
}

// SetAll sets every row to action a where that is allowed as it stands
// (not blocked, a usable channel); other rows are withheld. It returns how
// many rows could not take a. These are the "all full / all tearline /
// withhold all" buttons: a trainee who wants to force or seek a waiver
// does so row by row.
func (f *Form) SetAll(sc *sim.Scenario, a sim.Action) int {
	skipped := 0
	for i := range f.Choices {
		f.SetAction(sc, i, a)
		if a != sim.Withhold && f.RowStatus(sc, i).Blocked {
			f.SetAction(sc, i, sim.Withhold)
			skipped++
		}
	}
	return skipped
}

// CycleRoute moves row i to its next route.
func (f *Form) CycleRoute(i int) {
	if i < 0 || i >= len(f.Choices) {
		return
	}
	n := len(f.Decision.Rows[i].Routes)
	if n < 2 {
		return
	}
	f.Choices[i].Route = (f.Choices[i].Route + 1) % n
	f.Choices[i].RouteSet = true
	f.Gen++
}

// ToggleWaiver flips row i's waiver request if a waiver is available.
func (f *Form) ToggleWaiver(i int) {
	if i < 0 || i >= len(f.Choices) {
		return
	}
	c := &f.Choices[i]
	if f.Decision.Rows[i].Rules[c.Action].WaiverAvailable {
		c.Waiver = !c.Waiver
		f.Gen++
	}
}

// ToggleForce flips row i's force flag if its choice is blocked.
func (f *Form) ToggleForce(i int) {
	if i < 0 || i >= len(f.Choices) {
		return
	}
	c := &f.Choices[i]
	if needsLeave(f.Decision.Rows[i].Rules[c.Action]) {
		c.Force = !c.Force
		f.Gen++
	}
}

// Answer returns the choices as an engine answer; withheld rows are left out.
func (f *Form) Answer() sim.Answer {
	var a sim.Answer
	for i, c := range f.Choices {
		if c.Action == sim.Withhold {
			continue
		}
		a.Shares = append(a.Shares, sim.ShareChoice{
			Recipient: f.Decision.Rows[i].Recipient,
			Action:    c.Action,
			Route:     c.Route,
			Waiver:    c.Waiver,
			Force:     c.Force,
		})
	}
	return a
}

// Sharing reports whether any row shares.
func (f *Form) Sharing() bool {
	for _, c := range f.Choices {
		if c.Action != sim.Withhold {
			return true
		}
	}
	return false
}

// Status is what the panel shows about one row's current choice.
type Status struct {
	// Blocked: the engine will refuse the choice unless forced.
	Blocked bool
	// Slowed: an approval, a consent request, a waiver or translation slows it.
	Slowed bool
	// Reasons explain, in plain words, every block and delay.
	Reasons []string
}

// RowStatus explains row i's current choice: the engine's reasons for the
// chosen form and route, plus the route's own state (down, accreditation).
func (f *Form) RowStatus(sc *sim.Scenario, i int) Status {
	var s Status
	c := f.Choices[i]
	row := &f.Decision.Rows[i]
	if c.Action == sim.Withhold {
		return s
	}
	rules := row.Rules[c.Action]
	s.Reasons = append(s.Reasons, rules.Why...)
	switch {
	case needsLeave(rules) && c.Force:
		s.Reasons = append([]string{"Forced through the block: this counts as a violation."}, s.Reasons...)
	case rules.WaiverAvailable && c.Waiver:
		s.Slowed = true
		s.Reasons = append([]string{"A waiver will be sought: it takes time and may be refused."}, s.Reasons...)
	case needsLeave(rules):
		s.Blocked = true
	}
	if rules.Consent {
		s.Slowed = true
	}
	if rules.Approval {
		s.Slowed = true
	}
	if c.Route < len(row.Routes) {
		rt := &row.Routes[c.Route]
		l := sc.Items[f.Decision.Item].LevelOf(c.Action)
		if rt.Down {
			s.Blocked = true
			s.Reasons = append(s.Reasons, rt.Name+" is down (outage): pick another channel.")
		}
		if l > rt.MaxLevel {
			s.Blocked = true
			s.Reasons = append(s.Reasons, fmt.Sprintf("The %s is %s, above %s's accreditation (%s).",
				c.Action, ItemLevel(sc, f.Decision.Holder, l), rt.Name, rt.MaxLevel))
		}
		if rt.Translate || rt.Kind != sim.Direct {
			// A translation, a gateway or the courier slows the share; the
			// route's own words say by how much. Its accreditation alone is
			// no reason (it is in the channel's tooltip).
			s.Slowed = true
			for _, w := range rt.Why {
				if !strings.HasPrefix(w, "accredited to") {
					s.Reasons = append(s.Reasons, w)
				}
			}
		}
	}
	s.Reasons = dedupe(s.Reasons)
	return s
}

// needsLeave reports whether a share under rules cannot go as it stands:
// blocked outright, or a law requires a waiver (the engine refuses such a
// share unless the waiver is sought or the share forced).
func needsLeave(r sim.Rules) bool { return r.Blocked || r.WaiverAvailable }

// RouteLabel describes route j of row i, "COALNET 2h" or "COALNET (down)".
func RouteLabel(row *sim.Row, j int) string {
	if j < 0 || j >= len(row.Routes) {
		return "no channel"
	}
	rt := &row.Routes[j]
	if rt.Down {
		return rt.Name + " (down)"
	}
	return rt.Name + " ~" + Span(rt.Median)
}

// Blockers returns one line per row whose choice cannot go as it stands, for
// the message shown when the trainee tries to send.
func (f *Form) Blockers(sc *sim.Scenario) []string {
	var out []string
	for i := range f.Choices {
		if st := f.RowStatus(sc, i); st.Blocked {
			why := "blocked"
			if len(st.Reasons) > 0 {
				why = st.Reasons[0]
			}
			out = append(out, NationName(sc, f.Decision.Rows[i].Recipient)+": "+why)
		}
	}
	return out
}

func dedupe(ss []string) []string {
	out := ss[:0]
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}
