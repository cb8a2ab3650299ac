package ui

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/sim"
)

// Tests do not save reports into the package directory when a debrief
// opens; TestDebriefSave turns the automatic save on in a temporary one.
func init() { autosave = false }

// TestDebriefScroll checks the debrief's list scrolls by page: PgDn moves
// a page less a line, End reaches the last page, Home the top, and a scroll
// cue is drawn while lines are hidden. The nato-cyber scenario has more
// trust pairs than fit.
func TestDebriefScroll(t *testing.T) {
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := sim.NewPolicy("share-all", nil)
	if err != nil {
		t.Fatal(err)
	}
	out := sim.Play(sim.NewRun(sc, 1, 0), p)
	g := newGame(t, Options{Scenario: sc, Direct: true})
	d := NewDebrief(sc, out, nil, nil, nil)
	g.Switch(d)
	frame(t, g, 1280, 800, 1)
	if d.page <= 1 || len(d.doc) <= d.page {
		t.Fatalf("page %d of %d lines: nothing to scroll", d.page, len(d.doc))
	}
	if len(d.model.Trust) < 10 { // the issue saw only 9 of 31 pairs
		t.Errorf("%d trust pairs in the model", len(d.model.Trust))
	}
	cue := fmt.Sprintf("▲ 0 lines above · ▼ %d below — PgUp/PgDn, Home/End, wheel or arrows", len(d.doc)-d.page)
	if !g.Drawn(cue) {
		t.Error("no scroll cue")
	}
	for _, tt := range []struct {
		key  string
		want func() int
	}{
		{"PageDown", func() int { return d.page - 1 }},
		{"End", func() int { return len(d.doc) - d.page }},
		{"Home", func() int { return 0 }},
	} {
		if !g.Key(tt.key) {
			t.Fatalf("no key %s", tt.key)
		}
		frame(t, g, 1280, 800, 2)
		if d.scroll != tt.want() {
			t.Errorf("after %s: scroll %d, want %d", tt.key, d.scroll, tt.want())
		}
	}
}

// TestDebriefSpread checks the debrief of an exercise with a decision log:
// the spread runs in the background, W (or the top-right button) switches
// the right column to it and back, the button overlaps no other control at
// the sizes the room uses, and the automatic save waits for the spread so
// that both reports carry "Your run against 1,000" and the
// counterfactuals.
func TestDebriefSpread(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	autosave = true
	t.Cleanup(func() { autosave = false })
	sc := scenario.Default()
	pol, err := sim.NewPolicy("share-all", nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := sim.NewRecorder(pol)
	out := sim.Play(sim.NewRun(sc, 1, 0), rec) // seed 1, stream 0: the app's defaults
	g := newGame(t, Options{Scenario: sc, Direct: true})
	d := NewDebrief(sc, out, nil, rec.Log(), nil)
	g.Switch(d)
	// 1024×768, 1280×800 and 1920×1080: the room sizes of issue 12.
	for _, sz := range [][2]int{{1024, 768}, {1280, 800}, {1920, 1080}} {
		frame(t, g, sz[0], sz[1], 1)
		cs := g.Scene().Controls()
		w, ok := cs.Find("whatif")
		if !ok {
			t.Fatal("no whatif control")
		}
		for _, id := range []string{"again", "scenarios", "save", "quit"} {
			if c, ok := cs.Find(id); !ok || c.R.Overlaps(w.R) {
				t.Errorf("%dx%d: whatif %v overlaps %s %v", sz[0], sz[1], w.R, id, c.R)
			}
		}
		if !w.R.In(image.Rect(0, 0, sz[0], sz[1])) {
			t.Errorf("%dx%d: whatif %v outside the window", sz[0], sz[1], w.R)
		}
	}
	d.spread.Wait()
	frame(t, g, 1280, 800, 2)
	if d.spreadModel() == nil || d.spreadModel().Err != "" {
		t.Fatalf("the spread did not finish cleanly: %+v", d.spreadModel())
	}
	if !g.Key("W") {
		t.Fatal("no key W")
	}
	frame(t, g, 1280, 800, 2)
	if !d.whatIf || !g.Drawn("Had you chosen otherwise") {
		t.Errorf("W did not show the spread panel (whatIf %v)", d.whatIf)
	}
	// Every chart title and visible row has its full text in a tooltip
	// (the panel clips long lines).
	tips := d.sp.Tips(g.Ctx, d.spreadModel())
	if len(tips) == 0 {
		t.Fatal("the spread panel has no tooltips")
	}
	rowTip := false
	for _, tip := range tips {
		got := d.cs.TooltipAt(tip.R.Min.Add(tip.R.Max).Div(2))
		if got != tip.Text {
			t.Errorf("tooltip at %v is %q, want %q", tip.R, got, tip.Text)
		}
		rowTip = rowTip || strings.Contains(tip.Text, "your choice: ")
	}
	if !rowTip {
		t.Error("no counterfactual row has a tooltip")
	}
	// Paging the table never scrolls past its last row.
	for range 50 { // far more pages than the default scenario's rows
		g.Key("PageDown")
		frame(t, g, 1280, 800, 1)
	}
	if n := len(d.spreadRows()); d.sp.Scroll > n-1 {
		t.Errorf("scrolled to row %d of %d", d.sp.Scroll, n)
	}
	g.Key("W")
	frame(t, g, 1280, 800, 2)
	if d.whatIf {
		t.Error("W did not switch back to the list")
	}
	if !strings.HasPrefix(d.saved, "Auto-saved ") {
		t.Fatalf("no automatic save: %q", d.saved)
	}
	for _, name := range []string{"tearline-vessen-crossing-report.md", "tearline-vessen-crossing-report.html"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Your run against 1,000", "Had you chosen otherwise"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
}
