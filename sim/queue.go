package sim

// evKind is the kind of a scheduled engine event.
type evKind uint8

const (
	evInject   evKind = iota // a: item
	evDispatch               // a: transit (approvals done; goes on the wire)
	evArrive                 // a: transit (arrives; verification starts)
	evVerified               // a: transit (verified; joins the analysts' queue)
	evHeld                   // a: transit (recipient holds it)
	evThreat                 // a: threat
	evEvent                  // a: event
	evEventEnd               // a: event
	evLeak                   // a: item, b: nation, c: form
	evReview                 // a: agreement
	evAsk                    // a: nation, b: item (a player decision becomes due)
	evConsent                // a: transit (its consent request becomes due)
	evCheck                  // a deadline a condition names (trigger.go); does nothing itself
	evTrust                  // a: from, b: to, c: index into Run.deltas (a facilitator's trust adjustment)
	evReveal                 // a: nation, b: item (a facilitator's reveal)
)

// event is one entry in the future-event list. seq breaks ties so that
// simultaneous events fire in the order they were scheduled.
type event struct {
	t       Hours
	seq     uint64
	kind    evKind
	a, b, c int32
}

// eventQueue is a binary min-heap on (t, seq). It is a plain slice so that a
// run copies it cheaply.
type eventQueue []event

func (q eventQueue) less(i, j int) bool {
	if q[i].t != q[j].t {
		return q[i].t < q[j].t
	}
	return q[i].seq < q[j].seq
}

func (q *eventQueue) push(e event) {
	*q = append(*q, e)
	h := *q
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (q *eventQueue) pop() event {
	h := *q
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(h) {
			break
		}
		m := l
		if r := l + 1; r < len(h) && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*q = h
	return top
}

func (r *Run) schedule(t Hours, k evKind, a, b, c int) {
	r.seq++
	r.q.push(event{t: t, seq: r.seq, kind: k, a: int32(a), b: int32(b), c: int32(c)})
}
