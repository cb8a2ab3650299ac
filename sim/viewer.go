package sim

import "math"

// This file makes a forecast use only what the deciding nation knows
// (PreviewOptions.AsHolder), as a team station in a workshop room must: a
// station sees its own items and those it received, its own agreements and
// trust, and public events — never another team's items, decisions or
// shares between others. Forget.go already redraws every fate no one could
// know; viewerize goes further and replaces the state that is hidden from
// the deciding nation k by what k can assume from the scenario alone.
//
// Hidden from k, and how the forecast world treats it:
//
//   - Shares neither sent by k nor received by k (nor asked of k's
//     consent, as the originator), where a share to k counts as received
//     once it has arrived (until then k does not know of it, nor of one
//     refused before it was sent): removed, under way or done, with their
//     engine events; the analysts they kept busy are free, their queue
//     places gone. What is under way to a nation, and the number of earlier
//     shares of an item to it (which keys a share's draws), count only the
//     shares kept.
//   - Other nations' holdings: an originator holds its own items as the
//     scenario's injects give them; another nation j holds item i only if k
//     knows it — k received i from j, or k's share of i to j was held — and
//     otherwise holds nothing of i (no leak clock, nothing under way to it
//     but k's shares).
//   - Trust between other nations and other nations' trust in k: the
//     scenario's starting evidence, faded to now by forgetting, as if
//     nothing had moved it (k's own trust in the others is kept: it is k's).
//   - Other nations' decisions: those waiting to be raised are dropped,
//     other player nations' past choices are forgotten (their later
//     decisions in the forecast follow their doctrine), and other nations'
//     violations not yet audited are forgotten.
//
// Kept, as public or as the scenario itself: the scenario (its injects,
// threats and events to come), events that have happened, laws in force,
// agreements suspended, systems down, sources burned, threats that have
// struck or been averted, conditions met.
//
// Then impute puts back a stand-in for the removed shares that are under
// way now and for the other nations' trust, drawn from a play of the
// scenario in a world of the forecast's own seed (k by its own habits, the
// others by doctrine), so that partners' analysts are not taken for idle
// nor their trust in k for what it was at the start.
// Everything is keyed by what k knows: two runs that differ only in what
// is hidden from k give identical forecasts of k's decision.

// viewerize turns a private copy of the run into the world as nation k knows
// it (see above). Call it on a copy whose pending decision is k's.
func (r *Run) viewerize(k int) {
	sc := r.sc
	n := r.n
	// Shares: keep those k sent or receives, or whose consent k was asked.
	remap := make([]int32, len(r.transits))
	kept := 0
	for i := range r.transits {
		tr := r.transits[i]
		if r.knownShare(k, &tr) {
			remap[i] = int32(kept)
			r.transits[kept] = tr
			kept++
		} else {
			remap[i] = -1
		}
	}
	r.transits = r.transits[:kept]
	r.qbuf = append(r.qbuf[:0], r.q...)
	r.q = r.q[:0]
	for _, e := range r.qbuf {
		switch e.kind {
		case evDispatch, evArrive, evVerified, evHeld, evConsent:
			if remap[e.a] < 0 {
				continue
			}
			e.a = remap[e.a]
		case evAsk:
			if int(e.a) != k {
				continue
			}
		}
		r.q.push(e)
	}
	w := r.waitq[:0]
	for _, ti := range r.waitq {
		if remap[ti] >= 0 {
			w = append(w, remap[ti])
		}
	}
	r.waitq = w
	clear(r.busy)
	for i := range r.transits {
		if tr := &r.transits[i]; tr.state == transitWire && tr.stage == uint8(StageAnalysis) {
			r.busy[tr.to]++
		}
	}
	a := r.asks[:0]
	for _, ak := range r.asks {
		if int(ak.nation) != k {
			continue
		}
		if ak.transit >= 0 {
			if remap[ak.transit] < 0 {
				continue
			}
			ak.transit = remap[ak.transit]
		}
		a = append(a, ak)
	}
	r.asks = a

	// Holdings of the other nations; what is under way to each nation and
	// how many shares of each item it was sent, from the shares kept.
	for i := range sc.Items {
		origin := sc.Items[i].Origin
		for j := 0; j < n; j++ {
			if j == origin {
				continue
			}
			h := r.h(i, j)
			if j != k && h.form != Withhold && !r.knows(k, i, j) {
				*h = holding{from: -1, agr: -1, via: -1}
			}
			h.inbnd, h.tries, h.sentBy, h.gotFrom = false, 0, 0, 0
		}
	}
	for ti := range r.transits {
		tr := &r.transits[ti]
		if int(tr.to) == sc.Items[tr.item].Origin {
			continue
		}
		h := r.h(int(tr.item), int(tr.to))
		if h.tries < 255 {
			h.tries++
		}
		if tr.state == transitPending || tr.state == transitWire {
			h.inbnd = true
		}
		if tr.state != transitDenied {
			h.sentBy |= 1 << uint(tr.from)
		}
		if tr.arrived() {
			h.gotFrom |= 1 << uint(tr.from)
		}
	}

	// Trust that is not k's own: the scenario's start, faded to now.
	g := r.fade()
	decay := math.Exp(r.lambda * float64(r.now))
	for x := 0; x < n; x++ {
		if x == k {
			continue
		}
		for y := 0; y < n; y++ {
			b0 := sc.Trust0[x*n+y]
			r.trustRep[x*n+y] = betaRep{R: b0.R * decay / g, S: b0.S * decay / g}
		}
	}

	// Other nations' habits and unaudited violations.
	for j := 0; j < n; j++ {
		if j != k {
			r.tallies[j] = tally{}
			r.violations[j] = r.audited[j]
		}
	}
}

