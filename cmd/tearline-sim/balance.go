package main

// This file is `tearline-sim balance`: every built-in policy played on the
// same worlds of one scenario, P(objective met) and P(averted) per threat
// with Wilson intervals, the mean score, and the balance problems they
// show (internal/balance).

import (
	"context"
	"errors"
	"math"
	"os"
	"os/signal"
	"syscall"

	"tearline/cmd/tearline-sim/internal/balance"
	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/cmd/tearline-sim/internal/runner"
	"tearline/scenario"
	"tearline/sim"
)

// balanceCmd is `tearline-sim balance`.
type balanceCmd struct {
	Scenario string `arg:"" name:"SCENARIO" help:"Scenario file or shipped name (e.g. default, nato-cyber)."`
	Runs     int64  `short:"n" placeholder:"N" default:"1000" help:"Runs per policy: run i of every policy plays the same world (default 1000)."`
	Seed     uint64 `placeholder:"S" default:"1" help:"Seed; run i of every policy plays the stream (S, i)."`
	JSON     bool   `name:"json" help:"Print the table as JSON (rates as fractions, undefined values as null)."`
	Workers  int    `short:"w" placeholder:"N" help:"Worker goroutines (default: all cores); the output does not depend on it."`
}

// maxBalanceRuns bounds --runs: every run's score of every policy is kept
// for the paired best-against-worst comparison (8 bytes each: 7 policies
// at this bound is 11 MB), and 200,000 runs put every rate within ±0.22
// points (Wilson at 50%).
const maxBalanceRuns = 200_000

// Run checks the flags, plays every built-in policy and prints the table.
func (c *balanceCmd) Run(e *env) error {
	if c.Runs < 2 || c.Runs > maxBalanceRuns {
		return usageErr("balance: --runs %d is outside 2 to %d (a score interval needs at least 2 runs)", c.Runs, maxBalanceRuns)
	}
	if c.Seed > math.MaxInt64 {
		return usageErr("balance: --seed %d is above 2^63−1", c.Seed)
	}
	if c.Workers < 0 {
		return usageErr("balance: --workers %d: give a positive number, or leave it out for all cores", c.Workers)
	}
	name, data, err := readScenario(c.Scenario)
	if err != nil {
		return err
	}
	var specs []experiment.PolicySpec
	for _, p := range sim.PolicyNames() {
		specs = append(specs, experiment.PolicySpec{Name: p})
	}
	// A batch of every built-in policy: the same worlds for every policy
	// (runner.World) and the same columns a batch writes.
	exp, err := experiment.Plain(name, data, specs, c.Seed, c.Runs)
	if err != nil {
		var ps scenario.Problems
		if errors.As(err, &ps) {
			return &exitError{code: 1, msg: listProblems(ps)}
		}
		return &exitError{code: 1, msg: err.Error()}
	}
	labels := make([]string, len(exp.Policies))
	for i, p := range exp.Policies {
		labels[i] = p.Label
	}
	sc := exp.Scenarios[0]
	tally, err := balance.NewTally(sc, runner.Layout(exp), labels, c.Runs, c.Seed)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runner.Each(ctx, exp, c.Workers, func(r *results.Row) error { return tally.Add(r) }); err != nil {
		if errors.Is(err, runner.ErrInterrupted) {
			return &exitError{code: 130, msg: "balance: stopped"}
		}
		return &exitError{code: 1, msg: err.Error()}
	}
	t := tally.Table(balance.DefaultThresholds)
	if c.JSON {
		err = balance.WriteJSON(e.stdout, t)
	} else {
		err = balance.WriteText(e.stdout, t)
	}
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	return nil
}
