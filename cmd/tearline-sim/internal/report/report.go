package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"tearline/cmd/tearline-sim/internal/results"
)

// SampleCap is how many rows per policy the report keeps, by reservoir
// sampling, for the box plots. Means, leak risk, leak counts and PRCCs use
// every row.
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
	// Bootstrap is the number of bootstrap resamples of the design points
	// behind each PRCC interval; 0 means DefaultBootstrap.
	Bootstrap int
	// HalfWidths overrides DefaultHalfWidths, the target 95% interval
	// half-widths of the "runs needed" table, by metric name (LeakRisk
	// for the leak risk).
	HalfWidths map[string]float64
}

// LeakRisk names the leak risk (share of runs with at least one
// attributable leak) among the metrics of the "runs needed" table.
const LeakRisk = "leak_risk"

// DefaultHalfWidths are the target 95% interval half-widths of the "runs
// needed" table: ±1 point on shares and the score (which lies in [0, 1]),
// ±0.1 h on latency (6 minutes), ±0.02 leaks and ±0.05 threats per run
// (about 4% and 1.5% of the share-all means in docs/batch.md's example).
var DefaultHalfWidths = map[string]float64{
	"coverage": 0.01, "on_time_share": 0.01, "mean_latency_h": 0.1, headlineLeaks: 0.02,
	LeakRisk: 0.01, "threats_averted": 0.05, "score": 0.01,
}

// runsNeededMetrics are the rows of the "runs needed" table, in order.
var runsNeededMetrics = []string{"coverage", "on_time_share", "mean_latency_h", headlineLeaks, LeakRisk, "threats_averted", "score"}

// Output is what Build produces: report.md's text and the charts, each in
// PNG and SVG, by file name.
type Output struct {
	Markdown []byte
	Files    map[string][]byte
}

// policyStats holds one policy's (or one policy×point's) aggregates.
type policyStats struct {
	metrics  []results.Moments
	n        float64
	leaky    float64         // runs with at least one player-attributable leak
	risk     results.Moments // the same as a 0/1 indicator per run, for its sd
	leakHist [6]float64      // runs with 0..4 and 5+ player-attributable leaks
	sample   [][]float64     // reservoir: factors then outcomes
	seen     int64
}

// builder holds what one pass over the rows collected, and the report
// being written. Every section is a function of a *builder (see Build).
type builder struct {
	in   Input
	m    *results.Meta
	l    results.Layout
	col  map[string]int // metric name → index in Row.Metrics
	nf   int            // numeric factors
	out  *Output
	md   bytes.Buffer
	pols []string // policies in order of first appearance
	// byPolicy pools every run of a policy; byPoint holds each (policy,
	// design point) group, listed in pointOrder.
	byPolicy   map[string]*policyStats
	byPoint    map[pointKey]*policyStats
	pointOrder []pointKey
	// pairer pairs rows of different policies at the same (design point,
	// replicate) for the paired comparison (compare.go).
	pairer *Pairer
}

// pointKey names one (policy, design point) group.
type pointKey struct {
	policy string
	point  int64
}

// section writes one part of the report.
type section func(b *builder) error

// Build reads every row once and renders the report: the sections below,
// in order.
func Build(in Input) (*Output, error) {
	b, err := collect(in)
	if err != nil {
		return nil, err
	}
	for _, s := range []section{
		headerSection,
		policiesSection,
		designPointsSection,
		distributionsSection,
		factorEffectsSection,
		sensitivitySection,
		comparisonSection,
		runsNeededSection,
		footerSection,
	} {
		if err := s(b); err != nil {
			return nil, err
		}
	}
	b.out.Markdown = b.md.Bytes()
	return b.out, nil
}

// w appends formatted Markdown to the report.
func (b *builder) w(format string, args ...any) { fmt.Fprintf(&b.md, format, args...) }

// metric returns a group's accumulator of the named metric.
func (b *builder) metric(s *policyStats, name string) *results.Moments {
	return &s.metrics[b.col[name]]
}

