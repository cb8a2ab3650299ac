package session

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/sim"
)

// Errors a host returns for a station's request; the server maps each to a
// protocol error code (see codeOf).
var (
	// ErrNotYours: the decision belongs to another nation.
	ErrNotYours = errors.New("that decision is another nation's")
	// ErrNotOpen: the decision is not open (answered already, or not raised).
	ErrNotOpen = errors.New("that decision is not open")
	// ErrBadToken: the seat token is not one this host issued.
	ErrBadToken = errors.New("unknown seat token")
	// ErrNoSeat: the nation is not a player nation, or its seat is taken.
	ErrNoSeat = errors.New("no such free seat")
	// ErrDone: the exercise has ended.
	ErrDone = errors.New("the exercise has ended")
)

// Config creates a Host.
type Config struct {
	// Scenario is the scenario to run (required).
	Scenario *sim.Scenario
	// Seed is the run's seed (stream 0). Resume takes it from the log.
	Seed uint64
	// Code is the session code stations must give (1 to protocol.MaxCode
	// bytes); empty: NewCode picks one.
	Code string
	// Log is where the session log is appended (nil: none, for tests and
	// previews; nothing then survives a crash).
	Log LogSink
	// DecisionTimeout is how long a team has for a decision before its
	// doctrine answers (0: no timer). Wall-clock time.
	DecisionTimeout time.Duration
	// Speed is the clock's initial speed, exercise hours per wall-clock
	// second while running (0: 1).
	Speed float64
	// Parallel opens together the decisions due at one instant (one per
	// holder; see sim.Run.SetParallel): teams decide at the same time and
	// the clock resumes once all are answered. Resume takes it from the log.
	Parallel bool
	// Rollouts is the number of worlds in a station's forecast (0: 200).
	Rollouts int
	// Now is the wall clock (nil: time.Now); tests pass a fake.
	Now func() time.Time
}

// Host is the authoritative side of a workshop session: the one run, the
// seats, the clock, the decision timer and the facilitator's actions. Every
// action is appended to the session log, durably, before it is applied.
// Its methods are safe for concurrent use (the console calls them from the
// frame loop, the server from connection goroutines).
type Host struct {
	mu       sync.Mutex
	cfg      Config
	sc       *sim.Scenario
	eng      engine
	log      *logWriter
	header   Record
	records  []Record         // every record after the header, as logged
	journal  *sim.DecisionLog // the engine's own record of answers and actions
	doctrine sim.Decider
	now      func() time.Time

	seats   map[int]*seat     // the team at each nation, by nation index
	teams   map[string]*seat  // every team (seated or waiting), by token SHA-256
	nextID  int               // the next team's number (seats.go)
	opened  map[int]time.Time // open decision seq → when it opened (wall)
	notes   map[int][]protocol.Note
	queued  []Record // facilitator actions waiting for the open decisions
	running bool
	speed   float64
	errs    []string // facilitator-visible problems (a log write that failed)

	changed chan struct{}
}

// NewCode returns a random session code: six characters from an alphabet
// without look-alikes (0/O, 1/I/L).
func NewCode() string {
	const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 6)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// NewHost starts a session on cfg's scenario and seed and writes the log's
// header record. The clock starts paused at exercise time 0 and nothing
// happens until the first Tick or Step: seat the teams first, since a
// decision that opens for an unseated player nation is answered by its
// doctrine at once.
func NewHost(cfg Config) (*Host, error) {
	h, err := newHost(cfg)
	if err != nil {
		return nil, err
	}
	h.header = Record{Rec: RecHeader, Wall: h.wall(), Protocol: protocol.Version, Scenario: h.sc.Name, Hash: h.sc.Hash, Seed: cfg.Seed, Parallel: cfg.Parallel}
	if err := h.log.Append(h.header); err != nil {
		return nil, err
	}
	return h, nil
}

