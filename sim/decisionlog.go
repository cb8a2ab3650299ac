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
//	 "fires": ["walk-in@D+1 12:00"]}
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

	// src locates the log's values in the file it was read from, for Check;
	// nil for a log built in memory.
	src *logSource
}

// AddFire records that on-demand inject or event id was fired at time at.
func (l *DecisionLog) AddFire(id string, at Hours) {
	l.Fires = append(l.Fires, id+"@"+scenario.FormatClockExact(at))
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
func (l *DecisionLog) Decider(fallback Decider) Decider {
	return &replayer{log: l, used: make([]bool, len(l.Decisions)), fallback: fallback}
}

type replayer struct {
	log      *DecisionLog
	used     []bool
	fallback Decider
}

// Decide implements Decider.
func (p *replayer) Decide(r *Run, d *Decision) Answer {
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
			return Answer{Grant: ld.Grant}
		}
		p.used[i] = true
		if a, ok := replayShares(r, d, ld); ok {
			return a
		}
		break
	}
	if p.fallback != nil {
		return p.fallback.Decide(r, d)
	}
	return Answer{}
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
