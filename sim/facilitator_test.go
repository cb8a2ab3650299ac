package sim

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"tearline/scenario"
)

func natoCyber(t testing.TB) *Scenario {
	t.Helper()
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// idle returns a nato-cyber run at exercise time at with no decision open
// (decisions before then withheld).
func idle(t *testing.T, at Hours) *Run {
	t.Helper()
	pol, _ := NewPolicy("withhold-all", nil)
	r := NewRun(natoCyber(t), 1, 0)
	AdvanceWith(r, pol, at)
	for r.Pending() != nil {
		if err := r.Answer(Answer{}); err != nil {
			t.Fatal(err)
		}
		r.AdvanceTo(at)
	}
	return r
}

func TestAdjustTrust(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		delta float64
	}{
		{"up a little", 0.1},
		{"down a little", -0.1},
		{"up to the ceiling", 0.95},  // any start above 0.04 passes 0.99: clamped
		{"down to the floor", -0.95}, // any start below 0.96 passes 0.01: clamped
		{"tiny", 1e-9},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := idle(t, 10) // D+0 10:00: after the first injects, between decisions
			sc := r.Scenario()
			from, to := sc.NationIndex("NRV"), sc.NationIndex("CAL")
			was := r.Trust(from, to)
			if err := r.AdjustTrust(from, to, tt.delta); err != nil {
				t.Fatal(err)
			}
			want := min(max(was+tt.delta, trustFloor), trustCeil)
			// 1e-12: the evidence arithmetic rounds, nothing else.
			if got := r.Trust(from, to); math.Abs(got-want) > 1e-12 {
				t.Errorf("trust %v %+v = %v, want %v", was, tt.delta, got, want)
			}
			// The reverse pair is as in the same run without the adjustment.
			if base := idle(t, 10); base.Trust(to, from) != r.Trust(to, from) {
				t.Errorf("the reverse pair moved: %v, want %v", r.Trust(to, from), base.Trust(to, from))
			}
			last := r.Log()[len(r.Log())-1]
			if last.Kind != LogFacilitator || !strings.Contains(last.Text, "trust") {
				t.Errorf("no facilitator line in the timeline: %+v", last)
			}
		})
	}
}

