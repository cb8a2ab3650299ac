package ui

import (
	"context"
	"errors"
	"image/color"
	"math"
	"time"

	"tearline/cmd/tearline/internal/session"
	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/cmd/tearline/internal/view"
	"tearline/scenario"
	"tearline/sim"
)

// stationDriver is a team station: the screen reads its nation's view as
// the host sends it (stationWorld), shows the host's clock, asks the host
// for forecasts and sends answers; it never runs the engine.
type stationDriver struct {
	st *session.Station
	g  *Game
	// moves is the station's seat changes when the screen was built: a
	// change means the facilitator moved the team (see reseat).
	moves int
	// Closing, if set, is called by Close (the station's connection is
	// closed with the screen unless the caller owns it).
	closing func()

	w       *stationWorld
	ps      protocol.Scenario // the public scenario the screen's scenario was built from
	known   int               // items known in ps
	synced  bool
	answers chan answerResult
	sent    map[int]bool // decisions answered, waiting for the host to close them
	fc      <-chan session.ForecastReply
	fcSeq   int
	fcGen   int
	fcStop  context.CancelFunc
	limited bool // the last forecast used only what the nation knows
	hasFc   bool
	conn    bool
	redials int
}

// answerResult is the host's reply to an answer the station sent.
type answerResult struct {
	seq int
	err error
}

// NewStationScreen returns the exercise screen of a team station on
// station st: its nation's map, decisions, log and notes. It waits for the
// host's public scenario (sent right after the welcome) for up to wait and
// returns an error if none came. Closing the screen closes st.
func NewStationScreen(g *Game, st *session.Station, wait time.Duration) (*Exercise, error) {
	deadline := time.Now().Add(wait)
	for st.Scenario().Nations == nil {
		if time.Now().After(deadline) {
			return nil, errors.New("the host sent no scenario: is it a Tearline host of the same version?")
		}
		select {
		case <-st.Updates():
		case <-time.After(10 * time.Millisecond):
		}
	}
	d := &stationDriver{st: st, g: g, answers: make(chan answerResult, 4), sent: map[int]bool{}, fcSeq: -1}
	_, _, _, d.moves = st.Seat()
	d.closing = func() { st.Close() }
	ps := st.Scenario()
	e := &Exercise{clock: view.NewClock(), fired: map[string]bool{}, drv: d}
	d.apply(e, &ps)
	d.refresh(e)
	return e, nil
}

// apply (re)builds the screen's scenario from public scenario ps.
func (d *stationDriver) apply(e *Exercise, ps *protocol.Scenario) {
	known := 0
	for i := range ps.Items {
		if ps.Items[i].Known {
			known++
		}
	}
	if e.sc != nil && known == d.known && len(ps.Items) == len(e.sc.Items) {
		return
	}
	d.ps, d.known = *ps, known
	e.sc = publicScenario(ps)
	e.endH = sim.Hours(ps.End)
	e.declog.Scenario, e.declog.ScenarioHash = ps.Name, ps.Hash
}

// refresh takes the station's latest view, decisions and clock.
func (d *stationDriver) refresh(e *Exercise) {
	ps := d.st.Scenario()
	d.apply(e, &ps)
	v := d.st.View()
	clk := d.st.Clock()
	d.w = newStationWorld(e.sc, &v, d.st.Open(), clk)
	d.w.k = ps.Nation
	if p := d.w.pending; p != nil && d.sent[p.Seq] {
		d.w.pending = nil // answered: waiting for the host's next list
	}
	e.w = d.w
	if clk.End > 0 {
		e.endH = sim.Hours(clk.End)
	}
	e.clock.T = d.w.now
	e.clock.Paused = clk.Paused || clk.Waiting || clk.Done
	e.clock.Speed = nearestSpeed(clk.Speed)
	d.conn, d.redials = d.st.Connected()
}

// nearestSpeed is the step of view.Speeds nearest to s hours per second.
func nearestSpeed(s float64) int {
	best := view.DefaultSpeed
	for i, v := range view.Speeds {
		if math.Abs(v-s) < math.Abs(view.Speeds[best]-s) {
			best = i
		}
	}
	return best
}

