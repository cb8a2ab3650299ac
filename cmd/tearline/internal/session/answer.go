package session

import (
	"fmt"

	"tearline/cmd/tearline/internal/session/protocol"
	"tearline/scenario"
	"tearline/sim"
)

// ToEngine turns answer a, named by ids, into the engine's answer to d. A
// share names a recipient of one of d's rows; its route names one of that
// row's routes (empty: the row's best route for the form). It returns an
// error, and no answer, when anything does not fit; the engine's own checks
// (a blocked share without force, …) come later, in Run.Answer.
func ToEngine(sc *sim.Scenario, d *sim.Decision, a protocol.Answer) (sim.Answer, error) {
	if d.Kind == sim.ConsentDecision {
		if len(a.Shares) > 0 {
			return sim.Answer{}, fmt.Errorf("the decision asks for consent: answer with grant, not shares")
		}
		return sim.Answer{Grant: a.Grant}, nil
	}
	if a.Grant {
		return sim.Answer{}, fmt.Errorf("the decision is a share decision: grant does not apply")
	}
	var out sim.Answer
	for _, s := range a.Shares {
		to := sc.NationIndex(s.To)
		var row *sim.Row
		for i := range d.Rows {
			if to >= 0 && d.Rows[i].Recipient == to {
				row = &d.Rows[i]
			}
		}
		if row == nil {
			return sim.Answer{}, fmt.Errorf("%.40q is not a recipient of the decision", s.To)
		}
		act, ok := scenario.ParseAction(s.Action)
		if !ok {
			return sim.Answer{}, fmt.Errorf("action %.20q is not full, tearline or withhold", s.Action)
		}
		if act == sim.Withhold {
			out.Shares = append(out.Shares, sim.ShareChoice{Recipient: to, Action: act})
			continue
		}
		route := -1
		if s.Route == "" {
			route = row.BestRoute(act)
		}
		for k := range row.Routes {
			if row.Routes[k].Name == s.Route {
				route = k
			}
		}
		if route < 0 {
			return sim.Answer{}, fmt.Errorf("route %.60q does not lead to %s", s.Route, s.To)
		}
		out.Shares = append(out.Shares, sim.ShareChoice{Recipient: to, Action: act, Route: route, Waiver: s.Waiver, Force: s.Force})
	}
	return out, nil
}

// FromEngine names the engine's answer a to decision d by ids, for the
// decision stations know as PublicSeq(d).
func FromEngine(sc *sim.Scenario, d *sim.Decision, a sim.Answer) protocol.Answer {
	out := protocol.Answer{Seq: PublicSeq(d), Grant: a.Grant && d.Kind == sim.ConsentDecision}
	for _, sh := range a.Shares {
		s := protocol.Share{To: sc.Nations[sh.Recipient].ID, Action: sh.Action.String(), Waiver: sh.Waiver, Force: sh.Force}
		for i := range d.Rows {
			row := &d.Rows[i]
			if row.Recipient == sh.Recipient && sh.Action != sim.Withhold && sh.Route >= 0 && sh.Route < len(row.Routes) {
				s.Route = row.Routes[sh.Route].Name
			}
		}
		out.Shares = append(out.Shares, s)
	}
	return out
}

// logged names decision d and answer a as a decision log does.
func logged(sc *sim.Scenario, d *sim.Decision, a protocol.Answer) sim.LoggedDecision {
	ld := sim.LoggedDecision{Seq: d.Seq, Time: float64(d.Time), Kind: d.Kind.String(), Item: sc.Items[d.Item].ID, Holder: sc.Nations[d.Holder].ID}
	if d.Kind == sim.ConsentDecision {
		ld.Requester, ld.Recipient, ld.Grant = sc.Nations[d.Requester].ID, sc.Nations[d.Recipient].ID, a.Grant
	}
	for _, s := range a.Shares {
		ld.Shares = append(ld.Shares, sim.LoggedShare{To: s.To, Action: s.Action, Route: s.Route, Waiver: s.Waiver, Force: s.Force})
	}
	return ld
}

// fromLogged is the inverse of logged.
func fromLogged(ld *sim.LoggedDecision) protocol.Answer {
	a := protocol.Answer{Seq: ld.Seq, Grant: ld.Grant}
	for _, s := range ld.Shares {
		a.Shares = append(a.Shares, protocol.Share{To: s.To, Action: s.Action, Route: s.Route, Waiver: s.Waiver, Force: s.Force})
	}
	return a
}
