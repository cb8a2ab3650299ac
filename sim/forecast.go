package sim

import (
	"errors"
	"runtime"
	"sort"
	"sync"

	"gonum.org/v1/gonum/stat"
)

// This file forecasts a candidate answer by Monte Carlo. Each rollout is a
// private copy of the run in a world of the forecast's own (fate-blind: see
// forget.go), played to the end with later decisions answered as the
// player has answered so far where that shows a pattern, else by doctrine.
// Every figure is a difference between paired rollouts — the same world with
// and without the choice — so it measures what the choice adds, not what
// would happen anyway.

// Preview is a Monte Carlo forecast of a candidate answer to the pending
// decision, over the rest of the exercise.
type Preview struct {
	// Rollouts is the number of simulated worlds; every variant of the
	// answer is played in each.
	Rollouts int
	// Threats lists the (threat, target) pairs still to come at the decision
	// time; Effect.Avert is indexed like it.
	Threats []ThreatPair
	// Rows has one entry per row of a share decision (every potential
	// recipient), in the decision's order. Empty for a consent decision.
	Rows []PreviewRow
	// Whole is the answer as a whole against withholding from everyone (a
	// share decision), or granting against refusing (a consent decision).
	Whole Effect
	// Future names the policy that answers later decisions in the rollouts.
	Future string
	// Err is set when no decision is pending or the answer is malformed;
	// the rest is then empty.
	Err error
}

// ThreatPair is one threat against one target.
type ThreatPair struct {
	Threat int // index into Scenario.Threats
	Target int // nation index
}

// Effect is the difference a choice makes, from paired rollouts on common
// random numbers: the mean over worlds of (with the choice − without it).
type Effect struct {
	// AddedLeak is the change in the probability that the item leaks
	// anywhere (any holder, any link) before the end. In [−1, 1].
	AddedLeak float64
	// Avert is, per Preview.Threats, the change in the probability that the
	// threat is averted for its target. Each in [−1, 1].
	Avert []float64
	// Harm is the change in expected harm (impact-weighted threats struck).
	Harm float64
	// Coverage is the change in expected coverage (see Metrics.Coverage).
	Coverage float64
	// Trust is the change in the recipient's expected trust in the holder at
	// the end (for Whole: the mean over the decision's recipients; for a
	// consent: the requester's trust in the originator). Background drift —
	// forgetting, crises — is the same on both sides and cancels.
	Trust float64
}

// PreviewRow is the forecast for one recipient.
type PreviewRow struct {
	Recipient int
	// Choice is the share forecast: the answer's choice for this recipient,
	// or — where the answer withholds — the share withholding forgoes (full
	// on the fastest usable route, else a tearline, waivers sought).
	Choice ShareChoice
	// Withheld reports that the answer withholds from this recipient; the
	// figures are then those of the forgone share, and Effect is what
	// withholding gives up (its negative is the cost of withholding).
	Withheld bool
	// Err says why the share cannot go as chosen (blocked, a route that
	// cannot carry it) or, for a withheld row, that no lawful share exists;
	// the figures are then zero and the share is left out of the forecast.
	Err error
	// PInTime is the probability the recipient holds the item from this
	// share by the item's need time.
	PInTime float64
	// PArrive is the probability it holds it from this share before the end.
	PArrive float64
	// Median and P90 are the delivery time from now (decision to holding), in
	// hours, over the rollouts where it arrived; 0 when it never did.
	Median, P90 Hours
	// PLeak is the probability the item leaks from this recipient or is
	// intercepted on its way there, before the end. It says where a leak
	// would happen, not how much the share adds: see Effect.AddedLeak.
	PLeak float64
	// Effect is sharing Choice against withholding from this recipient, the
	// rest of the answer as given.
	Effect Effect
}

// Preview forecasts answer a to the pending decision by rollouts worlds
// drawn from seed. Later decisions in the rollouts follow each player
// nation's habits so far where they show one, and its scenario doctrine
// where they do not (the "pattern" policy; see PreviewWith). r is not changed; to
// preview off the main goroutine, Clone r first and preview the clone.
//
// The forecast is fate-blind: it uses nothing the deciding nation could not
// know at the decision time. Two runs that reach the same state under
// different seeds get the same forecast.
func (r *Run) Preview(a Answer, rollouts int, seed uint64) *Preview {
	return r.PreviewWith(a, rollouts, seed, nil)
}

// PreviewWith is Preview with future decisions answered by future (nil: the
// "pattern" policy).
func (r *Run) PreviewWith(a Answer, rollouts int, seed uint64, future Decider) *Preview {
	return forecast(r, a, rollouts, seed, PreviewOptions{Future: future}, false)
}

