package ui

import (
	"fmt"
	"image"
	"strings"

	"github.com/ebitenui/ebitenui/widget"
	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/boxes"
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
	scroll int  // first line shown, in body lines
	cs     Controls
	// measured by Draw, read by Update: how far the text may scroll and a
	// page, in body lines (0 when it fits above the buttons)
	maxScroll, page int
	lay             *briefingBoxes // nil until the first place
}

// briefingBoxes lay out the briefing's bottom bar: Scenarios and Reload at
// the left, Start exercise at the right, the opened file's status between.
type briefingBoxes struct {
	scale                        float64 // the Ctx.Scale they were built at
	root, bar                    *boxes.Box
	back, reload, status, startB *boxes.Box
}

// newBriefingBoxes builds the briefing's boxes at c's scale.
func newBriefingBoxes(c *Ctx) *briefingBoxes {
	l := &briefingBoxes{scale: c.Scale}
	l.back, l.reload = boxes.Leaf(c.P(160), c.P(36)), boxes.Leaf(c.P(120), c.P(36))
	l.startB, l.status = boxes.Leaf(c.P(200), c.P(36)), boxes.Leaf(0, 0)
	l.bar = edgeBar(widget.AnchorLayoutPositionEnd, widget.Insets{Left: c.P(40), Right: c.P(40), Bottom: c.P(20)}, c.P(14),
		boxes.Row(c.P(12), l.back, l.reload), l.status, l.startB)
	l.root = boxes.Anchor(l.bar)
	return l
}

// place lays the briefing's boxes out in the window (built anew at a new
// scale); Reload shows for the opened file only.
func (b *Briefing) place(c *Ctx) *briefingBoxes {
	if b.lay == nil || b.lay.scale != c.Scale {
		b.lay = newBriefingBoxes(c)
	}
	b.lay.reload.Show(b.file)
	b.lay.root.Place(windowRect(c))
	return b.lay
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
	km := KeysBriefing
	switch {
	case in.Asks(km, IntentStart):
		b.start(g)
		return nil
	case b.file && in.Asks(km, IntentReload):
		g.reloadFile()
		if g.Scene() != Scene(b) {
			return nil
		}
	case in.Asks(km, IntentBack):
		g.Switch(NewStart(g.Opts.Shipped))
		return nil
	case in.Asks(km, IntentPageDown):
		b.scroll += max(b.page-1, 1)
	case in.Asks(km, IntentPageUp):
		b.scroll -= max(b.page-1, 1)
	case in.Asks(km, IntentDown) || in.Wheel < 0:
		b.scroll += briefingWheelLines
	case in.Asks(km, IntentUp) || in.Wheel > 0:
		b.scroll -= briefingWheelLines
	}
	b.scroll = max(0, min(b.scroll, b.maxScroll))
	b.cs.Reset()
	l := b.place(c)
	b.cs.Add(Control{ID: "start", R: l.startB.Rect(), Label: "Start exercise",
		Kind: Primary, Tip: "Open the coalition map; the clock starts paused " + Hint(km, IntentStart) + ".",
		Act: func() { b.start(g) }})
	b.cs.Add(Control{ID: "back", R: l.back.Rect(), Label: "Scenarios",
		Tip: "Back to the list of shipped scenarios " + Hint(km, IntentBack) + ".", Act: func() { g.Switch(NewStart(g.Opts.Shipped)) }})
	if b.file {
		tip := "Read " + g.file.path + " again now " + Hint(km, IntentReload) + "."
		if g.file.watching() {
			tip += " Tearline also reloads it by itself each time you save it."
		}
		b.cs.Add(Control{ID: "reload", R: l.reload.Rect(), Label: "Reload",
			Tip: tip, Act: g.reloadFile})
	}
	b.cs.Handle(in)
	return nil
}

// briefingWheelLines is how many lines a wheel notch or arrow key scrolls
// the briefing: as the debrief's list.
const briefingWheelLines = 3

// Draw implements Scene. The text is drawn above the buttons, clipped
// there; when it runs further, a scroll cue takes the line above the
// buttons and says how much is above and below.
func (b *Briefing) Draw(dst *ebiten.Image, g *Game) {
	c := g.Ctx
	l := b.lay
	if l == nil {
		l = b.place(c)
	}
	bar := l.bar.Rect()
	top := c.P(24)
	lh := c.LineH(SizeBody)
	// Keep 8 pixels clear above the buttons' bar.
	bottom := bar.Min.Y - c.P(8)
	cueH := c.LineH(SizeSmall) + c.P(4)
	// Measure first (the text's height does not depend on where it is
	// drawn), then draw what fits. Measuring records draw calls (see
	// draw.go): drop them.
	h := b.drawText(nil, g, 0) - top
	recReset()
	avail := bottom - top
	b.maxScroll, b.page = 0, max(avail/lh, 1)
	if h > avail {
		avail -= cueH
		b.page = max(avail/lh, 1)
		b.maxScroll = (h - avail + lh - 1) / lh
	}
	b.scroll = max(0, min(b.scroll, b.maxScroll))
	area := image.Rect(0, 0, c.W, top+avail)
	b.drawText(dst.SubImage(area).(*ebiten.Image), g, b.scroll*lh)
	if b.maxScroll > 0 {
		above := b.scroll
		below := b.maxScroll - b.scroll
		cue := fmt.Sprintf("▲ %d lines above · ▼ %d below — wheel, %s/%s or arrows", above, below,
			Label(KeysBriefing, IntentPageUp), Label(KeysBriefing, IntentPageDown))
		c.Text(dst, c.Clip(cue, Regular, SizeSmall, bar.Dx()), Regular, SizeSmall, bar.Min.X, top+avail+c.P(2), view.TextDim)
	}
	if b.file {
		b.drawFileStatus(dst, g, barRoom(l.bar, l.status))
	}
}

// drawText draws the briefing's text scrolled up by off pixels and returns
// the y below it. With a nil dst it only measures.
func (b *Briefing) drawText(dst *ebiten.Image, g *Game, off int) int {
	c, sc := g.Ctx, b.sc
	h := &sc.Spec.Scenario
	x := c.P(40)
	w := c.W - 2*x
	y := c.P(24) - off
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
	return c.Para(dst, "How to play: the clock starts paused. "+Label(KeysClock, IntentPause)+" plays and pauses, "+
		Label(KeysExercise, IntentFaster)+" and "+Label(KeysExercise, IntentSlower)+" change the speed. "+
		"The exercise pauses at every decision: choose full, tearline or withhold for each partner and a channel, "+
		"read the forecast, then send "+Hint(KeysForm, IntentSend)+". Rest the pointer on any figure for an explanation.",
		Regular, SizeBody, x, y, w, 0, view.TextDim)
}

// drawFileStatus says, in r between the buttons, which file this is and how
// it is followed.
func (b *Briefing) drawFileStatus(dst *ebiten.Image, g *Game, r image.Rectangle) {
	c, lf := g.Ctx, g.file
	if r.Dx() < c.P(60) {
		return
	}
	Fill(dst, image.Rect(r.Min.X-c.P(4), r.Min.Y, r.Max.X, r.Max.Y), view.Background)
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
	c.Text(dst, c.Clip(s, Regular, SizeSmall, r.Dx()), Regular, SizeSmall, r.Min.X, r.Min.Y+c.P(10), col)
}

func agreementName(a *sim.Agreement) string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}
