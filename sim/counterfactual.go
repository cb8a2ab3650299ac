package sim

import (
	"fmt"
)

// This file answers "had you chosen X instead" for each decision a team
// made. A counterfactual replays the team's own world — the same seed and
// stream, so every random quantity (event fates, delays, leak clocks, the
// luck against each threat) is the same keyed draw — with the facilitator's
// fires at the same instants and the team's logged answers up to the
// decision, changes that one decision, and answers every later decision by
// the nation's scenario doctrine.
//
// The comparison is paired: its baseline is the same replay with the team's
// own answer to that decision, later decisions by doctrine too. So a delta
// is what the one changed decision caused, never the difference between the
// team's later choices and doctrine's. (Against the team's actual run the
// difference would mix the two; the baseline of the last decision is the
// actual run, since no decision comes after it.)

// Headline indexes the four headline figures of a run that the debrief
// places in distributions and counterfactuals: see HeadlineNames.
type Headline int

const (
	// HCoverage is Metrics.Coverage: of every (item, nation that needs it)
	// pair, the share held in time. In [0, 1]; higher is better.
	HCoverage Headline = iota
	// HAttributableLeaks is Metrics.AttributableLeaks, a count ≥ 0; lower is
	// better.
	HAttributableLeaks
	// HThreatsAverted is Metrics.ThreatsAverted, a count of (threat, target)
	// pairs ≥ 0; higher is better.
	HThreatsAverted
	// HScore is Metrics.Score, the weighted share of objectives met, in
	// [0, 1]; higher is better.
	HScore
	// NumHeadlines is the number of headline figures.
	NumHeadlines
)

// HeadlineNames names the headline figures, indexed by Headline, as the
// batch columns of the same metrics are named.
var HeadlineNames = [NumHeadlines]string{"coverage", "attributable_leaks", "threats_averted", "score"}

// HeadlineTitles are the headline figures' names for people, indexed by
// Headline.
var HeadlineTitles = [NumHeadlines]string{"Coverage", "Attributable leaks", "Threats averted", "Score"}

// LowerIsBetter reports whether a lower value of h is the better one
// (attributable leaks); for the others higher is better.
func (h Headline) LowerIsBetter() bool { return h == HAttributableLeaks }

// Headlines holds one value per headline figure, indexed by Headline. Counts
// are held as float64 so that means and differences fit the same type.
type Headlines [NumHeadlines]float64

// HeadlinesOf picks the headline figures from m.
func HeadlinesOf(m Metrics) Headlines {
	return Headlines{m.Coverage, float64(m.AttributableLeaks), float64(m.ThreatsAverted), m.Score}
}

// Sub returns h − o, figure by figure.
func (h Headlines) Sub(o Headlines) Headlines {
	for i := range h {
		h[i] -= o[i]
	}
	return h
}

// Alternative names an answer to a logged decision other than, or the same
// as, the team's.
type Alternative int

const (
	// AsChosen is the team's own logged answer: the counterfactual's
	// baseline.
	AsChosen Alternative = iota
	// WithholdAll withholds from every potential recipient (a share
	// decision).
	WithholdAll
	// FullToAll shares the full report with every potential recipient
	// whose row allows it — not blocked by law or marking, seeking a waiver
	// where a law offers one, on the fastest channel accredited for it — and
	// withholds from the rest (a share decision). Nothing is forced.
	FullToAll
	// TearlineToAll shares a tearline with every potential recipient whose
	// row allows it, as FullToAll does for the full report (a share
	// decision).
	TearlineToAll
	// OppositeConsent gives the other answer to a consent request: refuse
	// what was granted, grant what was refused.
	OppositeConsent
)

// String words the alternative for a table: "withhold from all".
func (a Alternative) String() string {
	switch a {
	case AsChosen:
		return "as chosen"
	case WithholdAll:
		return "withhold from all"
	case FullToAll:
		return "full to all it may go to"
	case TearlineToAll:
		return "tearline to all it may go to"
	case OppositeConsent:
		return "the opposite answer"
	}
	return fmt.Sprintf("alternative %d", int(a))
}

// Alternatives lists the alternatives a counterfactual tries for a decision
// of kind k, in table order (AsChosen, the baseline, is not among them).
func Alternatives(k DecisionKind) []Alternative {
	if k == ConsentDecision {
		return []Alternative{OppositeConsent}
	}
	return []Alternative{WithholdAll, FullToAll, TearlineToAll}
}

