package sim

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenario/scenariotest"
)

// Property tests of conditional injects and events (`when`, trigger.go),
// on scenariotest.Mini plus scenariotest.When (cond_test.go): player A's item i1 (source S1,
// sensitivity 0.5) warns B of threat T at 30h; event e1 (a crisis between A
// and B) happens at 20h; B collects i2 at 2h.

// mechWhenStreams is how many streams each property is checked over: enough
// for both branches of every condition below to occur many times (T strikes
// B in roughly half the runs when A withholds, avert_base 0.05 against
// avert_max 0.9 with B's own warning nil).
const mechWhenStreams = 200

// collected returns when nation n came to hold inject id, or -1.
func collected(r *Run, n, id string) Hours {
	sc := r.sc
	h := r.h(mechItem(sc, id), sc.NationIndex(n))
	if h.form == Withhold {
		return -1
	}
	return h.held
}

// A conditional inject comes exactly once, at the moment its condition
// first holds plus the delay, and only if it holds.
func TestMechWhenInject(t *testing.T) {
	t.Parallel()
	sc := mini(t, scenariotest.When+`
[[inject]]
id = "after"
origin = "B"
category = "SIGINT"
level = "SECRET"
when = "2h after struck(T, B)"
`)
	struck, calm := 0, 0
	for s := uint64(0); s < mechWhenStreams; s++ {
		r := NewRun(sc, 1, s)
		r.SetQuiet(true)
		o := Play(r, shareTo(Full)) // A withholds everything
		var hit bool
		for _, tr := range o.Threats {
			if sc.Threats[tr.Threat].ID == "T" && !tr.Averted {
				hit = true
			}
		}
		got := collected(r, "B", "after")
		switch {
		case hit && !mechEq(got, 32): // T at 30h, plus 2h
			t.Fatalf("stream %d: T struck B at 30h, but B collected the follow-up at %v, want 32h", s, got)
		case !hit && got >= 0:
			t.Fatalf("stream %d: T was averted, yet the follow-up came at %v", s, got)
		}
		if at, ok := r.Triggered("after"); ok != hit || ok && !mechEq(at, 30) {
			t.Fatalf("stream %d: Triggered = %v, %v; want %v at 30h", s, at, ok, hit)
		}
		if hit {
			struck++
		} else {
			calm++
		}
	}
	if struck == 0 || calm == 0 {
		t.Fatalf("struck %d, averted %d of %d: both branches must occur", struck, calm, mechWhenStreams)
	}
}

// A condition on a leak triggers at the first leak of the item, and a
// chain (an event waiting for the conditional inject) follows it.
func TestMechWhenLeakChain(t *testing.T) {
	t.Parallel()
	sc := mini(t, scenariotest.When+`
[[inject]]
id = "follow"
origin = "C"
category = "SIGINT"
level = "SECRET"
when = "leaked(i1) or burned(S1)"

[[event]]
id = "chain"
kind = "crisis"
nations = ["A", "C"]
trust_change = -1
when = "1h after held(C, follow)"
`, scenario.Override{Path: "model.leak_rate", Value: 0.05})
	leaks := 0
	for s := uint64(0); s < mechWhenStreams; s++ {
		r := NewRun(sc, 2, s)
		r.SetQuiet(true)
		o := Play(r, shareTo(Full, "B", "C"))
		first := Hours(-1)
		for _, l := range o.Leaks {
			if sc.Items[l.Item].ID == "i1" && (first < 0 || l.Time < first) {
				first = l.Time
			}
		}
		got := collected(r, "C", "follow")
		if first < 0 != (got < 0) || first >= 0 && !mechEq(got, first) {
			t.Fatalf("stream %d: first leak of i1 at %v, follow-up collected at %v", s, first, got)
		}
		chained := r.evFired[indexOfEvent(sc, "chain")]
		if want := got >= 0 && got+1 <= sc.End(); chained != want {
			t.Fatalf("stream %d: follow-up at %v, chained event happened %v, want %v", s, got, chained, want)
		}
		if first >= 0 {
			leaks++
		}
	}
	if leaks == 0 || leaks == mechWhenStreams {
		t.Fatalf("i1 leaked in %d of %d streams: both branches must occur", leaks, mechWhenStreams)
	}
}

func indexOfEvent(sc *Scenario, id string) int {
	for i := range sc.Events {
		if sc.Events[i].ID == id {
			return i
		}
	}
	return -1
}

