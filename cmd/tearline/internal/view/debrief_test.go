package view

import (
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/sim"
)

func TestDebriefLines(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	sc.Threats = []sim.Threat{{ID: "raid", Title: "Raid"}}
	d := testDecision()
	share := sim.Answer{Shares: []sim.ShareChoice{{Recipient: 1, Action: sim.Full, Route: 1}}}
	out := &sim.Outcome{
		Deliveries: []sim.Delivery{{Item: 0, From: 0, To: 1, Form: sim.Full, Sent: 1, Held: 5, NeedBy: 4}},
		Leaks: []sim.Leak{
			{Item: 0, Holder: 1, From: -1, To: -1, Time: 7, Form: sim.Full, Burned: true, Attributable: true, Player: 0},
		},
	}
	pv := &sim.Preview{Rollouts: 10, Threats: []sim.ThreatPair{{Threat: 0, Target: 1}}, Rows: []sim.PreviewRow{
		{Recipient: 1, Choice: share.Shares[0], PInTime: 0.8, PArrive: 0.9, Median: 3, P90: 9, PLeak: 0.05,
			Effect: sim.Effect{AddedLeak: 0.05, Avert: []float64{0.12}, Harm: -0.4, Trust: 0.02}},
		{Recipient: 2, Withheld: true, Err: errString("no lawful share")},
	}}
	withheld := &sim.Preview{Rollouts: 10, Threats: pv.Threats, Rows: []sim.PreviewRow{
		{Recipient: 1, Withheld: true, Choice: share.Shares[0], Effect: sim.Effect{Avert: []float64{0.3}, Harm: -1}},
		{Recipient: 2, Withheld: true, Err: errString("no lawful share")},
	}}
	recs := []Record{
		{Decision: *d, Answer: share, Preview: pv},
		{Decision: *d, Answer: sim.Answer{}, Preview: withheld},
		{Decision: sim.Decision{Kind: sim.ConsentDecision, Item: 0, Requester: 1, Recipient: 2}, Answer: sim.Answer{Grant: true},
			Preview: &sim.Preview{Threats: pv.Threats, Whole: sim.Effect{AddedLeak: 0.04, Avert: []float64{0}, Trust: 0.03}}},
	}
	lines := DebriefLines(sc, recs, out)
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3: %+v", len(lines), lines)
	}
	for _, tt := range []struct {
		got, want string
	}{
		{lines[0].Choice, "Bravo: full via SECNET"},
		{lines[0].Forecast, "P(in time) 80%, median 3h, p90 9h"},
		{lines[0].Forecast, "vs withholding: leak risk +5 pts · harm -0.40 · trust +0.02 · averting +12 pts: Raid on B"},
		{lines[0].Happened, "LATE by 1h; LEAKED from Bravo D+0 07:00, source burned"},
		{lines[1].Choice, "withheld from all"},
		{lines[1].Forecast, "costliest: withholding from Bravo (vs full via SECNET): leak risk ±0 pts · harm +1.00 · trust +0.00 · averting -30 pts: Raid on B"},
		{lines[2].Choice, "consent granted: Bravo -> Charlie"},
		{lines[2].Forecast, "grant vs refuse: leak risk +4 pts · harm +0.00 · trust +0.03 · averting ±0 pts"},
	} {
		if !strings.Contains(tt.got, tt.want) {
			t.Errorf("%q lacks %q", tt.got, tt.want)
		}
	}
	if lines[0].Good {
		t.Error("a late, leaked share is not good")
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// TestLeakFollows checks which leaks are shown against a share of item 0
// from A (0) to B (1) decided at 2h: only one on its own link or from B,
// after the decision, of the form shared, that the engine attributes to A.
func TestLeakFollows(t *testing.T) {
	t.Parallel()
	d := &sim.Decision{Item: 0, Holder: 0, Time: 2}
	s := sim.ShareChoice{Recipient: 1, Action: sim.Full}
	ours := func(l sim.Leak) sim.Leak {
		l.Form, l.Attributable, l.Player = sim.Full, true, 0
		return l
	}
	for _, tt := range []struct {
		name string
		l    sim.Leak
		want bool
	}{
		{"from the recipient", ours(sim.Leak{Holder: 1, From: -1, To: -1, Time: 7}), true},
		{"intercepted on the share's link", ours(sim.Leak{Holder: -1, From: 0, To: 1, Intercepted: true, Time: 3}), true},
		{"intercepted on another link", ours(sim.Leak{Holder: -1, From: 0, To: 2, Intercepted: true, Time: 3}), false},
		{"intercepted on the way back", ours(sim.Leak{Holder: -1, From: 1, To: 0, Intercepted: true, Time: 3}), false},
		{"from another holder", ours(sim.Leak{Holder: 2, From: -1, To: -1, Time: 7}), false},
		{"another item", ours(sim.Leak{Item: 1, Holder: 1, From: -1, To: -1, Time: 7}), false},
		{"before the decision", ours(sim.Leak{Holder: 1, From: -1, To: -1, Time: 1}), false},
		{"not attributable", sim.Leak{Holder: 1, From: -1, To: -1, Time: 7, Form: sim.Full, Player: -1}, false},
		{"after another player's share", sim.Leak{Holder: 1, From: -1, To: -1, Time: 7, Form: sim.Full, Attributable: true, Player: 2}, false},
		{"the tearline, not the full report shared", sim.Leak{Holder: 1, From: -1, To: -1, Time: 7, Form: sim.Tearline, Attributable: true}, false},
	} {
		if got := LeakFollows(tt.l, d, s); got != tt.want {
			t.Errorf("%s: LeakFollows = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFiguresAndTrust(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	sc.Players = []int{0}
	out := &sim.Outcome{
		TrustStart: []float64{0, 0.5, 0.5, 0.6, 0, 0.5, 0.7, 0.5, 0},
		TrustEnd:   []float64{0, 0.5, 0.5, 0.8, 0, 0.4, 0.6, 0.5, 0},
		Score:      0.5,
		Needs:      []sim.Need{{OnTime: true}, {}, {}, {OnTime: true}},
		Deliveries: []sim.Delivery{{Held: 1, NeedBy: 2, OnTime: true}},
		Leaks: []sim.Leak{
			{Attributable: true, Weight: 0.75}, {Attributable: false, Weight: 1}, {Intercepted: true, Attributable: true, Weight: 0.5},
		},
	}
	figs := Figures(out)
	// Coverage and the leaks that followed the players' shares lead; all
	// leaks and timeliness of what was delivered come later, so labelled.
	for i, want := range []Figure{
		{Label: "Coverage", Value: "50% (2 of 4)"},
		{Label: "Leaks after your shares", Value: "2 (weight 1.25)"},
	} {
		if figs[i].Label != want.Label || figs[i].Value != want.Value {
			t.Errorf("figure %d: %+v, want %+v", i, figs[i], want)
		}
	}
	labels := map[string]string{}
	for _, f := range figs {
		labels[f.Label] = f.Value
		if f.Tip == "" {
			t.Errorf("figure %q has no explanation", f.Label)
		}
	}
	if labels["All leaks"] != "3" {
		t.Errorf("all leaks %q, want 3", labels["All leaks"])
	}
	if labels["On time, of what was delivered"] != "100% (1 of 1)" {
		t.Errorf("figures %+v lack the on-time share of what was delivered", figs)
	}
	tl := TrustLines(sc, out)
	// Pairs with the player only (4 of 6), largest change first.
	if len(tl) != 4 || tl[0].From != 1 || tl[0].To != 0 {
		t.Errorf("trust lines %+v", tl)
	}
}

// TestObjectiveText renders every kind of objective, with the engine's
// figure, whether or not the scenario words it.
func TestObjectiveText(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	sc.Threats = []sim.Threat{{ID: "raid", Title: "Raid"}}
	sc.Spec.Objectives = []scenario.ObjectiveSpec{
		{ID: "cov", Kind: "coverage", Min: 0.7},
		{ID: "mine", Kind: "max_leaks", Max: 1},
		{ID: "any", Kind: "max_leaks", Max: 2, Scope: scenario.LeakScopeAll},
		{ID: "raid", Kind: "avert", Threat: "raid"},
		{ID: "told", Kind: "coverage", Min: 0.5, Text: "Warn half the coalition in time."},
	}
	for _, tt := range []struct {
		res  sim.ObjectiveResult
		want string
	}{
		{sim.ObjectiveResult{Objective: 0, Detail: "coverage 62%"}, "Coverage of at least 70%: (item, nation that needs it) pairs held by the need time (coverage 62%)"},
		{sim.ObjectiveResult{Objective: 1, Detail: "2 player-attributable leak(s)"}, "At most 1 leak(s) after the players' shares (2 player-attributable leak(s))"},
		{sim.ObjectiveResult{Objective: 2, Detail: "3 leak(s)"}, "At most 2 leak(s) of any item, anyone's (3 leak(s))"},
		{sim.ObjectiveResult{Objective: 3}, "Avert Raid"},
		{sim.ObjectiveResult{Objective: 4, Detail: "coverage 40%"}, "Warn half the coalition in time. (coverage 40%)"},
	} {
		if got := ObjectiveText(sc, tt.res); got != tt.want {
			t.Errorf("ObjectiveText(%+v) = %q, want %q", tt.res, got, tt.want)
		}
	}
}
