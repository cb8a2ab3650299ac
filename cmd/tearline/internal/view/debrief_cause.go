package view

import (
	"fmt"
	"strings"

	"tearline/scenario"
	"tearline/sim"
)

// This file links cause and effect for the debrief and the after-action
// report: each objective's figure against its threshold and what lies
// behind it, each threat with the warning it got, why an item was never
// held, consents, the facilitator's fires, and the expected player actions
// against the chosen ones. Everything comes from typed engine data.

// ObjectiveLine is one objective, met or missed, with its figure.
type ObjectiveLine struct {
	// Met reports the engine's verdict (sim.ObjectiveResult.Met).
	Met bool
	// Goal is the objective as trainees read it (ObjectiveGoal).
	Goal string
	// Figure is the run's figure against the threshold, e.g. "coverage 42%
	// against at least 50%".
	Figure string
	// Behind lists the decisions and events behind the figure.
	Behind []string
}

// ThreatLine is one (threat, target) result with the warning it got.
type ThreatLine struct {
	// Threat and Target index the scenario's threats and nations.
	Threat, Target int
	// Name is the threat's title; Averted the engine's result.
	Name    string
	Averted bool
	// Warning and PAvert are the engine's figures, 0 to 1.
	Warning, PAvert float64
	// Warned lists, per item about the threat, who held it and when.
	Warned []string
}

// NeverHeldLine is one (item, nation that needed it) pair never held, and why.
type NeverHeldLine struct {
	Item, Nation int
	// Why is what the typed facts say: refused, blocked, withheld, still
	// in transit (each share's fate), or no holder passed it on.
	Why string
}

// ExpectedLine is one expected player action (scenario.Item.Expected)
// against the one chosen.
type ExpectedLine struct {
	When, Item, Holder, Recipient string
	// Expected and Chosen are the actions; HasExpected is false where the
	// scenario gives none (-1).
	Expected, Chosen sim.Action
	HasExpected      bool
}

// Match reports whether the chosen action is the expected one.
func (e ExpectedLine) Match() bool { return e.HasExpected && e.Expected == e.Chosen }

// ExpectedTally counts decisions rows against the expected actions.
type ExpectedTally struct {
	Matched, Differed, NoExpectation int
}

// Debrief is the whole debrief model: what the screen and both reports
// show, built from typed data only.
type Debrief struct {
	Objectives []ObjectiveLine
	Figures    []Figure
	Threats    []ThreatLine
	NeverHeld  []NeverHeldLine
	Decisions  []DebriefLine
	Expected   []ExpectedLine
	Tally      ExpectedTally
	// Consents lists every consent asked: players' answers and
	// non-players' by doctrine.
	Consents []string
	// Fires lists the facilitator's fires ("D+1 12:00  walk-in: Walk-in source").
	Fires []string
	// Violations counts player and other violations by kind.
	Violations map[string]int
	Trust      []TrustLine
}

// BuildDebrief builds the debrief of a finished run. fires are the
// facilitator's fires as sim.DecisionLog.Fires keeps them ("ID@TIME");
// o may be nil.
func BuildDebrief(sc *sim.Scenario, recs []Record, o *sim.Outcome, fires []string) *Debrief {
	d := &Debrief{Decisions: DebriefLines(sc, recs, o), Violations: map[string]int{}}
	for _, f := range fires {
		d.Fires = append(d.Fires, fireText(sc, f))
	}
	d.Expected, d.Tally = ExpectedLines(sc, recs)
	if o == nil {
		return d
	}
	d.Figures = Figures(o)
	d.Trust = TrustLines(sc, o)
	for _, v := range o.Violations {
		d.Violations[v.Kind]++
	}
	for _, r := range o.Objectives {
		d.Objectives = append(d.Objectives, objectiveLine(sc, r, o))
	}
	for _, tr := range o.Threats {
		d.Threats = append(d.Threats, threatLine(sc, tr, o))
	}
	for _, nd := range o.Needs {
		if nd.Form == sim.Withhold {
			d.NeverHeld = append(d.NeverHeld, NeverHeldLine{Item: nd.Item, Nation: nd.Nation, Why: neverHeldWhy(sc, recs, o, nd.Item, nd.Nation)})
		}
	}
	for i := range o.Shares {
		f := &o.Shares[i]
		if !f.ConsentAsked {
			continue
		}
		orig := sc.Items[f.Item].Origin
		ans := "granted"
		switch {
		case f.Refusal == sim.RefusedConsent:
			ans = "REFUSED"
		case f.Fate == sim.FateInTransit && f.Stage == sim.StageAwaitingConsent:
			ans = "still unanswered at the end"
		}
		who := "by doctrine"
		if f.ConsentDecision >= 0 {
			who = "by the players"
		}
		d.Consents = append(d.Consents, fmt.Sprintf("%s  %s asked %s to pass %q to %s: %s (%s)",
			scenario.FormatClock(f.Sent), NationName(sc, f.From), NationName(sc, orig), itemTitle(sc, f.Item), NationName(sc, f.To), ans, who))
	}
	return d
}

