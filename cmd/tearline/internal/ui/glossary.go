package ui

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
)

// Glossary is the page the ? key (or F1, see KeysGlossary) opens over any screen: every term
// of view.Glossary, the table the tooltips quote. While it is open the
// screen under it is frozen (its Update does not run, so the exercise
// clock stops) and its buttons are put away; Esc, ? or Close goes back.
type Glossary struct {
	open   bool
	scroll int // the first term shown
	more   bool
	cs     Controls
	lay    *glossaryBoxes // nil until the first place
}

// place lays the glossary's top bar out in c's window (built anew at a
// new scale) and returns its boxes.
func (gl *Glossary) place(c *Ctx) *glossaryBoxes {
	if gl.lay == nil || gl.lay.scale != c.Scale {
		gl.lay = newGlossaryBoxes(c)
	}
	gl.lay.root.Place(windowRect(c))
	return gl.lay
}

// update acts on this tick's keys while the glossary is open, or opens
// it (KeysGlossary, KeysGlossaryPage), and lays out its controls; it
// reports whether the glossary holds the screen (the scene's own Update
// must not run; the caller runs the glossary's clicks).
func (gl *Glossary) update(g *Game) bool {
	in := &g.In
	if in.take(KeysGlossary, IntentGlossary) {
		gl.open = !gl.open
		gl.scroll = 0
	}
	if !gl.open {
		return false
	}
	switch {
	case in.Asks(KeysGlossaryPage, IntentClose):
		gl.open = false
		return false
	case in.Asks(KeysGlossaryPage, IntentDown):
		if gl.more {
			gl.scroll++
		}
	case in.Asks(KeysGlossaryPage, IntentUp):
		gl.scroll = max(0, gl.scroll-1)
	}
	if in.Wheel < 0 && gl.more {
		gl.scroll++
	} else if in.Wheel > 0 {
		gl.scroll = max(0, gl.scroll-1)
	}
	gl.scroll = min(gl.scroll, len(view.Glossary)-1)
	gl.cs.Reset()
	gl.cs.Add(Control{ID: "glossary-close", R: gl.place(g.Ctx).closeButton.Rect(), Label: "Close",
		Kind: Primary, Tip: "Back to the screen (" + Label(KeysGlossaryPage, IntentClose) + " or " + Label(KeysGlossary, IntentGlossary) + ").", Act: func() { gl.open = false }})
	return true
}

// draw paints the glossary over the whole window: the title left of Close,
// then the terms from its left edge down.
func (gl *Glossary) draw(dst *ebiten.Image, c *Ctx) {
	dst.Fill(view.Background)
	pad := c.P(glossaryPad)
	title := gl.place(c).title.Rect()
	x, y := title.Min.X, title.Min.Y
	c.Text(dst, "Glossary", Bold, SizeTitle, x, y, view.Text)
	y += c.LineH(SizeTitle)
	c.Text(dst, "The words the screens use. "+Label(KeysGlossaryPage, IntentClose)+" or "+Label(KeysGlossary, IntentGlossary)+
		" closes; "+Label(KeysGlossaryPage, IntentUp)+"/"+Label(KeysGlossaryPage, IntentDown)+" or the wheel scrolls.", Regular, SizeSmall, x, y, view.TextDim)
	y += c.LineH(SizeSmall) + c.P(10)
	w := min(c.W-2*pad, c.P(900)) // a reading width, in unscaled pixels
	bottom := c.H - pad - c.LineH(SizeSmall)
	if gl.scroll > 0 {
		c.Text(dst, fmt.Sprintf("↑ %d more above", gl.scroll), Regular, SizeSmall, x, y, view.Yellow)
		y += c.LineH(SizeSmall)
	}
	gl.more = false
	for i := gl.scroll; i < len(view.Glossary); i++ {
		t := view.Glossary[i]
		lines := c.Wrap(t.Meaning, Regular, SizeBody, w-c.P(20))
		h := c.LineH(SizeBody) * (1 + len(lines))
		if y+h > bottom && i > gl.scroll {
			gl.more = true
			c.Text(dst, fmt.Sprintf("↓ %d more below: scroll (wheel, %s)", len(view.Glossary)-i, Label(KeysGlossaryPage, IntentDown)), Regular, SizeSmall, x, bottom, view.Yellow)
			break
		}
		c.Text(dst, t.Word, Bold, SizeBody, x, y, view.Accent)
		y += c.LineH(SizeBody)
		y = c.Para(dst, t.Meaning, Regular, SizeBody, x+c.P(20), y, w-c.P(20), 0, view.Text) + c.P(6)
	}
}
