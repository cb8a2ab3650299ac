package ui

import (
	"errors"
	"strings"
	"time"

	"tearline/cmd/tearline/internal/watch"
	"tearline/scenario"
	"tearline/sim"
)

// Live reload: the scenario file the app opened (Options.Path) is followed
// while a screen that shows it is up: the start screen (its first row), the
// file's briefing and error screen, and an exercise started from it. A save
// reloads the file off the frame loop (a FileWatcher, package watch); Game
// drains the result in Update and hands it to the screen, which never hears
// from the watcher's goroutine itself. Other screens (the debrief, a shipped
// scenario's briefing) stop the watcher, and Finish stops it for good.

// FileWatcher follows the opened scenario file: after each save, and when
// asked with Reload, it reads the file with the load function it was
// started with, off the frame loop, and delivers the result on Results.
// Package watch's Watcher is the one the app uses.
type FileWatcher interface {
	// Results delivers each reload's result; only the latest is kept.
	Results() <-chan watch.Result[*sim.Scenario]
	// Reload asks for the file to be read now; it never blocks.
	Reload()
	// Close stops the watcher and waits for its goroutine to end.
	Close() error
}

// WatchFunc starts a FileWatcher on the file at path that reads it with
// load. It returns an error where files cannot be watched (a browser) or
// the watch cannot be set up; the screens then offer Reload alone.
type WatchFunc func(path string, load func(path string) (*sim.Scenario, error)) (FileWatcher, error)

// loadScenario reads a scenario file: the bounded loader the app opens the
// file with (scenario.Load).
var loadScenario = scenario.Load

// fileScreen is a screen that can show the opened file.
type fileScreen interface {
	Scene
	// showsFile reports whether the screen shows the opened file now (and
	// so wants to hear of its saves).
	showsFile(g *Game) bool
	// reloaded tells the screen, in Update, that the file was read again:
	// g.file holds the new version (sc, or err with its problems).
	reloaded(g *Game)
}

// liveFile is the opened scenario file and the latest version read.
type liveFile struct {
	path  string
	start WatchFunc // nil: no watching (Reload still works)
	w     FileWatcher
	// off says why watching could not start; the screens say so.
	off error
	// paused says watching stopped once (a screen that does not show the
	// file was up): the file may have changed meanwhile.
	paused bool

	// The latest version read: a scenario, or the error with its problems.
	sc  *sim.Scenario
	err error
	// at is when it was last read again (zero: as opened); reloads counts
	// the reloads.
	at      time.Time
	reloads int
}

// followFile runs at the start of Game.Update: it keeps the watcher running
// while the screen shows the opened file and stopped otherwise, and hands
// the screen a reload that arrived.
func (g *Game) followFile() {
	lf := g.file
	if lf == nil {
		return
	}
	fs, ok := g.scene.(fileScreen)
	if !ok || !fs.showsFile(g) {
		lf.stop()
		return
	}
	lf.watch()
	if lf.w == nil {
		return
	}
	select {
	case r := <-lf.w.Results():
		lf.took(r.Value, r.Err)
		fs.reloaded(g)
	default:
	}
}

// reloadFile reads the opened file again now (the Reload button, R): by
// the watcher, off the frame loop, or, where there is none, at once.
func (g *Game) reloadFile() {
	lf := g.file
	if lf == nil {
		return
	}
	if lf.w != nil {
		lf.w.Reload()
		return
	}
	lf.took(loadScenario(lf.path))
	if fs, ok := g.scene.(fileScreen); ok {
		fs.reloaded(g)
	}
}

// fileScene returns the screen for the opened file's latest version: its
// briefing, or the error screen with its problems.
func (g *Game) fileScene() Scene {
	lf := g.file
	if lf.err != nil || lf.sc == nil {
		return newFileError(lf.path, lf.err)
	}
	return newFileBriefing(lf.sc)
}

// watch starts the watcher unless it runs, cannot run or failed to start.
// After a pause it asks for a reload at once: a save made meanwhile was not
// seen.
func (lf *liveFile) watch() {
	if lf.w != nil || lf.start == nil || lf.off != nil {
		return
	}
	w, err := lf.start(lf.path, loadScenario)
	if err != nil {
		lf.off = err
		return
	}
	lf.w = w
	if lf.paused {
		w.Reload()
	}
}

// stop stops the watcher if it runs; a reload it had not delivered is
// dropped (watch asks for a new one when it starts again).
func (lf *liveFile) stop() {
	if lf.w != nil {
		lf.w.Close()
		lf.w, lf.paused = nil, true
	}
}

// took records a version read.
func (lf *liveFile) took(sc *sim.Scenario, err error) {
	if err == nil && sc == nil {
		err = errors.New("the loader returned no scenario")
	}
	lf.sc, lf.err = sc, err
	lf.at = time.Now()
	lf.reloads++
}

// watching reports whether saves reload the file by themselves.
func (lf *liveFile) watching() bool { return lf.w != nil }

// reloadedAt says when the file was last read again ("" if never), for the
// screens' status lines.
func (lf *liveFile) reloadedAt() string {
	if lf.at.IsZero() {
		return ""
	}
	return lf.at.Format("15:04:05")
}

// followNote is the sentence that tells a facilitator how the screen
// follows the file: by itself on each save, or only when asked.
func (lf *liveFile) followNote() string {
	switch {
	case lf.watching():
		return "Tearline reloads it when you save it (or press Reload, R)."
	case lf.off != nil:
		return "Fix it, then press Reload " + Hint(KeysError, IntentReload) + ": live reload is off (" + lf.off.Error() + ")."
	default:
		return "Fix it, then press Reload " + Hint(KeysError, IntentReload) + "."
	}
}

// problemLines turns a loader error into lines for a screen: a scenario.Problems
// gives one line per problem, at most scenario.MaxShown of them and then how
// many more; any other error is shown as it is.
func problemLines(err error) []string {
	var lines []string
	var ps scenario.Problems
	if errors.As(err, &ps) {
		shown, more := ps.Head()
		for _, p := range shown {
			lines = append(lines, p.String())
		}
		if more > 0 {
			lines = append(lines, ps.More(more))
		}
		return lines
	}
	return strings.Split(err.Error(), "\n")
}

// problemCount is how many problems err holds (1 unless it is a
// scenario.Problems).
func problemCount(err error) int {
	var ps scenario.Problems
	if errors.As(err, &ps) && len(ps) > 0 {
		return len(ps)
	}
	return 1
}
