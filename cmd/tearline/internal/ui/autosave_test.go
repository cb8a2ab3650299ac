package ui

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"tearline/scenario"
	"tearline/sim"
)

// answerPending answers the open decision as the tests' trainee does:
// tearline to every partner it may go to (blocked rows withheld), consent
// granted on even turns and refused on odd ones. It reports whether there
// was one.
func answerPending(ex *Exercise, turn int) bool {
	switch {
	case ex.form != nil:
		ex.form.SetAll(sim.Tearline)
		ex.send()
	case ex.consent != nil:
		ex.answer(sim.Answer{Grant: turn%2 == 0})
	default:
		return false
	}
	return true
}

// playDecisions answers decisions (jumping the clock to each with Next
// decision) until ex holds n records or the run ends.
func playDecisions(t *testing.T, g *Game, ex *Exercise, n int) {
	t.Helper()
	// 10000 steps: far more than the default scenario's decisions.
	for i := 0; i < 10000 && len(ex.records) < n && !ex.run.Done(); i++ {
		if !answerPending(ex, len(ex.records)) {
			ex.nextDecision()
		}
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
	}
	if len(ex.records) < n && !ex.run.Done() {
		t.Fatalf("only %d decisions answered, want %d", len(ex.records), n)
	}
}

// logJSON is the decision log as the autosave writes it.
func logJSON(t *testing.T, l *sim.DecisionLog) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := l.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// newSavingGame makes a game whose exercise autosaves to st; it is closed
// at the end of the test, not before (a "killed" game is just dropped).
func newSavingGame(t *testing.T, opts Options, st Store) *Game {
	t.Helper()
	opts.Autosave = st
	return newGame(t, opts)
}

// TestAutosaveAfterAnswer: each answer and each fire rewrites the autosave,
// which reads back as the exercise's decision log; the end of the run
// removes it.
func TestAutosaveAfterAnswer(t *testing.T) {
	st := FileStore{Path: filepath.Join(t.TempDir(), "state", "autosave.json")}
	g := newSavingGame(t, Options{Scenario: scenario.Default(), Direct: true, Seed: 3}, st)
	frame(t, g, 1280, 800, 1)
	ex := g.Scene().(*Exercise)
	if _, err := os.Stat(st.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("an autosave before any answer: %v", err)
	}
	check := func(what string) {
		t.Helper()
		b, err := os.ReadFile(st.Path)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		l, err := sim.ParseDecisionLog(st.Path, b)
		if err != nil {
			t.Fatalf("%s: the autosave is not a decision log: %v", what, err)
		}
		if !bytes.Equal(logJSON(t, l), logJSON(t, &ex.declog)) {
			t.Errorf("%s: the autosave differs from the exercise's log:\n%s\nwant\n%s", what, b, logJSON(t, &ex.declog))
		}
		if l.Seed != 3 || l.ScenarioHash != ex.sc.Hash {
			t.Errorf("%s: seed %d hash %q, want 3 and the scenario's", what, l.Seed, l.ScenarioHash)
		}
	}
	if ids, _ := ex.onDemand(); len(ids) > 0 {
		ex.fireNow(ids[0])
		check("after a fire")
	}
	playDecisions(t, g, ex, 1)
	check("after an answer")
	playDecisions(t, g, ex, 1<<20) // to the end
	frame(t, g, 1280, 800, 1)
	if _, err := os.Stat(st.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the autosave is still there at the end of the exercise: %v", err)
	}
}

