package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/scenario/scenariotest"
)

// seeds is how many independent runs the property tests average over: enough
// that the effects they check (hours of delay, tens of percent of leak risk)
// stand far outside Monte Carlo noise.
const seeds = 400

func TestMoreTrustNeverSlowsDelivery(t *testing.T) {
	t.Parallel()
	// Trust values span the Beta range allowed with evidence 10 (1/12 to 11/12).
	levels := []float64{0.1, 0.3, 0.5, 0.7, 0.9}
	for seed := uint64(1); seed <= 50; seed++ {
		prev := Hours(math.Inf(1))
		for _, tr := range levels {
			sc := mini(t, "", scenario.Override{Path: "trust[0].trust", Value: tr})
			o := Play(NewRun(sc, seed, 0), shareTo(Full, "B"))
			d, ok := delivery(sc, o, "i1", "B")
			if !ok {
				t.Fatalf("seed %d trust %v: no delivery", seed, tr)
			}
			// Same seed, same draws: verification is the only thing trust changes.
			if d.Latency() > prev+1e-9 {
				t.Errorf("seed %d: trust %v gives latency %v, more than %v at lower trust", seed, tr, d.Latency(), prev)
			}
			prev = d.Latency()
		}
	}
}

func TestIncompatibleFormatsAreSlower(t *testing.T) {
	t.Parallel()
	mean := func(format string) float64 {
		sc := mini(t, "", scenario.Override{Path: "system.CNET.format", Value: format}, scenario.Override{Path: "model.adhoc_approval", Value: 1.0}, scenario.Override{Path: "model.adhoc.median", Value: 1.0})
		var sum float64
		for seed := uint64(1); seed <= seeds; seed++ {
			o := Play(NewRun(sc, seed, 0), shareTo(Full, "C"))
			d, ok := delivery(sc, o, "i1", "C")
			if !ok {
				t.Fatalf("no delivery to C")
			}
			sum += float64(d.Latency())
		}
		return sum / seeds
	}
	compatible, incompatible := mean("F1"), mean("F2")
	// The default translation adds a 3h median (plus 15% resends).
	if incompatible < compatible+2 {
		t.Errorf("incompatible formats: mean latency %.2fh, compatible %.2fh; want at least 2h slower", incompatible, compatible)
	}
}

func TestStandardisationRemovesIncompatibility(t *testing.T) {
	t.Parallel()
	sc := mini(t, `
[[event]]
id = "std"
kind = "standardisation"
at = "30m"
formats = ["F1", "F2"]
`)
	_, _, row := firstRow(t, sc, "C")
	for _, rt := range row.Routes {
		if rt.Translate {
			t.Errorf("route %s still needs translation after standardisation", rt.Name)
		}
	}
	_, _, row = firstRow(t, mini(t, ""), "C")
	if !row.Routes[0].Translate {
		t.Errorf("without standardisation, NET into C's CNET home should need translation")
	}
}

func TestMoreRecipientsNeverLowerLeakRisk(t *testing.T) {
	t.Parallel()
	sc := mini(t, "", scenario.Override{Path: "model.leak_rate", Value: 0.05})
	pLeak := func(d Decider) float64 {
		n := 0
		for seed := uint64(1); seed <= seeds; seed++ {
			if len(Play(NewRun(sc, seed, 0), d).Leaks) > 0 {
				n++
			}
		}
		return float64(n) / seeds
	}
	p0, p1, p2 := pLeak(shareTo(Full)), pLeak(shareTo(Full, "B")), pLeak(shareTo(Full, "B", "C"))
	if !(p0 <= p1 && p1 < p2) {
		t.Errorf("P(leak): no recipients %.3f, B %.3f, B and C %.3f; want non-decreasing", p0, p1, p2)
	}
}

func TestTearlineLowersExposureAndValue(t *testing.T) {
	t.Parallel()
	sc := mini(t, "", scenario.Override{Path: "model.leak_rate", Value: 0.05})
	it := &sc.Items[0]
	if it.ValueOf(Tearline) >= it.ValueOf(Full) {
		t.Errorf("tearline value %v not below full %v", it.ValueOf(Tearline), it.ValueOf(Full))
	}
	if it.LevelOf(Tearline) >= it.LevelOf(Full) {
		t.Errorf("tearline level %v not below full %v", it.LevelOf(Tearline), it.LevelOf(Full))
	}
	burned := func(f Action) (b, leaks int) {
		for seed := uint64(1); seed <= seeds; seed++ {
			for _, l := range Play(NewRun(sc, seed, 0), shareTo(f, "B", "C")).Leaks {
				leaks++
				if l.Burned {
					b++
				}
			}
		}
		return
	}
	bf, lf := burned(Full)
	bt, lt := burned(Tearline)
	if lt > lf {
		t.Errorf("tearlines leaked %d times, full reports %d; a lower level should leak less", lt, lf)
	}
	if float64(bt)/float64(max(lt, 1)) >= float64(bf)/float64(max(lf, 1)) {
		t.Errorf("burn rate per leak: tearline %d/%d, full %d/%d; want lower for tearlines", bt, lt, bf, lf)
	}
}

