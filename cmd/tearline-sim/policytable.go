package main

// This file plays every built-in policy on a scenario and writes the policy
// × scenario table of docs/model.md: means with 95% intervals and the checks
// that the metrics teach the right lesson (GUIDE: "a metric must not reward
// the wrong lesson").

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"

	"tearline/internal/safetext"
	"tearline/sim"
)

// tableColumn is one column of the policy table: a per-run figure read from
// the run's metrics, shown times scale with prec decimals.
type tableColumn struct {
	head  string
	scale float64
	prec  int
	get   func(*sim.Metrics) float64
}

// Column indices into tableColumns (and policyRow.mean and half).
const (
	colCoverage = iota
	colAttrLeaks
	colAttrWeight
	colAverted
	colHarm
	colScore
)

// tableColumns are the table's figures in order. Coverage is in percent so
// that its spread reads in points.
var tableColumns = []tableColumn{
	colCoverage:   {"coverage (%)", 100, 1, func(m *sim.Metrics) float64 { return m.Coverage }},
	colAttrLeaks:  {"attributable leaks", 1, 3, func(m *sim.Metrics) float64 { return float64(m.AttributableLeaks) }},
	colAttrWeight: {"attributable leak weight", 1, 3, func(m *sim.Metrics) float64 { return m.AttributableLeakWeight }},
	colAverted:    {"threats averted", 1, 2, func(m *sim.Metrics) float64 { return float64(m.ThreatsAverted) }},
	colHarm:       {"harm", 1, 2, func(m *sim.Metrics) float64 { return m.Harm }},
	colScore:      {"score", 1, 3, func(m *sim.Metrics) float64 { return m.Score }},
}

// The targets for the table's checks ("An honest lesson"): the
// policies must differ by at least this many points of coverage, and the
// leakiest sharing policy must leak at least this many times the tightest.
const (
	coverageSpreadTarget = 30.0
	leakRatioTarget      = 2.0
)

// withholdAll is the policy that shares nothing: it should have the lowest
// coverage, and it is left out of the leak ratio (it leaks nothing of its
// own, so any ratio over it says nothing about how policies share).
const withholdAll = "withhold-all"

// policyRow is one policy's results on one scenario: per column of
// tableColumns, the mean over the runs and the half-width of its 95%
// confidence interval, both unscaled.
type policyRow struct {
	policy     string
	mean, half []float64
}