func newHost(cfg Config) (*Host, error) {
	if cfg.Scenario == nil {
		return nil, errors.New("session: no scenario")
	}
	if cfg.Code == "" {
		cfg.Code = NewCode()
	}
	if len(cfg.Code) > protocol.MaxCode {
		return nil, fmt.Errorf("session: a session code is at most %d bytes", protocol.MaxCode)
	}
	if cfg.Speed <= 0 {
		cfg.Speed = 1
	}
	if cfg.Rollouts <= 0 {
		cfg.Rollouts = 200
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	doctrine, err := sim.NewPolicy("doctrine", nil)
	if err != nil {
		return nil, err
	}
	eng := newEngine(cfg.Scenario, cfg.Seed, cfg.Parallel)
	journal := &sim.DecisionLog{}
	eng.run().Record(journal)
	return &Host{
		cfg: cfg, sc: cfg.Scenario, eng: eng, log: &logWriter{sink: cfg.Log}, journal: journal,
		doctrine: doctrine, now: cfg.Now,
		seats: map[int]*seat{}, teams: map[string]*seat{}, nextID: 1, opened: map[int]time.Time{}, notes: map[int][]protocol.Note{},
		speed: cfg.Speed, changed: make(chan struct{}),
	}, nil
}

func (h *Host) wall() string { return h.now().UTC().Format(time.RFC3339Nano) }

// Code returns the session code.
func (h *Host) Code() string { return h.cfg.Code }

// Scenario returns the scenario being run.
func (h *Host) Scenario() *sim.Scenario { return h.sc }

// Changed returns a channel closed at the next change of state (a decision
// opened or answered, the clock moved, a seat, a note…). Take a new one after
// each close.
func (h *Host) Changed() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.changed
}

func (h *Host) notifyLocked() {
	close(h.changed)
	h.changed = make(chan struct{})
}

// appendLocked logs rec durably; on failure the action is not taken and the
// problem is kept for the console (Snapshot.Problems).
func (h *Host) appendLocked(rec Record) error {
	rec.Wall = h.wall()
	if err := h.log.Append(rec); err != nil {
		h.errs = append(h.errs, err.Error())
		return err
	}
	h.records = append(h.records, rec)
	return nil
}

// nation returns the index of nation id, or an error.
func (h *Host) nation(id string) (int, error) {
	n := h.sc.NationIndex(id)
	if n < 0 {
		return -1, fmt.Errorf("no nation %.40q in %s", id, h.sc.Name)
	}
	return n, nil
}

func hashToken(tok string) string {
	s := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(s[:])
}

// SetRunning starts (true) or pauses (false) the clock.
func (h *Host) SetRunning(on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.running != on {
		h.running = on
		h.notifyLocked()
	}
}

// SetSpeed sets the clock's speed in exercise hours per wall-clock second
// (> 0; others are ignored).
func (h *Host) SetSpeed(hoursPerSecond float64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if hoursPerSecond > 0 && hoursPerSecond != h.speed {
		h.speed = hoursPerSecond
		h.notifyLocked()
	}
}

// Tick advances the host by dt of wall-clock time: it runs the decision
// timers and, while the clock runs and no decision is open, advances the
// exercise by speed × dt (stopping where decisions open). The console calls
// it every frame; dt ≤ 0 only runs the timers.
func (h *Host) Tick(dt time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.timersLocked()
	r := h.eng.run()
	if !h.running || r.Done() || len(h.eng.open()) > 0 || dt <= 0 {
		return
	}
	h.advanceLocked(r.Now() + sim.Hours(h.speed*dt.Seconds()))
}

// Step advances to the next decision a seated team must answer, or to the
// end (decisions of unseated nations are answered by doctrine on the way).
// It does nothing while decisions are open.
func (h *Host) Step() {
	h.AdvanceTo(h.sc.End())
}

// AdvanceTo advances the exercise up to time t (hours; at most the end),
// stopping where a seated team's decision opens. It does nothing while
// decisions are open.
func (h *Host) AdvanceTo(t sim.Hours) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.eng.open()) > 0 {
		return
	}
	h.advanceLocked(t)
}

