package sim

import "fmt"

// This file is the one judge of a candidate share: may it go as chosen, by
// which route, and why not. The engine's own checks, the built-in policies,
// the forecast and the desktop all ask it; nobody re-derives the rules or
// reads them from text.

// ReasonKind is what a Reason is about.
type ReasonKind uint8

const (
	// ReasonMarking: NOFORN or REL TO bars the recipient (for a tearline, the
	// tearline's own REL TO).
	ReasonMarking ReasonKind = iota + 1
	// ReasonConsent: the originator must consent first (ORCON, the
	// third-party rule, or a tearline written by a holder other than the
	// originator).
	ReasonConsent
	// ReasonLaw: a domestic law of the holder forbids the share, requires a
	// waiver or requires approval (Reason.Law says which).
	ReasonLaw
	// ReasonScope: no in-force agreement covers the share, so it needs
	// ad-hoc approval.
	ReasonScope
	// ReasonForm: the holder holds only the tearline, so it cannot pass on
	// the full report.
	ReasonForm
	// ReasonRouteDown: the chosen channel has an outage.
	ReasonRouteDown
	// ReasonAccreditation: the chosen channel is not accredited to the
	// level the share travels at.
	ReasonAccreditation
	// ReasonChannel: the chosen channel is slow — a cross-domain gateway,
	// the liaison courier, or a format translation.
	ReasonChannel
	// ReasonNoRoute: the chosen route does not exist.
	ReasonNoRoute
)

var reasonKindNames = [...]string{"", "marking", "consent", "law", "scope", "form", "route-down", "accreditation", "channel", "no-route"}

// String returns a short name: "marking", "consent", "law", "scope", "form",
// "route-down", "accreditation", "channel" or "no-route".
func (k ReasonKind) String() string {
	if int(k) >= len(reasonKindNames) || k == 0 {
		return "reason?"
	}
	return reasonKindNames[k]
}

// ReasonEffect is what a Reason does to a share.
type ReasonEffect uint8

const (
	// Blocks: the share cannot go as chosen. Reason.Forceable says whether
	// ShareChoice.Force sends it anyway, as a violation.
	Blocks ReasonEffect = iota + 1
	// NeedsWaiver: blocked unless a waiver is sought (ShareChoice.Waiver),
	// which takes time and may be refused; forcing it is a violation.
	NeedsWaiver
	// NeedsConsent: the engine asks the originator and waits for the answer.
	NeedsConsent
	// NeedsApproval: a delay and a chance of refusal.
	NeedsApproval
	// Slows: the share goes, but more slowly.
	Slows
)

// Reason is one typed reason a share is blocked or slowed.
type Reason struct {
	Kind   ReasonKind
	Effect ReasonEffect
	// Forceable reports that a Blocks or NeedsWaiver reason can be
	// overridden with ShareChoice.Force (a violation).
	Forceable bool
	// Law indexes Scenario.Laws for ReasonLaw; else -1.
	Law int
	// Agreement indexes Scenario.Agreements for a third-party-rule
	// ReasonConsent; else -1.
	Agreement int
	// Text says it in plain words; empty in quiet runs.
	Text string
}

// Judgement is the engine's verdict on one choice for one row.
type Judgement struct {
	// Blocked: the engine refuses the choice as it stands (Run.Answer
	// returns an error).
	Blocked bool
	// Violation: the choice forces a block (or skips a required waiver) and
	// will go through as a violation.
	Violation bool
	// Slowed: an approval, a consent request, a waiver or the channel slows it.
	Slowed bool
	// Level is the common level the share travels at.
	Level Level
	// Reasons lists every reason, blocking ones first.
	Reasons []Reason
}

// Judge judges choice c for this row: the rules for its form and the state
// of its route. A Withhold choice is never blocked.
func (row *Row) Judge(c ShareChoice) Judgement { return row.judge(c, true) }

