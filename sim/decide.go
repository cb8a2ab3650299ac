package sim

import "fmt"

// raise turns the oldest waiting ask into the pending decision, or returns
// nil if nothing is left to decide about it.
func (r *Run) raise() *Decision {
	a := r.asks[0]
	copy(r.asks, r.asks[1:])
	r.asks = r.asks[:len(r.asks)-1]
	explain := !r.quiet
	d := &r.curBuf
	*d = Decision{Seq: r.decSeq, Kind: a.kind, Time: r.now, Item: int(a.item), Holder: int(a.nation), Rows: r.rowsBuf[:0]}
	if a.kind == ConsentDecision {
		tr := &r.transits[a.transit]
		d.Requester, d.Recipient, d.Form = int(tr.from), int(tr.to), tr.form
		d.Rows = nil
		d.Own = int(r.own[a.nation])
		r.own[a.nation]++
		r.cur = d
		return d
	}
	if r.auto != nil {
		r.autoShare(r.auto, int(a.nation), int(a.item))
		return nil
	}
	it := &r.sc.Items[a.item]
	for j := 0; j < r.n; j++ {
		if !r.offered(int(a.nation), int(a.item), j) {
			continue
		}
		k := len(d.Rows)
		if k < cap(d.Rows) {
			d.Rows = d.Rows[:k+1]
		} else {
			d.Rows = append(d.Rows, Row{})
		}
		row := &d.Rows[k]
		routes := row.Routes[:0]
		*row = Row{Recipient: j, Interested: r.interested(j, it), Agreement: r.cover(int(a.nation), j, it, Full)}
		row.Routes = r.routes(routes, int(a.nation), j, row.Agreement, explain)
		row.Rules[Full] = r.rules(int(a.nation), j, int(a.item), Full, explain)
		row.Rules[Tearline] = r.rules(int(a.nation), j, int(a.item), Tearline, explain)
		row.Level[Full] = r.travelLevel(int(a.nation), j, it, Full)
		row.Level[Tearline] = r.travelLevel(int(a.nation), j, it, Tearline)
	}
	r.rowsBuf = d.Rows[:0]
	if len(d.Rows) == 0 {
		return nil
	}
	d.Own = int(r.own[a.nation])
	r.own[a.nation]++
	r.cur = d
	return d
}

// Answer answers the pending decision. An invalid answer (a recipient not in
// the decision, a route that cannot carry the item, a blocked share without
// Force) returns an error and changes nothing. In parallel mode it is
// AnswerSeq(Pending().Seq, a): the answer is held until every open decision
// has one.
func (r *Run) Answer(a Answer) error {
	if len(r.open) > 0 {
		return r.AnswerSeq(r.Pending().Seq, a)
	}
	return r.answer(a)
}

// answer applies a to the pending decision r.cur at once.
func (r *Run) answer(a Answer) error {
	d := r.cur
	if d == nil {
		return fmt.Errorf("no decision is pending")
	}
	if d.Kind == ConsentDecision {
		if r.journal != nil {
			r.journal.Add(r, d, a)
		}
		r.cur = nil
		r.decSeq++
		r.note(d, a)
		r.consentAnswered(d, a.Grant)
		return nil
	}
	if err := r.checkAnswer(d, a); err != nil {
		return err
	}
	if r.journal != nil {
		r.journal.Add(r, d, a)
	}
	r.note(d, a)
	r.cur = nil
	r.decSeq++
	it := &r.sc.Items[d.Item]
	for _, sh := range a.Shares {
		if sh.Action == Withhold {
			continue
		}
		row := rowFor(d, sh.Recipient)
		if !r.quiet {
			r.logf(LogDecision, d.Item, d.Holder, sh.Recipient, "%s decides to share %q with %s as %s over %s.",
				r.nid(d.Holder), it.Title, r.nid(sh.Recipient), sh.Action, row.Routes[sh.Route].Name)
		}
		r.startShare(d.Holder, sh.Recipient, d.Item, sh.Action, row.Routes[sh.Route], sh.Waiver, sh.Force, d.Seq)
	}
	return nil
}

func rowFor(d *Decision, recipient int) *Row {
	for i := range d.Rows {
		if d.Rows[i].Recipient == recipient {
			return &d.Rows[i]
		}
	}
	return nil
}

func (r *Run) checkAnswer(d *Decision, a Answer) error {
	for i, sh := range a.Shares {
		row := rowFor(d, sh.Recipient)
		if row == nil {
			return fmt.Errorf("share %d: nation %d is not a potential recipient of this decision", i, sh.Recipient)
		}
		for _, o := range a.Shares[:i] {
			if o.Recipient == sh.Recipient {
				return fmt.Errorf("share %d: %s is answered twice", i, r.nid(sh.Recipient))
			}
		}
		if sh.Action == Withhold {
			continue
		}
		if sh.Action != Full && sh.Action != Tearline {
			return fmt.Errorf("share %d: action %d is not full, tearline or withhold", i, sh.Action)
		}
		if j := row.judge(sh, !r.quiet); j.Blocked {
			rs := j.firstBlock()
			msg := rs.Text
			if rs.Forceable && !sh.Force {
				// Only a block of law or marking can be overcome: never
				// suggest forcing a channel that is down.
				msg += "; seek a waiver where one is available or force it (a violation)"
			}
			return &answerError{fmt.Sprintf("share to %s as %s: %s", r.nid(sh.Recipient), sh.Action, msg)}
		}
	}
	return nil
}
