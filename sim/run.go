package sim

import (
	"math"
	"math/rand/v2"
)

// holding is what one nation holds of one item.
type holding struct {
	form   Action // Withhold = not held
	held   Hours  // when it came to hold it
	from   int32  // nation it came from (-1: collected it)
	agr    int32  // agreement it came under (-1: none)
	asked  bool   // a decision about passing it on was raised
	inbnd  bool   // a share of it to this nation is under way or done
	viaTPR bool   // it came under an agreement with the third-party rule
	via    int32  // the player nation whose share brought it here, directly or onward (-1: none)
	tries  uint8  // shares of it to this nation started so far (the attempt number of the next)
	clocks uint8  // bit f: a leak clock runs for form f (started, not yet run out)
	// sentBy has bit k set while nation k's share of the item to this
	// nation is under way or done (cleared when it is refused): what k knows
	// it sent.
	sentBy uint64
	// gotFrom has bit j set once a share of the item from nation j has
	// reached this nation (arrived, whatever came after): what this nation
	// knows it received.
	gotFrom uint64
}

// transit is one share from decision to holding.
type transit struct {
	item, from, to int32
	form           Action
	route          Route
	agr            int32 // agreement covering it, -1 none
	sent           Hours // decided
	dispatched     Hours
	eta            Hours // the sender's estimate of when the recipient will hold it (medians; 0 before dispatch)
	waiver, force  bool
	violation      bool
	consent        bool // needs the originator's consent
	refused        bool // its approvals will be refused (drawn, not yet known)
	resends        int
	state          uint8 // transitPending, transitWire, transitDone, transitDenied
	intercepted    bool
	redundant      bool  // held by a recipient that already held the item in this form or better
	dec            int32 // decision seq that sent it
	attempt        uint8 // how many shares of the item to this recipient came before it
	via            int32 // the player nation whose share it is or follows (-1: none)
	began          Hours // when an analyst took it up (0 before)
	apprStart      Hours // when its approvals started
	// Facts kept for the share's typed fate (fate.go); none changes what
	// happens to it.
	heldAt  Hours // when the recipient held it (transitDone)
	cdec    int32 // seq of the consent decision that answered it, -1 none
	stage   uint8 // how far it got: a TransitStage
	gates   uint8 // what its approval step included: gate* bits
	refusal uint8 // why it was refused (transitDenied): a RefusalKind
	asked   bool  // the originator's consent was asked
}

const (
	transitPending uint8 = iota
	transitWire
	transitDone
	transitDenied
	transitLate // arrived after the end
)

// Run is one play of a scenario. It is not safe for concurrent use; Clone it
// to forecast from another goroutine.
type Run struct {
	sc           *Scenario
	seed, stream uint64
	world        uint64     // key of every random stream (streams.go)
	try          uint64     // rejection-sampling attempt mixed into the keys (forecasts; 0 in a run)
	ndraws       uint64     // keyed streams selected so far (for the floor benchmark)
	frozen       bool       // a forecast world: answers are not noted as habits (pattern.go)
	kpcg         rand.PCG   // the keyed stream last selected by draws
	krng         *rand.Rand // draws from kpcg
	quiet        bool

	n      int     // nations
	lambda float64 // ln(forgetting factor per 24 h) / 24: per hour
	base   Hours   // time the stored trust evidence is scaled to
	g      float64 // fade factor at gNow
	gNow   Hours
	now    Hours
	done   bool
	seq    uint64
	q      eventQueue
	qbuf   eventQueue // scratch for forgetFates

	trustRep   []betaRep // n*n
	lawActive  []bool
	agrSuspend []int  // >0: suspended (counted so overlapping suspensions nest)
	sysDown    []int  // >0: down
	compat     []bool // formats*formats: made compatible
	nformats   int
	hold       []holding // items*n
	busy       []int     // per nation: analysts at work
	waitq      []int32   // transits verified and waiting for an analyst, first come first served
	burned     []bool    // per source
	evFired    []bool    // per event: it has happened
	due        []bool    // per item: its inject time came (collected, or lost to a burned source)
	trig       []Hours   // per Scenario.triggers: when its condition first held (-1: not yet)
	trigLeft   int       // conditions not yet met
	curEvent   int       // the scenario event being applied, for its log entries (-1: none)
	transits   []transit
	tallies    []tally // per nation: a player's choices so far (pattern.go)
	violations []int   // per nation, for audits
	audited    []int   // per nation, violations already audited

	asks     []ask // decisions waiting to be raised, FIFO
	cur      *Decision
	parallel bool      // SetParallel: raise independent same-instant decisions together (parallel.go)
	open     []openDec // the decisions open together in parallel mode (open[0].d == cur); nil otherwise
	late     uint64    // facilitator actions scheduled so far (facilitator.go)
	deltas   []float64 // trust adjustments' deltas, indexed by their evTrust events
	journal  *DecisionLog
	curBuf   Decision
	rowsBuf  []Row
	shareBuf []ShareChoice
	routeBuf []Route
	autoBuf  []autoPick
	auto     *policy // answers share decisions directly in quiet runs (Play)
	autoDec  Decision
	autoRow  Row
	decSeq   int
	own      []int32 // per nation: decisions raised to it so far (Decision.Own of its next)

	out     Outcome
	log     []LogEntry
	fateBuf []ShareFate // backs out.Shares, reused across Reset
}

