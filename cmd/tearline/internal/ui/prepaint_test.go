package ui

import (
	"image"
	"maps"
	"slices"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// TestDrawFindsTextsMeasured plays decisions on the largest shipped
// scenario as make bench-gui's fast script does and checks, on the frames
// where a decision closes and where the next one opens (issue 12's worst
// frames), that Update's pre-paint (prepaint.go) leaves no trace of its own
// (what the last Draw drew and clipped is as it was) and that the Draw after
// it measures and lays out no text anew: every width, clip and glyph
// layout it needs was computed in Update. The texts of the map layer,
// painted in Update, still count as drawn in the frame that shows them.
func TestDrawFindsTextsMeasured(t *testing.T) {
	g := newGame(t, Options{Scenario: largest(t), Direct: true, KeepScreen: true})
	const w, h = 1280, 800 // make bench-gui's window (the app's default size)
	g.Layout(w, h)
	// Unmanaged, as the window: outside ebiten's atlases.
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	// The pointer rests outside the window, as after a scripted click.
	g.Hover(parked.X, parked.Y)
	c := g.Ctx
	drawAndCheck := func(when string) {
		t.Helper()
		drawn, clips, boxes := maps.Clone(c.drawn), slices.Clone(c.Clipped()), slices.Clone(c.TextBoxes())
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(drawn, c.drawn) || !slices.Equal(clips, c.Clipped()) || !slices.Equal(boxes, c.TextBoxes()) {
			t.Fatalf("%s: Update changed the record of what the last Draw drew: %d→%d texts, %d→%d clipped, %d→%d boxes",
				when, len(drawn), len(c.drawn), len(clips), len(c.Clipped()), len(boxes), len(c.TextBoxes()))
		}
		shaped, laidOut := c.shaped, glyphs.laidOut
		g.Draw(screen)
		if c.shaped != shaped || glyphs.laidOut != laidOut {
			t.Errorf("%s: Draw measured %d texts and laid out %d anew", when, c.shaped-shaped, glyphs.laidOut-laidOut)
		}
		flush(screen)
	}
	drawAndCheck("the first frame")
	// The map's cached layer, painted in that Update, counts as drawn in
	// the frame that shows it: its legend's heading is drawn nowhere else.
	if !g.Drawn("Trust A → B") {
		t.Error("the first frame: the map layer's texts are not recorded as drawn")
	}
	// Eight decisions: a few seconds under the race detector, and enough to
	// bring new log lines, forecasts, rows and map labels every time.
	opened := 0
	for i := 0; i < 100 && opened < 8; i++ { // a bound on the decisions
		ex := g.Scene().(*Exercise)
		if ex.run.Done() {
			break
		}
		answerAll(ex)
		drawAndCheck("a decision closed")
		ex.nextDecision()
		if ex.form == nil && ex.consent == nil {
			continue
		}
		opened++
		drawAndCheck("a decision opened")
		if len(c.TextBoxes()) == 0 {
			t.Fatal("a decision opened: no text drawn (the check above proves nothing)")
		}
	}
	if opened == 0 {
		t.Fatal("no decision opened")
	}
}
