package ui

import (
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
)

// The first-run walkthrough: at the first share decision, a card over the
// map explains the decision panel beside it, step by step, until the
// trainee dismisses it ("Got it"); the dismissal is saved in the settings
// (Options.OnWalkthroughDone), so the room sees it once. Scripted runs and
// screenshots never show it (Options.Walkthrough is set only from the
// saved preferences of a person at the window).

// walkthroughTitle and walkthroughSteps are the card's text.
const walkthroughTitle = "Your first decision: how the panel works"

var walkthroughSteps = []string{
	"1. Each partner has a row: Full (the whole report), Tearline (the sanitised substance) or Withhold, and the channel it goes by (click it, or " + Key(KeysForm, IntentRoute) + ", for the next one).",
	"2. Under the buttons, the engine's forecast: in time, median and p90 delivery, then what your choice changes against withholding. Rest the pointer on it for every figure.",
	"3. Red lines say what blocks a share (a law, a marking, the channel). Waiver asks for an exception; Force sends it anyway and counts as a violation.",
	"4. All full / All tearline set every row at once. Send decision " + Hint(KeysForm, IntentSend) + " sends it; the clock then runs on.",
	"5. " + Key(KeysGlossary, IntentGlossary) + " opens the glossary: p90, ORCON, REL TO, NOFORN, tearline…",
}

// walkthroughShows reports whether the card is up: the walkthrough is on
// and a share decision is open.
func (e *Exercise) walkthroughShows(g *Game) bool {
	return g.walkthrough && e.form != nil
}

// walkthroughRect is the card's box: the column left of the panel, over
// the map and the log.
func (e *Exercise) walkthroughRect(c *Ctx) image.Rectangle {
	m := c.P(12)
	return image.Rect(e.mapR.Min.X+m, e.mapR.Min.Y+m, e.mapR.Max.X-m, e.logR.Max.Y-m)
}

// walkthroughControls lays out the card's button.
func (e *Exercise) walkthroughControls(g *Game) {
	if !e.walkthroughShows(g) {
		return
	}
	c := g.Ctx
	r := e.walkthroughRect(c)
	e.lay.walk.place(c, r)
	e.cs.Add(Control{ID: "walkthrough-done", R: e.lay.walk.done.Rect(), Label: "Got it",
		Kind: Primary, Tip: "Close this walkthrough; it will not show again (the glossary stays on ?).",
		Act: func() {
			g.walkthrough = false
			g.repaint = true // the map under the card
			if g.Opts.OnWalkthroughDone != nil {
				g.Opts.OnWalkthroughDone()
			}
		}})
	// The whole card in a tooltip: on a small map the last steps do not fit.
	e.cs.Tip(r, walkthroughTitle+"\n"+strings.Join(walkthroughSteps, "\n"))
}

// drawWalkthrough draws the card (every frame it shows: the map under it
// repaints in part): the title and the steps inside its margin, above its
// button.
func (e *Exercise) drawWalkthrough(dst *ebiten.Image, c *Ctx) {
	r := e.walkthroughRect(c)
	Fill(dst, r, view.Panel)
	Stroke(dst, r, float32(c.Px(2)), view.Yellow)
	l := e.lay.walk // placed with the controls, in Update
	t := l.text.Rect()
	x, y, w := t.Min.X, t.Min.Y, t.Dx()
	bottom := l.done.Rect().Min.Y - c.P(6) // above the button
	y = c.Para(dst, walkthroughTitle, Bold, SizeHead, x, y, w, 0, view.Yellow) + c.P(6)
	for _, s := range walkthroughSteps {
		lines := c.Wrap(s, Regular, SizeBody, w)
		if y+len(lines)*c.LineH(SizeBody) > bottom {
			// The rest would run under the button: the card's tooltip
			// holds every step.
			c.Text(dst, "More: rest the pointer on this card.", Regular, SizeSmall, x, bottom-c.LineH(SizeSmall), view.Yellow)
			break
		}
		y = c.Para(dst, s, Regular, SizeBody, x, y, w, 0, view.Text) + c.P(6)
	}
}
