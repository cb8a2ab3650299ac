package sim

import (
	"reflect"
	"testing"

	"tearline/scenario"
)

// mixedTeam answers as a team with mixed habits might: decisions with an
// even Seq by share-all (consent granted), odd ones by withhold-all
// (consent refused), every third by tearline-all.
func mixedTeam(t testing.TB) Decider {
	t.Helper()
	var ps []Decider
	for _, n := range []string{"share-all", "withhold-all", "tearline-all"} {
		p, err := NewPolicy(n, nil)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return DeciderFunc(func(r *Run, d *Decision) Answer {
		a := ps[d.Seq%len(ps)].Decide(r, d)
		// Copy: a policy's answer lives in the run's scratch memory.
		a.Shares = append([]ShareChoice(nil), a.Shares...)
		return a
	})
}

// playedExercise plays sc as the desktop app does — a run that is not quiet,
// stream 0, answers recorded — with the mixed team and, where the scenario
// has an on-demand item, a fire of it at 20 h. It returns what the debrief
// would get.
func playedExercise(t testing.TB, sc *Scenario, seed uint64) (*Played, Metrics) {
	t.Helper()
	rec := NewRecorder(mixedTeam(t))
	r := NewRun(sc, seed, 0)
	var fires []Fire
	if ids := sc.OnDemand(); len(ids) > 0 {
		// 20 h: early enough to fall inside every shipped exercise.
		fires = append(fires, Fire{ID: ids[0], At: 20})
		rec.Log().AddFire(ids[0], 20)
	}
	out, err := PlayWithFires(r, rec, fires)
	if err != nil {
		t.Fatal(err)
	}
	return &Played{Scenario: sc, Log: rec.Log(), Seed: seed, Stream: 0}, out.Metrics()
}

// TestReplayReproducesTheRun: replaying every logged decision, with the
// fires, gives the run's metrics exactly, in every shipped scenario.
func TestReplayReproducesTheRun(t *testing.T) {
	t.Parallel()
	for _, sc := range shipped(t) {
		name := sc.Name
		for _, seed := range []uint64{1, 7} {
			w, want := playedExercise(t, sc, seed)
			got, _, err := w.Replay(len(w.Log.Decisions), AsChosen, nil)
			if err != nil {
				t.Fatalf("%s seed %d: %v", name, seed, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s seed %d: replay %+v\nwant %+v", name, seed, got, want)
			}
		}
	}
}

// TestCounterfactualBaseline checks the pairing: the same answer reproduces
// the baseline exactly; the last decision's baseline is the actual run (no
// decision comes after it for doctrine to answer); an alternative equal to
// the team's answer is flagged Same with a zero delta; every delta is
// Changed − Baseline.
func TestCounterfactualBaseline(t *testing.T) {
	t.Parallel()
	for _, sc := range shipped(t) {
		name := sc.Name
		w, actual := playedExercise(t, sc, 3)
		n := len(w.Log.Decisions)
		if n == 0 {
			t.Fatalf("%s: no decisions logged", name)
		}
		cfs, err := w.Counterfactuals(nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sames := 0
		for _, c := range cfs {
			again, same, err := w.Replay(c.Index, AsChosen, nil)
			if err != nil || !same {
				t.Fatalf("%s decision %d: as chosen: same %v, %v", name, c.Index, same, err)
			}
			if HeadlinesOf(again) != c.Baseline {
				t.Errorf("%s decision %d: as chosen %v, baseline %v", name, c.Index, HeadlinesOf(again), c.Baseline)
			}
			if c.Delta != c.Changed.Sub(c.Baseline) {
				t.Errorf("%s decision %d: delta %v is not changed − baseline", name, c.Index, c.Delta)
			}
			if c.Same {
				sames++
				if c.Delta != (Headlines{}) {
					t.Errorf("%s decision %d %s: the team's own answer moved %v", name, c.Index, c.Alternative, c.Delta)
				}
			}
			if c.Index == n-1 && c.Baseline != HeadlinesOf(actual) {
				t.Errorf("%s: the last decision's baseline %v is not the actual run %v", name, c.Baseline, HeadlinesOf(actual))
			}
		}
		// The mixed team withholds from all at every odd share decision,
		// so some alternative must be its own answer.
		if sames == 0 {
			t.Errorf("%s: no alternative was flagged as the team's own answer", name)
		}
		t.Logf("%s: %d decisions, %d counterfactuals, %d the team's own answer", name, n, len(cfs), sames)
	}
}

// TestCounterfactualChangesOnlyOneDecision: with the team's own decider
// answering the later decisions, a counterfactual differs from the actual
// run only from the changed decision on — every delivery completed before
// it is the same, at the same instant — and an alternative that is the
// team's answer gives the actual run exactly.
func TestCounterfactualChangesOnlyOneDecision(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	w, actual := playedExercise(t, sc, 5)
	fires, err := ParseFires(sc, w.Log.Fires)
	if err != nil {
		t.Fatal(err)
	}
	play := func(k int, alt Alternative) (*Outcome, bool) {
		r := NewRun(sc, w.Seed, w.Stream)
		r.SetQuiet(true)
		c := &cfDecider{log: w.Log, k: k, alt: alt, later: w.Log.Decider(nil)}
		out, err := PlayWithFires(r, c, fires)
		if err != nil || c.err != nil {
			t.Fatal(err, c.err)
		}
		cp := *out
		cp.Deliveries = append([]Delivery(nil), out.Deliveries...)
		return &cp, c.same
	}
	for k, ld := range w.Log.Decisions {
		for _, alt := range Alternatives(ShareDecision) {
			if ld.Kind != "share" {
				break
			}
			out, same := play(k, alt)
			if same && HeadlinesOf(out.Metrics()) != HeadlinesOf(actual) {
				t.Errorf("decision %d %s is the team's answer but gave %v, not %v", k, alt, HeadlinesOf(out.Metrics()), HeadlinesOf(actual))
			}
			base, _ := play(len(w.Log.Decisions), AsChosen)
			at := Hours(ld.Time)
			var before, baseBefore []Delivery
			for _, d := range out.Deliveries {
				if d.Held < at {
					before = append(before, d)
				}
			}
			for _, d := range base.Deliveries {
				if d.Held < at {
					baseBefore = append(baseBefore, d)
				}
			}
			if !reflect.DeepEqual(before, baseBefore) {
				t.Errorf("decision %d %s changed deliveries held before it was made", k, alt)
			}
		}
	}
}

// TestParseFires checks the fire forms a decision log holds.
func TestParseFires(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	for _, tt := range []struct {
		spec string
		want Fire
		ok   bool
	}{
		{"walk-in@D+1 12:00", Fire{ID: "walk-in", At: 36}, true},
		{"press-leak@H+30.0125", Fire{ID: "press-leak", At: 30.0125}, true},
		{"walk-in", Fire{}, false},                 // no time
		{"fishing-clash@D+0 10:00", Fire{}, false}, // scheduled, not on demand
		{"walk-in@D+99 00:00", Fire{}, false},      // after the end
	} {
		got, err := ParseFires(sc, []string{tt.spec})
		if (err == nil) != tt.ok {
			t.Errorf("%q: error %v, want ok %v", tt.spec, err, tt.ok)
			continue
		}
		if tt.ok && got[0] != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.spec, got[0], tt.want)
		}
	}
}

// TestReplayRefusesAForeignLog: a log from another stream's run does not
// replay silently as if it fitted.
func TestReplayRefusesAForeignLog(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	w, _ := playedExercise(t, sc, 1)
	w.Log.Decisions = append([]LoggedDecision{{Kind: "share", Item: "no-such-item", Holder: "NOBODY"}}, w.Log.Decisions...)
	if _, _, err := w.Replay(len(w.Log.Decisions), AsChosen, nil); err == nil {
		t.Error("a log whose first decision was never raised replayed without error")
	}
}
