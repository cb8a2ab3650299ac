package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tearline/internal/sessionlog"
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
	// The same session as tearline host logs it (JSON Lines, package
	// sessionlog): answers, then the facilitator's actions in the order
	// given, each at its instant. run --decisions reads it too.
	acts, err := journal.Acts(sc)
	if err != nil {
		t.Fatal(err)
	}
	var jsonl bytes.Buffer
	enc := json.NewEncoder(&jsonl)
	mustEncode := func(rec sessionlog.Record) {
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
	mustEncode(sessionlog.Record{Rec: sessionlog.RecHeader, Protocol: sessionlog.Protocol, Scenario: journal.Scenario, Hash: journal.ScenarioHash, Seed: journal.Seed, Parallel: true})
	for i := range journal.Decisions {
		mustEncode(sessionlog.Record{Rec: sessionlog.RecAnswer, Time: journal.Decisions[i].Time, Decision: &journal.Decisions[i], By: sessionlog.ByStation})
	}
	for _, a := range acts {
		rec := sessionlog.Record{Time: float64(a.At)}
		switch a.Kind {
		case sim.ActFire:
			rec.Rec, rec.Fire = sessionlog.RecFire, a.ID
		case sim.ActTrust:
			rec.Rec, rec.From, rec.To, rec.Delta = sessionlog.RecTrust, sc.Nations[a.From].ID, sc.Nations[a.To].ID, a.Delta
		case sim.ActReveal:
			rec.Rec, rec.Nation, rec.Item = sessionlog.RecReveal, sc.Nations[a.Nation].ID, sc.Items[a.Item].ID
		}
		mustEncode(rec)
	}
	jpath := filepath.Join(t.TempDir(), "tearline-session.jsonl")
	if err := os.WriteFile(jpath, jsonl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, e, c := runBin(t, nil, "run", "nato-cyber.toml", "--decisions", jpath, "--policy", "withhold-all", "--json"); c != 0 {
		t.Fatal(e)
	} else if got != want.String() {
		t.Errorf("run --decisions SESSION.jsonl differs from the session:\n%s\n---\n%s", got, want.String())
	}
	// A torn last line (the host killed mid-write) is replayed up to it,
	// with a warning; a broken line elsewhere is an error naming it.
	torn := append(bytes.Clone(jsonl.Bytes()), `{"rec":"answer","time_h":9`...)
	if err := os.WriteFile(jpath, torn, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, e, c := runBin(t, nil, "run", "nato-cyber.toml", "--decisions", jpath, "--policy", "withhold-all", "--json"); c != 0 || got != want.String() || !strings.Contains(e, "is cut short") {
		t.Errorf("torn session log: exit %d, stderr %q", c, e)
	}
	broken := bytes.Replace(jsonl.Bytes(), []byte(`"rec":"answer"`), []byte(`"rec":"answr"`), 1)
	if err := os.WriteFile(jpath, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, e, c := runBin(t, nil, "run", "nato-cyber.toml", "--decisions", jpath); c != 1 || !strings.Contains(e, "line 2") || !strings.Contains(e, "answr") {
		t.Errorf("broken session log: exit %d, stderr %q", c, e)
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
