package sim

// This file makes a forecast fate-blind. A run draws some fates before they
// are known to anyone — whether a random event will happen and when, whether
// a pending approval will be refused and how long it takes, when a holder's
// leak clock runs out, whether a share on the wire is intercepted, how long a
// running delay lasts. A forecast must not see them: forgetFates redraws every
// one of them from the forecast's own world, conditioned only on what is
// known at the decision time (the event has not happened yet, the delay has
// run for so long already).

// forgetFates redraws, from the run's current world, every fate already drawn
// and not yet revealed. Call it on a private copy after setting its world.
func (r *Run) forgetFates() {
	sc := r.sc
	r.qbuf = append(r.qbuf[:0], r.q...)
	r.q = r.q[:0]
	for _, e := range r.qbuf {
		switch e.kind {
		case evEvent:
			if ev := &sc.Events[e.a]; !ev.OnDemand && randomEvent(ev) {
				continue // redrawn below
			}
		case evDispatch:
			e.t = r.redrawApproval(int(e.a))
		case evArrive:
			e.t = r.redrawWire(int(e.a))
		case evHeld:
			tr := &r.transits[e.a]
			r.shareDraws(pAnalysis, tr, 0)
			e.t = tr.began + r.drawAtLeast(sc.Nations[tr.to].Analysis, r.now-tr.began)
		case evLeak:
			continue // redrawn below, with the clocks that would run past the end
		}
		r.q.push(e)
	}
	// Leak clocks are exponential, so memoryless: every clock still running —
	// whether it was to run out before the end or not — runs out after a
	// fresh draw from now.
	for i := range r.hold {
		h := &r.hold[i]
		if h.clocks == 0 {
			continue
		}
		item, n := i/r.n, i%r.n
		for _, f := range [...]Action{Full, Tearline} {
			if h.clocks&(1<<f) == 0 {
				continue
			}
			lam := r.hazardRate(&sc.Items[item], n, f)
			r.draws(pLeakClock, uint64(item), uint64(n), uint64(f), 0)
			if t := r.now + Hours(expDraw(r, lam)); t < sc.End() {
				r.schedule(t, evLeak, item, n, int(f))
			}
		}
	}
	for i := range sc.Events {
		ev := &sc.Events[i]
		if ev.OnDemand || !randomEvent(ev) || r.evFired[i] || ev.When != nil {
			continue
		}
		if at, ok := r.redrawEvent(ev, i); ok {
			r.schedule(at, evEvent, i, 0, 0)
		}
	}
	// A conditional event whose condition has held but whose time has not
	// come: whether it happens is drawn afresh (its condition and time are
	// known; its fate is not). One not yet triggered is left to the
	// forecast world's own run of its condition.
	for k, ref := range sc.Triggers {
		if !ref.Event {
			continue
		}
		ev := &sc.Events[ref.Index]
		if r.trig[k] < 0 || r.evFired[ref.Index] || ev.Probability >= 1 {
			continue
		}
		at := r.trig[k] + ev.When.Delay
		if at < r.now || at > sc.End() {
			continue
		}
		if r.draws(pEventFate, uint64(ref.Index), 0, 0, 0).Float64() < ev.Probability {
			r.schedule(at, evEvent, ref.Index, 0, 0)
		}
	}
}

// randomEvent reports whether an event's fate is drawn: it has a window or a
// probability below 1.
func randomEvent(ev *Event) bool { return ev.Probability < 1 || ev.Window[1] > ev.Window[0] }

// redrawEvent draws a random event that has not happened by now: whether it
// still will, and when. With probability p of happening, uniformly in
// [w0, w1], and a fraction e of the window gone without it,
//
//	P(happens | not yet) = p·(1 − e) / (1 − p·e),
//
// at a uniform time in what is left of the window.
func (r *Run) redrawEvent(ev *Event, i int) (Hours, bool) {
	rg := r.draws(pEventFate, uint64(i), 0, 0, 0)
	u, v := rg.Float64(), rg.Float64()
	w0, w1 := ev.Window[0], ev.Window[1]
	if w1 <= w0 {
		if ev.At < r.now {
			return 0, false // its time has passed: it did not happen
		}
		return ev.At, u < ev.Probability
	}
	if r.now >= w1 {
		return 0, false
	}
	lo := max(r.now, w0)
	e := float64((lo - w0) / (w1 - w0))
	p := ev.Probability
	if p < 1 {
		p = p * (1 - e) / (1 - p*e)
	}
	return lo + Hours(v)*(w1-lo), u < p
}

// redrawApproval redraws a pending share's approvals — their delay, known
// to be longer than what has run since they started, and whether they are
// refused — and returns when it is dispatched.
func (r *Run) redrawApproval(ti int) Hours {
	tr := &r.transits[ti]
	elapsed := r.now - tr.apprStart
	var delay Hours
	var denied bool
	for k := 0; k < redrawTries; k++ {
		r.try = uint64(k)
		r.shareDraws(pApproval, tr, 0)
		delay, denied = r.approvalDraw(tr)
		if delay >= elapsed {
			break
		}
		delay = elapsed
	}
	r.try = 0
	tr.refused = denied
	return tr.apprStart + delay
}

// redrawWire redraws a share on the wire — its time there, known to be
// longer than what has run since it left, and whether it is intercepted —
// and returns when it arrives.
func (r *Run) redrawWire(ti int) Hours {
	tr := &r.transits[ti]
	elapsed := r.now - tr.dispatched
	var wire Hours
	for k := 0; k < redrawTries; k++ {
		r.try = uint64(k)
		wire, tr.intercepted = r.wire(tr)
		if wire >= elapsed {
			break
		}
		wire = elapsed
	}
	r.try = 0
	return tr.dispatched + wire
}
