package view

import (
	"strings"
	"testing"

	"tearline/sim"
)

func TestDebriefLines(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	d := testDecision()
	share := sim.Answer{Shares: []sim.ShareChoice{{Recipient: 1, Action: sim.Full, Route: 1}}}
	out := &sim.Outcome{
		Deliveries: []sim.Delivery{{Item: 0, From: 0, To: 1, Form: sim.Full, Sent: 1, Held: 5, NeedBy: 4}},
		Leaks:      []sim.Leak{{Item: 0, Holder: 1, Time: 7, Burned: true}},
	}
	recs := []Record{
		{Decision: *d, Answer: share, Preview: &sim.Preview{Rollouts: 10, Rows: []sim.PreviewRow{{Recipient: 1, PInTime: 0.8, Median: 3, PLeak: 0.05}}}},
		{Decision: *d, Answer: sim.Answer{}},
		{Decision: sim.Decision{Kind: sim.ConsentDecision, Item: 0, Requester: 1, Recipient: 2}, Answer: sim.Answer{Grant: true}},
	}
	lines := DebriefLines(sc, recs, out)
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3: %+v", len(lines), lines)
	}
	for _, tt := range []struct {
		got, want string
	}{
		{lines[0].Choice, "Bravo: full via SECNET"},
		{lines[0].Forecast, "P(in time) 80%, median 3h, P(leak) 5%"},
		{lines[0].Happened, "LATE by 1h; LEAKED D+0 07:00, source burned"},
		{lines[1].Choice, "withheld from all"},
		{lines[2].Choice, "consent granted: Bravo -> Charlie"},
	} {
		if !strings.Contains(tt.got, tt.want) {
			t.Errorf("%q lacks %q", tt.got, tt.want)
		}
	}
	if lines[0].Good {
		t.Error("a late, leaked share is not good")
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
	}
	figs := Figures(out)
	if figs[0].Label != "Score" || figs[0].Value != "50%" {
		t.Errorf("score figure %+v", figs[0])
	}
	tl := TrustLines(sc, out)
	// Pairs with the player only (4 of 6), largest change first.
	if len(tl) != 4 || tl[0].From != 1 || tl[0].To != 0 {
		t.Errorf("trust lines %+v", tl)
	}
}