// TestResumeAfterKill: an exercise dropped mid-way (as by kill -9) is
// offered on the next start at the time of its last decision; Resume
// rebuilds it (clock, decisions, fires), and playing on with the same
// answers ends exactly as the run that was never interrupted.
func TestResumeAfterKill(t *testing.T) {
	sc := scenario.Default()
	st := FileStore{Path: filepath.Join(t.TempDir(), "autosave.json")}
	const seed = 11 // not the default 1: the resumed run must take the log's
	g1 := newSavingGame(t, Options{Scenario: sc, Direct: true, Seed: seed}, st)
	frame(t, g1, 1280, 800, 1)
	ex1 := g1.Scene().(*Exercise)
	ids, _ := ex1.onDemand()
	if len(ids) == 0 {
		t.Skip("the default scenario has nothing on demand")
	}
	playDecisions(t, g1, ex1, 1)
	ex1.fireNow(ids[0])
	playDecisions(t, g1, ex1, 2)
	if len(ex1.records) < 2 {
		t.Fatalf("%d decisions answered", len(ex1.records))
	}
	last := sim.Hours(ex1.declog.Decisions[len(ex1.declog.Decisions)-1].Time)

	// The next start, with the same state folder: the start screen.
	g2 := newSavingGame(t, Options{Scenario: sc}, st)
	frame(t, g2, 1280, 800, 2)
	r := g2.Offer()
	if g2.Scene().Name() != "start" || r == nil || r.Problem != "" {
		t.Fatalf("scene %s, offer %+v: want the start screen offering a resume", g2.Scene().Name(), r)
	}
	want := "Resume the exercise at " + scenario.FormatClock(last) + "?"
	if r.Question() != want || !g2.Drawn(want) {
		t.Errorf("offer %q (drawn: %v), want %q", r.Question(), g2.Drawn(want), want)
	}
	click(t, g2, "resume")
	frame(t, g2, 1280, 800, 1)
	ex2, ok := g2.Scene().(*Exercise)
	if !ok {
		t.Fatalf("scene %s after Resume", g2.Scene().Name())
	}
	if ex2.clock.T != ex1.clock.T || ex2.run.Now() != ex1.run.Now() {
		t.Errorf("resumed at clock %v run %v, want %v %v", ex2.clock.T, ex2.run.Now(), ex1.clock.T, ex1.run.Now())
	}
	if !bytes.Equal(logJSON(t, &ex2.declog), logJSON(t, &ex1.declog)) || len(ex2.records) != len(ex1.records) {
		t.Errorf("resumed with %d records, log\n%s\nwant %d,\n%s", len(ex2.records), logJSON(t, &ex2.declog), len(ex1.records), logJSON(t, &ex1.declog))
	}
	if !ex2.fired[ids[0]] {
		t.Errorf("the fire of %s was not replayed", ids[0])
	}
	if g2.Offer() != nil {
		t.Error("the offer stays after Resume")
	}

	// Both play on with the same answers.
	playDecisions(t, g1, ex1, 1<<20)
	playDecisions(t, g2, ex2, 1<<20)
	if !ex1.run.Done() || !ex2.run.Done() {
		t.Fatal("a run did not end")
	}
	a, b := ex1.run.Outcome().MetricValues(nil), ex2.run.Outcome().MetricValues(nil)
	if !slices.Equal(a, b) {
		for i, n := range sim.MetricNames {
			if a[i] != b[i] {
				t.Errorf("%s: resumed %v, uninterrupted %v", n, b[i], a[i])
			}
		}
	}
	// The replayed decisions' forecasts are asked for again, for the
	// debrief: they arrive in the background.
	for i := 0; i < 2000 && ex2.records[0].Preview == nil; i++ {
		ex2.pollPreviews()
		if i > 0 {
			frame(t, g2, 1280, 800, 1)
		}
	}
	if ex2.records[0].Preview == nil {
		t.Error("no forecast for the first replayed decision")
	}
}

// TestResumeRefusesChangedScenario: an autosave of another version of the
// scenario (its hash differs) is not resumed: the offer says so and gives
// Discard alone, which removes it.
func TestResumeRefusesChangedScenario(t *testing.T) {
	sc := scenario.Default()
	st := FileStore{Path: filepath.Join(t.TempDir(), "autosave.json")}
	l := &sim.DecisionLog{Scenario: sc.Name, ScenarioHash: strings.Repeat("0", 64), Seed: 1}
	l.AddFire("x", 2)
	if err := st.Save(logJSON(t, l)); err != nil {
		t.Fatal(err)
	}
	g := newSavingGame(t, Options{Scenario: sc}, st)
	frame(t, g, 1280, 800, 2)
	r := g.Offer()
	if r == nil || !strings.Contains(r.Problem, "has changed") {
		t.Fatalf("offer %+v: want one saying the scenario changed", r)
	}
	if !g.Drawn("has changed since") {
		t.Error("the change is not shown")
	}
	if _, _, ok := g.ControlCentre("resume"); ok {
		t.Error("Resume offered for a changed scenario")
	}
	if _, err := g.Resume(r); err == nil {
		t.Error("Resume of a changed scenario did not fail")
	}
	click(t, g, "discard")
	if g.Offer() != nil {
		t.Error("the offer stays after Discard")
	}
	if _, err := os.Stat(st.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Discard left the autosave: %v", err)
	}
}

