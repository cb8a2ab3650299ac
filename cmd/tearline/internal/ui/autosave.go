package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"tearline/cmd/tearline/internal/atomicfile"
	"tearline/internal/fileio"
	"tearline/scenario"
	"tearline/sim"
)

// Store keeps the autosave of the exercise being played between runs of the
// app: one slot, replaced after every answer and fire, removed when the
// exercise reaches its end. Options.Autosave gives one; the desktop build
// uses a FileStore in the state folder, the browser build (no files) none.
type Store interface {
	// Save replaces the autosave with data, durably: after it returns
	// without an error, a crash or kill leaves data or the previous
	// autosave, never a mix.
	Save(data []byte) error
	// Load returns the autosave, or nil and no error if there is none.
	Load() ([]byte, error)
	// Remove deletes the autosave; there being none is no error.
	Remove() error
}

// FileStore is a Store in one file: written whole beside it, synced, then
// renamed over it (package atomicfile's Replace), its folder made if
// needed.
type FileStore struct {
	// Path is the file's path.
	Path string
}

// maxAutosave bounds the autosave read back: a decision log's limit.
const maxAutosave = sim.MaxLogSize

// Save implements Store.
func (s FileStore) Save(data []byte) error {
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o755); err != nil {
		return err
	}
	return atomicfile.Replace(atomicfile.OS, s.Path, data, 0o644)
}

