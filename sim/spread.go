package sim

import (
	"fmt"
	"sort"
)

// This file places a team's run among many: "your run against 1,000". The
// team's own decisions, replayed as a policy, and every built-in doctrine
// are each played in worlds (seed, 0) … (seed, runs−1) — the same worlds for
// every policy, common random numbers, with the facilitator's fires at the
// same instants in all of them. The team's actual run is then placed in the
// distribution of its own policy (how lucky was it?) and beside each
// doctrine's mean (how good were its choices?).
//
// The team's policy is its decision log replayed: in each world a decision
// the team answered (the same kind, item and holder, and for consent the
// same requester and recipient) gets the team's logged answer, and any
// other decision — one the world raised and the team's never did, or a
// logged answer that no longer fits — gets the "pattern" policy, which
// follows the habits the replayed answers show and the nation's doctrine
// where they show none. This is the honest reading of "your decisions in
// other worlds": it keeps every choice the team made rather than a summary
// of them. Its weakness: the logged answers are replayed even where the
// team, seeing a different world (a channel down, an item late), might
// have chosen otherwise. World (seed, 0) is the desktop app's own stream,
// so with Stream 0 run 0 of the team's policy is the actual run.

// TeamPolicy names the team's own decisions, replayed as a policy, in a
// Spread.
const TeamPolicy = "your decisions"

// SpreadRuns is the default number of worlds in a spread.
const SpreadRuns = 1000

// spreadChunkRuns is how many runs of one policy make a chunk, the unit of
// work a spread is split into: small enough (tens of milliseconds on the
// largest shipped scenario) that cancelling and progress are prompt and
// every core is kept busy to the end, large enough that a chunk's setup
// (a run's memory, a decider) is amortised.
const spreadChunkRuns = 25

// SpreadJob is a spread being computed. Its work is split into a fixed
// number of chunks (Chunks), each a range of worlds for one policy, that
// may be played in any order, on any goroutines, concurrently: every run's
// figures go to their own slot, so the result does not depend on the core
// count or the order. Result assembles it once every chunk has been played.
type SpreadJob struct {
	sc     *Scenario
	log    *DecisionLog
	fires  []Fire
	seed   uint64
	runs   int
	names  []string
	vals   [][]Headlines // [policy][world]
	played []bool        // per chunk
}

// NewSpreadJob prepares a spread of runs worlds (seed, 0) … (seed, runs−1)
// (runs ≥ 1; SpreadRuns is the usual) for the team's decision log and every
// built-in policy of PolicyNames. It returns an error for a log whose fires
// do not fit sc.
func NewSpreadJob(sc *Scenario, log *DecisionLog, seed uint64, runs int) (*SpreadJob, error) {
	if runs < 1 {
		return nil, fmt.Errorf("a spread needs at least one run, not %d", runs)
	}
	fires, err := ParseFires(sc, log.Fires)
	if err != nil {
		return nil, err
	}
	names := append([]string{TeamPolicy}, PolicyNames()...)
	j := &SpreadJob{sc: sc, log: log, fires: fires, seed: seed, runs: runs, names: names}
	j.vals = make([][]Headlines, len(names))
	for p := range j.vals {
		j.vals[p] = make([]Headlines, runs)
	}
	j.played = make([]bool, j.Chunks())
	return j, nil
}

// chunksPerPolicy is how many chunks each policy's runs are split into.
func (j *SpreadJob) chunksPerPolicy() int { return (j.runs + spreadChunkRuns - 1) / spreadChunkRuns }

// Chunks returns the number of chunks, fixed by the number of runs and
// policies alone.
func (j *SpreadJob) Chunks() int { return len(j.names) * j.chunksPerPolicy() }

// Runs returns the total number of runs over all policies (runs × policies).
func (j *SpreadJob) Runs() int { return len(j.names) * j.runs }

// chunk returns chunk c's policy and world range [lo, hi).
func (j *SpreadJob) chunk(c int) (p, lo, hi int) {
	per := j.chunksPerPolicy()
	p = c / per
	lo = (c % per) * spreadChunkRuns
	return p, lo, min(lo+spreadChunkRuns, j.runs)
}

// ChunkRuns returns how many runs chunk c plays.
func (j *SpreadJob) ChunkRuns(c int) int {
	_, lo, hi := j.chunk(c)
	return hi - lo
}

