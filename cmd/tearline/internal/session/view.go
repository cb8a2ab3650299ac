package session

import (
	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/scenario"
	"tearline/sim"
)

// BuildView returns what nation k may see of run r now, with the
// facilitator's notes to its team. It is the only way run state reaches a
// station, so it decides the security story:
//
//   - the exercise time, every nation's id and name, the agreements k is a
//     member of, and k's own expected trust in each other nation (never
//     another nation's trust);
//   - the items k holds, in the form it holds them (a tearline holder sees
//     the tearline's narrative, not the full report), with when and from whom
//     it came to hold each;
//   - the shares under way that k sends or receives (an inbound share's item
//     is named only once k holds it: on the wire it is "an item from X");
//   - the timeline lines k may read: see LogVisible.
//
// It never carries another nation's held items, decisions or trust, nor
// shares in transit between others. k must index r's nations.
func BuildView(r *sim.Run, k int, notes []protocol.Note) protocol.View {
	sc := r.Scenario()
	v := protocol.View{
		Nation: sc.Nations[k].ID, NationIndex: k,
		Time: float64(r.Now()), End: float64(sc.End()), Done: r.Done(),
		Nations:    make([]protocol.NationRef, 0, len(sc.Nations)),
		Items:      []protocol.HeldItem{},
		Agreements: []protocol.AgreementRef{},
		Trust:      []protocol.TrustRef{},
		Log:        []protocol.LogLine{},
		Transits:   []protocol.TransitRef{},
		Notes:      append([]protocol.Note(nil), notes...),
	}
	for i := range sc.Nations {
		n := &sc.Nations[i]
		v.Nations = append(v.Nations, protocol.NationRef{Index: i, ID: n.ID, Name: n.Name, Player: n.Player})
		if i != k {
			v.Trust = append(v.Trust, protocol.TrustRef{To: n.ID, Value: r.Trust(k, i)})
		}
	}
	holds := func(item int) bool {
		_, ok := r.Holding(k, item)
		return ok
	}
	nid := func(n int) string {
		if n < 0 || n >= len(sc.Nations) {
			return ""
		}
		return sc.Nations[n].ID
	}
	// When and from whom k came to hold each item: the last line saying so.
	type came struct {
		from int
		at   sim.Hours
		ok   bool
	}
	cameFrom := make([]came, len(sc.Items))
	for _, e := range r.Log() {
		if e.Item < 0 || e.Item >= len(sc.Items) {
			continue
		}
		switch {
		case (e.Kind == sim.LogHeld || e.Kind == sim.LogLate) && e.To == k:
			cameFrom[e.Item] = came{from: e.From, at: e.Time, ok: true}
		case e.Kind == sim.LogInject && e.From == k && !cameFrom[e.Item].ok:
			cameFrom[e.Item] = came{from: k, at: e.Time, ok: true}
		}
	}
	for i := range sc.Items {
		form, ok := r.Holding(k, i)
		if !ok {
			continue
		}
		it := &sc.Items[i]
		level := it.LevelOf(form)
		hi := protocol.HeldItem{
			Index: i, ID: it.ID, Title: it.Title, Narrative: it.Narrative, Form: form.String(),
			Category: it.Category.String(), Level: int(level), LevelLabel: sc.LevelLabel(k, level),
			Origin: nid(it.Origin),
		}
		if form == sim.Tearline {
			hi.Narrative = it.TearNarrative
		}
		if c := cameFrom[i]; c.ok {
			hi.From, hi.Held = nid(c.from), float64(c.at)
		}
		v.Items = append(v.Items, hi)
	}
	for i := range sc.Agreements {
		a := &sc.Agreements[i]
		if !a.Member(k) {
			continue
		}
		ref := protocol.AgreementRef{Index: i, ID: a.ID, Name: a.Name, Suspended: r.AgreementSuspended(i)}
		for _, m := range a.Members {
			ref.Members = append(ref.Members, nid(m))
		}
		v.Agreements = append(v.Agreements, ref)
	}
	for _, e := range r.Log() {
		if !LogVisible(e, k, holds) {
			continue
		}
		line := protocol.LogLine{Time: float64(e.Time), Kind: e.Kind.String(), From: nid(e.From), To: nid(e.To), Text: e.Text}
		if e.Item >= 0 && e.Item < len(sc.Items) {
			line.Item = sc.Items[e.Item].ID
		}
		v.Log = append(v.Log, line)
	}
	for _, t := range r.Transits() {
		if t.From != k && t.To != k {
			continue
		}
		tr := protocol.TransitRef{From: nid(t.From), To: nid(t.To), Form: t.Form.String(), Route: t.Route, Sent: float64(t.Sent), ETA: float64(t.ETA), Waiting: t.Waiting}
		if t.From == k || holds(t.Item) {
			tr.Item, tr.Title = sc.Items[t.Item].ID, sc.Items[t.Item].Title
		}
		v.Transits = append(v.Transits, tr)
	}
	for _, t := range r.Outcome().Threats {
		v.Threats = append(v.Threats, protocol.ThreatRef{Threat: t.Threat, Target: nid(t.Target), Averted: t.Averted, Warning: t.Warning, PAvert: t.PAvert})
	}
	return v
}

