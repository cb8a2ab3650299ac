package sim

import (
	"fmt"

	"gonum.org/v1/gonum/stat/distuv"
)

// z90 is the 90th-percentile point of the standard normal distribution,
// used to turn a (median, p90) pair into a log-normal σ.
const z90 = 1.2815515655446004

// draw samples a delay: log-normal with μ = ln(median) and
// σ = (ln(p90) − μ) / z90, or the median itself when p90 equals it.
func (r *Run) draw(d Delay) Hours {
	if d.Median <= 0 {
		return 0
	}
	if d.P90 <= d.Median {
		return Hours(d.Median)
	}
	if d.sigma == 0 {
		d.prep()
	}
	x := distuv.LogNormal{Mu: d.mu, Sigma: d.sigma, Src: &r.pcg}.Rand()
	// An extreme spread can overflow; no delay exceeds the longest exercise.
	if !(x <= maxHours) {
		return maxHours
	}
	return Hours(x)
}

// interested reports whether item it matters to nation n: n is a target of
// its threat or its topic is among n's interests.
func (r *Run) interested(n int, it *Item) bool {
	if it.Threat >= 0 && containsInt(r.sc.Threats[it.Threat].Targets, n) {
		return true
	}
	for _, s := range r.sc.Nations[n].Interests {
		if s == it.Topic {
			return true
		}
	}
	return false
}

// candidate reports whether holder could pass item to n: n neither holds it
// nor has it coming, and is not its originator.
func (r *Run) candidate(holder, item, n int) bool {
	if n == holder || n == r.sc.Items[item].Origin {
		return false
	}
	h := r.h(item, n)
	return h.form == Withhold && !h.inbnd
}

// inject: the origin collects an item.
func (r *Run) inject(i int) {
	it := &r.sc.Items[i]
	if it.Source >= 0 && r.burned[it.Source] {
		if !r.quiet {
			r.logf(LogInject, i, it.Origin, -1, "%s's source is burned: %q never comes in.", r.nid(it.Origin), it.Title)
		}
		return
	}
	h := r.h(i, it.Origin)
	if h.form != Withhold {
		return // fired twice on demand
	}
	*h = holding{form: Full, held: r.now, from: -1, agr: -1}
	if !r.quiet {
		r.logf(LogInject, i, it.Origin, -1, "%s collects %s %s report: %s.", r.nid(it.Origin), r.sc.LevelLabel(it.Origin, it.Level), it.Category, it.Title)
	}
	r.holds(it.Origin, i)
}

// holds is called when nation n comes to hold item i: players are asked
// whether to pass it on, other nations follow their doctrine.
func (r *Run) holds(n, i int) {
	h := r.h(i, n)
	if h.asked {
		return
	}
	h.asked = true
	nat := &r.sc.Nations[n]
	if nat.Player {
		r.asks = append(r.asks, ask{kind: ShareDecision, nation: int32(n), item: int32(i), transit: -1})
		return
	}
	if n == r.sc.Items[i].Origin || nat.Doctrine.Onward {
		r.doctrineShare(n, i)
	}
}

// doctrineShare is how a non-player nation passes an item on.
func (r *Run) doctrineShare(n, i int) {
	it := &r.sc.Items[i]
	doc := &r.sc.Nations[n].Doctrine
	var buf [8]Route
	for j := 0; j < r.n; j++ {
		if !r.candidate(n, i, j) || !r.interested(j, it) {
			continue
		}
		t := r.trust(n, j)
		form := Withhold
		switch {
		case t >= float64(doc.Share):
			form = Full
		case t >= float64(doc.Tearline):
			form = Tearline
		}
		for form != Withhold {
			ru := r.rules(n, j, i, form, false)
			ok := !ru.Blocked && (!ru.WaiverAvailable || doc.Waivers)
			if ok {
				routes := r.routes(buf[:0], n, j, r.cover(n, j, it, form), false)
				if k := fastestRoute(routes, it.LevelOf(form)); k >= 0 {
					r.startShare(n, j, i, form, routes[k], ru.WaiverAvailable, false, -1)
					break
				}
			}
			if form == Full {
				form = Tearline
			} else {
				form = Withhold
			}
		}
	}
}

