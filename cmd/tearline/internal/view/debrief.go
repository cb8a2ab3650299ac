package view

import (
	"fmt"
	"sort"
	"strconv"

	"tearline/scenario"
	"tearline/sim"
)

// Record is one decision the trainees made, kept for the debrief.
type Record struct {
	// Decision is a copy of the engine's decision (rows included).
	Decision sim.Decision
	// Answer is what was sent.
	Answer sim.Answer
	// Preview is the forecast of exactly this answer (for a consent
	// request, granting against refusing), or nil if none arrived.
	Preview *sim.Preview
	// Gen is the form generation of Answer (matches the preview request).
	Gen int
}

// DebriefLine is one row of the debrief's decision table.
type DebriefLine struct {
	// When is the exercise time of the decision.
	When string
	// Item is the item's title.
	Item string
	// Recipient is who the line is about: the nation shared with, the
	// nation a consent request would let the item reach, or "all" for an
	// item withheld from everyone.
	Recipient string
	// Choice is what was chosen, e.g. "BRAVIA: full via COALNET".
	Choice string
	// Forecast is what the preview said, e.g. "P(in time) 80%, median 4h".
	Forecast string
	// Happened is what happened, e.g. "held D+1 04:00, on time".
	Happened string
	// Good colours the line: true on time, false late/leaked/lost.
	Good bool
}

// DebriefLines builds the decision table: one line per recipient a
// decision shared with, one line per all-withheld decision, one line per
// consent answer.
func DebriefLines(sc *sim.Scenario, recs []Record, o *sim.Outcome) []DebriefLine {
	var out []DebriefLine
	for _, rec := range recs {
		d := &rec.Decision
		title := itemTitle(sc, d.Item)
		when := scenario.FormatClock(d.Time)
		if d.Kind == sim.ConsentDecision {
			verb := "refused"
			if rec.Answer.Grant {
				verb = "granted"
			}
			fc := "-"
			if p := rec.Preview; p != nil && p.Err == nil {
				fc = "grant vs refuse: " + EffectText(sc, p, &p.Whole, 1, false)
			}
			out = append(out, DebriefLine{
				When: when, Item: title, Good: true, Recipient: NationName(sc, d.Recipient),
				Choice: fmt.Sprintf("consent %s: %s -> %s", verb,
					NationName(sc, d.Requester), NationName(sc, d.Recipient)),
				Forecast: fc, Happened: "-",
			})
			continue
		}
		if len(rec.Answer.Shares) == 0 {
			h, good := withheldOutcome(sc, d, o)
			out = append(out, DebriefLine{When: when, Item: title, Recipient: "all", Choice: "withheld from all",
				Forecast: withheldForecast(sc, d, rec.Preview), Happened: h, Good: good})
			continue
		}
		for _, s := range rec.Answer.Shares {
			line := DebriefLine{When: when, Item: title, Recipient: NationName(sc, s.Recipient)}
			route := "?"
			for i := range d.Rows {
				if d.Rows[i].Recipient == s.Recipient && s.Route < len(d.Rows[i].Routes) {
					route = d.Rows[i].Routes[s.Route].Name
				}
			}
			line.Choice = fmt.Sprintf("%s: %s via %s", NationName(sc, s.Recipient), s.Action, route)
			if s.Force {
				line.Choice += " (forced)"
			}
			if s.Waiver {
				line.Choice += " (waiver)"
			}
			line.Forecast = shareForecast(sc, rec.Preview, s.Recipient)
			line.Happened, line.Good = shareOutcome(sc, d, s, o)
			out = append(out, line)
		}
	}
	return out
}

// shareForecast words what the forecast said of the share to recipient:
// "P(in time) 80%, median 3h, p90 9h; vs withholding: leak risk +3 pts · …".
func shareForecast(sc *sim.Scenario, p *sim.Preview, recipient int) string {
	if p == nil {
		return "no forecast"
	}
	for i := range p.Rows {
		pr := &p.Rows[i]
		if pr.Recipient != recipient || pr.Withheld {
			continue
		}
		if pr.Err != nil {
			return "not possible as chosen: " + pr.Err.Error()
		}
		fc := fmt.Sprintf("P(in time) %s, median %s, p90 %s", Percent(pr.PInTime), Span(pr.Median), Span(pr.P90))
		if pr.PArrive == 0 {
			fc = "P(in time) " + Percent(pr.PInTime) + ", never arrives before the end"
		}
		return fc + "; vs withholding: " + EffectText(sc, p, &pr.Effect, 1, false)
	}
	return "no forecast"
}