// ask is a decision waiting to be raised.
type ask struct {
	kind    DecisionKind
	nation  int32 // holder (share) or originator (consent)
	item    int32
	transit int32 // consent: the transit waiting
}

// NewRun prepares a run of sc with the random stream (seed, stream); run i of
// a batch uses stream i. The run starts at exercise time 0 and keeps a
// timeline and plain-language reasons unless SetQuiet(true).
func NewRun(sc *Scenario, seed, stream uint64) *Run {
	r := &Run{sc: sc}
	r.Reset(seed, stream)
	return r
}

// Scenario returns the scenario being run.
func (r *Run) Scenario() *Scenario { return r.sc }

// SetQuiet turns off the timeline and the plain-language reasons (Row.Rules.Why,
// Route.Why) to save time in batches. Outcomes are identical either way.
func (r *Run) SetQuiet(q bool) { r.quiet = q }

// Seed returns the seed and stream the run was started with.
func (r *Run) Seed() (seed, stream uint64) { return r.seed, r.stream }

// Reset restarts the run with the random stream (seed, stream), reusing its
// memory. The result is the same as NewRun's.
func (r *Run) Reset(seed, stream uint64) {
	sc := r.sc
	r.seed, r.stream = seed, stream
	r.world = worldKey(seed, stream)
	if r.krng == nil {
		r.krng = rand.New(&r.kpcg) // draws from r.kpcg, wherever it is reseeded
	}
	r.n = len(sc.Nations)
	r.lambda = 0
	if f := float64(sc.Spec.Model.Forgetting); f < 1 {
		r.lambda = math.Log(max(f, 1e-9)) / 24
	}
	r.now, r.done, r.seq, r.ndraws = 0, false, 0, 0
	r.base, r.g, r.gNow = 0, 1, 0
	r.q = r.q[:0]
	r.trustRep = append(r.trustRep[:0], sc.Trust0...)
	r.lawActive = resize(r.lawActive, len(sc.Laws))
	for i := range sc.Laws {
		r.lawActive[i] = !sc.Laws[i].Dormant
	}
	r.agrSuspend = resize(r.agrSuspend, len(sc.Agreements))
	for i := range sc.Agreements {
		if sc.Agreements[i].Suspended {
			r.agrSuspend[i] = 1
		}
	}
	r.sysDown = resize(r.sysDown, len(sc.Systems))
	r.nformats = 0
	for i := range sc.Systems {
		r.nformats = max(r.nformats, sc.Systems[i].Format+1)
	}
	r.compat = resize(r.compat, r.nformats*r.nformats)
	r.hold = resize(r.hold, len(sc.Items)*r.n)
	for i := range r.hold {
		r.hold[i].via = -1
	}
	r.busy = resize(r.busy, r.n)
	r.waitq = r.waitq[:0]
	r.burned = resize(r.burned, len(sc.Sources))
	r.evFired = resize(r.evFired, len(sc.Events))
	r.due = resize(r.due, len(sc.Items))
	r.trig = resize(r.trig, len(sc.Triggers))
	for k := range r.trig {
		r.trig[k] = -1
	}
	r.trigLeft = len(sc.Triggers)
	r.curEvent = -1
	r.transits = r.transits[:0]
	r.fateBuf = r.fateBuf[:0]
	r.violations = resize(r.violations, r.n)
	r.tallies = resize(r.tallies, r.n)
	r.audited = resize(r.audited, r.n)
	r.asks = r.asks[:0]
	r.cur = nil
	r.open = nil
	r.late = 0
	r.deltas = r.deltas[:0]
	r.decSeq = 0
	r.own = resize(r.own, r.n)
	r.log = r.log[:0]
	r.out = Outcome{
		Seed: seed, Stream: stream,
		Deliveries: r.out.Deliveries[:0], Leaks: r.out.Leaks[:0], Threats: r.out.Threats[:0],
		Violations: r.out.Violations[:0], Objectives: r.out.Objectives[:0], Needs: r.out.Needs[:0],
		TrustStart: r.out.TrustStart[:0], TrustEnd: r.out.TrustEnd[:0], impact: r.out.impact[:0],
	}
	for i := range sc.Threats {
		r.out.impact = append(r.out.impact, sc.Threats[i].Impact)
	}
	for i := 0; i < r.n*r.n; i++ {
		r.out.TrustStart = append(r.out.TrustStart, r.trustAtIndex(i))
	}

	// The master scenario events list.
	for i := range sc.Items {
		if !sc.Items[i].OnDemand && sc.Items[i].When == nil {
			r.schedule(sc.Items[i].At, evInject, i, 0, 0)
		}
	}
	for i := range sc.Threats {
		r.schedule(sc.Threats[i].At, evThreat, i, 0, 0)
	}
	for i := range sc.Events {
		e := &sc.Events[i]
		if e.OnDemand || e.When != nil {
			continue
		}
		// Each event's fate comes from its own stream, so it does not depend
		// on what else happens or what anyone decides.
		rg := r.draws(pEventFate, uint64(i), 0, 0, 0)
		u, v := rg.Float64(), rg.Float64()
		at := e.At
		if e.Window[1] > e.Window[0] {
			at = e.Window[0] + Hours(v)*(e.Window[1]-e.Window[0])
		}
		if e.Probability >= 1 || u < e.Probability {
			r.schedule(at, evEvent, i, 0, 0)
		}
	}
	for i := range sc.Agreements {
		if every := sc.Agreements[i].ReviewEvery; every > 0 {
			r.schedule(every, evReview, i, 0, 0)
		}
	}
	r.scheduleChecks()
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func (r *Run) trustAtIndex(i int) float64 {
	if i/r.n == i%r.n {
		return 1
	}
	return r.expect(i)
}

// Now returns the current exercise time in hours.
func (r *Run) Now() Hours { return r.now }

// Done reports whether the run has reached the end of the exercise.
func (r *Run) Done() bool { return r.done }

// Pending returns the decision waiting for an answer, or nil. In parallel
// mode (SetParallel) it is the first open decision, in Seq order, that has
// no answer yet; Answer answers it.
func (r *Run) Pending() *Decision {
	for i := range r.open {
		if !r.open[i].has {
			return r.open[i].d
		}
	}
	return r.cur
}

// Next advances the run until a decision is pending, which it returns, or
// until the end of the exercise, when it returns nil.
func (r *Run) Next() *Decision { return r.AdvanceTo(r.sc.End()) }

// AdvanceTo advances the run up to exercise time t (at most the end), stopping
// early at a decision, which it returns. It returns nil when it reached t or
// the end. While a decision is pending it does not advance.
func (r *Run) AdvanceTo(t Hours) *Decision {
	if r.cur != nil {
		return r.Pending()
	}
	t = min(t, r.sc.End())
	for !r.done {
		if r.trigLeft > 0 {
			r.checkTriggers()
		}
		if len(r.asks) > 0 {
			if d := r.raise(); d != nil {
				if r.parallel {
					r.gather()
					return r.Pending()
				}
				return d
			}
			continue
		}
		if len(r.q) == 0 || r.q[0].t > t {
			if t >= r.sc.End() {
				r.finish()
			} else if t > r.now {
				r.now = t
			}
			return nil
		}
		e := r.q.pop()
		r.now = max(r.now, e.t)
		r.fire(e)
	}
	return nil
}

// Play answers every decision of r with d and runs it to the end.
func Play(r *Run, d Decider) *Outcome {
	if r.parallel {
		return playParallel(r, d)
	}
	if p, ok := d.(*policy); ok && r.quiet && r.journal == nil {
		r.auto = p
		defer func() { r.auto = nil }()
	}
	for !r.done {
		dec := r.Next()
		if dec == nil {
			continue
		}
		if err := r.Answer(d.Decide(r, dec)); err != nil {
			// A Decider that gives an invalid answer is a programming error in the
			// decider; fall back to withholding so that the run still ends.
			_ = r.Answer(Answer{})
		}
	}
	return &r.out
}

// Outcome returns the run's outcome. It is complete once Done reports true,
// and valid until the next Reset.
func (r *Run) Outcome() *Outcome { return &r.out }

func (r *Run) fire(e event) {
	switch e.kind {
	case evInject:
		r.inject(int(e.a))
	case evDispatch:
		r.dispatch(int(e.a))
	case evArrive:
		r.arrive(int(e.a))
	case evVerified:
		r.verified(int(e.a))
	case evHeld:
		r.held(int(e.a))
	case evThreat:
		r.threat(int(e.a))
	case evEvent:
		r.curEvent = int(e.a)
		r.applyEvent(int(e.a))
		r.curEvent = -1
	case evEventEnd:
		r.curEvent = int(e.a)
		r.endEvent(int(e.a))
		r.curEvent = -1
	case evLeak:
		r.leak(int(e.a), int(e.b), Action(e.c))
	case evReview:
		r.review(int(e.a), true)
		if every := r.sc.Agreements[e.a].ReviewEvery; every > 0 {
			r.schedule(r.now+every, evReview, int(e.a), 0, 0)
		}
	case evAsk:
		r.asks = append(r.asks, ask{kind: ShareDecision, nation: e.a, item: e.b, transit: -1})
	case evConsent:
		r.askConsent(int(e.a))
	case evTrust:
		r.adjustTrust(int(e.a), int(e.b), r.deltas[e.c])
	case evReveal:
		r.reveal(int(e.a), int(e.b))
	case evCheck: // conditions are checked before the next step
	}
}

// finish closes the run at the end of the exercise.
func (r *Run) finish() {
	r.now = r.sc.End()
	r.done = true
	for i := range r.transits {
		tr := &r.transits[i]
		if tr.state == transitPending || tr.state == transitWire {
			tr.state = transitLate
		}
	}
	for i := 0; i < r.n*r.n; i++ {
		r.out.TrustEnd = append(r.out.TrustEnd, r.trustAtIndex(i))
	}
	r.out.Decisions = r.decSeq
	r.fates()
	r.needs()
	r.scoreObjectives()
	if !r.quiet {
		r.logf(LogEnd, -1, -1, -1, "The exercise ends.")
		r.out.Timeline = r.log
	}
}

func (r *Run) h(item, nation int) *holding { return &r.hold[item*r.n+nation] }

// Holding returns the form in which nation holds item, and whether it does.
func (r *Run) Holding(nation, item int) (Action, bool) {
	if nation < 0 || nation >= r.n || item < 0 || item >= len(r.sc.Items) {
		return Withhold, false
	}
	f := r.h(item, nation).form
	return f, f != Withhold
}

// AgreementSuspended reports whether agreement a is suspended now.
func (r *Run) AgreementSuspended(a int) bool {
	return a >= 0 && a < len(r.agrSuspend) && r.agrSuspend[a] > 0
}

// SystemDown reports whether system s has an outage now.
func (r *Run) SystemDown(s int) bool { return s >= 0 && s < len(r.sysDown) && r.sysDown[s] > 0 }

// LawInForce reports whether law l is in force now.
func (r *Run) LawInForce(l int) bool { return l >= 0 && l < len(r.lawActive) && r.lawActive[l] }

// Transit is an item on its way: approvals, the wire, verification, analysis.
type Transit struct {
	Item, From, To int
	Form           Action
	Route          string
	// Sent is when it was decided; ETA the sender's estimate of when the
	// recipient will hold it, from the route's and the analysts' medians and
	// the verification delay (0 while it waits for approval or consent). It
	// reveals none of the share's drawn fate.
	Sent, ETA Hours
	// Waiting reports that it waits for approval, a waiver or consent.
	Waiting bool
}

// Transits returns the shares under way now.
func (r *Run) Transits() []Transit {
	var out []Transit
	for i := range r.transits {
		tr := &r.transits[i]
		if tr.state != transitPending && tr.state != transitWire {
			continue
		}
		t := Transit{Item: int(tr.item), From: int(tr.from), To: int(tr.to), Form: tr.form, Route: tr.route.Name, Sent: tr.sent, Waiting: tr.state == transitPending}
		if tr.state == transitWire {
			t.ETA = tr.eta
		}
		out = append(out, t)
	}
	return out
}

// Clone returns a deep copy of r that evolves independently: same state, same
// random stream position.
func (r *Run) Clone() *Run {
	c := &Run{}
	c.copyFrom(r)
	return c
}

func (r *Run) copyFrom(s *Run) {
	bufRows := r.rowsBuf
	old := r.out
	rng := r.krng
	*r = Run{
		sc: s.sc, seed: s.seed, stream: s.stream, world: s.world, quiet: s.quiet,
		n: s.n, lambda: s.lambda, base: s.base, g: s.g, gNow: s.gNow, now: s.now, done: s.done, seq: s.seq, nformats: s.nformats, decSeq: s.decSeq,
		q:          append(r.q[:0], s.q...),
		trustRep:   append(r.trustRep[:0], s.trustRep...),
		lawActive:  append(r.lawActive[:0], s.lawActive...),
		agrSuspend: append(r.agrSuspend[:0], s.agrSuspend...),
		sysDown:    append(r.sysDown[:0], s.sysDown...),
		compat:     append(r.compat[:0], s.compat...),
		hold:       append(r.hold[:0], s.hold...),
		busy:       append(r.busy[:0], s.busy...),
		waitq:      append(r.waitq[:0], s.waitq...),
		burned:     append(r.burned[:0], s.burned...),
		evFired:    append(r.evFired[:0], s.evFired...),
		due:        append(r.due[:0], s.due...),
		trig:       append(r.trig[:0], s.trig...),
		trigLeft:   s.trigLeft,
		curEvent:   s.curEvent,
		transits:   append(r.transits[:0], s.transits...),
		violations: append(r.violations[:0], s.violations...),
		tallies:    append(r.tallies[:0], s.tallies...),
		own:        append(r.own[:0], s.own...),
		audited:    append(r.audited[:0], s.audited...),
		late:       s.late,
		deltas:     append(r.deltas[:0], s.deltas...),
		asks:       append(r.asks[:0], s.asks...),
		log:        append(r.log[:0], s.log...),
		rowsBuf:    bufRows,
		shareBuf:   r.shareBuf,
		routeBuf:   r.routeBuf,
		autoBuf:    r.autoBuf,
		qbuf:       r.qbuf,
		fateBuf:    append(r.fateBuf[:0], s.fateBuf...),
	}
	r.krng = rng
	if r.krng == nil {
		r.krng = rand.New(&r.kpcg)
	}
	o := s.out
	r.out = o
	r.out.Deliveries = append(old.Deliveries[:0], o.Deliveries...)
	r.out.Leaks = append(old.Leaks[:0], o.Leaks...)
	r.out.Threats = append(old.Threats[:0], o.Threats...)
	r.out.Violations = append(old.Violations[:0], o.Violations...)
	r.out.Objectives = append(old.Objectives[:0], o.Objectives...)
	r.out.Needs = append(old.Needs[:0], o.Needs...)
	r.out.TrustStart = append(old.TrustStart[:0], o.TrustStart...)
	r.out.TrustEnd = append(old.TrustEnd[:0], o.TrustEnd...)
	r.out.impact = append(old.impact[:0], o.impact...)
	r.out.Shares, r.out.Timeline = nil, nil
	if o.Shares != nil {
		r.out.Shares = r.fateBuf[:len(o.Shares)]
	}
	if o.Timeline != nil {
		r.out.Timeline = r.log
	}
	if s.cur != nil {
		r.curBuf = *s.cur
		r.curBuf.Rows = cloneRows(bufRows[:0], s.cur.Rows)
		r.cur = &r.curBuf
		r.rowsBuf = r.curBuf.Rows[:0]
	}
}

// cloneRows deep-copies rows into dst, reusing dst's memory.
func cloneRows(dst, rows []Row) []Row {
	for i, row := range rows {
		var routes []Route
		if i < cap(dst) {
			routes = dst[:cap(dst)][i].Routes[:0]
		}
		if i < len(dst) {
			dst[i] = row
		} else {
			dst = append(dst, row)
		}
		dst[i].Routes = append(routes, row.Routes...)
	}
	return dst[:len(rows)]
}
