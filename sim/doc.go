// Package sim is Tearline's engine: the scenario model and a deterministic
// discrete-event simulation of intelligence sharing between nations with
// trust, legal constraints and incompatible systems.
//
// It imports nothing graphical and makes no OS calls, so the desktop app,
// the headless CLI and a browser build share it unchanged.
//
// # Loading
//
//	sc, err := sim.Load("scenarios/fiveeyes.toml")   // a file
//	sc, err := sim.Parse(name, data)                 // bytes
//	sc, err := sim.ParseWith(name, data, overrides)  // with experiment factors
//	sc := sim.Default()                              // the compiled-in default
//
// A failed load returns Problems: every problem in the file at once, each
// with the file, line, column where known and key path.
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
// over the rest of the exercise on a private copy of the run; it is safe to
// call from another goroutine on a Clone.
//
// # Determinism
//
// Every random draw comes from the run's own math/rand/v2 PCG stream seeded
// with (seed, stream). There is no global randomness and no wall clock here.
// Simultaneous events fire in the order they were scheduled.
//
// The model is documented in docs/model.md and the scenario format in
// docs/scenario-format.md.
package sim
