package sim

import "gonum.org/v1/gonum/stat/distuv"

// This file holds leaks: each holder's leak clock, what a leak does, and
// interception on the wire.

// hazardRate is the rate at which nation n leaks item it held in form f:
//
//	λ = leak_rate · (1 − security) · (1 + level)/4 · (0.5 + source_sensitivity)
//
// per hour, with level the form's level as n protects it (its next own
// label up, on the common scale; SECRET = 3 gives factor 1).
func (r *Run) hazardRate(it *Item, n int, f Action) float64 {
	lvl := r.sc.ProtectLevel(n, it.LevelOf(f))
	return r.sc.Spec.Model.LeakRate * (1 - r.sc.Nations[n].Security) * float64(1+lvl) / 4 * (0.5 + it.Sensitivity)
}

// hazard starts nation n's leak clock for item in form f: an exponential
// time at rate hazardRate, from n's own stream for that item and form. The
// originator's clock starts when it collects the item, a recipient's when it
// holds it.
func (r *Run) hazard(item, n int, f Action) {
	lam := r.hazardRate(&r.sc.Items[item], n, f)
	if lam <= 0 {
		return
	}
	r.h(item, n).clocks |= 1 << f
	r.draws(pLeakClock, uint64(item), uint64(n), uint64(f), 0)
	t := Hours(expDraw(r, lam))
	if r.now+t < r.sc.End() {
		r.schedule(r.now+t, evLeak, item, n, int(f))
	}
}

// expDraw draws an exponential time at rate lam per hour from the current
// keyed stream.
func expDraw(r *Run, lam float64) float64 {
	return distuv.Exponential{Rate: lam, Src: &r.kpcg}.Rand()
}

// leakWeight weighs a leak by what it exposes: (1 + level)/4 on the common
// scale (SECRET = 1), times the tearline's share of source exposure for a
// tearline.
func leakWeight(it *Item, f Action) float64 {
	w := float64(1+it.LevelOf(f)) / 4
	if f == Tearline {
		w *= it.TearExposure
	}
	return w
}

// leak: nation n leaks item; maybe attributed, maybe the source is burned.
func (r *Run) leak(item, n int, f Action) {
	it := &r.sc.Items[item]
	r.h(item, n).clocks &^= 1 << f // this clock has run out
	holders := 0
	for j := 0; j < r.n; j++ {
		if r.h(item, j).form != Withhold {
			holders++
		}
	}
	m := &r.sc.Spec.Model
	via := r.h(item, n).via
	l := Leak{Item: item, Holder: n, From: -1, To: -1, Time: r.now, Form: f, Player: int(via), Attributable: via >= 0, Weight: leakWeight(it, f)}
	rg := r.draws(pLeakOutcome, uint64(item), uint64(n), uint64(f), 0)
	l.Attributed = rg.Float64() < float64(m.Attribution)/float64(max(1, holders))
	l.Burned = r.burn(it, f)
	r.out.Leaks = append(r.out.Leaks, l)
	if !r.quiet {
		r.logf(LogLeak, item, n, -1, "LEAK: %q (%s) leaks from %s.%s%s", it.Title, f, r.nid(n), attrText(l.Attributed, r.nid(n)), burnText(l.Burned))
	}
	if l.Attributed && n != it.Origin {
		r.evidence(it.Origin, n, -m.LeakPenalty)
	}
}

// intercept: a share is taken on the wire.
func (r *Run) intercept(ti int) {
	tr := &r.transits[ti]
	it := &r.sc.Items[tr.item]
	l := Leak{Item: int(tr.item), Holder: -1, From: int(tr.from), To: int(tr.to), Time: r.now, Form: tr.form, Intercepted: true,
		Player: int(tr.via), Attributable: tr.via >= 0, Weight: leakWeight(it, tr.form)}
	r.shareDraws(pInterceptBurn, tr, 0)
	l.Burned = r.burn(it, tr.form)
	r.out.Leaks = append(r.out.Leaks, l)
	if !r.quiet {
		r.logf(LogLeak, int(tr.item), int(tr.from), int(tr.to), "LEAK: %q is intercepted on %s between %s and %s.%s", it.Title, tr.route.Name, r.nid(int(tr.from)), r.nid(int(tr.to)), burnText(l.Burned))
	}
}

// burn decides, from the current keyed stream, whether a leak burns the
// item's source: with probability source_sensitivity, times the tearline's
// exposure for a tearline.
func (r *Run) burn(it *Item, f Action) bool {
	p := it.Sensitivity
	if f == Tearline {
		p *= it.TearExposure
	}
	b := r.krng.Float64() < p
	if b && it.Source >= 0 {
		r.burned[it.Source] = true
	}
	return b
}

func attrText(a bool, who string) string {
	if a {
		return " It is traced to " + who + "."
	}
	return ""
}

func burnText(b bool) string {
	if b {
		return " The source is burned."
	}
	return ""
}
