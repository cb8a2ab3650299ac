// Package sim is Tearline's engine: a deterministic discrete-event
// simulation of intelligence sharing between nations with trust, legal
// constraints and incompatible systems, run on a scenario compiled by
// package scenario.
//
// It imports nothing graphical and makes no OS calls beyond reading the
// files it is asked to load, so the desktop app, the headless CLI and a
// browser build share it unchanged.
//
// # Scenarios
//
// The engine runs a compiled scenario from package scenario (the format,
// its strict decoder, the compiler and lint):
//
//	sc, err := scenario.Load("scenarios/fiveeyes-ct.toml")
//	sc := scenario.Default()             // the compiled-in default
//
// Scenario, Item, Hours, Action and the other model types are aliases of
// scenario's, so sim.Hours and scenario.Hours are one type.
//
// Decision logs, the engine's own input, are read strictly here
// (ReadDecisionLogFile, ParseDecisionLog, ReadDecisionLog) and checked
// against a scenario (DecisionLog.Check).
//
// # Running
//
// A run is a pure function of (scenario, seed, stream, decisions):
//
//	r := sim.NewRun(sc, seed, stream)
//	out := sim.Play(r, policy)          // drive to the end with a Decider
//
// or step by step, as the desktop app does:
//
//	for !r.Done() {
//		if d := r.Next(); d != nil {     // advance to the next decision
//			_ = r.Answer(answerFor(d))
//		}
//	}
//	out := r.Outcome()
//
// r.AdvanceTo(t) advances only up to exercise time t (the GUI clock) and stops
// early at a decision. r.Preview forecasts a candidate answer by Monte Carlo
// over the rest of the exercise on private copies of the run: fate-blind (it
// redraws every fate the deciding nation could not know) and paired (each
// figure is the difference the choice makes in the same worlds). It is safe
// to call from another goroutine on a Clone.
//
// # A workshop room
//
// A facilitator's host runs one run for several teams. r.SetParallel(true)
// opens together the decisions due at one instant whose answers cannot
// affect each other (Open, AnswerSeq, OpenRun; parallel.go): answers are
// applied in Seq order once all are in, so the outcome is that of sequential
// play with the same answers. The facilitator's actions — Fire, AdjustTrust,
// Reveal (facilitator.go) — take effect at their instant after everything
// else the run holds for it. r.Record(log) keeps a journal of the answers
// applied and the actions given; PlayLog replays it headless to the same
// outcome and Resume restores a stopped session from it. PreviewOptions.AsHolder
// forecasts a decision using only what the deciding nation knows (viewer.go).
//
// Whether a share may go, by which route and why not is judged in one place:
// Row.Judge and the typed Reasons in each Row's Rules. Outcome.Metrics gives
// the typed metrics (coverage, player-attributable leaks, …); Calibrate checks
// the forecasts against what happens.
//
// # Determinism
//
// Every random quantity comes from its own math/rand/v2 PCG stream, keyed by
// the run's (seed, stream) and by what it is for — an event's fate, a share's
// delays, a holder's leak clock, a threat's luck (common random numbers, see
// streams.go) — so runs that differ in one decision share every other draw.
// There is no global randomness and no wall clock here. Simultaneous events
// fire in the order they were scheduled.
//
// The model is documented in docs/model.md and the scenario format in
// docs/scenario-format.md.
package sim
