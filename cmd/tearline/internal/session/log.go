package session

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"tearline/internal/sessionlog"
	"tearline/sim"
)

// The session log's format (records, reading, the decision log inside it)
// is package tearline/internal/sessionlog, shared with tearline-sim, which
// replays a session log headless; these names are kept here for the host.

// Record kinds in a session log (see package sessionlog).
const (
	RecHeader  = sessionlog.RecHeader
	RecSeat    = sessionlog.RecSeat
	RecAnswer  = sessionlog.RecAnswer
	RecFire    = sessionlog.RecFire
	RecTrust   = sessionlog.RecTrust
	RecReveal  = sessionlog.RecReveal
	RecMessage = sessionlog.RecMessage
	RecResume  = sessionlog.RecResume
)

// Who answered a decision (Record.By; see package sessionlog).
const (
	ByStation  = sessionlog.ByStation
	ByDoctrine = sessionlog.ByDoctrine
	ByTimeout  = sessionlog.ByTimeout
)

// MaxSessionLog bounds a session log file, in bytes (sessionlog.MaxSessionLog).
const MaxSessionLog = sessionlog.MaxSessionLog

// Record is one line of a session log (sessionlog.Record).
type Record = sessionlog.Record

// SessionLog is a session log as read back (sessionlog.SessionLog).
type SessionLog = sessionlog.SessionLog

// LineError is a problem in a session log, at a line (sessionlog.LineError).
type LineError = sessionlog.LineError

// ReadLog reads a session log from rd, strictly (see sessionlog.ReadLog).
func ReadLog(rd io.Reader) (*SessionLog, error) { return sessionlog.ReadLog(rd) }

// ParseLog parses a session log's bytes as ReadLog does.
func ParseLog(data []byte) (*SessionLog, error) { return sessionlog.ParseLog(data) }

// LogSink is where a session log is written: a file opened for appending
// (see CreateLogFile and AppendLogFile), or memory in tests. Sync must make
// what was written durable.
type LogSink interface {
	io.Writer
	Sync() error
}

// logWriter appends records, each written whole and synced before Append
// returns.
type logWriter struct {
	mu   sync.Mutex
	sink LogSink
}

// Append writes rec as one line and syncs. On error nothing may be assumed
// written: the host does not act on the record.
func (w *logWriter) Append(rec Record) error {
	if w == nil || w.sink == nil {
		return nil
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := w.sink.Write(b); err != nil {
		return fmt.Errorf("session log: %w", err)
	}
	if err := w.sink.Sync(); err != nil {
		return fmt.Errorf("session log: %w", err)
	}
	return nil
}

// Export replays session log sl through the engine on scenario sc (the one it was
// written for) and returns the engine's journal of it (sim.Run.Record): the
// answers as applied and the facilitator's fires, trust adjustments and
// reveals at their instants, which `tearline-sim run --decisions` (PlayLog)
// replays headless to the session's outcome. In parallel mode an answer the
// engine dropped (its decision opened again) is left out, as it should be.
func Export(sl *SessionLog, sc *sim.Scenario) (*sim.DecisionLog, error) {
	h, err := replayLog(Config{Scenario: sc}, sl)
	if err != nil {
		return nil, err
	}
	return h.DecisionLog(), nil
}