// LogVisible reports whether nation k may read timeline entry e, given
// holds(item), whether k holds an item now. A line is visible when
//
//   - it names no item, or an item k holds (a line naming an item quotes its
//     title), and
//   - k is party to it (e.From or e.To is k), or it is public: a scenario
//     event (LogEvent: crises, outages, suspensions, audits, reviews), a
//     threat averted or struck (LogThreat), a trust line about no particular
//     item (an audit's finding), or the end of the exercise (LogEnd).
//
// So k never reads of another nation's items, of shares between others, or
// of decisions others took.
func LogVisible(e sim.LogEntry, k int, holds func(item int) bool) bool {
	if e.Item >= 0 && !holds(e.Item) {
		return false
	}
	if e.From == k || e.To == k {
		return true
	}
	switch e.Kind {
	case sim.LogEvent, sim.LogThreat, sim.LogEnd:
		return true
	case sim.LogTrust:
		return e.Item < 0
	}
	return false
}

// PublicSeq is the number by which stations know decision d:
// Decision.Own × scenario.MaxNations + the holder's index, 0 to
// protocol.MaxSeq for any run of fewer than 16,384 decisions per nation.
// It names one decision of the run, as Decision.Seq does, but counts only
// the holder's own decisions: Seq, which counts every nation's, would tell
// a team how many decisions the others faced.
func PublicSeq(d *sim.Decision) int { return d.Own*scenario.MaxNations + d.Holder }

// openByPublic returns the decision among open that stations know as seq,
// or nil.
func openByPublic(open []*sim.Decision, seq int) *sim.Decision {
	for _, d := range open {
		if PublicSeq(d) == seq {
			return d
		}
	}
	return nil
}

// OpenFor returns the open decisions among open whose holder is nation k, as
// the protocol sends them. deadline, if not nil, gives the wall-clock
// seconds left on a decision's timer.
func OpenFor(sc *sim.Scenario, open []*sim.Decision, k int, deadline func(seq int) float64) []protocol.Decision {
	out := []protocol.Decision{}
	for _, d := range open {
		if d.Holder != k {
			continue
		}
		pd := protocol.Decision{
			Seq: PublicSeq(d), Kind: d.Kind.String(), Time: float64(d.Time),
			Item: sc.Items[d.Item].ID, Holder: sc.Nations[d.Holder].ID, Engine: cloneDecision(d),
		}
		pd.Engine.Seq = pd.Seq
		if d.Kind == sim.ConsentDecision {
			pd.Requester, pd.Recipient, pd.Form = sc.Nations[d.Requester].ID, sc.Nations[d.Recipient].ID, d.Form.String()
		}
		if deadline != nil {
			pd.Deadline = deadline(d.Seq)
		}
		out = append(out, pd)
	}
	return out
}

// cloneDecision deep-copies d (the run reuses its memory).
func cloneDecision(d *sim.Decision) *sim.Decision {
	c := *d
	c.Rows = make([]sim.Row, len(d.Rows))
	for i, row := range d.Rows {
		c.Rows[i] = row
		c.Rows[i].Routes = append([]sim.Route(nil), row.Routes...)
		for f := range row.Rules {
			c.Rows[i].Rules[f].Reasons = append([]sim.Reason(nil), row.Rules[f].Reasons...)
		}
		for j := range c.Rows[i].Routes {
			c.Rows[i].Routes[j].Why = append([]string(nil), row.Routes[j].Why...)
		}
	}
	return &c
}
