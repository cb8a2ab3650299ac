package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"tearline/scenario"

	"tearline/internal/fileio"
)

// DecisionLog is a recorded sequence of answers, written as JSON, that can be
// replayed as a Decider: the desktop app saves one per exercise, and batches
// replay them as a policy.
//
//	{"scenario": "default.toml", "scenario_hash": "…", "seed": 1,
//	 "decisions": [{"seq": 0, "kind": "share", "item": "raid-warning", "holder": "ALDERIA",
//	   "shares": [{"to": "BRAVIA", "action": "tearline", "route": "COALNET"}]}],
//	 "fires": ["walk-in@D+1 12:00"],
//	 "trust": [{"from": "BRAVIA", "to": "ALDERIA", "delta": -0.1, "at": "D+1 06:00", "n": 0}],
//	 "reveals": [{"nation": "BRAVIA", "item": "walk-in", "at": "D+1 12:00", "n": 2}]}
//
// A run's journal (Run.Record) is one: the answers in the order applied and
// every facilitator action (fire, trust adjustment, reveal) with its instant
// and its place among them; PlayLog replays it (as tearline-sim run
// --decisions does) to the same outcome.
type DecisionLog struct {
	Scenario     string           `json:"scenario,omitempty"`
	ScenarioHash string           `json:"scenario_hash,omitempty"`
	Seed         uint64           `json:"seed"`
	Decisions    []LoggedDecision `json:"decisions"`
	// Fires are the on-demand injects and events a facilitator fired, as
	// "ID@TIME" in firing order (TIME as FormatClockExact writes it), so a
	// replay fires them at the same instants. tearline-sim run applies
	// them; a batch that replays the log as a policy does not (give --fire).
	Fires []string `json:"fires,omitempty"`
	// Trust are the facilitator's trust adjustments (Run.AdjustTrust) and
	// Reveals the items the facilitator handed to a nation (Run.Reveal),
	// each with its instant and its place N among all the log's facilitator
	// actions; the fires take the places the others leave, in their order.
	// PlayLog applies all three in that order, each at its instant.
	Trust   []LoggedTrust  `json:"trust,omitempty"`
	Reveals []LoggedReveal `json:"reveals,omitempty"`

	// src locates the log's values in the file it was read from, for Check;
	// nil for a log built in memory.
	src *logSource
}

// AddFire records that on-demand inject or event id was fired at time at.
// Facilitator actions are added in the order they were given (AddFire,
// AddTrust, AddReveal), which fixes their order at one instant.
func (l *DecisionLog) AddFire(id string, at Hours) {
	l.Fires = append(l.Fires, id+"@"+scenario.FormatClockExact(at))
}

// acts counts the facilitator actions recorded so far.
func (l *DecisionLog) acts() int { return len(l.Fires) + len(l.Trust) + len(l.Reveals) }

// AddTrust records that the facilitator moved nation from's trust in nation
// to (ids) by delta at time at (see Run.AdjustTrust), as the next facilitator
// action.
func (l *DecisionLog) AddTrust(from, to string, delta float64, at Hours) {
	l.Trust = append(l.Trust, LoggedTrust{From: from, To: to, Delta: delta, At: scenario.FormatClockExact(at), N: l.acts()})
}

// AddReveal records that the facilitator handed item (an inject id) to
// nation (an id) at time at (see Run.Reveal), as the next facilitator action.
func (l *DecisionLog) AddReveal(nation, item string, at Hours) {
	l.Reveals = append(l.Reveals, LoggedReveal{Nation: nation, Item: item, At: scenario.FormatClockExact(at), N: l.acts()})
}

// LoggedTrust is one trust adjustment by the facilitator.
type LoggedTrust struct {
	From string `json:"from"` // the truster's nation id
	To   string `json:"to"`   // the trusted nation's id
	// Delta is the change in expected trust asked for, in (−1, 1), not 0.
	Delta float64 `json:"delta"`
	// At is the exercise time, as scenario.FormatClockExact writes it.
	At string `json:"at"`
	// N is its place among the log's facilitator actions, from 0.
	N int `json:"n"`
}