// fastestRoute returns the index of the usable route with the least median
// time for level l, or -1.
func fastestRoute(routes []Route, l Level) int {
	best := -1
	for k := range routes {
		if routes[k].Usable(l) && (best < 0 || routes[k].Median < routes[best].Median) {
			best = k
		}
	}
	return best
}

// raise turns the oldest waiting ask into the pending decision, or returns
// nil if nothing is left to decide about it.
func (r *Run) raise() *Decision {
	a := r.asks[0]
	copy(r.asks, r.asks[1:])
	r.asks = r.asks[:len(r.asks)-1]
	explain := !r.quiet
	d := &r.curBuf
	*d = Decision{Seq: r.decSeq, Kind: a.kind, Time: r.now, Item: int(a.item), Holder: int(a.nation), Rows: r.rowsBuf[:0]}
	if a.kind == ConsentDecision {
		tr := &r.transits[a.transit]
		d.Requester, d.Recipient, d.Form = int(tr.from), int(tr.to), tr.form
		d.Rows = nil
		r.cur = d
		return d
	}
	if r.auto != nil {
		r.autoShare(r.auto, int(a.nation), int(a.item))
		return nil
	}
	it := &r.sc.Items[a.item]
	for j := 0; j < r.n; j++ {
		if !r.candidate(int(a.nation), int(a.item), j) {
			continue
		}
		k := len(d.Rows)
		if k < cap(d.Rows) {
			d.Rows = d.Rows[:k+1]
		} else {
			d.Rows = append(d.Rows, Row{})
		}
		row := &d.Rows[k]
		routes := row.Routes[:0]
		*row = Row{Recipient: j, Interested: r.interested(j, it), Agreement: r.cover(int(a.nation), j, it, Full)}
		row.Routes = r.routes(routes, int(a.nation), j, row.Agreement, explain)
		row.Rules[Full] = r.rules(int(a.nation), j, int(a.item), Full, explain)
		row.Rules[Tearline] = r.rules(int(a.nation), j, int(a.item), Tearline, explain)
	}
	r.rowsBuf = d.Rows[:0]
	if len(d.Rows) == 0 {
		return nil
	}
	r.cur = d
	return d
}

// Answer answers the pending decision. An invalid answer (a recipient not in
// the decision, a route that cannot carry the item, a blocked share without
// Force) returns an error and changes nothing.
func (r *Run) Answer(a Answer) error {
	d := r.cur
	if d == nil {
		return fmt.Errorf("no decision is pending")
	}
	if d.Kind == ConsentDecision {
		r.cur = nil
		r.decSeq++
		r.consentAnswered(d, a.Grant)
		return nil
	}
	if err := r.checkAnswer(d, a); err != nil {
		return err
	}
	r.cur = nil
	r.decSeq++
	it := &r.sc.Items[d.Item]
	for _, sh := range a.Shares {
		if sh.Action == Withhold {
			continue
		}
		row := rowFor(d, sh.Recipient)
		if !r.quiet {
			r.logf(LogDecision, d.Item, d.Holder, sh.Recipient, "%s decides to share %q with %s as %s over %s.",
				r.nid(d.Holder), it.Title, r.nid(sh.Recipient), sh.Action, row.Routes[sh.Route].Name)
		}
		r.startShare(d.Holder, sh.Recipient, d.Item, sh.Action, row.Routes[sh.Route], sh.Waiver, sh.Force, d.Seq)
	}
	return nil
}

func rowFor(d *Decision, recipient int) *Row {
	for i := range d.Rows {
		if d.Rows[i].Recipient == recipient {
			return &d.Rows[i]
		}
	}
	return nil
}

