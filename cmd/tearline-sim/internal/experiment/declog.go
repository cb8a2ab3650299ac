package experiment

import (
	"fmt"
	"os"

	"tearline/sim"
)

// decisionLog is a recorded decision log to replay.
type decisionLog interface {
	decider(fallback sim.Decider) sim.Decider
}

type simLog struct{ l *sim.DecisionLog }

func (s simLog) decider(fallback sim.Decider) sim.Decider { return s.l.Decider(fallback) }

// readDecisionLog reads a decision log file.
func readDecisionLog(path string) (decisionLog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the decision log %s: %v", path, unwrap(err))
	}
	defer f.Close()
	l, err := sim.ReadDecisionLog(f)
	if err != nil {
		return nil, fmt.Errorf("%s is not a decision log: %v", path, err)
	}
	return simLog{l}, nil
}
