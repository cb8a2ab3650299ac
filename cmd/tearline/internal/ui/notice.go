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
	bx     *noticeBoxes
	r      image.Rectangle // the banner
	list   image.Rectangle // the problem list, when open
	listIn image.Rectangle // the list's text, inside its margin
	msg    string          // the banner's message
	text   []string        // msg, wrapped to the banner
	textR  image.Rectangle // where its lines go
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
// where it fits, and, when open, the problem list above it (noticeBoxes);
// it adds their controls.
func (e *Exercise) noticeLayout(g *Game) {
	n := &e.notice
	if !n.shown {
		return
	}
	c := g.Ctx
	if n.bx == nil || n.bx.scale != c.Scale {
		n.bx = newNoticeBoxes(c)
	}
	b := n.bx
	area := e.mapR.Inset(b.pad)
	buttons := e.noticeButtons(g)
	for i, bb := range b.buttons {
		bb.Show(i < len(buttons))
		if i < len(buttons) {
			bb.Size(int(c.Advance(buttons[i].label, Bold, SizeBody))+c.P(28), b.bh)
		}
	}
	b.dismiss.Show(!n.confirming) // the × that hides the banner, at the right end
	n.msg = e.noticeMessage()
	lh := c.LineH(SizeBody)
	// One line, the message then the buttons, if it fits; else the
	// message wrapped above them. The widths do not depend on the heights:
	// place once for them, size the heights, place again.
	b.inline.Size(int(c.Advance(n.msg, Bold, SizeBody)), 1).Show(true)
	b.text.Show(false)
	open := n.problems && n.count > 0
	b.list.Show(open)
	b.listText.Size(0, 0)
	b.root.Place(area)
	if pw, _ := b.bar.PreferredSize(); pw <= b.bar.Rect().Dx() {
		n.text = []string{n.msg} // a new slice: n.text may hold Ctx.Wrap's cached lines
	} else {
		n.text = c.Wrap(n.msg, Bold, SizeBody, b.bar.Rect().Dx())
		if len(n.text) > 4 { // the rest is in the banner's tooltip
			n.text = n.text[:4]
		}
		b.inline.Show(false)
		b.text.Size(0, len(n.text)*lh)
		b.text.Show(true)
	}
	if open {
		// The problem list: as tall as its lines, at most up to the map's
		// top.
		w := b.listText.Rect().Dx()
		need := lh + c.P(6)
		for _, l := range n.lines {
			need += len(c.Wrap(l, Mono, SizeSmall, w))*c.LineH(SizeSmall) + c.P(4)
		}
		b.listText.Size(0, need)
		if _, h := b.stack.PreferredSize(); h > area.Dy() {
			b.listText.Size(0, need-(h-area.Dy()))
		}
	}
	b.root.Place(area)
	n.r, n.list, n.listIn = b.banner.Rect(), b.list.Rect(), b.listText.Rect()
	n.textR = b.inline.Rect()
	if !b.inline.Shown() {
		n.textR = b.text.Rect()
	}
	for i, bt := range buttons {
		e.cs.Add(Control{ID: bt.id, R: b.buttons[i].Rect(), Label: bt.label, Tip: bt.tip, Kind: bt.kind, Act: bt.act})
	}
	if !n.confirming {
		e.cs.Add(Control{ID: "dismiss-notice", R: b.dismiss.Rect(), Label: "×",
			Tip: "Hide this notice and play on with this version; it comes back if the file is saved again.",
			Act: func() { *n = fileNotice{} }})
	}
	e.cs.Tip(n.r, n.msg+" Saved changes to "+n.path+" do not reach an exercise in progress: it goes on with the version it started with until you restart.")
}

// drawNotice draws the banner and the problem list over the map (inside
// the map's region, so a change repaints only what changed).
func (e *Exercise) drawNotice(dst *ebiten.Image, c *Ctx) {
	n := &e.notice
	if !n.shown || n.r.Empty() {
		return
	}
	border := view.Accent
	switch {
	case n.count > 0:
		border = view.Bad
	case n.confirming:
		border = view.Warn
	}
	Fill(dst, n.r, view.Panel)
	Stroke(dst, n.r, float32(max(2, c.P(2))), border)
	// The lines in the middle of their place (on the buttons' line, or
	// above them).
	y := n.textR.Min.Y + (n.textR.Dy()-len(n.text)*c.LineH(SizeBody))/2
	for _, l := range n.text {
		c.Text(dst, l, Bold, SizeBody, n.textR.Min.X, y, view.Text)
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
	Fill(dst, n.list, view.Panel)
	Stroke(dst, n.list, float32(max(1, c.P(1))), view.Bad)
	x, y := n.listIn.Min.X, n.listIn.Min.Y
	w := n.listIn.Dx() // the width noticeLayout wrapped at
	c.Text(dst, c.Clip(n.path+": "+plural(n.count, "problem")+" (the same as tearline-sim lint reports)", Bold, SizeBody, w),
		Bold, SizeBody, x, y, view.Bad)
	y += c.LineH(SizeBody) + c.P(6)
	lh := c.LineH(SizeSmall)
	for _, l := range n.lines {
		for _, wl := range c.Wrap(l, Mono, SizeSmall, w) {
			if y+lh > n.listIn.Max.Y {
				return
			}
			c.Text(dst, wl, Mono, SizeSmall, x, y, view.Text)
			y += lh
		}
		y += c.P(4)
	}
}
