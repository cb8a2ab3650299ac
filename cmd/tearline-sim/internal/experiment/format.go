package experiment

// This file holds the experiment file format: the Go types a TOML experiment
// decodes into. docs/batch.md documents every key.

// File is an experiment file as decoded from TOML, before validation.
type File struct {
	Experiment Header       `toml:"experiment"`
	Design     DesignSpec   `toml:"design"`
	Policies   []PolicySpec `toml:"policy"`
	Factors    []FactorSpec `toml:"factor"`
}

// Header is the [experiment] table.
type Header struct {
	// ID is a short identifier (letters, digits, - and _). Required.
	ID string `toml:"id"`
	// Title is a one-line title for reports.
	Title string `toml:"title"`
	// Question is the research question the experiment answers.
	Question string `toml:"question"`
	// Scenario is the scenario file, relative to the experiment file, or the
	// name of a shipped scenario ("default.toml"). Required.
	Scenario string `toml:"scenario"`
	// Seed is the batch seed, 0 to 2^63-1. Default 1.
	Seed int64 `toml:"seed"`
	// Replications is the number of runs per (design point, policy),
	// 1 to 10^9. Required.
	Replications int64 `toml:"replications"`
	// Fire lists on-demand injects or events to fire in every run, each
	// "ID@TIME" as for `tearline-sim run --fire` ("walk-in@D+1 12:00").
	// --fire on the command line replaces it.
	Fire []string `toml:"fire"`
}

// DesignSpec is the [design] table: how factor values are chosen.
type DesignSpec struct {
	// Kind is "grid" (every combination of each factor's values; the
	// default), "lhs" (a Latin hypercube over each factor's distribution),
	// "morris" (Morris elementary-effect trajectories) or "sobol" (a
	// Saltelli sample for Sobol indices).
	Kind string `toml:"kind"`
	// Samples is the number of Latin hypercube points ("lhs"), or of base
	// samples N ("sobol": N(k+2) points for k factors); the points are at
	// most MaxPoints.
	Samples int64 `toml:"samples"`
	// Trajectories is the number r of Morris trajectories ("morris": r(k+1)
	// points for k factors, at most MaxPoints), 2 or more.
	Trajectories int64 `toml:"trajectories"`
	// Levels is the number p of Morris grid levels, even, 2 to 100
	// ("morris"; default 4).
	Levels int64 `toml:"levels"`
	// Seed seeds the sampled design, 0 to 2^63-1; default the experiment seed.
	Seed int64 `toml:"seed"`
}

// PolicySpec is one [[policy]]: a lever to compare.
type PolicySpec struct {
	// Name is a built-in policy (sim.PolicyNames). With Log it is the
	// fallback for decisions the log does not cover (default "doctrine").
	Name string `toml:"name"`
	// Label names the policy in outputs; default Name, or the log's file
	// name, with parameters appended ("by-trust(threshold=0.7)").
	Label string `toml:"label"`
	// Params sets the policy's parameters (sim.PolicyParams).
	Params map[string]float64 `toml:"params"`
	// Log is a recorded decision log (JSON) to replay, relative to the
	// experiment file.
	Log string `toml:"log"`
}

// FactorSpec is one [[factor]]: an uncertain number in the scenario, or,
// with Fire, a choice between fire schedules.
type FactorSpec struct {
	// Name is the output column; default the path with every character
	// other than a letter, digit or _ replaced by _.
	Name string `toml:"name"`
	// Path is the scenario key path, e.g. "gateway[0].delay.median",
	// "nation.ALDERIA.security" or "model.leak_rate" (durations in hours),
	// or a policy parameter: "policy.PARAM" sets PARAM of every [[policy]]
	// that takes it, "policy[I].PARAM" of the I-th [[policy]] (from 0),
	// e.g. "policy.threshold" (sim.PolicyParams lists each policy's).
	Path string `toml:"path"`
	// Paths, instead of Path, sets several keys to the same value: for
	// example a delay's median and p90 together (a fixed delay), or the
	// garble of every translation. The column is named after the first.
	Paths []string `toml:"paths"`
	// Values lists the levels ("grid" design), or a discrete
	// distribution's values (dist = "discrete").
	Values []float64 `toml:"values"`
	// Min and Max bound the range (sampled designs: "lhs", "morris",
	// "sobol"); for dist = "normal" they are the truncation points.
	Min *float64 `toml:"min"`
	Max *float64 `toml:"max"`
	// Dist is the distribution sampled designs draw from: "uniform" (the
	// default; min, max), "triangular" (min, mode, max), "normal" (mean,
	// sd, truncated to [min, max]) or "discrete" (values, optional
	// weights).
	Dist string `toml:"dist"`
	// Mode is the triangular distribution's peak, min ≤ mode ≤ max.
	Mode *float64 `toml:"mode"`
	// Mean and SD are the normal's mean and standard deviation (SD > 0)
	// before truncation.
	Mean *float64 `toml:"mean"`
	SD   *float64 `toml:"sd"`
	// Weights are the relative weights of a discrete distribution's
	// values, each positive; default equal.
	Weights []float64 `toml:"weights"`
	// Integer rounds sampled values to whole numbers (sampled designs).
	Integer bool `toml:"integer"`
	// Fire, instead of a path and values, makes a fire factor: each level
	// is a list of "ID@TIME" on-demand injects or events to fire, [] for
	// none, e.g. [[], ["walk-in@D+1 06:00"], ["walk-in@D+2 06:00"]]. Its
	// column (default "fire") holds the level's schedule. Fire factors are
	// crossed with every other factor, in a grid and a Latin hypercube alike.
	Fire [][]string `toml:"fire"`
}
