package session

import (
	"math"

	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/sim"
)

// Forecast forecasts answer a to nation n's open decision a.Seq, on the host
// (a station has no run). The run is copied under the lock and the rollouts
// played outside it, on the calling goroutine's share of the cores, so the
// host keeps serving meanwhile.
//
// The forecast uses only what nation n knows (sim.PreviewOptions.AsHolder:
// shares between other nations, their holdings, trust and pending
// decisions are left out, and every fate not yet revealed is redrawn), and
// its worlds are keyed by what n knows of the decision (its item, its
// holder and its time), never by Decision.Seq, which counts other
// nations' decisions too. See sim/viewer.go for what remains visible
// through the decision's own rows.
func (h *Host) Forecast(n int, a protocol.Answer) (protocol.ForecastResult, error) {
	return h.forecastAs("", n, a)
}

// forecastAs is Forecast for a station that presented token (empty: no
// check): a token whose team no longer sits at n gets ErrBadToken.
func (h *Host) forecastAs(token string, n int, a protocol.Answer) (protocol.ForecastResult, error) {
	h.mu.Lock()
	if token != "" && !h.holdsLocked(token, n) {
		h.mu.Unlock()
		return protocol.ForecastResult{}, ErrBadToken
	}
	d := openByPublic(h.eng.open(), a.Seq)
	if d == nil {
		h.mu.Unlock()
		return protocol.ForecastResult{}, ErrNotOpen
	}
	if d.Holder != n {
		h.mu.Unlock()
		return protocol.ForecastResult{}, ErrNotYours
	}
	ea, err := ToEngine(h.sc, d, a)
	if err != nil {
		h.mu.Unlock()
		return protocol.ForecastResult{}, err
	}
	c := h.eng.openRun(d.Seq).Clone()
	// A copy: the engine reuses its decision's memory once the lock is
	// released, and the forecast reads the rows after.
	dc := *d
	dc.Rows = append([]sim.Row(nil), d.Rows...)
	for i := range dc.Rows {
		dc.Rows[i].Routes = append([]sim.Route(nil), dc.Rows[i].Routes...)
	}
	d = &dc
	rollouts := h.cfg.Rollouts
	seed, _ := c.Seed()
	h.mu.Unlock()

	// The forecast's worlds are keyed by the run's seed and what the
	// holder knows of the decision, so the same question gets the same
	// forecast and hidden state cannot shift it.
	p := c.PreviewOpts(ea, rollouts, forecastSeed(seed, d), sim.PreviewOptions{Workers: 2, AsHolder: true})
	res := toForecast(h.sc, d, a.Seq, p)
	res.Limited = true
	return res, nil
}

// forecastSeed keys a station's forecast by the run's seed and what the
// deciding nation knows of decision d: its holder, item, kind and exercise
// time (splitmix64-style mixing, as sim/streams.go keys its streams).
func forecastSeed(seed uint64, d *sim.Decision) uint64 {
	x := seed
	for _, v := range []uint64{uint64(d.Holder), uint64(d.Item), uint64(d.Kind), math.Float64bits(float64(d.Time)), uint64(d.Requester), uint64(d.Recipient)} {
		x = splitmix(x ^ v)
	}
	return x
}

// splitmix is one step of splitmix64 (Steele, Lea & Flood 2014).
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func toForecast(sc *sim.Scenario, d *sim.Decision, seq int, p *sim.Preview) protocol.ForecastResult {
	out := protocol.ForecastResult{Seq: seq, Rollouts: p.Rollouts, Whole: toEffect(p.Whole)}
	if p.Err != nil {
		out.Err = p.Err.Error()
		return out
	}
	for _, row := range p.Rows {
		fr := protocol.ForecastRow{
			Recipient: sc.Nations[row.Recipient].ID, Action: row.Choice.Action.String(), Withheld: row.Withheld,
			PInTime: row.PInTime, PArrive: row.PArrive, Median: float64(row.Median), P90: float64(row.P90), PLeak: row.PLeak,
			Effect: toEffect(row.Effect),
		}
		for i := range d.Rows {
			if d.Rows[i].Recipient == row.Recipient && row.Choice.Route >= 0 && row.Choice.Route < len(d.Rows[i].Routes) && row.Choice.Action != sim.Withhold {
				fr.Route = d.Rows[i].Routes[row.Choice.Route].Name
			}
		}
		if row.Err != nil {
			fr.Err = row.Err.Error()
		}
		out.Rows = append(out.Rows, fr)
	}
	return out
}

func toEffect(e sim.Effect) protocol.Effect {
	return protocol.Effect{AddedLeak: e.AddedLeak, Avert: append([]float64(nil), e.Avert...), Harm: e.Harm, Coverage: e.Coverage, Trust: e.Trust}
}

func protocolNote(rec *Record) protocol.Note { return protocol.Note{Time: rec.Time, Text: rec.Text} }