func (r *Run) checkAnswer(d *Decision, a Answer) error {
	it := &r.sc.Items[d.Item]
	for i, sh := range a.Shares {
		row := rowFor(d, sh.Recipient)
		if row == nil {
			return fmt.Errorf("share %d: nation %d is not a potential recipient of this decision", i, sh.Recipient)
		}
		for _, o := range a.Shares[:i] {
			if o.Recipient == sh.Recipient {
				return fmt.Errorf("share %d: %s is answered twice", i, r.nid(sh.Recipient))
			}
		}
		if sh.Action == Withhold {
			continue
		}
		if sh.Action != Full && sh.Action != Tearline {
			return fmt.Errorf("share %d: action %d is not full, tearline or withhold", i, sh.Action)
		}
		if sh.Route < 0 || sh.Route >= len(row.Routes) {
			return fmt.Errorf("share %d: route %d does not exist (the row has %d)", i, sh.Route, len(row.Routes))
		}
		rt := &row.Routes[sh.Route]
		if rt.Down {
			return &answerError{fmt.Sprintf("share to %s: %s is down", r.nid(sh.Recipient), rt.Name)}
		}
		if l := it.LevelOf(sh.Action); l > rt.MaxLevel {
			return &answerError{fmt.Sprintf("share to %s: %s is accredited to %s; the %s is %s", r.nid(sh.Recipient), rt.Name, rt.MaxLevel, sh.Action, l)}
		}
		ru := &row.Rules[sh.Action]
		if (ru.Blocked || ru.WaiverAvailable && !sh.Waiver) && !sh.Force {
			return &answerError{fmt.Sprintf("share to %s as %s is blocked; seek a waiver where one is available or force it (a violation)", r.nid(sh.Recipient), sh.Action)}
		}
	}
	return nil
}

// startShare begins a share: violations, consent, approvals.
func (r *Run) startShare(from, to, item int, form Action, rt Route, waiver, force bool, dec int) {
	it := &r.sc.Items[item]
	tr := transit{item: int32(item), from: int32(from), to: int32(to), form: form, route: rt,
		agr: int32(r.cover(from, to, it, form)), sent: r.now, waiver: waiver, force: force, dec: int32(dec)}
	r.h(item, to).inbnd = true
	if !r.quiet {
		// Route.Why is shared with the decision rows; keep the transit's own.
		tr.route.Why = nil
	}
	ru := r.rules(from, to, item, form, force && !r.quiet)
	if force {
		r.forceViolations(&tr, ru)
	}
	_, tr.consent = r.needsConsent(from, to, item, form)
	tr.consent = tr.consent && !force
	r.transits = append(r.transits, tr)
	ti := len(r.transits) - 1
	if dec < 0 {
		if !r.quiet {
			r.logf(LogShare, item, from, to, "%s sends %q to %s as %s.", r.nid(from), it.Title, r.nid(to), form)
		}
	}
	if tr.consent {
		o := it.Origin
		if r.sc.Nations[o].Player {
			if !r.quiet {
				r.logf(LogConsent, item, from, o, "%s asks %s for consent to pass %q to %s.", r.nid(from), r.nid(o), it.Title, r.nid(to))
			}
			r.asks = append(r.asks, ask{kind: ConsentDecision, nation: int32(o), item: int32(item), transit: int32(ti)})
			return
		}
		grant := r.trust(o, from) >= float64(r.sc.Nations[o].Doctrine.Consent)
		r.consentResult(ti, grant)
		return
	}
	r.approvals(ti)
}

func (r *Run) forceViolations(tr *transit, ru Rules) {
	it := &r.sc.Items[tr.item]
	from, to := int(tr.from), int(tr.to)
	add := func(kind, reason string) {
		r.out.Violations = append(r.out.Violations, Violation{Time: r.now, Item: int(tr.item), From: from, To: to, Kind: kind, Reason: reason})
		r.violations[from]++
		tr.violation = true
		if !r.quiet {
			r.logf(LogViolation, int(tr.item), from, to, "VIOLATION (%s) by %s sharing %q with %s: %s", kind, r.nid(from), it.Title, r.nid(to), reason)
		}
	}
	if tr.form == Full && (it.NoForn || it.RelTo != nil && !containsInt(it.RelTo, to)) && to != it.Origin {
		add("marking", "released past its REL TO / NOFORN marking")
		r.evidence(it.Origin, from, -r.sc.Spec.Model.BreachPenalty)
	}
	if _, needs := r.needsConsent(from, to, int(tr.item), tr.form); needs {
		add("third-party", "passed on without the originator's consent (ORCON / third-party rule)")
		r.evidence(it.Origin, from, -r.sc.Spec.Model.BreachPenalty)
	}
	for li := range r.sc.Laws {
		l := &r.sc.Laws[li]
		if l.Nation != from || !r.lawActive[li] || !r.lawApplies(l, from, to, it, tr.form) {
			continue
		}
		if l.Effect == Forbid || l.Effect == Waiver && !tr.waiver {
			add("legal", "in breach of "+l.Title)
		}
	}
}

