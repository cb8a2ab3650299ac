package ui

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/ebitenui/ebitenui/input"
	"github.com/hajimehoshi/ebiten/v2"

	"tearline/cmd/tearline/internal/atomicfile"
	// Stops any binary linking this package, tests included, with a clear
	// message when there is no display (before ebiten's init panics).
	_ "tearline/cmd/tearline/internal/display"
	"tearline/cmd/tearline/internal/perf"
	"tearline/cmd/tearline/internal/script"
	"tearline/cmd/tearline/internal/settings"
	"tearline/cmd/tearline/internal/view"
	"tearline/sim"
)

// Scene is one screen of the client.
type Scene interface {
	// Name is the scene's name for scripts: start, briefing, exercise,
	// debrief or error.
	Name() string
	// Update lays out the scene's controls and acts on g.In.
	Update(g *Game) error
	// Draw draws the scene; it must not change it.
	Draw(dst *ebiten.Image, g *Game)
	// Controls returns the controls laid out in the last Update.
	Controls() *Controls
}

// Options configure a Game.
type Options struct {
	// Scenario is the scenario to play, or nil for the start screen.
	Scenario *sim.Scenario
	// LoadErr, if set, opens the error screen (e.g. scenario.Problems).
	LoadErr error
	// Path is the scenario file Scenario or LoadErr came from ("" for a
	// compiled-in scenario). The screens that show it follow the file: see
	// Watch.
	Path string
	// Watch, if set, starts a watcher on Path so that a save reloads it
	// (live reload, see livefile.go); without it the screens offer Reload
	// alone. Unused when Path is "".
	Watch WatchFunc
	// Shipped holds the shipped scenarios (*.toml) for the start screen.
	Shipped fs.FS
	// Direct skips the start and briefing screens straight to the exercise.
	Direct bool
	// Script is scripted input to play, ScriptName its file name. A script
	// is played if either is set (an empty script ends the program at
	// once).
	Script     []script.Step
	ScriptName string
	// Screenshot saves the screen there: at the end of the script, or, with
	// no script, at the first settled frame of the exercise screen, then quits.
	Screenshot string
	// Seed is the run's seed; Rollouts the preview's Monte Carlo size.
	Seed     uint64
	Rollouts int
	// Scale is the initial UI scale (1 = 100%).
	Scale float64
	// OnScale, if set, is called with the new UI scale when the trainee
	// changes it (to save it for next time).
	OnScale func(scale float64)
	// FrameTimes prints frame-time percentiles to Log at exit.
	FrameTimes bool
	// Walkthrough shows the first-run walkthrough of the decision panel at
	// the first share decision, until dismissed; OnWalkthroughDone, if set,
	// is called when the trainee dismisses it (to save that).
	Walkthrough       bool
	OnWalkthroughDone func()
	// Frames quits after this many frames (0 = never); for measurements.
	Frames int
	// Blank draws only the background, to measure the display's own frame
	// rate ceiling with FrameTimes.
	Blank bool
	// KeepScreen says the window keeps its pixels between frames (the
	// caller turned off ebiten's screen clearing): the exercise screen then
	// redraws only what changed.
	KeepScreen bool
	// Autosave, if set, keeps the exercise being played (its decision log,
	// after every answer and fire) so that the next start can resume it:
	// an unfinished one found there makes the start screen offer to resume
	// it (see autosave.go). Nil: nothing is saved or offered.
	Autosave Store
	// Join, if set, offers "Join a session" on the start screen (a team
	// station, join.go) with these values; JoinNow opens the join screen
	// first (tearline join).
	Join    *JoinOptions
	JoinNow bool
	// First, if set, makes the first scene (the facilitator's console of
	// tearline host, see NewConsoleScreen).
	First func(g *Game) Scene
	// Start is when the process started (for the first-frame latency).
	Start time.Time
	// Log receives diagnostics (frame times); os.Stderr if nil.
	Log io.Writer
}

