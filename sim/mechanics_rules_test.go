package sim

import (
	"math"
	"strings"
	"testing"

	"tearline/scenario"
)

// Property tests of docs/model.md's mechanics, continued (see
// mechanics_test.go for the helpers and the statistical margins).

// ---------------------------------------------------------------------------
// 7. Audits and reviews.

// mechAuditTOML: A, B and C are members of ABC; D is not. A's law forbids
// sharing with D, so forcing i1 to D is a legal violation (at 1h). Events
// come with each case; forgetting 1 keeps trust exact.
const mechAuditTOML = `
[scenario]
id = "audit"
title = "Audit"
duration = "45h"
players = ["A"]
notional = true

[model]
forgetting = 1
leak_rate = 0
adhoc_approval = 1.0

[[nation]]
id = "A"
systems = ["NET"]

[[nation]]
id = "B"
systems = ["NET"]

[[nation]]
id = "C"
systems = ["NET"]

[[nation]]
id = "D"
systems = ["NET"]

[[system]]
id = "NET"
latency = "1h"

[[agreement]]
id = "ABC"
members = ["A", "B", "C"]
categories = ["SIGINT"]

[[law]]
id = "not-d"
nation = "A"
effect = "forbid"
when = { recipient_in = ["D"] }

[[inject]]
id = "i1"
origin = "A"
at = "1h"
category = "SIGINT"
level = "SECRET"
`

// mechEvent is one [[event]] table for agreement ABC.
func mechEvent(id, kind, at, more string) string {
	return "\n[[event]]\nid = \"" + id + "\"\nkind = \"" + kind + "\"\nat = \"" + at + "\"\nagreement = \"ABC\"\n" + more
}

// TestMechAuditsAndReviews: an audit that finds violations costs the
// violator legal_penalty (2) per violation in every other member's trust and
// raises nobody's; a clean audit or a held review adds review_gain (1) to
// every ordered member pair; a review while the agreement is suspended is
// not held (periodic ones resume after); a review with unaudited violations
// audits instead. Non-members' trust never moves.
func TestMechAuditsAndReviews(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, extra string
		ov          []scenario.Override
		d           Decider
		gains       float64 // review_gain added to every ordered member pair
		pen         float64 // legal_penalty evidence against A in B's and C's trust
	}{
		{"violation, then a clean audit", mechEvent("a1", "audit", "10h", "") + mechEvent("a2", "audit", "20h", ""),
			nil, mechForce("D"), 1, 2},
		{"clean audits", mechEvent("a1", "audit", "10h", "") + mechEvent("a2", "audit", "20h", ""),
			nil, mechTo(Full), 2, 0},
		{"two violations", `
[[inject]]
id = "i2"
origin = "A"
at = "2h"
category = "SIGINT"
level = "SECRET"
` + mechEvent("a1", "audit", "10h", "") + mechEvent("a2", "audit", "20h", ""),
			nil, mechForce("D"), 1, 2 * 2},
		// Suspended 5h–15h: the 10h review is not held (nor re-run when the
		// suspension ends), the 20h one is.
		{"review while suspended", mechEvent("s", "suspension", "5h", "duration = \"10h\"\n") +
			mechEvent("r1", "review", "10h", "") + mechEvent("r2", "review", "20h", ""),
			nil, mechTo(Full), 1, 0},
		// Periodic reviews at 10h, 20h, 30h, 40h; suspended 5h–25h.
		{"periodic reviews skip a suspension", mechEvent("s", "suspension", "5h", "duration = \"20h\"\n"),
			[]scenario.Override{{Path: "agreement.ABC.review_every", Value: "10h"}}, mechTo(Full), 2, 0},
		{"periodic reviews", "", []scenario.Override{{Path: "agreement.ABC.review_every", Value: "10h"}}, mechTo(Full), 4, 0},
		// The 10h review finds the violation and audits; the 20h one is clean.
		{"review with violations audits", mechEvent("r1", "review", "10h", "") + mechEvent("r2", "review", "20h", ""),
			nil, mechForce("D"), 1, 2},
	}
	for _, tt := range tests {
		sc := mechParse(t, mechAuditTOML+tt.extra, tt.ov...)
		o := Play(NewRun(sc, 1, 0), tt.d)
		member := map[string]bool{"A": true, "B": true, "C": true}
		for _, x := range []string{"A", "B", "C", "D"} {
			for _, y := range []string{"A", "B", "C", "D"} {
				if x == y {
					continue
				}
				r, s := 1.0, 1.0 // 0.5 on the default evidence 2
				if member[x] && member[y] {
					r += tt.gains
					if y == "A" {
						s += tt.pen
					}
				}
				if got, want := mechEnd(sc, o, x, y), mechTrust(r, s); math.Abs(got-want) > 1e-12 {
					t.Errorf("%s: %s's trust in %s %v, want %v", tt.name, x, y, got, want)
				}
			}
		}
	}
}

// ---------------------------------------------------------------------------
// 8. Gateway routes and accreditation.

