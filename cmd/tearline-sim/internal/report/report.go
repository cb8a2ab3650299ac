package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"

	"tearline/cmd/tearline-sim/internal/results"
)

// SampleCap is how many rows per policy the report keeps, by reservoir
// sampling, for box plots and partial rank correlations. Means, leak risk
// and leak counts use every row.
const SampleCap = 5000

// MaxPointRows is the most (policy, design point) rows the report lists;
// larger designs are left to the summary CSV.
const MaxPointRows = 400

// Outcomes are the metrics the report charts and correlates with factors.
// Coverage and player-attributable leaks lead: the on-time share of
// deliveries alone rewards withholding, and all leaks include the
// originators' own, which no sharing policy causes.
var Outcomes = []string{"coverage", "on_time_share", "mean_latency_h", "attributable_leaks", "threats_averted", "score"}

// headlineLeaks is the leak count the report leads with (leak risk, the
// leak chart); the raw "leaks" column follows it as a secondary figure.
const headlineLeaks = "attributable_leaks"

// required are the metric columns Build reads, Outcomes included.
var required = append([]string{"leaks", "attributable_leak_weight", "harm"}, Outcomes...)

// Input is a finished batch to report on.
type Input struct {
	// Meta is its metadata.
	Meta *results.Meta
	// Rows reads its rows in run order.
	Rows results.Reader
	// Name is the rows file's name, for the report's header.
	Name string
}

// Output is what Build produces: report.md's text and the charts, each in
// PNG and SVG, by file name.
type Output struct {
	Markdown []byte
	Files    map[string][]byte
}

type acc struct{ n, mean, m2 float64 }

func (a *acc) add(x float64) {
	if math.IsNaN(x) {
		return
	}
	a.n++
	d := x - a.mean
	a.mean += d / a.n
	a.m2 += d * (x - a.mean)
}

func (a *acc) ci() (mean, lo, hi float64) {
	if a.n < 2 {
		return a.mean, math.NaN(), math.NaN()
	}
	half := 1.96 * math.Sqrt(a.m2/(a.n-1)/a.n) // normal approximation; n is large in a batch
	return a.mean, a.mean - half, a.mean + half
}

// policyStats holds one policy's (or one policy×point's) aggregates.
type policyStats struct {
	metrics  []acc
	n        float64
	leaky    float64     // runs with at least one player-attributable leak
	leakHist [6]float64  // runs with 0..4 and 5+ player-attributable leaks
	sample   [][]float64 // reservoir: factors then outcomes
	seen     int64
}