// PreviewOptions tunes a forecast; the zero value is Preview's.
type PreviewOptions struct {
	// Future answers later decisions in the rollouts (nil: "pattern").
	Future Decider
	// Workers is how many goroutines play the rollouts: 0 for one per core
	// (GOMAXPROCS), 1 to play them all on the calling goroutine (and so on
	// its OS thread, e.g. one of lowered priority). The result does not
	// depend on it.
	Workers int
	// AsHolder forecasts as the deciding nation knows the world: state
	// hidden from it — other nations' holdings, shares between other
	// nations, other nations' trust and decisions — is not used but
	// replaced by what the scenario alone gives, the shares under way and
	// the others' trust by a stand-in play in the forecast's own world (see
	// viewer.go). It costs a play of the scenario up to now per chunk of
	// rollouts (16 per forecast). Two runs
	// that differ only in what is hidden from the deciding nation then give
	// identical forecasts (with the same seed: key it by what the nation
	// knows, not by Decision.Seq, which counts every nation's decisions). A
	// workshop station's forecasts set it.
	AsHolder bool
}

// PreviewOpts is Preview with options.
func (r *Run) PreviewOpts(a Answer, rollouts int, seed uint64, o PreviewOptions) *Preview {
	return forecast(r, a, rollouts, seed, o, false)
}

var errNoDecision = errors.New("no decision is pending")

// answerError is an error in one share of an answer.
type answerError struct{ msg string }

func (e *answerError) Error() string { return e.msg }

// perShare reports whether err concerns one share only (so the others can
// still be forecast).
func perShare(err error) bool {
	_, ok := err.(*answerError)
	return ok
}

// errNoShare marks a withheld row with no lawful share to forecast.
var errNoShare = errors.New("no lawful share to forecast: every form is blocked or has no usable channel")

// sample is what one rollout of one variant gave.
type sample struct {
	leaked   bool
	averted  []bool // per Preview.Threats
	harm     float64
	coverage float64
	trust    []float64 // per row: recipient's trust in the holder at the end
	trustC   float64   // consent: requester's trust in the originator
}

// rowAcc sums one row's figures over a chunk of rollouts.
type rowAcc struct {
	eff                     Effect
	pArrive, pInTime, pLeak float64
	times                   []float64
}

// forecaster plays a chunk of rollouts with its own scratch run. A forecast
// is split into a fixed number of chunks whatever the number of workers, and
// the chunks are summed in order, so the result is the same on any machine.
type forecaster struct {
	s        Run
	d        *Decision
	p        *Preview
	future   Decider
	nl, nt   int
	nd       int
	base, v  sample
	rows     []rowAcc
	whole    Effect
	variants []Answer
	grant    bool
}

// forecastChunks is how many pieces a forecast's rollouts are split into:
// enough to keep every core of a desktop busy, fixed so that results do not
// depend on the core count.
const forecastChunks = 16

func (f *forecaster) init(p *Preview, d *Decision, future Decider, variants []Answer, grant bool) {
	*f = forecaster{d: d, p: p, future: future, variants: variants, grant: grant}
	f.base = newSample(len(p.Threats), len(p.Rows))
	f.v = newSample(len(p.Threats), len(p.Rows))
	f.rows = make([]rowAcc, len(p.Rows))
	for i := range f.rows {
		f.rows[i].eff.Avert = make([]float64, len(p.Threats))
	}
	f.whole.Avert = make([]float64, len(p.Threats))
}

// chunk plays rollouts [lo, hi) of the forecast from r.
func (f *forecaster) chunk(r *Run, fseed uint64, lo, hi int) {
	p, d, variants := f.p, f.d, f.variants
	nrows := len(p.Rows)
	for k := lo; k < hi; k++ {
		world := worldKey(fseed, uint64(k))
		f.play(r, world, variants[0], &f.base, playBase)
		if d.Kind == ConsentDecision {
			f.play(r, world, variants[1], &f.v, -1)
			if f.grant {
				addEffect(&f.whole, &f.base, &f.v, -1)
			} else {
				addEffect(&f.whole, &f.v, &f.base, -1)
			}
			continue
		}
		for i := range p.Rows {
			if p.Rows[i].Err != nil {
				continue
			}
			with, without := &f.base, &f.v
			if p.Rows[i].Withheld {
				with, without = &f.v, &f.base
			}
			f.play(r, world, variants[1+i], &f.v, i)
			addEffect(&f.rows[i].eff, with, without, i)
		}
		if len(variants) > 1+nrows {
			f.play(r, world, variants[1+nrows], &f.v, -1)
			addEffect(&f.whole, &f.base, &f.v, -1)
		}
	}
}

// sumEffect adds b into a.
func sumEffect(a, b *Effect) {
	a.AddedLeak += b.AddedLeak
	for k := range a.Avert {
		a.Avert[k] += b.Avert[k]
	}
	a.Harm += b.Harm
	a.Coverage += b.Coverage
	a.Trust += b.Trust
}