// consentAnswered applies a player's consent answer.
func (r *Run) consentAnswered(d *Decision, grant bool) {
	for ti := len(r.transits) - 1; ti >= 0; ti-- {
		tr := &r.transits[ti]
		if int(tr.item) == d.Item && int(tr.from) == d.Requester && int(tr.to) == d.Recipient && tr.state == transitPending && tr.consent {
			r.consentResult(ti, grant)
			return
		}
	}
}

func (r *Run) consentResult(ti int, grant bool) {
	tr := &r.transits[ti]
	tr.consent = false
	it := &r.sc.Items[tr.item]
	if !grant {
		if !r.quiet {
			r.logf(LogConsent, int(tr.item), it.Origin, int(tr.from), "%s refuses %s consent to pass %q to %s.", r.nid(it.Origin), r.nid(int(tr.from)), it.Title, r.nid(int(tr.to)))
		}
		r.deny(ti)
		return
	}
	if !r.quiet {
		r.logf(LogConsent, int(tr.item), it.Origin, int(tr.from), "%s consents to %s passing %q to %s.", r.nid(it.Origin), r.nid(int(tr.from)), it.Title, r.nid(int(tr.to)))
	}
	r.approvals(ti)
}

func (r *Run) askConsent(ti int) {
	tr := &r.transits[ti]
	r.asks = append(r.asks, ask{kind: ConsentDecision, nation: int32(r.sc.Items[tr.item].Origin), item: tr.item, transit: int32(ti)})
}

func (r *Run) deny(ti int) {
	tr := &r.transits[ti]
	tr.state = transitDenied
	r.h(int(tr.item), int(tr.to)).inbnd = false
	r.out.Denied++
}

// approvals draws the delay and outcome of every approval the share needs —
// approval laws, waivers sought, ad-hoc approval outside agreement scope —
// and schedules its dispatch.
func (r *Run) approvals(ti int) {
	tr := &r.transits[ti]
	it := &r.sc.Items[tr.item]
	from, to := int(tr.from), int(tr.to)
	var delay Hours
	p := 1.0
	for li := range r.sc.Laws {
		l := &r.sc.Laws[li]
		if l.Nation != from || !r.lawActive[li] || !r.lawApplies(l, from, to, it, tr.form) {
			continue
		}
		if l.Effect == Approval || l.Effect == Waiver && tr.waiver {
			delay += r.draw(l.Delay)
			p *= l.Probability
		}
	}
	if tr.agr < 0 {
		m := &r.sc.Spec.Model
		delay += r.draw(m.AdHoc)
		p *= float64(m.AdHocApproval)
	}
	if p < 1 && r.rng.Float64() >= p {
		tr.state = transitDenied // decided now, known when the delay has run
		r.schedule(r.now+delay, evDispatch, ti, 0, 0)
		return
	}
	r.schedule(r.now+delay, evDispatch, ti, 0, 0)
}

