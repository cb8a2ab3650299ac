package balance

import (
	"fmt"
	"math"

	"tearline/cmd/tearline-sim/internal/results"
	"tearline/sim"
)

// Table is what `tearline-sim balance` reports on one scenario: per
// policy, the rate at which each objective is met, the share of each
// threat's targets that averted it, and the mean score, with the balance
// problems these show.
type Table struct {
	// Scenario identifies the scenario played.
	Scenario ScenarioInfo `json:"scenario"`
	// Runs is the number of runs per policy; Seed the seed: run i of every
	// policy plays the stream (Seed, i).
	Runs int64  `json:"runs"`
	Seed uint64 `json:"seed"`
	// Policies are the policies played, in the order of every list below.
	Policies []string `json:"policies"`
	// Objectives and Threats hold the figures, in scenario order.
	Objectives []Objective `json:"objectives"`
	Threats    []Threat    `json:"threats"`
	// Score is each policy's mean score (0 to 1) with its Student's t
	// interval.
	Score []Estimate `json:"score"`
	// ScoreGap compares the best and worst policies by mean score on paired
	// runs; nil with fewer than two policies.
	ScoreGap *Gap `json:"score_gap"`
	// Problems are the balance problems found, in the order of Objectives,
	// Threats, then the score.
	Problems []Problem `json:"problems"`
	// Thresholds are the values behind Problems.
	Thresholds Thresholds `json:"thresholds"`
}

// ScenarioInfo identifies a scenario.
type ScenarioInfo struct {
	// Name is the file it was loaded from, or the shipped name.
	Name string `json:"name"`
	// Title is its [scenario] title.
	Title string `json:"title"`
	// SHA256 is the SHA-256 of its bytes, in hex.
	SHA256 string `json:"sha256"`
}

// Objective is one objective's figures.
type Objective struct {
	// ID, Kind, Weight and Text are as in the scenario.
	ID     string  `json:"id"`
	Kind   string  `json:"kind"`
	Weight float64 `json:"weight"`
	Text   string  `json:"text"`
	// Column is its batch column (objective_<id>_met).
	Column string `json:"column"`
	// Met holds, per policy, the rate at which it was met.
	Met []Estimate `json:"met"`
}

// Threat is one threat's figures.
type Threat struct {
	// ID, Title and Targets (nation ids) are as in the scenario; AvertBase
	// and AvertMax bound the chance of averting it with no and with full
	// warning.
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Targets   []string `json:"targets"`
	AvertBase float64  `json:"avert_base"`
	AvertMax  float64  `json:"avert_max"`
	// Column and WarningColumn are its batch columns.
	Column        string `json:"column"`
	WarningColumn string `json:"warning_column"`
	// Averted holds, per policy, the mean share of its targets that
	// averted it (for one target, the rate at which it was averted).
	Averted []Estimate `json:"averted"`
	// Warning holds, per policy (in Table.Policies order), the mean
	// warning its targets held at its time, 0 to 1.
	Warning []Num `json:"warning"`
}

// Gap is the paired comparison of the best and the worst policy by mean
// score: the mean of Best's score minus Worst's, run by run, with its
// Student's t 95% interval.
type Gap struct {
	// Best and Worst are the policies with the highest and lowest mean
	// score.
	Best  string `json:"best"`
	Worst string `json:"worst"`
	// Diff is the mean of Best's score minus Worst's over the runs.
	Diff Estimate `json:"diff"`
}

// Tally accumulates a balance table from batch rows: one design point,
// every policy played Runs times on the streams (Seed, 0..Runs−1).
type Tally struct {
	t        Table
	pol      map[string]int
	objCol   []int // per objective: index in Row.Metrics
	avCol    []int // per threat: averted and warning indices
	warnCol  []int
	scoreCol int
	objSum   [][]float64 // [objective][policy]
	objN     [][]int64
	avSum    [][]float64 // [threat][policy]
	avN      [][]int64
	warn     [][]results.Moments
	scores   [][]float64 // [policy][rep]
	score    []results.Moments
}

