package experiment

import (
	"tearline/cmd/tearline-sim/internal/ondemand"
	"tearline/sim"
)

// Limits on an experiment, so that a typo cannot ask for a year of work or
// exhaust memory before the first run.
const (
	// MaxFileSize bounds an experiment file, in bytes (1 MiB).
	MaxFileSize = 1 << 20
	// MaxPoints bounds the design points; each is a compiled scenario in memory.
	MaxPoints = 4096
	// MaxPolicies bounds the policies compared.
	MaxPolicies = 64
	// MaxFactors bounds the factors varied.
	MaxFactors = 64
	// MaxRuns bounds the total runs (points × policies × replications), 2^40.
	MaxRuns = 1 << 40
)

// FixedColumns are the leading output columns, before factors and metrics.
var FixedColumns = []string{"run", "seed", "policy", "point", "rep"}

// Experiment is a validated experiment: everything a batch needs, with the
// scenario compiled once per design point.
type Experiment struct {
	// Name is the file it came from ("" for a plain batch).
	Name string
	// Source is the file's bytes, verbatim (nil for a plain batch).
	Source []byte
	// Hash is the SHA-256 of Source in hex ("" for a plain batch).
	Hash string
	// ID, Title and Question come from [experiment].
	ID, Title, Question string
	// ScenarioName is the scenario as named on the command line or in the file.
	ScenarioName string
	// ScenarioHash is the SHA-256 of the scenario's bytes in hex.
	ScenarioHash string
	// Seed is the batch seed: run i draws from the stream (Seed, i).
	Seed uint64
	// Replications is the number of runs per (design point, policy).
	Replications int64
	// Design is "grid", "lhs", "morris" or "sobol" ("grid" for a plain
	// batch: one point).
	Design string
	// Trajectories and Levels are a Morris design's r and p; Samples is a
	// Sobol design's base samples N (or a Latin hypercube's points).
	Trajectories, Levels, Samples int
	// Units holds, for a Morris or Sobol design, each point's coordinates
	// in the unit hypercube before the factors' quantile functions: what
	// package sensitivity analyses.
	Units [][]float64
	// Policies are the levers, in file order.
	Policies []Policy
	// Factors are the varied numbers, in file order.
	Factors []Factor
	// Points holds, per design point, one value per (numeric) factor.
	Points [][]float64
	// Scenarios holds, per design point, the scenario with its factor values
	// applied. Scenarios are read-only and shared by all workers (and by
	// design points with the same factor values).
	Scenarios []*sim.Scenario
	// Fire is fired in every run: experiment.fire, or what SetFire set
	// (--fire). Read-only; change it with SetFire.
	Fire ondemand.Schedule
	// FireFactors are the factors whose levels are fire schedules, in file
	// order; their columns follow the numeric factors'.
	FireFactors []FireFactor
	// FireLevels holds, per design point, the level of each fire factor
	// (nil when there are no fire factors).
	FireLevels [][]int

	schedules []ondemand.Schedule // per point: Fire and its levels, by time
	fireCols  [][]string          // per point: each fire factor's level as text
}

// FireFactor is one validated fire factor: a choice between fire schedules.
type FireFactor struct {
	// Name is its output column.
	Name string
	// Levels are its fire schedules, each in firing order; an empty one is
	// "not fired".
	Levels []ondemand.Schedule
}

// Policy is one validated lever.
type Policy struct {
	// Label names it in outputs; unique within the experiment.
	Label string
	// Name is the built-in policy (the fallback when Log is set).
	Name string
	// Params are its parameters.
	Params map[string]float64
	// LogPath is the decision log replayed, or "".
	LogPath string
	log     decisionLog
}

// PerRun reports that the policy's decider keeps state within a run (a
// decision log marks the logged decisions it has replayed), so a batch must
// take a new one from NewDecider for every run.
func (p *Policy) PerRun() bool { return p.log != nil }

// NewDecider returns a fresh decider for this policy. Call it once per
// worker (once per run when PerRun): deciders are not assumed safe for
// concurrent use.
func (p *Policy) NewDecider() (sim.Decider, error) {
	d, err := sim.NewPolicy(p.Name, p.Params)
	if err != nil {
		return nil, err
	}
	if p.log != nil {
		return p.log.decider(d), nil
	}
	return d, nil
}