// fireText words one "ID@TIME" fire with the inject's or event's title.
func fireText(sc *sim.Scenario, f string) string {
	id, at := f, ""
	if k := strings.LastIndex(f, "@"); k >= 0 {
		id, at = f[:k], f[k+1:]
	}
	title := ""
	for i := range sc.Items {
		if sc.Items[i].ID == id {
			title = "inject: " + itemTitle(sc, i)
		}
	}
	for i := range sc.Events {
		if sc.Events[i].ID == id {
			title = "event: " + sc.Events[i].Title
		}
	}
	s := strings.TrimSpace(at + "  " + id)
	if title != "" {
		s += " (" + title + ")"
	}
	return s
}

// objectiveLine puts the run's figure against the objective's threshold,
// computed from the outcome's typed facts, and lists what lies behind it.
func objectiveLine(sc *sim.Scenario, r sim.ObjectiveResult, o *sim.Outcome) ObjectiveLine {
	ol := ObjectiveLine{Met: r.Met, Goal: ObjectiveGoal(sc, r.Objective)}
	if r.Objective < 0 || r.Objective >= len(sc.Spec.Objectives) {
		return ol
	}
	spec := &sc.Spec.Objectives[r.Objective]
	player := func(n int) bool { return n >= 0 && n < len(sc.Nations) && sc.Nations[n].Player }
	switch spec.Kind {
	case "coverage":
		m := o.Metrics()
		ol.Figure = fmt.Sprintf("coverage %s (%d of %d) against at least %s", Percent(m.Coverage), m.Covered, m.Needed, Percent(spec.Min))
		late, never := 0, 0
		for _, nd := range o.Needs {
			switch {
			case nd.Form == sim.Withhold:
				never++
			case !nd.OnTime:
				late++
			}
		}
		ol.Behind = append(ol.Behind, fmt.Sprintf("%d pair(s) never held, %d held late (see \"Never held\")", never, late))
	case "on_time":
		n, ok := 0, 0
		for _, dv := range o.Deliveries {
			if player(dv.From) {
				n++
				if dv.OnTime {
					ok++
				} else {
					ol.Behind = append(ol.Behind, fmt.Sprintf("%s → %s: %q held %s, late by %s",
						NationName(sc, dv.From), NationName(sc, dv.To), itemTitle(sc, dv.Item), scenario.FormatClock(dv.Held), Span(dv.Held-dv.NeedBy)))
				}
			}
		}
		share := 0.0
		if n > 0 {
			share = float64(ok) / float64(n)
		}
		ol.Figure = fmt.Sprintf("%s of player shares held in time (%d of %d) against at least %s", Percent(share), ok, n, Percent(spec.Min))
	case "max_leaks":
		n := 0
		for _, l := range o.Leaks {
			if spec.Scope == scenario.LeakScopeAll || l.Attributable {
				n++
				ol.Behind = append(ol.Behind, leakText(sc, l))
			}
		}
		ol.Figure = fmt.Sprintf("%d leak(s) against at most %s", n, FormatFloat(spec.Max, 0))
	case "min_trust":
		a, b := sc.NationIndex(spec.From), sc.NationIndex(spec.To)
		k := a*len(sc.Nations) + b
		if a >= 0 && b >= 0 && k < len(o.TrustEnd) && k < len(o.TrustStart) {
			ol.Figure = fmt.Sprintf("trust %s against at least %s (from %s at the start)",
				FormatFloat(o.TrustEnd[k], 2), FormatFloat(spec.Min, 2), FormatFloat(o.TrustStart[k], 2))
		}
	case "no_violations":
		n := 0
		for _, v := range o.Violations {
			if player(v.From) {
				n++
				ol.Behind = append(ol.Behind, fmt.Sprintf("%s  %s (%s) sharing %q with %s: %s",
					scenario.FormatClock(v.Time), NationName(sc, v.From), v.Kind, itemTitle(sc, v.Item), NationName(sc, v.To), v.Reason))
			}
		}
		ol.Figure = fmt.Sprintf("%d player violation(s) against none", n)
	case "avert":
		struck, all := 0, 0
		for _, tr := range o.Threats {
			if tr.Threat >= 0 && tr.Threat < len(sc.Threats) && sc.Threats[tr.Threat].ID == spec.Threat {
				all++
				if !tr.Averted {
					struck++
				}
				ol.Behind = append(ol.Behind, threatSummary(sc, tr))
			}
		}
		ol.Figure = fmt.Sprintf("struck %d of %d target(s) against none", struck, all)
	}
	return ol
}

func threatSummary(sc *sim.Scenario, tr sim.ThreatResult) string {
	verdict := "STRUCK"
	if tr.Averted {
		verdict = "AVERTED"
	}
	return fmt.Sprintf("%s %s against %s (warning %s, chance of averting %s)",
		verdict, threatTitle(sc, tr.Threat), NationName(sc, tr.Target), Percent(tr.Warning), Percent(tr.PAvert))
}