// Game is the client: a scene manager implementing ebiten.Game.
type Game struct {
	// Opts are the options it was made with.
	Opts Options
	// In is this tick's input.
	In Input
	// Ctx is the drawing context.
	Ctx *Ctx
	// W holds the current screen's controls as ebitenui widgets.
	W *Widgets

	// scale is the UI scale the trainee chose (Options.Scale, Ctrl+=/−);
	// Ctx.Scale is the scale the window holds (fitScale).
	scale   float64
	scene   Scene
	laidOut Scene // the scene whose Update last ran (safe to draw)
	player  *script.Player
	// drawnSinceStep: a frame was drawn since the script's last step (see
	// Update); true at the start.
	drawnSinceStep bool
	shot           string
	quit           bool
	err            error
	frames         int
	rec            perf.Recorder
	first          time.Duration
	settled        int
	ticks          int

	// the opened scenario file (nil: none), see livefile.go
	file *liveFile
	// the glossary page over the screen (the ? key), see glossary.go
	gloss Glossary
	// the "Quit the exercise?" dialog, see quit.go
	quitDlg quitDialog
	// the autosave of the running exercise and the one found at start
	// (autosave.go)
	saves *autosaver
	// walkthrough: the first-run walkthrough is still to show (walkthrough.go)
	walkthrough bool
	// repaint asks the next Draw to paint the whole screen
	repaint bool

	// what the screen holds from the last frame (see screenKept)
	kept       bool
	lastScreen *ebiten.Image
	lastBounds image.Rectangle
	lastScene  Scene
	damage     []image.Rectangle // what the scene repainted in this Draw
}

// TipDelay is how long the pointer must rest before a tooltip shows, in
// ticks (0.4 s; long enough not to flicker while the mouse moves).
const TipDelay = 24

// ScaleSteps are the UI scales offered (Ctrl+= / Ctrl+-).
var ScaleSteps = []float64{0.75, 1, 1.25, 1.5, 1.75, 2, 2.5}

