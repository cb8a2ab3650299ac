package ui

import (
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/sim"
)

// Briefing is read before play: the situation, the objectives, who the
// trainees play and the agreements they belong to.
type Briefing struct {
	sc     *sim.Scenario
	scroll int
	cs     Controls
}

// NewBriefing returns the briefing for sc.
func NewBriefing(sc *sim.Scenario) *Briefing { return &Briefing{sc: sc} }

// Name implements Scene.
func (b *Briefing) Name() string { return "briefing" }

// Controls implements Scene.
func (b *Briefing) Controls() *Controls { return &b.cs }

// Update implements Scene.
func (b *Briefing) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	switch {
	case in.Pressed(ebiten.KeyEnter), in.Pressed(ebiten.KeyNumpadEnter):
		g.Switch(NewExercise(g, b.sc))
		return nil
	case in.Pressed(ebiten.KeyEscape):
		g.Switch(NewStart(g.Opts.Shipped))
		return nil
	case in.Pressed(ebiten.KeyArrowDown) || in.Wheel < 0:
		b.scroll++
	case in.Pressed(ebiten.KeyArrowUp) || in.Wheel > 0:
		b.scroll = max(b.scroll-1, 0)
	}
	b.cs.Reset()
	by := c.H - c.P(56)
	b.cs.Add(Control{ID: "start", R: image.Rect(c.W-c.P(240), by, c.W-c.P(40), by+c.P(36)), Label: "Start exercise",
		Kind: Primary, Tip: "Open the coalition map; the clock starts paused (Enter).",
		Act: func() { g.Switch(NewExercise(g, b.sc)) }})
	b.cs.Add(Control{ID: "back", R: image.Rect(c.P(40), by, c.P(200), by+c.P(36)), Label: "Scenarios",
		Tip: "Back to the list of shipped scenarios (Esc).", Act: func() { g.Switch(NewStart(g.Opts.Shipped)) }})
	b.cs.Handle(in)
	return nil
}

// Draw implements Scene.
func (b *Briefing) Draw(dst *ebiten.Image, g *Game) {
	c, sc := g.Ctx, b.sc
	h := &sc.Spec.Scenario
	x := c.P(40)
	w := c.W - 2*x
	y := c.P(24) - b.scroll*c.LineH(SizeBody)
	c.Text(dst, "Briefing", Regular, SizeHead, x, y, view.TextDim)
	y += c.LineH(SizeHead)
	c.Text(dst, h.Title, Bold, SizeTitle, x, y, view.Text)
	y += c.LineH(SizeTitle) + c.P(4)
	var players []string
	for _, p := range sc.Players {
		players = append(players, view.NationName(sc, p))
	}
	c.Text(dst, "You play: "+strings.Join(players, ", ")+"    Length: "+view.Span(sc.End())+
		"    Notional: parameters are invented for training.", Bold, SizeBody, x, y, view.Accent)
	y += c.LineH(SizeBody) + c.P(10)
	if h.Summary != "" {
		y = c.Para(dst, h.Summary, Regular, SizeBody, x, y, w, 0, view.Text) + c.P(8)
	}
	if h.Briefing != "" {
		y = c.Para(dst, h.Briefing, Regular, SizeBody, x, y, w, 0, view.Text) + c.P(12)
	}
	c.Text(dst, "Agreements you belong to", Bold, SizeHead, x, y, view.Text)
	y += c.LineH(SizeHead)
	any := false
	for ai := range sc.Agreements {
		a := &sc.Agreements[ai]
		mine := false
		for _, p := range sc.Players {
			mine = mine || a.Member(p)
		}
		if !mine {
			continue
		}
		any = true
		var mem []string
		for _, m := range a.Members {
			mem = append(mem, view.NationName(sc, m))
		}
		Fill(dst, image.Rect(x, y+c.P(4), x+c.P(12), y+c.P(16)), view.AgreementColour(ai))
		line := agreementName(a) + ": " + strings.Join(mem, ", ") + "; up to " + a.MaxLevel.String()
		if a.ThirdPartyRule {
			line += "; third-party rule"
		}
		if a.Suspended {
			line += " (suspended)"
		}
		y = c.Para(dst, line, Regular, SizeBody, x+c.P(20), y, w-c.P(20), 0, view.Text)
	}
	if !any {
		c.Text(dst, "None: every share goes outside an agreement's scope.", Regular, SizeBody, x, y, view.TextDim)
		y += c.LineH(SizeBody)
	}
	y += c.P(10)
	c.Text(dst, "Objectives", Bold, SizeHead, x, y, view.Text)
	y += c.LineH(SizeHead)
	for _, o := range sc.Spec.Objectives {
		t := o.Text
		if t == "" {
			t = o.ID
		}
		y = c.Para(dst, "• "+t, Regular, SizeBody, x, y, w, 0, view.Text)
	}
	y += c.P(10)
	c.Para(dst, "How to play: the clock starts paused. Space plays and pauses, + and - change the speed. "+
		"The exercise pauses at every decision: choose full, tearline or withhold for each partner and a channel, "+
		"read the forecast, then send (Enter). Rest the pointer on any figure for an explanation.",
		Regular, SizeBody, x, y, w, 0, view.TextDim)
}

func agreementName(a *sim.Agreement) string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}