// Played is a finished exercise to replay: its scenario, the team's decision
// log (answers and fires) and the stream it was played on.
type Played struct {
	// Scenario is the scenario played.
	Scenario *Scenario
	// Log holds the team's answers in the order they were given, and the
	// facilitator's fires. It must have been recorded on Scenario.
	Log *DecisionLog
	// Seed and Stream are the run's random stream (Outcome.Seed and
	// Outcome.Stream; the desktop app plays stream 0). Log.Seed is not
	// used: a log with no decisions never set it.
	Seed, Stream uint64
}

// Counterfactual is one "had you chosen X instead" for one logged decision.
type Counterfactual struct {
	// Index is the decision's index in DecisionLog.Decisions (and in the
	// debrief's records, which are kept in the same order).
	Index int
	// Seq is the decision's sequence number in the run (Decision.Seq).
	Seq int
	// Kind is the decision's kind.
	Kind DecisionKind
	// Alternative is the answer tried instead of the team's.
	Alternative Alternative
	// Same reports that the alternative is the answer the team gave (for
	// example "withhold from all" when the team withheld from everyone):
	// Changed then equals Baseline and Delta is zero.
	Same bool
	// Baseline is the replay with the team's answers up to and including
	// this decision and doctrine after it.
	Baseline Headlines
	// Changed is the same replay with only this decision answered by
	// Alternative.
	Changed Headlines
	// Delta is Changed − Baseline: what the one changed decision caused, on
	// common random numbers. Coverage and score in [−1, 1]; counts as
	// differences of counts.
	Delta Headlines
}

// loggedMatches reports whether raised decision d is logged decision ld.
func loggedMatches(sc *Scenario, d *Decision, ld *LoggedDecision) bool {
	if ld.Kind != d.Kind.String() || ld.Item != sc.Items[d.Item].ID || ld.Holder != sc.Nations[d.Holder].ID {
		return false
	}
	return d.Kind != ConsentDecision || ld.Requester == sc.Nations[d.Requester].ID && ld.Recipient == sc.Nations[d.Recipient].ID
}

// cfDecider answers the first k logged decisions as logged, decision k by
// alternative alt, and the rest with later. It replays strictly in order:
// the i-th decision raised must be the log's i-th, or err is set.
type cfDecider struct {
	log   *DecisionLog
	k     int
	alt   Alternative
	later Decider
	n     int
	same  bool // decision k's alternative is the logged answer
	err   error
}

// Decide implements Decider.
func (c *cfDecider) Decide(r *Run, d *Decision) Answer {
	i := c.n
	c.n++
	if i > c.k || c.err != nil {
		return c.later.Decide(r, d)
	}
	ld := &c.log.Decisions[i]
	if !loggedMatches(r.sc, d, ld) {
		c.err = fmt.Errorf("decision %d: the replay raised a %s of %s by %s, the log has a %s of %s by %s: the log does not replay on this scenario and stream",
			i, d.Kind, r.sc.Items[d.Item].ID, r.sc.Nations[d.Holder].ID, ld.Kind, ld.Item, ld.Holder)
		return c.later.Decide(r, d)
	}
	var logged Answer
	if d.Kind == ConsentDecision {
		logged = Answer{Grant: ld.Grant}
	} else {
		a, ok := replayShares(r, d, ld)
		if !ok {
			c.err = fmt.Errorf("decision %d (%s of %s by %s): the logged answer no longer fits", i, ld.Kind, ld.Item, ld.Holder)
			return c.later.Decide(r, d)
		}
		logged = a
	}
	if i < c.k || c.alt == AsChosen {
		c.same = i == c.k
		return logged
	}
	alt := alternativeAnswer(r, d, c.alt, logged)
	c.same = sameAnswer(alt, logged)
	return alt
}

// alternativeAnswer builds alternative alt to decision d, whose logged
// answer is logged.
func alternativeAnswer(r *Run, d *Decision, alt Alternative, logged Answer) Answer {
	switch alt {
	case OppositeConsent:
		return Answer{Grant: !logged.Grant}
	case FullToAll, TearlineToAll:
		act := Full
		if alt == TearlineToAll {
			act = Tearline
		}
		var a Answer
		for i := range d.Rows {
			if sh, ok := formChoice(&d.Rows[i], act); ok && r.checkAnswer(d, Answer{Shares: []ShareChoice{sh}}) == nil {
				a.Shares = append(a.Shares, sh)
			}
		}
		return a
	case AsChosen:
		return logged
	}
	return Answer{} // WithholdAll
}