// advanceLocked advances to t, answering unseated nations' decisions by
// doctrine, until a seated team's decision is open, t is reached or the run
// ends.
func (h *Host) advanceLocked(t sim.Hours) {
	r := h.eng.run()
	before := r.Now()
	for {
		h.eng.advanceTo(t)
		h.noteOpenedLocked()
		if !h.settleLocked() {
			break
		}
		if len(h.eng.open()) > 0 || r.Done() || r.Now() >= t {
			break
		}
	}
	if r.Now() != before || len(h.opened) > 0 {
		h.notifyLocked()
	}
}

func (h *Host) noteOpenedLocked() {
	for _, d := range h.eng.open() {
		if _, ok := h.opened[d.Seq]; !ok {
			h.opened[d.Seq] = h.now()
		}
	}
}

// settleLocked answers by doctrine every open decision of an unseated
// nation, then fires what was queued once nothing is open. It reports
// whether it answered anything.
func (h *Host) settleLocked() bool {
	did := false
	for _, d := range h.eng.open() {
		if h.seats[d.Holder] == nil {
			if h.doctrineLocked(d, ByDoctrine) == nil {
				did = true
			}
		}
	}
	h.flushLocked()
	return did
}

// doctrineLocked answers d by the nation's doctrine (an answer the engine
// refuses falls back to withholding), logging who answered.
func (h *Host) doctrineLocked(d *sim.Decision, by string) error {
	r := h.eng.run()
	or := h.eng.openRun(d.Seq)
	if or == nil {
		return ErrNotOpen
	}
	a := h.doctrine.Decide(or, d)
	if h.checkLocked(d.Seq, a) != nil {
		a = sim.Answer{}
	}
	pa := FromEngine(h.sc, d, a)
	ld := logged(h.sc, d, pa)
	rec := Record{Rec: RecAnswer, Time: float64(r.Now()), Nation: h.sc.Nations[d.Holder].ID, Decision: &ld, By: by, TimedOut: by == ByTimeout}
	if err := h.appendLocked(rec); err != nil {
		return err
	}
	if err := h.eng.answer(d.Seq, a); err != nil {
		return err
	}
	h.timeoutNoteLocked(&rec)
	delete(h.opened, d.Seq)
	return nil
}

// timeoutNoteLocked tells the team, in its notes, that its doctrine
// answered a decision whose timer ran out (rec is that answer's record).
func (h *Host) timeoutNoteLocked(rec *Record) {
	if !rec.TimedOut || rec.Decision == nil {
		return
	}
	n := h.sc.NationIndex(rec.Nation)
	if n < 0 {
		return
	}
	text := fmt.Sprintf("Time ran out on the decision about %q: your doctrine answered it.", rec.Decision.Item)
	if i := slices.IndexFunc(h.sc.Items, func(it sim.Item) bool { return it.ID == rec.Decision.Item }); i >= 0 {
		text = fmt.Sprintf("Time ran out on the decision about %q: your doctrine answered it.", h.sc.Items[i].Title)
	}
	h.notes[n] = append(h.notes[n], protocol.Note{Time: rec.Time, Text: text})
}

// checkLocked reports whether the engine would take answer a to open
// decision seq, on a copy of the run as the decision sees it.
func (h *Host) checkLocked(seq int, a sim.Answer) error {
	or := h.eng.openRun(seq)
	if or == nil {
		return ErrNotOpen
	}
	return or.Clone().AnswerSeq(seq, a)
}

// timersLocked lets doctrine answer decisions whose timer ran out.
func (h *Host) timersLocked() {
	if h.cfg.DecisionTimeout <= 0 {
		return
	}
	now := h.now()
	answered := false
	for _, d := range h.eng.open() {
		if at, ok := h.opened[d.Seq]; ok && now.Sub(at) >= h.cfg.DecisionTimeout {
			if h.doctrineLocked(d, ByTimeout) == nil {
				answered = true
			}
		}
	}
	if answered {
		h.flushLocked()
		h.notifyLocked()
	}
}

