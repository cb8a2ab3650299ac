package view

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"tearline/sim"
)

// This file runs the debrief's slow work off the frame loop — the
// counterfactuals of every decision and the spread, "your run against
// 1,000" — and turns the engine's results into a snapshot the debrief
// draws without computing anything.

// SpreadOptions tunes a Spreader; the zero value is the debrief's.
type SpreadOptions struct {
	// Runs is the number of worlds per policy (0: sim.SpreadRuns, 1,000).
	Runs int
	// Workers is the number of goroutines (0: one per core, GOMAXPROCS).
	// Results do not depend on it.
	Workers int
	// NormalPriority keeps the workers at the process's priority (for
	// benchmarks); by default each lowers its thread's priority as the
	// forecaster does, so the frame loop comes first.
	NormalPriority bool
}

// SpreadSnapshot is what the frame loop reads of a Spreader: a fraction
// done and, once finished, the immutable model. It holds no lock.
type SpreadSnapshot struct {
	// Progress is the fraction of the runs played, in [0, 1].
	Progress float64
	// Model is nil until every run is done (or the spread failed, see
	// SpreadModel.Err); it is never changed afterwards.
	Model *SpreadModel
}

// Spreader computes the counterfactuals and the spread of a finished
// exercise on background goroutines of lowered priority, in fixed chunks
// (the result does not depend on the number of cores). Snapshot is safe to
// call from the frame loop at any time; it only reads atomics.
type Spreader struct {
	sc     *sim.Scenario
	played sim.Played
	actual sim.Metrics
	job    *sim.SpreadJob
	opts   SpreadOptions

	total, done atomic.Int64
	next        atomic.Int64
	stop        atomic.Bool
	model       atomic.Pointer[SpreadModel]
	finished    chan struct{}

	mu  sync.Mutex // guards cfs and err while workers run
	cfs [][]sim.Counterfactual
	err error
}

// StartSpread starts computing the counterfactuals of every decision in log
// and the spread of the team's policy and every built-in doctrine over the
// worlds (out.Seed, i), placing out (the team's actual run, played on
// stream out.Stream) in them. log and out must not be changed afterwards
// (the debrief's are not: the exercise is over). Close stops it.
func StartSpread(sc *sim.Scenario, log *sim.DecisionLog, out *sim.Outcome, o SpreadOptions) *Spreader {
	if o.Runs <= 0 {
		o.Runs = sim.SpreadRuns
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	s := &Spreader{sc: sc, actual: out.Metrics(), opts: o, finished: make(chan struct{})}
	s.played = sim.Played{Scenario: sc, Log: log, Seed: out.Seed, Stream: out.Stream}
	s.cfs = make([][]sim.Counterfactual, len(log.Decisions))
	job, err := sim.NewSpreadJob(sc, log, out.Seed, o.Runs)
	if err != nil {
		s.model.Store(&SpreadModel{Runs: o.Runs, Seed: out.Seed, Err: "The spread could not run: " + err.Error()})
		close(s.finished)
		return s
	}
	s.job = job
	// Progress counts runs: each counterfactual task plays its baseline and
	// its alternatives.
	var total int64
	for k := range log.Decisions {
		total += int64(1 + len(sim.Alternatives(loggedKind(&log.Decisions[k]))))
	}
	total += int64(job.Runs())
	s.total.Store(total)
	var wg sync.WaitGroup
	for range min(o.Workers, s.tasks()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.work()
		}()
	}
	go func() {
		wg.Wait()
		if !s.stop.Load() {
			s.model.Store(s.build())
		}
		close(s.finished)
	}()
	return s
}

// loggedKind is a logged decision's kind.
func loggedKind(ld *sim.LoggedDecision) sim.DecisionKind {
	if ld.Kind == sim.ConsentDecision.String() {
		return sim.ConsentDecision
	}
	return sim.ShareDecision
}

// tasks is the number of work units: one per decision's counterfactuals,
// then the spread's chunks.
func (s *Spreader) tasks() int { return len(s.cfs) + s.job.Chunks() }

