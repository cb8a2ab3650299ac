package ui

import (
	"testing"

	"tearline/scenario"
	"tearline/sim"
)

// briefingCue is the start of the briefing's scroll cue's keys.
const briefingCue = "— wheel, PgUp/PgDn or arrows"

// TestBriefingScrollCue: the largest scenario's briefing runs under its
// buttons in a browser page (1280×657) and on a projector at 1.5
// (1024×768): the cue says so, the keys and the wheel scroll it to its end
// and back; where the text fits, no cue (issue 12: no sign it scrolls).
func TestBriefingScrollCue(t *testing.T) {
	for _, tt := range []struct {
		name     string
		sc       func(*testing.T) *sim.Scenario
		w, h     int
		scale    float64
		overflow bool
	}{
		{"nato-cyber in a browser page", largest, 1280, 657, 1, true},
		{"nato-cyber at 1024x768 at 1.5", largest, 1024, 768, 1.5, true},
		{"default at 1920x1080", func(*testing.T) *sim.Scenario { return scenario.Default() }, 1920, 1080, 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := newGame(t, Options{Scenario: tt.sc(t), Scale: tt.scale})
			frame(t, g, tt.w, tt.h, 1)
			b, ok := g.Scene().(*Briefing)
			if !ok {
				t.Fatalf("opened on %q, want the briefing", g.Scene().Name())
			}
			frame(t, g, tt.w, tt.h, 1)
			if got := b.maxScroll > 0; got != tt.overflow {
				t.Fatalf("overflows %v (%d lines to scroll), want %v", got, b.maxScroll, tt.overflow)
			}
			if got := g.Drawn(briefingCue); got != tt.overflow {
				t.Fatalf("scroll cue drawn %v, want %v", got, tt.overflow)
			}
			if !tt.overflow {
				return
			}
			if !g.Drawn("▲ 0 lines above") {
				t.Error("the cue does not say the top is shown")
			}
			for k := 0; k < 100 && b.scroll < b.maxScroll; k++ {
				before := b.scroll
				g.Key("PageDown")
				frame(t, g, tt.w, tt.h, 1)
				if b.scroll <= before {
					t.Fatalf("PgDn did not scroll (at line %d of %d)", before, b.maxScroll)
				}
			}
			if !g.Drawn("▼ 0 below") {
				t.Error("at the end the cue does not say nothing is below")
			}
			g.Key("PageDown")
			frame(t, g, tt.w, tt.h, 1)
			if b.scroll != b.maxScroll {
				t.Errorf("scrolled past the end: %d of %d", b.scroll, b.maxScroll)
			}
			g.Key("PageUp")
			frame(t, g, tt.w, tt.h, 1)
			if b.scroll >= b.maxScroll {
				t.Error("PgUp did not scroll back")
			}
			for k := 0; k < 100 && b.scroll > 0; k++ {
				g.Key("ArrowUp")
				frame(t, g, tt.w, tt.h, 1)
			}
			if b.scroll != 0 {
				t.Errorf("Up did not bring it back to the top: %d", b.scroll)
			}
			// The buttons stay inside the window and clear of the cue.
			checkLayout(t, g, tt.w, tt.h)
		})
	}
}
