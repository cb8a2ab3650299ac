package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
)

// fileNotice is the exercise's banner about the scenario file changing on
// disk while it is played. It never disturbs play: it sits at the foot of
// the map, takes no keys, pauses nothing, and the run goes on until the
// trainees choose to restart. Its state is the exercise's; its text comes
// from Game.file (the latest version read).
type fileNotice struct {
	// shown says the banner is up: the file changed since the exercise
	// started, and the banner was not dismissed since.
	shown bool
	// confirming says Restart was chosen and the banner now asks to confirm.
	confirming bool
	// problems says the new version's problems are listed over the map.
	problems bool
	lines    []string // the problems, as problemLines gives them
	count    int      // how many
	path     string   // the file

	// layout, computed in Update (noticeLayout), read in Draw
	r     image.Rectangle // the banner
	list  image.Rectangle // the problem list, when open
	msg   string          // the banner's message
	text  []string        // msg, wrapped to the banner
	textY int             // where its first line goes
}

func (e *Exercise) showsFile(*Game) bool { return e.file }

// reloaded puts the banner up (again) for the new version. A version with
// problems cancels a restart being confirmed: there is nothing to restart
// on.
func (e *Exercise) reloaded(g *Game) {
	n := &e.notice
	n.shown, n.path = true, g.file.path
	if err := g.file.err; err != nil {
		n.lines, n.count = problemLines(err), problemCount(err)
		n.confirming = false
	} else {
		n.lines, n.count, n.problems = nil, 0, false
	}
}

// noticeMessage is what the banner says.
func (e *Exercise) noticeMessage() string {
	n := &e.notice
	switch {
	case n.count > 0:
		return "The scenario file changed, but the new version has " + plural(n.count, "problem") + "; this exercise goes on."
	case n.confirming:
		lost := "This exercise so far"
		if len(e.records) > 0 {
			lost = "The " + plural(len(e.records), "decision") + " taken so far"
		}
		return "Restart on the new version? " + lost + " will be lost: Tearline does not save an exercise in progress."
	}
	return "The scenario file changed."
}

// noticeButton is one of the banner's buttons.
type noticeButton struct {
	id, label, tip string
	kind           ControlKind
	act            func()
}

// noticeButtons are the banner's buttons, the × that hides it aside.
func (e *Exercise) noticeButtons(g *Game) []noticeButton {
	n := &e.notice
	path := n.path
	switch {
	case n.count > 0 && n.problems:
		return []noticeButton{{"hide-problems", "Hide problems", "Close the list and show the map again.", Button,
			func() { n.problems = false }}}
	case n.count > 0:
		return []noticeButton{{"show-problems", "Show problems", "List the problems of " + path +
			" over the map, as tearline-sim lint reports them; the exercise goes on. Fix the file and save it again.",
			Button, func() { n.problems = true }}}
	case n.confirming:
		return []noticeButton{
			{"confirm-restart", "Restart", "End this exercise and open the briefing of the new version of " + path + ".",
				Primary, func() { g.Switch(g.fileScene()) }},
			{"keep-playing", "Keep playing", "Go on with this exercise on the version it started with.",
				Button, func() { n.confirming = false }},
		}
	}
	return []noticeButton{{"restart-new", "Restart with the new version", "Start again from the briefing of the new version of " +
		path + "; you are asked to confirm first. Until then this exercise goes on with the version it started with.",
		Primary, func() { n.confirming = true }}}
}