// work plays tasks until none is left or the spreader is stopped.
func (s *Spreader) work() {
	if !s.opts.NormalPriority {
		lowerPriority() // the frame loop comes first
	}
	stop := s.stop.Load
	for !s.stop.Load() {
		t := int(s.next.Add(1) - 1)
		if t >= s.tasks() {
			return
		}
		if t < len(s.cfs) {
			cf, err := s.played.CounterfactualsFor(t, nil)
			s.mu.Lock()
			s.cfs[t] = cf
			if err != nil && s.err == nil {
				s.err = err
			}
			s.mu.Unlock()
			s.done.Add(int64(1 + len(sim.Alternatives(loggedKind(&s.played.Log.Decisions[t])))))
			continue
		}
		c := t - len(s.cfs)
		if s.job.PlayChunk(c, stop) {
			s.done.Add(int64(s.job.ChunkRuns(c)))
		}
	}
}

// Snapshot returns the progress and, once done, the model. It never blocks.
func (s *Spreader) Snapshot() SpreadSnapshot {
	m := s.model.Load()
	if m != nil {
		return SpreadSnapshot{Progress: 1, Model: m}
	}
	p := 0.0
	if t := s.total.Load(); t > 0 {
		p = min(float64(s.done.Load())/float64(t), 1)
	}
	return SpreadSnapshot{Progress: p}
}

// Wait blocks until the spread is finished or stopped (tests, the report
// writer off the frame loop).
func (s *Spreader) Wait() { <-s.finished }

// Close stops the workers after the run each is playing, and waits. The
// model stays nil if it was not finished. Close may be called more than
// once.
func (s *Spreader) Close() {
	s.stop.Store(true)
	<-s.finished
}

// SpreadModel is the debrief's view of the spread and the counterfactuals,
// every text and chart position computed. It is immutable once published.
type SpreadModel struct {
	// Runs is the number of worlds per policy; Seed their seed.
	Runs int
	Seed uint64
	// Heading is the section's title, "Your run against 1,000".
	Heading string
	// Note explains how to read the spread.
	Note string
	// Metrics has one chart per headline figure, in sim.Headline order.
	Metrics []SpreadChart
	// Counterfactuals has one line per (decision, alternative).
	Counterfactuals []CounterfactualLine
	// CounterfactualNote explains what the deltas compare.
	CounterfactualNote string
	// Err, when not "", says why the spread or the counterfactuals could
	// not be computed; what could be is still filled in.
	Err string
	// Spread is the engine's result (nil on error), for the report.
	Spread *sim.Spread
}

// SpreadChart is one headline figure's distribution over the worlds of the
// team's own policy, with the actual run and every policy's mean placed on
// the same axis.
type SpreadChart struct {
	// Title names the figure, "Coverage".
	Title string
	// Actual is the actual run's value, formatted ("52%", "3").
	Actual string
	// Percentile is where the actual run falls among the team-policy runs,
	// mid-rank, in [0, 100].
	Percentile float64
	// Summary words it: "52%: 44th percentile of 1,000 runs of your
	// decisions (higher is better)".
	Summary string
	// Bins are the histogram's bar heights, each in [0, 1] of the tallest.
	Bins []float64
	// Lo and Hi label the axis ends.
	Lo, Hi string
	// ActualX is the actual run's position on the axis, in [0, 1].
	ActualX float64
	// Means are the policies' means on the axis, the team's first.
	Means []SpreadMean
	// MeansText lists the means on one line, "means: your decisions 0.53 ·
	// doctrine 0.60 · …".
	MeansText string
}

// SpreadMean is one policy's mean of a figure.
type SpreadMean struct {
	// Name is sim.TeamPolicy or a built-in policy's name.
	Name string
	// Value is the mean, formatted.
	Value string
	// X is its position on the chart's axis, in [0, 1].
	X float64
}

// fractionBins is the number of histogram bins of a figure in [0, 1]
// (coverage, score): 5-point bins, fine enough to show a shape in a strip
// a few hundred pixels wide.
const fractionBins = 20

// maxCountBins caps the bins of a count figure (one per value): beyond it
// values are grouped so bars stay at least a few pixels wide.
const maxCountBins = 30

