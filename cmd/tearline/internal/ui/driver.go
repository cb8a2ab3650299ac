package ui

import (
	"image/color"

	"tearline/sim"
)

// Mode is what an exercise screen is: single-machine play, the
// facilitator's console or a team station.
type Mode int

// Modes of an exercise screen.
const (
	// Local is single-machine play: the window runs the exercise and plays
	// every player nation, with the facilitator's panel in the idle panel.
	Local Mode = iota
	// Console is the facilitator's console of a workshop (tearline host):
	// the full map, every team's status, the clock and the facilitator's
	// actions; teams answer at their stations.
	Console
	// Station is a team's station (tearline join): its nation's map,
	// decisions and log, the clock as the host runs it.
	Station
)

// Driver is what an exercise screen does, as opposed to what it reads
// (World): move the clock, answer and forecast decisions, fire on-demand
// injects. Three implement it: localDriver (a *sim.Run in this window),
// consoleDriver (a session.Host) and stationDriver (a session.Station).
// Each method is called from the screen's Update.
type Driver interface {
	// Mode says which screen this is.
	Mode() Mode
	// World is what the screen reads now.
	World() World
	// Frame runs once per Update, after input: it moves the clock (or
	// takes the host's), refreshes the world and opens the decisions that
	// came up.
	Frame(e *Exercise)
	// Answer sends answer a to the pending decision.
	Answer(e *Exercise, a sim.Answer)
	// Forecast asks for a forecast of the candidate answer to decision d
	// (generation e.askedGen); results reach e.preview in Frame or
	// pollPreviews.
	Forecast(e *Exercise, d *sim.Decision)
	// Fire fires on-demand inject or event id (the facilitator's panel).
	Fire(e *Exercise, id string)
	// TogglePause, Next, Faster and Slower control the clock; a station's
	// clock is the host's and they do nothing.
	TogglePause(e *Exercise)
	Next(e *Exercise)
	Faster(e *Exercise)
	Slower(e *Exercise)
	// ToDebrief leaves for the debrief once the exercise has ended.
	ToDebrief(e *Exercise, g *Game)
	// Status overrides the top bar's state ("reconnecting…"), if ok.
	Status(e *Exercise) (text string, col color.RGBA, ok bool)
	// Close releases what the driver holds.
	Close()
}

// Name implements Scene: "exercise", "console" or "station".
func (m Mode) Name() string {
	switch m {
	case Console:
		return "console"
	case Station:
		return "station"
	}
	return "exercise"
}

// clockControl reports whether the screen controls the clock (a station
// only shows the host's).
func (e *Exercise) clockControl() bool { return e.drv.Mode() != Station }

// facilitator reports whether the screen shows the facilitator's panel:
// single-machine play (in the idle decision panel) and the console, never a
// team station.
func (e *Exercise) facilitator() bool { return e.drv.Mode() != Station }
