package session

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/scenario"
	"tearline/sim"
)

// seed is the run's seed in these tests (any value; 7 is arbitrary).
const seed = 7

func TestHostPlaysLikeHeadless(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		sc       *sim.Scenario
		parallel bool
	}{
		{"sequential", loadNato(t), false},
		{"parallel", loadNato(t), true},
		{"parallel, simultaneous decisions", simultaneous(t), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testHostPlaysLikeHeadless(t, tt.sc, tt.parallel)
		})
	}
}

func testHostPlaysLikeHeadless(t *testing.T, sc *sim.Scenario, parallel bool) {
	sink := &memSink{}
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123", Log: sink, Parallel: parallel})
	if err != nil {
		t.Fatal(err)
	}
	seatAll(t, h)
	together := 0 // decision points where several decisions were open at once
	for h.Outcome() == nil {
		h.Step()
		if len(h.Snapshot().Open) > 1 {
			together++
		}
		answerLocal(t, h)
	}
	if parallel && sc.Name == "nato-cyber-simultaneous.toml" && together == 0 {
		t.Fatal("no simultaneous decisions: the test proves nothing")
	}
	want := sim.Play(sim.NewRun(sc, seed, 0), scriptDecider)
	sameOutcome(t, h.Outcome(), want)
	if want.Decisions == 0 {
		t.Fatal("no decisions: the test proves nothing")
	}

	// Every record was synced as it was written.
	sl, err := ParseLog(sink.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if sink.syncs != 1+len(sl.Records) {
		t.Fatalf("%d syncs for %d records", sink.syncs, 1+len(sl.Records))
	}
	// The export replays headless to the same outcome.
	dl := mustExport(t, sl, sc)
	if live := h.DecisionLog(); len(live.Decisions) != len(dl.Decisions) || len(live.Fires) != len(dl.Fires) {
		t.Fatalf("the live journal (%d decisions) and the export (%d) differ", len(live.Decisions), len(dl.Decisions))
	}
	var buf bytes.Buffer
	if err := dl.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := sim.ParseDecisionLog("export.json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	replayed := replayHeadless(t, sc, back)
	sameOutcome(t, h.Outcome(), replayed)
}

// replayHeadless plays a decision log as `tearline-sim run --decisions`
// does (sim.PlayLog): its decisions as a Decider, its fires, trust
// adjustments and reveals at their instants.
func replayHeadless(t testing.TB, sc *sim.Scenario, l *sim.DecisionLog) *sim.Outcome {
	t.Helper()
	if err := l.Check(sc); err != nil {
		t.Fatal(err)
	}
	out, err := sim.PlayLog(sim.NewRun(sc, l.Seed, 0), l, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestHostRefuses(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "ABC123"})
	if err != nil {
		t.Fatal(err)
	}
	seatAll(t, h)
	h.Step()
	open := h.Snapshot().Open
	if len(open) == 0 {
		t.Fatal("no decision opened")
	}
	d := open[0]
	other := sc.Players[0]
	if other == d.Holder {
		other = sc.Players[1]
	}
	if err := h.Answer(other, protocol.Answer{Seq: PublicSeq(d)}); !errors.Is(err, ErrNotYours) {
		t.Fatalf("answering another nation's decision: %v, want ErrNotYours", err)
	}
	if err := h.Answer(d.Holder, protocol.Answer{Seq: PublicSeq(d) + 1000*scenario.MaxNations}); !errors.Is(err, ErrNotOpen) {
		t.Fatalf("answering a decision not raised: %v, want ErrNotOpen", err)
	}
	if err := h.Answer(d.Holder, protocol.Answer{Seq: PublicSeq(d), Shares: []protocol.Share{{To: "NOWHERE", Action: "full"}}}); err == nil {
		t.Fatal("an answer to a nation not in the decision was taken")
	}
	if err := h.Answer(d.Holder, protocol.Answer{Seq: PublicSeq(d)}); err != nil {
		t.Fatal(err)
	}
	if err := h.Answer(d.Holder, protocol.Answer{Seq: PublicSeq(d)}); !errors.Is(err, ErrNotOpen) {
		t.Fatalf("a replayed answer: %v, want ErrNotOpen", err)
	}
	if _, err := h.Join(sc.Nations[d.Holder].ID, "", "again"); !errors.Is(err, ErrNoSeat) {
		t.Fatalf("a taken seat: %v, want ErrNoSeat", err)
	}
	if _, err := h.Join("", "not-a-token", ""); !errors.Is(err, ErrBadToken) {
		t.Fatalf("a made-up token: %v, want ErrBadToken", err)
	}
	if err := h.Fire("no-such-inject"); err == nil {
		t.Fatal("firing an unknown id was taken")
	}
}

func TestUnseatedNationsFollowDoctrine(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	sink := &memSink{}
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "X", Log: sink})
	if err != nil {
		t.Fatal(err)
	}
	h.Step() // nobody seated: doctrine answers everything, to the end
	doctrine, _ := sim.NewPolicy("doctrine", nil)
	sameOutcome(t, h.Outcome(), sim.Play(sim.NewRun(sc, seed, 0), doctrine))
	sl, err := ParseLog(sink.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range sl.Records {
		if rec.Rec == RecAnswer && rec.By != ByDoctrine {
			t.Fatalf("answer by %q, want doctrine", rec.By)
		}
	}
}

func TestDecisionTimer(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	now := time.Unix(0, 0)
	sink := &memSink{}
	// 30 s: any timeout; the fake clock moves past it.
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "X", Log: sink, DecisionTimeout: 30 * time.Second, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	seatAll(t, h)
	h.Step()
	if len(h.Snapshot().Open) == 0 {
		t.Fatal("no decision opened")
	}
	if left := h.Snapshot().Teams; left[0].Left == 0 && left[1].Left == 0 {
		t.Fatal("no timer shown")
	}
	now = now.Add(31 * time.Second)
	h.Tick(0)
	sl, err := ParseLog(sink.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, rec := range sl.Records {
		if rec.Rec == RecAnswer && rec.By == ByTimeout && rec.TimedOut {
			found = true
		}
	}
	if !found {
		t.Fatal("the log does not say the timer answered")
	}
	for _, tm := range h.Snapshot().Teams {
		if notes := h.Notes(tm.Index); tm.Nation == sl.Records[len(sl.Records)-1].Nation && len(notes) != 1 {
			t.Fatalf("the team was not told its time ran out: %v", notes)
		}
	}
}

func TestResumeRebuildsState(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	onDemand := sc.OnDemand()
	for _, tt := range []struct {
		name           string
		torn, parallel bool
	}{{"clean", false, false}, {"torn last line", true, false}, {"parallel", false, true}, {"parallel torn", true, true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sink := &memSink{}
			h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "X", Log: sink, Parallel: tt.parallel})
			if err != nil {
				t.Fatal(err)
			}
			seatAll(t, h)
			steps := 0
			revealed := ""
			// Stop after 5 decisions (about a third of nato-cyber's), firing
			// an on-demand inject and moving trust on the way.
			playLocal(t, h, func() bool {
				steps++
				if steps == 2 && len(onDemand) > 0 {
					if err := h.Fire(onDemand[0]); err != nil {
						t.Fatal(err)
					}
				}
				if steps == 3 {
					if err := h.AdjustTrust(sc.Nations[0].ID, sc.Nations[1].ID, -0.1); err != nil {
						t.Fatal(err)
					}
					if err := h.Message(sc.Nations[sc.Players[0]].ID, "Check your mail."); err != nil {
						t.Fatal(err)
					}
				}
				if steps == 4 {
					// Reveal to the second team an item that has come in
					// and that it does not hold in full.
					to := sc.Players[1]
					item := -1
					h.WithRun(func(r *sim.Run) {
						for i := range sc.Items {
							if _, in := r.Holding(sc.Items[i].Origin, i); in {
								if f, _ := r.Holding(to, i); f != sim.Full {
									item = i
								}
							}
						}
					})
					if item < 0 {
						t.Fatal("no item to reveal")
					}
					if err := h.Reveal(sc.Nations[to].ID, sc.Items[item].ID); err != nil {
						t.Fatal(err)
					}
					revealed = sc.Items[item].ID
				}
				return steps > 5
			})
			if !slices.ContainsFunc(h.ViewFor(sc.Players[1]).Items, func(it protocol.HeldItem) bool { return it.ID == revealed }) {
				t.Fatalf("the revealed item %s is not in the team's view", revealed)
			}
			data := sink.Bytes()
			if tt.torn {
				data = append(data, `{"rec":"answer","time_h":3`...)
			}
			sl, err := ParseLog(data)
			if err != nil {
				t.Fatal(err)
			}
			if tt.torn && sl.Torn == 0 {
				t.Fatal("torn line not reported")
			}
			sink2 := &memSink{}
			sink2.buf.Write(data)
			if sl.NoNewline {
				sink2.buf.WriteByte('\n')
			}
			h2, err := Resume(Config{Scenario: sc, Code: "X", Log: sink2}, sl)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range sc.Players {
				a, b := mustJSON(t, h.ViewFor(p)), mustJSON(t, h2.ViewFor(p))
				if !bytes.Equal(a, b) {
					t.Fatalf("view of %s differs after resume", sc.Nations[p].ID)
				}
			}
			// Both finish the same.
			playLocal(t, h, nil)
			playLocal(t, h2, nil)
			sameOutcome(t, h.Outcome(), h2.Outcome())
			// The resumed log reads back, torn line acknowledged.
			sl2, err := ParseLog(sink2.Bytes())
			if err != nil {
				t.Fatalf("the resumed log does not read back: %v", err)
			}
			sameOutcome(t, h.Outcome(), replayHeadless(t, sc, mustExport(t, sl2, sc)))
		})
	}
}