// PlayChunk plays chunk c (0 ≤ c < Chunks) on the calling goroutine. Before
// each run it calls stop, if not nil, and gives up when stop returns true;
// it reports whether the chunk was played whole. Distinct chunks may be
// played concurrently; one chunk must not be played twice at once.
func (j *SpreadJob) PlayChunk(c int, stop func() bool) bool {
	p, lo, hi := j.chunk(c)
	var d Decider
	if p > 0 {
		d, _ = NewPolicy(j.names[p], nil)
	}
	pattern, _ := NewPolicy("pattern", nil)
	r := NewRun(j.sc, j.seed, uint64(lo))
	r.SetQuiet(true)
	for i := lo; i < hi; i++ {
		if stop != nil && stop() {
			return false
		}
		r.Reset(j.seed, uint64(i))
		dd := d
		if p == 0 {
			dd = j.log.Decider(pattern) // a replayer remembers which answers it used
		}
		out, err := PlayWithFires(r, dd, j.fires)
		if err != nil {
			// The fires were checked against the scenario in NewSpreadJob;
			// one that fails here is a bug in the engine.
			panic("sim: spread: " + err.Error())
		}
		j.vals[p][i] = HeadlinesOf(out.Metrics())
	}
	j.played[c] = true
	return true
}

// Run plays every chunk on the calling goroutine (tests, the command line).
func (j *SpreadJob) Run() {
	for c := 0; c < j.Chunks(); c++ {
		j.PlayChunk(c, nil)
	}
}

// Spread is the team's run placed among runs worlds of its own policy and
// of every built-in doctrine.
type Spread struct {
	// Seed is the seed of the worlds: world i is stream (Seed, i).
	Seed uint64
	// Runs is the number of worlds each policy played.
	Runs int
	// Actual is the team's actual run's headline figures.
	Actual Headlines
	// Policies has the team's policy (Name TeamPolicy) first, then every
	// built-in policy in PolicyNames order.
	Policies []SpreadPolicy
}

// SpreadPolicy is one policy's runs.
type SpreadPolicy struct {
	// Name is TeamPolicy or a built-in policy's name.
	Name string
	// Values holds each world's figures, indexed by world.
	Values []Headlines
	// Mean is the mean over the worlds, figure by figure.
	Mean Headlines
	// Percentile is, per figure, where Spread.Actual falls among Values:
	// the mid-rank percentile 100 × (runs below + ½ runs equal) / runs, in
	// [0, 100]. For attributable leaks a low percentile is the good end.
	Percentile Headlines
}

// Sorted returns the policy's values of figure h in ascending order (a new
// slice).
func (p *SpreadPolicy) Sorted(h Headline) []float64 {
	out := make([]float64, len(p.Values))
	for i := range p.Values {
		out[i] = p.Values[i][h]
	}
	sort.Float64s(out)
	return out
}

// MidRank returns the mid-rank percentile of x among values, 100 × (the
// number below x + half the number equal to it) / len(values), in
// [0, 100]; 50 when values is empty. Ties — common for counts such as
// threats averted — are split evenly, so a run equal to every other is at
// the 50th percentile, not the 0th or the 100th.
func MidRank(values []float64, x float64) float64 {
	if len(values) == 0 {
		return 50
	}
	var below, equal int
	for _, v := range values {
		switch {
		case v < x:
			below++
		case v == x:
			equal++
		}
	}
	return 100 * (float64(below) + float64(equal)/2) / float64(len(values))
}

// Result assembles the spread, placing actual (the team's actual run's
// metrics) in it. It returns an error if a chunk has not been played whole.
func (j *SpreadJob) Result(actual Metrics) (*Spread, error) {
	for c, ok := range j.played {
		if !ok {
			return nil, fmt.Errorf("spread chunk %d of %d was not played", c, len(j.played))
		}
	}
	s := &Spread{Seed: j.seed, Runs: j.runs, Actual: HeadlinesOf(actual)}
	col := make([]float64, j.runs)
	for p, name := range j.names {
		sp := SpreadPolicy{Name: name, Values: j.vals[p]}
		for h := range NumHeadlines {
			var sum float64
			for i := range sp.Values {
				col[i] = sp.Values[i][h]
				sum += col[i] // in world order: the same sum on any machine
			}
			sp.Mean[h] = sum / float64(j.runs)
			sp.Percentile[h] = MidRank(col, s.Actual[h])
		}
		s.Policies = append(s.Policies, sp)
	}
	return s, nil
}