// mechGatewayTOML: A runs S1 (1h), B runs S2 (2h); gateway G (4h) bridges
// them. All carry format F, so nothing is translated. i1 is SECRET (its
// tearline CONFIDENTIAL); agreement AB covers it up to TOP SECRET.
const mechGatewayTOML = `
[scenario]
id = "gateway"
title = "Gateway"
duration = "48h"
players = ["A"]
notional = true

[model]
forgetting = 1
leak_rate = 0

[[nation]]
id = "A"
systems = ["S1"]

[[nation]]
id = "B"
systems = ["S2"]
analysis = "2h"

[[system]]
id = "S1"
format = "F"
latency = "1h"
max_level = "TOP SECRET"

[[system]]
id = "S2"
format = "F"
latency = "2h"
max_level = "TOP SECRET"

[[system]]
id = "S3"
format = "F"

[[gateway]]
id = "G"
between = ["S1", "S2"]
delay = "4h"
max_level = "TOP SECRET"

[[agreement]]
id = "AB"
members = ["A", "B"]
categories = ["SIGINT"]
max_level = "TOP SECRET"

[[inject]]
id = "i1"
origin = "A"
at = "1h"
category = "SIGINT"
level = "SECRET"
`

// TestMechGatewayRoutes: a gateway between a system of the holder and one of
// the recipient gives a bridged route accredited to the lowest of the three
// maximum levels, as slow as its three legs; a share above that level is
// refused by row.Judge (ReasonAccreditation) and by Run.Answer, forced or
// not. A gateway to a system the recipient does not run gives no route.
func TestMechGatewayRoutes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s1, s2, g string
		want      Level
	}{
		{"TOP SECRET", "TOP SECRET", "TOP SECRET", TopSecret},
		{"TOP SECRET", "SECRET", "TOP SECRET", Secret},
		{"CONFIDENTIAL", "TOP SECRET", "TOP SECRET", Confidential},
		{"TOP SECRET", "TOP SECRET", "RESTRICTED", Restricted},
		{"SECRET", "CONFIDENTIAL", "SECRET", Confidential},
	} {
		name := tt.s1 + "/" + tt.s2 + "/" + tt.g
		sc := mechParse(t, mechGatewayTOML, scenario.Override{Path: "system.S1.max_level", Value: tt.s1}, scenario.Override{Path: "system.S2.max_level", Value: tt.s2}, scenario.Override{Path: "gateway.G.max_level", Value: tt.g})
		r, _, row := firstRow(t, sc, "B")
		k := mechRoute(row, Bridged)
		if len(row.Routes) != 2 || k < 0 || mechRoute(row, Liaison) < 0 {
			t.Fatalf("%s: routes %+v; want the bridged route and liaison", name, row.Routes)
		}
		rt := row.Routes[k]
		// 1h on S1 (system 0) + 4h through G + 2h on S2.
		if rt.MaxLevel != tt.want || rt.Gateway != 0 || rt.System != 0 || !mechEq(rt.Median, 7) {
			t.Errorf("%s: bridged route %+v; want max level %v over G from S1, median 7h", name, rt, tt.want)
		}
		for _, f := range []Action{Full, Tearline} {
			over := sc.Items[0].LevelOf(f) > tt.want
			for _, force := range []bool{false, true} {
				c := ShareChoice{Recipient: row.Recipient, Action: f, Route: k, Force: force}
				j := row.Judge(c)
				hasAccr := false
				for _, rs := range j.Reasons {
					if rs.Kind == ReasonAccreditation && rs.Effect == Blocks {
						hasAccr = true
					}
				}
				if j.Blocked != over || hasAccr != over || j.Level != sc.Items[0].LevelOf(f) {
					t.Errorf("%s: %s (force %v) judged %+v; want blocked for accreditation = %v", name, f, force, j, over)
				}
				if err := r.Answer(Answer{Shares: []ShareChoice{c}}); (err != nil) != over {
					t.Errorf("%s: Answer(%s, force %v) = %v; want refused = %v", name, f, force, err, over)
				}
				if r.Pending() == nil { // accepted: start again for the next choice
					r = NewRun(sc, 1, 0)
					row = rowFor(r.Next(), row.Recipient)
				}
			}
		}
	}
	t.Run("held after three legs", func(t *testing.T) {
		sc := mechParse(t, mechGatewayTOML)
		o := Play(NewRun(sc, 1, 0), mechVia(Bridged, Full, "B"))
		d, ok := delivery(sc, o, "i1", "B")
		// 7h on the route, 4h verification (trust 0.5), 2h analysis.
		if !ok || !mechEq(d.Held-d.Sent, 7+4+2) {
			t.Errorf("delivery %+v (%v); want held 13h after it was sent", d, ok)
		}
	})
	t.Run("gateway to a system the recipient does not run", func(t *testing.T) {
		sc := mechParse(t, strings.Replace(mechGatewayTOML, `between = ["S1", "S2"]`, `between = ["S1", "S3"]`, 1))
		_, _, row := firstRow(t, sc, "B")
		if len(row.Routes) != 1 || row.Routes[0].Kind != Liaison {
			t.Errorf("routes %+v; want only liaison", row.Routes)
		}
	})
}

