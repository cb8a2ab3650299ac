package sessionlog

import (
	"bytes"

	"tearline/sim"
)

// IsSessionLog reports whether data looks like a session log rather than a
// decision log: its first line is a JSON object whose first key is "rec".
// It only sniffs; ParseLog decides.
func IsSessionLog(data []byte) bool {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimLeft(line, " \t\r\ufeff")
	return bytes.HasPrefix(line, []byte(`{"rec"`))
}

// DecisionLog returns the decisions and the facilitator's actions the
// session log records, as a sim.DecisionLog that sim.PlayLog (and so
// `tearline-sim run --decisions`) replays to the session's outcome:
//
//   - every answer record, whoever answered (a station, a doctrine, a
//     timeout), in the order written; where one decision was answered twice
//     (in a room, a decision whose view changed before its answer was
//     applied is asked again) the replay uses the last answer, as the host
//     did;
//   - the fires, trust adjustments and reveals, each at the exercise time it
//     was applied and in the order written (the host logs an action given
//     while decisions are open twice: marked queued when given, which is
//     left out here, and plain when it applies it).
//
// Seats, notes and resume records do not change the run and are left out.
// The scenario, its hash and the seed come from the header.
func (sl *SessionLog) DecisionLog() *sim.DecisionLog {
	h := sl.Header
	l := &sim.DecisionLog{Scenario: h.Scenario, ScenarioHash: h.Hash, Seed: h.Seed, Decisions: []sim.LoggedDecision{}}
	for i := range sl.Records {
		rec := &sl.Records[i]
		if rec.Queued {
			continue // waiting, not applied: its applied twin follows if it was
		}
		at := sim.Hours(rec.Time)
		switch rec.Rec {
		case RecAnswer:
			l.Decisions = append(l.Decisions, *rec.Decision)
		case RecFire:
			l.AddFire(rec.Fire, at)
		case RecTrust:
			l.AddTrust(rec.From, rec.To, rec.Delta, at)
		case RecReveal:
			l.AddReveal(rec.Nation, rec.Item, at)
		}
	}
	return l
}