// LoggedReveal is one item the facilitator handed to a nation.
type LoggedReveal struct {
	Nation string `json:"nation"` // the nation's id
	Item   string `json:"item"`   // the inject's id
	// At is the exercise time, as scenario.FormatClockExact writes it.
	At string `json:"at"`
	// N is its place among the log's facilitator actions, from 0.
	N int `json:"n"`
}

// LoggedDecision is one answered decision, named by ids so a log survives
// edits to the scenario that do not touch what it names.
type LoggedDecision struct {
	Seq       int           `json:"seq"`
	Time      float64       `json:"time_h"`
	Kind      string        `json:"kind"` // "share" or "consent"
	Item      string        `json:"item"`
	Holder    string        `json:"holder"`
	Requester string        `json:"requester,omitempty"`
	Recipient string        `json:"recipient,omitempty"`
	Shares    []LoggedShare `json:"shares,omitempty"`
	Grant     bool          `json:"grant,omitempty"`
}

// LoggedShare is one recipient's answer in a LoggedDecision.
type LoggedShare struct {
	To     string `json:"to"`
	Action string `json:"action"` // "full", "tearline" or "withhold"
	Route  string `json:"route,omitempty"`
	Waiver bool   `json:"waiver,omitempty"`
	Force  bool   `json:"force,omitempty"`
}

// MaxLogSize bounds a decision log file, in bytes (16 MiB, the bounded
// reader's fileio.LogLimit).
const MaxLogSize = fileio.LogLimit

// ReadDecisionLog reads a decision log from rd (at most MaxLogSize bytes)
// strictly, as ParseDecisionLog does. Its Problems name no file: print them
// after the log's name.
func ReadDecisionLog(rd io.Reader) (*DecisionLog, error) {
	data, err := fileio.ReadAll(rd, MaxLogSize)
	if errors.Is(err, fileio.ErrTooLarge) {
		return nil, scenario.Problems{{Msg: fmt.Sprintf("the decision log is larger than %d MiB, the most a decision log may be", MaxLogSize>>20)}}
	}
	if err != nil {
		return nil, err
	}
	return ParseDecisionLog("", data)
}

// ReadDecisionLogFile reads the decision log file at path strictly, as
// ParseDecisionLog does, through fileio.ReadFile: a folder, device or FIFO
// is refused at once and at most MaxLogSize + 1 bytes are read. Every error
// is a Problems naming path.
func ReadDecisionLogFile(path string) (*DecisionLog, error) {
	data, err := fileio.ReadFile(path, MaxLogSize)
	if err != nil {
		return nil, scenario.Problems{{File: path, Msg: fmt.Sprintf("cannot read the decision log: %v", fileio.Cause(err))}}
	}
	return ParseDecisionLog(path, data)
}