func TestAdjustTrustRefused(t *testing.T) {
	t.Parallel()
	r := idle(t, 10) // as in TestAdjustTrust
	n := len(r.Scenario().Nations)
	before := append([]betaRep(nil), r.trustRep...)
	for _, tt := range []struct {
		name     string
		from, to int
		delta    float64
	}{
		{"same nation", 0, 0, 0.1},
		{"from out of range", -1, 1, 0.1},
		{"to out of range", 0, n, 0.1},
		{"NaN", 0, 1, math.NaN()},
		{"+Inf", 0, 1, math.Inf(1)},
		{"-Inf", 0, 1, math.Inf(-1)},
		{"zero", 0, 1, 0},
		{"a whole unit", 0, 1, 1},
		{"below -1", 0, 1, -1.5},
	} {
		if err := r.AdjustTrust(tt.from, tt.to, tt.delta); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if !reflect.DeepEqual(before, r.trustRep) {
		t.Error("a refused adjustment changed trust")
	}
	done := NewRun(r.Scenario(), 1, 0)
	pol, _ := NewPolicy("withhold-all", nil)
	Play(done, pol)
	if err := done.AdjustTrust(0, 1, 0.1); err == nil {
		t.Error("an ended exercise: no error")
	}
	if err := done.Reveal(0, 0); err == nil {
		t.Error("reveal in an ended exercise: no error")
	}
}

func TestReveal(t *testing.T) {
	t.Parallel()
	r := idle(t, 3) // D+0 03:00: NRV has collected scada-anomaly (02:00)
	sc := r.Scenario()
	cal, item := sc.NationIndex("CAL"), itemIndex(sc, "scada-anomaly")
	if _, held := r.Holding(cal, item); held {
		t.Fatal("CAL already holds scada-anomaly")
	}
	if err := r.Reveal(cal, item); err != nil {
		t.Fatal(err)
	}
	if f, held := r.Holding(cal, item); !held || f != Full {
		t.Fatalf("after the reveal CAL holds %v, %v; want the full report", f, held)
	}
	if d := r.Pending(); d == nil || d.Holder != cal || d.Item != item {
		t.Fatalf("CAL, a player, is not asked whether to pass the revealed item on: %+v", d)
	}
	if h := r.h(item, cal); h.via != -1 || h.agr != -1 || h.held != 3 {
		t.Errorf("holding %+v: want no player provenance, no agreement, held at 3", *h)
	}
	if err := r.Reveal(cal, item); err == nil {
		t.Error("revealing what CAL holds: no error")
	}
	pol, _ := NewPolicy("withhold-all", nil)
	out := Play(r, pol)
	for _, d := range out.Deliveries {
		if d.Item == item && d.To == cal {
			t.Errorf("the reveal is recorded as a delivery: %+v", d)
		}
	}
	for _, nd := range out.Needs {
		if nd.Item == item && nd.Nation == cal && (!nd.OnTime || nd.Held != 3) {
			t.Errorf("CAL's need for scada-anomaly: %+v; want held at 3, in time", nd)
		}
	}
	for _, l := range out.Leaks {
		if l.Item == item && l.Holder == cal && l.Attributable {
			t.Errorf("a leak of the revealed item from CAL is attributed to a player: %+v", l)
		}
	}
}

func TestRevealRefused(t *testing.T) {
	t.Parallel()
	r := idle(t, 3) // as in TestReveal
	sc := r.Scenario()
	for _, tt := range []struct {
		name         string
		nation, item int
	}{
		{"nation out of range", len(sc.Nations), 0},
		{"negative nation", -1, 0},
		{"item out of range", 0, len(sc.Items)},
		{"not yet injected", sc.NationIndex("CAL"), itemIndex(sc, "grid-insider")},     // D+0 18:00
		{"on demand, not fired", sc.NationIndex("CAL"), itemIndex(sc, "second-stage")}, // never fired here
		{"the originator", sc.NationIndex("NRV"), itemIndex(sc, "scada-anomaly")},
	} {
		if err := r.Reveal(tt.nation, tt.item); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

// facilitatedPlay plays nato-cyber with d, giving fires, trust adjustments
// and reveals at several instants (two at one instant, and a reveal to
// each player at another, so that both decide at once in parallel mode),
// and returns the outcome and the run's journal.
func facilitatedPlay(t *testing.T, d Decider, seed uint64, parallel bool) (*Outcome, *DecisionLog) {
	t.Helper()
	sc := natoCyber(t)
	r := NewRun(sc, seed, 0)
	r.SetParallel(parallel)
	j := &DecisionLog{}
	r.Record(j)
	n := sc.NationIndex
	steps := []struct {
		at Hours
		do func() error
	}{
		{4, func() error { return r.AdjustTrust(n("CAL"), n("NRV"), -0.2) }},
		{12.5, func() error { return revealAny(r, n("CAL")) }},
		{12.5, func() error { return r.Fire("second-stage") }},
		{12.5, func() error { return r.AdjustTrust(n("NRV"), n("BRI"), 0.3) }},
		{30, func() error { return revealAny(r, n("NRV")) }},
		{30, func() error { return revealAny(r, n("CAL")) }},
		{50, func() error { return r.Fire("forum-leak") }},
	}
	for _, s := range steps {
		AdvanceWith(r, d, s.at)
		if err := s.do(); err != nil {
			t.Fatalf("at %v: %v", s.at, err)
		}
	}
	return Play(r, d), j
}

// revealAny reveals to nation the first item that has come in and that it
// does not hold in full.
func revealAny(r *Run, nation int) error {
	for i := range r.Scenario().Items {
		if _, in := r.Holding(r.Scenario().Items[i].Origin, i); !in {
			continue
		}
		if f, _ := r.Holding(nation, i); f != Full {
			return r.Reveal(nation, i)
		}
	}
	return errors.New("nothing to reveal")
}

// TestFacilitatorJournalReplays: a play with fires, trust adjustments and
// reveals, written as JSON and read back, replays to the identical outcome
// and journal — sequential or parallel, answered by any policy.
func TestFacilitatorJournalReplays(t *testing.T) {
	t.Parallel()
	for _, name := range PolicyNames() {
		pol, _ := NewPolicy(name, nil)
		for _, parallel := range []bool{false, true} {
			for seed := uint64(1); seed <= 3; seed++ { // three worlds per policy: seconds
				want, j := facilitatedPlay(t, pol, seed, parallel)
				if len(j.Trust) != 2 || len(j.Reveals) != 3 || len(j.Fires) != 2 {
					t.Fatalf("journal has %d trust, %d reveals, %d fires; want 2, 3, 2", len(j.Trust), len(j.Reveals), len(j.Fires))
				}
				var buf bytes.Buffer
				if err := j.Write(&buf); err != nil {
					t.Fatal(err)
				}
				l, err := ParseDecisionLog("session.json", buf.Bytes())
				if err != nil {
					t.Fatalf("%s\n%s", err, buf.Bytes())
				}
				if err := l.Check(natoCyber(t)); err != nil {
					t.Fatal(err)
				}
				re := NewRun(natoCyber(t), l.Seed, 0)
				var j2 DecisionLog
				re.Record(&j2)
				got, err := PlayLog(re, l, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(want, got) {
					t.Fatalf("%s/parallel %v/seed %d: the replay's outcome differs", name, parallel, seed)
				}
				if !reflect.DeepEqual(*j, j2) {
					t.Fatalf("%s/parallel %v/seed %d: the replay's journal differs:\n%+v\n%+v", name, parallel, seed, *j, j2)
				}
			}
		}
	}
	// The journal's places: the trust adjustment at 4 h first, the three
	// actions at 12.5 h in the order given.
	_, j := facilitatedPlay(t, shareTo(Full), 1, false)
	if j.Trust[0].N != 0 || j.Reveals[0].N != 1 || j.Trust[1].N != 3 || j.Reveals[1].N != 4 || j.Reveals[2].N != 5 {
		t.Errorf("places: trust %+v, reveals %+v", j.Trust, j.Reveals)
	}
	acts, err := j.Acts(natoCyber(t))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, a := range acts {
		kinds = append(kinds, a.Kind.String())
	}
	if got := strings.Join(kinds, " "); got != "trust reveal fire trust reveal reveal fire" {
		t.Errorf("acts in order: %s", got)
	}
}

// TestFacilitatorLogProblems: bad trust adjustments and reveals are refused
// with their key and line, as the rest of the log is.
func TestFacilitatorLogProblems(t *testing.T) {
	t.Parallel()
	const head = "{\"seed\": 1, \"decisions\": [],\n"
	for _, tt := range []struct {
		name, in string
		want     string // "line|key|text"
	}{
		{"delta zero", `"trust": [{"from": "A", "to": "B", "delta": 0, "at": "D+0 01:00", "n": 0}]}`, "2|trust[0].delta|not a trust change"},
		{"delta too big", `"trust": [{"from": "A", "to": "B", "delta": 1.5, "at": "D+0 01:00", "n": 0}]}`, "2|trust[0].delta|not a trust change"},
		{"delta overflow", `"trust": [{"from": "A", "to": "B", "delta": 1e999, "at": "D+0 01:00", "n": 0}]}`, "2|trust[0].delta|not a trust change"},
		{"delta a string", `"trust": [{"from": "A", "to": "B", "delta": "0.1", "at": "D+0 01:00", "n": 0}]}`, "2|trust[0].delta|got a string"},
		{"same nation", `"trust": [{"from": "A", "to": "A", "delta": 0.1, "at": "D+0 01:00", "n": 0}]}`, "2|trust[0].to|also the truster"},
		{"empty id", `"trust": [{"from": "", "to": "B", "delta": 0.1, "at": "D+0 01:00", "n": 0}]}`, "2|trust[0].from|is empty"},
		{"missing n", `"trust": [{"from": "A", "to": "B", "delta": 0.1, "at": "D+0 01:00"}]}`, `2|trust[0]|no "n"`},
		{"bad time", `"trust": [{"from": "A", "to": "B", "delta": 0.1, "at": "tomorrow", "n": 0}]}`, "2|trust[0].at|not an exercise time"},
		{"unknown key", `"reveals": [{"nation": "A", "item": "i1", "at": "D+0 01:00", "n": 0, "form": "full"}]}`, `2|reveals[0].form|unknown key "form"`},
		{"n out of range", `"reveals": [{"nation": "A", "item": "i1", "at": "D+0 01:00", "n": 1}]}`, "2|reveals[0].n|not a place"},
		{"n negative", `"reveals": [{"nation": "A", "item": "i1", "at": "D+0 01:00", "n": -1}]}`, "2|reveals[0].n|not a place"},
		{"n taken twice", `"reveals": [{"nation": "A", "item": "i1", "at": "D+0 01:00", "n": 0}, {"nation": "B", "item": "i1", "at": "D+0 01:00", "n": 0}]}`, "2|reveals[1].n|also reveals[0]'s"},
		{"null reveals", `"reveals": null}`, "2|reveals|got null"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := ParseDecisionLog("log.json", []byte(head+tt.in))
			var ps scenario.Problems
			if l != nil || !errors.As(err, &ps) {
				t.Fatalf("ParseDecisionLog = %v, %v; want Problems", l, err)
			}
			parts := strings.SplitN(tt.want, "|", 3)
			for _, p := range ps {
				if itoa(p.Line) == parts[0] && p.Key == parts[1] && strings.Contains(p.Msg, parts[2]) {
					return
				}
			}
			t.Errorf("no problem like %q in:\n%v", tt.want, ps)
		})
	}
	// Against a scenario: unknown nations and items are named by key.
	l, err := ParseDecisionLog("log.json", []byte(head+`"trust": [{"from": "ZZ", "to": "NRV", "delta": 0.1, "at": "D+0 01:00", "n": 0}],
"reveals": [{"nation": "CAL", "item": "nope", "at": "D+0 01:00", "n": 1}]}`))
	if err != nil {
		t.Fatal(err)
	}
	err = l.Check(natoCyber(t))
	for _, want := range []string{"trust[0].from", "reveals[0].item"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check: %v; want a problem at %s", err, want)
		}
	}
	if _, err := l.Acts(natoCyber(t)); err == nil {
		t.Error("Acts accepted unknown ids")
	}
	// Actions listed out of time order (older logs' fires) are given by time.
	back := &DecisionLog{Fires: []string{"forum-leak@D+1 00:00"}}
	back.AddTrust("NRV", "CAL", 0.1, 2)
	acts, err := back.Acts(natoCyber(t))
	if err != nil || len(acts) != 2 || acts[0].Kind != ActTrust || acts[1].Kind != ActFire {
		t.Errorf("Acts out of time order: %+v, %v; want the trust adjustment first", acts, err)
	}
}

// TestResume: a session stopped at any point — here with two teams'
// decisions open, one answered — and restored from its journal by Resume
// reaches the same state, and both finish identically.
func TestResume(t *testing.T) {
	t.Parallel()
	sc := natoCyber(t)
	pol, _ := NewPolicy("pattern", nil)
	for _, stopAt := range []Hours{0.5, 12.5, 30, 50} { // before anything, at a shared instant, mid-exercise
		live := NewRun(sc, 7, 0)
		live.SetParallel(true)
		var j DecisionLog
		live.Record(&j)
		AdvanceWith(live, pol, 4)
		if err := live.AdjustTrust(sc.NationIndex("NRV"), sc.NationIndex("CAL"), 0.15); err != nil {
			t.Fatal(err)
		}
		AdvanceWith(live, pol, min(stopAt, 12.5))
		if stopAt >= 12.5 {
			for _, id := range []string{"second-stage", "forum-leak"} {
				if err := live.Fire(id); err != nil {
					t.Fatal(err)
				}
			}
			AdvanceWith(live, pol, stopAt)
			if err := revealAny(live, sc.NationIndex("CAL")); err != nil {
				t.Fatal(err)
			}
		}
		live.AdvanceTo(stopAt + 1)
		t.Logf("stop %v: %d open at %v", stopAt, len(live.Open()), live.Now())
		if open := live.Open(); len(open) > 1 {
			// One team has answered; the other has not (the answer is held).
			if err := live.AnswerSeq(open[1].Seq, pol.Decide(live.OpenRun(open[1].Seq), open[1])); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := j.Write(&buf); err != nil {
			t.Fatal(err)
		}
		l, err := ParseDecisionLog("journal.json", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		back := NewRun(sc, l.Seed, 0)
		back.SetParallel(true)
		if err := Resume(back, l); err != nil {
			t.Fatal(err)
		}
		back.AdvanceTo(live.Now())
		if back.Now() != live.Now() || len(back.Open()) != len(live.Open()) {
			t.Fatalf("stop %v: resumed at %v with %d open; the session was at %v with %d", stopAt, back.Now(), len(back.Open()), live.Now(), len(live.Open()))
		}
		for i, d := range live.Open() {
			if b := back.Open()[i]; b.Seq != d.Seq || b.Holder != d.Holder || b.Item != d.Item || !reflect.DeepEqual(b.Rows, d.Rows) {
				t.Fatalf("stop %v: open decision %d differs: %+v, want %+v", stopAt, i, b, d)
			}
		}
		if !reflect.DeepEqual(back.Log(), live.Log()) {
			t.Fatalf("stop %v: the resumed timeline differs", stopAt)
		}
		want := (&parallelPlayer{t: t, r: live, d: pol, ord: inOrder}).play(nil)
		got := (&parallelPlayer{t: t, r: back, d: pol, ord: reversed}).play(nil)
		if !reflect.DeepEqual(want, got) {
			t.Errorf("stop %v: the resumed run ends differently", stopAt)
		}
	}
}
