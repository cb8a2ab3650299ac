package ui

import (
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/sim"
)

// Briefing is read before play: the situation, the objectives, who the
// trainees play and the agreements they belong to. The briefing of the file
// the app opened follows the file: a save shows the new version here, or
// the error screen if it has problems; Reload (R) reads it at once.
type Briefing struct {
	sc     *sim.Scenario
	file   bool // shows the opened file (see livefile.go)
	scroll int
	cs     Controls
}

// NewBriefing returns the briefing for sc.
func NewBriefing(sc *sim.Scenario) *Briefing { return &Briefing{sc: sc} }

// newFileBriefing is the briefing of the opened file.
func newFileBriefing(sc *sim.Scenario) *Briefing { return &Briefing{sc: sc, file: true} }

func (b *Briefing) showsFile(*Game) bool { return b.file }

// reloaded shows the new version in place (the reader keeps their place),
// or the error screen with its problems.
func (b *Briefing) reloaded(g *Game) {
	if g.file.err != nil {
		g.Switch(g.fileScene())
		return
	}
	b.sc = g.file.sc
}

// start begins the exercise on the scenario shown.
func (b *Briefing) start(g *Game) {
	ex := NewExercise(g, b.sc)
	ex.file = b.file
	g.Switch(ex)
}

// Name implements Scene.
func (b *Briefing) Name() string { return "briefing" }

// Controls implements Scene.
func (b *Briefing) Controls() *Controls { return &b.cs }

// Update implements Scene.
func (b *Briefing) Update(g *Game) error {
	c, in := g.Ctx, &g.In
	switch {
	case in.Pressed(ebiten.KeyEnter), in.Pressed(ebiten.KeyNumpadEnter):
		b.start(g)
		return nil
	case b.file && in.Pressed(ebiten.KeyR):
		g.reloadFile()
		if g.Scene() != Scene(b) {
			return nil
		}
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
		Act: func() { b.start(g) }})
	b.cs.Add(Control{ID: "back", R: image.Rect(c.P(40), by, c.P(200), by+c.P(36)), Label: "Scenarios",
		Tip: "Back to the list of shipped scenarios (Esc).", Act: func() { g.Switch(NewStart(g.Opts.Shipped)) }})
	if b.file {
		tip := "Read " + g.file.path + " again now (R)."
		if g.file.watching() {
			tip += " Tearline also reloads it by itself each time you save it."
		}
		b.cs.Add(Control{ID: "reload", R: image.Rect(c.P(212), by, c.P(332), by+c.P(36)), Label: "Reload",
			Tip: tip, Act: g.reloadFile})
	}
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
	if b.file {
		b.drawFileStatus(dst, g)
	}
}

// drawFileStatus says, between the buttons, which file this is and how it
// is followed.
func (b *Briefing) drawFileStatus(dst *ebiten.Image, g *Game) {
	c, lf := g.Ctx, g.file
	x0, x1 := c.P(346), c.W-c.P(254)
	if x1-x0 < c.P(60) {
		return
	}
	by := c.H - c.P(56)
	Fill(dst, image.Rect(x0-c.P(4), by, x1, by+c.P(36)), view.Background)
	s := lf.path
	switch {
	case lf.reloadedAt() != "":
		s += ": reloaded at " + lf.reloadedAt()
	case lf.watching():
		s += ": saved changes show here"
	}
	col := view.TextDim
	if lf.reloadedAt() != "" {
		col = view.Good
	}
	c.Text(dst, c.Clip(s, Regular, SizeSmall, x1-x0), Regular, SizeSmall, x0, by+c.P(10), col)
}

func agreementName(a *sim.Agreement) string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}
