package ui

import (
	"image"
	"image/color"
	"io/fs"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/internal/safetext"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// windowSize is a window a layout test opens: w×h pixels at a UI scale.
type windowSize struct {
	name  string
	w, h  int
	scale float64
}

// roomSizes are the windows the room uses (issue 12): a small projector,
// a laptop projected at 1.5x, a full-HD screen, and the largest
// scale on the full-HD screen and on the small projector (which holds 1.2:
// fitScale).
var roomSizes = []windowSize{
	{"1024x768", 1024, 768, 1},
	{"1280x800 at 1.5", 1280, 800, 1.5},
	{"1920x1080", 1920, 1080, 1},
	{"1920x1080 at 2", 1920, 1080, 2},
	{"1024x768 at 2", 1024, 768, 2},
}

// largest loads the largest shipped scenario (most nations, rows and
// agreements).
func largest(t *testing.T) *sim.Scenario {
	t.Helper()
	data, err := scenarios.FS.ReadFile("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("nato-cyber.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// checkLayout asserts the layout invariants of the screen as laid out in
// the last Update: every control and tooltip area inside the window, no
// two map names overlapping each other or a nation's circle, and every
// control whose label is clipped has a tooltip.
func checkLayout(t *testing.T, g *Game, w, h int) {
	t.Helper()
	win := image.Rect(0, 0, w, h)
	cs := g.Scene().Controls()
	for _, c := range cs.list {
		if !c.R.In(win) {
			t.Errorf("control %q at %v leaves the %dx%d window", c.ID, c.R, w, h)
		}
		size := float64(SizeBody)
		if c.R.Dy() < g.Ctx.P(26) {
			size = SizeSmall
		}
		if g.Ctx.Clip(c.Label, Bold, size, c.R.Dx()-g.Ctx.P(8)) != c.Label && c.Tip == "" {
			t.Errorf("control %q: label %q is clipped and has no tooltip", c.ID, c.Label)
		}
	}
	for _, a := range cs.tips {
		if !a.R.Intersect(win).Eq(a.R) && !a.R.Empty() {
			t.Errorf("tooltip area %v leaves the window", a.R)
		}
	}
	ex, ok := g.Scene().(*Exercise)
	if !ok {
		return
	}
	r := g.Ctx.Px(nodeRadius)
	shown := 0
	for i, n := range ex.names {
		if !n.Shown {
			continue
		}
		shown++
		if !n.Box.In(ex.mapR) {
			t.Errorf("%s's name at %v leaves the map %v", ex.sc.Nations[i].ID, n.Box, ex.mapR)
		}
		for j, m := range ex.names {
			if j > i && m.Shown && n.Box.Overlaps(m.Box) {
				t.Errorf("the names of %s and %s overlap: %v, %v", ex.sc.Nations[i].ID, ex.sc.Nations[j].ID, n.Box, m.Box)
			}
		}
		for j, p := range ex.nodes {
			circle := image.Rect(int(p.X-r), int(p.Y-r), int(p.X+r), int(p.Y+r))
			if n.Box.Overlaps(circle) {
				t.Errorf("%s's name covers %s's circle", ex.sc.Nations[i].ID, ex.sc.Nations[j].ID)
			}
		}
	}
	if shown == 0 {
		t.Error("no nation's name fits on the map")
	}
	// The nations spread over the map, not in one column (issue 12: all
	// stacked at 1.5x on 1280x800).
	minX, maxX := ex.nodes[0].X, ex.nodes[0].X
	for _, p := range ex.nodes {
		minX, maxX = min(minX, p.X), max(maxX, p.X)
	}
	if maxX-minX < float64(ex.mapR.Dx())/3 {
		t.Errorf("the nations span %.0f of the map's %d pixels across", maxX-minX, ex.mapR.Dx())
	}
	if !ex.legendRect(g.Ctx).In(ex.mapR) {
		t.Errorf("the legend %v leaves the map %v", ex.legendRect(g.Ctx), ex.mapR)
	}
}

// TestRoomLayouts lays out the largest scenario's exercise screen, idle and
// with its first decision open, at every room size, and checks the layout
// invariants; with a decision open, the rows that do not fit are announced
// by the scroll cue.
func TestRoomLayouts(t *testing.T) {
	sc := largest(t)
	for _, tt := range roomSizes {
		t.Run(tt.name, func(t *testing.T) {
			g := newGame(t, Options{Scenario: sc, Direct: true, Scale: tt.scale})
			frame(t, g, tt.w, tt.h, 2)
			checkLayout(t, g, tt.w, tt.h)
			ex := g.Scene().(*Exercise)
			ex.nextDecision()
			frame(t, g, tt.w, tt.h, 2)
			if ex.form == nil {
				t.Skip("the first decision is not a share decision")
			}
			checkLayout(t, g, tt.w, tt.h)
			visible := 0
			for _, y := range ex.rowY {
				if y >= 0 {
					visible++
				}
			}
			if visible < len(ex.rowY) && !g.Drawn("wheel or Up/Down to scroll") {
				t.Errorf("%d of %d rows visible and no scroll cue", visible, len(ex.rowY))
			}
			// The glossary opens over it, inside the window, and closes.
			key(t, g, "Slash")
			frame(t, g, tt.w, tt.h, 1)
			if !g.gloss.open || !g.Drawn("Glossary") {
				t.Fatal("? did not open the glossary")
			}
			for _, c := range g.gloss.cs.list {
				if !c.R.In(image.Rect(0, 0, tt.w, tt.h)) {
					t.Errorf("glossary control %q leaves the window", c.ID)
				}
			}
			key(t, g, "Escape")
			frame(t, g, tt.w, tt.h, 1)
			if g.gloss.open {
				t.Error("Esc did not close the glossary")
			}
		})
	}
}

// TestResizeRepaints: after the window shrinks and grows again, nothing of
// what the screen held before is left (the screen is kept between frames,
// so a repaint in part after a resize would leave stale pixels).
func TestResizeRepaints(t *testing.T) {
	g := newGame(t, Options{Scenario: largest(t), Direct: true, KeepScreen: true})
	big := ebiten.NewImage(1280, 800)
	defer big.Deallocate()
	small := ebiten.NewImage(800, 600)
	defer small.Deallocate()
	draw := func(screen *ebiten.Image, n int) {
		t.Helper()
		b := screen.Bounds()
		g.Layout(b.Dx(), b.Dy())
		for i := 0; i < n; i++ {
			if err := g.Update(); err != nil {
				t.Fatal(err)
			}
			g.Draw(screen)
		}
	}
	draw(big, 3)
	draw(small, 2)
	// What a window system may show of the old frame: a colour no screen
	// uses.
	stale := color.RGBA{0xff, 0x00, 0xff, 0xff}
	big.Fill(stale)
	draw(big, 2)
	pix := make([]byte, 4*1280*800)
	big.ReadPixels(pix)
	for i := 0; i < len(pix); i += 4 {
		if pix[i] == stale.R && pix[i+1] == stale.G && pix[i+2] == stale.B {
			t.Fatalf("stale pixel at (%d, %d) after the window grew again", (i/4)%1280, (i/4)/1280)
		}
	}
}

// TestWalkthrough: with the walkthrough on, the first share decision shows
// the card over the map with its button inside the window; Got it closes
// it, says so once (for the settings) and repaints the map; it does not
// come back at the next decision.
func TestWalkthrough(t *testing.T) {
	for _, tt := range roomSizes[:2] {
		t.Run(tt.name, func(t *testing.T) {
			done := 0
			g := newGame(t, Options{Scenario: largest(t), Direct: true, Scale: tt.scale, KeepScreen: true,
				Walkthrough: true, OnWalkthroughDone: func() { done++ }})
			frame(t, g, tt.w, tt.h, 1)
			ex := g.Scene().(*Exercise)
			ex.nextDecision()
			frame(t, g, tt.w, tt.h, 2)
			if ex.form == nil {
				t.Skip("the first decision is not a share decision")
			}
			if !g.Drawn(walkthroughTitle) {
				t.Fatal("no walkthrough at the first decision")
			}
			checkLayout(t, g, tt.w, tt.h)
			x, y, ok := g.ControlCentre("walkthrough-done")
			if !ok {
				t.Fatal("no Got it button")
			}
			g.Click(x, y)
			frame(t, g, tt.w, tt.h, 2)
			if done != 1 || g.walkthrough || g.Drawn(walkthroughTitle) {
				t.Errorf("after Got it: %d calls, still on %v, drawn %v", done, g.walkthrough, g.Drawn(walkthroughTitle))
			}
		})
	}
}

// TestLayoutInvariants plays every shipped scenario at the room sizes of
// issue 12 (1024×768, 1280×800 at 1.5, 1920×1080) to its first share
// decision and then, answering every decision with all tearline, to the
// debrief, and checks on each screen: no text and no control drawn outside
// the window; on the map, no two labels (names, flashes, "holds …",
// items in transit) overlapping; and every text drawn clipped (Ctx.Clipped)
// has tooltip areas over it whose text holds the whole text.
func TestLayoutInvariants(t *testing.T) {
	files, err := fs.Glob(scenarios.FS, "*.toml")
	if err != nil || len(files) < 4 { // the four shipped scenarios
		t.Fatalf("shipped scenarios %v: %v", files, err)
	}
	for _, file := range files {
		data, err := scenarios.FS.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scenario.Parse(file, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range roomSizes[:3] {
			t.Run(file+" "+tt.name, func(t *testing.T) {
				g := newGame(t, Options{Scenario: sc, Direct: true, Scale: tt.scale})
				frame(t, g, tt.w, tt.h, 1)
				ex := g.Scene().(*Exercise)
				for i := 0; i < 1000 && ex.form == nil && !ex.run.Done(); i++ { // a bound on decisions
					answerAll(ex)
					ex.nextDecision()
				}
				if ex.form == nil {
					t.Fatal("no share decision")
				}
				checkInvariants(t, g, tt.w, tt.h, "at the first decision")
				for i := 0; i < 1000 && !ex.run.Done(); i++ {
					answerAll(ex)
					ex.nextDecision()
				}
				if !ex.run.Done() {
					t.Fatal("the run did not end")
				}
				ex.toDebrief(g)
				frame(t, g, tt.w, tt.h, 1)
				if g.Scene().Name() != "debrief" {
					t.Fatalf("on %q, not the debrief", g.Scene().Name())
				}
				checkInvariants(t, g, tt.w, tt.h, "on the debrief")
			})
		}
	}
}

// checkInvariants draws two frames (the tooltip areas of what the first
// clipped are synced in the second's Update) and checks the layout
// invariants of TestLayoutInvariants on the second.
func checkInvariants(t *testing.T, g *Game, w, h int, where string) {
	t.Helper()
	// Forecasts arrive from a worker: wait for the decision's (up to 600
	// frames, many times what 20 rollouts take), so the panel stands still.
	for i := 0; i < 600 && g.Holds("decision") && !g.Holds("previewed"); i++ {
		frame(t, g, w, h, 1)
	}
	frame(t, g, w, h, 1)
	frame(t, g, w, h, 1)
	checkLayout(t, g, w, h)
	win := image.Rect(0, 0, w, h)
	for _, b := range g.Ctx.TextBoxes() {
		if !b.In(win) {
			t.Errorf("%s: a text at %v leaves the %dx%d window", where, b, w, h)
		}
	}
	cs := g.Scene().Controls()
	for i := range cs.list {
		ct := &cs.list[i]
		if label, tip := controlText(g.Ctx, ct); label != safetext.Line(ct.Label) && !strings.Contains(tip, safetext.Line(ct.Label)) {
			t.Errorf("%s: control %q's label %q is clipped to %q and its tooltip %q lacks it", where, ct.ID, ct.Label, label, tip)
		}
	}
	clips := g.Ctx.Clipped()
	for _, k := range clips {
		// Every point of the clipped text not under a control with its own
		// tooltip opens a tooltip with the whole text; 3 pixels apart.
		points := 0
		for y := k.R.Min.Y; y < k.R.Max.Y; y += 3 {
			for x := k.R.Min.X; x < k.R.Max.X; x += 3 {
				p := image.Pt(x, y)
				if underTippedControl(g, p) {
					continue
				}
				points++
				if tip := g.W.tipAt(p); !strings.Contains(tip, k.Full) {
					t.Errorf("%s: %q, clipped to %q at %v: the tooltip at %v is %q", where, k.Full, k.Shown, k.R, p, tip)
					goto next
				}
			}
		}
		if points == 0 {
			t.Errorf("%s: %q, clipped to %q at %v, lies under controls", where, k.Full, k.Shown, k.R)
		}
	next:
	}
	t.Logf("%s: %d texts drawn, %d clipped", where, len(g.Ctx.TextBoxes()), len(clips))
	ex, ok := g.Scene().(*Exercise)
	if !ok {
		return
	}
	labels := ex.mapLabels(g.Ctx)
	for i, a := range labels {
		if !a.In(ex.mapR) {
			t.Errorf("%s: a map label at %v leaves the map %v", where, a, ex.mapR)
		}
		for _, b := range labels[i+1:] {
			if a.Overlaps(b) {
				t.Errorf("%s: map labels overlap: %v and %v", where, a, b)
			}
		}
	}
}

// underTippedControl reports whether p is on a control that has a tooltip
// of its own (it covers what is drawn under it).
func underTippedControl(g *Game, p image.Point) bool {
	cs := g.Scene().Controls()
	for i := range cs.list {
		if _, tip := controlText(g.Ctx, &cs.list[i]); tip != "" && p.In(cs.list[i].R) {
			return true
		}
	}
	return false
}