func TestClockTicks(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "X"})
	if err != nil {
		t.Fatal(err)
	}
	seatAll(t, h)
	h.Tick(time.Second)
	if h.Snapshot().Time != 0 {
		t.Fatal("a paused clock moved")
	}
	h.SetRunning(true)
	h.SetSpeed(0.5) // half an exercise hour per second
	h.Tick(2 * time.Second)
	// nato-cyber's first decision is at D+0 02:00, after the hour ticked.
	if s := h.Snapshot(); s.Time != 1 || len(s.Open) != 0 {
		t.Fatalf("after 2 s at 0.5 h/s: time %v, %d open; want 1 h, none", s.Time, len(s.Open))
	}
	h.Tick(10 * time.Second) // to 6 h, but the decision at 2 h stops it
	s := h.Snapshot()
	if len(s.Open) == 0 || s.Time != 2 {
		t.Fatalf("the clock did not stop at the first decision: time %v, %d open", s.Time, len(s.Open))
	}
	h.Tick(10 * time.Second)
	if h.Snapshot().Time != 2 {
		t.Fatal("the clock moved while a decision was open")
	}
	if c := h.Clock(); !c.Waiting || len(c.WaitingFor) != 1 {
		t.Fatalf("clock %+v does not say who it waits for", c)
	}
	// Unseating the team hands its decision to its doctrine at once.
	holder := sc.Nations[s.Open[0].Holder].ID
	if err := h.Unseat(holder); err != nil {
		t.Fatal(err)
	}
	if len(h.Snapshot().Open) != 0 {
		t.Fatal("an unseated nation's decision is still open")
	}
}

