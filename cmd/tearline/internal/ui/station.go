package ui

import (
	"fmt"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
	"tearline/sim"
)

// drawTeam draws, under a station's idle panel, what the facilitator's
// panel would show in single-machine play: the facilitator's notes to the
// team, newest first, and the connection.
func (e *Exercise) drawTeam(dst *ebiten.Image, c *Ctx, x0, w, y int) {
	d, ok := e.drv.(*stationDriver)
	if !ok {
		return
	}
	y += c.P(8)
	conn := "Connected to the host."
	col := view.Good
	if !d.conn {
		conn, col = "Reconnecting to the host…", view.Bad
	}
	if d.redials > 0 {
		conn += fmt.Sprintf(" (reconnected %s)", plural(d.redials, "time"))
	}
	c.Text(dst, c.Clip(conn, Regular, SizeSmall, w), Regular, SizeSmall, x0, y, col)
	y += c.LineH(SizeSmall) + c.P(6)
	notes := d.st.View().Notes
	c.Text(dst, fmt.Sprintf("From the facilitator (%d)", len(notes)), Bold, SizeBody, x0, y, view.Purple)
	y += c.LineH(SizeBody)
	for i := len(notes) - 1; i >= 0 && y < e.panel.Max.Y-c.P(40); i-- {
		y = c.Para(dst, scenario.FormatClock(sim.Hours(notes[i].Time))+"  "+notes[i].Text, Regular, SizeBody, x0, y, w, 4, view.Text) + c.P(4)
	}
}

// stationDebrief is a team station's debrief: what its nation's view
// allows (the station has no run to replay): the threats against it and
// their outcome as the public timeline gives them, the items it holds at
// the end, its trust in the others, its team's decisions and the
// facilitator's notes.
type stationDebrief struct {
	lines  []string
	scroll int
	cs     Controls
	lay    *barBoxes // the bottom bar (bar); nil until the first place
}

// newStationDebrief builds the station's debrief from its screen's last
// view.
func newStationDebrief(e *Exercise, d *stationDriver) *stationDebrief {
	sc := e.sc
	k := d.w.k
	var l []string
	add := func(format string, args ...any) { l = append(l, fmt.Sprintf(format, args...)) }
	add("Exercise over: %s, as %s saw it.", sc.Spec.Scenario.Title, view.NationName(sc, k))
	add("")
	// Averted or struck from the engine's typed results (the view's
	// threats), never from the lines' words; the lines give the times.
	var struck, averted int
	for _, t := range d.w.out.Threats {
		if t.Averted {
			averted++
		} else {
			struck++
		}
	}
	var threats []string
	var lc view.LogClasses
	lc.Update(d.w.log, d.w.out.Threats)
	for i, le := range d.w.log {
		if le.Kind == sim.LogThreat {
			threats = append(threats, scenario.FormatClock(le.Time)+"  "+view.ClassLabel(lc.Of(i))+"  "+le.Text)
		}
	}
	add("Threats: %d averted, %d struck.", averted, struck)
	for _, t := range threats {
		add("  %s", t)
	}
	add("")
	add("Items %s holds at the end: %d.", view.NationName(sc, k), len(d.w.held))
	for i := range sc.Items {
		if f, ok := d.w.held[i]; ok {
			add("  %s  %s (%s)", sc.Items[i].ID, sc.Items[i].Title, f)
		}
	}
	add("")
	add("%s's trust in the others at the end:", view.NationName(sc, k))
	for j := range sc.Nations {
		if j != k {
			add("  %s  %.2f", view.NationName(sc, j), d.w.trust[j])
		}
	}
	add("")
	add("Decisions your team sent: %d.", len(e.records))
	for _, r := range e.records {
		add("  %s  %s", scenario.FormatClock(r.Decision.Time), answerText(sc, &r.Decision, r.Answer))
	}
	if notes := d.st.View().Notes; len(notes) > 0 {
		add("")
		add("From the facilitator:")
		for _, n := range notes {
			add("  %s  %s", scenario.FormatClock(sim.Hours(n.Time)), n.Text)
		}
	}
	add("")
	add("The facilitator's console holds the whole debrief: every nation's decisions against their forecasts, coverage, leaks and trust.")
	return &stationDebrief{lines: l}
}

// answerText says in words what an answer did.
func answerText(sc *sim.Scenario, d *sim.Decision, a sim.Answer) string {
	item := sc.Items[d.Item].ID
	if d.Kind == sim.ConsentDecision {
		if a.Grant {
			return "granted consent for " + item + " to go to " + view.NationName(sc, d.Recipient)
		}
		return "refused consent for " + item
	}
	var parts []string
	for _, s := range a.Shares {
		if s.Action != sim.Withhold {
			parts = append(parts, s.Action.String()+" to "+view.NationName(sc, s.Recipient))
		}
	}
	if len(parts) == 0 {
		return item + ": withheld from all"
	}
	return item + ": " + strings.Join(parts, ", ")
}

// Name implements Scene.
func (s *stationDebrief) Name() string { return "debrief" }

// Controls implements Scene.
func (s *stationDebrief) Controls() *Controls { return &s.cs }

// bar places the station debrief's bottom bar, Quit at its right end;
// its left end lines up with the text, 40 unscaled pixels in from the
// window's edge.
func (s *stationDebrief) bar(c *Ctx) *barBoxes {
	return barBoxesAt(&s.lay, c, 40).place(c)
}

// Update implements Scene.
func (s *stationDebrief) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	if in.Wheel != 0 {
		s.scroll = max(0, min(s.scroll-int(in.Wheel), len(s.lines)-1))
	}
	s.cs.Reset()
	s.cs.Add(Control{ID: "quit", R: s.bar(c).quit.Rect(), Label: "Quit",
		Kind: Primary, Tip: "Close the station.", Act: g.Quit})
	s.cs.Handle(in)
	return nil
}

// Draw implements Scene. The lines run between the bottom bar's ends and
// stop above it.
func (s *stationDebrief) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	bar := s.bar(c).bar.Rect()
	x, w := bar.Min.X, bar.Dx()
	c.Text(dst, "Debrief", Bold, SizeTitle, x, c.P(24), view.Text)
	y := c.P(24) + c.LineH(SizeTitle) + c.P(8)
	for _, l := range s.lines[min(s.scroll, len(s.lines)):] {
		if y > bar.Min.Y-c.P(24) {
			break
		}
		if l == "" {
			y += c.LineH(SizeBody) / 2
			continue
		}
		y = c.Para(dst, l, Regular, SizeBody, x, y, w, 3, view.Text)
	}
}
