package session

import (
	"errors"
	"fmt"

	"tearline/sim"
)

// Resume rebuilds a host in the state session log sl recorded: the same
// scenario (cfg.Scenario must have the log's hash) and seed, every answer,
// fire, trust adjustment, reveal and note replayed through the engine at
// its instant, the seats and their tokens (by hash: stations reconnecting
// with their token get their seat back). cfg.Log is where new records go:
// normally the same file, opened with AppendLogFile. Resume appends a resume
// record (acknowledging a torn last line, if any). The clock is paused at
// the time of the last record; advancing again is deterministic, so nothing
// that happened after it is lost. Facilitator actions the log queued (given
// while decisions were open) and never applied are queued again. cfg.Seed
// and cfg.Parallel are taken from the log.
func Resume(cfg Config, sl *SessionLog) (*Host, error) {
	h, err := replayLog(cfg, sl)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.appendLocked(Record{Rec: RecResume, Time: float64(h.eng.run().Now()), TornLine: sl.Torn}); err != nil {
		return nil, err
	}
	h.noteOpenedLocked()
	// Decisions of nations left unseated are answered as a live host would;
	// actions the log queued but never applied (a crash between the two)
	// are applied once nothing is open.
	h.settleLocked()
	return h, nil
}

// sameAction reports whether records a and b are the same facilitator
// action (kind and payload; times and the queued mark aside).
func sameAction(a, b *Record) bool {
	return a.Rec == b.Rec && a.Fire == b.Fire && a.From == b.From && a.To == b.To &&
		a.Delta == b.Delta && a.Nation == b.Nation && a.Item == b.Item
}

// replayLog builds a host from sl's records, writing nothing.
func replayLog(cfg Config, sl *SessionLog) (*Host, error) {
	if cfg.Scenario == nil {
		return nil, errors.New("session: no scenario")
	}
	if sl.Header.Hash != cfg.Scenario.Hash {
		return nil, fmt.Errorf("session: the log was written for %s (hash %.12s…), not this scenario (%.12s…)", sl.Header.Scenario, sl.Header.Hash, cfg.Scenario.Hash)
	}
	cfg.Seed, cfg.Parallel = sl.Header.Seed, sl.Header.Parallel
	h, err := newHost(cfg)
	if err != nil {
		return nil, err
	}
	h.header = sl.Header
	for i := range sl.Records {
		if err := h.replay(&sl.Records[i]); err != nil {
			return nil, &LineError{Line: sl.Lines[i], Msg: err.Error()}
		}
		h.records = append(h.records, sl.Records[i])
	}
	return h, nil
}

// replay applies one record to the run, as it was applied live.
func (h *Host) replay(rec *Record) error {
	r := h.eng.run()
	at := sim.Hours(rec.Time)
	advance := func() {
		if r.Now() < at && len(h.eng.open()) == 0 {
			h.eng.advanceTo(at)
		}
	}
	switch rec.Rec {
	case RecSeat:
		// The same meaning as live (seats.go), so a token that moved from
		// one nation to another leaves the first without it.
		return h.applySeatLocked(rec)
	case RecAnswer:
		ld := rec.Decision
		// Live, the host stopped at this decision by advancing: raise it
		// the same way, even at the current instant.
		if len(h.eng.open()) == 0 {
			h.eng.advanceTo(at)
		}
		var d *sim.Decision
		for _, o := range h.eng.open() {
			if o.Seq == ld.Seq {
				d = o
			}
		}
		if d == nil {
			return fmt.Errorf("decision %d (%s, %s) is not open at %g h when the log answers it", ld.Seq, ld.Item, ld.Holder, rec.Time)
		}
		if h.sc.Items[d.Item].ID != ld.Item || h.sc.Nations[d.Holder].ID != ld.Holder || d.Kind.String() != ld.Kind {
			return fmt.Errorf("decision %d is %s's %s of %s, not the logged %s's %s of %s", d.Seq,
				h.sc.Nations[d.Holder].ID, d.Kind, h.sc.Items[d.Item].ID, ld.Holder, ld.Kind, ld.Item)
		}
		a, err := ToEngine(h.sc, d, fromLogged(ld))
		if err != nil {
			return err
		}
		if err := h.eng.answer(d.Seq, a); err != nil {
			return err
		}
		h.timeoutNoteLocked(rec)
	case RecFire, RecTrust, RecReveal:
		if rec.Queued {
			// Live, a decision was open: raise it the same way, even at
			// the current instant, as for an answer.
			if len(h.eng.open()) == 0 {
				h.eng.advanceTo(at)
			}
			q := *rec
			q.Queued = false
			h.queued = append(h.queued, q)
			return nil
		}
		if len(h.queued) > 0 && sameAction(&h.queued[0], rec) {
			h.queued = h.queued[1:]
		}
		advance()
		return h.applyLocked(rec)
	case RecMessage:
		n, err := h.nation(rec.Nation)
		if err != nil {
			return err
		}
		h.notes[n] = append(h.notes[n], protocolNote(rec))
	case RecResume:
	}
	return nil
}