// New makes a game.
func New(opts Options) (*Game, error) {
	f, err := NewFonts()
	if err != nil {
		return nil, err
	}
	if opts.Scale == 0 {
		opts.Scale = 1
	}
	if !(opts.Scale >= settings.MinScale && opts.Scale <= settings.MaxScale) {
		// NaN and the infinities fail here too: text of a NaN size has no face.
		return nil, fmt.Errorf("UI scale %v: want %v to %v", opts.Scale, settings.MinScale, settings.MaxScale)
	}
	if opts.Rollouts <= 0 {
		opts.Rollouts = 1000
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	// The system cursor is kept; ebitenui would otherwise look for cursor
	// images we do not ship.
	input.CursorManagementEnabled = false
	// Closing the window mid-exercise asks first (quit.go).
	ebiten.SetWindowClosingHandled(true)
	g := &Game{Opts: opts, Ctx: newCtx(f), walkthrough: opts.Walkthrough, drawnSinceStep: true}
	g.W = newWidgets(&g.In.clicked)
	g.scale = opts.Scale
	g.Ctx.W, g.Ctx.H = 1280, 800
	g.Ctx.Scale = fitScale(g.scale, g.Ctx.W, g.Ctx.H)
	g.rec.Skip = 10 // the first frames include window mapping and font caching
	if opts.Script != nil || opts.ScriptName != "" {
		// A script with no steps is played too: it ends at once, and so
		// does the program (after any screenshot).
		g.player = script.NewPlayer(opts.ScriptName, opts.Script)
		g.In.gateQueue()
	}
	if opts.Path != "" && (opts.LoadErr != nil || opts.Scenario != nil) {
		g.file = &liveFile{path: opts.Path, start: opts.Watch, sc: opts.Scenario, err: opts.LoadErr}
	}
	if opts.Autosave != nil {
		g.saves = &autosaver{store: opts.Autosave}
	}
	var resume *Resumable
	if !opts.Direct && !opts.JoinNow && opts.First == nil {
		resume = g.findResumable()
	}
	switch {
	case opts.First != nil:
		g.scene = opts.First(g)
	case opts.Join != nil && opts.JoinNow:
		g.scene = NewJoin(*opts.Join)
	case resume != nil:
		// An exercise left unfinished: the start screen offers it.
		g.saves.offer = resume
		g.scene = NewStart(opts.Shipped)
	case g.file != nil && opts.Direct && opts.LoadErr == nil:
		ex := NewExercise(g, opts.Scenario)
		ex.file = true
		g.scene = ex
	case g.file != nil:
		g.scene = g.fileScene()
	case opts.LoadErr != nil:
		g.scene = NewErrorScene(opts.Path, opts.LoadErr)
	case opts.Scenario != nil && opts.Direct:
		g.scene = NewExercise(g, opts.Scenario)
	case opts.Scenario != nil:
		g.scene = NewBriefing(opts.Scenario)
	default:
		g.scene = NewStart(opts.Shipped)
	}
	return g, nil
}

// Scene returns the current scene.
func (g *Game) Scene() Scene { return g.scene }

// Switch changes to scene s from the next tick.
func (g *Game) Switch(s Scene) {
	if c, ok := g.scene.(interface{ Close() }); ok {
		c.Close()
	}
	g.scene = s
}

// Quit ends the program after this tick.
func (g *Game) Quit() { g.quit = true }

// Update implements ebiten.Game.
func (g *Game) Update() error {
	if g.err != nil {
		return g.err
	}
	g.ticks++
	// ebitenui reads the pointer from g.In (real and scripted alike).
	input.SetCursorUpdater(&g.In)
	// A screenshot asked for is taken before the script goes on, even when
	// ebiten runs several updates per frame on a slow display; the script
	// also waits for its last click to be played, and for a frame drawn
	// since its last step: ebitenui places a new button when it draws it,
	// so a click played before that frame (several updates run per frame
	// on a loaded machine) would land on nothing and be lost, as a person
	// never could.
	if g.player != nil && !g.player.Done() && g.shot == "" && !g.In.busy() && g.drawnSinceStep {
		g.drawnSinceStep = false
		if err := g.player.Tick(g); err != nil {
			return err
		}
		if g.player.Done() && !g.quit {
			// The end of a script ends the program, after the screenshot.
			if g.Opts.Screenshot != "" && g.shot == "" {
				g.shot = g.Opts.Screenshot
			}
			g.quit = true
		}
	}
	g.In.poll()
	if ebiten.IsWindowBeingClosed() {
		// The window's close button (SetWindowClosingHandled in New): as Q.
		g.askQuit()
	}
	g.globalKeys()
	g.focusKeys()
	if g.quitDlg.update(g) {
		// The dialog holds the screen as the glossary does.
		g.W.Update()
		g.quitDlg.cs.Handle(&g.In)
		g.In.clicked = g.In.clicked[:0]
		if g.quitDlg.open {
			g.W.sync(g.Ctx, &g.quitDlg.cs)
		} else {
			g.W.sync(g.Ctx, &Controls{})
		}
		return g.endTick()
	}
	if g.gloss.update(g) {
		// The glossary holds the screen: only its buttons are live, and the
		// screen under it waits (its clock too).
		g.W.Update()
		g.gloss.cs.Handle(&g.In)
		g.In.clicked = g.In.clicked[:0]
		if g.gloss.open {
			g.W.sync(g.Ctx, &g.gloss.cs)
		} else {
			g.W.sync(g.Ctx, &Controls{}) // Close: the screen lays out again next tick
		}
		return g.endTick()
	}
	// ebitenui acts on the controls as they were drawn: clicks queue their
	// control ids in g.In for the scene, which runs them in its Update.
	g.W.Update()
	if g.In.MouseButtonJustPressed(ebiten.MouseButtonLeft) {
		// Focus is for the keyboard: a click would otherwise leave the
		// button it pressed taking Enter and Space from the screen's keys.
		g.W.clearFocus()
	}
	// A reload of the opened file may change the screen: input meant for
	// the screen that went is dropped, not given to the new one.
	before := g.scene
	if g.followFile(); g.scene != before {
		g.In.clicked = g.In.clicked[:0]
		g.In.keys = g.In.keys[:0]
	}
	s := g.scene
	if err := s.Update(g); err != nil {
		return err
	}
	g.In.clicked = g.In.clicked[:0]
	if g.scene == s && g.quitDlg.open {
		// The screen asked to quit (Esc, Q): the dialog's buttons now.
		g.laidOut = s
		g.quitDlg.layout(g)
		g.W.sync(g.Ctx, &g.quitDlg.cs)
	} else if g.scene == s {
		g.laidOut = s
		g.W.sync(g.Ctx, s.Controls())
	} else {
		g.W.sync(g.Ctx, &Controls{}) // the next scene lays out in its first Update
	}
	if g.player == nil && g.Opts.Screenshot != "" && g.shot == "" && g.scene.Name() == "exercise" {
		// The first settled frame: the exercise screen has been laid out and
		// drawn a few times (fonts and caches warm).
		g.settled++
		if g.settled == 5 {
			g.shot = g.Opts.Screenshot
			g.quit = true
		}
	}
	return g.endTick()
}

// endTick ends Update: the program stops once a quit is asked for and any
// screenshot taken.
func (g *Game) endTick() error {
	if g.quit && g.shot == "" {
		return ebiten.Termination
	}
	return nil
}

func (g *Game) globalKeys() {
	switch in := &g.In; {
	case in.Asks(KeysGlobal, IntentScaleUp):
		g.stepScale(1)
	case in.Asks(KeysGlobal, IntentScaleDown):
		g.stepScale(-1)
	case in.Asks(KeysGlobal, IntentFullscreen):
		ebiten.SetFullscreen(!ebiten.IsFullscreen())
	}
}

// focusKeys moves the keyboard focus over the screen's buttons (KeysFocus):
// Tab and Shift+Tab step through them in the order the screen lays them
// out, Enter or Space presses the focused one, Esc drops the focus. Keys
// used here do not reach the screen. Without a focused button, Enter, Space
// and Esc keep their meaning on each screen.
func (g *Game) focusKeys() {
	in := &g.In
	switch {
	case in.Asks(KeysFocus, IntentFocusPrev):
		g.W.moveFocus(-1)
		in.take(KeysFocus, IntentFocusPrev)
	case in.Asks(KeysFocus, IntentFocusNext):
		g.W.moveFocus(1)
		in.take(KeysFocus, IntentFocusNext)
	case g.W.focus == "":
	case in.take(KeysFocus, IntentPress):
		g.W.activate()
	case in.take(KeysFocus, IntentDropFocus):
		g.W.clearFocus()
	}
}

// stepScale moves the chosen UI scale one step up (+1) or down (-1).
func (g *Game) stepScale(d int) {
	i := 0
	for j, s := range ScaleSteps {
		if s <= g.scale+1e-9 {
			i = j
		}
	}
	i += d
	if i >= 0 && i < len(ScaleSteps) && ScaleSteps[i] != g.scale {
		g.SetScale(ScaleSteps[i])
		if g.Opts.OnScale != nil {
			g.Opts.OnScale(g.scale)
		}
	}
}

// SetScale sets the chosen UI scale (settings.MinScale to MaxScale); the
// screens use as much of it as the window holds (fitScale).
func (g *Game) SetScale(s float64) {
	g.scale = s
	g.Ctx.Scale = fitScale(s, g.Ctx.W, g.Ctx.H)
}

// Scale returns the chosen UI scale (SetScale); Ctx.Scale is the one in
// use.
func (g *Game) Scale() float64 { return g.scale }

// The smallest window the screens are laid out for, in unscaled pixels:
// the exercise screen's panel (540) beside the narrowest map (300), and
// 530 high, a little under 1280×800 at 1.5 (533), the tightest of the
// room's sizes that the layout tests check.
const (
	minLogicalW = 840
	minLogicalH = 530
)

// fitScale is the UI scale the screens use in a w×h window for a chosen
// scale: the chosen one, or less where the window could not hold the
// screens at it (1024×768 holds 1.2), but never less than 1 for a choice
// of 1 or more: below 1 is a choice the trainee makes, not the window.
func fitScale(chosen float64, w, h int) float64 {
	if chosen <= 1 || w <= 0 || h <= 0 {
		return chosen
	}
	fit := min(float64(w)/minLogicalW, float64(h)/minLogicalH)
	return max(1, min(chosen, fit))
}

// Draw implements ebiten.Game.
func (g *Game) Draw(screen *ebiten.Image) {
	t0 := time.Now()
	g.Ctx.resetDrawn()
	// The scene may repaint only what changed if the screen holds its last
	// frame. What ebitenui draws over it is opaque and repaints its whole
	// box, so a change of look (hover, focus) needs nothing from the
	// scene; where a button or tooltip went away, the scene repaints
	// (Widgets.stale).
	tip, tipNow := g.W.tipShowing()
	g.W.drawn(tipNow, screen.Bounds().Dx(), screen.Bounds().Dy())
	// Only the exercise and debrief screens repaint in part; the others
	// draw it all.
	_, partial := g.scene.(*Exercise)
	if _, ok := g.scene.(*Debrief); ok {
		partial = true
	}
	g.kept = partial && g.Opts.KeepScreen && screen == g.lastScreen && screen.Bounds() == g.lastBounds &&
		g.scene == g.lastScene && !g.repaint && !g.quitDlg.open
	g.repaint = false
	g.lastScreen, g.lastBounds, g.lastScene = screen, screen.Bounds(), nil
	if !g.kept {
		screen.Fill(view.Background)
	}
	if g.laidOut != g.scene {
		return // a scene just switched to is drawn after its first Update
	}
	g.drawnSinceStep = true // its buttons are placed below (W.UI.Draw)
	g.In.frameDrawn()
	if g.gloss.open && !g.Opts.Blank {
		// Drawn whole each frame; lastScene stays nil, so the screen under
		// it is drawn whole again when it closes.
		g.gloss.draw(screen, g.Ctx)
		g.W.UI.Draw(screen)
		g.W.labels(g.Ctx.markDrawn)
		if tipNow {
			g.Ctx.markDrawn(tip)
		}
	} else if g.quitDlg.open && !g.Opts.Blank {
		// The screen under the dialog, whole, then the dialog; lastScene
		// stays nil, so the screen is drawn whole again when it closes.
		g.scene.Draw(screen, g)
		g.quitDlg.draw(screen, g.Ctx)
		g.W.UI.Draw(screen)
		g.W.labels(g.Ctx.markDrawn)
		if tipNow {
			g.Ctx.markDrawn(tip)
		}
	} else if !g.Opts.Blank {
		g.damage = g.damage[:0]
		g.scene.Draw(screen, g)
		g.lastScene = g.scene
		walk := false
		if ex, ok := g.scene.(*Exercise); ok && ex.walkthroughShows(g) {
			ex.drawWalkthrough(screen, g.Ctx)
			walk = true // drawn over the buttons' frame: draw them again
		}
		// ebitenui draws the buttons and any tooltip over the scene. On a
		// kept screen they are still there from the last frame: they are
		// drawn again only if the pointer or a key may have changed how one
		// looks, a tooltip shows, or the scene repainted under one.
		if !g.kept || walk || tipNow || g.In.takeActivity() || g.W.changed || g.W.covers(g.damage) {
			g.W.UI.Draw(screen)
		}
		g.W.labels(g.Ctx.markDrawn)
		if tipNow {
			g.Ctx.markDrawn(tip)
		}
	}
	g.W.changed, g.W.stale = false, g.W.stale[:0]
	now := time.Now()
	if g.scene != nil {
		g.rec.SetScene(g.scene.Name())
	}
	g.rec.Draw(now.Sub(t0))
	if g.frames == 0 && !g.Opts.Start.IsZero() {
		g.first = now.Sub(g.Opts.Start)
	}
	g.frames++
	g.rec.Frame(now)
	if g.shot != "" {
		if err := SavePNG(screen, g.shot); err != nil && g.err == nil {
			g.err = err
		}
		g.shot = ""
	}
	if g.Opts.Frames > 0 && g.frames >= g.Opts.Frames {
		g.quit = true
	}
}

// screenKept reports, during Draw, whether the screen still holds exactly
// what the current scene drew in the last frame, so that it may redraw only
// what changed.
func (g *Game) screenKept() bool { return g.kept }

// Layout implements ebiten.Game: one window pixel is one screen pixel; the
// UI scale is applied by the scenes.
func (g *Game) Layout(w, h int) (int, int) {
	g.Ctx.W, g.Ctx.H = w, h
	g.Ctx.Scale = fitScale(g.scale, w, h)
	return w, h
}

// Finish prints the frame-time summary if asked for; call after RunGame.
func (g *Game) Finish() {
	if g.Opts.FrameTimes {
		g.rec.Summarise().Write(g.Opts.Log, g.first)
		perf.WriteScenes(g.Opts.Log, g.rec.Scenes())
	}
	if c, ok := g.scene.(interface{ Close() }); ok {
		c.Close()
	}
	if g.file != nil {
		g.file.stop()
	}
}

// SavePNG writes img as a PNG file, replacing a regular file there in one
// step (see package atomicfile): a failed save leaves the old file or none,
// never half a picture, and a path that is a folder or a device is refused.
func SavePNG(img *ebiten.Image, path string) error {
	b := img.Bounds()
	rgba := image.NewRGBA(b)
	img.ReadPixels(rgba.Pix)
	var buf bytes.Buffer
	if err := png.Encode(&buf, rgba); err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := atomicfile.Replace(atomicfile.OS, path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	return nil
}

// Script environment (script.Env).

// Click queues a scripted click.
func (g *Game) Click(x, y int) { g.In.injectClick(x, y) }

// ControlCentre returns the centre of a control on the current screen.
func (g *Game) ControlCentre(id string) (int, int, bool) {
	cs := g.scene.Controls()
	switch {
	case g.quitDlg.open:
		cs = &g.quitDlg.cs
	case g.gloss.open:
		cs = &g.gloss.cs
	}
	c, ok := cs.Find(id)
	if !ok || c.Disabled {
		return 0, 0, false
	}
	p := c.R.Min.Add(c.R.Max).Div(2)
	return p.X, p.Y, true
}

// Hover moves the pointer for a script; a tooltip opens after TipDelay
// (a scripted click leaves the pointer outside the window, so scripted
// runs show no tooltips unless they hover).
func (g *Game) Hover(x, y int) { g.In.injectHover(x, y) }

// Key queues a scripted key press.
func (g *Game) Key(name string) bool { return g.In.injectKey(name) }

// Holds reports whether a script condition holds.
func (g *Game) Holds(cond string) bool {
	if len(cond) > 6 && cond[:6] == "scene " {
		// A scene counts once it has laid out its controls.
		return g.scene.Name() == cond[6:] && g.laidOut == g.scene
	}
	ex, ok := g.scene.(*Exercise)
	switch cond {
	case "decision":
		return ok && ex.form != nil
	case "pending":
		return ok && (ex.form != nil || ex.consent != nil)
	case "previewed":
		return ok && ex.form != nil && ex.previewGen == ex.form.Gen && ex.preview != nil
	case "consent":
		return ok && ex.consent != nil
	case "running":
		return ok && !ex.clock.Paused
	case "done":
		return ok && ex.w.Done()
	case "filechanged":
		return ok && ex.notice.shown
	case "quitting":
		return g.quitDlg.open
	}
	return false
}

// Drawn reports whether text was drawn in the last frame.
func (g *Game) Drawn(s string) bool { return g.Ctx.Drawn(s) }

// Shot asks for a screenshot of the next frame.
func (g *Game) Shot(path string) error {
	if path == "" {
		return errors.New("screenshot: no file name")
	}
	g.shot = path
	return nil
}
