package ui

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/watch"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// Live reload of the opened scenario file (livefile.go, notice.go), with the
// app's watcher (package watch) on real files: saves are made as editors
// make them, and the game loop is run frame by frame until the screen shows
// the result.

// liveTimeout bounds each wait for a save to show: many times the debounce
// (200 ms) plus a load, for a machine loaded by the race detector.
const liveTimeout = 30 * time.Second

// watchers starts package watch's watchers, as the app does, and keeps
// them so a test can check they were stopped.
type watchers struct {
	mu   sync.Mutex
	list []*watch.Watcher[*sim.Scenario]
}

func (ws *watchers) start(path string, load func(string) (*sim.Scenario, error)) (FileWatcher, error) {
	w, err := watch.Start(path, load, watch.Options{})
	if err != nil {
		return nil, err
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.list = append(ws.list, w)
	return w, nil
}

// running counts the watchers whose goroutine has not ended.
func (ws *watchers) running() int {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	n := 0
	for _, w := range ws.list {
		select {
		case <-w.Done():
		default:
			n++
		}
	}
	return n
}

// save replaces the file as an editor's atomic save does: a temporary file
// in the same folder, renamed over it.
func save(t *testing.T, path, text string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// waitFrames runs frames until cond holds, failing after liveTimeout. The
// pause between frames only paces the loop.
func waitFrames(t *testing.T, g *Game, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(liveTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s did not happen (screen %q)", liveTimeout, what, g.Scene().Name())
		}
		frame(t, g, 1280, 800, 1)
		time.Sleep(5 * time.Millisecond)
	}
	frame(t, g, 1280, 800, 1) // draw what it shows
}

// key queues a key press for the next frame.
func key(t *testing.T, g *Game, name string) {
	t.Helper()
	if !g.Key(name) {
		t.Fatalf("no key %q", name)
	}
}

func click(t *testing.T, g *Game, id string) {
	t.Helper()
	x, y, ok := g.ControlCentre(id)
	if !ok {
		t.Fatalf("no control %q on the %s screen", id, g.Scene().Name())
	}
	g.Click(x, y)
	frame(t, g, 1280, 800, 1)
}

// scenarioTexts returns the default scenario's source, a version with
// another title, and two broken versions with one problem each.
func scenarioTexts(t *testing.T) (good, edited, bad1, bad2 string) {
	t.Helper()
	b, err := scenarios.FS.ReadFile(scenario.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	good = string(b)
	const title = `title = "Vessen Crossing"`
	if !strings.Contains(good, title) {
		t.Fatalf("the default scenario has no %s line", title)
	}
	edited = strings.Replace(good, title, `title = "Vessen Crossing, edited"`, 1)
	bad1 = strings.Replace(good, title, `title = "Vessen Crossing"`+"\nnot_a_key = 1", 1)
	bad2 = strings.Replace(good, title, `title = "Vessen Crossing"`+"\nanother_unknown_key = 2", 1)
	return good, edited, bad1, bad2
}

// openFile writes text to a scenario file, opens it as the app does and
// returns the game and its watchers.
func openFile(t *testing.T, text string) (*Game, string, *watchers) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "facilitator.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ws := &watchers{}
	sc, err := scenario.Load(path)
	g := newGame(t, Options{Scenario: sc, LoadErr: err, Path: path, Watch: ws.start})
	frame(t, g, 1280, 800, 1)
	return g, path, ws
}

// TestLiveReloadScreens: the error screen of a broken file becomes its
// briefing when the file is fixed and saved, the briefing becomes the error
// screen when a save breaks it, Reload (R) reads it at once, and the start
// screen's row for the file follows it. The watcher stops when a screen
// that does not show the file comes up, and for good at Finish.
func TestLiveReloadScreens(t *testing.T) {
	good, edited, bad1, bad2 := scenarioTexts(t)
	g, path, ws := openFile(t, bad1)
	if g.Scene().Name() != "error" {
		t.Fatalf("a broken file opened the %s screen", g.Scene().Name())
	}
	if !g.Drawn("Tearline reloads it when you save it") || g.Drawn("Fix the file and open it again") {
		t.Error("the error screen does not say it reloads on save")
	}
	if _, _, ok := g.ControlCentre("reload"); !ok {
		t.Error("no Reload button on the error screen")
	}
	if !g.Drawn("not_a_key") {
		t.Error("the problem is not listed")
	}

	// Still broken: the screen stays, with the new problems.
	save(t, path, bad2)
	waitFrames(t, g, "the new problem listed", func() bool { return g.Drawn("another_unknown_key") })
	if g.Scene().Name() != "error" || g.Drawn("not_a_key") || !g.Drawn("still 1 problem") {
		t.Errorf("after a save that is still broken: screen %q; the old problem listed: %v", g.Scene().Name(), g.Drawn("not_a_key"))
	}

	// Fixed: the briefing opens.
	save(t, path, good)
	waitFrames(t, g, "the briefing opening", func() bool { return g.Holds("scene briefing") })
	if !g.Drawn("Vessen Crossing") || !g.Drawn("reloaded at") {
		t.Error("the briefing does not show the fixed file")
	}
	if _, _, ok := g.ControlCentre("reload"); !ok {
		t.Error("no Reload button on the briefing")
	}

	// A new version shows in place.
	save(t, path, edited)
	waitFrames(t, g, "the edited title shown", func() bool { return g.Drawn("Vessen Crossing, edited") })

	// Broken again: the error screen.
	save(t, path, bad1)
	waitFrames(t, g, "the error screen", func() bool { return g.Holds("scene error") })

	// R reads the file at once, changed or not.
	before := g.file.reloads
	key(t, g, "R")
	waitFrames(t, g, "a reload after R", func() bool { return g.file.reloads > before })
	if !g.Holds("scene error") {
		t.Errorf("R on an unchanged broken file opened %q", g.Scene().Name())
	}
	save(t, path, good)
	waitFrames(t, g, "the briefing", func() bool { return g.Holds("scene briefing") })
	before = g.file.reloads
	key(t, g, "R")
	waitFrames(t, g, "a reload after R on the briefing", func() bool { return g.file.reloads > before })

	// The start screen lists the file first and follows it without leaving.
	key(t, g, "Escape")
	waitFrames(t, g, "the start screen", func() bool { return g.Holds("scene start") })
	st := g.Scene().(*Start)
	if len(st.list) == 0 || !st.list[0].own {
		t.Fatal("the start screen does not list the opened file first")
	}
	for _, id := range []string{"play-file", "reload", "play-default"} {
		if _, _, ok := g.ControlCentre(id); !ok {
			t.Errorf("no %q control on the start screen", id)
		}
	}
	save(t, path, bad2)
	waitFrames(t, g, "the file's row marked as not loading", func() bool { return g.Drawn("(opened file)  (does not load)") })
	if g.Scene() != Scene(st) {
		t.Error("a save left the start screen")
	}
	click(t, g, "play-file")
	waitFrames(t, g, "the file's error screen", func() bool { return g.Holds("scene error") })
	if !g.Drawn("another_unknown_key") {
		t.Error("the error screen opened from the start screen lists another version")
	}

	// A shipped scenario's briefing does not follow the file: the watcher
	// stops.
	click(t, g, "back")
	waitFrames(t, g, "the start screen", func() bool { return g.Holds("scene start") })
	if ws.running() != 1 {
		t.Errorf("%d watchers running on the start screen, want 1", ws.running())
	}
	click(t, g, "play-default")
	waitFrames(t, g, "the watcher stopped", func() bool { return g.Holds("scene briefing") && ws.running() == 0 })
	if _, _, ok := g.ControlCentre("reload"); ok {
		t.Error("a shipped scenario's briefing offers to reload the file")
	}
	// Back on a screen that shows the file, it is followed again, and what
	// was saved meanwhile is read.
	save(t, path, edited)
	key(t, g, "Escape")
	waitFrames(t, g, "the row showing the version saved while not watching",
		func() bool { return g.Holds("scene start") && g.Drawn("Vessen Crossing, edited  (opened file)") })
	if ws.running() != 1 {
		t.Errorf("%d watchers running, want 1", ws.running())
	}
	g.Finish()
	if ws.running() != 0 {
		t.Error("the watcher still runs after Finish")
	}
}

// TestLiveReloadExercise: during an exercise a save does not disturb play:
// a banner offers to restart on the new version (after a confirmation), or
// says the new version has problems and lists them over the map on
// request, and the run goes on.
func TestLiveReloadExercise(t *testing.T) {
	good, edited, bad1, _ := scenarioTexts(t)
	g, path, ws := openFile(t, good)
	click(t, g, "start")
	if g.Scene().Name() != "exercise" {
		t.Fatalf("Start exercise opened the %s screen", g.Scene().Name())
	}
	ex := g.Scene().(*Exercise)
	// Play a little: the first decision.
	click(t, g, "next")
	seq := -1
	if d := ex.run.Pending(); d != nil {
		seq = d.Seq
	}
	now := ex.run.Now()

	save(t, path, edited)
	waitFrames(t, g, "the banner", func() bool { return ex.notice.shown })
	if g.Scene() != Scene(ex) {
		t.Fatalf("a save left the exercise for the %s screen", g.Scene().Name())
	}
	if !g.Drawn("The scenario file changed") {
		t.Error("the banner's message is not drawn")
	}
	if d := ex.run.Pending(); ex.run.Now() != now || (d == nil) != (seq < 0) || (d != nil && d.Seq != seq) {
		t.Error("the save changed the run")
	}
	if ex.sc.Spec.Scenario.Title != "Vessen Crossing" {
		t.Error("the exercise switched to the new version")
	}

	// The new version is broken: the banner says so and lists the problems
	// over the map on request; no restart is offered.
	save(t, path, bad1)
	waitFrames(t, g, "the banner to count problems", func() bool { return ex.notice.count > 0 })
	if !g.Drawn("the new version has 1 problem") {
		t.Error("the banner does not count the problems")
	}
	if _, _, ok := g.ControlCentre("restart-new"); ok {
		t.Error("a restart is offered on a broken version")
	}
	click(t, g, "show-problems")
	if !g.Drawn("not_a_key") || g.Scene() != Scene(ex) {
		t.Error("Show problems did not list them over the exercise")
	}
	click(t, g, "hide-problems")
	if g.Drawn("not_a_key") {
		t.Error("Hide problems left them on the map")
	}

	// Fixed again: restart asks first; Keep playing keeps the run.
	save(t, path, edited)
	waitFrames(t, g, "the banner to offer a restart", func() bool { _, _, ok := g.ControlCentre("restart-new"); return ok })
	click(t, g, "restart-new")
	if !g.Drawn("Restart on the new version?") || !g.Drawn("Tearline does not save an exercise in progress") {
		t.Error("no confirmation that says what is lost")
	}
	click(t, g, "keep-playing")
	if g.Scene() != Scene(ex) || ex.notice.confirming {
		t.Fatal("Keep playing did not keep the exercise")
	}
	click(t, g, "dismiss-notice")
	if ex.notice.shown {
		t.Error("the banner stayed after ×")
	}
	// The next save brings it back; restarting opens the new version's
	// briefing.
	save(t, path, edited+"\n# another save\n")
	waitFrames(t, g, "the banner again", func() bool { return ex.notice.shown })
	click(t, g, "restart-new")
	click(t, g, "confirm-restart")
	waitFrames(t, g, "the briefing", func() bool { return g.Holds("scene briefing") })
	if !g.Drawn("Vessen Crossing, edited") {
		t.Error("the restart did not open the new version's briefing")
	}
	if b := g.Scene().(*Briefing); !b.file {
		t.Error("the briefing after a restart does not follow the file")
	}
	g.Finish()
	if ws.running() != 0 {
		t.Error("the watcher still runs after Finish")
	}
}

// TestNoWatcher: without a WatchFunc (a browser build, or one that failed),
// the screens still offer Reload, which reads the file at once, and say
// saves are not followed.
func TestNoWatcher(t *testing.T) {
	good, _, bad1, _ := scenarioTexts(t)
	path := filepath.Join(t.TempDir(), "s.toml")
	if err := os.WriteFile(path, []byte(bad1), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(path)
	g := newGame(t, Options{Scenario: sc, LoadErr: err, Path: path})
	frame(t, g, 1280, 800, 1)
	if !g.Drawn("Fix it, then press Reload (R).") {
		t.Error("the error screen promises a reload on save without a watcher")
	}
	if err := os.WriteFile(path, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	click(t, g, "reload")
	frame(t, g, 1280, 800, 1)
	if !g.Holds("scene briefing") {
		t.Errorf("Reload of a fixed file opened %q, want the briefing", g.Scene().Name())
	}
}
