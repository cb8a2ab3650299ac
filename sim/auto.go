package sim

// autoShare answers a share decision for a built-in policy in a quiet run
// without building the full Decision: only the rules and routes the policy's
// choice needs are computed. It gives exactly the answer policy.Decide would
// (the same choices, in the same order, with no random draws while choosing),
// so outcomes are identical; TestDeterminism compares the two paths. It
// reports false when there is nothing to decide.
func (r *Run) autoShare(p *policy, holder, item int) bool {
	it := &r.sc.Items[item]
	// d and row live in the run: passed to a function value they would
	// otherwise escape to the heap on every decision.
	d := &r.autoDec
	*d = Decision{Seq: r.decSeq, Time: r.now, Item: item, Holder: holder}
	row := &r.autoRow
	picks := r.autoBuf[:0]
	any := false
	for j := 0; j < r.n; j++ {
		if !r.offered(holder, item, j) {
			continue
		}
		any = true
		*row = Row{Recipient: j, Interested: r.interested(j, it), Agreement: r.cover(holder, j, it, Full)}
		act := p.choose(p, r, d, row)
		for act != Withhold {
			ru := r.rules(holder, j, item, act, false)
			if !ru.Blocked && (!ru.WaiverAvailable || p.waiversFor(r, holder)) {
				routes := r.routes(r.routeBuf[:0], holder, j, row.Agreement, false)
				r.routeBuf = routes[:0]
				if k := fastestRoute(routes, r.travelLevel(holder, j, it, act)); k >= 0 {
					picks = append(picks, autoPick{to: j, act: act, route: routes[k], waiver: ru.WaiverAvailable})
					break
				}
			}
			if act == Full {
				act = Tearline
			} else {
				act = Withhold
			}
		}
	}
	r.autoBuf = picks[:0]
	if !any {
		return false
	}
	r.decSeq++
	for _, pk := range picks {
		r.startShare(holder, pk.to, item, pk.act, pk.route, pk.waiver, false, d.Seq)
	}
	return true
}

// autoPick is one share chosen by autoShare.
type autoPick struct {
	to     int
	act    Action
	route  Route
	waiver bool
}