func (d *stationDriver) Mode() Mode   { return Station }
func (d *stationDriver) World() World { return d.w }

// Frame takes what the host sent since the last frame, the replies to
// answers and the forecast, and opens or closes the pending decision.
func (d *stationDriver) Frame(e *Exercise) {
	if d.reseat(e) {
		return
	}
	select {
	case <-d.st.Updates():
		d.refresh(e)
	default:
		if !d.synced {
			d.refresh(e)
		}
	}
	d.synced = true
	refused := ""
	for {
		select {
		case r := <-d.answers:
			if r.err != nil {
				delete(d.sent, r.seq)
				refused = "The host refused this answer: " + r.err.Error()
				d.refresh(e)
			}
			continue
		default:
		}
		break
	}
	d.pollForecast(e)
	p := d.w.Pending()
	switch {
	case p == nil && (e.form != nil || e.consent != nil):
		// Answered here, or by the nation's doctrine when the timer ran out.
		e.form, e.consent = nil, nil
	case p != nil && (e.form == nil && e.consent == nil || e.pendingSeq() != p.Seq):
		e.open(p)
		d.hasFc = false
		e.clock.Paused = true
	}
	if refused != "" {
		e.msg, e.msgBad = refused, true // after open, which clears the message
	}
}

// reseat reports that the facilitator moved the team since the screen was
// built. The screen then shows nothing more of its old nation: its pending
// decision closes, and as soon as the host has sent the new nation's
// scenario the screen is replaced by a new one built for it (its title,
// map, items, log and decisions), or by the lobby screen when the team
// waits there. The station's connection goes on to the new screen.
func (d *stationDriver) reseat(e *Exercise) bool {
	_, idx, waiting, moves := d.st.Seat()
	if moves == d.moves {
		return false
	}
	e.form, e.consent = nil, nil
	if d.w != nil {
		d.w.pending = nil
	}
	if d.g == nil {
		return true
	}
	var next Scene
	switch ps := d.st.Scenario(); {
	case waiting:
		next = newStationLobby(d.st)
	case idx >= 0 && ps.Nations != nil && ps.Nation == idx:
		ne, err := NewStationScreen(d.g, d.st, 0)
		if err != nil {
			return true
		}
		next = ne
	default:
		return true // the new nation's scenario is on its way
	}
	d.closing = nil // the connection goes on to the next screen
	d.g.Switch(next)
	return true
}

// pendingSeq is the Seq of the decision the panel shows, or -1.
func (e *Exercise) pendingSeq() int {
	switch {
	case e.form != nil:
		return e.form.Decision.Seq
	case e.consent != nil:
		return e.consent.Seq
	}
	return -1
}

// Answer sends a to the host off the frame loop; the panel clears at
// once and comes back with the host's reason if it refuses.
func (d *stationDriver) Answer(e *Exercise, a sim.Answer) {
	p := d.w.Pending()
	if p == nil {
		return
	}
	pa := session.FromEngine(e.sc, p, a)
	rec := view.Record{Decision: copyDecision(p), Answer: a, Gen: e.gen()}
	if e.preview != nil && e.previewGen == rec.Gen {
		rec.Preview = e.preview
	}
	e.records = append(e.records, rec)
	d.sent[p.Seq] = true
	d.w.pending = nil
	e.form, e.consent, e.msg = nil, nil, ""
	go func(seq int) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		d.answers <- answerResult{seq: seq, err: d.st.Answer(ctx, pa)}
	}(p.Seq)
}

