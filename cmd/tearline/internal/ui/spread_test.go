package ui

import (
	"fmt"
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
	"tearline/sim"
)

// spreadModel computes a small spread (20 worlds) of a by-trust team in
// the default scenario, as the debrief would get it.
func spreadModel(t *testing.T) *view.SpreadModel {
	t.Helper()
	sc := scenario.Default()
	p, _ := sim.NewPolicy("by-trust", nil)
	rec := sim.NewRecorder(p)
	out := sim.Play(sim.NewRun(sc, 3, 0), rec)
	s := view.StartSpread(sc, rec.Log(), out, view.SpreadOptions{Runs: 20})
	s.Wait()
	m := s.Snapshot().Model
	if m == nil || m.Err != "" {
		t.Fatalf("spread: %+v", m)
	}
	return m
}

// TestSpreadPanelLayout records what the panel would draw — while running,
// finished, finished with an error, scrolled past the end — at window
// sizes from 1024×768 to 1920×1080 and scales 1 to 2, and checks that
// every draw call stays inside the panel's rectangle; then draws it for
// real and checks no pixel outside the rectangle was touched.
func TestSpreadPanelLayout(t *testing.T) {
	m := spreadModel(t)
	bad := *m
	bad.Err = "Counterfactuals: a very long reason that must be clipped to the panel and never run past its right edge, however long it is"
	fonts, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	snaps := map[string]view.SpreadSnapshot{
		"running":  {Progress: 0.42},
		"finished": {Progress: 1, Model: m},
		"error":    {Progress: 1, Model: &bad},
	}
	for _, tt := range []struct {
		w, h   int
		scale  float64
		scroll int
	}{
		{1024, 768, 1, 0},
		{1280, 800, 1.5, 3},
		{1920, 1080, 2, 0},
		{1920, 1080, 1, 1 << 20}, // scrolled far past the last row
	} {
		c := newCtx(fonts)
		c.Scale, c.W, c.H = tt.scale, tt.w, tt.h
		// The debrief's right-hand column, roughly: what the wiring will give.
		p := &SpreadPanel{R: image.Rect(tt.w*38/100, c.P(60), tt.w-c.P(20), tt.h-c.P(70)), Scroll: tt.scroll}
		for name, snap := range snaps {
			label := fmt.Sprintf("%dx%d@%v %s", tt.w, tt.h, tt.scale, name)
			recReset()
			p.Draw(nil, c, snap)
			if len(recOps) == 0 {
				t.Errorf("%s: nothing drawn", label)
			}
			for _, op := range recOps {
				if !op.box.In(p.R) {
					t.Errorf("%s: a draw call reaches %v, outside the panel %v", label, op.box, p.R)
					break
				}
			}
			if snap.Model != nil && p.Rows(c, snap.Model) < 1 {
				t.Errorf("%s: no counterfactual row fits", label)
			}
			img := ebiten.NewImage(tt.w, tt.h)
			p.Draw(img, c, snap)
			px := image.NewRGBA(image.Rect(0, 0, tt.w, tt.h))
			img.ReadPixels(px.Pix)
			img.Deallocate()
			touched, outside := 0, 0
			for y := 0; y < tt.h; y++ {
				for x := 0; x < tt.w; x++ {
					if px.Pix[px.PixOffset(x, y)+3] == 0 {
						continue
					}
					touched++
					if !image.Pt(x, y).In(p.R) {
						outside++
					}
				}
			}
			if touched == 0 || outside > 0 {
				t.Errorf("%s: %d pixels drawn, %d outside the panel", label, touched, outside)
			}
		}
	}
	recReset()
}

// TestSpreadPanelRowsWhileRunning: no table rows while the spread runs, so
// the debrief pages nothing.
func TestSpreadPanelRowsWhileRunning(t *testing.T) {
	fonts, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	c := newCtx(fonts)
	p := &SpreadPanel{R: image.Rect(0, 0, 600, 500)}
	if n := p.Rows(c, nil); n != 0 {
		t.Errorf("rows while running: %d", n)
	}
}