// build assembles the model from the finished work.
func (s *Spreader) build() *SpreadModel {
	m := &SpreadModel{Runs: s.opts.Runs, Seed: s.played.Seed, CounterfactualNote: CounterfactualNote}
	m.Heading = "Your run against " + thousands(s.opts.Runs)
	var cfs []sim.Counterfactual
	for _, c := range s.cfs {
		cfs = append(cfs, c...)
	}
	m.Counterfactuals = CounterfactualLines(s.sc, s.played.Log, cfs)
	var errs []string
	if s.err != nil {
		errs = append(errs, "Counterfactuals: "+s.err.Error())
	}
	sp, err := s.job.Result(s.actual)
	if err != nil {
		errs = append(errs, "Spread: "+err.Error())
	} else {
		m.Spread = sp
		m.Metrics = SpreadCharts(sp)
	}
	m.Err = strings.Join(errs, " ")
	m.Note = fmt.Sprintf("Your decisions, replayed as a policy, and each built-in doctrine, each played in the same %s worlds "+
		"(seed %d, streams 0 to %d; world 0 is yours), with the facilitator's fires at the same instants. Where a world "+
		"raises a decision you never answered, your habits decide, else doctrine. The percentile says how your run "+
		"compares with your own decisions in other luck; the means, how other choices fare in the same worlds.",
		thousands(s.opts.Runs), s.played.Seed, s.opts.Runs-1)
	return m
}

// thousands formats n with thousands separators, "1,000".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ordinal formats a whole percentile, "1st", "22nd", "44th".
func ordinal(p float64) string {
	n := int(math.Round(p))
	suf := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suf)
}

// headlineValue formats a value of figure h: a percentage for coverage and
// score, a count (or a mean with one decimal) for the others.
func headlineValue(h sim.Headline, v float64) string {
	if h == sim.HCoverage || h == sim.HScore {
		return Percent(v)
	}
	if v == math.Trunc(v) {
		return FormatFloat(v, 0)
	}
	return FormatFloat(v, 1)
}

// SpreadCharts lays out one chart per headline figure of sp.
func SpreadCharts(sp *sim.Spread) []SpreadChart {
	out := make([]SpreadChart, 0, sim.NumHeadlines)
	if len(sp.Policies) == 0 {
		return out
	}
	team := &sp.Policies[0]
	for h := range sim.NumHeadlines {
		c := SpreadChart{Title: sim.HeadlineTitles[h], Actual: headlineValue(h, sp.Actual[h]), Percentile: team.Percentile[h]}
		better := "higher is better"
		if h.LowerIsBetter() {
			better = "lower is better"
		}
		c.Summary = fmt.Sprintf("%s: %s percentile of %s runs of your decisions (%s)", c.Actual, ordinal(c.Percentile), thousands(sp.Runs), better)
		// The axis: [0, 1] for a fraction; [0, largest count + 1) for a
		// count, each whole value a bin centred on it.
		lo, hi, count := 0.0, 1.0, h != sim.HCoverage && h != sim.HScore
		nb := fractionBins
		if count {
			top := sp.Actual[h]
			for _, p := range sp.Policies {
				for _, v := range p.Values {
					top = max(top, v[h])
				}
			}
			hi = top + 1
			nb = int(hi)
			for nb > maxCountBins {
				nb = (nb + 1) / 2
			}
		}
		frac := func(v float64) float64 { return min(max((v-lo)/(hi-lo), 0), 1) }
		// pos places a value on the axis: a count at its bin's centre.
		pos := func(v float64) float64 {
			if count {
				return frac(v + 0.5)
			}
			return frac(v)
		}
		bins := make([]float64, nb)
		for _, v := range team.Values {
			bins[min(int(frac(v[h])*float64(nb)), nb-1)]++
		}
		tallest := 0.0
		for _, b := range bins {
			tallest = max(tallest, b)
		}
		for i := range bins {
			if tallest > 0 {
				bins[i] /= tallest
			}
		}
		c.Bins = bins
		c.Lo, c.Hi = headlineValue(h, lo), headlineValue(h, hi)
		if count {
			c.Hi = headlineValue(h, hi-1)
		}
		c.ActualX = pos(sp.Actual[h])
		var parts []string
		for _, p := range sp.Policies {
			mv := p.Mean[h]
			val := FormatFloat(mv, 2)
			if !count {
				val = Percent(mv)
			}
			c.Means = append(c.Means, SpreadMean{Name: p.Name, Value: val, X: pos(mv)})
			parts = append(parts, p.Name+" "+val)
		}
		c.MeansText = "means: " + strings.Join(parts, " · ")
		out = append(out, c)
	}
	return out
}