// ---------------------------------------------------------------------------
// 9. Garbled translation and resends.

// mechGarbleTOML: A sends over S1 (format F1, fixed 1h); B runs S1 but its
// home system S2 takes F2, so every arrival is translated (fixed 2h) and is
// garbled with the translation's probability. Routine (agreement AB),
// verification 4h (trust 0.5), analysis 2h: all fixed, so the only draws on
// the wire are the garbles.
const mechGarbleTOML = `
[scenario]
id = "garble"
title = "Garble"
duration = "48h"
players = ["A"]
notional = true

[model]
forgetting = 1
leak_rate = 0

[[nation]]
id = "A"
systems = ["S1"]

[[nation]]
id = "B"
systems = ["S2", "S1"]
analysis = "2h"

[[system]]
id = "S1"
format = "F1"
latency = "1h"

[[system]]
id = "S2"
format = "F2"
latency = "1h"

[[translation]]
formats = ["F1", "F2"]
delay = "2h"
garble = 0.15

[[agreement]]
id = "AB"
members = ["A", "B"]
categories = ["SIGINT"]

[[inject]]
id = "i1"
origin = "A"
at = "1h"
category = "SIGINT"
level = "SECRET"
`

// mechWire is the fixed-delay wire time of mechGarbleTOML's share with n
// resends: the 1h latency, a 2h translation per transmission and another 1h
// latency per resend.
func mechWire(n int) Hours { return 1 + 2*Hours(n+1) + Hours(n) }

// TestMechGarbleResends: each translation is garbled with probability g and
// resent, at most three times, so resends follow a geometric law truncated
// at 3 (mean g + g² + g³, P(3) = g³); in paired worlds a higher garble never
// gives fewer resends or an earlier holding, and each resend costs exactly a
// latency and a translation.
func TestMechGarbleResends(t *testing.T) {
	t.Parallel()
	const streams = 2000 // 5 SE ≤ 0.056 on P(3 resends); see below for the mean
	gs := []float64{0, 0.2, 0.5, 0.8, 1}
	resends := make([][]int, len(gs))
	held := make([][]Hours, len(gs))
	for k, g := range gs {
		sc := mechParse(t, mechGarbleTOML, scenario.Override{Path: "translation[0].garble", Value: g})
		resends[k], held[k] = make([]int, streams), make([]Hours, streams)
		sum, three := 0, 0
		for st := 0; st < streams; st++ {
			o := mechPlay(sc, 2, uint64(st), mechTo(Full, "B"))
			d, ok := delivery(sc, o, "i1", "B")
			if !ok {
				t.Fatalf("garble %v stream %d: never held", g, st)
			}
			if d.Resends < 0 || d.Resends > 3 {
				t.Fatalf("garble %v stream %d: %d resends; at most 3", g, st, d.Resends)
			}
			// The wire, then 4h verification and 2h analysis.
			if want := mechWire(d.Resends) + 4 + 2; !mechEq(d.Held-d.Sent, want) {
				t.Errorf("garble %v stream %d: held %v after sending with %d resends, want %v", g, st, d.Held-d.Sent, d.Resends, want)
			}
			resends[k][st], held[k][st] = d.Resends, d.Held
			sum += d.Resends
			if d.Resends == 3 {
				three++
			}
			if k > 0 && (d.Resends < resends[k-1][st] || d.Held < held[k-1][st]) {
				t.Errorf("stream %d: garble %v gives %d resends held %v; garble %v gave %d held %v",
					st, g, d.Resends, d.Held, gs[k-1], resends[k-1][st], held[k-1][st])
			}
		}
		p3 := g * g * g
		if got := float64(three) / streams; math.Abs(got-p3) > mechTol(p3, streams) {
			t.Errorf("garble %v: P(3 resends) %.4f, model %.4f ± %.4f", g, got, p3, mechTol(p3, streams))
		}
		// Resends are the number of leading garbles among three draws: mean
		// g + g² + g³, variance E[n²] − mean² with E[n²] = g + 3g² + 5g³.
		mean := g + g*g + p3
		sd := math.Sqrt(g + 3*g*g + 5*p3 - mean*mean)
		if got := float64(sum) / streams; math.Abs(got-mean) > 5*sd/math.Sqrt(streams) {
			t.Errorf("garble %v: mean resends %.4f, model %.4f ± %.4f", g, got, mean, 5*sd/math.Sqrt(streams))
		}
	}
}

// ---------------------------------------------------------------------------
// 10. Interception.

// mechInterceptTOML is mechGarbleTOML with a second recipient C that A
// reaches over S3 (format F3, C's home: no translation).
const mechInterceptTOML = mechGarbleTOML + `
[[nation]]
id = "C"
systems = ["S3"]
analysis = "2h"

[[system]]
id = "S3"
format = "F3"
latency = "1h"

[[agreement]]
id = "AC"
members = ["A", "C"]
categories = ["SIGINT"]
`