// Build reads every row once and renders the report.
func Build(in Input) (*Output, error) {
	m := in.Meta
	l := m.Layout()
	col := map[string]int{}
	for i, n := range l.Metrics {
		col[n] = i
	}
	for _, o := range required {
		if _, ok := col[o]; !ok {
			return nil, fmt.Errorf("the batch has no %s column; was it written by another version of tearline-sim?", o)
		}
	}
	leaksCol := col[headlineLeaks]
	var policies []string
	byPolicy := map[string]*policyStats{}
	type pk struct {
		policy string
		point  int64
	}
	byPoint := map[pk]*policyStats{}
	var pointOrder []pk
	rng := rand.New(rand.NewPCG(1, 1)) // fixed: the report is a pure function of the rows
	var row results.Row
	nf := len(l.Factors)
	for {
		err := in.Rows.Read(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		ps := byPolicy[row.Policy]
		if ps == nil {
			ps = &policyStats{metrics: make([]acc, len(l.Metrics))}
			byPolicy[row.Policy] = ps
			policies = append(policies, row.Policy)
		}
		k := pk{row.Policy, row.Point}
		pp := byPoint[k]
		if pp == nil {
			pp = &policyStats{metrics: make([]acc, len(l.Metrics))}
			byPoint[k] = pp
			pointOrder = append(pointOrder, k)
		}
		for _, s := range []*policyStats{ps, pp} {
			s.n++
			for i, v := range row.Metrics {
				s.metrics[i].add(v)
			}
			lk := row.Metrics[leaksCol]
			if lk > 0 {
				s.leaky++
			}
			s.leakHist[int(math.Min(5, math.Max(0, lk)))]++
		}
		// Reservoir sample (Vitter's algorithm R) of factors and outcomes.
		ps.seen++
		var slot int64 = -1
		if len(ps.sample) < SampleCap {
			ps.sample = append(ps.sample, nil)
			slot = int64(len(ps.sample) - 1)
		} else if j := rng.Int64N(ps.seen); j < SampleCap {
			slot = j
		}
		if slot >= 0 {
			v := make([]float64, 0, nf+len(Outcomes))
			v = append(v, row.Factors...)
			for _, o := range Outcomes {
				v = append(v, row.Metrics[col[o]])
			}
			ps.sample[slot] = v
		}
	}
	if len(policies) == 0 {
		return nil, fmt.Errorf("%s has no rows", in.Name)
	}
	out := &Output{Files: map[string][]byte{}}
	var md bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&md, format, args...) }

	title := "Batch report"
	if m.Experiment != nil && m.Experiment.Title != "" {
		title = m.Experiment.Title
	}
	w("# %s\n\n", title)
	if m.Experiment != nil && m.Experiment.Question != "" {
		w("> %s\n\n", strings.ReplaceAll(strings.TrimSpace(m.Experiment.Question), "\n", " "))
	}
	if s := m.Shard; s != nil {
		w("> **One shard only.** These rows are shard %d of %d: runs %d to %d, %d of the batch's %d runs. "+
			"Every figure below covers this shard alone, not the batch; merge the shards (`tearline-sim merge`) to report on the whole batch.\n\n",
			s.Index, s.Count, s.First, s.End-1, s.End-s.First, m.Runs)
	}
	w("| | |\n|---|---|\n")
	w("| rows | `%s` |\n", filepath.Base(in.Name))
	if m.Experiment != nil {
		w("| experiment | `%s` (%s design, sha256 `%.12s`) |\n", m.Experiment.ID, m.Experiment.Design, m.Experiment.SHA256)
	}
	w("| scenario | `%s` (sha256 `%.12s`) |\n", m.Scenario.Name, m.Scenario.SHA256)
	if s := m.Shard; s != nil {
		w("| runs | %d of the batch's %d (shard %d of %d: runs %d to %d); the batch: %d point(s) × %d policy(ies) × %d replication(s) |\n",
			s.End-s.First, m.Runs, s.Index, s.Count, s.First, s.End-1, len(m.Points), len(m.Policies), m.Replications)
	} else {
		w("| runs | %d = %d point(s) × %d policy(ies) × %d replication(s) |\n", m.Runs, len(m.Points), len(m.Policies), m.Replications)
	}
	w("| seed | %d (run *i* uses the PCG stream (seed, *i*)) |\n", m.Seed)
	if m.Fire != "" {
		w("| fired in every run | `%s` |\n", mdEscape(m.Fire))
	}
	w("| tool | tearline-sim %s, %s |\n\n", m.Version, m.GoVersion)

	w("## Policies\n\n")
	w("Over all design points. Means with 95%% confidence intervals. ")
	w("Coverage: of every (item, nation that needs it) pair, the share held by its need time, whoever shared it. ")
	w("On-time share: of what was delivered, the share held in time (withholding maximises it; read it beside coverage). ")
	w("Attributable leaks follow a player nation's share; leak risk is the share of runs with at least one (Wilson 95%% interval); ")
	w("all leaks also count the originators' own and interceptions of others' traffic.\n\n")
	w("| policy | runs | coverage | on-time share (of delivered) | latency (h) | attributable leaks | attributable leak weight | leak risk | all leaks | threats averted | harm | score |\n")
	w("|---|---:|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range policies {
		s := byPolicy[p]
		w("| %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(p), s.n,
			ciCell(&s.metrics[col["coverage"]], 3), ciCell(&s.metrics[col["on_time_share"]], 3),
			ciCell(&s.metrics[col["mean_latency_h"]], 2),
			ciCell(&s.metrics[col[headlineLeaks]], 3), ciCell(&s.metrics[col["attributable_leak_weight"]], 3),
			wilsonCell(s.leaky, s.n), ciCell(&s.metrics[col["leaks"]], 3),
			ciCell(&s.metrics[col["threats_averted"]], 2), ciCell(&s.metrics[col["harm"]], 2),
			ciCell(&s.metrics[col["score"]], 3))
	}
	w("\n")

	if len(m.Points) > 1 && len(pointOrder) > MaxPointRows {
		w("## Design points\n\n%d (policy, design point) pairs are too many to list here; the summary CSV has every metric for each.\n\n", len(pointOrder))
	}
	if len(m.Points) > 1 && len(pointOrder) <= MaxPointRows {
		w("## Design points\n\n")
		w("Means per (policy, design point); the full statistics of every metric (sd, 95%% CI, median, p5, p95) are in the summary CSV.\n\n")
		w("| policy | point |")
		for _, f := range l.Factors {
			w(" %s |", mdEscape(f))
		}
		for _, f := range l.Fires {
			w(" %s |", mdEscape(f))
		}
		w(" coverage | on-time share (of delivered) | latency (h) | attributable leaks | leak risk | all leaks |\n|---|---:|")
		for range l.Factors {
			w("---:|")
		}
		for range l.Fires {
			w("---|")
		}
		w("---:|---:|---:|---:|---:|---:|\n")
		sort.SliceStable(pointOrder, func(a, b int) bool {
			if pointOrder[a].policy != pointOrder[b].policy {
				return index(policies, pointOrder[a].policy) < index(policies, pointOrder[b].policy)
			}
			return pointOrder[a].point < pointOrder[b].point
		})
		for _, k := range pointOrder {
			s := byPoint[k]
			w("| %s | %d |", mdEscape(k.policy), k.point)
			if int(k.point) < len(m.Points) {
				for _, v := range m.Points[k.point] {
					w(" %s |", num(v, 4))
				}
			}
			if int(k.point) < len(m.PointFires) {
				for _, s := range m.PointFires[k.point] {
					if s == "" {
						s = "(none)"
					}
					w(" %s |", mdEscape(s))
				}
			}
			w(" %s | %s | %s | %s | %s | %s |\n", num(s.metrics[col["coverage"]].mean, 3), num(s.metrics[col["on_time_share"]].mean, 3),
				num(s.metrics[col["mean_latency_h"]].mean, 2), num(s.metrics[col[headlineLeaks]].mean, 3), num(s.leaky/s.n, 3),
				num(s.metrics[col["leaks"]].mean, 3))
		}
		w("\n")
	}

	// Distributions.
	w("## Distributions\n\n")
	for _, b := range []struct{ metric, alt, title, ylabel, text string }{
		{"coverage", "coverage", "Coverage per run", "share of needs held by need time",
			"Coverage per run, by policy: of every (item, nation that needs it) pair, the share held in time, whoever shared it"},
		{"on_time_share", "on-time share", "On-time share of deliveries per run", "share of deliveries held by need time",
			"On-time share per run, by policy: of what was delivered, the share held in time; withholding maximises it"},
	} {
		idx := nf + index(Outcomes, b.metric)
		var boxes [][]float64
		for _, p := range policies {
			boxes = append(boxes, column(byPolicy[p].sample, idx))
		}
		pl, err := boxPlot(b.title, b.ylabel, policies, boxes)
		if err = chart(out, b.metric, pl, err); err != nil {
			return nil, err
		}
		w("%s (box: quartiles; whiskers: 1.5 IQR; from a sample of up to %d runs per policy):\n\n", b.text, SampleCap)
		w("![%s](%s.svg)\n\n", b.alt, b.metric)
	}
	var hists [][6]float64
	for _, p := range policies {
		h := byPolicy[p].leakHist
		for i := range h {
			h[i] /= byPolicy[p].n
		}
		hists = append(hists, h)
	}
	pl, err := leakBars(policies, hists)
	if err = chart(out, headlineLeaks, pl, err); err != nil {
		return nil, err
	}
	w("Player-attributable leaks per run, by policy (share of runs with 0, 1, 2, 3, 4 and 5 or more; every run counted):\n\n")
	w("![attributable leaks](%s.svg)\n\n", headlineLeaks)

	// Factor effects.
	var varying []int
	for j := 0; j < nf; j++ {
		if m.Factors[j].Min < m.Factors[j].Max {
			varying = append(varying, j)
		}
	}
	if len(varying) > 0 {
		w("## Factor effects\n\n")
		w("Partial rank correlation coefficients (PRCC) between each factor and each outcome, per policy, ")
		w("from a sample of up to %d runs per policy: the rank correlation left after removing the linear effect of the other factors' ranks. ", SampleCap)
		w("Near ±1: the factor drives the outcome; near 0: no monotone effect. Tornado charts show the bars sorted by largest effect.\n\n")
		names := make([]string, len(varying))
		for i, j := range varying {
			names[i] = l.Factors[j]
		}
		for oi, o := range Outcomes {
			prcc := make([][]float64, len(policies)) // [policy][factor]
			for pi, p := range policies {
				s := byPolicy[p].sample
				xs := make([][]float64, len(varying))
				for i, j := range varying {
					xs[i] = column(s, j)
				}
				prcc[pi] = PRCC(xs, column(s, nf+oi))
			}
			w("### %s\n\n| factor |", o)
			for _, p := range policies {
				w(" %s |", mdEscape(p))
			}
			w("\n|---|")
			for range policies {
				w("---:|")
			}
			w("\n")
			for i, n := range names {
				w("| %s |", mdEscape(n))
				for pi := range policies {
					w(" %s |", num(prcc[pi][i], 2))
				}
				w("\n")
			}
			file := "prcc_" + o
			pl, err := tornado("Effect on "+o+" (PRCC)", names, policies, prcc)
			if err = chart(out, file, pl, err); err != nil {
				return nil, err
			}
			w("\n![%s](%s.svg)\n\n", file, file)
		}
	}
	w("Charts are also in PNG beside the SVGs. Generated by `tearline-sim report`.\n")
	out.Markdown = md.Bytes()
	return out, nil
}

