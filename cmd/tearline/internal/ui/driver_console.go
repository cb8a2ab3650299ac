package ui

import (
	"image/color"
	"time"

	"tearline/cmd/tearline/internal/session"
	"tearline/cmd/tearline/internal/view"
	"tearline/sim"
)

// ConsoleOptions configure the facilitator's console.
type ConsoleOptions struct {
	// Addrs are the addresses stations join at ("192.168.1.20:7455"),
	// shown large with the session code; the first is the main one.
	Addrs []string
	// Now is the wall clock (nil: time.Now); tests pass a fake.
	Now func() time.Time
	// OnClose, if set, is called when the console closes (the caller stops
	// the server and closes the session log).
	OnClose func()
}

// consoleDriver is the facilitator's console: the screen reads a copy of
// the host's run (refreshed whenever the host changes), runs the host's
// clock (Tick every frame), and sends the facilitator's actions to the
// host, which logs them. Teams answer at their stations.
type consoleDriver struct {
	h       *session.Host
	o       ConsoleOptions
	run     *sim.Run
	changed <-chan struct{}
	snap    session.Snapshot
	last    time.Time
	fac     facPanel
}

// NewConsoleScreen returns the facilitator's console for host h: the full
// map, every team's status, the join address and session code, the clock
// controls and the facilitator's actions.
func NewConsoleScreen(g *Game, h *session.Host, o ConsoleOptions) *Exercise {
	if o.Now == nil {
		o.Now = time.Now
	}
	d := &consoleDriver{h: h, o: o}
	sc := h.Scenario()
	e := &Exercise{sc: sc, clock: view.NewClock(), fired: map[string]bool{}, drv: d, endH: sc.End()}
	d.fac.init(sc)
	d.sync(e)
	return e
}

// sync copies the host's run if it changed and takes its snapshot.
func (d *consoleDriver) sync(e *Exercise) {
	fresh := d.run == nil
	if !fresh {
		select {
		case <-d.changed:
			fresh = true
		default:
		}
	}
	if fresh {
		d.changed = d.h.Changed() // before the copy: a change after it is seen next frame
		d.h.WithRun(func(r *sim.Run) { d.run = r.Clone() })
	}
	d.snap = d.h.Snapshot()
	e.w = d.run
	e.clock.T = d.snap.Time
	e.clock.Paused = !d.snap.Running
	e.clock.Speed = nearestSpeed(d.snap.Speed)
}

func (d *consoleDriver) Mode() Mode   { return Console }
func (d *consoleDriver) World() World { return d.run }

// Frame ticks the host by the wall-clock time since the last frame (at
// most a quarter second: a window dragged or a slow frame does not make
// the clock jump) and takes its new state.
func (d *consoleDriver) Frame(e *Exercise) {
	now := d.o.Now()
	if !d.last.IsZero() {
		d.h.Tick(min(now.Sub(d.last), 250*time.Millisecond))
	}
	d.last = now
	d.sync(e)
	d.fac.typeChars()
}

// Answer does nothing: teams answer at their stations (an unseated nation's
// decisions go to its doctrine).
func (d *consoleDriver) Answer(*Exercise, sim.Answer)      {}
func (d *consoleDriver) Forecast(*Exercise, *sim.Decision) {}

// Fire fires (or, while decisions are open, queues) on-demand id.
func (d *consoleDriver) Fire(e *Exercise, id string) {
	if err := d.h.Fire(id); err != nil {
		d.fac.result("Could not fire "+id, err)
		return
	}
	e.fired[id] = true
	d.fac.result("Fired "+id, nil)
	if len(d.snap.Open) > 0 {
		d.fac.msg = "Queued " + id + ": it fires once the open decisions are answered."
	}
}

func (d *consoleDriver) TogglePause(*Exercise) { d.h.SetRunning(!d.snap.Running) }
func (d *consoleDriver) Next(*Exercise)        { d.h.Step() }

func (d *consoleDriver) Faster(e *Exercise) {
	if i := nearestSpeed(d.snap.Speed); i < len(view.Speeds)-1 {
		d.h.SetSpeed(view.Speeds[i+1])
	}
}

func (d *consoleDriver) Slower(e *Exercise) {
	if i := nearestSpeed(d.snap.Speed); i > 0 {
		d.h.SetSpeed(view.Speeds[i-1])
	}
}

// ToDebrief opens the full debrief of the session (every nation).
func (d *consoleDriver) ToDebrief(e *Exercise, g *Game) {
	if !d.run.Done() {
		return
	}
	g.Switch(NewDebrief(e.sc, d.run.Outcome(), nil, d.h.DecisionLog(), nil))
}

// Status says which teams the clock waits for.
func (d *consoleDriver) Status(e *Exercise) (string, color.RGBA, bool) {
	if len(d.snap.Open) == 0 || d.snap.Done {
		return "", color.RGBA{}, false
	}
	var who []string
	for _, t := range d.snap.Teams {
		if len(t.Open) > 0 {
			who = append(who, t.Nation)
		}
	}
	if len(who) == 0 {
		return "", color.RGBA{}, false
	}
	return "waiting for " + joinIDs(who), view.Warn, true
}

func joinIDs(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += id
	}
	return s
}

// Close calls OnClose.
func (d *consoleDriver) Close() {
	if d.o.OnClose != nil {
		d.o.OnClose()
	}
}