// withheldForecast words what the forecast said withholding from everyone
// would cost: the forgone share that would have raised a target's chance
// of averting its threat most (then lowered harm most).
func withheldForecast(sc *sim.Scenario, d *sim.Decision, p *sim.Preview) string {
	if p == nil {
		return "-"
	}
	best := -1
	for i := range p.Rows {
		pr := &p.Rows[i]
		if !pr.Withheld || pr.Err != nil {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := &p.Rows[best]
		wa, wb := worstAvert(&pr.Effect), worstAvert(&b.Effect)
		if wa > wb || wa == wb && pr.Effect.Harm < b.Effect.Harm {
			best = i
		}
	}
	if best < 0 {
		return "no lawful share to forecast"
	}
	pr := &p.Rows[best]
	what := pr.Choice.Action.String()
	for i := range d.Rows {
		if d.Rows[i].Recipient == pr.Recipient {
			what = choiceText(&d.Rows[i], pr.Choice)
		}
	}
	return fmt.Sprintf("costliest: withholding from %s (vs %s): %s", NationName(sc, pr.Recipient), what,
		EffectText(sc, p, &pr.Effect, -1, false))
}

// ObjectiveText returns the objective's goal (see ObjectiveGoal),
// followed by the result's detail — the engine's figure, e.g. "coverage
// 62%" or "2 player-attributable leak(s)" — in brackets if there is one.
func ObjectiveText(sc *sim.Scenario, o sim.ObjectiveResult) string {
	s := ObjectiveGoal(sc, o.Objective)
	if o.Detail != "" {
		s += " (" + o.Detail + ")"
	}
	return s
}

// ObjectiveGoal returns objective i's text as the scenario tells trainees,
// or, if it has none, its goal worded from its kind: "Coverage of at least
// 70%", "At most 1 leak after the players' shares", ... (its id for a kind
// it does not know).
func ObjectiveGoal(sc *sim.Scenario, i int) string {
	if i < 0 || i >= len(sc.Spec.Objectives) {
		return fmt.Sprint("objective ", i)
	}
	o := &sc.Spec.Objectives[i]
	if o.Text != "" {
		return o.Text
	}
	switch o.Kind {
	case "avert":
		for t := range sc.Threats {
			if sc.Threats[t].ID == o.Threat {
				return "Avert " + threatTitle(sc, t)
			}
		}
	case "on_time":
		return "At least " + Percent(o.Min) + " of the players' deliveries held in time"
	case "coverage":
		return "Coverage of at least " + Percent(o.Min) + ": (item, nation that needs it) pairs held by the need time"
	case "max_leaks":
		n := FormatFloat(o.Max, 0)
		if o.Scope == scenario.LeakScopeAll {
			return "At most " + n + " leak(s) of any item, anyone's"
		}
		return "At most " + n + " leak(s) after the players' shares"
	case "min_trust":
		return "Trust of " + o.From + " in " + o.To + " at least " + FormatFloat(o.Min, 2)
	case "no_violations":
		return "No violation of law, marking or the third-party rule"
	}
	if o.ID != "" {
		return o.ID
	}
	return fmt.Sprint("objective ", i)
}

func itemTitle(sc *sim.Scenario, i int) string {
	if i < 0 || i >= len(sc.Items) {
		return "?"
	}
	if sc.Items[i].Title != "" {
		return sc.Items[i].Title
	}
	return sc.Items[i].ID
}

// shareOutcome says what became of share s of decision d (see
// ShareOutcomeOf and ShareOutcome.Text).
func shareOutcome(sc *sim.Scenario, d *sim.Decision, s sim.ShareChoice, o *sim.Outcome) (string, bool) {
	if o == nil {
		return "-", true
	}
	so := ShareOutcomeOf(d, s, o)
	return so.Text(sc)
}

// LeakFollows reports whether leak l is shown against share s of decision
// d: a leak of d's item in the form shared, after the decision, that the
// engine attributes to the holder's share (Leak.Attributable, Leak.Player),
// and either an interception on the link the share took (Leak.From →
// Leak.To) or a leak from the recipient itself.
func LeakFollows(l sim.Leak, d *sim.Decision, s sim.ShareChoice) bool {
	if l.Item != d.Item || l.Time < d.Time || !l.Attributable || l.Player != d.Holder || l.Form != s.Action {
		return false
	}
	if l.Intercepted {
		return l.From == d.Holder && l.To == s.Recipient
	}
	return l.Holder == s.Recipient
}

// withheldOutcome says what became of the threat an all-withheld item
// warned of; it is not good when that threat struck.
func withheldOutcome(sc *sim.Scenario, d *sim.Decision, o *sim.Outcome) (string, bool) {
	if o == nil {
		return "-", true
	}
	it := d.Item
	if it < 0 || it >= len(sc.Items) || sc.Items[it].Threat < 0 {
		return "kept at home", true
	}
	th := sc.Items[it].Threat
	for _, tr := range o.Threats {
		if tr.Threat == th && !tr.Averted {
			return "kept at home; " + threatTitle(sc, th) + " struck " + NationName(sc, tr.Target), false
		}
	}
	return "kept at home", true
}

func threatTitle(sc *sim.Scenario, t int) string {
	if t < 0 || t >= len(sc.Threats) {
		return "the threat"
	}
	if sc.Threats[t].Title != "" {
		return sc.Threats[t].Title
	}
	return sc.Threats[t].ID
}

// Figure is one labelled number in the debrief's summary.
type Figure struct {
	// Label names it; Value is its formatted value; Tip explains it.
	Label, Value, Tip string
}

// Figures returns the debrief's figures from the outcome's typed metrics
// (sim.Metrics), most telling first: coverage and the leaks that followed
// the players' shares lead; timeliness of what was delivered and all leaks
// of anyone's come after.
func Figures(o *sim.Outcome) []Figure {
	m := o.Metrics()
	return []Figure{
		{"Coverage", fmt.Sprintf("%s (%d of %d)", Percent(m.Coverage), m.Covered, m.Needed),
			"Of every (item, nation that needs it) pair, the share held by the item's need time, whoever shared it: " +
				"the warning the coalition actually got. Withholding lowers it."},
		{"Leaks after your shares", fmt.Sprintf("%d (weight %s)", m.AttributableLeaks, FormatFloat(m.AttributableLeakWeight, 2)),
			"Leaks that followed, and came from, a share by a nation you play (directly or passed on). " +
				"The weight counts a SECRET full report as 1; a tearline or a lower level weighs less."},
		{"Threats averted", strconv.Itoa(m.ThreatsAverted), "Threat/target pairs averted."},
		{"Threats struck", strconv.Itoa(m.ThreatsMaterialised), "Threat/target pairs that materialised."},
		{"On time, of what was delivered", fmt.Sprintf("%s (%d of %d)", Percent(m.OnTimeShare), m.OnTime, m.Deliveries),
			"Share of the deliveries (all nations', not only yours) held by the recipient's need time. " +
				"It says nothing of what was never sent: see Coverage."},
		{"Mean latency", Span(m.MeanLatency), "Mean time from the decision to share until the recipient held the item."},
		{"All leaks", strconv.Itoa(m.Leaks), "Every leak of any item from any nation, interceptions in transit included, yours or not."},
		{"Sources burned", strconv.Itoa(m.SourcesBurned), "Leaks (of anyone's) that exposed the source."},
		{"Violations", strconv.Itoa(m.LegalViolations + m.MarkingViolations + m.ThirdPartyViolations),
			"Shares forced through a law, a marking or the third-party rule."},
		{"Denied", strconv.Itoa(m.Denied), "Shares refused at approval, waiver or consent."},
	}
}

// TrustLine is one directed trust pair in the debrief: before and after.
type TrustLine struct {
	// From and To are nation indices.
	From, To int
	// Start and End are expected trust, 0 to 1.
	Start, End float64
}

// TrustLines returns the trust between the player nations and everyone
// else, both directions, largest change first.
func TrustLines(sc *sim.Scenario, o *sim.Outcome) []TrustLine {
	n := len(sc.Nations)
	if len(o.TrustStart) < n*n || len(o.TrustEnd) < n*n {
		return nil
	}
	player := make([]bool, n)
	for _, p := range sc.Players {
		if p >= 0 && p < n {
			player[p] = true
		}
	}
	var out []TrustLine
	for from := 0; from < n; from++ {
		for to := 0; to < n; to++ {
			if from == to || !(player[from] || player[to]) {
				continue
			}
			k := from*n + to
			out = append(out, TrustLine{From: from, To: to, Start: o.TrustStart[k], End: o.TrustEnd[k]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return abs(out[i].End-out[i].Start) > abs(out[j].End-out[j].Start)
	})
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
