package experiment

import (
	"errors"

	"tearline/sim"
)

// decisionLog is a recorded decision log to replay.
type decisionLog interface {
	decider(fallback sim.Decider) sim.Decider
}

// readDecisionLog reads a decision log file.
func readDecisionLog(path string) (decisionLog, error) {
	return nil, errors.New("decision logs are not supported by this build of the engine yet")
}
