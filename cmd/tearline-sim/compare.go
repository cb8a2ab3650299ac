package main

// This file is `tearline-sim compare`: every policy played on the same run
// indices (common random numbers), then paired differences per metric with
// intervals, t and Wilcoxon tests, effect sizes, Holm correction, the
// variance reduction pairing buys and the Pareto front (internal/compare).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"tearline/cmd/tearline-sim/internal/compare"
	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/internal/safetext"
	"tearline/sim"
)

// compareCmd is `tearline-sim compare`.
type compareCmd struct {
	Scenario string   `arg:"" optional:"" name:"SCENARIO" help:"Scenario file or shipped name (default: the compiled-in default scenario)."`
	Policies []string `name:"policy" short:"p" placeholder:"NAME[:K=V,...]" help:"A policy to compare; repeat for more (default: every built-in policy)."`
	Baseline string   `placeholder:"NAME[:K=V,...]" help:"Compare every policy with this one only (added if not a --policy), instead of every pair."`
	Runs     int      `short:"n" placeholder:"N" default:"1000" help:"Runs per policy, the same run indices 0..N−1 for every policy."`
	Seed     uint64   `placeholder:"S" default:"1" help:"Seed; run i of every policy draws from the stream (S, i)."`
	Metrics  []string `name:"metric" sep:"," placeholder:"NAME,..." help:"Metrics to compare (batch column names; default coverage, attributable_leaks, attributable_leak_weight, threats_averted, harm, score)."`
	Out      string   `short:"o" placeholder:"DIR" help:"Also write compare.md and the Pareto chart (pareto.png, pareto.svg) to this new folder."`
	Force    bool     `help:"Replace an existing -o folder that holds only compare or report files."`
	JSON     bool     `name:"json" help:"Print the comparison as JSON instead of Markdown."`
	Workers  int      `short:"w" placeholder:"N" help:"Worker goroutines (default: all cores); the output does not depend on it."`
}

// defaultCompareMetrics are compared when --metric is not given: the
// policy table's figures (policytable.go).
var defaultCompareMetrics = []string{"coverage", "attributable_leaks", "attributable_leak_weight", "threats_averted", "harm", "score"}

// maxCompareRuns bounds --runs: every run's value of every compared metric
// and policy is kept for the Wilcoxon ranks (8 bytes each: 7 policies × 6
// metrics at this bound is 67 MB).
const maxCompareRuns = 200_000

// comparePolicy is one policy to play: its label in the output and how to
// make a decider.
type comparePolicy struct {
	label  string
	name   string
	params map[string]float64
}