// TestMechInterception: every transmission is intercepted with the
// compromise probability of what it crosses, drawn per transmission, so a
// share with n resends is intercepted with probability 1 − (1 − c)^(n+1)
// and in paired worlds resends only add interceptions; with compromise 0
// nothing is ever intercepted; an interception leak names its link (From,
// To), no holder, and happens when the share arrives.
func TestMechInterception(t *testing.T) {
	t.Parallel()
	const streams = 2000 // 5 SE ≤ 0.053 on each frequency
	// A (the first nation) also runs S3 and reaches C over it, not over S1:
	// S1's compromise never touches C's share.
	src := strings.Replace(mechInterceptTOML, `systems = ["S1"]`, `systems = ["S1", "S3"]`, 1)
	for _, tt := range []struct {
		name    string
		c, g    float64
		wantNil bool
	}{
		{"compromise 0", 0, 1, true},
		{"no resends", 0.1, 0, false},
		{"some resends", 0.1, 0.5, false},
		{"three resends", 0.1, 1, false},
	} {
		sc := mechParse(t, src, scenario.Override{Path: "system.S1.compromise", Value: tt.c}, scenario.Override{Path: "translation[0].garble", Value: tt.g})
		a, b := sc.NationIndex("A"), sc.NationIndex("B")
		byResends := [4][2]int{} // [resends]{shares, intercepted}
		for st := 0; st < streams; st++ {
			o := mechPlay(sc, 4, uint64(st), mechTo(Full, "B", "C"))
			d, ok := delivery(sc, o, "i1", "B")
			if _, okC := delivery(sc, o, "i1", "C"); !ok || !okC {
				t.Fatalf("%s stream %d: an intercepted share still arrives; deliveries %+v", tt.name, st, o.Deliveries)
			}
			n := 0
			for _, l := range o.Leaks {
				n++
				if !l.Intercepted || l.Holder != -1 || l.From != a || l.To != b || l.Item != 0 || !l.Attributable || l.Player != a ||
					!mechEq(l.Time, d.Sent+mechWire(d.Resends)) {
					t.Errorf("%s stream %d: leak %+v; want an interception on A→B when the share arrives (%v)", tt.name, st, l, d.Sent+mechWire(d.Resends))
				}
			}
			if n > 1 {
				t.Errorf("%s stream %d: %d interceptions of one share", tt.name, st, n)
			}
			byResends[d.Resends][0]++
			byResends[d.Resends][1] += n
		}
		for k, c := range byResends {
			if c[0] == 0 {
				continue
			}
			p := 1 - math.Pow(1-tt.c, float64(k+1))
			if got := float64(c[1]) / float64(c[0]); math.Abs(got-p) > mechTol(p, c[0]) {
				t.Errorf("%s: %d resends: %d of %d intercepted (%.4f), model %.4f ± %.4f", tt.name, k, c[1], c[0], got, p, mechTol(p, c[0]))
			}
		}
	}
	t.Run("resends only add interceptions", func(t *testing.T) {
		// Transmission k draws from its own stream: the first is the same
		// with or without resends.
		one := mechParse(t, src, scenario.Override{Path: "system.S1.compromise", Value: 0.1}, scenario.Override{Path: "translation[0].garble", Value: 0.0})
		four := mechParse(t, src, scenario.Override{Path: "system.S1.compromise", Value: 0.1}, scenario.Override{Path: "translation[0].garble", Value: 1.0})
		more := 0
		for st := uint64(0); st < streams; st++ {
			n1 := len(mechPlay(one, 4, st, mechTo(Full, "B", "C")).Leaks)
			n4 := len(mechPlay(four, 4, st, mechTo(Full, "B", "C")).Leaks)
			if n1 > n4 {
				t.Errorf("stream %d: intercepted without resends but not with three", st)
			}
			if n4 > n1 {
				more++
			}
		}
		// Only the resends can add: P = (1 − c)·(1 − (1 − c)³) = 0.9·0.271.
		p := 0.9 * (1 - 0.9*0.9*0.9)
		if got := float64(more) / streams; math.Abs(got-p) > mechTol(p, streams) {
			t.Errorf("resends added an interception in %.4f of streams, model %.4f ± %.4f", got, p, mechTol(p, streams))
		}
	})
}

// ---------------------------------------------------------------------------
// 11. Burned sources.