func TestTimelyWarningRaisesAvertChance(t *testing.T) {
	t.Parallel()
	sc := mini(t, "")
	th := &sc.Threats[0]
	tests := []struct {
		name string
		d    Decider
		want float64
	}{
		// Withheld: B holds nothing, so P(avert) is the base rate.
		{"withheld", shareTo(Full), th.AvertBase},
		// Shared in full at 1h; held long before 24h (30h − 6h lead): full warning.
		{"full", shareTo(Full, "B"), th.AvertMax},
		// A tearline carries 0.6 of the value (TearlineSpec default).
		{"tearline", shareTo(Tearline, "B"), th.AvertBase + (th.AvertMax-th.AvertBase)*0.6},
	}
	for _, tt := range tests {
		o := Play(NewRun(sc, 3, 0), tt.d)
		if len(o.Threats) != 1 {
			t.Fatalf("%s: %d threat results", tt.name, len(o.Threats))
		}
		if got := o.Threats[0].PAvert; math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: P(avert) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLateWarningCountsLess(t *testing.T) {
	t.Parallel()
	// Liaison (18h median) to B, who is the target at 30h: mostly too late for
	// the 24h need time, so the average warning is below the full value.
	sc := mini(t, "")
	var w float64
	for seed := uint64(1); seed <= 100; seed++ {
		d := DeciderFunc(func(r *Run, d *Decision) Answer {
			row := rowFor(d, sc.NationIndex("B"))
			return Answer{Shares: []ShareChoice{{Recipient: row.Recipient, Action: Full, Route: len(row.Routes) - 1}}}
		})
		w += Play(NewRun(sc, seed, 0), d).Threats[0].Warning
	}
	if w/100 > 0.95 {
		t.Errorf("mean warning by liaison %.2f; want well below 1", w/100)
	}
}

func TestForbiddingLawBlocks(t *testing.T) {
	t.Parallel()
	sc := mini(t, `
[[law]]
id = "no-c"
nation = "A"
title = "Act 1 s.2"
effect = "forbid"
when = { recipient_in = ["C"] }
`)
	r, d, row := firstRow(t, sc, "C")
	for _, f := range []Action{Full, Tearline} {
		if !row.Rules[f].Blocked || !whyHas(row.Rules[f], "Act 1 s.2") {
			t.Errorf("%s to C: rules %+v; want blocked citing the law", f, row.Rules[f])
		}
	}
	if rb := rowFor(d, sc.NationIndex("B")); rb.Rules[Full].Blocked {
		t.Errorf("B is not named by the law but is blocked: %v", rb.Rules[Full].Reasons)
	}
	pol, _ := NewPolicy("share-all", nil)
	for _, sh := range pol.Decide(r, d).Shares {
		if sh.Recipient == row.Recipient {
			t.Errorf("share-all shares with C despite the law")
		}
	}
	if err := r.Answer(Answer{Shares: []ShareChoice{{Recipient: row.Recipient, Action: Full}}}); err == nil {
		t.Fatal("a blocked share without Force was accepted")
	}
	if err := r.Answer(Answer{Shares: []ShareChoice{{Recipient: row.Recipient, Action: Full, Force: true}}}); err != nil {
		t.Fatal(err)
	}
	o := Play(r, pol)
	if len(o.Violations) != 1 || o.Violations[0].Kind != "legal" {
		t.Errorf("violations %+v; want one legal violation", o.Violations)
	}
}

func TestWaiverAndApproval(t *testing.T) {
	t.Parallel()
	law := func(effect string, p float64) string {
		return `
[[law]]
id = "l"
nation = "A"
title = "Release Act"
effect = "` + effect + `"
delay = "10h"
probability = ` + ftoa(p) + `
when = { recipient_in = ["B"] }
`
	}
	tests := []struct {
		name      string
		law       string
		waiver    bool
		delivered bool
		minLat    Hours
	}{
		// Fixed 10h delay (delay = "10h") before the share goes on the wire.
		{"approval granted", law("approval", 1), false, true, 10},
		{"approval refused", law("approval", 0), false, false, 0},
		{"waiver granted", law("waiver", 1), true, true, 10},
		{"waiver refused", law("waiver", 0), true, false, 0},
	}
	for _, tt := range tests {
		sc := mini(t, tt.law)
		o := Play(NewRun(sc, 1, 0), shareTo(Full, "B"))
		d, ok := delivery(sc, o, "i1", "B")
		if ok != tt.delivered {
			t.Errorf("%s: delivered %v, want %v", tt.name, ok, tt.delivered)
			continue
		}
		if ok && d.Latency() < tt.minLat {
			t.Errorf("%s: latency %v, want at least %v", tt.name, d.Latency(), tt.minLat)
		}
		if !ok && o.Denied != 1 {
			t.Errorf("%s: denied %d, want 1", tt.name, o.Denied)
		}
	}
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func TestSuspendedAgreementLosesRoutineStatus(t *testing.T) {
	t.Parallel()
	_, _, row := firstRow(t, mini(t, ""), "B")
	if row.Agreement < 0 || row.Rules[Full].Approval {
		t.Fatalf("in force: agreement %d, rules %+v; want routine sharing", row.Agreement, row.Rules[Full])
	}
	sc := mini(t, `
[[event]]
id = "sus"
kind = "suspension"
at = "30m"
agreement = "AB"
`)
	_, _, row = firstRow(t, sc, "B")
	if row.Agreement >= 0 || !row.Rules[Full].Approval || !whyHas(row.Rules[Full], "suspended") {
		t.Errorf("suspended: agreement %d, rules %+v; want ad-hoc approval citing the suspension", row.Agreement, row.Rules[Full])
	}
}

func TestMarkings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, extra string
		blockedB    bool
		blockedC    bool
	}{
		{"none", "", false, false},
		{"REL TO B", `rel_to = ["B"]`, false, true},
		{"NOFORN", `noforn = true`, true, true},
	}
	for _, tt := range tests {
		src := scenariotest.Mini + "\n"
		// The inject is the last table: its keys can be appended.
		sc, err := scenario.Parse("mini.toml", []byte(src+tt.extra+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, d, _ := firstRow(t, sc, "B")
		for _, c := range []struct {
			id   string
			want bool
		}{{"B", tt.blockedB}, {"C", tt.blockedC}} {
			row := rowFor(d, sc.NationIndex(c.id))
			if row.Rules[Full].Blocked != c.want {
				t.Errorf("%s: full to %s blocked = %v, want %v (%v)", tt.name, c.id, row.Rules[Full].Blocked, c.want, row.Rules[Full].Reasons)
			}
			if row.Rules[Tearline].Blocked {
				t.Errorf("%s: the tearline to %s is blocked; tearlines carry no dissemination markings", tt.name, c.id)
			}
		}
	}
}

func TestForcedMarkingBreachCostsTrust(t *testing.T) {
	t.Parallel()
	// C originates a NOFORN item that reaches A; A forces it to B.
	sc := mini(t, `
[[inject]]
id = "c1"
origin = "C"
at = "2h"
category = "SIGINT"
level = "SECRET"
topic = "t"
noforn = false
rel_to = ["A"]

[[law]]
id = "c-not-b"
nation = "C"
title = "C keeps B out"
effect = "forbid"
when = { recipient_in = ["B"] }

[[trust]]
from = "C"
to = "A"
trust = 0.9
evidence = 20
`, scenario.Override{Path: "nation.C.doctrine.share", Value: 0.1}, scenario.Override{Path: "nation.C.doctrine.tearline", Value: 0.1},
		scenario.Override{Path: "model.adhoc_approval", Value: 1}) // C shares with A outside any agreement: make sure it arrives
	force := DeciderFunc(func(r *Run, d *Decision) Answer {
		if d.Kind == ConsentDecision || r.sc.Items[d.Item].ID != "c1" {
			return Answer{}
		}
		row := rowFor(d, sc.NationIndex("B"))
		return Answer{Shares: []ShareChoice{{Recipient: row.Recipient, Action: Full, Route: 0, Force: true}}}
	})
	o := Play(NewRun(sc, 1, 0), force)
	kinds := map[string]int{}
	for _, v := range o.Violations {
		kinds[v.Kind]++
	}
	if kinds["marking"] != 1 {
		t.Fatalf("violations %+v; want one marking violation", o.Violations)
	}
	c, a, n := sc.NationIndex("C"), sc.NationIndex("A"), len(sc.Nations)
	base := Play(NewRun(sc, 1, 0), shareTo(Withhold))
	if o.TrustEnd[c*n+a] >= base.TrustEnd[c*n+a] {
		t.Errorf("C's trust in A after the breach %.3f, without %.3f; want lower", o.TrustEnd[c*n+a], base.TrustEnd[c*n+a])
	}
}

func TestORCONNeedsConsent(t *testing.T) {
	t.Parallel()
	extra := `
[[inject]]
id = "b1"
origin = "B"
at = "2h"
category = "SIGINT"
level = "SECRET"
topic = "t"
orcon = true

[[law]]
id = "b-not-c"
nation = "B"
title = "B keeps C out"
effect = "forbid"
when = { recipient_in = ["C"] }
`
	for _, tt := range []struct {
		name    string
		trustBA float64
		granted bool
	}{
		// B's doctrine grants consent at trust ≥ 0.55 (Doctrine default).
		{"trusted", 0.9, true},
		{"distrusted", 0.2, false},
	} {
		sc := mini(t, extra+`
[[trust]]
from = "B"
to = "A"
trust = `+ftoa(tt.trustBA)+`
evidence = 10
`, scenario.Override{Path: "trust[0].from", Value: "C"}, scenario.Override{Path: "nation.B.doctrine.share", Value: 0.0}, scenario.Override{Path: "nation.B.doctrine.tearline", Value: 0.0},
			scenario.Override{Path: "model.adhoc_approval", Value: 1.0})
		o := Play(NewRun(sc, 1, 0), shareTo(Full, "C"))
		_, got := delivery(sc, o, "b1", "C")
		if got != tt.granted {
			t.Errorf("%s: delivered to C = %v, want %v (denied %d)", tt.name, got, tt.granted, o.Denied)
		}
	}
}

func TestOutageReroutes(t *testing.T) {
	t.Parallel()
	sc := mini(t, `
[[event]]
id = "down"
kind = "outage"
at = "30m"
system = "NET"
duration = "5h"
`)
	_, _, row := firstRow(t, sc, "B")
	if !row.Routes[0].Down || row.Routes[len(row.Routes)-1].Kind != Liaison {
		t.Fatalf("routes %+v; want NET down and liaison last", row.Routes)
	}
	o := Play(NewRun(sc, 1, 0), shareTo(Full, "B"))
	d, ok := delivery(sc, o, "i1", "B")
	if !ok || d.Route != "Liaison officer (courier)" {
		t.Errorf("delivery %+v; want it by liaison while NET is down", d)
	}
}

func TestLeadershipChangeEnactsLaw(t *testing.T) {
	t.Parallel()
	sc := mini(t, `
[[law]]
id = "new"
nation = "A"
title = "Emergency Powers Act"
effect = "forbid"
dormant = true
when = { categories = ["SIGINT"] }

[[event]]
id = "lc"
kind = "leadership_change"
at = "30m"
enact = ["new"]
`)
	_, _, row := firstRow(t, sc, "B")
	if !row.Rules[Full].Blocked || !whyHas(row.Rules[Full], "Emergency Powers Act") {
		t.Errorf("after enactment: %+v; want blocked by the new law", row.Rules[Full])
	}
}

func TestCrisisLowersTrust(t *testing.T) {
	t.Parallel()
	sc := mini(t, `
[[event]]
id = "cr"
kind = "crisis"
at = "10h"
nations = ["B", "C"]
trust_change = -10
`)
	base := mini(t, "")
	o := Play(NewRun(sc, 1, 0), shareTo(Withhold))
	ob := Play(NewRun(base, 1, 0), shareTo(Withhold))
	b, c, n := sc.NationIndex("B"), sc.NationIndex("C"), len(sc.Nations)
	if o.TrustEnd[b*n+c] >= ob.TrustEnd[b*n+c] {
		t.Errorf("B's trust in C after a crisis %.3f, without %.3f", o.TrustEnd[b*n+c], ob.TrustEnd[b*n+c])
	}
}

func TestForgettingPullsTrustToHalf(t *testing.T) {
	t.Parallel()
	// Forgetting 0.5 per day halves the evidence daily: after two days of a
	// 48h exercise, 10 positive pieces (trust 11/12) fade to 2.5: 3.5/4.5.
	// C is no target, so nothing but time moves its trust in A.
	sc := mini(t, "", scenario.Override{Path: "model.forgetting", Value: 0.5}, scenario.Override{Path: "trust[0].trust", Value: 11.0 / 12}, scenario.Override{Path: "trust[0].from", Value: "C"})
	o := Play(NewRun(sc, 1, 0), shareTo(Withhold))
	b, a, n := sc.NationIndex("C"), sc.NationIndex("A"), len(sc.Nations)
	if got, want := o.TrustEnd[b*n+a], 3.5/4.5; math.Abs(got-want) > 1e-9 {
		t.Errorf("faded trust %v, want %v", got, want)
	}
}

func TestReinstatementLiftsSuspension(t *testing.T) {
	t.Parallel()
	sc := mini(t, `
[[event]]
id = "sus"
kind = "suspension"
at = "10m"
agreement = "AB"

[[event]]
id = "back"
kind = "reinstatement"
at = "20m"
agreement = "AB"
`)
	_, _, row := firstRow(t, sc, "B")
	if row.Agreement < 0 || row.Rules[Full].Approval {
		t.Errorf("after reinstatement: agreement %d, rules %+v; want routine sharing", row.Agreement, row.Rules[Full])
	}
}

func TestAgreedFormatOnStandardChannel(t *testing.T) {
	t.Parallel()
	// C is in agreement AC whose standard channel is NET with format F1; C's
	// home format is F2. Over NET the agreed format needs no translation.
	sc := mini(t, `
[[agreement]]
id = "AC"
members = ["A", "C"]
categories = ["SIGINT"]
channel = "NET"
format = "F1"
`)
	_, _, row := firstRow(t, sc, "C")
	rt := row.Routes[0]
	if rt.Name != "NET" || rt.Translate || !rt.Standard {
		t.Errorf("route %+v; want NET, standard, no translation", rt)
	}
}

// TestEventLogSaysWhatTrustDid: a crisis's and a leadership change's log
// lines give each moved pair's trust before and after, and the figures are
// the run's own (trust read just before and just after the event).
func TestEventLogSaysWhatTrustDid(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, event, want string
	}{
		{"crisis", `
[[event]]
id = "cr"
kind = "crisis"
at = "10h"
nations = ["B", "C"]
trust_change = -10
`, "trust between B, C shifts: "},
		{"leadership change", `
[[event]]
id = "lc"
kind = "leadership_change"
at = "10h"
nations = ["B"]
trust_change = -10
`, "trust B→"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sc := mini(t, tt.event)
			r := NewRun(sc, 1, 0)
			// 10h is the event's time in the snippets above.
			answer := shareTo(Withhold)
			for d := r.AdvanceTo(10 - 1e-9); d != nil; d = r.AdvanceTo(10 - 1e-9) {
				if err := r.Answer(answer.Decide(r, d)); err != nil {
					t.Fatal(err)
				}
			}
			b, c := sc.NationIndex("B"), sc.NationIndex("C")
			was := r.Trust(b, c)
			for d := r.AdvanceTo(10); d != nil; d = r.AdvanceTo(10) {
				if err := r.Answer(answer.Decide(r, d)); err != nil {
					t.Fatal(err)
				}
			}
			now := r.Trust(b, c)
			var line string
			for _, e := range r.Log() {
				if e.Kind == LogEvent {
					line = e.Text
				}
			}
			pair := fmt.Sprintf("B→C %.2f→%.2f", was, now)
			if !strings.Contains(line, tt.want) || !strings.Contains(line, pair) || now >= was {
				t.Errorf("log %q; want %q and %q with trust falling", line, tt.want, pair)
			}
		})
	}
}

// TestAnswerErrorSuggestsForceOnlyForLaw: a share refused for a law or
// marking says it can be forced; one refused for its channel does not (it
// cannot be forced through).
func TestAnswerErrorSuggestsForceOnlyForLaw(t *testing.T) {
	t.Parallel()
	sc := mini(t, `
[[law]]
id = "no-c"
nation = "A"
title = "Act 1 s.2"
effect = "forbid"
when = { recipient_in = ["C"] }
`)
	for _, tt := range []struct {
		name  string
		route int
		force bool
	}{
		{"forbidden by law", 0, true},
		{"no such route", 99, false}, // 99: far past the row's few routes
	} {
		r, _, row := firstRow(t, sc, "C")
		err := r.Answer(Answer{Shares: []ShareChoice{{Recipient: row.Recipient, Action: Full, Route: tt.route}}})
		if err == nil {
			t.Fatalf("%s: the answer was accepted", tt.name)
		}
		if got := strings.Contains(err.Error(), "force it"); got != tt.force {
			t.Errorf("%s: %q suggests forcing = %v, want %v", tt.name, err, got, tt.force)
		}
	}
}
