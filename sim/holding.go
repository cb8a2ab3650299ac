package sim

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

// offered reports whether a player nation's share decision about item offers
// nation n as a recipient: n is neither the holder nor the originator, and
// the holder does not know n holds it or has it coming — it sent n a share
// that was not refused, or it received the item from n. What the holder
// cannot know (another nation's share to n) does not take n off the
// decision, so the rows a team sees reveal nothing hidden from it; a share
// to a nation that already holds the item in that form adds nothing but
// its exposure on the way (Delivery.Redundant).
func (r *Run) offered(holder, item, n int) bool {
	if n == holder || n == r.sc.Items[item].Origin {
		return false
	}
	return r.h(item, n).sentBy&(1<<uint(holder)) == 0 && r.h(item, holder).gotFrom&(1<<uint(n)) == 0
}

// candidate reports whether holder could pass item to n: n neither holds it
// nor has it coming, and is not its originator. It is the rule of the
// non-player nations' doctrine, which sees the whole state (a player's
// decision offers recipients by offered).
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
	r.due[i] = true
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
	*h = holding{form: Full, held: r.now, from: -1, agr: -1, via: -1, tries: h.tries}
	if !r.quiet {
		r.logf(LogInject, i, it.Origin, -1, "%s collects %s %s report: %s.", r.nid(it.Origin), r.sc.LevelLabel(it.Origin, it.Level), it.Category, it.Title)
	}
	r.hazard(i, it.Origin, Full) // the originator leaks at its own security's rate
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
				if k := fastestRoute(routes, r.travelLevel(n, j, it, form)); k >= 0 {
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