// Run checks the flags, plays the runs and prints the comparison.
func (c *compareCmd) Run(e *env) error {
	pols, base, err := c.policies()
	if err != nil {
		return err
	}
	if c.Runs < 2 || c.Runs > maxCompareRuns {
		return usageErr("compare: --runs %d is outside 2 to %d (paired statistics need at least 2 runs)", c.Runs, maxCompareRuns)
	}
	if c.Workers < 0 {
		return usageErr("compare: --workers %d: give a positive number, or leave it out for all cores", c.Workers)
	}
	if c.Seed > math.MaxInt64 {
		return usageErr("compare: --seed %d is above 2^63−1", c.Seed)
	}
	metrics := c.Metrics
	if len(metrics) == 0 {
		metrics = defaultCompareMetrics
	}
	col := map[string]int{}
	for i, n := range sim.MetricNames {
		col[n] = i
	}
	seen := map[string]bool{}
	for _, m := range metrics {
		if _, ok := col[m]; !ok {
			return usageErr("compare: --metric %q is not a metric; metrics: %s", safetext.Line(m), strings.Join(sim.MetricNames, ", "))
		}
		if seen[m] {
			return usageErr("compare: --metric %s is given twice", m)
		}
		seen[m] = true
	}
	replace := false
	if c.Out != "" {
		if replace, err = checkCompareDir(c.Out, c.Force); err != nil {
			return err
		}
	}
	sc, _, err := loadScenario(c.Scenario)
	if err != nil {
		return err
	}
	// Play with the Pareto metrics too, whatever --metric says.
	play := append([]string{}, metrics...)
	for _, m := range []string{compare.CoverageMetric, compare.LeaksMetric} {
		if !seen[m] {
			play = append(play, m)
		}
	}
	cols := make([]int, len(play))
	for i, m := range play {
		cols[i] = col[m]
	}
	s, err := playPaired(sc, pols, cols, c.Seed, c.Runs, c.Workers)
	if err != nil {
		return err
	}
	labels := make([]string, len(pols))
	for i, p := range pols {
		labels[i] = p.label
	}
	pts := make([]compare.Point, len(pols))
	ci, li := len(play)-2, len(play)-1 // where the Pareto metrics are when not selected
	for j, m := range play {
		switch m {
		case compare.CoverageMetric:
			ci = j
		case compare.LeaksMetric:
			li = j
		}
	}
	for i := range pols {
		pts[i] = compare.Point{Name: labels[i], Coverage: meanOf(s[i][ci]), Leaks: meanOf(s[i][li])}
	}
	sel := make(compare.Samples, len(pols))
	for i := range s {
		sel[i] = s[i][:len(metrics)]
	}
	tab := compare.Build(labels, metrics, sel, compare.Pairs(len(pols), base), pts)

	var md bytes.Buffer
	writeCompareHeader(&md, sc, c, labels, base)
	tab.Markdown(&md, "##")
	if c.Out != "" {
		png, svg, err := compare.Chart(tab.Points, *tab.Front)
		if err != nil {
			return err
		}
		body := md.String() + "![Pareto front](pareto.png)\n"
		files := map[string][]byte{"compare.md": []byte(body), "pareto.png": png, "pareto.svg": svg}
		if err := results.WriteDir(c.Out, files, replace); err != nil {
			return &exitError{code: 1, msg: fmt.Sprintf("cannot write %s: %v", c.Out, err)}
		}
	}
	if c.JSON {
		doc := struct {
			Scenario string `json:"scenario"`
			SHA256   string `json:"scenario_sha256"`
			Seed     uint64 `json:"seed"`
			Tool     string `json:"tool"`
			Table    any    `json:"comparison"`
		}{sc.Name, sc.Hash, c.Seed, "tearline-sim " + version(), tab.JSON()}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	_, err = e.stdout.Write(md.Bytes())
	return err
}

// policies resolves --policy and --baseline into the policies to play and
// the baseline's index (−1 for every pair).
func (c *compareCmd) policies() ([]comparePolicy, int, error) {
	flags := c.Policies
	if len(flags) == 0 {
		flags = sim.PolicyNames()
	}
	var out []comparePolicy
	index := map[string]int{}
	add := func(f string) (int, error) {
		spec, err := experiment.ParsePolicyFlag(f)
		if err != nil {
			return 0, usageErr("compare: %v", err)
		}
		if spec.Log != "" {
			return 0, usageErr("compare: --policy %q: decision logs are not supported by compare; use batch", safetext.Line(f))
		}
		if _, err := sim.NewPolicy(spec.Name, spec.Params); err != nil {
			return 0, usageErr("compare: --policy %q: %v", safetext.Line(f), err)
		}
		p := comparePolicy{label: policyLabel(spec.Name, spec.Params), name: spec.Name, params: spec.Params}
		if i, dup := index[p.label]; dup {
			return i, errDuplicate
		}
		index[p.label] = len(out)
		out = append(out, p)
		return len(out) - 1, nil
	}
	for _, f := range flags {
		if _, err := add(f); err != nil {
			if errors.Is(err, errDuplicate) {
				return nil, 0, usageErr("compare: --policy %q is given twice", safetext.Line(f))
			}
			return nil, 0, err
		}
	}
	base := -1
	if c.Baseline != "" {
		i, err := add(c.Baseline)
		if err != nil && !errors.Is(err, errDuplicate) {
			return nil, 0, err
		}
		base = i
	}
	if len(out) < 2 {
		return nil, 0, usageErr("compare: give at least 2 different policies (--policy A --policy B), or none for every built-in policy")
	}
	return out, base, nil
}

var errDuplicate = errors.New("duplicate policy")

// policyLabel names a policy with parameters as "by-trust(tearline=0.5,threshold=0.7)".
func policyLabel(name string, params map[string]float64) string {
	if len(params) == 0 {
		return name
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = fmt.Sprintf("%s=%g", k, params[k])
	}
	return name + "(" + strings.Join(keys, ",") + ")"
}

// playPaired plays every policy on runs 0..runs−1 of sc, run i on the stream
// (seed, i) for all of them, on workers goroutines (0: GOMAXPROCS), and
// returns s[policy][k][i], the metric sim.MetricNames[cols[k]] of run i.
// A worker plays all the policies of one run index in turn, reusing one
// engine run (Reset); each run writes only its own slots, so the result does
// not depend on the number of workers. No Outcome is kept.
func playPaired(sc *sim.Scenario, pols []comparePolicy, cols []int, seed uint64, runs, workers int) (compare.Samples, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, runs)
	s := make(compare.Samples, len(pols))
	for p := range s {
		s[p] = make([][]float64, len(cols))
		for k := range cols {
			s[p][k] = make([]float64, runs)
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			// One decider per worker and policy: a policy may keep state.
			ds := make([]sim.Decider, len(pols))
			for p, pol := range pols {
				d, err := sim.NewPolicy(pol.name, pol.params)
				if err != nil {
					errs[w] = err
					return
				}
				ds[p] = d
			}
			var r *sim.Run
			var vals []float64
			for {
				i := int(next.Add(1) - 1)
				if i >= runs {
					return
				}
				for p := range pols {
					if r == nil {
						r = sim.NewRun(sc, seed, uint64(i))
						r.SetQuiet(true)
					} else {
						r.Reset(seed, uint64(i))
					}
					vals = sim.Play(r, ds[p]).MetricValues(vals[:0])
					for k, c := range cols {
						s[p][k][i] = vals[c]
					}
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// meanOf is the mean of xs, summed in index order.
func meanOf(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// writeCompareHeader writes what was compared, on what and how.
func writeCompareHeader(w *bytes.Buffer, sc *sim.Scenario, c *compareCmd, labels []string, base int) {
	fmt.Fprintf(w, "# Paired comparison: %s (`%s`)\n\n", safetext.Line(sc.Spec.Scenario.Title), safetext.Line(sc.Name))
	fmt.Fprintf(w, "%d runs per policy, seed %d, scenario SHA-256 `%.12s`. ", c.Runs, c.Seed, sc.Hash)
	fmt.Fprintf(w, "Run i of every policy plays the random stream (seed %d, i): common random numbers, so each run index is one paired observation. ", c.Seed)
	if base >= 0 {
		fmt.Fprintf(w, "Every policy against the baseline %s.\n\n", labels[base])
	} else {
		fmt.Fprintf(w, "Every pair of: %s.\n\n", strings.Join(labels, ", "))
	}
}

// checkCompareDir checks the -o folder before any work: a new or empty
// folder, or with force one holding only report files (checkReportDir). It
// reports whether there is a folder to replace.
func checkCompareDir(dir string, force bool) (bool, error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) == 0 {
		return true, nil
	}
	if _, err := os.Lstat(filepath.Clean(dir)); err == nil && !force {
		return false, &exitError{code: 1, msg: fmt.Sprintf("%s: the folder is already there and not empty; pass --force to replace a compare or report folder, or give -o a new folder", dir)}
	}
	return checkReportDir(dir, force)
}