// TestQueuedActionsSurviveACrash gives facilitator actions while a decision
// is open (so they wait), then "crashes" the host at two points: before the
// decision is answered, and after its answer was logged but before the
// waiting actions were applied. Each resumed host queues the actions again
// and finishes with the outcome of the uninterrupted session; its log
// replays headless to the same outcome (the queued records are not applied
// twice).
func TestQueuedActionsSurviveACrash(t *testing.T) {
	t.Parallel()
	sc := loadNato(t)
	onDemand := sc.OnDemand()
	if len(onDemand) == 0 {
		t.Fatal("nato-cyber has no on-demand inject")
	}
	sink := &memSink{}
	h, err := NewHost(Config{Scenario: sc, Seed: seed, Code: "X", Log: sink})
	if err != nil {
		t.Fatal(err)
	}
	seatAll(t, h)
	for len(h.Snapshot().Open) == 0 && h.Outcome() == nil {
		h.Step()
	}
	if len(h.Snapshot().Open) == 0 {
		t.Fatal("no decision opened")
	}
	if err := h.Fire(onDemand[0]); err != nil {
		t.Fatal(err)
	}
	if err := h.AdjustTrust(sc.Nations[0].ID, sc.Nations[1].ID, -0.1); err != nil {
		t.Fatal(err)
	}
	if q := len(h.Snapshot().Queued); q != 2 {
		t.Fatalf("%d actions queued, want the 2 just given", q)
	}
	beforeAnswer := sink.Bytes()
	answerLocal(t, h)
	playLocal(t, h, nil)
	want := h.Outcome()
	full := sink.Bytes()

	// The second crash point: the log up to the first applied (not queued)
	// fire record, which the host writes after logging the answer.
	i := bytes.Index(full, []byte(`{"rec":"fire"`))
	i += bytes.Index(full[i+1:], []byte(`{"rec":"fire"`)) + 1
	if !bytes.Contains(full[:i], []byte(`"queued":true`)) || bytes.Contains(full[i:bytes.IndexByte(full[i:], '\n')+i], []byte(`"queued"`)) {
		t.Fatalf("expected a queued fire record, then an applied one:\n%s", full)
	}
	afterAnswer := full[:i]

	for _, tt := range []struct {
		name string
		log  []byte
	}{{"before the answer", beforeAnswer}, {"after the answer", afterAnswer}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sl, err := ParseLog(tt.log)
			if err != nil {
				t.Fatal(err)
			}
			sink2 := &memSink{}
			sink2.buf.Write(tt.log)
			h2, err := Resume(Config{Scenario: sc, Code: "X", Log: sink2}, sl)
			if err != nil {
				t.Fatal(err)
			}
			playLocal(t, h2, nil)
			sameOutcome(t, want, h2.Outcome())
			sl2, err := ParseLog(sink2.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			fires := 0
			for _, r := range sl2.Records {
				if r.Rec == RecFire && !r.Queued {
					fires++
				}
			}
			if fires != 1 {
				t.Fatalf("the fire was applied %d times in the resumed log, want once", fires)
			}
			sameOutcome(t, want, replayHeadless(t, sc, mustExport(t, sl2, sc)))
		})
	}
}
