package ui

import (
	"image"
	"image/color"
	"os"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// loopGame runs the tests inside ebiten's game loop, so images can be drawn
// and read back (ebiten's own internal/testing does the same): m.Run runs
// in the first Update, and the loop ends when it returns. Every test
// therefore runs while the loop waits for that Update, never beside it, so
// the tests may call ebiten (images, input, ebitenui) as the game does;
// tests that touch ebiten must not call t.Parallel. Run these tests under
// a display: xvfb-run -a go test ./cmd/tearline/...
type loopGame struct {
	m    *testing.M
	code int
}

func (g *loopGame) Update() error {
	g.code = g.m.Run()
	return ebiten.Termination
}

func (g *loopGame) Draw(*ebiten.Image)         {}
func (g *loopGame) Layout(w, h int) (int, int) { return w, h }

func TestMain(m *testing.M) {
	g := &loopGame{m: m, code: 1}
	ebiten.SetWindowSize(320, 200)
	if err := ebiten.RunGame(g); err != nil {
		panic(err)
	}
	os.Exit(g.code)
}

// frame draws g once into a w×h image after n updates, and after any
// scripted click still being played (a click takes a few ticks: pointer
// down, up, away), and returns its pixels.
func frame(t *testing.T, g *Game, w, h, n int) *image.RGBA {
	t.Helper()
	g.Layout(w, h)
	for i := 0; i < n || g.In.busy(); i++ {
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
	}
	img := ebiten.NewImage(w, h)
	defer img.Deallocate()
	g.Draw(img)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	img.ReadPixels(out.Pix)
	return out
}

// hasColour reports whether some pixel is within tol of c in every channel.
func hasColour(img *image.RGBA, c color.RGBA, tol int) bool {
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if near(img.Pix[i], c.R, tol) && near(img.Pix[i+1], c.G, tol) && near(img.Pix[i+2], c.B, tol) {
			return true
		}
	}
	return false
}

func near(a, b uint8, tol int) bool { d := int(a) - int(b); return d <= tol && d >= -tol }

func distinct(img *image.RGBA) int {
	seen := map[[3]uint8]bool{}
	for i := 0; i+3 < len(img.Pix); i += 4 {
		seen[[3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}] = true
	}
	return len(seen)
}

func newGame(t *testing.T, opts Options) *Game {
	t.Helper()
	opts.Shipped = scenarios.FS
	opts.Rollouts = 20 // fast forecasts in tests
	g, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Finish)
	return g
}

// TestExerciseSizes draws the main screen at several window sizes and UI
// scales: it must show the map legend and the clock, with the palette's
// colours, at every size.
func TestExerciseSizes(t *testing.T) {
	for _, tt := range []struct {
		name  string
		w, h  int
		scale float64
	}{
		{"laptop", 1280, 800, 1},
		{"small window", 800, 600, 1},
		{"projector 1.5x", 1920, 1080, 1.5},
		{"projector 2x at 1280", 1280, 800, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := newGame(t, Options{Scenario: scenario.Default(), Direct: true, Scale: tt.scale})
			img := frame(t, g, tt.w, tt.h, 2)
			if n := distinct(img); n < 30 {
				t.Errorf("only %d colours: blank screen?", n)
			}
			for _, s := range []string{"D+0 00:00", "Log ("} {
				if !g.Drawn(s) {
					t.Errorf("%q not drawn", s)
				}
			}
			// The legend: in full, or on a narrow map a chip whose tooltip
			// holds it.
			ex := g.Scene().(*Exercise)
			switch {
			case ex.legendChip && !g.Drawn("Legend (hover)"):
				t.Error("the folded legend's chip is not drawn")
			case !ex.legendChip && !g.Drawn("Trust A → B"):
				t.Error("the legend is not drawn")
			}
			if !hasColour(img, view.Background, 0) {
				t.Error("no background")
			}
		})
	}
}

