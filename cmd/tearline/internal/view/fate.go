package view

import (
	"fmt"
	"strings"

	"tearline/scenario"
	"tearline/sim"
)

// ShareResult is the debrief's verdict on one share a player decided.
type ShareResult int

const (
	// ShareUnknown: the outcome has no typed fate for the share (a run
	// without Outcome.Shares); the debrief then reads the deliveries.
	ShareUnknown ShareResult = iota
	// ShareOnTime: the recipient held it by the need time.
	ShareOnTime
	// ShareLate: the recipient held it after the need time.
	ShareLate
	// ShareNever: the recipient never held it from this share (refused or
	// still under way at the end: ShareOutcome.Fate says which).
	ShareNever
)

// ShareOutcome is what became of one share a player decided, read from the
// engine's typed facts only: the share's sim.ShareFate and the leaks that
// followed it (LeakFollows).
type ShareOutcome struct {
	// Result is held on time, late or never.
	Result ShareResult
	// Fate is the engine's fate of the share, nil if the outcome has none.
	Fate *sim.ShareFate
	// Held is when the recipient held it (0 when never); Sent when it was
	// decided; NeedBy the item's need time (both 0 when unknown).
	Held, Sent, NeedBy sim.Hours
	// Leaks are the leaks shown against the share, in the order they
	// happened: interceptions on its link and leaks from its recipient,
	// after and because of it.
	Leaks []sim.Leak
}

// FateFor returns the fate of share s of decision d in o: the share the
// decision started to s.Recipient (matched by decision Seq, item, holder
// and recipient), or nil.
func FateFor(o *sim.Outcome, d *sim.Decision, s sim.ShareChoice) *sim.ShareFate {
	if o == nil {
		return nil
	}
	for i := range o.Shares {
		f := &o.Shares[i]
		if f.Decision == d.Seq && f.Item == d.Item && f.From == d.Holder && f.To == s.Recipient {
			return f
		}
	}
	return nil
}

// ShareOutcomeOf returns what became of share s of decision d. With typed
// fates (Outcome.Shares) it reads the share's own fate; without them (an
// outcome built by hand) it falls back to the first delivery on the link.
func ShareOutcomeOf(d *sim.Decision, s sim.ShareChoice, o *sim.Outcome) ShareOutcome {
	var so ShareOutcome
	if o == nil {
		return so
	}
	if f := FateFor(o, d, s); f != nil {
		so.Fate, so.Sent, so.NeedBy = f, f.Sent, f.NeedBy
		switch f.Fate {
		case sim.FateHeldOnTime:
			so.Result, so.Held = ShareOnTime, f.Held
		case sim.FateHeldLate:
			so.Result, so.Held = ShareLate, f.Held
		default:
			so.Result = ShareNever
		}
	} else if o.Shares == nil {
		so.Result = ShareNever
		for _, dv := range o.Deliveries {
			if dv.Item == d.Item && dv.From == d.Holder && dv.To == s.Recipient {
				so.Result, so.Held, so.Sent, so.NeedBy = ShareLate, dv.Held, dv.Sent, dv.NeedBy
				if dv.OnTime {
					so.Result = ShareOnTime
				}
				break
			}
		}
	}
	for _, l := range o.Leaks {
		if LeakFollows(l, d, s) && so.caused(l) {
			so.Leaks = append(so.Leaks, l)
		}
	}
	return so
}

// caused narrows LeakFollows to this very share when its fate is known: an
// interception of it on the wire (between its dispatch and its holding),
// or a leak from the recipient once this share had made it hold the item.
// A share never held, or held when the recipient already held the item
// (Redundant), causes no leak from the recipient.
func (so *ShareOutcome) caused(l sim.Leak) bool {
	f := so.Fate
	if f == nil {
		return true
	}
	if l.Intercepted {
		return f.Intercepted && l.Time >= f.Dispatched && (f.Held == 0 || l.Time <= f.Held)
	}
	return f.Fate.Held() && !f.Redundant && l.Time >= f.Held
}

// NeverWhy words why a share was never held, from its fate: "refused
// consent by BRAVIA", "refused at approval (approval law, ad hoc)", "still
// waiting for an analyst at the end". f may be nil ("not held").
func NeverWhy(sc *sim.Scenario, f *sim.ShareFate) string {
	if f == nil {
		return "not held"
	}
	switch f.Fate {
	case sim.FateRefused:
		if f.Refusal == sim.RefusedConsent {
			orig := -1
			if f.Item >= 0 && f.Item < len(sc.Items) {
				orig = sc.Items[f.Item].Origin
			}
			return "refused consent by " + NationName(sc, orig) + " (originator)"
		}
		var gates []string
		if f.ApprovalLaw {
			gates = append(gates, "approval law")
		}
		if f.WaiverSought {
			gates = append(gates, "waiver")
		}
		if f.AdHoc {
			gates = append(gates, "ad-hoc approval: no agreement covers it")
		}
		s := "refused at approval"
		if len(gates) > 0 {
			s += " (" + strings.Join(gates, ", ") + ")"
		}
		return s
	case sim.FateInTransit:
		return "still " + f.Stage.String() + " at the end"
	}
	return f.Fate.String()
}

// Text words the outcome for the debrief, e.g. "held D+1 04:00, on time
// (3h)", "never held: refused at approval (approval law)", with the first
// leak that followed it ("; INTERCEPTED on the way D+1 02:00 (link ALD →
// BRA)", "; LEAKED from BRAVIA D+2 …"). It is good when held on time, not
// redundant (the recipient already held it) and not leaked.
func (so *ShareOutcome) Text(sc *sim.Scenario) (string, bool) {
	var txt string
	good := false
	switch so.Result {
	case ShareOnTime:
		txt, good = "held "+scenario.FormatClock(so.Held)+", on time ("+Span(so.Held-so.Sent)+")", true
	case ShareLate:
		txt = "held " + scenario.FormatClock(so.Held) + ", LATE by " + Span(so.Held-so.NeedBy)
	case ShareNever:
		txt = "NEVER held: " + NeverWhy(sc, so.Fate)
		if so.Fate == nil {
			txt = "NEVER held (no delivery on this link)"
		}
	default:
		return "-", true
	}
	if so.Fate != nil && so.Fate.Redundant {
		txt += ", but it already held it: the share added nothing"
		good = false
	}
	if so.Fate != nil && so.Fate.Resends > 0 {
		txt += fmt.Sprintf("; %d garbled resend(s)", so.Fate.Resends)
	}
	if len(so.Leaks) > 0 {
		l := so.Leaks[0]
		if l.Intercepted {
			txt += fmt.Sprintf("; INTERCEPTED on the way %s (link %s → %s)", scenario.FormatClock(l.Time), NationName(sc, l.From), NationName(sc, l.To))
		} else {
			txt += "; LEAKED from " + NationName(sc, l.Holder) + " " + scenario.FormatClock(l.Time)
		}
		if l.Burned {
			txt += ", source burned"
		}
		if len(so.Leaks) > 1 {
			txt += fmt.Sprintf(" (+%d more)", len(so.Leaks)-1)
		}
		good = false
	}
	return txt, good
}