// forecast is PreviewWith; sentOnly skips the withheld rows and the whole
// (calibration needs only the shares sent).
func forecast(r *Run, a Answer, rollouts int, seed uint64, o PreviewOptions, sentOnly bool) *Preview {
	future := o.Future
	p := &Preview{Rollouts: rollouts}
	d := r.cur
	if d == nil {
		p.Err = errNoDecision
		return p
	}
	if future == nil {
		future, _ = NewPolicy("pattern", nil)
	}
	p.Future = "pattern"
	if s, ok := future.(interface{ String() string }); ok {
		p.Future = s.String()
	}
	for t := range r.sc.Threats {
		for _, target := range r.sc.Threats[t].Targets {
			if !r.threatDone(t, target) {
				p.Threats = append(p.Threats, ThreatPair{t, target})
			}
		}
	}
	var variants []Answer // variants[0] is the answer as it goes; the rest per row, then the whole
	if d.Kind == ConsentDecision {
		variants = []Answer{{Grant: a.Grant}, {Grant: !a.Grant}}
	} else {
		if err := r.checkAnswer(d, Answer{Shares: a.Shares}); err != nil && !perShare(err) {
			p.Err = err // the answer as a whole is malformed (duplicates, strangers)
			return p
		}
		valid := Answer{}
		chosen := make(map[int]ShareChoice, len(a.Shares))
		for _, sh := range a.Shares {
			if sh.Action != Withhold {
				chosen[sh.Recipient] = sh
			}
		}
		p.Rows = make([]PreviewRow, len(d.Rows))
		for i := range d.Rows {
			row := &d.Rows[i]
			pr := &p.Rows[i]
			pr.Recipient = row.Recipient
			if sh, ok := chosen[row.Recipient]; ok {
				pr.Choice = sh
				if err := r.checkAnswer(d, Answer{Shares: []ShareChoice{sh}}); err != nil {
					pr.Err = err
				} else {
					valid.Shares = append(valid.Shares, sh)
				}
				continue
			}
			pr.Withheld = true
			if sentOnly {
				pr.Err = errNoShare
			} else if sh, ok := bestChoice(row, Full, true); ok {
				pr.Choice = sh
			} else {
				pr.Err = errNoShare
			}
		}
		variants = append(variants, valid)
		for i := range p.Rows {
			pr := &p.Rows[i]
			if pr.Err != nil {
				variants = append(variants, Answer{})
				continue
			}
			v := Answer{}
			for _, sh := range valid.Shares {
				if sh.Recipient != pr.Recipient {
					v.Shares = append(v.Shares, sh)
				}
			}
			if pr.Withheld {
				v.Shares = append(v.Shares, pr.Choice)
			}
			variants = append(variants, v)
		}
		if len(valid.Shares) > 0 && !sentOnly {
			variants = append(variants, Answer{})
		}
	}
	if rollouts <= 0 {
		return p
	}
	grant := d.Kind == ConsentDecision && a.Grant
	nchunks := min(forecastChunks, rollouts)
	chunks := make([]forecaster, nchunks)
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, nchunks)
	fseed := mix(seed, 0xf07eca57)
	next := make(chan int, nchunks)
	for c := 0; c < nchunks; c++ {
		next <- c
	}
	close(next)
	work := func() {
		var own Run // each worker reads its own copy of r
		if !o.AsHolder {
			own.copyFrom(r)
		}
		for c := range next {
			if o.AsHolder {
				// The world as the holder knows it, with the other
				// nations' unseen shares imputed per chunk (so results do
				// not depend on the number of workers).
				own.copyFrom(r)
				own.viewerize(d.Holder)
				own.impute(d.Holder, mix(fseed, uint64(c)))
			}
			f := &chunks[c]
			f.init(p, d, future, variants, grant)
			f.chunk(&own, fseed, c*rollouts/nchunks, (c+1)*rollouts/nchunks)
			f.s = Run{}
		}
	}
	if workers == 1 {
		work()
	} else {
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				work()
			}()
		}
		wg.Wait()
	}
	p.Whole.Avert = make([]float64, len(p.Threats))
	times := make([][]float64, len(p.Rows))
	for i := range p.Rows {
		p.Rows[i].Effect.Avert = make([]float64, len(p.Threats))
	}
	for c := range chunks {
		f := &chunks[c]
		sumEffect(&p.Whole, &f.whole)
		for i := range p.Rows {
			pr, ra := &p.Rows[i], &f.rows[i]
			sumEffect(&pr.Effect, &ra.eff)
			pr.PArrive += ra.pArrive
			pr.PInTime += ra.pInTime
			pr.PLeak += ra.pLeak
			times[i] = append(times[i], ra.times...)
		}
	}
	n := float64(rollouts)
	scale(&p.Whole, n)
	for i := range p.Rows {
		pr := &p.Rows[i]
		if pr.Err != nil {
			continue
		}
		scale(&pr.Effect, n)
		pr.PArrive /= n
		pr.PInTime /= n
		pr.PLeak /= n
		if ts := times[i]; len(ts) > 0 {
			sort.Float64s(ts)
			pr.Median = Hours(stat.Quantile(0.5, stat.Empirical, ts, nil))
			pr.P90 = Hours(stat.Quantile(0.9, stat.Empirical, ts, nil))
		}
	}
	return p
}