func leakText(sc *sim.Scenario, l sim.Leak) string {
	where := "from " + NationName(sc, l.Holder)
	if l.Intercepted {
		where = "intercepted on the link " + NationName(sc, l.From) + " → " + NationName(sc, l.To)
	}
	s := fmt.Sprintf("%s  %q (%s) %s", scenario.FormatClock(l.Time), itemTitle(sc, l.Item), l.Form, where)
	if l.Attributable {
		s += ", after " + NationName(sc, l.Player) + "'s share"
	}
	if l.Burned {
		s += ", source burned"
	}
	return s
}

// threatLine names a threat result and the warning its target got: per
// item about the threat, when the target held it (and in which form), or
// why it never did.
func threatLine(sc *sim.Scenario, tr sim.ThreatResult, o *sim.Outcome) ThreatLine {
	tl := ThreatLine{Threat: tr.Threat, Target: tr.Target, Name: threatTitle(sc, tr.Threat), Averted: tr.Averted, Warning: tr.Warning, PAvert: tr.PAvert}
	for i := range sc.Items {
		it := &sc.Items[i]
		if it.Threat != tr.Threat {
			continue
		}
		if it.Origin == tr.Target {
			tl.Warned = append(tl.Warned, fmt.Sprintf("%q: collected by %s itself", itemTitle(sc, i), NationName(sc, tr.Target)))
			continue
		}
		for _, nd := range o.Needs {
			if nd.Item != i || nd.Nation != tr.Target {
				continue
			}
			if nd.Form == sim.Withhold {
				tl.Warned = append(tl.Warned, fmt.Sprintf("%q: never held", itemTitle(sc, i)))
			} else {
				when := "in time"
				if !nd.OnTime {
					when = "late"
				}
				tl.Warned = append(tl.Warned, fmt.Sprintf("%q: held %s (%s) %s", itemTitle(sc, i), nd.Form, scenario.FormatClock(nd.Held), when))
			}
		}
	}
	return tl
}

// neverHeldWhy says why nation never held item, from typed facts only: the
// fate of every share of it to nation (refused where, still in transit at
// which stage), else a player decision that withheld it (and whether the
// rules blocked both forms), else that no holder passed it on.
func neverHeldWhy(sc *sim.Scenario, recs []Record, o *sim.Outcome, item, nation int) string {
	var why []string
	for i := range o.Shares {
		f := &o.Shares[i]
		if f.Item == item && f.To == nation {
			why = append(why, NationName(sc, f.From)+"'s share "+NeverWhy(sc, f))
		}
	}
	if len(why) > 0 {
		return strings.Join(why, "; ")
	}
	for _, rec := range recs {
		d := &rec.Decision
		if d.Kind != sim.ShareDecision || d.Item != item {
			continue
		}
		for ri := range d.Rows {
			row := &d.Rows[ri]
			if row.Recipient != nation {
				continue
			}
			if row.Rules[sim.Full].Blocked && row.Rules[sim.Tearline].Blocked {
				var kinds []string
				for _, rs := range row.Rules[sim.Full].Reasons {
					if rs.Effect == sim.Blocks || rs.Effect == sim.NeedsWaiver {
						kinds = append(kinds, rs.Kind.String())
					}
				}
				s := "BLOCKED: " + NationName(sc, d.Holder) + " could not share it lawfully"
				if len(kinds) > 0 {
					s += " (" + strings.Join(dedupe(kinds), ", ") + ")"
				}
				return s + ", and did not force it"
			}
			return "withheld by " + NationName(sc, d.Holder) + " (decision at " + scenario.FormatClock(d.Time) + ")"
		}
	}
	return "no holder passed it on (no share was started)"
}

// ExpectedLines sets the expected player action of every share decision's
// row (scenario.Item.Expected, per recipient) against the action chosen,
// and tallies them: matched, differed, or no expectation given.
func ExpectedLines(sc *sim.Scenario, recs []Record) ([]ExpectedLine, ExpectedTally) {
	var out []ExpectedLine
	var t ExpectedTally
	for _, rec := range recs {
		d := &rec.Decision
		if d.Kind != sim.ShareDecision || d.Item < 0 || d.Item >= len(sc.Items) {
			continue
		}
		exp := sc.Items[d.Item].Expected
		for ri := range d.Rows {
			to := d.Rows[ri].Recipient
			chosen := sim.Withhold
			for _, s := range rec.Answer.Shares {
				if s.Recipient == to {
					chosen = s.Action
				}
			}
			l := ExpectedLine{When: scenario.FormatClock(d.Time), Item: itemTitle(sc, d.Item), Holder: NationName(sc, d.Holder),
				Recipient: NationName(sc, to), Chosen: chosen}
			if to < len(exp) && exp[to] >= 0 {
				l.Expected, l.HasExpected = exp[to], true
			}
			switch {
			case !l.HasExpected:
				t.NoExpectation++
			case l.Match():
				t.Matched++
			default:
				t.Differed++
			}
			out = append(out, l)
		}
	}
	return out, t
}
