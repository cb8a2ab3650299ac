package ui

import (
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/scenario"
	"tearline/sim"
)

// TestRegionsMatchFullDraw plays the exercise with the clock running on a
// screen kept between frames (Options.KeepScreen) and checks, frame after
// frame, that repainting only what changed gives the same pixels as
// drawing everything. The pointer rests on the map's legend, so its
// tooltip opens over the moving map, and closes and opens again as
// decisions come and go.
func TestRegionsMatchFullDraw(t *testing.T) {
	sc := scenario.Default()
	g := newGame(t, Options{Scenario: sc, Direct: true, KeepScreen: true})
	const w, h = 1280, 800
	g.Layout(w, h)
	// Unmanaged images stay out of ebiten's atlases, whose offsets can move
	// an antialiased edge by a pixel between two otherwise equal draws.
	opts := &ebiten.NewImageOptions{Unmanaged: true}
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), opts)
	full := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), opts)
	defer screen.Deallocate()
	defer full.Deallocate()
	got, want := make([]byte, 4*w*h), make([]byte, 4*w*h)
	checked, partial, tips := 0, 0, 0
	for i := 0; i < 240; i++ {
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		ex, ok := g.Scene().(*Exercise)
		if !ok {
			break
		}
		if i == 0 {
			lr := ex.legendRect(g.Ctx)
			p := lr.Min.Add(lr.Max).Div(2)
			g.Hover(p.X, p.Y)
		}
		if _, ok := g.W.tipShowing(); ok {
			tips++
		}
		switch {
		case ex.run.Done():
		case ex.form != nil:
			ex.form.SetAll(sim.Tearline)
			ex.send()
		case ex.consent != nil:
			ex.answer(sim.Answer{Grant: true})
		case ex.clock.Paused:
			ex.clock.Paused = false
			for range 3 {
				ex.clock.Faster()
			}
		}
		g.Draw(screen)
		if !g.kept {
			continue
		}
		partial++
		if i%4 != 0 {
			continue
		}
		screen.ReadPixels(got)
		full.Clear()
		g.kept = false // what Draw does on a screen that lost the last frame
		ex.Draw(full, g)
		g.W.UI.Draw(full) // the buttons, drawn by ebitenui over the scene
		full.ReadPixels(want)
		checked++
		for p := 0; p < len(got); p += 4 {
			if got[p] != want[p] || got[p+1] != want[p+1] || got[p+2] != want[p+2] {
				t.Fatalf("tick %d: pixel (%d, %d) is %v, drawn in full %v", i, p/4%w, p/4/w, got[p:p+4], want[p:p+4])
			}
		}
	}
	// The tooltip opens after TipDelay of wall-clock time: a fast machine
	// may finish first, so its frames are counted, not required.
	t.Logf("%d frames checked, %d drawn in part, %d with a tooltip", checked, partial, tips)
	if checked < 40 || partial < 100 {
		t.Errorf("only %d frames checked, %d drawn in part", checked, partial)
	}
}

func TestMergeRects(t *testing.T) {
	r := image.Rect(0, 0, 100, 100)
	for _, tt := range []struct {
		in   []image.Rectangle
		want int
	}{
		{nil, 0},
		{[]image.Rectangle{image.Rect(200, 200, 210, 210)}, 0},                                                 // outside r
		{[]image.Rectangle{image.Rect(0, 0, 10, 10), image.Rect(5, 5, 20, 20)}, 1},                             // overlapping
		{[]image.Rectangle{image.Rect(0, 0, 10, 10), image.Rect(50, 50, 60, 60)}, 2},                           // apart
		{[]image.Rectangle{image.Rect(0, 0, 10, 10), image.Rect(11, 0, 20, 10)}, 1},                            // touching
		{[]image.Rectangle{image.Rect(0, 0, 10, 10), image.Rect(5, 5, 20, 20), image.Rect(15, 15, 30, 30)}, 1}, // chain
	} {
		got := mergeRects(append([]image.Rectangle(nil), tt.in...), r)
		if len(got) != tt.want {
			t.Errorf("mergeRects(%v) = %v, want %d rectangles", tt.in, got, tt.want)
		}
		for i := range got {
			if !got[i].In(r) {
				t.Errorf("mergeRects(%v): %v outside %v", tt.in, got[i], r)
			}
			for j := i + 1; j < len(got); j++ {
				if got[i].Overlaps(got[j]) {
					t.Errorf("mergeRects(%v): %v overlaps %v", tt.in, got[i], got[j])
				}
			}
		}
	}
	var many []image.Rectangle
	for i := 0; i < 3*maxDamage; i++ {
		many = append(many, image.Rect(i*3, 0, i*3+1, 1))
	}
	many = append(many, image.Rect(0, 50, 1, 51))
	if got := mergeRects(many, image.Rect(0, 0, 1000, 1000)); len(got) > maxDamage {
		t.Errorf("mergeRects gave %d rectangles, want at most %d", len(got), maxDamage)
	}
}

// TestDebriefRegionsMatchFullDraw checks the debrief's partial repaint the
// same way: on a kept screen, while the spread runs and after it is done,
// while the list scrolls, the panel switches (W) and a tooltip opens over
// the list, every few frames the pixels equal a full draw.
func TestDebriefRegionsMatchFullDraw(t *testing.T) {
	sc := scenario.Default()
	pol, err := sim.NewPolicy("share-all", nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := sim.NewRecorder(pol)
	out := sim.Play(sim.NewRun(sc, 1, 0), rec) // seed 1, stream 0: the app's defaults
	g := newGame(t, Options{Scenario: sc, Direct: true, KeepScreen: true})
	const w, h = 1280, 800
	g.Layout(w, h)
	d := NewDebrief(sc, out, nil, rec.Log(), nil)
	g.Switch(d)
	opts := &ebiten.NewImageOptions{Unmanaged: true} // see TestRegionsMatchFullDraw
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), opts)
	full := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), opts)
	defer screen.Deallocate()
	defer full.Deallocate()
	got, want := make([]byte, 4*w*h), make([]byte, 4*w*h)
	checked, partial := 0, 0
	// 240 ticks: the spread (default scenario, 1,000 worlds × 8 policies)
	// runs through the first ones; the script of keys below covers the rest.
	for i := 0; i < 240; i++ {
		switch i {
		case 20, 60:
			g.Key("PageDown")
		case 90:
			g.Key("W") // the spread panel, running or done
		case 150:
			d.spread.Wait()
		case 170:
			g.Key("W") // back to the list
		case 180:
			g.Hover(d.split+g.Ctx.P(40), h/2) // a list line's tooltip
		}
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		g.Draw(screen)
		if !g.kept {
			continue
		}
		partial++
		if i%4 != 0 {
			continue
		}
		screen.ReadPixels(got)
		full.Clear()
		g.kept = false
		d.drawSnap(full, g, d.lastSnap) // the frame as the screen got it (the spread may have moved on since)
		g.W.UI.Draw(full)
		full.ReadPixels(want)
		checked++
		for p := 0; p < len(got); p += 4 {
			if got[p] != want[p] || got[p+1] != want[p+1] || got[p+2] != want[p+2] {
				t.Fatalf("tick %d: pixel (%d, %d) is %v, drawn in full %v", i, p/4%w, p/4/w, got[p:p+4], want[p:p+4])
			}
		}
	}
	if checked < 40 || partial < 100 {
		t.Errorf("only %d frames checked, %d drawn in part", checked, partial)
	}
}
