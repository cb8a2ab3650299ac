package view

import "tearline/sim"

// LogClass is how the client shows a log entry on the map and in the log.
type LogClass int

// Log classes.
const (
	// Info is routine: an item collected, a share sent, a trust note.
	Info LogClass = iota
	// Arrival is an item held by a recipient in time.
	Arrival
	// Late is an item held after its need time.
	Late
	// LeakClass is a leak or interception.
	LeakClass
	// Averted is a threat averted.
	Averted
	// Struck is a threat that materialised.
	Struck
	// EventClass is a scenario event: crisis, outage, leadership change, ...
	EventClass
	// Consent is an ORCON consent request or answer.
	Consent
	// Denied is a share refused at approval, waiver or consent.
	Denied
	// Breach is a share forced through a law, a marking or the third-party rule.
	Breach
)

// Classify returns the class of a log entry from its engine kind. A threat
// entry is Averted when tr, the engine's result it reports, was averted,
// else Struck; tr is ignored for other kinds and may be nil.
func Classify(e *sim.LogEntry, tr *sim.ThreatResult) LogClass {
	switch e.Kind {
	case sim.LogHeld:
		return Arrival
	case sim.LogLate:
		return Late
	case sim.LogLeak:
		return LeakClass
	case sim.LogThreat:
		if tr != nil && tr.Averted {
			return Averted
		}
		return Struck
	case sim.LogEvent:
		return EventClass
	case sim.LogConsent:
		return Consent
	case sim.LogDenied:
		return Denied
	case sim.LogViolation:
		return Breach
	}
	return Info
}

// LogClasses classifies a run's log as it grows, from typed data only: the
// entry's kind and, for a threat entry, the outcome's ThreatResult it
// reports. The engine logs each threat result as it appends it, so the
// k-th threat entry reports the k-th result for the same target.
type LogClasses struct {
	classes []LogClass
	threats int // results matched to threat entries so far
}

// Update classifies the entries of log it has not seen yet; threats is the
// run's Outcome().Threats as it stands.
func (lc *LogClasses) Update(log []sim.LogEntry, threats []sim.ThreatResult) {
	if len(log) < len(lc.classes) { // a new run
		lc.classes, lc.threats = lc.classes[:0], 0
	}
	for i := len(lc.classes); i < len(log); i++ {
		e := &log[i]
		var tr *sim.ThreatResult
		if e.Kind == sim.LogThreat {
			for k := lc.threats; k < len(threats); k++ {
				if threats[k].Target == e.To {
					tr, lc.threats = &threats[k], k+1
					break
				}
			}
		}
		lc.classes = append(lc.classes, Classify(e, tr))
	}
}

// Of returns the class of log entry i, Info if Update has not seen it.
func (lc *LogClasses) Of(i int) LogClass {
	if i < 0 || i >= len(lc.classes) {
		return Info
	}
	return lc.classes[i]
}

// ClassLabel is a short tag shown before a log line and on map flashes.
func ClassLabel(c LogClass) string {
	switch c {
	case Arrival:
		return "HELD"
	case Late:
		return "LATE"
	case LeakClass:
		return "LEAK"
	case Averted:
		return "AVERTED"
	case Struck:
		return "STRUCK"
	case EventClass:
		return "EVENT"
	case Consent:
		return "CONSENT"
	case Denied:
		return "DENIED"
	case Breach:
		return "BREACH"
	}
	return ""
}

// Flash is a short-lived highlight on the map for a log entry.
type Flash struct {
	// Nation is where it shows (-1: in the map's centre).
	Nation int
	// Class says how it looks.
	Class LogClass
	// Label is the text shown next to the node.
	Label string
	// Text is, for an event not tied to a nation (Nation -1), its log
	// sentence in full: the marker's tooltip shows it. Empty otherwise.
	Text string
	// Title is, for such an event, the scenario event's title
	// (sim.LogEntry.Event), which labels the marker; "" when the entry
	// names no scenario event (a periodic review, say).
	Title string
	// Age counts ticks since it appeared.
	Age int
}

// FlashTicks is how long a flash stays, in update ticks (2.5 s at 60 TPS:
// long enough to read a short label at the fastest clock speed).
const FlashTicks = 150

// FlashFor returns the flash for entry e of class c, and false for routine
// entries (Info). Arrivals and threats flash at the recipient or target
// (To), leaks and events at From; either falls back to the other.
func FlashFor(sc *sim.Scenario, e *sim.LogEntry, c LogClass) (Flash, bool) {
	if c == Info {
		return Flash{}, false
	}
	first, second := e.To, e.From
	if c == LeakClass || c == EventClass || c == Breach {
		first, second = e.From, e.To
	}
	n := -1
	switch {
	case first >= 0 && first < len(sc.Nations):
		n = first
	case second >= 0 && second < len(sc.Nations):
		n = second
	}
	label := ClassLabel(c)
	if e.Item >= 0 && e.Item < len(sc.Items) && c != EventClass {
		label += " " + sc.Items[e.Item].ID
	}
	f := Flash{Nation: n, Class: c, Label: label}
	if n < 0 && c == EventClass {
		f.Text = e.Text
		if e.Event >= 0 && e.Event < len(sc.Events) {
			f.Title = sc.Events[e.Event].Title
		}
	}
	return f, true
}

// PruneFlashes keeps at most max flashes per nation, the newest (flashes
// are in the order they appeared), and returns fs reordered in place.
func PruneFlashes(fs []Flash, max int) []Flash {
	count := make(map[int]int, len(fs))
	keep := make([]bool, len(fs))
	for i := len(fs) - 1; i >= 0; i-- {
		if count[fs[i].Nation] < max {
			count[fs[i].Nation]++
			keep[i] = true
		}
	}
	out := fs[:0]
	for i, f := range fs {
		if keep[i] {
			out = append(out, f)
		}
	}
	return out
}
