package runner

import (
	"fmt"
	"math"
	"strings"

	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/sim"
)

// This file fills the per-threat and per-objective columns of a batch's
// rows (threat_<T>_averted, threat_<T>_warning, objective_<O>_met) from a
// run's sim.Outcome.

// Outcomes places the threats and objectives of an experiment's scenarios
// among the per-threat and per-objective columns of its rows. Every
// design point of an experiment plays one scenario file, so its points
// normally share their ids; should their scenarios differ (a threat or an
// objective one point's scenario lacks), the columns are the union of the
// ids, threats then objectives, each in order of first appearance over the
// points, and a run's cell for an id its scenario lacks is NaN (an empty
// CSV cell, null in JSONL, NaN in Parquet; the summary leaves it out of n).
// An Outcomes is read-only once built and safe for concurrent use.
type Outcomes struct {
	// Columns documents the columns in order: each threat's averted and
	// warning columns, then each objective's met column.
	Columns []results.OutcomeColumn
	// points holds, per design point, where its scenario's threats and
	// objectives go; points with the same scenario share one.
	points []*outcomeMap
}

// outcomeMap places one scenario's threats and objectives among the
// outcome columns.
type outcomeMap struct {
	// threat holds, per threat of the scenario, the index of its averted
	// column among Outcomes.Columns; its warning column follows it.
	threat []int
	// objective holds, per objective, the index of its met column.
	objective []int
}

// OutcomesOf builds the outcome columns of e (NewOutcomes of its design
// points' scenarios) and checks that their names clash neither with each
// other nor with the fixed, factor, fire factor and metric columns: the
// error names the ids at fault and what to rename.
func OutcomesOf(e *experiment.Experiment) (*Outcomes, error) {
	o := NewOutcomes(e.Scenarios)
	taken := append([]string{}, results.Fixed...)
	for _, f := range e.Factors {
		taken = append(taken, f.Name)
	}
	for _, f := range e.FireFactors {
		taken = append(taken, f.Name)
	}
	taken = append(taken, sim.MetricNames...)
	if err := results.CheckNames(o.Columns, taken); err != nil {
		return nil, fmt.Errorf("%s: %v", e.ScenarioName, err)
	}
	return o, nil
}

// NewOutcomes builds the outcome columns of design points whose scenarios
// are scs (one per point; nil entries are skipped). It does not check the
// names: see OutcomesOf and results.CheckNames.
func NewOutcomes(scs []*sim.Scenario) *Outcomes {
	o := &Outcomes{points: make([]*outcomeMap, len(scs))}
	threatCol, objCol := map[string]int{}, map[string]int{}
	var threats, objectives []results.OutcomeColumn
	maps := map[*sim.Scenario]*outcomeMap{}
	for pt, sc := range scs {
		if sc == nil {
			continue
		}
		if m := maps[sc]; m != nil {
			o.points[pt] = m
			continue
		}
		m := &outcomeMap{threat: make([]int, len(sc.Threats)), objective: make([]int, len(sc.Spec.Objectives))}
		for t := range sc.Threats {
			th := &sc.Threats[t]
			k, ok := threatCol[th.ID]
			if !ok {
				k = len(threats) // its averted column; the warning column follows
				threatCol[th.ID] = k
				targets := make([]string, len(th.Targets))
				for i, n := range th.Targets {
					targets[i] = sc.Nations[n].ID
				}
				ts := strings.Join(targets, ", ")
				threats = append(threats,
					results.OutcomeColumn{Name: results.OutcomeName(results.ThreatAverted, th.ID), Kind: results.ThreatAverted, ID: th.ID,
						Doc: fmt.Sprintf("share of the targets of threat %s (%s) that averted it in the run, 0 to 1: %s", th.ID, ts, th.Title)},
					results.OutcomeColumn{Name: results.OutcomeName(results.ThreatWarning, th.ID), Kind: results.ThreatWarning, ID: th.ID,
						Doc: fmt.Sprintf("mean over the targets of threat %s (%s) of the warning each held against it at its time, 0 to 1", th.ID, ts)})
			}
			m.threat[t] = k
		}
		for i := range sc.Spec.Objectives {
			ob := &sc.Spec.Objectives[i]
			k, ok := objCol[ob.ID]
			if !ok {
				k = len(objectives)
				objCol[ob.ID] = k
				objectives = append(objectives, results.OutcomeColumn{Name: results.OutcomeName(results.ObjectiveMet, ob.ID), Kind: results.ObjectiveMet, ID: ob.ID,
					Doc: fmt.Sprintf("1 if objective %s (%s) was met in the run, else 0: %s", ob.ID, ob.Kind, ob.Text)})
			}
			m.objective[i] = k
		}
		maps[sc] = m
		o.points[pt] = m
	}
	// The objectives' columns follow every threat's.
	for _, m := range maps {
		for i, k := range m.objective {
			m.objective[i] = len(threats) + k
		}
	}
	o.Columns = append(threats, objectives...)
	return o
}

// Names returns the column names in order.
func (o *Outcomes) Names() []string {
	out := make([]string, len(o.Columns))
	for i, c := range o.Columns {
		out[i] = c.Name
	}
	return out
}

// Append appends the outcome columns of a run of design point pt, whose
// outcome is out, to dst, in Columns order, and returns the extended
// slice. A threat that never came in the run, and an id the point's
// scenario lacks, are NaN. It allocates only if dst must grow.
func (o *Outcomes) Append(dst []float64, pt int, out *sim.Outcome) []float64 {
	base := len(dst)
	for range o.Columns {
		dst = append(dst, math.NaN())
	}
	v := dst[base:]
	m := o.points[pt]
	// A threat's results, one per target, are consecutive in out.Threats
	// (sim's Run.threat appends them together when the threat comes), so
	// each run of equal Threat indices is one threat's targets.
	for i := 0; i < len(out.Threats); {
		t := out.Threats[i].Threat
		var averted, warning float64
		n := 0
		for ; i < len(out.Threats) && out.Threats[i].Threat == t; i++ {
			if out.Threats[i].Averted {
				averted++
			}
			warning += out.Threats[i].Warning
			n++
		}
		c := m.threat[t]
		v[c], v[c+1] = averted/float64(n), warning/float64(n)
	}
	for _, r := range out.Objectives {
		met := 0.0
		if r.Met {
			met = 1
		}
		v[m.objective[r.Objective]] = met
	}
	return dst
}
