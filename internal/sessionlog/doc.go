// Package sessionlog is the format of a workshop's session log: the JSON
// Lines file the facilitator's host (tearline host) appends every seat,
// answer, fire, trust adjustment, reveal and note to, durably, as it
// happens. It reads a log strictly and boundedly (ReadLog, ParseLog: one
// known record per line, a header first, a torn last line tolerated), and
// turns the decisions and the facilitator's actions in it into a
// sim.DecisionLog (DecisionLog), which is how `tearline-sim run --decisions
// SESSION.jsonl` replays a session headless.
//
// The host that writes logs and resumes from them is package
// cmd/tearline/internal/session; the format is documented in
// docs/protocol.md ("The session log").
package sessionlog