// mechBurnTOML: A (security 1) shares everything with B (security 0). B
// holds i1 at 8h and leaks it at a hazard of 0.075/h (leak_rate 0.05 ×
// (0.5 + sensitivity 1)); a full report's leak burns its source with
// probability sensitivity = 1. i2 comes from the same source S1 at 20h, i3
// from another source at 20h.
const mechBurnTOML = `
[scenario]
id = "burn"
title = "Burn"
duration = "60h"
players = ["A"]
notional = true

[model]
forgetting = 1
leak_rate = 0.05

[[nation]]
id = "A"
security = 1.0
systems = ["NET"]

[[nation]]
id = "B"
security = 0.0
systems = ["NET"]
interests = ["t"]
analysis = "2h"

[[system]]
id = "NET"
latency = "1h"

[[agreement]]
id = "AB"
members = ["A", "B"]
categories = ["SIGINT"]

[[inject]]
id = "i1"
origin = "A"
at = "1h"
category = "SIGINT"
level = "SECRET"
topic = "t"
source = "S1"
source_sensitivity = 1.0

[[inject]]
id = "i2"
origin = "A"
at = "20h"
category = "SIGINT"
level = "SECRET"
topic = "t"
source = "S1"
source_sensitivity = 1.0

[[inject]]
id = "i3"
origin = "A"
at = "20h"
category = "SIGINT"
level = "SECRET"
topic = "t"
source = "S2"
source_sensitivity = 1.0
`

// TestMechBurnedSources: once a leak burns a source, a later inject from it
// never arrives: its originator never holds it, nobody decides about it,
// it is never delivered or leaked, and it counts as a need never held. An
// inject from the source before the burn, or from another source, arrives.
func TestMechBurnedSources(t *testing.T) {
	t.Parallel()
	const streams = 400 // both branches (P ≈ 0.59 and 0.41, below) come up over a hundred times
	sc := mechParse(t, mechBurnTOML)
	a, b := sc.NationIndex("A"), sc.NationIndex("B")
	i2 := mechItem(sc, "i2")
	lost, kept := 0, 0
	for st := uint64(0); st < streams; st++ {
		r := NewRun(sc, 6, st)
		o := Play(r, mechTo(Full, "B"))
		burnt := Hours(math.Inf(1))
		for _, l := range o.Leaks {
			if l.Item == mechItem(sc, "i1") && l.Burned {
				burnt = min(burnt, l.Time)
			}
		}
		gone := burnt < sc.Items[i2].At
		if gone {
			lost++
		} else {
			kept++
		}
		_, holds := r.Holding(a, i2)
		_, delivered := delivery(sc, o, "i2", "B")
		leaked := false
		for _, l := range o.Leaks {
			leaked = leaked || l.Item == i2
		}
		var need *Need
		for k := range o.Needs {
			if o.Needs[k].Item == i2 && o.Needs[k].Nation == b {
				need = &o.Needs[k]
			}
		}
		// One decision per item that arrives: i1 and i3 always, i2 unless
		// its source was burned first.
		wantDec := 3
		if gone {
			wantDec = 2
		}
		if holds == gone || delivered == gone || gone && leaked || o.Decisions != wantDec || need == nil ||
			need.OnTime == gone || gone && (need.Form != Withhold || need.Held != 0) {
			t.Errorf("stream %d: source burned at %v (before i2: %v); A holds i2 %v, delivered %v, leaked %v, decisions %d, need %+v",
				st, burnt, gone, holds, delivered, leaked, o.Decisions, need)
		}
		if _, ok := delivery(sc, o, "i3", "B"); !ok {
			t.Errorf("stream %d: i3, from another source, never reached B", st)
		}
	}
	// P(burned before 20h) = 1 − e^(−0.075·12) ≈ 0.59: both branches occur.
	if lost < streams/10 || kept < streams/10 {
		t.Errorf("i2 lost in %d and kept in %d of %d streams; both branches should be common", lost, kept, streams)
	}
}

// ---------------------------------------------------------------------------
// 13. Crisis scaling by stability.

// mechCrisisTOML: a crisis at 10h among A (stability 0), B (0.5) and C (1);
// D stays out. Nobody shares and forgetting is 1, so only the crisis moves
// trust.
const mechCrisisTOML = `
[scenario]
id = "crisis"
title = "Crisis"
duration = "48h"
players = ["A"]
notional = true

[model]
forgetting = 1
leak_rate = 0

[[nation]]
id = "A"
stability = 0.0
systems = ["NET"]

[[nation]]
id = "B"
stability = 0.5
systems = ["NET"]

[[nation]]
id = "C"
stability = 1.0
systems = ["NET"]

[[nation]]
id = "D"
systems = ["NET"]

[[system]]
id = "NET"

[[inject]]
id = "i1"
origin = "A"
at = "1h"
category = "SIGINT"
level = "SECRET"

[[event]]
id = "cr"
kind = "crisis"
at = "10h"
nations = ["A", "B", "C"]
trust_change = -6.0
`

