package ui

import (
	"fmt"
	"image"
	"path/filepath"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/sim"
)

// startSizes are the windows the start screen must fit (the issue: 1024×768
// to 1920×1080 at scale 1.0 to 2.0): the smallest window at both ends of
// the scales, a laptop projected at 1.5, full HD, and two small windows
// below the range: 800×600, where the opened file's extra row ran past the
// bar, and 640×400, the smallest --size takes, where the header goes
// compact under the resume offer.
var startSizes = []windowSize{
	{"1024x768", 1024, 768, 1},
	{"1024x768 at 2", 1024, 768, 2},
	{"1280x800 at 1.5", 1280, 800, 1.5},
	{"1920x1080", 1920, 1080, 1},
	{"800x600", 800, 600, 1},
	{"640x400", 640, 400, 1},
}

// shippedCount is how many scenarios the binary ships (scenarios/*.toml).
const shippedCount = 4

// startGame opens the start screen at scale, with Join a session in its
// bar (as the desktop app has it), offering to resume an autosaved
// exercise of the default scenario if offer, and listing an opened file
// (the default scenario, at a path in a temporary folder) if file.
func startGame(t *testing.T, scale float64, offer, file bool) *Game {
	t.Helper()
	opts := Options{Scale: scale, Join: &JoinOptions{}}
	sc := scenario.Default()
	if file {
		opts.Path, opts.Scenario = filepath.Join(t.TempDir(), "my-exercise.toml"), sc
	}
	if offer {
		st := FileStore{Path: filepath.Join(t.TempDir(), "autosave.json")}
		l := &sim.DecisionLog{Scenario: sc.Name, ScenarioHash: sc.Hash, Seed: 1}
		// A fire at D+0 02:00 (an inject of the scenario's: any id will
		// do, the offer does not replay it).
		l.AddFire("x", 2)
		if err := st.Save(logJSON(t, l)); err != nil {
			t.Fatal(err)
		}
		opts.Autosave = st
	}
	g := newGame(t, opts)
	if _, ok := g.Scene().(*Start); !ok {
		// The opened file's briefing comes first: back to the list, as
		// Esc on the briefing goes.
		g.Switch(NewStart(g.Opts.Shipped))
	}
	if offer && (g.Offer() == nil || g.Offer().Problem != "") {
		t.Fatalf("offer %+v, want one that resumes", g.Offer())
	}
	return g
}

// wheelStart turns the wheel one notch (dy 1 up, -1 down) over the start
// screen and draws a frame. Game.Update reads the wheel from ebiten, which
// a test cannot turn, so the scene's Update runs once with the notch
// (and no key: the last frame's are spent).
func wheelStart(t *testing.T, g *Game, w, h int, dy float64) {
	t.Helper()
	g.In.keys = g.In.keys[:0]
	g.In.Wheel = dy
	if err := g.Scene().Update(g); err != nil {
		t.Fatal(err)
	}
	g.In.Wheel = 0
	frame(t, g, w, h, 1)
}

// checkStart checks the start screen as the last frame left it: the
// invariants of TestLayoutInvariants (every control and every drawn text
// inside the window, every clipped text with its whole text in a
// tooltip); no two controls overlapping, nor a row's tooltip area a
// control; every row shown above the bottom bar; the selected row shown;
// and the scroll cue drawn, saying how many rows are hidden above and
// below, exactly when not every row shows.
func checkStart(t *testing.T, g *Game, w, h int, where string) {
	t.Helper()
	checkInvariants(t, g, w, h, where)
	cs := g.Scene().Controls()
	for i, a := range cs.list {
		for _, b := range cs.list[i+1:] {
			if a.R.Overlaps(b.R) {
				t.Errorf("%s: controls %q %v and %q %v overlap", where, a.ID, a.R, b.ID, b.R)
			}
		}
		for _, tip := range cs.tips {
			if tip.R.Overlaps(a.R) {
				t.Errorf("%s: control %q %v overlaps the tooltip area %v (%.40q)", where, a.ID, a.R, tip.R, tip.Text)
			}
		}
	}
	st := g.Scene().(*Start)
	l := st.lay
	bar := l.bar.Rect().Min.Y
	shown := 0
	for i, r := range l.rows {
		if !r.root.Shown() {
			continue
		}
		shown++
		if rr := r.root.Rect(); rr.Max.Y > bar || !rr.In(image.Rect(0, 0, w, h)) {
			t.Errorf("%s: row %d at %v runs under the bar (top %d) or out of the window", where, i, rr, bar)
		}
	}
	if shown != st.shown || shown < 1 {
		t.Errorf("%s: %d rows shown, the list says %d", where, shown, st.shown)
	}
	if !l.rows[st.selected].root.Shown() {
		t.Errorf("%s: the selected row %d is not shown (rows %d to %d are)", where, st.selected, st.scroll, st.scroll+st.shown-1)
	}
	above, below := st.scroll, len(st.list)-st.scroll-st.shown
	for _, tt := range []struct {
		cue  string
		want bool
	}{
		{fmt.Sprintf("↑ %d more above", above), above > 0},
		{fmt.Sprintf("↓ %d more below", below), below > 0},
		{"more above", above > 0},
		{"more below", below > 0},
	} {
		if got := g.Drawn(tt.cue); got != tt.want {
			t.Errorf("%s: %q drawn %v, want %v (rows %d to %d of %d shown)", where, tt.cue, got, tt.want, st.scroll, st.scroll+st.shown-1, len(st.list))
		}
	}
}

