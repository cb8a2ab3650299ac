package ui

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/sim"
)

// TestDecisionLogReplaysTheExercise plays the default scenario in the app
// (the facilitator firing two on-demand items with their buttons, one at
// the start and one mid-exercise), takes the decision log the debrief
// saves, and replays it headless as tearline-sim run --decisions does:
// the outcome is the same, metric for metric.
func TestDecisionLogReplaysTheExercise(t *testing.T) {
	sc := scenario.Default()
	const seed = 7 // not the default 1, so the log's seed is what replays
	g := newGame(t, Options{Scenario: sc, Direct: true, Seed: seed})
	frame(t, g, 1280, 800, 1)
	ex := g.Scene().(*Exercise)
	ids, _ := ex.onDemand()
	if len(ids) < 2 {
		t.Skip("the default scenario has fewer than two on-demand items")
	}
	fire := func(id string) {
		t.Helper()
		frame(t, g, 1280, 800, 1) // ebitenui places a new button when it draws it
		x, y, ok := g.ControlCentre("fire-" + id)
		if !ok {
			t.Fatalf("no fire button for %s", id)
		}
		g.Click(x, y)
		frame(t, g, 1280, 800, 1)
		if !ex.fired[id] {
			t.Fatalf("%s not fired: %s", id, ex.msg)
		}
	}
	fire(ids[0])
	// 5000 ticks at the fastest clock cover the default's three days many
	// times over.
	for i := 0; i < 5000 && !ex.run.Done(); i++ {
		switch {
		case ex.form != nil:
			ex.form.SetAll(sim.Tearline)
			ex.send()
		case ex.consent != nil:
			ex.answer(sim.Answer{Grant: i%2 == 0}) // grant some, refuse some
		case !ex.fired[ids[1]] && ex.run.Now() > 30:
			// 30 h: mid-exercise, at a time that is not on a whole minute.
			ex.clock.Paused = true
			fire(ids[1])
		case ex.clock.Paused:
			ex.clock.Paused = false
			for range 3 {
				ex.clock.Faster()
			}
		}
		// The engine moves in Update; drawing (for the clicks above) is
		// left to frame.
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
	}
	if !ex.run.Done() {
		t.Fatal("the exercise did not end")
	}
	want := ex.run.Outcome().MetricValues(nil)

	// The log as the debrief writes it, read back as tearline-sim reads it.
	var buf bytes.Buffer
	if err := ex.declog.Write(&buf); err != nil {
		t.Fatal(err)
	}
	log, err := sim.ReadDecisionLog(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fires: %q", log.Fires)
	if log.Seed != seed || len(log.Fires) != 2 || len(log.Decisions) != len(ex.records) {
		t.Fatalf("log: seed %d, %d fires, %d decisions; want %d, 2, %d", log.Seed, len(log.Fires), len(log.Decisions), seed, len(ex.records))
	}
	r := sim.NewRun(sc, log.Seed, 0)
	d := log.Decider(nil)
	for _, f := range log.Fires {
		id, when, _ := strings.Cut(f, "@")
		at, err := scenario.ParseClock(when)
		if err != nil {
			t.Fatalf("fire %q: %v", f, err)
		}
		if !strings.HasPrefix(when, "H+") {
			at = scenario.WholeMinutes(at) // as tearline-sim reads a D+ time
		}
		for r.Now() < at && !r.Done() {
			if dec := r.AdvanceTo(at); dec != nil {
				if err := r.Answer(d.Decide(r, dec)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := r.Fire(id); err != nil {
			t.Fatalf("fire %q: %v", f, err)
		}
	}
	got := sim.Play(r, d).MetricValues(nil)
	if !slices.Equal(got, want) {
		for i, n := range sim.MetricNames {
			if got[i] != want[i] {
				t.Errorf("%s: replayed %v, played %v", n, got[i], want[i])
			}
		}
	}
}