// noticeLayout lays out the banner at the foot of the map, on one line
// where it fits, and, when open, the problem list above it; it adds their
// controls.
func (e *Exercise) noticeLayout(g *Game) {
	n := &e.notice
	if !n.shown {
		return
	}
	c := g.Ctx
	pad, gap, bh := c.P(10), c.P(8), c.P(30)
	m := e.mapR
	x0, x1 := m.Min.X+pad, m.Max.X-pad
	inner := x1 - x0 - 2*pad
	buttons := e.noticeButtons(g)
	widths := make([]int, len(buttons))
	bw := 0
	for i, b := range buttons {
		widths[i] = int(c.Advance(b.label, Bold, SizeBody)) + c.P(28)
		bw += widths[i] + gap
	}
	dw := 0 // the × that hides the banner, at the right end
	if !n.confirming {
		dw = c.P(30)
	}
	n.msg = e.noticeMessage()
	lh := c.LineH(SizeBody)
	var h, bx int
	if mw := int(c.Advance(n.msg, Bold, SizeBody)); mw+c.P(12)+bw+dw <= inner {
		// One line: the message, then the buttons.
		n.text = []string{n.msg}
		h = pad + bh + pad
		n.r = image.Rect(x0, m.Max.Y-pad-h, x1, m.Max.Y-pad)
		n.textY = n.r.Min.Y + pad + (bh-lh)/2
		bx = n.r.Min.X + pad + mw + c.P(12)
	} else {
		n.text = c.Wrap(n.msg, Bold, SizeBody, inner)
		if len(n.text) > 4 { // the rest is in the banner's tooltip
			n.text = n.text[:4]
		}
		h = pad + len(n.text)*lh + c.P(6) + bh + pad
		n.r = image.Rect(x0, m.Max.Y-pad-h, x1, m.Max.Y-pad)
		n.textY = n.r.Min.Y + pad
		bx = n.r.Min.X + pad
	}
	by := n.r.Max.Y - pad - bh
	for i, b := range buttons {
		e.cs.Add(Control{ID: b.id, R: image.Rect(bx, by, bx+widths[i], by+bh), Label: b.label, Tip: b.tip, Kind: b.kind, Act: b.act})
		bx += widths[i] + gap
	}
	if dw > 0 {
		e.cs.Add(Control{ID: "dismiss-notice", R: image.Rect(n.r.Max.X-pad-dw, by, n.r.Max.X-pad, by+bh), Label: "×",
			Tip: "Hide this notice and play on with this version; it comes back if the file is saved again.",
			Act: func() { *n = fileNotice{} }})
	}
	e.cs.Tip(n.r, n.msg+" Saved changes to "+n.path+" do not reach an exercise in progress: it goes on with the version it started with until you restart.")
	// The problem list: as tall as its lines, at most up to the map's top.
	n.list = image.Rectangle{}
	if n.problems && n.count > 0 {
		need := pad + lh + c.P(6) + pad
		for _, l := range n.lines {
			need += len(c.Wrap(l, Mono, SizeSmall, inner))*c.LineH(SizeSmall) + c.P(4)
		}
		bottom := n.r.Min.Y - c.P(6)
		n.list = image.Rect(x0, max(m.Min.Y+pad, bottom-need), x1, bottom)
	}
}

// drawNotice draws the banner and the problem list over the map (inside
// the map's region, so a change repaints only what changed).
func (e *Exercise) drawNotice(dst *ebiten.Image, c *Ctx) {
	n := &e.notice
	if !n.shown || n.r.Empty() {
		return
	}
	pad := c.P(10)
	border := view.Accent
	switch {
	case n.count > 0:
		border = view.Bad
	case n.confirming:
		border = view.Warn
	}
	Fill(dst, n.r, view.Panel)
	Stroke(dst, n.r, float32(max(2, c.P(2))), border)
	y := n.textY
	for _, l := range n.text {
		c.Text(dst, l, Bold, SizeBody, n.r.Min.X+pad, y, view.Text)
		y += c.LineH(SizeBody)
	}
	c.markDrawn(n.msg) // the whole message, for scripted checks
	if !n.list.Empty() {
		e.drawProblems(dst, c)
	}
}

// drawProblems lists the new version's problems over the map.
func (e *Exercise) drawProblems(dst *ebiten.Image, c *Ctx) {
	n := &e.notice
	pad := c.P(10)
	Fill(dst, n.list, view.Panel)
	Stroke(dst, n.list, float32(max(1, c.P(1))), view.Bad)
	x, y := n.list.Min.X+pad, n.list.Min.Y+pad
	w := n.list.Dx() - 2*pad // as in noticeLayout
	c.Text(dst, c.Clip(n.path+": "+plural(n.count, "problem")+" (the same as tearline-sim lint reports)", Bold, SizeBody, w),
		Bold, SizeBody, x, y, view.Bad)
	y += c.LineH(SizeBody) + c.P(6)
	lh := c.LineH(SizeSmall)
	for _, l := range n.lines {
		for _, wl := range c.Wrap(l, Mono, SizeSmall, w) {
			if y+lh > n.list.Max.Y-pad {
				return
			}
			c.Text(dst, wl, Mono, SizeSmall, x, y, view.Text)
			y += lh
		}
		y += c.P(4)
	}
}