// Factor is one validated factor.
type Factor struct {
	// Name is its output column.
	Name string
	// Path is its scenario key path; Also are further paths set to the
	// same value.
	Path string
	Also []string
	// Min and Max bound its values over the design.
	Min, Max float64
	// Integer reports that values are whole numbers.
	Integer bool
	// Dist is the distribution a sampled design draws from (Kind "" in a
	// grid).
	Dist    Dist
	key     string         // "path" or "paths": where the file names it
	values  []float64      // grid levels
	scen    []string       // its scenario key paths
	targets []policyTarget // the policy parameters it sets
}

// policyTarget is one policy parameter a factor sets.
type policyTarget struct {
	policy int    // index in Experiment.Policies
	param  string // as sim.PolicyParams names it
}

// PolicyFactors reports whether any factor sets a policy parameter, so
// that a policy's decider depends on the design point (NewDecider).
func (e *Experiment) PolicyFactors() bool {
	for _, f := range e.Factors {
		if len(f.targets) > 0 {
			return true
		}
	}
	return false
}

// PolicyParams returns policy pol's parameters at design point pt: its
// own, with the point's policy factor values applied (a new map).
func (e *Experiment) PolicyParams(pt, pol int) map[string]float64 {
	out := map[string]float64{}
	for k, v := range e.Policies[pol].Params {
		out[k] = v
	}
	for j, f := range e.Factors {
		for _, t := range f.targets {
			if t.policy == pol {
				out[t.param] = e.Points[pt][j]
			}
		}
	}
	return out
}

// NewDecider returns a fresh decider for policy pol at design point pt,
// with the point's policy factor values applied. Without policy factors it
// is e.Policies[pol].NewDecider(). Parse has checked every (point, policy)
// pair, so an error here is a programming mistake upstream.
func (e *Experiment) NewDecider(pt, pol int) (sim.Decider, error) {
	p := e.Policies[pol]
	if e.PolicyFactors() {
		p.Params = e.PolicyParams(pt, pol)
	}
	return p.NewDecider()
}

// Runs returns the total number of runs: points × policies × replications.
func (e *Experiment) Runs() int64 {
	return int64(len(e.Points)) * int64(len(e.Policies)) * e.Replications
}

// Locate returns the design point, policy and replication of run i.
func (e *Experiment) Locate(i int64) (point, policy int, rep int64) {
	g := i / e.Replications
	return int(g / int64(len(e.Policies))), int(g % int64(len(e.Policies))), i % e.Replications
}

// Schedule returns what the runs of design point pt fire: Fire and the
// point's fire factor levels, in firing order (by time; at the same time
// Fire first, then the factors in file order). Nil when nothing is fired.
func (e *Experiment) Schedule(pt int) ondemand.Schedule {
	if pt < len(e.schedules) {
		return e.schedules[pt]
	}
	return nil
}

// FireColumns returns the fire factor columns of design point pt's rows:
// each fire factor's level in canonical form ("" for not fired).
func (e *Experiment) FireColumns(pt int) []string {
	if pt < len(e.fireCols) {
		return e.fireCols[pt]
	}
	return nil
}

// SetFire replaces Fire, the schedule fired in every run (--fire). The
// caller has checked each fire against every design point's scenario.
func (e *Experiment) SetFire(s ondemand.Schedule) {
	e.Fire = ondemand.Merge(s)
	e.build()
}

// build derives each design point's schedule and fire columns.
func (e *Experiment) build() {
	e.schedules = make([]ondemand.Schedule, len(e.Points))
	e.fireCols = nil
	if len(e.FireFactors) > 0 {
		e.fireCols = make([][]string, len(e.Points))
	}
	parts := make([]ondemand.Schedule, 0, 1+len(e.FireFactors))
	for pt := range e.Points {
		parts = append(parts[:0], e.Fire)
		for j, ff := range e.FireFactors {
			lv := ff.Levels[e.FireLevels[pt][j]]
			parts = append(parts, lv)
			e.fireCols[pt] = append(e.fireCols[pt], lv.String())
		}
		e.schedules[pt] = ondemand.Merge(parts...)
	}
}

// Options adjust how a file is read.
type Options struct {
	// ScenarioName and ScenarioData, when set, replace the file's
	// experiment.scenario (the command line's SCENARIO, already read).
	ScenarioName string
	ScenarioData []byte
	// Seed, when not nil, replaces the file's seed.
	Seed *uint64
	// Replications, when above 0, replaces the file's replications.
	Replications int64
}
