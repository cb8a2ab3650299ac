package main

import (
	"fmt"
	"strings"

	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// policiesCmd is `tearline-sim policies`: without scenarios, the built-in
// policies and their parameters; with scenario files or --shipped, every
// built-in policy played on each scenario and a Markdown table of the
// results (see policytable.go).
type policiesCmd struct {
	Scenarios []string `arg:"" optional:"" name:"SCENARIO" help:"Scenario files or shipped names: play every built-in policy on each and print a Markdown table."`
	Shipped   bool     `help:"Play every compiled-in scenario (instead of SCENARIO arguments)."`
	Runs      *int     `short:"n" placeholder:"N" help:"Runs per policy and scenario (default 2000)."`
	Seed      *uint64  `placeholder:"S" help:"Seed; run i draws from the stream (S, i) (default 1)."`
	Workers   int      `short:"w" placeholder:"N" help:"Worker goroutines (default: all cores); the table does not depend on it."`
}

// defaultTableRuns is the runs per (policy, scenario) when --runs is not
// given: enough for a 95% interval on mean coverage of about ±1 point.
const defaultTableRuns = 2000

// maxTableRuns bounds --runs: the per-run values of one policy are kept
// (6 float64s a run, 48 MB at this bound) so that sums run in index order.
const maxTableRuns = 1_000_000

// Run lists the policies, or plays them and prints the table.
func (c *policiesCmd) Run(e *env) error {
	if len(c.Scenarios) == 0 && !c.Shipped {
		if c.Runs != nil || c.Seed != nil || c.Workers != 0 {
			return usageErr("policies: --runs, --seed and --workers apply to the table; give SCENARIO files or --shipped")
		}
		listPolicies(e)
		return nil
	}
	if c.Shipped && len(c.Scenarios) > 0 {
		return usageErr("policies: give SCENARIO files or --shipped, not both")
	}
	runs, seed := defaultTableRuns, uint64(1)
	if c.Runs != nil {
		runs = *c.Runs
	}
	if runs < 2 || runs > maxTableRuns {
		return usageErr("policies: --runs %d: give 2 to %d (a confidence interval needs at least two runs)", runs, maxTableRuns)
	}
	if c.Seed != nil {
		seed = *c.Seed
	}
	if c.Workers < 0 {
		return usageErr("policies: --workers %d: give a number from 1 (0 = all cores)", c.Workers)
	}
	scs, err := c.load()
	if err != nil {
		return err
	}
	for _, sc := range scs {
		rows, err := playPolicies(sc, seed, runs, c.Workers)
		if err != nil {
			return err
		}
		writePolicyTable(e.stdout, sc, rows, runs, seed)
	}
	writeTableFootnote(e.stdout, runs, seed)
	return nil
}

// load validates every scenario first, so that a bad file is reported
// before minutes of play; all problems of all files come back as one exit-1
// error.
func (c *policiesCmd) load() ([]*sim.Scenario, error) {
	var scs []*sim.Scenario
	var probs []string
	if c.Shipped {
		for _, name := range scenarios.Names() {
			sc, err := scenario.LoadShipped(name)
			if err != nil {
				probs = append(probs, err.Error())
				continue
			}
			scs = append(scs, sc)
		}
	}
	for _, arg := range c.Scenarios {
		sc, _, err := loadScenario(arg)
		if err != nil {
			probs = append(probs, err.Error())
			continue
		}
		scs = append(scs, sc)
	}
	if len(probs) > 0 {
		return nil, &exitError{code: 1, msg: strings.Join(probs, "\n")}
	}
	return scs, nil
}

// listPolicies prints each built-in policy with its help and parameters.
func listPolicies(e *env) {
	for _, n := range sim.PolicyNames() {
		fmt.Fprintf(e.stdout, "%-16s %s\n", n, sim.PolicyHelp(n))
		if ps := sim.PolicyParams(n); len(ps) > 0 {
			fmt.Fprintf(e.stdout, "%-16s parameters: %s\n", "", strings.Join(ps, ", "))
		}
	}
}