// Write writes the log as indented JSON. A log with no decisions is written
// with "decisions": [] (earlier versions wrote null, which ParseDecisionLog
// still accepts there).
func (l *DecisionLog) Write(w io.Writer) error {
	c := *l
	if c.Decisions == nil {
		c.Decisions = []LoggedDecision{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&c)
}

// Add records answer a to decision d in run r.
func (l *DecisionLog) Add(r *Run, d *Decision, a Answer) {
	sc := r.sc
	ld := LoggedDecision{Seq: d.Seq, Time: float64(d.Time), Kind: d.Kind.String(), Item: sc.Items[d.Item].ID, Holder: sc.Nations[d.Holder].ID}
	if d.Kind == ConsentDecision {
		ld.Requester, ld.Recipient, ld.Grant = sc.Nations[d.Requester].ID, sc.Nations[d.Recipient].ID, a.Grant
	}
	for _, sh := range a.Shares {
		ls := LoggedShare{To: sc.Nations[sh.Recipient].ID, Action: sh.Action.String(), Waiver: sh.Waiver, Force: sh.Force}
		if row := rowFor(d, sh.Recipient); row != nil && sh.Action != Withhold && sh.Route >= 0 && sh.Route < len(row.Routes) {
			ls.Route = row.Routes[sh.Route].Name
		}
		ld.Shares = append(ld.Shares, ls)
	}
	if l.ScenarioHash == "" {
		l.Scenario, l.ScenarioHash = sc.Name, sc.Hash
		l.Seed, _ = r.Seed()
	}
	l.Decisions = append(l.Decisions, ld)
}

// Recorder is a Decider that answers with another Decider and records every
// answer in a DecisionLog.
type Recorder struct {
	inner Decider
	log   DecisionLog
}

// NewRecorder returns a Recorder around d.
func NewRecorder(d Decider) *Recorder { return &Recorder{inner: d} }

// Decide implements Decider.
func (rc *Recorder) Decide(r *Run, d *Decision) Answer {
	a := rc.inner.Decide(r, d)
	rc.log.Add(r, d, a)
	return a
}

// Log returns the decisions recorded so far.
func (rc *Recorder) Log() *DecisionLog { return &rc.log }

// Decider returns a Decider that replays the log: a decision is matched to
// the next unused logged one of the same kind, item and holder (and, for
// consent, requester and recipient). Decisions not in the log, and logged
// answers that no longer fit the scenario, go to fallback (nil: withhold all,
// refuse consent); a logged answer is replayed whole or not at all, never
// with the shares that do not fit dropped. Check a log against the scenario
// first (Check) to refuse one that names unknown nations or items.
//
// A decision logged more than once with the same seq, kind, item and holder
// (a session's decision opened again after its first answer was dropped, see
// Run.SetParallel) is replayed with its last answer.
func (l *DecisionLog) Decider(fallback Decider) Decider {
	type key struct {
		seq                int
		kind, item, holder string
	}
	used := make([]bool, len(l.Decisions))
	last := make(map[key]int, len(l.Decisions))
	for i := range l.Decisions {
		d := &l.Decisions[i]
		k := key{d.Seq, d.Kind, d.Item, d.Holder}
		if j, ok := last[k]; ok {
			used[j] = true
		}
		last[k] = i
	}
	return &replayer{log: l, used: used, fallback: fallback}
}

type replayer struct {
	log      *DecisionLog
	used     []bool
	fallback Decider
}

// Decide implements Decider.
func (p *replayer) Decide(r *Run, d *Decision) Answer {
	if a, ok := p.lookup(r, d); ok {
		return a
	}
	if p.fallback != nil {
		return p.fallback.Decide(r, d)
	}
	return Answer{}
}

// lookup returns the logged answer to d and marks it used; ok is false when
// the log has none that fits (see Decider).
func (p *replayer) lookup(r *Run, d *Decision) (Answer, bool) {
	sc := r.sc
	for i := range p.log.Decisions {
		ld := &p.log.Decisions[i]
		if p.used[i] || ld.Kind != d.Kind.String() || ld.Item != sc.Items[d.Item].ID || ld.Holder != sc.Nations[d.Holder].ID {
			continue
		}
		if d.Kind == ConsentDecision {
			if ld.Requester != sc.Nations[d.Requester].ID || ld.Recipient != sc.Nations[d.Recipient].ID {
				continue
			}
			p.used[i] = true
			return Answer{Grant: ld.Grant}, true
		}
		p.used[i] = true
		return replayShares(r, d, ld)
	}
	return Answer{}, false
}

// replayShares turns logged decision ld into an answer to d, whole or not at
// all: if any of its shares names a nation that is not a recipient of d,
// has no route that can carry it, or the answer fails the engine's checks,
// ok is false and the decision goes to the fallback rather than being
// applied in part. A logged route that no longer exists by name is replaced
// by the fastest route that can carry the item.
func replayShares(r *Run, d *Decision, ld *LoggedDecision) (a Answer, ok bool) {
	sc := r.sc
	for _, ls := range ld.Shares {
		to := sc.NationIndex(ls.To)
		row := rowFor(d, to)
		act, known := scenario.ParseAction(ls.Action)
		if row == nil || !known {
			return Answer{}, false
		}
		if act == Withhold {
			continue
		}
		route := -1
		for k := range row.Routes {
			if row.Routes[k].Name == ls.Route {
				route = k
			}
		}
		if route < 0 {
			route = fastestRoute(row.Routes, sc.Items[d.Item].LevelOf(act))
		}
		if route < 0 {
			return Answer{}, false
		}
		a.Shares = append(a.Shares, ShareChoice{Recipient: to, Action: act, Route: route, Waiver: ls.Waiver, Force: ls.Force})
	}
	if r.checkAnswer(d, a) != nil {
		return Answer{}, false
	}
	return a, true
}
