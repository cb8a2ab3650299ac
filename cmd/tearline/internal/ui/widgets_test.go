package ui

import (
	"image"
	"image/color"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
)

// testScene is a screen with whatever controls a test gives it.
type testScene struct {
	cs     Controls
	layout func(*Controls)
}

func (s *testScene) Name() string                    { return "test" }
func (s *testScene) Controls() *Controls             { return &s.cs }
func (s *testScene) Draw(dst *ebiten.Image, _ *Game) { dst.Fill(image.Black) }
func (s *testScene) Update(g *Game) error {
	s.cs.Reset()
	s.layout(&s.cs)
	s.cs.Handle(&g.In)
	return nil
}

// TestClicksGoThroughEbitenui: a scripted click reaches a control's Act
// only by way of ebitenui's button (pointer down, up), once; a disabled
// control, or a click beside every control, runs nothing.
func TestClicksGoThroughEbitenui(t *testing.T) {
	counts := map[string]int{}
	sc := &testScene{layout: func(cs *Controls) {
		cs.Add(Control{ID: "a", R: image.Rect(10, 10, 110, 40), Label: "A", Act: func() { counts["a"]++ }})
		cs.Add(Control{ID: "b", R: image.Rect(10, 50, 110, 80), Label: "B", Disabled: true, Act: func() { counts["b"]++ }})
	}}
	g := newGame(t, Options{})
	g.Switch(sc)
	frame(t, g, 320, 200, 2)
	for _, tt := range []struct {
		x, y int
		want map[string]int
	}{
		{60, 25, map[string]int{"a": 1}},          // inside A
		{60, 65, map[string]int{"a": 1}},          // on disabled B
		{200, 150, map[string]int{"a": 1}},        // beside both
		{11, 11, map[string]int{"a": 2}},          // A's top-left corner pixel
		{110, 40, map[string]int{"a": 2, "b": 0}}, // just outside A (Max is exclusive)
	} {
		g.Click(tt.x, tt.y)
		frame(t, g, 320, 200, 1)
		for id, n := range tt.want {
			if counts[id] != n {
				t.Errorf("after a click at (%d, %d): %s ran %d times, want %d", tt.x, tt.y, id, counts[id], n)
			}
		}
	}
	if b, ok := g.W.find("a"); !ok || b.GetWidget().Rect != image.Rect(10, 10, 110, 40) {
		t.Errorf("button a is not where the scene put it")
	}
}

// TestWidgetsSync: widgets follow the controls (new, moved, relabelled,
// gone) and tooltip areas give way to controls and to earlier areas.
func TestWidgetsSync(t *testing.T) {
	g := newGame(t, Options{})
	w, c := g.W, g.Ctx
	var cs Controls
	cs.Add(Control{ID: "x", R: image.Rect(0, 0, 50, 20), Label: "X", Tip: "x's tip"})
	cs.Add(Control{ID: "y", R: image.Rect(0, 30, 50, 50), Label: "Y"})
	cs.Tip(image.Rect(100, 0, 200, 20), "first area")
	cs.Tip(image.Rect(150, 10, 250, 30), "overlaps the first: dropped")
	cs.Tip(image.Rect(40, 10, 60, 15), "over x, which has a tip: dropped")
	cs.Tip(image.Rect(40, 35, 60, 40), "over y, which has none: kept")
	w.sync(c, &cs)
	if !w.changed {
		t.Error("new widgets did not mark the screen changed")
	}
	buttons, areas := 0, 0
	for _, e := range w.entries {
		if e.btn != nil {
			buttons++
		} else {
			areas++
		}
	}
	if buttons != 2 || areas != 2 {
		t.Errorf("%d buttons and %d tip areas, want 2 and 2", buttons, areas)
	}
	bx, _ := w.find("x")

	w.changed = false
	w.sync(c, &cs)
	if w.changed {
		t.Error("the same controls marked the screen changed")
	}

	cs.Reset()
	cs.Add(Control{ID: "x", R: image.Rect(0, 5, 50, 25), Label: "X2", Tip: "x's tip"})
	w.sync(c, &cs)
	img := ebiten.NewImage(320, 200)
	defer img.Deallocate()
	w.UI.Draw(img) // ebitenui makes a button's text when it first lays it out
	if b, _ := w.find("x"); b != bx {
		t.Error("a moved and relabelled control got a new widget; want the old one updated")
	}
	if bx.Text() == nil || bx.Text().Label != "X2" || bx.GetWidget().LayoutData != image.Rect(0, 5, 50, 25) {
		t.Errorf("x: label %q at %v, want X2 at (0,5)-(50,25)", bx.Text().Label, bx.GetWidget().LayoutData)
	}
	if _, ok := w.find("y"); ok {
		t.Error("y is gone from the controls but still has a widget")
	}
	if len(w.entries) != 1 || !w.changed {
		t.Errorf("%d widgets (want 1), changed %v (want true)", len(w.entries), w.changed)
	}
}

