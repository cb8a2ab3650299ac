package view

import (
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
// explains each row in plain words. It holds no model logic: whether a
// choice may go, and why not, is the engine's judgement (sim.Row.Judge);
// the best channel is the engine's too (sim.Row.BestRoute).
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
// set to the engine's best route for a full share.
func NewForm(d *sim.Decision) *Form {
	f := &Form{Decision: d, Choices: make([]Choice, len(d.Rows))}
	for i := range d.Rows {
		f.Choices[i].Route = d.Rows[i].BestRoute(sim.Full)
	}
	return f
}

// ShareChoice returns row i's choice as the engine's ShareChoice.
func (f *Form) ShareChoice(i int) sim.ShareChoice {
	c := f.Choices[i]
	return sim.ShareChoice{
		Recipient: f.Decision.Rows[i].Recipient,
		Action:    c.Action,
		Route:     c.Route,
		Waiver:    c.Waiver,
		Force:     c.Force,
	}
}

// Judge returns the engine's judgement of row i's choice as it stands.
func (f *Form) Judge(i int) sim.Judgement {
	return f.Decision.Rows[i].Judge(f.ShareChoice(i))
}

// CanWaive reports whether a law lets row i's current form go with a
// waiver (the engine's rules for it say one is available).
func (f *Form) CanWaive(i int) bool {
	if i < 0 || i >= len(f.Choices) {
		return false
	}
	a := f.Choices[i].Action
	return a != sim.Withhold && f.Decision.Rows[i].Rules[a].WaiverAvailable
}

// CanForce reports whether forcing row i's current form would send it
// through a block as a violation: the engine's judgement of the same choice
// with Force set (and no waiver sought) is a violation.
func (f *Form) CanForce(i int) bool {
	if i < 0 || i >= len(f.Choices) || f.Choices[i].Action == sim.Withhold {
		return false
	}
	sh := f.ShareChoice(i)
	sh.Force, sh.Waiver = true, false
	return f.Decision.Rows[i].Judge(sh).Violation
}

func hasEffect(j *sim.Judgement, e sim.ReasonEffect) bool {
	for _, rs := range j.Reasons {
		if rs.Effect == e {
			return true
		}
	}
	return false
}

// SetAction sets row i's action, moving its route to the engine's best one
// for the new form if the current one cannot carry it (or the trainee has
// not picked one), and dropping a waiver or force the new form cannot take.
// It returns whether anything changed.
func (f *Form) SetAction(i int, a sim.Action) bool {
	if i < 0 || i >= len(f.Choices) || f.Choices[i].Action == a {
		return false
	}
	c := &f.Choices[i]
	c.Action = a
	row := &f.Decision.Rows[i]
	if a != sim.Withhold && len(row.Routes) > 0 {
		if !c.RouteSet || c.Route >= len(row.Routes) || !row.Routes[c.Route].Usable(row.Level[a]) {
			c.Route = row.BestRoute(a)
		}
	}
	if !f.CanWaive(i) {
		c.Waiver = false
	}
	if !f.CanForce(i) {
		c.Force = false
	}
	f.Gen++
	return true
}

// SetAll sets every row to action a where the engine lets it go as it
// stands (not blocked, a usable channel); other rows are withheld. It
// returns how many rows could not take a. These are the "all full / all
// tearline / withhold all" buttons: a trainee who wants to force or seek a
// waiver does so row by row.
func (f *Form) SetAll(a sim.Action) int {
	skipped := 0
	for i := range f.Choices {
		f.SetAction(i, a)
		if a != sim.Withhold && f.Judge(i).Blocked {
			f.SetAction(i, sim.Withhold)
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
// Seeking a waiver drops a force.
func (f *Form) ToggleWaiver(i int) {
	if !f.CanWaive(i) {
		return
	}
	c := &f.Choices[i]
	c.Waiver = !c.Waiver
	if c.Waiver {
		c.Force = false
	}
	f.Gen++
}

// ToggleForce flips row i's force flag if forcing would send its choice
// through a block. Forcing drops a waiver request.
func (f *Form) ToggleForce(i int) {
	if !f.CanForce(i) {
		return
	}
	c := &f.Choices[i]
	c.Force = !c.Force
	if c.Force {
		c.Waiver = false
	}
	f.Gen++
}

// Answer returns the choices as an engine answer; withheld rows are left out.
func (f *Form) Answer() sim.Answer {
	var a sim.Answer
	for i, c := range f.Choices {
		if c.Action == sim.Withhold {
			continue
		}
		a.Shares = append(a.Shares, f.ShareChoice(i))
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

// FirstBlocked returns the first row whose choice the engine would refuse
// as it stands, or -1.
func (f *Form) FirstBlocked() int {
	for i := range f.Choices {
		if f.Judge(i).Blocked {
			return i
		}
	}
	return -1
}

// Status is what the panel shows about one row's current choice: the
// engine's judgement, and its reasons in plain words.
type Status struct {
	// Blocked: the engine will refuse the choice as it stands.
	Blocked bool
	// Violation: the choice is forced through a block and counts as a
	// violation.
	Violation bool
	// Slowed: an approval, a consent request, a waiver or the channel slows it.
	Slowed bool
	// Reasons explain, in plain words, every block and delay: a sentence of
	// the panel's own chosen from the judgement's flags (forced, waiver
	// sought) first, then the engine's reasons.
	Reasons []string
}

// Sentences the panel puts before the engine's reasons, chosen from the
// judgement's typed flags.
const (
	ForcedNote = "Forced through the block: this counts as a violation."
	WaiverNote = "A waiver will be sought: it takes time and may be refused."
)

// RowStatus explains row i's current choice from the engine's judgement
// (sim.Row.Judge). A withheld row has an empty status.
func (f *Form) RowStatus(i int) Status {
	var s Status
	c := f.Choices[i]
	if c.Action == sim.Withhold {
		return s
	}
	j := f.Judge(i)
	s.Blocked, s.Violation, s.Slowed = j.Blocked, j.Violation, j.Slowed
	switch {
	case j.Violation:
		s.Reasons = append(s.Reasons, ForcedNote)
	case c.Waiver && f.CanWaive(i):
		s.Reasons = append(s.Reasons, WaiverNote)
	}
	s.Reasons = append(s.Reasons, j.Texts()...)
	s.Reasons = dedupe(s.Reasons)
	return s
}

// IfShared says in a few words what sharing row's item in each form over
// its best channel would face, from the engine's judgement: "full blocked ·
// tearline needs a waiver". It is "" when nothing stands in the way.
func IfShared(row *sim.Row) string {
	var parts []string
	for _, a := range []sim.Action{sim.Full, sim.Tearline} {
		j := row.Judge(sim.ShareChoice{Recipient: row.Recipient, Action: a, Route: row.BestRoute(a)})
		switch {
		case hasEffect(&j, sim.Blocks):
			parts = append(parts, a.String()+" blocked")
		case hasEffect(&j, sim.NeedsWaiver):
			parts = append(parts, a.String()+" needs a waiver")
		case hasEffect(&j, sim.NeedsConsent):
			parts = append(parts, a.String()+" needs consent")
		case hasEffect(&j, sim.NeedsApproval):
			parts = append(parts, a.String()+" needs approval")
		}
	}
	return joinDot(parts)
}

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

// JudgeAs returns the engine's judgement of row i shared in form a: its
// current choice if that is a's, else a over the engine's best route for a,
// without waiver or force. The panel colours and explains each form's
// button with it.
func (f *Form) JudgeAs(i int, a sim.Action) sim.Judgement {
	if f.Choices[i].Action == a {
		return f.Judge(i)
	}
	row := &f.Decision.Rows[i]
	return row.Judge(sim.ShareChoice{Recipient: row.Recipient, Action: a, Route: row.BestRoute(a)})
}
