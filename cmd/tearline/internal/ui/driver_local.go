package ui

import (
	"image/color"

	"tearline/cmd/tearline/internal/view"
	"tearline/sim"
)

// localDriver is single-machine play: the screen's own *sim.Run, its clock
// stepped per update tick, forecasts from a Previewer off the frame loop,
// every answer and fire recorded for the debrief and autosaved.
type localDriver struct{ e *Exercise }

func (d localDriver) Mode() Mode                       { return Local }
func (d localDriver) World() World                     { return d.e.run }
func (d localDriver) Frame(e *Exercise)                { e.advanceLocal() }
func (d localDriver) Answer(e *Exercise, a sim.Answer) { e.answerLocal(a) }
func (d localDriver) Fire(e *Exercise, id string)      { e.fireLocal(id) }
func (d localDriver) TogglePause(e *Exercise)          { e.clock.Paused = !e.clock.Paused }
func (d localDriver) Next(e *Exercise)                 { e.nextDecision() }
func (d localDriver) Faster(e *Exercise)               { e.clock.Faster() }
func (d localDriver) Slower(e *Exercise)               { e.clock.Slower() }
func (d localDriver) ToDebrief(e *Exercise, g *Game)   { e.toDebrief(g) }
func (d localDriver) Close()                           {}

func (d localDriver) Status(*Exercise) (string, color.RGBA, bool) { return "", color.RGBA{}, false }

// Forecast asks the Previewer for the candidate answer on a copy of the run.
func (d localDriver) Forecast(e *Exercise, p *sim.Decision) {
	e.prev.Request(view.PreviewRequest{Run: e.run.Clone(), Answer: e.candidate(), Seq: p.Seq, Gen: e.askedGen})
}
