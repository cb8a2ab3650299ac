package ui

import "tearline/sim"

// World is what the exercise screen's components (map, decision panel, log)
// read of a run. A *sim.Run is one (single-machine play and the
// facilitator's console, which reads a copy of the host's run); a team
// station's is built from its nation's view (stationWorld) and knows only
// what that nation knows.
type World interface {
	// Trust is nation from's expected trust in nation to, in [0, 1].
	Trust(from, to int) float64
	// Holding reports whether nation holds item, and in which form.
	Holding(nation, item int) (sim.Action, bool)
	// Transits are the shares under way.
	Transits() []sim.Transit
	// Log is the timeline so far, oldest first; the caller must not modify it.
	Log() []sim.LogEntry
	// AgreementSuspended and SystemDown report agreement a's and system s's
	// state now.
	AgreementSuspended(a int) bool
	SystemDown(s int) bool
	// Now is the exercise time, in hours.
	Now() sim.Hours
	// Done reports that the exercise has ended.
	Done() bool
	// Pending is the decision the screen answers, or nil.
	Pending() *sim.Decision
	// Outcome is the outcome so far (never nil).
	Outcome() *sim.Outcome
}

// partial is implemented by a World that knows only part of the trust
// matrix: a station knows its own nation's trust in others, nothing else.
type partial interface {
	// KnowsTrust reports whether from's trust in to is known.
	KnowsTrust(from, to int) bool
}

// knowsTrust reports whether w knows from's trust in to.
func knowsTrust(w World, from, to int) bool {
	if p, ok := w.(partial); ok {
		return p.KnowsTrust(from, to)
	}
	return true
}

// itemID is item i's id as the screen's scenario gives it, or "an item"
// for one out of range (a share whose item the station does not know yet).
func (e *Exercise) itemID(i int) string {
	if i < 0 || i >= len(e.sc.Items) {
		return "an item"
	}
	return e.sc.Items[i].ID
}