// NewTally returns a tally for rows of layout l from runs runs of each of
// policies (labels, in the order to report them) on sc with seed. It fails
// if l lacks a column the table needs.
func NewTally(sc *sim.Scenario, l results.Layout, policies []string, runs int64, seed uint64) (*Tally, error) {
	col := map[string]int{}
	for i, n := range l.Metrics {
		col[n] = i
	}
	need := func(name string) (int, error) {
		i, ok := col[name]
		if !ok {
			return 0, fmt.Errorf("the rows have no %s column", name)
		}
		return i, nil
	}
	ta := &Tally{pol: map[string]int{}}
	ta.t = Table{Scenario: ScenarioInfo{Name: sc.Name, Title: sc.Spec.Scenario.Title, SHA256: sc.Hash},
		Runs: runs, Seed: seed, Policies: policies, Thresholds: DefaultThresholds}
	var err error
	if ta.scoreCol, err = need("score"); err != nil {
		return nil, err
	}
	np := len(policies)
	for i, p := range policies {
		ta.pol[p] = i
	}
	for i := range sc.Spec.Objectives {
		o := &sc.Spec.Objectives[i]
		c, err := need(results.OutcomeName(results.ObjectiveMet, o.ID))
		if err != nil {
			return nil, err
		}
		ta.objCol = append(ta.objCol, c)
		ta.t.Objectives = append(ta.t.Objectives, Objective{ID: o.ID, Kind: o.Kind, Weight: o.Weight, Text: o.Text, Column: l.Metrics[c]})
		ta.objSum, ta.objN = append(ta.objSum, make([]float64, np)), append(ta.objN, make([]int64, np))
	}
	for i := range sc.Threats {
		th := &sc.Threats[i]
		a, err := need(results.OutcomeName(results.ThreatAverted, th.ID))
		if err != nil {
			return nil, err
		}
		w, err := need(results.OutcomeName(results.ThreatWarning, th.ID))
		if err != nil {
			return nil, err
		}
		targets := make([]string, len(th.Targets))
		for k, n := range th.Targets {
			targets[k] = sc.Nations[n].ID
		}
		ta.avCol, ta.warnCol = append(ta.avCol, a), append(ta.warnCol, w)
		ta.t.Threats = append(ta.t.Threats, Threat{ID: th.ID, Title: th.Title, Targets: targets, AvertBase: th.AvertBase, AvertMax: th.AvertMax,
			Column: l.Metrics[a], WarningColumn: l.Metrics[w]})
		ta.avSum, ta.avN = append(ta.avSum, make([]float64, np)), append(ta.avN, make([]int64, np))
		ta.warn = append(ta.warn, make([]results.Moments, np))
	}
	ta.scores = make([][]float64, np)
	for i := range ta.scores {
		ta.scores[i] = make([]float64, runs)
	}
	ta.score = make([]results.Moments, np)
	return ta, nil
}

// Add adds one row. Rows of one policy may come in any order; a row of an
// unknown policy or replicate is an error.
func (ta *Tally) Add(r *results.Row) error {
	p, ok := ta.pol[r.Policy]
	if !ok {
		return fmt.Errorf("run %d: policy %q is not one of the table's", r.Run, r.Policy)
	}
	if r.Rep < 0 || r.Rep >= int64(len(ta.scores[p])) {
		return fmt.Errorf("run %d: replicate %d is outside 0 to %d", r.Run, r.Rep, len(ta.scores[p])-1)
	}
	for i, c := range ta.objCol {
		if v := r.Metrics[c]; !math.IsNaN(v) {
			ta.objSum[i][p] += v
			ta.objN[i][p]++
		}
	}
	for i, c := range ta.avCol {
		if v := r.Metrics[c]; !math.IsNaN(v) {
			ta.avSum[i][p] += v
			ta.avN[i][p]++
		}
		ta.warn[i][p].Add(r.Metrics[ta.warnCol[i]])
	}
	s := r.Metrics[ta.scoreCol]
	ta.scores[p][r.Rep] = s
	ta.score[p].Add(s)
	return nil
}

// Table computes the figures and the problems with th.
func (ta *Tally) Table(th Thresholds) *Table {
	t := ta.t
	t.Thresholds = th
	for i := range t.Objectives {
		o := &t.Objectives[i]
		o.Met = nil
		for p := range t.Policies {
			e := rate(ta.objSum[i][p], ta.objN[i][p])
			e.Policy = t.Policies[p]
			o.Met = append(o.Met, e)
		}
	}
	for i := range t.Threats {
		x := &t.Threats[i]
		x.Averted, x.Warning = nil, nil
		for p := range t.Policies {
			e := rate(ta.avSum[i][p], ta.avN[i][p])
			e.Policy = t.Policies[p]
			x.Averted = append(x.Averted, e)
			x.Warning = append(x.Warning, Num(ta.warn[i][p].Mean()))
		}
	}
	t.Score = nil
	for p := range t.Policies {
		m := &ta.score[p]
		lo, hi := m.CI95()
		t.Score = append(t.Score, Estimate{Policy: t.Policies[p], Value: Num(m.Mean()), Lo: Num(lo), Hi: Num(hi), N: m.N()})
	}
	t.ScoreGap = ta.gap(&t)
	t.Problems = Assess(&t)
	return &t
}

// gap compares the policies with the highest and the lowest mean score
// (the first in policy order on a tie) on their paired per-run
// differences.
func (ta *Tally) gap(t *Table) *Gap {
	if len(t.Policies) < 2 {
		return nil
	}
	best, worst := 0, 0
	for p := range t.Policies {
		if t.Score[p].Value > t.Score[best].Value {
			best = p
		}
		if t.Score[p].Value < t.Score[worst].Value {
			worst = p
		}
	}
	if best == worst { // every mean the same: compare the first two
		best, worst = 0, 1
	}
	var d results.Moments
	for r := range ta.scores[best] {
		d.Add(ta.scores[best][r] - ta.scores[worst][r])
	}
	lo, hi := d.CI95()
	return &Gap{Best: t.Policies[best], Worst: t.Policies[worst], Diff: Estimate{Value: Num(d.Mean()), Lo: Num(lo), Hi: Num(hi), N: d.N()}}
}