// Answer answers open decision a.Seq (its PublicSeq) for nation n (a
// station's request): it
// must be n's own (else ErrNotYours), open now (else ErrNotOpen: answered
// already, or not raised yet), and fit the decision (else an error saying
// why). The answer is logged, then applied.
func (h *Host) Answer(n int, a protocol.Answer) error { return h.answerAs("", n, a) }

// answerAs is Answer for a station that presented token (empty: no check):
// a token whose team no longer sits at n (moved, freed) gets ErrBadToken,
// checked under the same lock as the answer.
func (h *Host) answerAs(token string, n int, a protocol.Answer) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if token != "" && !h.holdsLocked(token, n) {
		return ErrBadToken
	}
	r := h.eng.run()
	if r.Done() {
		return ErrDone
	}
	d := openByPublic(h.eng.open(), a.Seq)
	if d == nil {
		return ErrNotOpen
	}
	if d.Holder != n {
		return ErrNotYours
	}
	ea, err := ToEngine(h.sc, d, a)
	if err != nil {
		return err
	}
	if err := h.checkLocked(d.Seq, ea); err != nil {
		return err
	}
	pa := FromEngine(h.sc, d, ea)
	ld := logged(h.sc, d, pa)
	if err := h.appendLocked(Record{Rec: RecAnswer, Time: float64(r.Now()), Nation: h.sc.Nations[n].ID, Decision: &ld, By: ByStation}); err != nil {
		return err
	}
	if err := h.eng.answer(d.Seq, ea); err != nil {
		return err // checked above: cannot happen
	}
	delete(h.opened, d.Seq)
	h.flushLocked()
	h.notifyLocked()
	return nil
}

// Fire fires on-demand inject or event id now. While decisions are open it
// is queued and fired, at the same exercise time, as soon as they are all
// answered (so the log replays headless in the same order); it is logged
// when it is fired. An id that is not on demand, or a time past the end, is
// an error at once.
func (h *Host) Fire(id string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := (sim.Fire{ID: id, At: h.eng.run().Now()}).Check(h.sc); err != nil {
		return err
	}
	return h.actLocked(Record{Rec: RecFire, Fire: id})
}

// AdjustTrust moves nation from's trust in nation to by delta (expected
// trust, in (−1, 1), not 0; see sim.Run.AdjustTrust). Queued, like Fire,
// while decisions are open.
func (h *Host) AdjustTrust(from, to string, delta float64) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.actLocked(Record{Rec: RecTrust, From: from, To: to, Delta: delta})
}

// Reveal hands team nationID the item itemID (it holds the full report from
// now; see sim.Run.Reveal). Queued, like Fire, while decisions are open.
func (h *Host) Reveal(nationID, itemID string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.actLocked(Record{Rec: RecReveal, Nation: nationID, Item: itemID})
}

// actLocked checks facilitator action rec on a copy of the run, then queues
// it and applies what the open decisions allow. An action that has to wait
// is logged at once, marked queued, and logged again when it is applied.
func (h *Host) actLocked(rec Record) error {
	if h.eng.run().Done() {
		return ErrDone
	}
	c := &Host{sc: h.sc, eng: &runEngine{r: h.eng.run().Clone()}}
	if err := c.applyLocked(&rec); err != nil {
		return err
	}
	if len(h.eng.open()) > 0 {
		// Logged now, so a crash before the decisions are answered does
		// not lose it: a resumed host queues it again.
		q := rec
		q.Time, q.Queued = float64(h.eng.run().Now()), true
		if err := h.appendLocked(q); err != nil {
			return err
		}
	}
	h.queued = append(h.queued, rec)
	h.flushLocked()
	h.notifyLocked()
	return nil
}

// flushLocked logs and applies the queued facilitator actions once no
// decision is open.
func (h *Host) flushLocked() {
	for len(h.queued) > 0 && len(h.eng.open()) == 0 {
		rec := h.queued[0]
		h.queued = h.queued[1:]
		rec.Time = float64(h.eng.run().Now())
		if err := h.appendLocked(rec); err != nil {
			continue
		}
		if err := h.applyLocked(&rec); err != nil {
			h.errs = append(h.errs, fmt.Sprintf("%s: %v", rec.Rec, err))
		}
		h.noteOpenedLocked()
	}
}