// formChoice is a share of row in form act exactly (no fallback to another
// form): not blocked, a waiver sought where a law offers one, on the
// fastest route accredited for it; ok is false when there is none.
func formChoice(row *Row, act Action) (ShareChoice, bool) {
	ru := &row.Rules[act]
	if ru.Blocked {
		return ShareChoice{}, false
	}
	k := fastestRoute(row.Routes, row.Level[act])
	if k < 0 {
		return ShareChoice{}, false
	}
	return ShareChoice{Recipient: row.Recipient, Action: act, Route: k, Waiver: ru.WaiverAvailable}, true
}

// sameAnswer reports whether a and b send the same shares (withheld entries
// ignored, order ignored) or, for consent, give the same grant.
func sameAnswer(a, b Answer) bool {
	if a.Grant != b.Grant {
		return false
	}
	sent := func(x Answer) map[ShareChoice]bool {
		m := map[ShareChoice]bool{}
		for _, sh := range x.Shares {
			if sh.Action != Withhold {
				m[sh] = true
			}
		}
		return m
	}
	sa, sb := sent(a), sent(b)
	if len(sa) != len(sb) {
		return false
	}
	for k := range sa {
		if !sb[k] {
			return false
		}
	}
	return true
}

// Replay plays w with decision k (an index into w.Log.Decisions) answered
// by alt, the decisions before it as logged and those after it by later
// (nil: the "doctrine" policy), and returns the outcome's metrics and
// whether alt turned out to be the logged answer. With k = len(Decisions)
// (or more) every logged decision is replayed and nothing is changed.
// Replay returns an error when the log does not replay on w (a decision
// raised out of its logged order, an answer that no longer fits, a bad
// fire).
func (w *Played) Replay(k int, alt Alternative, later Decider) (m Metrics, same bool, err error) {
	if later == nil {
		later, _ = NewPolicy("doctrine", nil)
	}
	fires, err := ParseFires(w.Scenario, w.Log.Fires)
	if err != nil {
		return Metrics{}, false, err
	}
	r := NewRun(w.Scenario, w.Seed, w.Stream)
	r.SetQuiet(true)
	c := &cfDecider{log: w.Log, k: min(k, len(w.Log.Decisions)), alt: alt, later: later}
	if c.k == len(w.Log.Decisions) {
		c.alt = AsChosen
	}
	out, err := PlayWithFires(r, c, fires)
	if err != nil {
		return Metrics{}, false, err
	}
	if c.err != nil {
		return Metrics{}, false, c.err
	}
	if c.n <= c.k && c.k < len(w.Log.Decisions) {
		return Metrics{}, false, fmt.Errorf("decision %d was never raised in the replay (%d were): the log does not replay on this scenario and stream", c.k, c.n)
	}
	return out.Metrics(), c.same, nil
}

// CounterfactualsFor returns decision k's counterfactuals (one per
// Alternatives of its kind, in that order), each against the same
// baseline. later answers the decisions after k (nil: "doctrine"). It
// plays 1 + len(Alternatives) runs on the calling goroutine.
func (w *Played) CounterfactualsFor(k int, later Decider) ([]Counterfactual, error) {
	if k < 0 || k >= len(w.Log.Decisions) {
		return nil, fmt.Errorf("decision %d: the log has %d decisions", k, len(w.Log.Decisions))
	}
	ld := &w.Log.Decisions[k]
	kind := ShareDecision
	if ld.Kind == ConsentDecision.String() {
		kind = ConsentDecision
	}
	bm, _, err := w.Replay(k, AsChosen, later)
	if err != nil {
		return nil, err
	}
	base := HeadlinesOf(bm)
	var out []Counterfactual
	for _, alt := range Alternatives(kind) {
		cm, same, err := w.Replay(k, alt, later)
		if err != nil {
			return nil, err
		}
		ch := HeadlinesOf(cm)
		out = append(out, Counterfactual{Index: k, Seq: ld.Seq, Kind: kind, Alternative: alt, Same: same,
			Baseline: base, Changed: ch, Delta: ch.Sub(base)})
	}
	return out, nil
}

// Counterfactuals returns every logged decision's counterfactuals, decision
// by decision in log order (see CounterfactualsFor).
func (w *Played) Counterfactuals(later Decider) ([]Counterfactual, error) {
	var out []Counterfactual
	for k := range w.Log.Decisions {
		cs, err := w.CounterfactualsFor(k, later)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}