// playPolicies plays every built-in policy runs times on sc and returns one
// row per policy, in sim.PolicyNames order.
func playPolicies(sc *sim.Scenario, seed uint64, runs, workers int) ([]policyRow, error) {
	var rows []policyRow
	for _, name := range sim.PolicyNames() {
		vals, err := playPolicy(sc, name, seed, runs, workers)
		if err != nil {
			return nil, err
		}
		row := policyRow{policy: name}
		col := make([]float64, runs)
		for j := range tableColumns {
			for i := range col {
				col[i] = vals[i*len(tableColumns)+j]
			}
			m, h := meanHalfWidth(col)
			row.mean = append(row.mean, m)
			row.half = append(row.half, h)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// playPolicy plays runs runs of sc with the built-in policy name, run i on
// the stream (seed, i), on workers goroutines (0: GOMAXPROCS), and returns
// each run's tableColumns figures, run-major. Each run writes only its own
// slots, so the result does not depend on the number of workers.
func playPolicy(sc *sim.Scenario, name string, seed uint64, runs, workers int) ([]float64, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, runs)
	k := len(tableColumns)
	vals := make([]float64, runs*k)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			// One decider per worker: a policy may keep state between calls.
			d, err := sim.NewPolicy(name, nil)
			if err != nil {
				errs[w] = err
				return
			}
			for {
				i := int(next.Add(1) - 1)
				if i >= runs {
					return
				}
				r := sim.NewRun(sc, seed, uint64(i))
				r.SetQuiet(true)
				m := sim.Play(r, d).Metrics()
				for j, c := range tableColumns {
					vals[i*k+j] = c.get(&m)
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("policy %s: %v", name, err)
		}
	}
	return vals, nil
}

// meanHalfWidth returns the mean of xs and the half-width of its 95%
// confidence interval, t(0.975, n−1)·sd/√n with Student's t and the sample
// standard deviation, summing in index order. len(xs) must be at least 2.
func meanHalfWidth(xs []float64) (mean, half float64) {
	n := float64(len(xs))
	var s float64
	for _, x := range xs {
		s += x
	}
	mean = s / n
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	return mean, t * sd / math.Sqrt(n)
}

// writePolicyTable writes one scenario's table and its checks as Markdown.
func writePolicyTable(w io.Writer, sc *sim.Scenario, rows []policyRow, runs int, seed uint64) {
	fmt.Fprintf(w, "### %s (`%s`)\n\n", safetext.Line(sc.Spec.Scenario.Title), safetext.Line(sc.Name)) // the terminal sees them
	fmt.Fprintf(w, "%d runs per policy, seed %d, scenario SHA-256 `%.12s`.\n\n", runs, seed, sc.Hash)
	fmt.Fprint(w, "| policy |")
	for _, c := range tableColumns {
		fmt.Fprintf(w, " %s |", c.head)
	}
	fmt.Fprint(w, "\n|---|")
	for range tableColumns {
		fmt.Fprint(w, "---:|")
	}
	fmt.Fprintln(w)
	for _, r := range rows {
		fmt.Fprintf(w, "| %s |", r.policy)
		for j, c := range tableColumns {
			fmt.Fprintf(w, " %.*f ± %.*f |", c.prec, c.scale*r.mean[j], c.prec, c.scale*r.half[j])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	for _, l := range tableChecks(rows) {
		fmt.Fprintf(w, "- %s\n", l)
	}
	fmt.Fprintln(w)
}

// writeTableFootnote says how the tables were made.
func writeTableFootnote(w io.Writer, runs int, seed uint64) {
	fmt.Fprintf(w, "Each cell is the mean over %d runs ± the half-width of its 95%% confidence interval, t(0.975, n−1)·sd/√n (Student's t, sample sd). "+
		"Run i of every policy plays the random stream (seed %d, i), so policies are compared on common random numbers. "+
		"Coverage: of every (item, nation that needs it) pair, the share held by its need time, whoever shared it. "+
		"Attributable leaks: leaks after and because of a player nation's share; their weight counts level and form (SECRET full = 1). "+
		"The leak ratio leaves out %s, which shares nothing. Made by `tearline-sim policies`.\n", runs, seed, withholdAll)
}

// tableChecks returns the three check lines for one scenario's rows:
// the coverage spread, the attributable-leak ratio among sharing policies,
// and whether withhold-all has the lowest coverage.
func tableChecks(rows []policyRow) []string {
	if len(rows) == 0 {
		return nil
	}
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	cov := func(r policyRow) float64 { return tableColumns[colCoverage].scale * r.mean[colCoverage] }
	best, worst := rows[0], rows[0]
	for _, r := range rows[1:] {
		if cov(r) > cov(best) {
			best = r
		}
		if cov(r) < cov(worst) {
			worst = r
		}
	}
	spread := cov(best) - cov(worst)
	out := []string{fmt.Sprintf("coverage spread best−worst: %.1f points (target ≥ %.0f): %s (%s %.1f%%, %s %.1f%%)",
		spread, coverageSpreadTarget, met(spread >= coverageSpreadTarget), best.policy, cov(best), worst.policy, cov(worst))}

	// Attributable leaks among the policies that share at all.
	var hi, lo *policyRow // largest, smallest nonzero
	var zero []string     // sharing policies that never leaked attributably
	for i := range rows {
		r := &rows[i]
		if r.policy == withholdAll {
			continue
		}
		v := r.mean[colAttrLeaks]
		if v == 0 {
			zero = append(zero, r.policy)
			continue
		}
		if hi == nil || v > hi.mean[colAttrLeaks] {
			hi = r
		}
		if lo == nil || v < lo.mean[colAttrLeaks] {
			lo = r
		}
	}
	prec := tableColumns[colAttrLeaks].prec
	switch {
	case hi == nil:
		out = append(out, fmt.Sprintf("attributable leaks worst/best: undefined, no sharing policy leaked attributably in any run (target ≥ %.0f×): NOT met", leakRatioTarget))
	default:
		ratio := hi.mean[colAttrLeaks] / lo.mean[colAttrLeaks]
		l := fmt.Sprintf("attributable leaks worst/best: %.2f× (target ≥ %.0f×): %s (%s %.*f, %s %.*f)",
			ratio, leakRatioTarget, met(ratio >= leakRatioTarget || len(zero) > 0), hi.policy, prec, hi.mean[colAttrLeaks], lo.policy, prec, lo.mean[colAttrLeaks])
		if len(zero) > 0 {
			l += fmt.Sprintf("; the smallest is 0 (%s: no attributable leak in any run), so that ratio is over the smallest nonzero mean", joinAnd(zero))
		}
		out = append(out, l)
	}

	// Does withholding everything give the least coverage, as it should?
	var wh *policyRow
	var next *policyRow // lowest coverage among the others
	for i := range rows {
		r := &rows[i]
		if r.policy == withholdAll {
			wh = r
		} else if next == nil || cov(*r) < cov(*next) {
			next = r
		}
	}
	switch {
	case wh == nil:
		out = append(out, withholdAll+" has the lowest coverage: not played (no such built-in policy)")
	case next == nil:
		out = append(out, withholdAll+" has the lowest coverage: yes (the only policy)")
	default:
		ans := "yes"
		if cov(*wh) >= cov(*next) {
			ans = "NO"
		}
		out = append(out, fmt.Sprintf("%s has the lowest coverage: %s (%.1f%%; next lowest %s %.1f%%)", withholdAll, ans, cov(*wh), next.policy, cov(*next)))
	}
	return out
}

// joinAnd joins names as "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	s := names[0]
	for _, n := range names[1 : len(names)-1] {
		s += ", " + n
	}
	return s + " and " + names[len(names)-1]
}