// TestKeyboardFocus: Tab and Shift+Tab walk the enabled buttons in reading
// order (rows top to bottom, each left to right, whatever order the screen
// added them in; skipping disabled ones, wrapping), Enter presses the
// focused one through ebitenui, Esc drops the focus, and a mouse click
// leaves none.
func TestKeyboardFocus(t *testing.T) {
	counts := map[string]int{}
	sc := &testScene{layout: func(cs *Controls) {
		// a, then d and b on one row added right to left, then c (disabled):
		//   a
		//   b d
		//   c
		for _, b := range []struct {
			id   string
			x, y int
		}{{"a", 10, 10}, {"d", 120, 50}, {"b", 10, 50}, {"c", 10, 90}} {
			id := b.id
			cs.Add(Control{ID: id, R: image.Rect(b.x, b.y, b.x+100, b.y+30), Label: id,
				Disabled: id == "c", Act: func() { counts[id]++ }})
		}
	}}
	g := newGame(t, Options{})
	g.Switch(sc)
	frame(t, g, 320, 200, 2)
	key := func(k string) {
		t.Helper()
		if !g.Key(k) {
			t.Fatalf("unknown key %q", k)
		}
		frame(t, g, 320, 200, 1)
	}
	for _, tt := range []struct {
		key, focus string
	}{
		{"Tab", "a"}, {"Tab", "b"}, {"Tab", "d"}, // c is disabled
		{"Tab", "a"}, // wraps
	} {
		key(tt.key)
		if g.W.focus != tt.focus {
			t.Errorf("after %s: focus on %q, want %q", tt.key, g.W.focus, tt.focus)
		}
	}
	key("Enter")
	if counts["a"] != 1 {
		t.Errorf("Enter on a focused ran it %d times, want 1", counts["a"])
	}
	if b, _ := g.W.find("a"); !b.IsFocused() {
		t.Error("a lost its focus look after Enter")
	}
	key("Escape")
	if g.W.focus != "" {
		t.Errorf("Esc left the focus on %q", g.W.focus)
	}
	key("Enter") // no focus: the screen's own Enter, which this one ignores
	if counts["a"] != 1 {
		t.Errorf("Enter without focus ran a (%d times)", counts["a"])
	}
	key("Tab")
	g.Click(60, 65) // on b (10..110 × 50..80)
	frame(t, g, 320, 200, 1)
	if counts["b"] != 1 || g.W.focus != "" {
		t.Errorf("click on b: ran it %d times, focus %q; want once and no focus", counts["b"], g.W.focus)
	}
	for id, e := range g.W.entries {
		if e.btn != nil && e.btn.IsFocused() {
			t.Errorf("%s still looks focused after a mouse click", id)
		}
	}
}

// TestButtonsStayOnScreen: on a window that keeps its pixels between
// frames (as the app runs), every screen shows its buttons frame after
// frame, also when nothing moves: the start screen (drawn in full each
// frame) and the exercise (repainted in part).
func TestButtonsStayOnScreen(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts Options
		id   string
	}{
		{"start", Options{KeepScreen: true}, "quit"},
		{"exercise", Options{Scenario: scenario.Default(), Direct: true, KeepScreen: true}, "next"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := newGame(t, tt.opts)
			const w, h = 1280, 800 // the default window
			g.Layout(w, h)
			screen := ebiten.NewImage(w, h)
			defer screen.Deallocate()
			pix := make([]byte, 4*w*h)
			for i := 0; i < 10; i++ { // ten frames: the first draws all, the rest are kept
				if err := g.Update(); err != nil {
					t.Fatal(err)
				}
				g.Draw(screen)
				c, ok := g.Scene().Controls().Find(tt.id)
				if !ok {
					t.Fatalf("frame %d: no %q control", i, tt.id)
				}
				screen.ReadPixels(pix)
				// A pixel just inside the button's border: its face colour.
				p := c.R.Min.Add(image.Pt(3, 3))
				o := 4 * (p.Y*w + p.X)
				got := color.RGBA{pix[o], pix[o+1], pix[o+2], 255}
				if got != view.PanelHi {
					t.Fatalf("frame %d: %s's face at %v is %v, want %v", i, tt.id, p, got, view.PanelHi)
				}
			}
		})
	}
}