// TestDecisionPanel plays to the first decision with the mouse (scripted
// clicks on controls) and checks the panel, its reasons and the forecast.
func TestDecisionPanel(t *testing.T) {
	g := newGame(t, Options{Scenario: scenario.Default(), Direct: true})
	frame(t, g, 1280, 800, 1)
	click := func(id string) {
		t.Helper()
		x, y, ok := g.ControlCentre(id)
		if !ok {
			t.Fatalf("no control %q", id)
		}
		g.Click(x, y)
		frame(t, g, 1280, 800, 1)
	}
	click("next")
	if !g.Holds("pending") {
		t.Fatal("no decision after Next decision")
	}
	if !g.Holds("decision") {
		t.Skip("the default scenario opens with a consent request")
	}
	img := frame(t, g, 1280, 800, 1)
	for _, s := range []string{"DECISION 1", "All tearline", "Send decision", "Full", "Withhold"} {
		if !g.Drawn(s) {
			t.Errorf("%q not drawn", s)
		}
	}
	if !hasColour(img, view.Blue, 2) {
		t.Error("the primary button's blue is missing")
	}
	click("all-tearline")
	ex := g.Scene().(*Exercise)
	if !ex.form.Sharing() {
		t.Fatal("All tearline shared with nobody")
	}
	// The forecast arrives from the worker without blocking the frame loop.
	for i := 0; i < 600 && !g.Holds("previewed"); i++ {
		frame(t, g, 1280, 800, 1)
	}
	if !g.Holds("previewed") {
		t.Fatal("no forecast after 600 frames")
	}
	frame(t, g, 1280, 800, 1)
	if !g.Drawn("in time") && !g.Drawn("cannot forecast") {
		t.Error("forecast not shown")
	}
	// Each shared row says what it adds, the summary what the whole answer
	// does; both come from the engine's paired forecast.
	if !g.Drawn("vs withholding: leak risk") {
		t.Error("no row says what its share adds")
	}
	if !g.Drawn("Whole answer vs withholding from all: coverage") {
		t.Error("no whole-answer summary")
	}
	if len(ex.preview.Rows) != len(ex.form.Decision.Rows) {
		t.Errorf("%d forecast rows for %d decision rows", len(ex.preview.Rows), len(ex.form.Decision.Rows))
	}
	click("send")
	if g.Holds("decision") && ex.form != nil && ex.form.Decision.Seq == 0 {
		t.Errorf("send did not answer: %s", ex.msg)
	}
	if len(ex.records) != 1 {
		t.Errorf("%d records, want 1", len(ex.records))
	}
}

// TestErrorScreen shows every problem of a bad file, as tearline-sim lint.
func TestErrorScreen(t *testing.T) {
	_, err := scenario.Parse("bad.toml", []byte("[scenario]\nid = \"x\"\nduration = \"soon\"\n"))
	if err == nil {
		t.Fatal("a bad scenario parsed")
	}
	g := newGame(t, Options{LoadErr: err, Path: "bad.toml"})
	img := frame(t, g, 1280, 800, 1)
	if !g.Drawn("This scenario cannot be played") {
		t.Error("no error title")
	}
	ps, ok := err.(scenario.Problems)
	if !ok || len(ps) == 0 {
		t.Fatalf("err is %T, want scenario.Problems", err)
	}
	if !g.Drawn(ps[0].String()) && !g.Drawn(ps[0].File) {
		t.Errorf("first problem %q not shown", ps[0].String())
	}
	if !hasColour(img, view.Bad, 2) {
		t.Error("no vermilion title")
	}
}

// TestStartScreen lists every shipped scenario.
func TestStartScreen(t *testing.T) {
	g := newGame(t, Options{})
	frame(t, g, 1280, 800, 1)
	st := g.Scene().(*Start)
	if len(st.list) < 1 || st.list[0].file != scenario.DefaultName {
		t.Fatalf("start list %+v: default must come first", st.list)
	}
	for _, sh := range st.list {
		if sh.err != nil {
			t.Errorf("%s does not load: %v", sh.file, sh.err)
		}
		if !g.Drawn(sh.title) {
			t.Errorf("%q not listed", sh.title)
		}
	}
	g.Key("Enter")
	frame(t, g, 1280, 800, 1)
	if g.Scene().Name() != "briefing" {
		t.Errorf("Enter opened %q, want the briefing", g.Scene().Name())
	}
}