// applyLocked applies facilitator action rec (fire, trust, reveal) to the
// run now, and lets the run take it in without moving the clock.
func (h *Host) applyLocked(rec *Record) error {
	var err error
	switch rec.Rec {
	case RecFire:
		err = h.eng.fire(rec.Fire)
	case RecTrust:
		f, t := h.sc.NationIndex(rec.From), h.sc.NationIndex(rec.To)
		if f < 0 || t < 0 {
			return fmt.Errorf("trust: no nation %.40q or %.40q", rec.From, rec.To)
		}
		err = h.eng.adjustTrust(f, t, rec.Delta)
	case RecReveal:
		n := h.sc.NationIndex(rec.Nation)
		item := -1
		for i := range h.sc.Items {
			if h.sc.Items[i].ID == rec.Item {
				item = i
			}
		}
		if n < 0 || item < 0 {
			return fmt.Errorf("reveal: no nation %.40q or item %.40q", rec.Nation, rec.Item)
		}
		err = h.eng.reveal(n, item)
	default:
		return fmt.Errorf("%s is not a facilitator action", rec.Rec)
	}
	if err != nil {
		return err
	}
	if len(h.eng.open()) == 0 {
		h.eng.advanceTo(h.eng.run().Now())
	}
	return nil
}

// MaxNote bounds a facilitator's note, in bytes.
const MaxNote = 4096

// Message sends the facilitator's note text (at most MaxNote bytes) to
// nation id's team. It is logged and kept in the nation's view.
func (h *Host) Message(id, text string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	n, err := h.nation(id)
	if err != nil {
		return err
	}
	if len(text) == 0 || len(text) > MaxNote {
		return fmt.Errorf("a note is 1 to %d bytes", MaxNote)
	}
	now := float64(h.eng.run().Now())
	if err := h.appendLocked(Record{Rec: RecMessage, Time: now, Nation: id, Text: text}); err != nil {
		return err
	}
	h.notes[n] = append(h.notes[n], protocol.Note{Time: now, Text: text})
	h.notifyLocked()
	return nil
}

// ViewFor returns what nation n may see now (see BuildView).
func (h *Host) ViewFor(n int) protocol.View {
	h.mu.Lock()
	defer h.mu.Unlock()
	return BuildView(h.eng.run(), n, h.notes[n])
}

// OpenFor returns nation n's open decisions.
func (h *Host) OpenFor(n int) []protocol.Decision {
	h.mu.Lock()
	defer h.mu.Unlock()
	return OpenFor(h.sc, h.eng.open(), n, h.deadlineLocked)
}

func (h *Host) deadlineLocked(seq int) float64 {
	at, ok := h.opened[seq]
	if !ok || h.cfg.DecisionTimeout <= 0 {
		return 0
	}
	return max(0, (h.cfg.DecisionTimeout - h.now().Sub(at)).Seconds())
}

// Clock returns the exercise clock as stations see it.
func (h *Host) Clock() protocol.Clock {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.eng.run()
	c := protocol.Clock{Time: float64(r.Now()), End: float64(h.sc.End()), Paused: !h.running, Speed: h.speed, Done: r.Done()}
	for _, d := range h.eng.open() {
		c.Waiting = true
		id := h.sc.Nations[d.Holder].ID
		if !slices.Contains(c.WaitingFor, id) {
			c.WaitingFor = append(c.WaitingFor, id)
		}
	}
	return c
}

// Notes returns the facilitator's notes to nation n.
func (h *Host) Notes(n int) []protocol.Note {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]protocol.Note(nil), h.notes[n]...)
}

