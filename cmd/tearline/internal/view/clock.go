package view

import "tearline/sim"

// Speeds are the clock's speed steps in exercise hours per real second. At
// the default step (1 h/s) a three-day exercise plays in about 72 s of
// running time plus the time spent on decisions.
var Speeds = []float64{0.25, 0.5, 1, 2, 4, 8, 16}

// DefaultSpeed indexes Speeds: 1 h/s.
const DefaultSpeed = 2

// TicksPerSecond is the update rate the clock assumes (ebiten's default TPS).
const TicksPerSecond = 60

// Clock is the exercise clock: the shown exercise time, pause and speed. It
// moves in fixed steps per update tick, never by wall-clock time, so a
// scripted run is the same on a slow and a fast machine.
type Clock struct {
	// T is the exercise time shown, in hours.
	T sim.Hours
	// Paused stops the clock.
	Paused bool
	// Speed indexes Speeds.
	Speed int
}

// NewClock returns a paused clock at time zero at the default speed.
func NewClock() Clock { return Clock{Paused: true, Speed: DefaultSpeed} }

// Step returns the exercise time one update tick ahead of T at the current
// speed (T itself when paused).
func (c *Clock) Step() sim.Hours {
	if c.Paused {
		return c.T
	}
	return c.T + sim.Hours(Speeds[c.Speed]/TicksPerSecond)
}

// Faster moves one speed step up, if there is one.
func (c *Clock) Faster() {
	if c.Speed < len(Speeds)-1 {
		c.Speed++
	}
}

// Slower moves one speed step down, if there is one.
func (c *Clock) Slower() {
	if c.Speed > 0 {
		c.Speed--
	}
}

// SpeedLabel describes the speed, e.g. "1 h/s" or "15 min/s".
func (c *Clock) SpeedLabel() string {
	s := Speeds[c.Speed]
	if s < 1 {
		return FormatFloat(s*60, 0) + " min/s"
	}
	return FormatFloat(s, 0) + " h/s"
}
