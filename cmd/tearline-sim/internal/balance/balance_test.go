package balance

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"tearline/cmd/tearline-sim/internal/results"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// TestWilson95 checks the interval against the score method (method 3,
// no continuity correction) on the worked examples of Newcombe (1998),
// "Two-sided confidence intervals for the single proportion: comparison
// of seven methods", Statistics in Medicine 17, 857–872: 81/263, 15/148,
// 0/20, 1/29 and 29/29, given to 4 decimals (hence the tolerance of half a
// unit in the last place).
func TestWilson95(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		k, n   float64
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
		{29, 29, 0.8830, 1},
	} {
		lo, hi := Wilson95(tt.k/tt.n, int64(tt.n))
		if math.Abs(lo-tt.lo) > 0.00005 || math.Abs(hi-tt.hi) > 0.00005 {
			t.Errorf("%v/%v: [%.5f, %.5f], want [%.4f, %.4f]", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
	if lo, hi := Wilson95(0.5, 0); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("n = 0: [%v, %v], want NaN", lo, hi)
	}
}

// table builds a two-objective, one-threat table with the given rates per
// policy (share-all, interested, withhold-all) and scores.
func table(met1, met2, averted, warning, score []float64, gap Estimate) *Table {
	pols := []string{"share-all", "interested", withholdAll}
	est := func(vs []float64) []Estimate {
		var out []Estimate
		for _, v := range vs {
			out = append(out, Estimate{Value: Num(v), N: 1000})
		}
		return out
	}
	var w []Num
	for _, v := range warning {
		w = append(w, Num(v))
	}
	t := &Table{Runs: 1000, Policies: pols, Thresholds: DefaultThresholds,
		Objectives: []Objective{{ID: "stop-it", Kind: "avert", Met: est(met1)}, {ID: "lawful", Kind: "no_violations", Met: est(met2)}},
		Threats:    []Threat{{ID: "bomb", AvertBase: 0.05, AvertMax: 0.85, Averted: est(averted), Warning: w}},
		Score:      est(score),
		ScoreGap:   &Gap{Best: "share-all", Worst: withholdAll, Diff: gap},
	}
	return t
}

// TestAssess: each kind of balance problem is found, in plain words, and
// a balanced table has none.
func TestAssess(t *testing.T) {
	t.Parallel()
	ok := []float64{0.8, 0.6, 0.2}
	okGap := Estimate{Value: 0.3, Lo: 0.25, Hi: 0.35, N: 1000}
	score := []float64{0.8, 0.7, 0.3}
	for _, tt := range []struct {
		name string
		t    *Table
		want []string // the problems' texts, in order
	}{
		{"balanced", table(ok, ok, ok, []float64{0.9, 0.7, 0.1}, score, okGap), nil},
		{"always met", table([]float64{1, 1, 1}, ok, ok, []float64{0.9, 0.7, 0.1}, score, okGap),
			[]string{"choices do not matter: every policy meets objective stop-it in 100% of runs"}},
		{"nearly always met, no_violations", table(ok, []float64{1, 0.995, 0.9993}, ok, []float64{0.9, 0.7, 0.1}, score, okGap),
			[]string{"choices hardly matter: every policy meets objective lawful in at least 99% of runs (the lowest: interested, 99.5%) " +
				"(expected of a no_violations objective: built-in policies never force a blocked share; only a team that forces one misses it)"}},
		{"never met", table([]float64{0, 0, 0}, ok, ok, []float64{0.9, 0.7, 0.1}, score, okGap),
			[]string{"objective stop-it is never met by any policy"}},
		{"almost never met", table([]float64{0.004, 0.0004, 0}, ok, ok, []float64{0.9, 0.7, 0.1}, score, okGap),
			[]string{"objective stop-it is almost never met: no policy meets it in more than 1% of runs (the highest: share-all, 0.4%)"}},
		{"flat objective", table([]float64{0.41, 0.405, 0.399}, ok, ok, []float64{0.9, 0.7, 0.1}, score, okGap),
			[]string{"objective stop-it: its met rate differs by less than 2 points across policies (39.9% to 41%) — no sharing choice changes it"}},
		{"flat threat, flat warning", table(ok, ok, []float64{0.30, 0.31, 0.30}, []float64{0.2, 0.21, 0.2}, score, okGap),
			[]string{"threat bomb: averted rate differs by less than 2 points across policies (30% to 31%) — no sharing choice changes it; " +
				"its targets' warning hardly changes either (0.20 to 0.21): what they hold in time does not depend on the players' shares"}},
		{"flat threat, small avert range", func() *Table {
			t := table(ok, ok, []float64{0.30, 0.31, 0.30}, []float64{0.5, 0.4, 0.45}, score, okGap)
			t.Threats[0].AvertMax = 0.1 // 0.05 of range × 0.1 of warning = 0.5 points
			return t
		}(), []string{"threat bomb: averted rate differs by less than 2 points across policies (30% to 31%) — no sharing choice changes it; " +
			"its targets' warning does change (0.40 to 0.50), but between avert_base 0.05 and avert_max 0.1 that moves the chance of averting it by only 0.5 points"}},
		{"flat threat, warning moves", table(ok, ok, []float64{0.30, 0.31, 0.30}, []float64{0.5, 0.4, 0.45}, score, okGap),
			[]string{"threat bomb: averted rate differs by less than 2 points across policies (30% to 31%) — no sharing choice changes it; " +
				"yet its targets' warning ranges 0.40 to 0.50, which should move the averted rate by about 8 points: at 1000 runs the flat rate may be chance (try more --runs)"}},
		{"scores indistinct", table(ok, ok, ok, []float64{0.9, 0.7, 0.1}, []float64{0.8, 0.79, 0.78},
			Estimate{Value: 0.02, Lo: -0.01, Hi: 0.05, N: 1000}),
			[]string{"the best and worst policies' mean scores are within their intervals: share-all 0.800 [0.000, 0.000] and withhold-all 0.780 [0.000, 0.000]; " +
				"run by run share-all scores 0.020 more [-0.010, 0.050], an interval that includes 0, so at 1000 runs the score does not tell the doctrines apart"}},
		{"same score always", table(ok, ok, ok, []float64{0.9, 0.7, 0.1}, []float64{0.5, 0.5, 0.5}, Estimate{N: 1000}),
			[]string{"every policy gets the same score in every run (0.500): the score does not depend on the sharing choices",
				"sharing nothing scores best: withhold-all's mean score 0.500 is the highest of all policies, so the score rewards withholding"}},
		{"withhold wins", table(ok, ok, ok, []float64{0.9, 0.7, 0.1}, []float64{0.5, 0.6, 0.7}, okGap),
			[]string{"sharing nothing scores best: withhold-all's mean score 0.700 is the highest of all policies, so the score rewards withholding"}},
	} {
		var got []string
		for _, p := range Assess(tt.t) {
			got = append(got, p.Text)
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// TestPct: a rate that is neither 0 nor 1 never prints as 0% or 100%.
func TestPct(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		x    float64
		want string
	}{{0, "0%"}, {1, "100%"}, {0.99, "99%"}, {0.9934, "99.3%"}, {0.9996, ">99.9%"}, {0.0004, "<0.1%"}, {0.02, "2%"}} {
		if got := pct(tt.x); got != tt.want {
			t.Errorf("pct(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

// TestTally: rows in, rates, means and the paired score gap out, as
// computed by hand; NaN cells are left out of n; text and JSON render it.
func TestTally(t *testing.T) {
	t.Parallel()
	sc, err := scenario.LoadShipped(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	metrics := append([]string{}, sim.MetricNames...)
	for _, th := range sc.Threats {
		metrics = append(metrics, results.OutcomeName(results.ThreatAverted, th.ID), results.OutcomeName(results.ThreatWarning, th.ID))
	}
	for _, o := range sc.Spec.Objectives {
		metrics = append(metrics, results.OutcomeName(results.ObjectiveMet, o.ID))
	}
	col := map[string]int{}
	for i, m := range metrics {
		col[m] = i
	}
	l := results.Layout{Metrics: metrics}
	pols := []string{"a", "b"}
	ta, err := NewTally(sc, l, pols, 4, 7)
	if err != nil {
		t.Fatal(err)
	}
	// Policy a meets stop-ferry in runs 0 and 1 of 4, b in all; ferry-attack
	// is averted by half its targets in run 3 of b only, and a's run 2 has
	// no value (NaN). Scores: a 0.5 each run, b 0.6, 0.7, 0.8, 0.9.
	for p, pol := range pols {
		for rep := int64(0); rep < 4; rep++ {
			r := results.Row{Policy: pol, Rep: rep, Metrics: make([]float64, len(metrics))}
			if p == 1 || rep < 2 {
				r.Metrics[col["objective_stop_ferry_met"]] = 1
			}
			if p == 1 && rep == 3 {
				r.Metrics[col["threat_ferry_attack_averted"]] = 0.5
			}
			if p == 0 && rep == 2 {
				r.Metrics[col["threat_ferry_attack_averted"]] = math.NaN()
			}
			r.Metrics[col["threat_ferry_attack_warning"]] = 0.25 * float64(rep)
			r.Metrics[col["score"]] = 0.5 + float64(p)*(0.1+0.1*float64(rep))
			if err := ta.Add(&r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := ta.Add(&results.Row{Policy: "c", Metrics: make([]float64, len(metrics))}); err == nil {
		t.Error("a row of an unknown policy was taken")
	}
	tb := ta.Table(DefaultThresholds)
	near := func(what string, got Num, want float64) {
		if math.Abs(float64(got)-want) > 1e-12 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	met := tb.Objectives[0].Met
	near("a stop-ferry", met[0].Value, 0.5)
	near("b stop-ferry", met[1].Value, 1)
	lo, hi := Wilson95(0.5, 4)
	near("a stop-ferry lo", met[0].Lo, lo)
	near("a stop-ferry hi", met[0].Hi, hi)
	av := tb.Threats[0].Averted
	if av[0].N != 3 || av[1].N != 4 {
		t.Errorf("averted n: %d and %d, want 3 and 4 (a NaN is not a run with a value)", av[0].N, av[1].N)
	}
	near("b ferry-attack averted", av[1].Value, 0.125)
	near("a ferry-attack warning", tb.Threats[0].Warning[0], 0.375)
	near("b mean score", tb.Score[1].Value, 0.75)
	g := tb.ScoreGap
	if g == nil || g.Best != "b" || g.Worst != "a" {
		t.Fatalf("score gap %+v", g)
	}
	// b − a: 0.1, 0.2, 0.3, 0.4: mean 0.25, sd 0.1291, t(0.975, 3) = 3.1824.
	near("gap", g.Diff.Value, 0.25)
	near("gap lo", g.Diff.Lo, 0.25-results.T975(3)*math.Sqrt(1.0/60)/2)

	var text, js bytes.Buffer
	if err := WriteText(&text, tb); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 built-in policies × 4 runs, seed 7", "objective stop-ferry (avert, weight 3)", "  a            50.0   [15.0, 85.0]\n",
		"best − worst, paired run by run: b − a = 0.250"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text has no %q:\n%s", want, text.String())
		}
	}
	if err := WriteJSON(&js, tb); err != nil {
		t.Fatal(err)
	}
	var back Table
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("JSON does not read back: %v\n%s", err, js.String())
	}
	if back.Objectives[0].Met[1].Policy != "b" || float64(back.Threats[0].Averted[0].Value) != float64(av[0].Value) || back.Runs != 4 {
		t.Errorf("JSON read back: %+v", back.Objectives[0].Met)
	}
}