func index(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

func column(rows [][]float64, j int) []float64 {
	out := make([]float64, 0, len(rows))
	for _, r := range rows {
		if !math.IsNaN(r[j]) {
			out = append(out, r[j])
		}
	}
	return out
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func num(v float64, prec int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := fmt.Sprintf("%.*f", prec, v)
	if s == "-"+fmt.Sprintf("%.*f", prec, 0.0) {
		s = s[1:]
	}
	return s
}

func ciCell(a *acc, prec int) string {
	mean, lo, hi := a.ci()
	if math.IsNaN(lo) {
		return num(mean, prec)
	}
	return fmt.Sprintf("%s [%s, %s]", num(mean, prec), num(lo, prec), num(hi, prec))
}

// wilsonCell formats k/n with its Wilson score 95% interval (Wilson 1927),
// which stays inside [0, 1] and behaves at k = 0.
func wilsonCell(k, n float64) string {
	if n == 0 {
		return "n/a"
	}
	const z = 1.959963984540054 // standard normal 97.5th percentile
	p := k / n
	den := 1 + z*z/n
	c := (p + z*z/(2*n)) / den
	h := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / den
	return fmt.Sprintf("%s [%s, %s]", num(p, 3), num(math.Max(0, c-h), 3), num(math.Min(1, c+h), 3))
}