// TestResumeProblems: autosaves that cannot be resumed say why.
func TestResumeProblems(t *testing.T) {
	sc := scenario.Default()
	for _, tt := range []struct {
		name, data, want string
	}{
		{"not JSON", "{", "cannot be read"},
		{"unknown scenario", `{"scenario": "gone.toml", "scenario_hash": "ab", "seed": 1, "decisions": []}`, "not found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := FileStore{Path: filepath.Join(t.TempDir(), "autosave.json")}
			if err := st.Save([]byte(tt.data)); err != nil {
				t.Fatal(err)
			}
			g := newSavingGame(t, Options{Scenario: sc}, st)
			if r := g.Offer(); r == nil || !strings.Contains(r.Problem, tt.want) {
				t.Errorf("offer %+v, want a problem with %q", r, tt.want)
			}
		})
	}
}

// TestStores: the file store replaces its file and loads what it saved;
// the browser's keeps nothing.
func TestStores(t *testing.T) {
	t.Parallel()
	st := FileStore{Path: filepath.Join(t.TempDir(), "a", "b", "autosave.json")}
	if b, err := st.Load(); b != nil || err != nil {
		t.Fatalf("empty store: %q, %v", b, err)
	}
	for _, s := range []string{"one", "two"} {
		if err := st.Save([]byte(s)); err != nil {
			t.Fatal(err)
		}
		if b, err := st.Load(); string(b) != s || err != nil {
			t.Fatalf("Load = %q, %v; want %q", b, err, s)
		}
	}
	if err := st.Remove(); err != nil {
		t.Fatal(err)
	}
	if err := st.Remove(); err != nil {
		t.Errorf("removing nothing: %v", err)
	}
	var nop NopStore
	if err := nop.Save([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if b, err := nop.Load(); b != nil || err != nil {
		t.Errorf("NopStore kept %q, %v", b, err)
	}
}

// terminates runs updates until g ends the program.
func terminates(t *testing.T, g *Game) {
	t.Helper()
	for i := 0; i < 10; i++ { // a click takes 4 ticks (down, up, away)
		if err := g.Update(); errors.Is(err, ebiten.Termination) {
			return
		} else if err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("the game did not quit")
}

// TestQuitAsksMidExercise: Esc, Q or the window's close button during an
// exercise opens the confirmation; Keep playing goes back (the clock
// frozen meanwhile), Quit ends the program. Elsewhere quitting is at once.
func TestQuitAsksMidExercise(t *testing.T) {
	g := newGame(t, Options{Scenario: scenario.Default(), Direct: true})
	frame(t, g, 1280, 800, 1)
	ex := g.Scene().(*Exercise)
	ex.clock.Paused = false
	key(t, g, "Escape")
	frame(t, g, 1280, 800, 1)
	if !g.Holds("quitting") || !g.Drawn(QuitQuestion) {
		t.Fatalf("Esc: dialog open %v, question drawn %v", g.Holds("quitting"), g.Drawn(QuitQuestion))
	}
	t0 := ex.clock.T
	frame(t, g, 1280, 800, 30) // half a second with the dialog up
	if ex.clock.T != t0 {
		t.Errorf("the clock ran under the dialog: %v → %v", t0, ex.clock.T)
	}
	click(t, g, "quit-cancel")
	if g.Holds("quitting") || g.Scene() != Scene(ex) || g.quit {
		t.Fatal("Keep playing did not go back to the exercise")
	}
	frame(t, g, 1280, 800, 30)
	if ex.clock.T == t0 && !ex.run.Done() && ex.run.Pending() == nil {
		t.Error("the clock does not run again after Keep playing")
	}
	// The window's close button asks too (Game.Update calls askQuit).
	g.askQuit()
	if !g.quitDlg.open {
		t.Fatal("closing the window did not ask")
	}
	key(t, g, "Escape") // Esc is Keep playing in the dialog
	frame(t, g, 1280, 800, 1)
	if g.Holds("quitting") {
		t.Fatal("Esc did not close the dialog")
	}
	key(t, g, "Q")
	frame(t, g, 1280, 800, 1)
	if !g.Holds("quitting") {
		t.Fatal("Q did not ask")
	}
	x, y, ok := g.ControlCentre("quit-confirm")
	if !ok {
		t.Fatal("no Quit button")
	}
	g.Click(x, y)
	terminates(t, g)
}

// TestQuitAtOnceElsewhere: on the start screen and after the exercise's end
// Esc quits without asking.
func TestQuitAtOnceElsewhere(t *testing.T) {
	g := newGame(t, Options{})
	frame(t, g, 1280, 800, 1)
	key(t, g, "Escape")
	terminates(t, g)

	g = newGame(t, Options{Scenario: scenario.Default(), Direct: true})
	frame(t, g, 1280, 800, 1)
	ex := g.Scene().(*Exercise)
	playDecisions(t, g, ex, 1<<20)
	key(t, g, "Q")
	terminates(t, g)
}