// dispatch puts a share on the wire, or reports its refusal.
func (r *Run) dispatch(ti int) {
	tr := &r.transits[ti]
	it := &r.sc.Items[tr.item]
	if tr.state == transitDenied {
		r.h(int(tr.item), int(tr.to)).inbnd = false
		r.out.Denied++
		if !r.quiet {
			r.logf(LogDenied, int(tr.item), int(tr.from), int(tr.to), "Approval to send %q from %s to %s is refused.", it.Title, r.nid(int(tr.from)), r.nid(int(tr.to)))
		}
		return
	}
	sc := r.sc
	rt := &tr.route
	if rt.Kind != Liaison && (r.sysDown[rt.System] > 0 || rt.Kind == Bridged && r.farDown(rt)) {
		if !r.quiet {
			r.logf(LogDispatch, int(tr.item), int(tr.from), int(tr.to), "%s is down: %q goes to %s by liaison officer instead.", rt.Name, it.Title, r.nid(int(tr.to)))
		}
		*rt = r.route(Liaison, -1, -1, -1, int(tr.from), int(tr.to), int(tr.agr), false)
	}
	var wire Hours
	var compromise float64
	far := -1
	switch rt.Kind {
	case Liaison:
		wire = r.draw(sc.Spec.Model.Liaison)
		compromise = float64(sc.Spec.Model.LiaisonCompromise)
	case Direct:
		wire = r.draw(sc.Systems[rt.System].Latency)
		compromise = sc.Systems[rt.System].Compromise
		far = rt.System
	case Bridged:
		gw := &sc.Gateways[rt.Gateway]
		far = gw.A
		if far == rt.System {
			far = gw.B
		}
		wire = r.draw(sc.Systems[rt.System].Latency) + r.draw(gw.Delay) + r.draw(sc.Systems[far].Latency)
		compromise = 1 - (1-sc.Systems[rt.System].Compromise)*(1-gw.Compromise)*(1-sc.Systems[far].Compromise)
	}
	if tl, ok := r.translationFor(far, int(tr.to), int(tr.agr)); ok {
		for {
			wire += r.draw(tl.delay)
			if tr.resends >= 3 || r.rng.Float64() >= tl.garble {
				break
			}
			tr.resends++
			wire += r.draw(sc.Systems[far].Latency)
		}
	}
	tr.intercepted = r.rng.Float64() < compromise
	tr.state = transitWire
	tr.dispatched = r.now
	n := &sc.Nations[tr.to]
	tr.eta = r.now + wire + r.verification(int(tr.to), int(tr.from)) + Hours(n.Analysis.Median)
	if !r.quiet {
		r.logf(LogDispatch, int(tr.item), int(tr.from), int(tr.to), "%q leaves %s for %s over %s.", it.Title, r.nid(int(tr.from)), r.nid(int(tr.to)), rt.Name)
	}
	r.schedule(r.now+wire, evArrive, ti, 0, 0)
}

func (r *Run) farDown(rt *Route) bool {
	gw := &r.sc.Gateways[rt.Gateway]
	return r.sysDown[gw.A] > 0 || r.sysDown[gw.B] > 0
}

// verification is the delay before a recipient trusts what came in:
// VerificationMax · (1 − trust of recipient in sender).
func (r *Run) verification(to, from int) Hours {
	return Hours(r.sc.Spec.Model.VerificationMax) * Hours(1-r.trust(to, from))
}

// arrive: the share reaches the recipient; verification, then its analysts.
func (r *Run) arrive(ti int) {
	tr := &r.transits[ti]
	if tr.intercepted {
		r.intercept(ti)
	}
	to := int(tr.to)
	start := r.now + r.verification(to, int(tr.from))
	lo, hi := r.analystOff[to], r.analystOff[to+1]
	k := lo
	for j := lo + 1; j < hi; j++ {
		if r.analystFree[j] < r.analystFree[k] {
			k = j
		}
	}
	begin := max(start, r.analystFree[k])
	done := begin + r.draw(r.sc.Nations[to].Analysis)
	r.analystFree[k] = done
	tr.eta = done
	r.schedule(done, evHeld, ti, 0, 0)
}