// missed(…, by T) and held(…, by T) are complements, both decided at T: the
// conditional events of the two agree with when B came to hold i1.
func TestMechWhenHeldMissed(t *testing.T) {
	t.Parallel()
	sc := mini(t, scenariotest.When+`
[[event]]
id = "got"
kind = "audit"
agreement = "AB"
when = "held(B, i1, by H+8.5)"

[[event]]
id = "miss"
kind = "review"
agreement = "AB"
when = "missed(B, i1, by H+8.5)"
`)
	var in, late int
	for s := uint64(0); s < mechWhenStreams; s++ {
		// Share with B in half the streams; the wire, verification and
		// analysis delays put arrival on either side of 8.5h (from about 7h
		// to 12h in a sample of 20 streams).
		d := shareTo(Full)
		if s%2 == 0 {
			d = shareTo(Full, "B")
		}
		r := NewRun(sc, 3, s)
		r.SetQuiet(true)
		Play(r, d)
		at := collected(r, "B", "i1")
		onTime := at >= 0 && at <= 8.5
		got, miss := r.evFired[indexOfEvent(sc, "got")], r.evFired[indexOfEvent(sc, "miss")]
		if got != onTime || miss == onTime {
			t.Fatalf("stream %d: B held i1 at %v; held-by event %v, missed event %v", s, at, got, miss)
		}
		if m, ok := r.Triggered("miss"); ok && !mechEq(m, 8.5) {
			t.Fatalf("stream %d: missed triggered at %v, want 8.5h", s, m)
		}
		if onTime {
			in++
		} else {
			late++
		}
	}
	if in == 0 || late == 0 {
		t.Fatalf("on time %d, late or never %d: both branches must occur", in, late)
	}
}

// A trust condition triggers at the step that crosses the threshold: e1 at
// 20h costs B trust in A (crisis, trust_change −2 scaled by 1.5 − 0.8).
func TestMechWhenTrust(t *testing.T) {
	t.Parallel()
	sc := mini(t, scenariotest.When+`
[[inject]]
id = "cold"
origin = "B"
category = "SIGINT"
level = "SECRET"
when = "trust(B, A) < 0.45"
`)
	r := NewRun(sc, 1, 0)
	r.SetQuiet(true)
	Play(r, shareTo(Full))
	at, ok := r.Triggered("cold")
	if !ok || !mechEq(at, 20) {
		t.Fatalf("Triggered = %v, %v; want 20h (the crisis)", at, ok)
	}
	// Without the crisis, and with A sharing (so that B does not learn at
	// 30h that A withheld its warning), trust stays near 0.5: nothing comes.
	calm := mini(t, scenariotest.When+`
[[inject]]
id = "cold"
origin = "B"
category = "SIGINT"
level = "SECRET"
when = "trust(B, A) < 0.45"
`, scenario.Override{Path: "event.e1.trust_change", Value: 0.0})
	r = NewRun(calm, 1, 0)
	r.SetQuiet(true)
	Play(r, shareTo(Full, "B"))
	if at, ok := r.Triggered("cold"); ok {
		t.Fatalf("without the crisis the condition held at %v", at)
	}
}

// Common random numbers: a conditional event's fate is drawn from its own
// stream, so two policies that both meet its condition agree on whether it
// happens; over the streams it happens with its probability.
func TestMechWhenCommonFate(t *testing.T) {
	t.Parallel()
	sc := mini(t, scenariotest.When+`
[[event]]
id = "maybe"
kind = "review"
agreement = "AB"
probability = 0.5
when = "held(A, i1)"
`)
	k := indexOfEvent(sc, "maybe")
	happened := 0
	for s := uint64(0); s < mechWhenStreams; s++ {
		a, b := NewRun(sc, 4, s), NewRun(sc, 4, s)
		a.SetQuiet(true)
		Play(a, shareTo(Full))
		Play(b, shareTo(Full, "B", "C")) // b keeps its log: quiet or not, the same outcome
		if a.evFired[k] != b.evFired[k] {
			t.Fatalf("stream %d: the event happened under one policy only", s)
		}
		if a.evFired[k] {
			happened++
		}
	}
	p := float64(happened) / mechWhenStreams
	if tol := mechTol(0.5, mechWhenStreams); p < 0.5-tol || p > 0.5+tol {
		t.Errorf("happened in %.3f of runs, want 0.5 ± %.3f", p, tol)
	}
}