// knownShare reports whether nation k knows of share tr: k sent it, or it
// has reached k (arrived, being verified or analysed, or held: a share to k
// still awaiting approval or consent, refused, or on the wire is unknown to
// k), or k was asked to consent to it as the originator.
func (r *Run) knownShare(k int, tr *transit) bool {
	switch {
	case int(tr.from) == k:
		return true
	case int(tr.to) == k:
		return tr.arrived()
	}
	return tr.asked && r.sc.Items[tr.item].Origin == k
}

// arrived reports whether the share has reached its recipient (verifying,
// queued, analysed or held): from then the recipient knows of it.
func (tr *transit) arrived() bool {
	return tr.state == transitDone || tr.state == transitWire && tr.stage >= uint8(StageVerifying)
}

// knows reports whether nation k knows that nation j holds item i: k
// received it from j (or has it coming from j), or k's share of it to j was
// held. Call it after the hidden shares are removed.
func (r *Run) knows(k, i, j int) bool {
	for ti := range r.transits {
		tr := &r.transits[ti]
		if int(tr.item) != i {
			continue
		}
		if int(tr.from) == j && int(tr.to) == k || int(tr.from) == k && int(tr.to) == j && tr.state == transitDone {
			return true
		}
	}
	return false
}

// impute adds to a world viewerized for nation k a plausible stand-in for
// what viewerize took out: the shares between other nations under way now,
// and the trust of the other nations. Without them the other nations'
// analysts look idle and their trust in k is the scenario's start, and
// forecasts of when k's shares will be held run off (docs/model.md, "What
// knowing less costs"). The stand-in comes from a run of the scenario from
// its start to now in world (seed, 0) — seed is the forecast's own, so it
// is keyed by nothing hidden — with k playing by its own habits so far
// (pattern on k's tally, which k knows) and every other player by its
// doctrine. Its shares that involve neither k nor a consent still to be
// given are copied in with their scheduled stages, loading the recipients'
// analysts and queues as hidden shares would, and every other nation's
// trust is taken from it. Nothing else of that run is taken: holdings and
// decisions stay as viewerize left them, and a copied share held later by
// a nation that holds the item already adds nothing (Delivery.Redundant).
func (r *Run) impute(k int, seed uint64) {
	doc, _ := NewPolicy("doctrine", nil)
	pat, _ := NewPolicy("pattern", nil)
	imp := NewRun(r.sc, seed, 0)
	imp.SetQuiet(true)
	imp.tallies[k] = r.tallies[k] // k's own habits, which k knows
	for i := 0; i < maxImputeDecisions; i++ {
		d := imp.AdvanceTo(r.now)
		if d == nil {
			break
		}
		dec := doc
		if d.Holder == k {
			dec = pat
		}
		if imp.Answer(dec.Decide(imp, d)) != nil {
			_ = imp.Answer(Answer{})
		}
	}
	// Trust that is not k's own, as the stand-in's nations came to hold it
	// (k's shares there follow k's habits, so partners' trust in k grows as
	// k's sharing would make it grow).
	scale := imp.fade() / r.fade()
	for x := 0; x < r.n; x++ {
		if x == k {
			continue
		}
		for y := 0; y < r.n; y++ {
			b := imp.trustRep[x*r.n+y]
			r.trustRep[x*r.n+y] = betaRep{R: b.R * scale, S: b.S * scale}
		}
	}
	remap := make([]int32, len(imp.transits))
	for ti := range imp.transits {
		tr := imp.transits[ti]
		remap[ti] = -1
		under := tr.state == transitPending || tr.state == transitWire
		if !under || int(tr.from) == k || int(tr.to) == k || tr.consent {
			continue
		}
		tr.dec, tr.cdec = -1, -1
		remap[ti] = int32(len(r.transits))
		r.transits = append(r.transits, tr)
		h := r.h(int(tr.item), int(tr.to))
		h.inbnd = true
		h.sentBy |= 1 << uint(tr.from)
		if h.tries < 255 {
			h.tries++
		}
	}
	for _, e := range imp.q {
		switch e.kind {
		case evDispatch, evArrive, evVerified, evHeld:
		default:
			continue
		}
		ti := remap[e.a]
		if ti < 0 {
			continue
		}
		tr := &r.transits[ti]
		if e.kind == evHeld && r.busy[tr.to] >= r.sc.Nations[tr.to].Analysts {
			// k's own shares took the analysts here: it waits its turn.
			tr.stage = uint8(StageQueued)
			r.waitq = append(r.waitq, ti)
			continue
		}
		if e.kind == evHeld {
			r.busy[tr.to]++
		}
		r.schedule(e.t, e.kind, int(ti), int(e.b), int(e.c))
	}
	for _, ti := range imp.waitq {
		if remap[ti] >= 0 {
			r.waitq = append(r.waitq, remap[ti])
		}
	}
}

// maxImputeDecisions bounds impute's run (a scenario raises far fewer
// decisions: nato-cyber's players face about 100).
const maxImputeDecisions = 100_000
