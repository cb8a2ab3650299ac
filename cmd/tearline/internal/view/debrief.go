package view

import (
	"fmt"
	"sort"

	"tearline/sim"
)

// Record is one decision the trainees made, kept for the debrief.
type Record struct {
	// Decision is a copy of the engine's decision (rows included).
	Decision sim.Decision
	// Answer is what was sent.
	Answer sim.Answer
	// Preview is the forecast of exactly this answer, or nil if none was
	// computed (e.g. everything withheld).
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
		when := sim.FormatClock(d.Time)
		if d.Kind == sim.ConsentDecision {
			verb := "refused"
			if rec.Answer.Grant {
				verb = "granted"
			}
			out = append(out, DebriefLine{
				When: when, Item: title, Good: true, Recipient: NationName(sc, d.Recipient),
				Choice: fmt.Sprintf("consent %s: %s -> %s", verb,
					NationName(sc, d.Requester), NationName(sc, d.Recipient)),
				Forecast: "-", Happened: "-",
			})
			continue
		}
		if len(rec.Answer.Shares) == 0 {
			h, good := withheldOutcome(sc, d, o)
			out = append(out, DebriefLine{When: when, Item: title, Recipient: "all", Choice: "withheld from all",
				Forecast: "-", Happened: h, Good: good})
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
			line.Forecast = "no forecast"
			if rec.Preview != nil {
				for _, pr := range rec.Preview.Rows {
					if pr.Recipient == s.Recipient {
						line.Forecast = fmt.Sprintf("P(in time) %s, median %s, P(leak) %s",
							Percent(pr.PInTime), Span(pr.Median), Percent(pr.PLeak))
					}
				}
			}
			line.Happened, line.Good = shareOutcome(sc, d, s.Recipient, o)
			out = append(out, line)
		}
	}
	return out
}

// ObjectiveText returns the objective's text (its id if it has none),
// followed by the result's detail in brackets if there is one.
func ObjectiveText(sc *sim.Scenario, o sim.ObjectiveResult) string {
	s := fmt.Sprint("objective ", o.Objective)
	if o.Objective >= 0 && o.Objective < len(sc.Spec.Objectives) {
		s = sc.Spec.Objectives[o.Objective].Text
		if s == "" {
			s = sc.Spec.Objectives[o.Objective].ID
		}
	}
	if o.Detail != "" {
		s += " (" + o.Detail + ")"
	}
	return s
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

func shareOutcome(sc *sim.Scenario, d *sim.Decision, to int, o *sim.Outcome) (string, bool) {
	if o == nil {
		return "-", true
	}
	txt, good := "never held (refused, lost or still in transit)", false
	for _, dv := range o.Deliveries {
		if dv.Item == d.Item && dv.From == d.Holder && dv.To == to {
			if dv.OnTime {
				txt, good = fmt.Sprintf("held %s, on time (%s)", sim.FormatClock(dv.Held), Span(dv.Latency())), true
			} else {
				txt = fmt.Sprintf("held %s, LATE by %s", sim.FormatClock(dv.Held), Span(dv.Held-dv.NeedBy))
			}
			break
		}
	}
	for _, l := range o.Leaks {
		if l.Item == d.Item && (l.Holder == to || (l.Intercepted && l.Holder < 0)) {
			txt += "; LEAKED " + sim.FormatClock(l.Time)
			if l.Burned {
				txt += ", source burned"
			}
			good = false
			break
		}
	}
	return txt, good
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

// Figures returns the debrief's timeliness, leak, threat and violation
// figures from the outcome's metrics.
func Figures(o *sim.Outcome) []Figure {
	m := o.MetricValues(nil)
	get := func(name string) float64 {
		for i, n := range sim.MetricNames {
			if n == name && i < len(m) {
				return m[i]
			}
		}
		return 0
	}
	return []Figure{
		{"Score", Percent(get("score")), "Weighted share of the objectives met."},
		{"Deliveries", FormatFloat(get("deliveries"), 0), "Shares held by their recipients (all nations, not only yours)."},
		{"On time", Percent(get("on_time_share")), "Share of deliveries held by the recipient's need time."},
		{"Mean latency", Span(sim.Hours(get("mean_latency_h"))), "Mean time from the decision to share until the recipient held the item."},
		{"Leaks", FormatFloat(get("leaks"), 0), "Compromises of any item, interceptions in transit included."},
		{"Sources burned", FormatFloat(get("sources_burned"), 0), "Leaks that exposed the source."},
		{"Threats averted", FormatFloat(get("threats_averted"), 0), "Threat/target pairs averted."},
		{"Threats struck", FormatFloat(get("threats_materialised"), 0), "Threat/target pairs that materialised."},
		{"Violations", FormatFloat(get("legal_violations")+get("marking_violations")+get("third_party_violations"), 0), "Shares forced through a law, a marking or the third-party rule."},
		{"Denied", FormatFloat(get("denied"), 0), "Shares refused at approval, waiver or consent."},
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
