// Package view holds the desktop client's display-free view model: the
// colour-blind-safe palette, the coalition-map geometry, the exercise clock,
// the decision form that turns a trainee's choices into a sim.Answer (and
// explains them from the engine's judgement, sim.Row.Judge), the background
// previewer and the wording of its paired forecasts for the decision panel,
// the running log's classification and the debrief tables.
//
// Nothing here imports ebiten, so all of it is tested with plain go test.
// The ui package draws what this package computes and feeds it input; the
// engine (package sim) stays the only place where model logic lives.
package view
