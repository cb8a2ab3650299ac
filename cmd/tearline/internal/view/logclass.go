package view

import (
	"fmt"
	"strings"

	"tearline/sim"
)

// LogClass is how the client shows a log entry on the map and in the log.
type LogClass int

// Log classes.
const (
	// Info is anything not classed below.
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
	// Consent is an ORCON consent request, grant or refusal, or a waiver or
	// approval result.
	Consent
)

// classWords maps words in a log entry (its kind's name and its sentence,
// lower-cased) to a class, first match wins. The engine's contract gives
// each entry a Kind and a full sentence but fixes no kind names, so the
// client classifies by these words; Info is the safe fallback.
var classWords = []struct {
	word  string
	class LogClass
}{
	{"leak", LeakClass},
	{"intercept", LeakClass},
	{"burned", LeakClass},
	{"averted", Averted},
	{"struck", Struck},
	{"materialis", Struck},
	{"materializ", Struck},
	{"late", Late},
	{"consent", Consent},
	{"waiver", Consent},
	{"approval", Consent},
	{"refused", Consent},
	{"now holds", Arrival},
	{"arriv", Arrival},
	{"deliver", Arrival},
	{"received", Arrival},
	{"outage", EventClass},
	{"crisis", EventClass},
	{"leadership", EventClass},
	{"suspen", EventClass},
	{"audit", EventClass},
	{"review", EventClass},
	{"standardis", EventClass},
	{"enacted", EventClass},
	{"repealed", EventClass},
}

// Classify returns the class of a log entry.
func Classify(e *sim.LogEntry) LogClass {
	s := strings.ToLower(fmt.Sprint(e.Kind) + " " + e.Text)
	for _, cw := range classWords {
		if strings.Contains(s, cw.word) {
			return cw.class
		}
	}
	return Info
}

// ClassLabel is a short tag shown before a log line and on map flashes.
func ClassLabel(c LogClass) string {
	switch c {
	case Arrival:
		return "ARRIVED"
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
	// Age counts ticks since it appeared.
	Age int
}

// FlashTicks is how long a flash stays, in update ticks (2.5 s at 60 TPS:
// long enough to read a short label at the fastest clock speed).
const FlashTicks = 150

// FlashFor returns the flash for entry e, and false for classes that do not
// flash (Info). Arrivals flash at the recipient, leaks at the holder, threats
// at the target.
func FlashFor(sc *sim.Scenario, e *sim.LogEntry) (Flash, bool) {
	c := Classify(e)
	if c == Info {
		return Flash{}, false
	}
	n := e.To
	if c == LeakClass || c == EventClass {
		n = e.From
	}
	if n < 0 || n >= len(sc.Nations) {
		n = e.From
	}
	if n < 0 || n >= len(sc.Nations) {
		n = e.To
	}
	if n >= len(sc.Nations) {
		n = -1
	}
	label := ClassLabel(c)
	if e.Item >= 0 && e.Item < len(sc.Items) && c != EventClass {
		label += " " + sc.Items[e.Item].ID
	}
	return Flash{Nation: n, Class: c, Label: label}, true
}