// TestMechCrisisStability: a crisis adds trust_change × (1.5 − stability) of
// evidence to the truster's trust in each other named nation, so an unstable
// nation's trust moves more than a stable one's; nations outside the crisis
// are untouched.
func TestMechCrisisStability(t *testing.T) {
	t.Parallel()
	stab := map[string]float64{"A": 0, "B": 0.5, "C": 1}
	for _, change := range []float64{-6, 6} {
		sc := mechParse(t, mechCrisisTOML, scenario.Override{Path: "event.cr.trust_change", Value: change})
		o := Play(NewRun(sc, 1, 0), mechTo(Full))
		moved := map[string]float64{}
		for _, x := range []string{"A", "B", "C", "D"} {
			for _, y := range []string{"A", "B", "C", "D"} {
				if x == y {
					continue
				}
				r, s := 1.0, 1.0 // 0.5 on the default evidence 2
				_, inX := stab[x]
				if _, inY := stab[y]; inX && inY {
					if ev := change * (1.5 - stab[x]); ev > 0 {
						r += ev
					} else {
						s -= ev
					}
				}
				got := mechEnd(sc, o, x, y)
				if want := mechTrust(r, s); math.Abs(got-want) > 1e-12 {
					t.Errorf("change %v: %s's trust in %s %v, want %v", change, x, y, got, want)
				}
				if y != "D" {
					moved[x] = math.Abs(got - 0.5)
				}
			}
		}
		if !(moved["A"] > moved["B"] && moved["B"] > moved["C"] && moved["C"] > 0 && moved["D"] == 0) {
			t.Errorf("change %v: trust moved %v; want A (unstable) > B > C (stable) > D (outside) = 0", change, moved)
		}
	}
}

// ---------------------------------------------------------------------------
// 14. trust_below.

// mechTrustBelowTOML: A's law forbids every share to a nation A trusts
// below 0.5. A decides at 1h (i1) and 10h (i2); forgetting 1 keeps trust
// where [[trust]] and events put it.
const mechTrustBelowTOML = `
[scenario]
id = "trust-below"
title = "Trust below"
duration = "48h"
players = ["A"]
notional = true

[model]
forgetting = 1
leak_rate = 0

[[nation]]
id = "A"
systems = ["NET"]

[[nation]]
id = "B"
systems = ["NET"]

[[nation]]
id = "C"
systems = ["NET"]

[[system]]
id = "NET"

[[agreement]]
id = "ABC"
members = ["A", "B", "C"]
categories = ["SIGINT"]

[[law]]
id = "low"
nation = "A"
title = "Low Trust Act"
effect = "forbid"
when = { trust_below = 0.5 }

[[inject]]
id = "i1"
origin = "A"
at = "1h"
category = "SIGINT"
level = "SECRET"

[[inject]]
id = "i2"
origin = "A"
at = "10h"
category = "SIGINT"
level = "SECRET"
`