// Forecast asks the host to forecast the candidate answer to p.
func (d *stationDriver) Forecast(e *Exercise, p *sim.Decision) {
	if d.fcStop != nil {
		d.fcStop()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	d.fcStop = cancel
	d.fc = d.st.Forecast(ctx, session.FromEngine(e.sc, p, e.candidate()))
	d.fcSeq, d.fcGen = p.Seq, e.askedGen
}

// pollForecast takes the host's forecast, if it came.
func (d *stationDriver) pollForecast(e *Exercise) {
	if d.fc == nil {
		return
	}
	select {
	case r := <-d.fc:
		d.fc = nil
		p := d.w.Pending()
		if p == nil || p.Seq != d.fcSeq || d.fcGen < e.previewGen {
			return
		}
		var pv *sim.Preview
		if r.Err != nil {
			pv = &sim.Preview{Err: r.Err}
		} else {
			pv = toPreview(e.sc, p, &r.Result)
			d.limited, d.hasFc = r.Result.Limited, true
		}
		e.preview, e.previewGen = pv, d.fcGen
		if e.msg == "" || !e.msgBad {
			e.msg = d.forecastNote()
		}
	default:
	}
}

// toPreview turns the host's forecast of an answer to d back into the
// engine's preview, which the decision panel reads. The threats' avert
// figures are left out: the station has no threat list to index them by.
func toPreview(sc *sim.Scenario, d *sim.Decision, fr *protocol.ForecastResult) *sim.Preview {
	p := &sim.Preview{Rollouts: fr.Rollouts, Whole: fromEffect(fr.Whole)}
	if fr.Err != "" {
		p.Err = errors.New(fr.Err)
		return p
	}
	for _, r := range fr.Rows {
		j := sc.NationIndex(r.Recipient)
		a, _ := scenario.ParseAction(r.Action)
		row := sim.PreviewRow{Recipient: j, Choice: sim.ShareChoice{Recipient: j, Action: a}, Withheld: r.Withheld,
			PInTime: r.PInTime, PArrive: r.PArrive, Median: sim.Hours(r.Median), P90: sim.Hours(r.P90), PLeak: r.PLeak, Effect: fromEffect(r.Effect)}
		for i := range d.Rows {
			if d.Rows[i].Recipient != j {
				continue
			}
			for k := range d.Rows[i].Routes {
				if d.Rows[i].Routes[k].Name == r.Route {
					row.Choice.Route = k
				}
			}
		}
		if r.Err != "" {
			row.Err = errors.New(r.Err)
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

func fromEffect(e protocol.Effect) sim.Effect {
	return sim.Effect{AddedLeak: e.AddedLeak, Harm: e.Harm, Coverage: e.Coverage, Trust: e.Trust}
}

// forecastNote says what the last forecast knew.
func (d *stationDriver) forecastNote() string {
	if !d.hasFc {
		return ""
	}
	if d.limited {
		// docs/model.md ("What knowing less costs") measures the bias.
		return "Forecast from what your nation knows; unseen shares between others can make 'in time' run a few points high."
	}
	return "Forecast on the host's whole run: not limited to what your nation knows."
}

func (d *stationDriver) Fire(*Exercise, string) {}
func (d *stationDriver) TogglePause(*Exercise)  {}
func (d *stationDriver) Next(*Exercise)         {}
func (d *stationDriver) Faster(*Exercise)       {}
func (d *stationDriver) Slower(*Exercise)       {}

// ToDebrief shows the station's debrief: what its nation's view allows.
func (d *stationDriver) ToDebrief(e *Exercise, g *Game) {
	g.Switch(newStationDebrief(e, d))
}

// Status says "reconnecting…" while the station redials, and what the
// clock waits for.
func (d *stationDriver) Status(e *Exercise) (string, color.RGBA, bool) {
	if err := d.st.Err(); err != nil {
		return "disconnected: " + err.Error(), view.Bad, true
	}
	if !d.conn {
		return "reconnecting…", view.Bad, true
	}
	if _, _, _, moves := d.st.Seat(); moves != d.moves {
		return "the facilitator moved your team: taking the new seat…", view.Warn, true
	}
	if clk := d.st.Clock(); clk.Waiting && d.w.Pending() == nil && !d.w.Done() {
		return "waiting for other teams", view.Warn, true
	}
	return "", color.RGBA{}, false
}

// Close stops the forecast and closes the connection.
func (d *stationDriver) Close() {
	if d.fcStop != nil {
		d.fcStop()
	}
	if d.closing != nil {
		d.closing()
	}
}
