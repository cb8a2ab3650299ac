package ui

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// manyOnDemand is the default scenario with n more on-demand injects
// appended (issue 12: with 20 or more, the Fire buttons covered the clock).
func manyOnDemand(t *testing.T, n int) *sim.Scenario {
	t.Helper()
	data, err := scenarios.FS.ReadFile(scenario.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.Write(data)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `
[[inject]]
id = "extra-%02d"
origin = "ARD"
at = "D+1 12:00"
on_demand = true
category = "HUMINT"
level = "CONFIDENTIAL"
source_sensitivity = 0.5
title = "Extra facilitator inject number %d with a long title that a narrow panel clips"
narrative = "(Facilitator inject.) A test inject."
`, i, i)
	}
	sc, err := scenario.Parse("many-on-demand.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// fireIDs returns the ids of the Fire buttons laid out now, in order.
func fireIDs(ex *Exercise) []string {
	var ids []string
	for _, c := range ex.cs.list {
		if id, ok := strings.CutPrefix(c.ID, "fire-"); ok && id != "up" && id != "down" {
			ids = append(ids, id)
		}
	}
	return ids
}

// TestFacilitatorListScrolls: with 25 on-demand items the facilitator's
// list keeps to the idle panel's lower half at every room size, covers no
// other control, says which rows it shows, reaches every item by keys and
// by its ▼ button, and firing one still works.
func TestFacilitatorListScrolls(t *testing.T) {
	const extra = 22 // with the default scenario's own, 25 on demand
	sc := manyOnDemand(t, extra)
	for _, tt := range roomSizes {
		t.Run(tt.name, func(t *testing.T) {
			g := newGame(t, Options{Scenario: sc, Direct: true, Scale: tt.scale})
			frame(t, g, tt.w, tt.h, 2)
			ex := g.Scene().(*Exercise)
			if ex.form != nil || ex.consent != nil {
				t.Fatal("a decision is open at the start: no idle panel")
			}
			all, _ := ex.onDemand()
			if len(all) < 20 {
				t.Fatalf("%d on-demand items, want at least 20", len(all))
			}
			checkLayout(t, g, tt.w, tt.h)
			cs := ex.cs.list
			for i, a := range cs {
				if !strings.HasPrefix(a.ID, "fire-") {
					continue
				}
				if !a.R.In(ex.panel) {
					t.Errorf("%s at %v leaves the panel %v", a.ID, a.R, ex.panel)
				}
				for j, b := range cs {
					if i != j && a.R.Overlaps(b.R) {
						t.Errorf("%s at %v overlaps %s at %v", a.ID, a.R, b.ID, b.R)
					}
				}
			}
			f := &ex.fire
			if !f.scrolls() {
				t.Fatalf("all %d rows fit: the test does not exercise scrolling", f.n)
			}
			if got := len(fireIDs(ex)); got != f.rows || got == 0 {
				t.Errorf("%d Fire buttons, want the %d rows shown", got, f.rows)
			}
			cue := fmt.Sprintf("rows 1–%d of %d", f.rows, len(all))
			if !g.Drawn(cue) {
				t.Errorf("no scroll cue %q", cue)
			}

			// Keys while the pointer is over the list reach every item.
			seen := map[string]bool{}
			note := func() {
				for _, id := range fireIDs(ex) {
					seen[id] = true
				}
			}
			note()
			g.Hover(f.r.Min.X+g.Ctx.P(4), f.r.Min.Y+g.Ctx.P(2))
			frame(t, g, tt.w, tt.h, 1)
			for k := 0; k < len(all) && f.scroll+f.rows < f.n; k++ {
				before := f.scroll
				g.Key("PageDown")
				frame(t, g, tt.w, tt.h, 1)
				if f.scroll <= before {
					t.Fatalf("PageDown over the list did not scroll it (at row %d)", before+1)
				}
				note()
			}
			for _, id := range all {
				if !seen[id] {
					t.Errorf("%s never shown by scrolling", id)
				}
			}
			last := fmt.Sprintf("rows %d–%d of %d", f.n-f.rows+1, f.n, f.n)
			if !g.Drawn(last) {
				t.Errorf("no cue %q at the end of the list", last)
			}
			// Up goes back a row; ▲ and ▼ page.
			g.Key("ArrowUp")
			frame(t, g, tt.w, tt.h, 1)
			if f.scroll != f.n-f.rows-1 {
				t.Errorf("Up left the list at row %d, want %d", f.scroll+1, f.n-f.rows)
			}
			click := func(id string) {
				t.Helper()
				x, y, ok := g.ControlCentre(id)
				if !ok {
					t.Fatalf("no control %q", id)
				}
				g.Click(x, y)
				frame(t, g, tt.w, tt.h, 1)
			}
			for k := 0; k < len(all) && f.scroll > 0; k++ {
				click("fire-up")
			}
			if f.scroll != 0 {
				t.Fatalf("▲ did not bring the list back to its top (row %d)", f.scroll+1)
			}
			click("fire-down")
			if f.scroll == 0 {
				t.Error("▼ did not scroll the list")
			}

			// Firing one shown after scrolling still works.
			shown := fireIDs(ex)
			id := shown[len(shown)-1]
			click("fire-" + id)
			if !ex.fired[id] {
				t.Fatalf("%s not fired: %s", id, ex.msg)
			}
			if f.n != len(all)-1 {
				t.Errorf("%d left on the list after firing one of %d", f.n, len(all))
			}
			if _, ok := ex.cs.Find("fire-" + id); ok {
				t.Error("the fired item still has a button")
			}
		})
	}
}

// TestFacilitatorWheel: the wheel scrolls the list only while the pointer
// is over it.
func TestFacilitatorWheel(t *testing.T) {
	ex := &Exercise{fire: fireList{r: image.Rect(0, 100, 200, 300), rows: 5, n: 12}}
	in := &Input{Cursor: image.Pt(10, 150), Wheel: -1}
	if !ex.fireScrollKeys(in) || ex.fire.scroll != 1 {
		t.Errorf("a notch down over the list: scroll %d, want 1", ex.fire.scroll)
	}
	in.Wheel = 3
	ex.fireScrollKeys(in)
	if ex.fire.scroll != 0 {
		t.Errorf("up past the top: scroll %d, want 0", ex.fire.scroll)
	}
	in.Cursor, in.Wheel = image.Pt(10, 50), -1
	if ex.fireScrollKeys(in) || ex.fire.scroll != 0 {
		t.Error("the wheel away from the list scrolled it")
	}
}