// TeamStatus is one player nation's seat and what it is waiting on, or a
// team waiting in the lobby (Snapshot.Lobby: Nation empty, Index −1).
type TeamStatus struct {
	// Nation is the nation's id, Index its index.
	Nation string
	Index  int
	// Seated reports a team holds the seat; ID is the team's number (from
	// 1, for Assign and Dismiss; 0: no team), Team its name; Connected
	// counts its open connections.
	Seated    bool
	ID        int
	Team      string
	Connected int
	// Open lists its open decisions' Seq; Waiting is how long the oldest
	// has been open (wall-clock); Left the time left on its timer (0: none).
	Open    []int
	Waiting time.Duration
	Left    time.Duration
}

// Snapshot is everything the facilitator's console shows, at one instant.
type Snapshot struct {
	Code string
	// Time and End are exercise hours.
	Time, End sim.Hours
	Done      bool
	Running   bool
	// Speed is exercise hours per wall-clock second.
	Speed float64
	// Teams has one entry per player nation, in scenario order.
	Teams []TeamStatus
	// Lobby are the teams waiting for the facilitator to give them a
	// nation, by team number.
	Lobby []TeamStatus
	// Open are the open decisions (copies), Seq order.
	Open []*sim.Decision
	// Queued are facilitator actions (fire, trust, reveal records) waiting
	// for the open decisions.
	Queued []Record
	// Problems are errors the console should show (a failed log write).
	Problems []string
	// Records counts the session log's records after the header.
	Records int
}

// Snapshot returns the console's view of the session.
func (h *Host) Snapshot() Snapshot {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.eng.run()
	now := h.now()
	s := Snapshot{Code: h.cfg.Code, Time: r.Now(), End: h.sc.End(), Done: r.Done(), Running: h.running, Speed: h.speed,
		Queued: append([]Record(nil), h.queued...), Problems: append([]string(nil), h.errs...), Records: len(h.records)}
	open := h.eng.open()
	for _, d := range open {
		s.Open = append(s.Open, cloneDecision(d))
	}
	for _, p := range h.sc.Players {
		ts := TeamStatus{Nation: h.sc.Nations[p].ID, Index: p}
		if st := h.seats[p]; st != nil {
			ts.Seated, ts.ID, ts.Team, ts.Connected = true, st.id, st.team, st.connected
		}
		for _, d := range open {
			if d.Holder != p {
				continue
			}
			ts.Open = append(ts.Open, d.Seq)
			if at, ok := h.opened[d.Seq]; ok {
				ts.Waiting = max(ts.Waiting, now.Sub(at))
				if h.cfg.DecisionTimeout > 0 {
					ts.Left = max(0, h.cfg.DecisionTimeout-now.Sub(at))
				}
			}
		}
		s.Teams = append(s.Teams, ts)
	}
	for _, st := range h.teams {
		if st.nation < 0 {
			s.Lobby = append(s.Lobby, TeamStatus{Index: -1, ID: st.id, Team: st.team, Connected: st.connected})
		}
	}
	slices.SortFunc(s.Lobby, func(a, b TeamStatus) int { return a.ID - b.ID })
	return s
}

// WithRun calls f with the host's run, under the host's lock: the console's
// map reads it there. f must not modify the run or keep it.
func (h *Host) WithRun(f func(r *sim.Run)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f(h.eng.run())
}

// Outcome returns the run's outcome once the exercise has ended, else nil.
func (h *Host) Outcome() *sim.Outcome {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.eng.run().Done() {
		return nil
	}
	return h.eng.run().Outcome()
}

// DecisionLog returns the session so far as a sim.DecisionLog, from the
// engine's journal (see SessionLog.Export): PlayLog replays it headless.
func (h *Host) DecisionLog() *sim.DecisionLog {
	h.mu.Lock()
	defer h.mu.Unlock()
	l := *h.journal
	l.Decisions = append([]sim.LoggedDecision{}, h.journal.Decisions...)
	l.Fires = append([]string(nil), h.journal.Fires...)
	l.Trust = append([]sim.LoggedTrust(nil), h.journal.Trust...)
	l.Reveals = append([]sim.LoggedReveal(nil), h.journal.Reveals...)
	if l.Scenario == "" {
		l.Scenario, l.ScenarioHash, l.Seed = h.sc.Name, h.sc.Hash, h.cfg.Seed
	}
	return &l
}