func newSample(threats, rows int) sample {
	return sample{averted: make([]bool, threats), trust: make([]float64, rows)}
}

// threatDone reports whether threat t has already come for target.
func (r *Run) threatDone(t, target int) bool {
	for _, tr := range r.out.Threats {
		if tr.Threat == t && tr.Target == target {
			return true
		}
	}
	return false
}

// playBase marks the play of the answer as it goes.
const playBase = -2

// play plays answer a in world from r's state into sample out. Playing the
// answer itself (row = playBase) records the delivery of every share in it;
// playing a withheld row's variant (row ≥ 0) records the forgone share's.
func (f *forecaster) play(r *Run, world uint64, a Answer, out *sample, row int) {
	s := &f.s
	s.copyFrom(r)
	s.quiet = true
	s.frozen = true
	s.world = world
	s.forgetFates()
	f.nl, f.nt, f.nd = len(s.out.Leaks), len(s.out.Threats), len(s.out.Deliveries)
	if err := s.Answer(a); err != nil {
		panic("sim: preview: a checked answer failed: " + err.Error())
	}
	Play(s, f.future)
	d := f.d
	out.leaked = false
	for _, l := range s.out.Leaks[f.nl:] {
		if l.Item == d.Item {
			out.leaked = true
			break
		}
	}
	clear(out.averted)
	out.harm = 0
	for _, tr := range s.out.Threats[f.nt:] {
		for k, tp := range f.p.Threats {
			if tp.Threat == tr.Threat && tp.Target == tr.Target {
				out.averted[k] = tr.Averted
			}
		}
		if !tr.Averted {
			out.harm += s.out.threatImpact(tr.Threat)
		}
	}
	out.coverage = s.out.Coverage()
	for i := range f.p.Rows {
		out.trust[i] = s.out.TrustEnd[f.p.Rows[i].Recipient*s.n+d.Holder]
	}
	if d.Kind == ConsentDecision {
		out.trustC = s.out.TrustEnd[d.Requester*s.n+d.Holder]
	}
	switch {
	case row == playBase:
		for i := range f.p.Rows {
			if pr := &f.p.Rows[i]; !pr.Withheld && pr.Err == nil {
				f.delivery(i)
			}
		}
	case row >= 0 && f.p.Rows[row].Withheld:
		f.delivery(row)
	}
}

// delivery records, for row i, the share's delivery and leaks in the
// rollout just played (f.s).
func (f *forecaster) delivery(i int) {
	s, d := &f.s, f.d
	pr := &f.p.Rows[i]
	to := pr.Recipient
	for _, dl := range s.out.Deliveries[f.nd:] {
		if dl.Item == d.Item && dl.To == to && dl.From == d.Holder {
			ra := &f.rows[i]
			ra.pArrive++
			if dl.OnTime {
				ra.pInTime++
			}
			ra.times = append(ra.times, float64(dl.Held-d.Time))
			break
		}
	}
	for _, l := range s.out.Leaks[f.nl:] {
		if l.Item == d.Item && (l.Holder == to || l.Intercepted && l.To == to) {
			f.rows[i].pLeak++
			break
		}
	}
}

// addEffect adds one world's (with − without) to e; row ≥ 0 picks that row's
// recipient for trust, −1 the mean over rows (or the consent's requester).
func addEffect(e *Effect, with, without *sample, row int) {
	e.AddedLeak += b2f(with.leaked) - b2f(without.leaked)
	for k := range e.Avert {
		e.Avert[k] += b2f(with.averted[k]) - b2f(without.averted[k])
	}
	e.Harm += with.harm - without.harm
	e.Coverage += with.coverage - without.coverage
	switch {
	case row >= 0:
		e.Trust += with.trust[row] - without.trust[row]
	case len(with.trust) > 0:
		var dt float64
		for i := range with.trust {
			dt += with.trust[i] - without.trust[i]
		}
		e.Trust += dt / float64(len(with.trust))
	default:
		e.Trust += with.trustC - without.trustC
	}
}

func scale(e *Effect, n float64) {
	e.AddedLeak /= n
	for k := range e.Avert {
		e.Avert[k] /= n
	}
	e.Harm /= n
	e.Coverage /= n
	e.Trust /= n
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
