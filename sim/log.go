package sim

import "fmt"

// LogKind classifies a timeline entry.
type LogKind int

// Timeline entry kinds.
const (
	LogInject      LogKind = iota // a nation collects an item
	LogDecision                   // a decision was answered
	LogShare                      // a share was started
	LogDenied                     // approval, a waiver or consent was refused
	LogDispatch                   // a share went on the wire
	LogHeld                       // a recipient holds an item
	LogLate                       // a recipient holds an item after its need time
	LogLeak                       // an item leaked
	LogThreat                     // a threat was averted or struck
	LogEvent                      // a scenario event
	LogTrust                      // trust moved for a reason worth telling
	LogViolation                  // a forced breach
	LogConsent                    // consent was asked or answered
	LogEnd                        // the exercise ended
	LogFacilitator                // the facilitator adjusted trust or revealed an item (facilitator.go)
)

var logKindNames = [...]string{"inject", "decision", "share", "denied", "dispatch", "held", "late", "leak", "threat", "event", "trust", "violation", "consent", "end", "facilitator"}

// String returns the kind's short name, e.g. "leak".
func (k LogKind) String() string {
	if k < 0 || int(k) >= len(logKindNames) {
		return "log?"
	}
	return logKindNames[k]
}

// LogEntry is one line of the exercise timeline.
type LogEntry struct {
	Time Hours
	Kind LogKind
	// Item, From and To index the scenario's items and nations, or are -1.
	Item, From, To int
	// Text is a full sentence for trainees.
	Text string
	// Event is, for a LogEvent entry written by a scenario event (its
	// start, its end, or the audit or review it held), that event's index
	// into Scenario.Events; else -1.
	Event int
}

// Log returns the timeline so far (empty for a quiet run). The slice is the
// run's own: do not modify it.
func (r *Run) Log() []LogEntry { return r.log }

func (r *Run) logf(k LogKind, item, from, to int, format string, args ...any) {
	if r.quiet {
		return
	}
	ev := -1
	if k == LogEvent {
		ev = r.curEvent
	}
	r.log = append(r.log, LogEntry{Time: r.now, Kind: k, Item: item, From: from, To: to, Text: fmt.Sprintf(format, args...), Event: ev})
}

func (r *Run) nid(n int) string {
	if n < 0 || n >= r.n {
		return "?"
	}
	return r.sc.Nations[n].ID
}