// TestMechTrustBelow: a law with trust_below applies to a share exactly
// while the holder's trust in the recipient is below the threshold — not
// the recipient's trust in the holder — and stops applying when an event
// raises that trust.
func TestMechTrustBelow(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name        string
		ab, ba      float64 // A's trust in B, B's in A (evidence 10)
		event       bool    // A's trust in everyone rises by 20 at 5h
		at1h, at10h bool    // want the share to B blocked at each decision
	}{
		{"below", 0.3, 0.5, false, true, true},
		{"just below", 0.49, 0.5, false, true, true},
		{"at the threshold", 0.5, 0.5, false, false, false},
		{"above", 0.7, 0.5, false, false, false},
		{"recipient distrusts the holder", 0.7, 0.1, false, false, false},
		// 0.3 on evidence 10 is r = 2.6, s = 7.4; +20 gives 23.6/32 ≈ 0.74.
		{"raised by an event", 0.3, 0.5, true, true, false},
	} {
		extra := `
[[trust]]
from = "A"
to = "B"
trust = ` + ftoa(tt.ab) + `
evidence = 10

[[trust]]
from = "B"
to = "A"
trust = ` + ftoa(tt.ba) + `
evidence = 10
`
		if tt.event {
			extra += `
[[event]]
id = "lc"
kind = "leadership_change"
at = "5h"
nations = ["A"]
trust_change = 20.0
`
		}
		sc := mechParse(t, mechTrustBelowTOML+extra)
		r := NewRun(sc, 1, 0)
		for k, want := range []bool{tt.at1h, tt.at10h} {
			d := mechNext(t, r)
			row := mechRow(sc, d, "B")
			for _, f := range []Action{Full, Tearline} {
				ru := row.Rules[f]
				cites := len(ru.Reasons) == 1 && ru.Reasons[0].Kind == ReasonLaw && ru.Reasons[0].Law == 0
				if ru.Blocked != want || want != cites {
					t.Errorf("%s: decision %d, %s to B (A trusts B %.3f): rules %+v; want blocked by the law = %v", tt.name, k, f, r.Trust(d.Holder, row.Recipient), ru, want)
				}
			}
			// A trusts C 0.5 (the default), or more after the event: never below.
			if rc := mechRow(sc, d, "C"); rc.Rules[Full].Blocked {
				t.Errorf("%s: decision %d, full to C blocked %v", tt.name, k, rc.Rules[Full].Blocked)
			}
			if err := r.Answer(Answer{}); err != nil {
				t.Fatal(err)
			}
		}
		if tt.event {
			// Forgetting 1: the event's 20 pieces of evidence are all there at 10h.
			r0, s0 := mechRS(tt.ab, 10)
			if got, want := r.Trust(0, 1), mechTrust(r0+20, s0); math.Abs(got-want) > 1e-12 {
				t.Errorf("%s: A's trust in B after the event %v, want %v", tt.name, got, want)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// 15. Personal-data laws.

// mechPersonalTOML: A originates p (with personal data) and n (without).
const mechPersonalTOML = `
[scenario]
id = "personal"
title = "Personal data"
duration = "48h"
players = ["A"]
notional = true

[model]
leak_rate = 0

[[nation]]
id = "A"
systems = ["NET"]

[[nation]]
id = "B"
systems = ["NET"]

[[system]]
id = "NET"

[[agreement]]
id = "AB"
members = ["A", "B"]
categories = ["SIGINT"]

[[inject]]
id = "p"
origin = "A"
at = "1h"
category = "SIGINT"
level = "SECRET"
personal_data = true

[[inject]]
id = "n"
origin = "A"
at = "2h"
category = "SIGINT"
level = "SECRET"
`

// TestMechPersonalData: a law conditioned on personal data applies to full
// shares of items that carry it and never to tearlines (written without
// it) or to items without it; a law without the condition applies to all.
func TestMechPersonalData(t *testing.T) {
	t.Parallel()
	law := func(effect string, personal bool) string {
		return `
[[law]]
id = "dp"
nation = "A"
title = "Data Act"
effect = "` + effect + `"
probability = 1.0
when = { personal_data = ` + map[bool]string{true: "true", false: "false"}[personal] + ` }
`
	}
	type want struct{ pFull, pTear, nFull, nTear bool } // the law applies
	for _, tt := range []struct {
		name, law string
		effect    ReasonEffect
		w         want
	}{
		{"forbid, personal data", law("forbid", true), Blocks, want{true, false, false, false}},
		{"approval, personal data", law("approval", true), NeedsApproval, want{true, false, false, false}},
		{"waiver, personal data", law("waiver", true), NeedsWaiver, want{true, false, false, false}},
		{"forbid, any data", law("forbid", false), Blocks, want{true, true, true, true}},
	} {
		sc := mechParse(t, mechPersonalTOML+tt.law)
		r := NewRun(sc, 1, 0)
		for _, item := range []string{"p", "n"} {
			d := mechNext(t, r)
			if sc.Items[d.Item].ID != item {
				t.Fatalf("decision about %s, want %s", sc.Items[d.Item].ID, item)
			}
			row := mechRow(sc, d, "B")
			for _, f := range []Action{Full, Tearline} {
				exp := map[string]map[Action]bool{"p": {Full: tt.w.pFull, Tearline: tt.w.pTear}, "n": {Full: tt.w.nFull, Tearline: tt.w.nTear}}[item][f]
				ru := row.Rules[f]
				got := len(ru.Reasons) == 1 && ru.Reasons[0].Kind == ReasonLaw && ru.Reasons[0].Effect == tt.effect
				if got != exp || len(ru.Reasons) > 1 || ru.Blocked != (exp && tt.effect == Blocks) ||
					ru.Approval != (exp && tt.effect == NeedsApproval) || ru.WaiverAvailable != (exp && tt.effect == NeedsWaiver) {
					t.Errorf("%s: %s of %s: rules %+v; want the law to apply = %v", tt.name, f, item, ru, exp)
				}
			}
			if err := r.Answer(Answer{}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// 16. Label equivalence: protect at the higher level.

// mechLabelsTOML: A shares a CONFIDENTIAL item (tearline RESTRICTED) with B
// over NET (fixed 1h), accredited to CONFIDENTIAL only. A's law forbids shares at
// SECRET and above. Each case gives A and/or B a classification table with
// no CONFIDENTIAL label, so that nation protects CONFIDENTIAL at SECRET.
const mechLabelsTOML = `
[scenario]
id = "labels"
title = "Labels"
duration = "48h"
players = ["A"]
notional = true

[model]
leak_rate = 0

[[nation]]
id = "A"
systems = ["NET"]
%A%

[[nation]]
id = "B"
systems = ["NET"]
%B%

[[system]]
id = "NET"
latency = "1h"
max_level = "CONFIDENTIAL"

[[agreement]]
id = "AB"
members = ["A", "B"]
categories = ["SIGINT"]

[[law]]
id = "secret"
nation = "A"
title = "Secrets Act"
effect = "forbid"
when = { min_level = "SECRET" }

[[inject]]
id = "i1"
origin = "A"
at = "1h"
category = "SIGINT"
level = "CONFIDENTIAL"
`

// mechNoConf is a classification table with no label for CONFIDENTIAL.
const mechNoConf = `classification = { "X-OPEN" = "UNCLASSIFIED", "X-R" = "RESTRICTED", "X-S" = "SECRET", "X-TS" = "TOP SECRET" }`

func mechLabels(t testing.TB, holder, recipient bool, src string) *Scenario {
	t.Helper()
	tab := map[bool]string{true: mechNoConf, false: ""}
	return mechParse(t, strings.NewReplacer("%A%", strings.ReplaceAll(tab[holder], "X-", "A-"), "%B%", strings.ReplaceAll(tab[recipient], "X-", "B-")).Replace(src))
}

// TestMechProtectHigher: a nation with no label for a level protects it at
// its next label up: the holder's laws with min_level see the protected
// level, a share travels (row.Level, route accreditation) at the higher of
// the two nations' protected levels, and a holder's leak hazard uses its
// protected level — the leak clock runs (1+2)/(1+3) as long at SECRET as at
// CONFIDENTIAL in every paired world.
func TestMechProtectHigher(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		holder, recipient bool // no CONFIDENTIAL label
	}{{false, false}, {true, false}, {false, true}, {true, true}} {
		sc := mechLabels(t, tt.holder, tt.recipient, mechLabelsTOML)
		_, _, row := firstRow(t, sc, "B")
		travel := Confidential
		if tt.holder || tt.recipient {
			travel = Secret
		}
		if row.Level[Full] != travel || row.Level[Tearline] != Restricted {
			t.Errorf("holder %v recipient %v: travel levels %v; want full at %v, tearline RESTRICTED", tt.holder, tt.recipient, row.Level, travel)
		}
		j := row.Judge(ShareChoice{Recipient: row.Recipient, Action: Full, Route: mechRoute(row, Direct)})
		kinds := map[ReasonKind]bool{}
		for _, rs := range j.Reasons {
			kinds[rs.Kind] = true
		}
		if kinds[ReasonLaw] != tt.holder || kinds[ReasonAccreditation] != (travel == Secret) || j.Blocked != (tt.holder || travel == Secret) {
			t.Errorf("holder %v recipient %v: full over NET judged %+v; want the law %v, accreditation %v", tt.holder, tt.recipient, j, tt.holder, travel == Secret)
		}
		if jt := row.Judge(ShareChoice{Recipient: row.Recipient, Action: Tearline, Route: mechRoute(row, Direct)}); jt.Blocked {
			t.Errorf("holder %v recipient %v: the RESTRICTED tearline is blocked: %+v", tt.holder, tt.recipient, jt)
		}
		if tt.holder && (sc.LevelLabel(0, Confidential) != "A-S" || sc.ProtectLevel(0, Confidential) != Secret) {
			t.Errorf("A shows CONFIDENTIAL as %q protected at %v; want A-S, SECRET", sc.LevelLabel(0, Confidential), sc.ProtectLevel(0, Confidential))
		}
	}
	t.Run("leak hazard", func(t *testing.T) {
		// A (security 1) shares with B (security 0) over a SECRET network,
		// no law; hazard leak_rate 0.02 × (1 + level)/4 × (0.5 + 0.5).
		// (A has no table here, so its SECRET law never applies.) %B% stays
		// in place for mechLabels to fill.
		src := strings.NewReplacer(`max_level = "CONFIDENTIAL"`, `max_level = "SECRET"`,
			"[model]\nleak_rate = 0\n", "[model]\nleak_rate = 0.02\nforgetting = 1\n",
			"%A%", "security = 1.0",
			"%B%", "security = 0.0\nanalysis = \"2h\"\n%B%").Replace(mechLabelsTOML)
		src += "source_sensitivity = 0.5\n"
		plain, prot := mechLabels(t, false, false, src), mechLabels(t, false, true, src)
		const streams = 1000 // 5 SE ≤ 0.079
		n := [2]int{}
		for st := uint64(0); st < streams; st++ {
			var at [2]Hours
			var held Hours
			for k, sc := range []*Scenario{plain, prot} {
				o := mechPlay(sc, 8, st, mechTo(Full, "B"))
				d, ok := delivery(sc, o, "i1", "B")
				if !ok {
					t.Fatalf("stream %d: B never held i1", st)
				}
				held = d.Held
				at[k] = Hours(math.Inf(1))
				for _, l := range o.Leaks {
					at[k] = l.Time
					n[k]++
				}
			}
			// Same exponential draw at rate 0.015 (CONFIDENTIAL) or 0.02
			// (protected at SECRET): time after holding × 3/4.
			if !math.IsInf(float64(at[0]), 1) && (math.IsInf(float64(at[1]), 1) || math.Abs(float64((at[1]-held)-(at[0]-held)*3/4)) > 1e-9) {
				t.Errorf("stream %d: B leaks at %v unprotected, %v protected at SECRET; want 3/4 of the time after holding (%v)", st, at[0], at[1], held)
			}
		}
		// Held at 8h (1h wire, 4h verification, 2h analysis after 1h): 40h left.
		for k, lam := range []float64{0.02 * 3 / 4, 0.02} {
			p := 1 - math.Exp(-lam*40)
			if got := float64(n[k]) / streams; math.Abs(got-p) > mechTol(p, streams) {
				t.Errorf("rate %v: P(leak) %.4f, model %.4f ± %.4f", lam, got, p, mechTol(p, streams))
			}
		}
	})
}