// TestStartScroll: the start screen's list, with and without the resume
// offer and the opened file's row, at every size of startSizes, shows the
// rows that fit above the bottom bar with a scroll cue for the others;
// the wheel scrolls it to the last row and back to the first, and so do
// the arrow keys, the selected row always shown.
func TestStartScroll(t *testing.T) {
	for _, sz := range startSizes {
		for _, offer := range []bool{false, true} {
			for _, file := range []bool{false, true} {
				name := fmt.Sprintf("%s offer %v file %v", sz.name, offer, file)
				t.Run(name, func(t *testing.T) {
					w, h := sz.w, sz.h
					g := startGame(t, sz.scale, offer, file)
					frame(t, g, w, h, 1)
					st := g.Scene().(*Start)
					n := shippedCount
					if file {
						n++ // the opened file's row, first
					}
					if len(st.list) != n || (file && !st.list[0].own) {
						t.Fatalf("%d rows, want %d", len(st.list), n)
					}
					checkStart(t, g, w, h, "at the top")
					t.Logf("%d of %d rows shown", st.shown, n)
					// The wheel: down to the last row, a notch a row, and
					// no further; then up to the first.
					for k := 0; k < n && st.scroll+st.shown < n; k++ {
						before := st.scroll
						wheelStart(t, g, w, h, -1)
						if st.scroll != before+1 {
							t.Fatalf("a notch down scrolled from row %d to %d", before, st.scroll)
						}
					}
					if !st.lay.rows[n-1].root.Shown() {
						t.Fatal("the wheel did not reach the last row")
					}
					checkStart(t, g, w, h, "wheeled to the end")
					end := st.scroll
					wheelStart(t, g, w, h, -1)
					if st.scroll != end {
						t.Errorf("the wheel scrolled past the end: row %d, then %d", end, st.scroll)
					}
					for k := 0; k < n && st.scroll > 0; k++ {
						wheelStart(t, g, w, h, 1)
					}
					if st.scroll != 0 || !st.lay.rows[0].root.Shown() {
						t.Fatalf("the wheel did not come back to the first row: at %d", st.scroll)
					}
					checkStart(t, g, w, h, "wheeled back")
					// The keys: Down selects each row in turn to the last,
					// shown; Up back to the first.
					for k := st.selected + 1; k < n; k++ {
						key(t, g, "ArrowDown")
						frame(t, g, w, h, 1)
						if st.selected != k {
							t.Fatalf("Down selected row %d, want %d", st.selected, k)
						}
						checkStart(t, g, w, h, fmt.Sprintf("row %d selected", k))
					}
					if !st.lay.rows[n-1].root.Shown() {
						t.Fatal("Down did not reach the last row")
					}
					for k := n - 2; k >= 0; k-- {
						key(t, g, "ArrowUp")
						frame(t, g, w, h, 1)
						if st.selected != k {
							t.Fatalf("Up selected row %d, want %d", st.selected, k)
						}
						checkStart(t, g, w, h, fmt.Sprintf("row %d selected going up", k))
					}
					if st.scroll != 0 || !st.lay.rows[0].root.Shown() {
						t.Fatalf("Up did not come back to the first row: at %d", st.scroll)
					}
				})
			}
		}
	}
}

// TestStartSaysScaleHeldBack checks that the start screen says when the
// window holds less than the scale chosen (fitScale), and only then.
func TestStartSaysScaleHeldBack(t *testing.T) {
	// Not parallel: it draws frames (see ui_test.go).
	const says = "as large as this window holds"
	for _, tt := range []struct {
		w, h  int
		scale float64
		want  bool
	}{
		{1024, 768, 2, true},   // holds 1.2
		{1920, 1080, 2, false}, // holds 2
		{1024, 768, 1, false},  // 1 is always held
	} {
		g := startGame(t, tt.scale, false, false)
		frame(t, g, tt.w, tt.h, 2)
		got := g.Drawn(says)
		for _, cl := range g.Ctx.Clipped() {
			got = got || strings.Contains(cl.Full, says)
		}
		if got != tt.want {
			t.Errorf("%dx%d at %v: says the scale is held back %v, want %v", tt.w, tt.h, tt.scale, got, tt.want)
		}
	}
}

// TestStartCompact checks that the start screen's header goes compact (the
// subtitle hidden, its text in the title's tooltip) only where not one row
// would fit under the resume offer: a window too low at scale 1, not a
// small window at a large scale, which fitScale holds back.
func TestStartCompact(t *testing.T) {
	// Not parallel: it draws frames (see ui_test.go).
	for _, tt := range []struct {
		w, h  int
		scale float64
		want  bool
	}{
		{640, 400, 1, true},   // the smallest --size: 400 high
		{1024, 768, 2, false}, // held to 1.2: 630 unscaled pixels high
		{1024, 768, 1, false},
	} {
		g := startGame(t, tt.scale, true, false)
		frame(t, g, tt.w, tt.h, 2)
		s := g.Scene().(*Start)
		if s.lay.compact != tt.want {
			t.Errorf("%dx%d at %v: compact %v, want %v", tt.w, tt.h, tt.scale, s.lay.compact, tt.want)
		}
		if tip := s.cs.TooltipAt(s.lay.title.Rect().Min.Add(image.Pt(1, 1))); tt.want && tip != startSubtitle {
			t.Errorf("%dx%d at %v: the title's tooltip is %q, want the subtitle", tt.w, tt.h, tt.scale, tip)
		}
		if s.shown < 1 {
			t.Errorf("%dx%d at %v: no row shown", tt.w, tt.h, tt.scale)
		}
	}
}
