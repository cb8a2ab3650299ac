package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"tearline/scenarios"
	"tearline/sim"
)

// calibrateCmd is `tearline-sim calibrate`: the forecasts of the decision
// panel checked against what happens (sim.Calibrate).
type calibrateCmd struct {
	Scenarios []string `arg:"" optional:"" name:"SCENARIO" help:"Scenario files or shipped names (default: every shipped scenario)."`
	Policies  []string `name:"policy" short:"p" placeholder:"NAME" help:"Policies that play the player nations (repeatable; default doctrine, share-all, by-trust)."`
	Runs      int      `short:"n" default:"10000" help:"Runs in all, split evenly over scenarios and policies (at least 1 each)."`
	Rollouts  int      `default:"20" help:"Rollouts per forecast, 2 to 10000: half pick a forecast's bin, half are compared."`
	Seed      uint64   `default:"1" help:"Seed; run i of each scenario and policy uses stream i."`
	AsHolder  bool     `name:"as-holder" help:"Forecast as the holder knows the world, as a workshop team station does (sim.PreviewOptions.AsHolder); default: from the whole state, as single-machine play does."`
}

// Help is the detailed help shown by calibrate --help.
func (c *calibrateCmd) Help() string {
	return `Plays the scenarios with each policy and, at every share decision, forecasts
the answer as the decision panel does. Each forecast is then compared with
what happened in its own world: whether the share was held in time, and —
replaying the same world without the share (common random numbers), later
decisions by the same policy — how much leak risk it really added.

Forecasts are binned by one independent half of the rollouts and compared on
the other half, so that forecast noise does not bias the check. Prints, per
policy and pooled, a Markdown table per figure: bin, forecasts, mean
forecast, realised mean with its 95% interval, and the gap in points.

--as-holder checks the forecasts a workshop team station shows, made from
what the deciding nation knows only: the shares between other nations it
cannot see and the others' trust are replaced by a stand-in from a play of
the scenario in another world, so these forecasts can run a few points off
(docs/model.md has the figures).

10,000 runs take about half an hour on 2 cores (make calibrate).`
}

// Run plays and prints.
func (c *calibrateCmd) Run(e *env) error {
	if c.Runs < 1 || c.Runs > 10_000_000 {
		return usageErr("calibrate: --runs %d: want 1 to 10000000", c.Runs)
	}
	if c.Rollouts < 2 || c.Rollouts > 10_000 {
		return usageErr("calibrate: --rollouts %d: want 2 to 10000", c.Rollouts)
	}
	pols := c.Policies
	if len(pols) == 0 {
		pols = []string{"doctrine", "share-all", "by-trust"}
	}
	for _, p := range pols {
		if _, err := sim.NewPolicy(p, nil); err != nil {
			return usageErr("calibrate: --policy: %v", err)
		}
	}
	names := c.Scenarios
	if len(names) == 0 {
		names = scenarios.Names()
	}
	var scs []*sim.Scenario
	for _, n := range names {
		sc, _, err := loadScenario(n)
		if err != nil {
			return err
		}
		scs = append(scs, sc)
	}
	per := max(1, (c.Runs+len(scs)*len(pols)-1)/(len(scs)*len(pols)))
	var pooled sim.Calibration
	for _, p := range pols {
		cal, err := sim.Calibrate(sim.CalibrationSpec{Scenarios: scs, Policies: []string{p}, Runs: per, Rollouts: c.Rollouts, Seed: c.Seed, AsHolder: c.AsHolder})
		if err != nil {
			return err
		}
		writeCalibration(e.stdout, "policy "+p, cal)
		pooled = sim.Merge(pooled, cal)
	}
	writeCalibration(e.stdout, "pooled over "+strings.Join(pols, ", "), pooled)
	return nil
}

// writeCalibration prints one calibration as two Markdown tables.
func writeCalibration(w io.Writer, title string, c sim.Calibration) {
	fmt.Fprintf(w, "### %s: %d runs, %d share decisions forecast\n\n", title, c.Runs, c.Decisions)
	for _, t := range []struct {
		name string
		bins []sim.CalibrationBin
	}{{"P(in time)", c.InTime}, {"added leak risk", c.AddedLeak}} {
		fmt.Fprintf(w, "| %s bin | forecasts | mean forecast | realised (95%% interval) | gap, points |\n|---|---:|---:|---:|---:|\n", t.name)
		worst := 0.0
		for _, b := range t.bins {
			if b.N == 0 {
				continue
			}
			gap := b.Gap() * 100
			fmt.Fprintf(w, "| [%.2f, %.2f) | %d | %.3f | %.3f ± %.3f | %+.1f |\n", b.Lo, math.Min(b.Hi, 1), b.N, b.Forecast, b.Realised, 1.96*b.StdErr(), gap)
			if b.N >= 100 {
				worst = math.Max(worst, math.Abs(gap))
			}
		}
		fmt.Fprintf(w, "\nLargest gap in a bin of at least 100 forecasts: %.1f points.\n\n", worst)
	}
}
