package experiment

import (
	"fmt"

	"tearline/internal/fileio"
	"tearline/sim"
)

// decisionLog is a recorded decision log to replay.
type decisionLog interface {
	decider(fallback sim.Decider) sim.Decider
}

type simLog struct{ l *sim.DecisionLog }

func (s simLog) decider(fallback sim.Decider) sim.Decider { return s.l.Decider(fallback) }

// readDecisionLog reads a decision log file: a regular file of at most
// fileio.LogLimit bytes (fileio.ReadFile).
func readDecisionLog(path string) (decisionLog, error) {
	data, err := fileio.ReadFile(path, fileio.LogLimit)
	if err != nil {
		return nil, fmt.Errorf("cannot read the decision log %s: %v", path, fileio.Cause(err))
	}
	l, err := sim.ParseDecisionLog(path, data)
	if err != nil {
		return nil, fmt.Errorf("%s is not a decision log: %v", path, err)
	}
	return simLog{l}, nil
}