// TestTooltip rests the pointer on the clock's Play button: ebitenui opens
// its tooltip, which explains it.
func TestTooltip(t *testing.T) {
	g := newGame(t, Options{Scenario: scenario.Default(), Direct: true})
	frame(t, g, 1280, 800, 1)
	c, ok := g.Scene().Controls().Find("play")
	if !ok {
		t.Fatal("no play control")
	}
	p := c.R.Min.Add(c.R.Max).Div(2)
	g.Hover(p.X, p.Y)
	// ebitenui times the delay on the wall clock: wait up to 5 s (many
	// times TipDelay, for a loaded machine).
	deadline := time.Now().Add(5 * time.Second)
	for !g.Drawn(c.Tip) && time.Now().Before(deadline) {
		frame(t, g, 1280, 800, 1)
		time.Sleep(10 * time.Millisecond)
	}
	if !g.Drawn(c.Tip) {
		t.Errorf("tooltip %q not drawn", c.Tip)
	}
}

// TestConsentPanel shows an ORCON consent request with its two answers.
func TestConsentPanel(t *testing.T) {
	sc := scenario.Default()
	g := newGame(t, Options{Scenario: sc, Direct: true})
	frame(t, g, 1280, 800, 1)
	ex := g.Scene().(*Exercise)
	// A request as the engine would pose it: a partner asks to pass the
	// player's item on. Only drawing is checked; the engine answers it.
	ex.open(&sim.Decision{Kind: sim.ConsentDecision, Item: 0, Holder: sc.Players[0], Requester: (sc.Players[0] + 1) % len(sc.Nations),
		Recipient: (sc.Players[0] + 2) % len(sc.Nations), Form: sim.Full})
	frame(t, g, 1280, 800, 1)
	if !g.Drawn("ORCON consent request") {
		t.Error("no consent request drawn")
	}
	for _, id := range []string{"grant", "refuse"} {
		if _, _, ok := g.ControlCentre(id); !ok {
			t.Errorf("no %q control", id)
		}
	}
	if !g.Holds("consent") || !g.Holds("pending") {
		t.Error("consent condition does not hold")
	}
	// Its forecast is requested like a share's; a hand-made request has no
	// engine decision behind it, so only the placeholder shows.
	if !g.Drawn("Forecast (grant vs refuse)") && !g.Drawn("Grant vs refuse") {
		t.Error("no forecast line on the consent panel")
	}
}

// TestFacilitatorFire fires an on-demand inject or event from the idle
// panel: it goes into the log and its button goes away.
func TestFacilitatorFire(t *testing.T) {
	g := newGame(t, Options{Scenario: scenario.Default(), Direct: true})
	frame(t, g, 1280, 800, 1)
	ex := g.Scene().(*Exercise)
	ids, _ := ex.onDemand()
	if len(ids) == 0 {
		t.Skip("the default scenario has nothing on demand")
	}
	before := len(ex.run.Log())
	x, y, ok := g.ControlCentre("fire-" + ids[0])
	if !ok {
		t.Fatalf("no fire button for %s", ids[0])
	}
	g.Click(x, y)
	frame(t, g, 1280, 800, 1)
	if !ex.fired[ids[0]] {
		t.Fatalf("%s not fired: %s", ids[0], ex.msg)
	}
	if _, _, ok := g.ControlCentre("fire-" + ids[0]); ok {
		t.Error("the fired item still has a button")
	}
	// Let the clock run a little: what was fired shows up in the log.
	g.Key("Space")
	frame(t, g, 1280, 800, 30)
	if len(ex.run.Log()) <= before {
		t.Error("nothing new in the log after firing")
	}
}
