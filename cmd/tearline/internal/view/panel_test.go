package view

import (
	"strings"
	"testing"

	"tearline/sim"
)

func TestPoints(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		d    float64
		want string
	}{
		{0.12, "+12 pts"}, {-0.034, "-3 pts"}, {0.004, "+0.4 pts"}, {-0.0004, "±0 pts"}, {0, "±0 pts"}, {1, "+100 pts"},
	} {
		if got := Points(tt.d); got != tt.want {
			t.Errorf("Points(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// panelPreview is a forecast of testDecision with row 0 (Bravo) shared in
// full over SECNET and row 1 (Charlie) withheld; two threat pairs to come.
func panelPreview() *sim.Preview {
	return &sim.Preview{
		Rollouts: 100,
		Future:   "doctrine",
		Threats:  []sim.ThreatPair{{Threat: 0, Target: 1}, {Threat: 0, Target: 2}},
		Rows: []sim.PreviewRow{
			{Recipient: 1, Choice: sim.ShareChoice{Recipient: 1, Action: sim.Full, Route: 1},
				PInTime: 0.8, PArrive: 0.95, Median: 4, P90: 9, PLeak: 0.04,
				Effect: sim.Effect{AddedLeak: 0.03, Avert: []float64{0.02, 0.12}, Harm: -0.4, Coverage: 0.1, Trust: 0.02}},
			{Recipient: 2, Withheld: true, Choice: sim.ShareChoice{Recipient: 2, Action: sim.Tearline, Route: 0, Waiver: true},
				PInTime: 0.6, PArrive: 0.9, Median: 6, P90: 20, PLeak: 0.01,
				Effect: sim.Effect{AddedLeak: 0.01, Avert: []float64{0, 0.25}, Harm: -0.5, Coverage: 0.1, Trust: 0.05}},
		},
		Whole: sim.Effect{AddedLeak: 0.03, Avert: []float64{0.02, 0.12}, Harm: -0.4, Coverage: 0.1, Trust: 0.01},
	}
}

func panelForm() *Form {
	f := NewForm(testDecision())
	f.SetAction(0, sim.Full) // SECNET, the best route for the full report
	return f
}

func TestPanelRow(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	sc.Threats = []sim.Threat{{ID: "raid", Title: "Raid"}}
	f := panelForm()
	p := panelPreview()
	for _, tt := range []struct {
		name            string
		p               *sim.Preview
		fresh           bool
		row             int
		forecast, effct string // substrings of the two lines
		tip             []string
	}{
		{"shared", p, true, 0, "in time 80% · median 4h · p90 9h",
			"vs withholding: leak risk +3 pts · harm -0.40 · trust +0.02 · averting +12 pts: Raid on C (+1 more)",
			[]string{"In time 80%", "Median 4h, p90 9h", "Added leak risk +3 pts", "averting: Raid on B +2 pts; Raid on C +12 pts",
				"Expected harm -0.40", "Trust change from the choice +0.02: Bravo's trust in you", "Where a leak would happen: 4%",
				"not what the share adds", "follow the doctrine policy", "not what you will choose"}},
		{"withheld: what it costs", p, true, 1, "withheld · tearline would give: in time 60%",
			"withholding (vs tearline): leak risk -1 pts · harm +0.50 · trust -0.05 · averting -25 pts: Raid on C",
			[]string{"You withhold from Charlie", "the share you forgo (tearline via NET (waiver))", "what withholding costs", "Raid on C -25 pts", "Trust change from the choice -0.05"}},
		{"stale, same form", p, false, 0, "(updating…)", "vs withholding", nil},
		{"none yet", nil, false, 0, "forecast: computing…", "", []string{"in time, median and p90"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := PanelRow(sc, f, tt.p, tt.fresh, tt.row)
			if !strings.Contains(v.Forecast.Text, tt.forecast) {
				t.Errorf("forecast %q lacks %q", v.Forecast.Text, tt.forecast)
			}
			if !strings.Contains(v.Effect.Text, tt.effct) {
				t.Errorf("effect %q lacks %q", v.Effect.Text, tt.effct)
			}
			for _, s := range tt.tip {
				if !strings.Contains(v.Tip, s) {
					t.Errorf("tip lacks %q:\n%s", s, v.Tip)
				}
			}
		})
	}
	// A stale forecast of another form is not shown as this one's.
	g := panelForm()
	g.SetAction(0, sim.Tearline)
	if v := PanelRow(sc, g, p, false, 0); !strings.Contains(v.Forecast.Text, "computing") {
		t.Errorf("stale forecast of the full share shown for the tearline: %q", v.Forecast.Text)
	}
	// The withheld row says what sharing would face, from the judge.
	if v := PanelRow(sc, f, p, true, 1); !strings.Contains(v.Status.Text, "if shared: full blocked · tearline needs a waiver") {
		t.Errorf("withheld status %q", v.Status.Text)
	}
}

func TestWholeAndConsentView(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	sc.Threats = []sim.Threat{{ID: "raid", Title: "Raid"}}
	p := panelPreview()
	l, tip := WholeView(sc, panelForm(), p, true)
	if want := "Whole answer vs withholding from all: coverage +10 pts · leak risk +3 pts · harm -0.40 · trust +0.01 · averting +12 pts: Raid on C (+1 more)"; l.Text != want {
		t.Errorf("whole %q, want %q", l.Text, want)
	}
	for _, s := range []string{"against withholding from every partner", "the partners' mean trust in you",
		"follow doctrine (" + sim.PolicyHelp("doctrine") + ")", "paired runs"} {
		if !strings.Contains(tip, s) {
			t.Errorf("whole tip lacks %q:\n%s", s, tip)
		}
	}
	if l, _ := WholeView(sc, NewForm(testDecision()), p, true); !strings.Contains(l.Text, "withholds from everyone") {
		t.Errorf("an all-withheld answer's summary %q", l.Text)
	}
	d := &sim.Decision{Kind: sim.ConsentDecision, Requester: 1, Recipient: 2}
	l, tip = ConsentView(sc, d, &sim.Preview{Threats: p.Threats, Whole: sim.Effect{AddedLeak: 0.04, Avert: []float64{0, 0.06}, Trust: 0.03}})
	if want := "Grant vs refuse: leak risk +4 pts · harm +0.00 · trust +0.03 · averting +6 pts: Raid on C"; l.Text != want {
		t.Errorf("consent %q, want %q", l.Text, want)
	}
	if !strings.Contains(tip, "Bravo's trust in you") {
		t.Errorf("consent tip %q", tip)
	}
}