// Load implements Store. What is not a regular file is refused without
// being opened (fileio.ReadFile).
func (s FileStore) Load() ([]byte, error) {
	b, err := fileio.ReadFile(s.Path, maxAutosave)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// Remove implements Store.
func (s FileStore) Remove() error {
	if err := os.Remove(s.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// NopStore keeps nothing: where there are no files (the browser build).
type NopStore struct{}

// Save implements Store.
func (NopStore) Save([]byte) error { return nil }

// Load implements Store: there is never an autosave.
func (NopStore) Load() ([]byte, error) { return nil, nil }

// Remove implements Store.
func (NopStore) Remove() error { return nil }

// autosaver writes the running exercise's decision log to the store (after
// every answer and fire) and finds the one left by an earlier run.
type autosaver struct {
	store Store
	err   error // the last failed save, shown on the exercise screen
	// offer is the unfinished exercise found at start, offered on the start
	// screen until resumed, discarded or replaced by a new exercise's save.
	offer *Resumable
}

// save replaces the autosave with l.
func (a *autosaver) save(l *sim.DecisionLog) {
	if a == nil {
		return
	}
	var buf bytes.Buffer
	a.err = l.Write(&buf)
	if a.err == nil {
		a.err = a.store.Save(buf.Bytes())
	}
	if a.err == nil {
		a.offer = nil // the old autosave is gone
	}
}

// discard removes the autosave found at start.
func (a *autosaver) discard() {
	a.offer = nil
	a.remove()
}

// remove deletes the autosave: the exercise is over.
func (a *autosaver) remove() {
	if a == nil {
		return
	}
	a.err = a.store.Remove()
}

// Offer returns the unfinished exercise the start screen offers to
// resume, or nil.
func (g *Game) Offer() *Resumable {
	if g.saves == nil {
		return nil
	}
	return g.saves.offer
}

// autosave saves the exercise's decision log, if it is autosaved; a failed
// save shows in the panel's message line.
func (e *Exercise) autosave() {
	if e.saver == nil {
		return
	}
	e.saver.save(&e.declog)
	if e.saver.err != nil {
		e.msg, e.msgBad = "Autosave failed: "+e.saver.err.Error(), true
	}
}

// Resumable is an autosave found at start: an exercise left unfinished.
type Resumable struct {
	// Log is the saved decision log (nil if it could not be read).
	Log *sim.DecisionLog
	// Scenario is the scenario it is of, as it loads now; nil if it is not
	// found, does not load, or changed (Problem says which).
	Scenario *sim.Scenario
	// File says Scenario is the file the app opened.
	File bool
	// At is the exercise time of its last decision or fire, hours.
	At sim.Hours
	// Problem, if set, says why it cannot be resumed (the scenario changed
	// since, or is gone, or the autosave does not read): only Discard is
	// offered.
	Problem string
}

// Question is what the start screen asks: "Resume the exercise at D+1 04:00?".
func (r *Resumable) Question() string {
	return "Resume the exercise at " + scenario.FormatClock(r.At) + "?"
}

// findResumable looks for an autosave and the scenario it is of: the
// opened file, the scenario the app was started with, or a shipped one of
// that name; nil if there is no autosave.
func (g *Game) findResumable() *Resumable {
	if g.saves == nil {
		return nil
	}
	data, err := g.saves.store.Load()
	if err != nil {
		return &Resumable{Problem: "The autosaved exercise cannot be read (" + err.Error() + ")."}
	}
	if data == nil {
		return nil
	}
	log, err := sim.ParseDecisionLog("autosave", data)
	if err != nil {
		return &Resumable{Problem: "The autosaved exercise cannot be read: " + err.Error()}
	}
	r := &Resumable{Log: log, At: lastTime(log)}
	var found *sim.Scenario
	switch {
	case g.file != nil && g.file.sc != nil && g.file.sc.Name == log.Scenario:
		found, r.File = g.file.sc, true
	case g.Opts.Scenario != nil && g.Opts.Scenario.Name == log.Scenario:
		found = g.Opts.Scenario
	case g.Opts.Shipped != nil && fs.ValidPath(log.Scenario):
		if b, err := fs.ReadFile(g.Opts.Shipped, log.Scenario); err == nil {
			found, _ = scenario.Parse(log.Scenario, b)
		}
	}
	switch {
	case found == nil:
		r.Problem = "The autosaved exercise is of " + log.Scenario + ", which is not found or does not load now: it cannot be resumed."
	case found.Hash != log.ScenarioHash:
		r.Problem = "The scenario " + log.Scenario + " has changed since this exercise was saved: it cannot be resumed."
	default:
		r.Scenario = found
	}
	return r
}

// lastTime is the exercise time of l's last decision or fire.
func lastTime(l *sim.DecisionLog) sim.Hours {
	var t sim.Hours
	for _, d := range l.Decisions {
		t = max(t, sim.Hours(d.Time))
	}
	for _, s := range l.Fires {
		if f, err := sim.ParseFire(s); err == nil {
			t = max(t, f.At)
		}
	}
	return t
}

// maxReplaySteps bounds the resume's replay loop: each step answers a
// decision, fires an inject or advances the run, so a log that does not fit
// the run ends in an error, never a hang. A run raises far fewer.
const maxReplaySteps = 1 << 20

// Resume rebuilds the exercise r was saved from: a run of r.Scenario with
// the log's seed, replayed through the engine (decisions by the log's
// replayer, fires at their instants) up to the last of them, ready to play
// on. The debrief's records of the replayed decisions get their forecasts
// re-requested in the background.
func (g *Game) Resume(r *Resumable) (*Exercise, error) {
	if r.Problem != "" || r.Scenario == nil || r.Log == nil {
		return nil, errors.New(r.Problem)
	}
	e := newExercise(g, r.Scenario, r.Log.Seed)
	e.file = r.File
	if err := e.replay(r.Log); err != nil {
		e.Close()
		return nil, fmt.Errorf("the autosaved exercise does not replay: %w", err)
	}
	return e, nil
}

// replay plays log into e's fresh run, as the trainee played it: decisions
// in their order, each fire once the run reaches its instant (with no
// decision open, as the facilitator's list allows).
func (e *Exercise) replay(log *sim.DecisionLog) error {
	fires, err := sim.ParseFires(e.sc, log.Fires)
	if err != nil {
		return err
	}
	dec := log.Decider(nil)
	saver := e.saver
	e.saver = nil // the log is saved already
	defer func() { e.saver = saver }()
	k, fi := 0, 0
	for step := 0; ; step++ {
		if step > maxReplaySteps {
			return errors.New("it does not end")
		}
		if d := e.run.Pending(); d != nil {
			if k == len(log.Decisions) {
				break // the decision open when the exercise stopped
			}
			if ld := &log.Decisions[k]; ld.Seq != d.Seq || ld.Kind != d.Kind.String() {
				return fmt.Errorf("decision %d is a %s decision on %s, the run's is another", k+1, ld.Kind, ld.Item)
			}
			if e.form == nil && e.consent == nil {
				e.open(d)
			}
			n := len(e.records)
			e.answer(dec.Decide(e.run, d))
			if len(e.records) == n {
				return errors.New(e.msg)
			}
			k++
			continue
		}
		if fi < len(fires) {
			f := fires[fi]
			if e.run.Now() >= f.At {
				e.fireNow(f.ID)
				if !e.fired[f.ID] {
					return errors.New(e.msg)
				}
				fi++
				continue
			}
			if e.run.Done() {
				return fmt.Errorf("the run ended before %s", f)
			}
			if d := e.run.AdvanceTo(f.At); d != nil {
				e.open(d)
			}
			continue
		}
		if k == len(log.Decisions) {
			break
		}
		if e.run.Done() {
			return fmt.Errorf("the run ended with %d decisions to replay", len(log.Decisions)-k)
		}
		if d := e.run.Next(); d != nil {
			e.open(d)
		}
	}
	e.msg, e.msgBad = "", false
	e.clock.Paused, e.wasRunning = true, false
	if now := e.run.Now(); now > e.clock.T {
		e.clock.T = now
	}
	return nil
}