// held: the recipient holds the item, verified and analysed.
func (r *Run) held(ti int) {
	tr := &r.transits[ti]
	tr.state = transitDone
	item, from, to := int(tr.item), int(tr.from), int(tr.to)
	it := &r.sc.Items[item]
	h := r.h(item, to)
	onTime := r.now <= it.NeedBy
	r.out.Deliveries = append(r.out.Deliveries, Delivery{Item: item, From: from, To: to, Form: tr.form, Route: tr.route.Name,
		Sent: tr.sent, Held: r.now, NeedBy: it.NeedBy, OnTime: onTime, Resends: tr.resends, Violation: tr.violation, Value: it.ValueOf(tr.form)})
	if onTime {
		if !r.quiet {
			r.logf(LogHeld, item, from, to, "%s now holds %q (%s) from %s, in time.", r.nid(to), it.Title, tr.form, r.nid(from))
		}
	} else {
		if !r.quiet {
			r.logf(LogLate, item, from, to, "%s now holds %q (%s) from %s, %s after it was needed.", r.nid(to), it.Title, tr.form, r.nid(from), FormatSpan(r.now-it.NeedBy))
		}
	}
	upgrade := h.form == Withhold || h.form == Tearline && tr.form == Full
	if upgrade {
		first := h.form == Withhold
		h.form = tr.form
		if first {
			h.held = r.now
		}
		h.from, h.agr = tr.from, tr.agr
		h.viaTPR = tr.agr >= 0 && r.sc.Agreements[tr.agr].ThirdPartyRule
	}
	// Reciprocity: a timely, useful share earns the sender trust, unless it came
	// slower than the covering agreement's response-time expectation.
	if onTime && r.interested(to, it) {
		prompt := true
		if tr.agr >= 0 {
			if rt := r.sc.Agreements[tr.agr].ResponseTime; rt > 0 && tr.sent-r.h(item, from).held > rt {
				prompt = false
				if !r.quiet {
					r.logf(LogTrust, item, to, from, "%s notes %s passed %q slower than %s expects (%s): no credit.", r.nid(to), r.nid(from), it.Title, r.sc.Agreements[tr.agr].Name, FormatSpan(rt))
				}
			}
		}
		if prompt {
			r.evidence(to, from, r.sc.Spec.Model.ShareGain*it.ValueOf(tr.form))
		}
	}
	r.hazard(item, to, tr.form)
	if upgrade {
		r.holds(to, item)
	}
}

// hazard draws when nation n would leak item in form f:
//
//	λ = leak_rate · (1 − security) · (1 + level)/4 · (0.5 + source_sensitivity)
//
// per hour, level on the common scale (SECRET = 3 gives factor 1).
func (r *Run) hazard(item, n int, f Action) {
	it := &r.sc.Items[item]
	lam := r.sc.Spec.Model.LeakRate * (1 - r.sc.Nations[n].Security) * float64(1+it.LevelOf(f)) / 4 * (0.5 + it.Sensitivity)
	if lam <= 0 {
		return
	}
	t := Hours(distuv.Exponential{Rate: lam, Src: &r.pcg}.Rand())
	if r.now+t < r.sc.end {
		r.schedule(r.now+t, evLeak, item, n, int(f))
	}
}

// leak: nation n leaks item; maybe attributed, maybe the source is burned.
func (r *Run) leak(item, n int, f Action) {
	it := &r.sc.Items[item]
	holders := 0
	for j := 0; j < r.n; j++ {
		if r.h(item, j).form != Withhold {
			holders++
		}
	}
	m := &r.sc.Spec.Model
	l := Leak{Item: item, Holder: n, To: -1, Time: r.now, Form: f}
	l.Attributed = r.rng.Float64() < float64(m.Attribution)/float64(max(1, holders))
	l.Burned = r.burn(it, f)
	r.out.Leaks = append(r.out.Leaks, l)
	if !r.quiet {
		r.logf(LogLeak, item, n, -1, "LEAK: %q (%s) leaks from %s.%s%s", it.Title, f, r.nid(n), attrText(l.Attributed, r.nid(n)), burnText(l.Burned))
	}
	if l.Attributed && n != it.Origin {
		r.evidence(it.Origin, n, -m.LeakPenalty)
	}
}

func (r *Run) intercept(ti int) {
	tr := &r.transits[ti]
	it := &r.sc.Items[tr.item]
	l := Leak{Item: int(tr.item), Holder: -1, To: int(tr.to), Time: r.now, Form: tr.form, Intercepted: true}
	l.Burned = r.burn(it, tr.form)
	r.out.Leaks = append(r.out.Leaks, l)
	if !r.quiet {
		r.logf(LogLeak, int(tr.item), int(tr.from), int(tr.to), "LEAK: %q is intercepted on %s between %s and %s.%s", it.Title, tr.route.Name, r.nid(int(tr.from)), r.nid(int(tr.to)), burnText(l.Burned))
	}
}

// burn decides whether a leak burns the item's source: with probability
// source_sensitivity, times the tearline's exposure for a tearline.
func (r *Run) burn(it *Item, f Action) bool {
	p := it.Sensitivity
	if f == Tearline {
		p *= it.TearExposure
	}
	b := r.rng.Float64() < p
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
