package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"tearline/scenario"
	"tearline/sim"
)

// TestRunReplaysSessionLog: a workshop session's log — decisions taken in
// parallel by two teams, fires, trust adjustments and reveals, as the run's
// journal keeps it — replays headless with run --decisions to the very
// outcome of the session (the same JSON, timeline included).
func TestRunReplaysSessionLog(t *testing.T) {
	t.Parallel()
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	const seed = 5 // any seed: the log carries it
	pol, _ := sim.NewPolicy("interested", nil)
	r := sim.NewRun(sc, seed, 0)
	r.SetParallel(true)
	var journal sim.DecisionLog
	r.Record(&journal)
	n := sc.NationIndex
	// Times inside nato-cyber's first two days; at 12.5 h both teams get an
	// inject of their own at once and the facilitator moves trust as well.
	sim.AdvanceWith(r, pol, 6)
	if err := r.AdjustTrust(n("CAL"), n("NRV"), -0.25); err != nil {
		t.Fatal(err)
	}
	sim.AdvanceWith(r, pol, 12.5)
	for _, id := range []string{"second-stage", "forum-leak"} {
		if err := r.Fire(id); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.AdjustTrust(n("NRV"), n("BRI"), 0.2); err != nil {
		t.Fatal(err)
	}
	sim.AdvanceWith(r, pol, 20)
	if err := r.Reveal(n("BRI"), 0); err != nil { // scada-anomaly, NRV's from 02:00
		t.Fatal(err)
	}
	out := sim.Play(r, pol)
	if len(journal.Trust) != 2 || len(journal.Reveals) != 1 || len(journal.Fires) != 2 {
		t.Fatalf("journal: %d trust, %d reveals, %d fires", len(journal.Trust), len(journal.Reveals), len(journal.Fires))
	}
	var want bytes.Buffer
	if err := writeJSON(&want, r, out, "withhold-all", seed); err != nil {
		t.Fatal(err)
	}
	var logBuf bytes.Buffer
	if err := journal.Write(&logBuf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "session.json")
	if err := os.WriteFile(path, logBuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// withhold-all answers only what the log lacks: nothing, here.
	got, e, c := runBin(t, nil, "run", "nato-cyber.toml", "--decisions", path, "--policy", "withhold-all", "--json")
	if c != 0 {
		t.Fatal(e)
	}
	if got != want.String() {
		t.Errorf("run --decisions differs from the session:\n%s\n---\n%s", got, want.String())
	}
	// --record writes the facilitator's actions back.
	rec := filepath.Join(t.TempDir(), "rec.json")
	if _, e, c := runBin(t, nil, "run", "nato-cyber.toml", "--decisions", path, "--record", rec); c != 0 {
		t.Fatal(e)
	}
	back, err := sim.ReadDecisionLogFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Trust) != 2 || len(back.Reveals) != 1 || back.Trust[1].N != journal.Trust[1].N || back.Reveals[0].N != journal.Reveals[0].N {
		t.Errorf("--record: trust %+v, reveals %+v; want %+v, %+v", back.Trust, back.Reveals, journal.Trust, journal.Reveals)
	}
}
