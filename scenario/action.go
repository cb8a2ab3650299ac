package scenario

// Action is what a holder does with an item for one recipient.
type Action int

const (
	// Withhold keeps the item; the zero value.
	Withhold Action = iota
	// Full shares the whole report at its own level with its markings.
	Full
	// Tearline shares the sanitised version: lower level, less value, less
	// source exposure, no dissemination markings.
	Tearline
	numActions
)

var actionNames = [...]string{"withhold", "full", "tearline"}

// String returns "withhold", "full" or "tearline".
func (a Action) String() string {
	if a < 0 || a >= numActions {
		return "action?"
	}
	return actionNames[a]
}

// ParseAction parses "withhold", "full" or "tearline".
func ParseAction(s string) (Action, bool) {
	for i, n := range actionNames {
		if s == n {
			return Action(i), true
		}
	}
	return Withhold, false
}