// collect checks the columns and reads every row once into per-policy and
// per-(policy, point) aggregates and a reservoir sample per policy.
func collect(in Input) (*builder, error) {
	m := in.Meta
	l := m.Layout()
	b := &builder{in: in, m: m, l: l, col: map[string]int{}, nf: len(l.Factors),
		out: &Output{Files: map[string][]byte{}}, byPolicy: map[string]*policyStats{}, byPoint: map[pointKey]*policyStats{}}
	for i, n := range l.Metrics {
		b.col[n] = i
	}
	for _, o := range required {
		if _, ok := b.col[o]; !ok {
			return nil, fmt.Errorf("the batch has no %s column; was it written by another version of tearline-sim?", o)
		}
	}
	leaksCol := b.col[headlineLeaks]
	pairer, err := NewPairer(l, nil)
	if err != nil {
		return nil, err
	}
	b.pairer = pairer
	rng := rand.New(rand.NewPCG(1, 1)) // fixed: the report is a pure function of the rows
	var row results.Row
	for {
		err := in.Rows.Read(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		b.pairer.Add(&row)
		ps := b.byPolicy[row.Policy]
		if ps == nil {
			ps = &policyStats{metrics: make([]results.Moments, len(l.Metrics))}
			b.byPolicy[row.Policy] = ps
			b.pols = append(b.pols, row.Policy)
		}
		k := pointKey{row.Policy, row.Point}
		pp := b.byPoint[k]
		if pp == nil {
			pp = &policyStats{metrics: make([]results.Moments, len(l.Metrics))}
			b.byPoint[k] = pp
			b.pointOrder = append(b.pointOrder, k)
		}
		for _, s := range []*policyStats{ps, pp} {
			s.n++
			for i, v := range row.Metrics {
				s.metrics[i].Add(v)
			}
			lk := row.Metrics[leaksCol]
			if lk > 0 {
				s.leaky++
				s.risk.Add(1)
			} else {
				s.risk.Add(0)
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
			v := make([]float64, 0, b.nf+len(Outcomes))
			v = append(v, row.Factors...)
			for _, o := range Outcomes {
				v = append(v, row.Metrics[b.col[o]])
			}
			ps.sample[slot] = v
		}
	}
	if len(b.pols) == 0 {
		return nil, fmt.Errorf("%s has no rows", in.Name)
	}
	// Design points in policy order, then point order.
	sort.SliceStable(b.pointOrder, func(i, j int) bool {
		if b.pointOrder[i].policy != b.pointOrder[j].policy {
			return index(b.pols, b.pointOrder[i].policy) < index(b.pols, b.pointOrder[j].policy)
		}
		return b.pointOrder[i].point < b.pointOrder[j].point
	})
	return b, nil
}

// headerSection writes the title, the question, a shard warning and the
// table of what was run.
func headerSection(b *builder) error {
	m, w := b.m, b.w
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
	w("| rows | `%s` |\n", filepath.Base(b.in.Name))
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
	w("| seed | %d (replicate *r* of point *p* plays the world (seed, *p*·R + *r*), the same for every policy) |\n", m.Seed)
	if m.Fire != "" {
		w("| fired in every run | `%s` |\n", mdEscape(m.Fire))
	}
	w("| tool | tearline-sim %s, %s |\n\n", m.Version, m.GoVersion)
	return nil
}

// policiesSection writes the headline table: every policy over all design
// points. With one design point the runs are the units of every interval
// (Student's t; Wilson for the leak risk). With several, the cells are the
// means of the design points' means and the intervals take the design
// points as units (n = points, Student's t): pooling the runs instead would
// treat them as independent draws of one condition and give intervals far
// too narrow for a mean over conditions that differ.
func policiesSection(b *builder) error {
	w := b.w
	w("## Policies\n\n")
	if b.maxPoints() > 1 {
		w("Over all design points: each cell is the mean of the design points' means (every point weighs the same), ")
		w("with a 95%% interval that takes the **design points as units** (Student's t, n = number of points): ")
		w("it covers how much the outcome varies between the points explored, not only run-to-run noise. ")
		w("The interval of one point's mean, with its runs as units, is in the summary CSV. ")
	} else {
		w("Means with 95%% confidence intervals (Student's t over the runs). ")
	}
	w("Coverage: of every (item, nation that needs it) pair, the share held by its need time, whoever shared it. ")
	w("On-time share: of what was delivered, the share held in time (withholding maximises it; read it beside coverage). ")
	if b.maxPoints() > 1 {
		w("Attributable leaks follow a player nation's share; leak risk is the share of runs with at least one (per point, then as above); ")
	} else {
		w("Attributable leaks follow a player nation's share; leak risk is the share of runs with at least one (Wilson 95%% interval); ")
	}
	w("all leaks also count the originators' own and interceptions of others' traffic.\n\n")
	w("| policy | runs | points | coverage | on-time share (of delivered) | latency (h) | attributable leaks | attributable leak weight | leak risk | all leaks | threats averted | harm | score |\n")
	w("|---|---:|---:|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range b.pols {
		s := b.byPolicy[p]
		k := len(b.pointsOf(p))
		cell := func(name string, prec int) string {
			if k > 1 {
				m := b.overPoints(p, name)
				return ciCell(&m, prec)
			}
			return ciCell(b.metric(s, name), prec)
		}
		risk := wilsonCell(s.leaky, s.n)
		if k > 1 {
			m := b.overPoints(p, LeakRisk)
			risk = ciCell(&m, 3)
		}
		w("| %s | %.0f | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(p), s.n, k,
			cell("coverage", 3), cell("on_time_share", 3), cell("mean_latency_h", 2),
			cell(headlineLeaks, 3), cell("attributable_leak_weight", 3),
			risk, cell("leaks", 3), cell("threats_averted", 2), cell("harm", 2), cell("score", 3))
	}
	w("\n")
	return nil
}

// maxPoints returns the largest number of design points any policy was
// run at.
func (b *builder) maxPoints() int {
	n := 0
	for _, p := range b.pols {
		n = max(n, len(b.pointsOf(p)))
	}
	return n
}

// pointsOf returns policy p's (policy, point) groups in point order.
func (b *builder) pointsOf(p string) []pointKey {
	var ks []pointKey
	for _, k := range b.pointOrder {
		if k.policy == p {
			ks = append(ks, k)
		}
	}
	return ks
}

// pointMean returns a group's mean of the named metric, or of LeakRisk.
func (b *builder) pointMean(s *policyStats, name string) float64 {
	if name == LeakRisk {
		return s.risk.Mean()
	}
	return b.metric(s, name).Mean()
}

// overPoints accumulates policy p's design-point means of the named
// metric (or LeakRisk): the design points are the units.
func (b *builder) overPoints(p, name string) results.Moments {
	var m results.Moments
	for _, k := range b.pointsOf(p) {
		m.Add(b.pointMean(b.byPoint[k], name))
	}
	return m
}

// designPointsSection writes the means per (policy, design point), when
// there is more than one point and not too many to list.
func designPointsSection(b *builder) error {
	m, l, w := b.m, b.l, b.w
	if len(m.Points) <= 1 {
		return nil
	}
	if len(b.pointOrder) > MaxPointRows {
		w("## Design points\n\n%d (policy, design point) pairs are too many to list here; the summary CSV has every metric for each.\n\n", len(b.pointOrder))
		return nil
	}
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
	for _, k := range b.pointOrder {
		s := b.byPoint[k]
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
		w(" %s | %s | %s | %s | %s | %s |\n", num(b.metric(s, "coverage").Mean(), 3), num(b.metric(s, "on_time_share").Mean(), 3),
			num(b.metric(s, "mean_latency_h").Mean(), 2), num(b.metric(s, headlineLeaks).Mean(), 3), num(s.risk.Mean(), 3),
			num(b.metric(s, "leaks").Mean(), 3))
	}
	w("\n")
	return nil
}

// distributionsSection writes the box plots of coverage and on-time share
// and the bars of attributable leaks per run.
func distributionsSection(b *builder) error {
	w := b.w
	w("## Distributions\n\n")
	for _, c := range []struct{ metric, alt, title, ylabel, text string }{
		{"coverage", "coverage", "Coverage per run", "share of needs held by need time",
			"Coverage per run, by policy: of every (item, nation that needs it) pair, the share held in time, whoever shared it"},
		{"on_time_share", "on-time share", "On-time share of deliveries per run", "share of deliveries held by need time",
			"On-time share per run, by policy: of what was delivered, the share held in time; withholding maximises it"},
	} {
		idx := b.nf + index(Outcomes, c.metric)
		var boxes [][]float64
		for _, p := range b.pols {
			boxes = append(boxes, column(b.byPolicy[p].sample, idx))
		}
		pl, err := boxPlot(c.title, c.ylabel, b.pols, boxes)
		if err = chart(b.out, c.metric, pl, err); err != nil {
			return err
		}
		w("%s (box: quartiles; whiskers: 1.5 IQR; from a sample of up to %d runs per policy):\n\n", c.text, SampleCap)
		w("![%s](%s.svg)\n\n", c.alt, c.metric)
	}
	var hists [][6]float64
	for _, p := range b.pols {
		h := b.byPolicy[p].leakHist
		for i := range h {
			h[i] /= b.byPolicy[p].n
		}
		hists = append(hists, h)
	}
	pl, err := leakBars(b.pols, hists)
	if err = chart(b.out, headlineLeaks, pl, err); err != nil {
		return err
	}
	w("Player-attributable leaks per run, by policy (share of runs with 0, 1, 2, 3, 4 and 5 or more; every run counted):\n\n")
	w("![attributable leaks](%s.svg)\n\n", headlineLeaks)
	return nil
}

// factorEffectsSection writes the PRCC of every varied factor with every
// outcome, per policy, computed on the design points' means (one unit per
// design point) with percentile bootstrap 95% intervals from resampling the
// design points, as tables and tornado charts. Single runs are not used:
// their run-to-run noise swamps the factors' effects.
func factorEffectsSection(b *builder) error {
	m, l, w := b.m, b.l, b.w
	var varying []int
	for j := 0; j < b.nf; j++ {
		if m.Factors[j].Min < m.Factors[j].Max {
			varying = append(varying, j)
		}
	}
	if len(varying) == 0 {
		return nil
	}
	boot := b.in.Bootstrap
	if boot <= 0 {
		boot = DefaultBootstrap
	}
	names := make([]string, len(varying))
	for i, j := range varying {
		names[i] = l.Factors[j]
	}
	need := len(varying) + 3 // PRCC's minimum number of units (see PRCC)
	w("## Factor effects\n\n")
	w("Partial rank correlation coefficients (PRCC, Marino et al. 2008) between each factor and each outcome, per policy, ")
	w("computed on the **design points' means** (one unit per design point): the rank correlation left after removing the linear effect of the other factors' ranks. ")
	w("Near ±1: the factor drives the outcome; near 0: no monotone effect. ")
	w("In brackets, a 95%% percentile bootstrap interval from %d resamples of the design points (random stream seeded from the batch seed); ", boot)
	w("an interval that straddles 0 does not show an effect. ")
	w("PRCC needs at least %d design points here (the varied factors + 3); n/a marks a policy with fewer, or an outcome that does not vary. ", need)
	w("Tornado charts show the bars sorted by largest effect.\n\n")
	for oi, o := range Outcomes {
		prcc := make([][]float64, len(b.pols))     // [policy][factor]
		ivs := make([][]PRCCInterval, len(b.pols)) // [policy][factor]
		for pi, p := range b.pols {
			ks := b.pointsOf(p)
			xs := make([][]float64, len(varying))
			var y []float64
			for _, k := range ks {
				if int(k.point) >= len(m.Points) {
					continue // a point the metadata does not describe: no factor values
				}
				for i, j := range varying {
					xs[i] = append(xs[i], m.Points[k.point][j])
				}
				y = append(y, b.metric(b.byPoint[k], o).Mean())
			}
			// One stream per (outcome, policy): adding an outcome or a policy
			// leaves the others' intervals unchanged.
			rng := rand.New(rand.NewPCG(m.Seed, prccStream^uint64(oi)<<32^uint64(pi)))
			ivs[pi] = PRCCBootstrap(xs, y, boot, rng)
			prcc[pi] = make([]float64, len(varying))
			for i, v := range ivs[pi] {
				prcc[pi][i] = v.PRCC
			}
		}
		w("### %s\n\n| factor |", o)
		for _, p := range b.pols {
			w(" %s |", mdEscape(p))
		}
		w("\n|---|")
		for range b.pols {
			w("---:|")
		}
		w("\n")
		for i, n := range names {
			w("| %s |", mdEscape(n))
			for pi := range b.pols {
				v := ivs[pi][i]
				if math.IsNaN(v.Lo) {
					w(" %s |", num(v.PRCC, 2))
				} else {
					w(" %s [%s, %s] |", num(v.PRCC, 2), num(v.Lo, 2), num(v.Hi, 2))
				}
			}
			w("\n")
		}
		if allNaN(prcc) {
			w("\n")
			continue // nothing to chart
		}
		file := "prcc_" + o
		pl, err := tornado("Effect on "+o+" (PRCC on design-point means)", names, b.pols, prcc)
		if err = chart(b.out, file, pl, err); err != nil {
			return err
		}
		w("\n![%s](%s.svg)\n\n", file, file)
	}
	return nil
}

// prccStream is the high half of the PCG stream of the PRCC bootstrap
// ("prcc" in ASCII), so it never meets a run's stream (seed, i < 2^40).
const prccStream = 0x70726363 << 32

func allNaN(v [][]float64) bool {
	for _, r := range v {
		for _, x := range r {
			if !math.IsNaN(x) {
				return false
			}
		}
	}
	return true
}

// runsNeededSection writes, per policy and headline metric, how many runs
// per design point give a point's mean a 95% interval of the target
// half-width, from the observed within-point sd, and with several points
// how many design points give the mean over points that half-width, from
// the sd of the point means (RunsNeeded: n = (t·sd/w)²).
func runsNeededSection(b *builder) error {
	w := b.w
	widths := map[string]float64{}
	for k, v := range DefaultHalfWidths {
		widths[k] = v
	}
	for k, v := range b.in.HalfWidths {
		widths[k] = v
	}
	multi := b.maxPoints() > 1
	w("## Runs needed\n\n")
	w("How many runs a 95%% interval of the target half-width *w* needs, n = (t·sd/w)², from the sd observed here (1 where every value was the same). ")
	if multi {
		w("Each cell is *runs / points*. **Runs**: per (policy, design point), for one point's mean, from the run-to-run sd pooled over the points. ")
		w("**Points**: design points for the mean over points (the units of the Policies table), from the sd of the point means, for a design that samples its points at random (a Latin hypercube); ")
		w("more runs per point cannot narrow that interval, which is the spread between points.\n\n")
	} else {
		w("Runs per policy.\n\n")
	}
	w("| metric | target ± |")
	for _, p := range b.pols {
		w(" %s |", mdEscape(p))
	}
	w("\n|---|---:|")
	for range b.pols {
		w("---:|")
	}
	w("\n")
	for _, name := range runsNeededMetrics {
		hw := widths[name]
		w("| `%s` | %s |", name, strconv.FormatFloat(hw, 'g', -1, 64))
		for _, p := range b.pols {
			runs := results.RunsNeeded(b.withinSD(p, name), hw)
			if !multi {
				w(" %s |", count(runs))
				continue
			}
			om := b.overPoints(p, name)
			w(" %s / %s |", count(runs), count(results.RunsNeeded(om.SD(), hw)))
		}
		w("\n")
	}
	w("\n")
	return nil
}

// withinSD returns policy p's run-to-run sd of the named metric (or
// LeakRisk) pooled over its design points: √(Σ(nᵢ−1)sᵢ² / Σ(nᵢ−1)).
func (b *builder) withinSD(p, name string) float64 {
	var ss, df float64
	for _, k := range b.pointsOf(p) {
		s := b.byPoint[k]
		a := b.metric(s, name)
		if name == LeakRisk {
			a = &s.risk
		}
		if n := float64(a.N()); n >= 2 {
			sd := a.SD()
			ss += (n - 1) * sd * sd
			df += n - 1
		}
	}
	if df == 0 {
		return math.NaN()
	}
	return math.Sqrt(ss / df)
}

// count formats a whole number with thousands separators; n/a for NaN.
func count(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := strconv.FormatFloat(v, 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// comparisonSection writes the paired comparison of the policies (rows of
// different policies at the same design point and replicate meet the same
// world: common random numbers) with the Pareto chart; nothing for a batch
// of one policy.
func comparisonSection(b *builder) error {
	if len(b.pols) < 2 {
		return nil
	}
	md, files, err := b.pairer.Section("##")
	if err != nil {
		return err
	}
	b.md.Write(md)
	for name, data := range files {
		b.out.Files[name] = data
	}
	return nil
}

// sensitivitySection writes the Morris or Sobol indices of a batch played
// on such a design, from the design-point means; nothing otherwise.
func sensitivitySection(b *builder) error {
	means := map[string][][]float64{}
	for _, k := range b.pointOrder {
		if k.point < 0 || int(k.point) >= len(b.m.Points) {
			continue
		}
		pm := means[k.policy]
		if pm == nil {
			pm = make([][]float64, len(b.m.Points))
			means[k.policy] = pm
		}
		s := b.byPoint[k]
		v := make([]float64, len(Outcomes))
		for j, o := range Outcomes {
			v[j] = b.metric(s, o).Mean()
		}
		pm[k.point] = v
	}
	md, err := SensitivitySection(b.m, means, Outcomes)
	if err != nil {
		return err
	}
	b.md.Write(md)
	return nil
}

// footerSection closes the report.
func footerSection(b *builder) error {
	b.w("Charts are also in PNG beside the SVGs. Generated by `tearline-sim report`.\n")
	return nil
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

// ciCell formats a mean with its 95% interval (Student's t).
func ciCell(a *results.Moments, prec int) string {
	mean := a.Mean()
	lo, hi := a.CI95()
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