// judge is Judge; without reasons it fills only the flags and the level,
// allocating nothing (the engine's own checks in quiet runs).
func (row *Row) judge(c ShareChoice, reasons bool) Judgement {
	var j Judgement
	if c.Action != Full && c.Action != Tearline {
		return j
	}
	ru := &row.Rules[c.Action]
	j.Level = row.Level[c.Action]
	var slow []Reason
	if c.Route < 0 || c.Route >= len(row.Routes) {
		j.Blocked = true
		if reasons {
			j.Reasons = append(j.Reasons, Reason{Kind: ReasonNoRoute, Effect: Blocks, Law: -1, Agreement: -1,
				Text: fmt.Sprintf("route %d does not exist (the row has %d)", c.Route, len(row.Routes))})
		}
	} else {
		rt := &row.Routes[c.Route]
		if rt.Down {
			j.Blocked = true
			if reasons {
				j.Reasons = append(j.Reasons, Reason{Kind: ReasonRouteDown, Effect: Blocks, Law: -1, Agreement: -1, Text: rt.Name + " is down (outage): pick another channel."})
			}
		}
		if j.Level > rt.MaxLevel {
			j.Blocked = true
			if reasons {
				j.Reasons = append(j.Reasons, Reason{Kind: ReasonAccreditation, Effect: Blocks, Law: -1, Agreement: -1,
					Text: fmt.Sprintf("The %s travels at %s, above %s's accreditation (%s).", c.Action, j.Level, rt.Name, rt.MaxLevel)})
			}
		}
		if rt.Translate || rt.Kind != Direct {
			j.Slowed = true
		}
		if reasons && (rt.Translate || rt.Kind != Direct) {
			for _, w := range rt.Why {
				slow = append(slow, Reason{Kind: ReasonChannel, Effect: Slows, Law: -1, Agreement: -1, Text: w})
			}
			if len(rt.Why) == 0 {
				slow = append(slow, Reason{Kind: ReasonChannel, Effect: Slows, Law: -1, Agreement: -1})
			}
		}
	}
	leave := ru.Blocked || ru.WaiverAvailable && !c.Waiver
	switch {
	case leave && c.Force && !ru.Unforceable:
		j.Violation = true
	case leave:
		j.Blocked = true
	}
	if ru.WaiverAvailable && c.Waiver && !c.Force || ru.Consent || ru.Approval {
		j.Slowed = true
	}
	if !reasons {
		return j
	}
	for _, rs := range ru.Reasons {
		if rs.Effect == Blocks || rs.Effect == NeedsWaiver {
			j.Reasons = append(j.Reasons, rs)
		}
	}
	for _, rs := range ru.Reasons {
		if rs.Effect != Blocks && rs.Effect != NeedsWaiver {
			j.Reasons = append(j.Reasons, rs)
		}
	}
	j.Reasons = append(j.Reasons, slow...)
	return j
}

// BestRoute returns the index of the fastest route usable for form f, or of
// the fastest route that is not down, or 0 (a row always has the liaison
// route).
func (row *Row) BestRoute(f Action) int {
	l := row.Level[Full]
	if f == Tearline {
		l = row.Level[Tearline]
	}
	if k := fastestRoute(row.Routes, l); k >= 0 {
		return k
	}
	best := -1
	for i := range row.Routes {
		if !row.Routes[i].Down && (best < 0 || row.Routes[i].Median < row.Routes[best].Median) {
			best = i
		}
	}
	return max(best, 0)
}

// Texts returns the plain words of every reason, in order, skipping empty ones.
func (j *Judgement) Texts() []string {
	var out []string
	for _, rs := range j.Reasons {
		if rs.Text != "" {
			out = append(out, rs.Text)
		}
	}
	return out
}

// firstBlock returns the first blocking reason, or a generic one (quiet
// runs keep no reasons).
func (j *Judgement) firstBlock() Reason {
	for _, rs := range j.Reasons {
		if rs.Effect == Blocks || rs.Effect == NeedsWaiver {
			return rs
		}
	}
	return Reason{Effect: Blocks, Text: "blocked", Law: -1, Agreement: -1}
}
