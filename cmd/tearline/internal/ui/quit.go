package ui

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"tearline/cmd/tearline/internal/view"
)

// QuitQuestion is what the quit dialog asks while an exercise runs.
const QuitQuestion = "Quit the exercise? Your decisions are saved; you can resume it next time."

// quitDialog asks before quitting mid-exercise: the window's close button,
// Esc or Q on a running exercise open it (Game.askQuit). While it is open
// it holds the screen as the glossary does: the exercise under it is
// frozen (its clock too) and only its buttons, Quit and Keep playing, and
// its keys (KeysQuitDialog) are live.
type quitDialog struct {
	open bool
	cs   Controls
	lay  *quitBoxes // nil until the first layout
}

// askQuit quits, or asks first if an exercise is running and not over
// (its decisions are autosaved, see autosave.go, so quitting loses
// nothing but the asking keeps a stray Esc from ending a session).
func (g *Game) askQuit() {
	if ex, ok := g.scene.(*Exercise); ok && !ex.w.Done() && !g.quit {
		g.quitDlg.open = true
		g.W.clearFocus()
		return
	}
	g.Quit()
}

// update acts on the dialog's keys and lays out its buttons; it reports
// whether the dialog holds the screen.
func (q *quitDialog) update(g *Game) bool {
	if !q.open {
		return false
	}
	in := &g.In
	switch {
	case in.Asks(KeysQuitDialog, IntentConfirmQuit):
		q.open = false
		g.Quit()
	case in.Asks(KeysQuitDialog, IntentKeepPlaying):
		q.open = false
		g.repaint = true
		return true
	}
	q.layout(g)
	return true
}

// place lays the dialog's boxes out in c's window (built anew at a new
// scale) and returns them.
func (q *quitDialog) place(c *Ctx) *quitBoxes {
	if q.lay == nil || q.lay.scale != c.Scale {
		q.lay = newQuitBoxes(c)
	}
	q.lay.place(c)
	return q.lay
}

// layout places the dialog's box and buttons.
func (q *quitDialog) layout(g *Game) {
	l := q.place(g.Ctx)
	q.cs.Reset()
	q.cs.Add(Control{ID: "quit-cancel", R: l.keep.Rect(), Label: "Keep playing",
		Kind: Primary, Tip: "Back to the exercise " + Hint(KeysQuitDialog, IntentKeepPlaying) + ".",
		Act: func() { q.open = false; g.repaint = true }})
	q.cs.Add(Control{ID: "quit-confirm", R: l.quit.Rect(), Label: "Quit",
		Tip: "Close Tearline; the next start offers to resume this exercise " + Hint(KeysQuitDialog, IntentConfirmQuit) + ".",
		Act: func() { q.open = false; g.Quit() }})
}

// dim is drawn over the screen under the dialog.
var dim = color.RGBA{0, 0, 0, 0xa0}

// draw paints the dialog over what is on dst.
func (q *quitDialog) draw(dst *ebiten.Image, c *Ctx) {
	b := dst.Bounds()
	vector.DrawFilledRect(dst, float32(b.Min.X), float32(b.Min.Y), float32(b.Dx()), float32(b.Dy()), dim, false)
	l := q.place(c)
	Fill(dst, l.dialog.Rect(), view.Panel)
	t := l.question.Rect()
	c.Para(dst, QuitQuestion, Bold, SizeBody, t.Min.X, t.Min.Y, t.Dx(), 0, view.Text)
}
