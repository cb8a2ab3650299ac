package sim

import "tearline/scenario"

// startShare begins a share: violations, consent, approvals.
func (r *Run) startShare(from, to, item int, form Action, rt Route, waiver, force bool, dec int) {
	it := &r.sc.Items[item]
	hto := r.h(item, to)
	tr := transit{item: int32(item), from: int32(from), to: int32(to), form: form, route: rt,
		agr: int32(r.cover(from, to, it, form)), sent: r.now, waiver: waiver, force: force, dec: int32(dec),
		attempt: hto.tries, via: r.viaOf(from, item), cdec: -1}
	hto.inbnd = true
	hto.sentBy |= 1 << uint(from)
	if hto.tries < 255 {
		hto.tries++
	}
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
	tr.asked = tr.consent
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
	if r.markingBars(it, tr.form, to) {
		add("marking", "released past its REL TO / NOFORN marking")
		r.evidence(it.Origin, from, -r.sc.Spec.Model.BreachPenalty)
	}
	if why, needs := r.needsConsent(from, to, int(tr.item), tr.form); needs {
		text := "passed on without the originator's consent (ORCON / third-party rule)"
		if why == consentTearline {
			text = "issued a tearline of another nation's report without the originator's consent"
		}
		add("third-party", text)
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
			tr.cdec = int32(d.Seq)
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
		tr.refusal = uint8(RefusedConsent)
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
	r.refused(ti)
	r.out.Denied++
}

// refused updates the recipient's holding when share ti (now denied) will
// never come: nothing is under way unless another share is, and the sender
// knows its share did not go.
func (r *Run) refused(ti int) {
	tr := &r.transits[ti]
	h := r.h(int(tr.item), int(tr.to))
	h.sentBy &^= 1 << uint(tr.from)
	h.inbnd = false
	for i := range r.transits {
		o := &r.transits[i]
		if o.item == tr.item && o.to == tr.to && o.state != transitDenied {
			h.inbnd = true
			break
		}
	}
}

// approvals draws the delay and outcome of every approval the share needs —
// approval laws, waivers sought, ad-hoc approval outside agreement scope —
// and schedules its dispatch. A refusal is decided now and known when the
// delay has run.
func (r *Run) approvals(ti int) {
	tr := &r.transits[ti]
	tr.apprStart = r.now
	r.shareDraws(pApproval, tr, 0)
	delay, refused := r.approvalDraw(tr)
	tr.refused = refused // known only when the delay has run (dispatch)
	r.schedule(r.now+delay, evDispatch, ti, 0, 0)
}

// approvalDraw draws, from the current keyed stream, the total approval
// delay of a share and whether it is refused.
func (r *Run) approvalDraw(tr *transit) (Hours, bool) {
	it := &r.sc.Items[tr.item]
	from, to := int(tr.from), int(tr.to)
	var delay Hours
	p := 1.0
	tr.gates = 0
	for li := range r.sc.Laws {
		l := &r.sc.Laws[li]
		if l.Nation != from || !r.lawActive[li] || !r.lawApplies(l, from, to, it, tr.form) {
			continue
		}
		if l.Effect == Approval || l.Effect == Waiver && tr.waiver {
			delay += r.draw(l.Delay)
			p *= l.Probability
			if l.Effect == Approval {
				tr.gates |= gateLaw
			} else {
				tr.gates |= gateWaiver
			}
		}
	}
	if tr.agr < 0 {
		tr.gates |= gateAdHoc
		m := &r.sc.Spec.Model
		delay += r.draw(m.AdHoc)
		p *= float64(m.AdHocApproval)
	}
	return delay, p < 1 && r.krng.Float64() >= p
}

// dispatch puts a share on the wire, or reports its refusal.
func (r *Run) dispatch(ti int) {
	tr := &r.transits[ti]
	it := &r.sc.Items[tr.item]
	if tr.refused {
		tr.state = transitDenied
		tr.refusal = uint8(RefusedApproval)
		r.refused(ti)
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
	wire, intercepted := r.wire(tr)
	tr.intercepted = intercepted
	tr.state = transitWire
	tr.stage = uint8(StageOnWire)
	tr.dispatched = r.now
	n := &sc.Nations[tr.to]
	tr.eta = r.now + rt.Median + r.verification(int(tr.to), int(tr.from)) + Hours(n.Analysis.Median)
	if !r.quiet {
		r.logf(LogDispatch, int(tr.item), int(tr.from), int(tr.to), "%q leaves %s for %s over %s.", it.Title, r.nid(int(tr.from)), r.nid(int(tr.to)), rt.Name)
	}
	r.schedule(r.now+wire, evArrive, ti, 0, 0)
}

// wire draws a share's time on the wire — every leg, translation and resend
// after a garbled translation — and whether any of its transmissions is
// intercepted: the first with the whole route's compromise probability, each
// resend with the far system's.
func (r *Run) wire(tr *transit) (Hours, bool) {
	sc := r.sc
	rt := &tr.route
	r.shareDraws(pWire, tr, 0)
	var wire Hours
	var first, resend float64
	far := -1
	switch rt.Kind {
	case Liaison:
		wire = r.draw(sc.Spec.Model.Liaison)
		first = float64(sc.Spec.Model.LiaisonCompromise)
	case Direct:
		wire = r.draw(sc.Systems[rt.System].Latency)
		first = sc.Systems[rt.System].Compromise
		far = rt.System
	case Bridged:
		gw := &sc.Gateways[rt.Gateway]
		far = gw.A
		if far == rt.System {
			far = gw.B
		}
		wire = r.draw(sc.Systems[rt.System].Latency) + r.draw(gw.Delay) + r.draw(sc.Systems[far].Latency)
		first = 1 - (1-sc.Systems[rt.System].Compromise)*(1-gw.Compromise)*(1-sc.Systems[far].Compromise)
	}
	tr.resends = 0
	if tl, ok := r.translationFor(far, int(tr.to), int(tr.agr)); ok {
		for {
			wire += r.draw(tl.Delay)
			if tr.resends >= 3 || r.krng.Float64() >= tl.Garble {
				break
			}
			tr.resends++
			wire += r.draw(sc.Systems[far].Latency)
		}
		resend = sc.Systems[far].Compromise
	}
	// Interception is drawn per transmission, each from its own stream.
	for k := 0; k <= tr.resends; k++ {
		p := first
		if k > 0 {
			p = resend
		}
		if p > 0 && r.shareDraws(pIntercept, tr, uint64(k)).Float64() < p {
			return wire, true
		}
	}
	return wire, false
}

// viaOf is the provenance a share of item by from carries: from itself if it
// is a player nation, else the player whose share brought the item to from.
func (r *Run) viaOf(from, item int) int32 {
	if r.sc.Nations[from].Player {
		return int32(from)
	}
	return r.h(item, from).via
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

// arrive: the share reaches the recipient, who starts verifying it.
func (r *Run) arrive(ti int) {
	tr := &r.transits[ti]
	tr.stage = uint8(StageVerifying)
	r.h(int(tr.item), int(tr.to)).gotFrom |= 1 << uint(tr.from)
	if tr.intercepted {
		r.intercept(ti)
	}
	r.schedule(r.now+r.verification(int(tr.to), int(tr.from)), evVerified, ti, 0, 0)
}

// verified: the recipient has verified the share; it goes to an analyst now
// if one is free, else waits its turn. The analysts are k servers taking
// items first come first served by the time they became ready.
func (r *Run) verified(ti int) {
	to := r.transits[ti].to
	if r.busy[to] < r.sc.Nations[to].Analysts {
		r.analyse(ti)
		return
	}
	r.transits[ti].stage = uint8(StageQueued)
	r.waitq = append(r.waitq, int32(ti))
}

// analyse puts a free analyst of the recipient on transit ti.
func (r *Run) analyse(ti int) {
	tr := &r.transits[ti]
	r.busy[tr.to]++
	tr.began = r.now
	tr.stage = uint8(StageAnalysis)
	r.shareDraws(pAnalysis, tr, 0)
	r.schedule(r.now+r.draw(r.sc.Nations[tr.to].Analysis), evHeld, ti, 0, 0)
}

// nextAnalysis gives nation n's freed analyst the item that has waited
// longest, if any.
func (r *Run) nextAnalysis(n int32) {
	for k, w := range r.waitq {
		if r.transits[w].to == n {
			copy(r.waitq[k:], r.waitq[k+1:])
			r.waitq = r.waitq[:len(r.waitq)-1]
			r.analyse(int(w))
			return
		}
	}
}

// held: the recipient holds the item, verified and analysed.
func (r *Run) held(ti int) {
	tr := &r.transits[ti]
	tr.state = transitDone
	tr.heldAt = r.now
	r.busy[tr.to]--
	r.nextAnalysis(tr.to)
	tr = &r.transits[ti]
	item, from, to := int(tr.item), int(tr.from), int(tr.to)
	it := &r.sc.Items[item]
	h := r.h(item, to)
	onTime := r.now <= it.NeedBy
	upgrade := h.form == Withhold || h.form == Tearline && tr.form == Full
	tr.redundant = !upgrade
	r.out.Deliveries = append(r.out.Deliveries, Delivery{Item: item, From: from, To: to, Form: tr.form, Route: tr.route.Name,
		Sent: tr.sent, Held: r.now, NeedBy: it.NeedBy, OnTime: onTime, Resends: tr.resends, Violation: tr.violation, Value: it.ValueOf(tr.form),
		Redundant: !upgrade})
	switch {
	case r.quiet:
	case !upgrade:
		r.logf(LogHeld, item, from, to, "%s gets %q (%s) from %s but already held it (%s): the share added nothing.", r.nid(to), it.Title, tr.form, r.nid(from), h.form)
	case onTime:
		r.logf(LogHeld, item, from, to, "%s now holds %q (%s) from %s, in time.", r.nid(to), it.Title, tr.form, r.nid(from))
	default:
		r.logf(LogLate, item, from, to, "%s now holds %q (%s) from %s, %s after it was needed.", r.nid(to), it.Title, tr.form, r.nid(from), scenario.FormatSpan(r.now-it.NeedBy))
	}
	if upgrade {
		first := h.form == Withhold
		h.form = tr.form
		if first {
			h.held = r.now
		}
		h.from, h.agr, h.via = tr.from, tr.agr, tr.via
		h.viaTPR = tr.agr >= 0 && r.sc.Agreements[tr.agr].ThirdPartyRule
	}
	// Reciprocity: a timely, useful share earns the sender trust, unless it came
	// slower than the covering agreement's response-time expectation. A share
	// of what the recipient already held is of no use to it and earns nothing.
	if onTime && upgrade && r.interested(to, it) {
		prompt := true
		if tr.agr >= 0 {
			if rt := r.sc.Agreements[tr.agr].ResponseTime; rt > 0 && r.now-r.h(item, from).held > rt {
				prompt = false
				if !r.quiet {
					r.logf(LogTrust, item, to, from, "%s notes %s passed %q slower than %s expects (%s): no credit.", r.nid(to), r.nid(from), it.Title, r.sc.Agreements[tr.agr].Name, scenario.FormatSpan(rt))
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