// A conditional event that has triggered but not yet happened keeps its fate
// hidden from a forecast: seeds that reach the same visible state forecast
// the same, whatever their drawn fate. And the forecast still plays it.
func TestMechWhenFateBlind(t *testing.T) {
	t.Parallel()
	src := strings.NewReplacer("%AT%", "1h", "%O1%", "30m", "%W0%", "5h").Replace(mechBlindTOML) + `
[[event]]
id = "cond"
title = "Crisis AC"
kind = "crisis"
when = "3h after held(O, o1)"
probability = 0.5
nations = ["A", "C"]
trust_change = -5.0
`
	forecast := func(sc *Scenario, seed uint64) (mechVisible, *Preview) {
		r := NewRun(sc, seed, 0)
		d := mechNext(t, r)
		var a Answer
		for _, row := range d.Rows {
			a.Shares = append(a.Shares, ShareChoice{Recipient: row.Recipient, Action: Full, Route: row.BestRoute(Full)})
		}
		// 200 rollouts from forecast seed 7, as in TestMechFateBlindForecast.
		return mechSee(r, d), r.Preview(a, 200, 7)
	}
	sc := mechParse(t, src)
	k := indexOfEvent(sc, "cond")
	vis0, p0 := forecast(sc, 1)
	fates := map[bool]int{}
	for s := uint64(1); s <= 20; s++ {
		// The fate each seed drew: play on quietly past the event's time.
		r := NewRun(sc, s, 0)
		r.SetQuiet(true)
		Play(r, shareTo(Full))
		fates[r.evFired[k]]++
		vis, p := forecast(sc, s)
		if !reflect.DeepEqual(vis, vis0) {
			t.Fatalf("seed %d reaches a different visible state", s)
		}
		if !reflect.DeepEqual(p, p0) {
			t.Errorf("seed %d: the same visible state as seed 1, a different forecast", s)
		}
	}
	if fates[true] == 0 || fates[false] == 0 {
		t.Fatalf("fates %v: both must occur for the test to mean anything", fates)
	}
	calm := mechParse(t, src, scenario.Override{Path: "event.cond.probability", Value: 0.0})
	if _, p := forecast(calm, 1); reflect.DeepEqual(p, p0) {
		t.Error("the forecast is the same with and without the pending conditional event")
	}
}

// A recorded exercise on a scenario with conditions replays exactly: the
// decision log, written and read back, gives the same outcome and the same
// conditional injects and events at the same times, for several seeds and
// players' habits. Strained Channel has a conditional inject (on trust) and
// a conditional event (on a strike).
func TestMechWhenReplay(t *testing.T) {
	t.Parallel()
	sc, err := scenario.LoadShipped("bilateral-tension.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Triggers) == 0 {
		t.Fatal("bilateral-tension has no conditional inject or event")
	}
	seen := map[bool]int{} // a trigger met, or not, across the runs
	for _, name := range []string{"share-all", "tearline-all", "withhold-all", "by-trust"} {
		for seed := uint64(1); seed <= 8; seed++ { // 8 seeds: both fates of each condition occur
			pol, _ := NewPolicy(name, nil)
			rec := NewRecorder(pol)
			a := NewRun(sc, seed, 0)
			Play(a, rec)
			var buf bytes.Buffer
			if err := rec.Log().Write(&buf); err != nil {
				t.Fatal(err)
			}
			log, err := ParseDecisionLog("replay.json", buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			withhold, _ := NewPolicy("withhold-all", nil) // the fallback must never be asked
			b := NewRun(sc, seed, 0)
			Play(b, log.Decider(withhold))
			if !reflect.DeepEqual(a.Outcome(), b.Outcome()) || !reflect.DeepEqual(a.Log(), b.Log()) {
				t.Fatalf("%s seed %d: the replay differs from the recorded run", name, seed)
			}
			for _, ref := range sc.Triggers {
				at, ok := a.Triggered(sc.ID(ref))
				bt, bok := b.Triggered(sc.ID(ref))
				if ok != bok || at != bt {
					t.Fatalf("%s seed %d: %s triggered %v at %v, replayed %v at %v", name, seed, sc.ID(ref), ok, at, bok, bt)
				}
				seen[ok]++
			}
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Errorf("conditions met %d times, not met %d times: both must occur", seen[true], seen[false])
	}
}
