package view

import (
	"fmt"
	"math"
	"strings"

	"tearline/sim"
)

// This file words the engine's forecast (sim.Preview) for the decision
// panel, its tooltips and the debrief. Every figure is the engine's; this
// file only picks which to show and says what each means.

// Points formats a change in a probability as percentage points: "+12 pts",
// "-3 pts"; under one point with a decimal ("+0.4 pts"), and "±0 pts" when
// it rounds to nothing.
func Points(d float64) string {
	v := d * 100
	switch {
	case math.IsNaN(v):
		return "-"
	case math.Abs(v) < 0.05:
		return "±0 pts"
	case math.Abs(v) < 0.95:
		return Signed(v, 1) + " pts"
	}
	return Signed(v, 0) + " pts"
}

// ThreatPairName names one (threat, target) pair of a forecast, "Ferry
// attack on VEL".
func ThreatPairName(sc *sim.Scenario, tp sim.ThreatPair) string {
	id := "?"
	if tp.Target >= 0 && tp.Target < len(sc.Nations) {
		id = sc.Nations[tp.Target].ID
	}
	return threatTitle(sc, tp.Threat) + " on " + id
}

// minMove is the smallest change in a probability the panel counts as a
// move (half a percentage point: what Points shows as ±0 or less).
const minMove = 0.005

// largestAvert returns the index in Preview.Threats of the pair whose
// P(averted) e moves most, that change, and how many other pairs move by at
// least minMove; k is -1 when there are no threats.
func largestAvert(e *sim.Effect) (k int, d float64, others int) {
	k = -1
	for i, v := range e.Avert {
		if k < 0 || math.Abs(v) > math.Abs(d) {
			k, d = i, v
		}
	}
	for i, v := range e.Avert {
		if i != k && math.Abs(v) >= minMove {
			others++
		}
	}
	return k, d, others
}

// avertPart words the largest change in P(averted), the figure first so a
// clipped line keeps it: "averting +12 pts: Ferry attack on VEL (+1
// more)". sign is +1 for the effect as given, -1 for its negation. It is ""
// when no threat is still to come.
func avertPart(sc *sim.Scenario, p *sim.Preview, e *sim.Effect, sign float64) string {
	k, d, others := largestAvert(e)
	if k < 0 || k >= len(p.Threats) {
		return ""
	}
	if math.Abs(d) < minMove {
		return "averting ±0 pts"
	}
	s := "averting " + Points(sign*d) + ": " + ThreatPairName(sc, p.Threats[k])
	if others > 0 {
		s += fmt.Sprintf(" (+%d more)", others)
	}
	return s
}

// EffectText words an effect on one line: the added leak risk, expected
// harm, trust, and last (its long threat name clipped first on a narrow
// panel) the largest change in P(averted):
// "leak risk +3 pts · harm -0.40 · trust +0.02 · averting +12 pts: Ferry
// attack on VEL". sign is +1 for the effect as given, -1 for its negation
// (what withholding costs). coverage puts the change in coverage first
// (the whole answer's summary).
func EffectText(sc *sim.Scenario, p *sim.Preview, e *sim.Effect, sign float64, coverage bool) string {
	var parts []string
	if coverage {
		parts = append(parts, "coverage "+Points(sign*e.Coverage))
	}
	parts = append(parts, "leak risk "+Points(sign*e.AddedLeak), "harm "+Signed(sign*e.Harm, 2), "trust "+Signed(sign*e.Trust, 2))
	if a := avertPart(sc, p, e, sign); a != "" {
		parts = append(parts, a)
	}
	return joinDot(parts)
}

// EffectDetail explains every figure of an effect, one short bullet each,
// for a tooltip. sign is as for EffectText; truster names whose trust
// Effect.Trust is ("Bravia's trust in you", "the partners' mean trust in
// you"). Threats whose odds do not move are summed up as "others ±0".
func EffectDetail(sc *sim.Scenario, p *sim.Preview, e *sim.Effect, sign float64, truster string) []string {
	out := []string{
		"Added leak risk " + Points(sign*e.AddedLeak) + ": change in the chance the item leaks anywhere (any holder, any link) before the end.",
	}
	if len(p.Threats) > 0 && len(e.Avert) == len(p.Threats) {
		var ts []string
		still := 0
		for k, tp := range p.Threats {
			if math.Abs(e.Avert[k]) < minMove {
				still++
				continue
			}
			ts = append(ts, ThreatPairName(sc, tp)+" "+Points(sign*e.Avert[k]))
		}
		switch {
		case len(ts) == 0:
			ts = append(ts, "no threat's odds move")
		case still > 0:
			ts = append(ts, "others ±0")
		}
		out = append(out, "Change in the chance of averting: "+strings.Join(ts, "; ")+".")
	}
	out = append(out,
		"Expected harm "+Signed(sign*e.Harm, 2)+" (impact-weighted threats that strike); coverage "+Points(sign*e.Coverage)+
			" (needs met in time).",
		"Trust change from the choice "+Signed(sign*e.Trust, 2)+": "+truster+" at the end, 0 to 1 (drift from crises and forgetting cancels).")
	return out
}

// futureNote says briefly who answers later decisions in the forecast's
// runs, for a row's tooltip (ForecastHelp says more).
func futureNote(p *sim.Preview) string {
	f := "a built-in policy"
	if p != nil && p.Future != "" {
		f = "the " + p.Future + " policy"
	}
	return "Later decisions in these runs follow " + f + ", not what you will choose (the whole-answer line's tip says more)."
}

// ForecastHelp explains the forecast's method for a tooltip: paired runs,
// fate-blind, and which policy answers later decisions in them
// (Preview.Future, described by sim.PolicyHelp).
func ForecastHelp(p *sim.Preview) string {
	n, future := 0, ""
	if p != nil {
		n, future = p.Rollouts, p.Future
	}
	s := "The engine's forecast, by Monte Carlo over the rest of the exercise"
	if n > 0 {
		s += fmt.Sprintf(" (%d simulated worlds)", n)
	}
	s += ". Each difference compares paired runs: the same world with and without the choice, " +
		"the rest of your answer as it stands, so it is what the choice adds, not what would happen anyway. " +
		"It uses only what your nation knows now. "
	if future == "" {
		return s + "Later decisions in these runs follow a built-in policy, not what you will choose."
	}
	s += "Later decisions in these runs follow " + future
	if h := sim.PolicyHelp(future); h != "" {
		s += " (" + h + ")"
	}
	return s + ", not what you will choose."
}

// deliveryText words a share's delivery figures: "in time 80% · median 4h ·
// p90 9h" (or that it never arrives in the forecast's runs).
func deliveryText(pr *sim.PreviewRow) string {
	if pr.PArrive == 0 {
		return "in time " + Percent(pr.PInTime) + " · never arrives before the end"
	}
	return fmt.Sprintf("in time %s · median %s · p90 %s", Percent(pr.PInTime), Span(pr.Median), Span(pr.P90))
}

// deliveryDetail explains the delivery figures, one short bullet each,
// and where a leak would happen (PreviewRow.PLeak, not what the share adds).
func deliveryDetail(sc *sim.Scenario, pr *sim.PreviewRow) []string {
	name := NationName(sc, pr.Recipient)
	return []string{
		"In time " + Percent(pr.PInTime) + ": chance " + name + " holds it (received, verified and analysed) by its need time.",
		"Median " + Span(pr.Median) + ", p90 " + Span(pr.P90) + ": time until they hold it, in half and nine in ten of the runs where it arrives (" +
			Percent(pr.PArrive) + " of them).",
		"Where a leak would happen: " + Percent(pr.PLeak) + " chance it leaks from " + name + " or on the way there (where, not what the share adds).",
	}
}

// choiceText words a share choice on row: "full via SECNET (waiver)".
func choiceText(row *sim.Row, c sim.ShareChoice) string {
	s := c.Action.String()
	if c.Route >= 0 && c.Route < len(row.Routes) {
		s += " via " + row.Routes[c.Route].Name
	}
	if c.Waiver {
		s += " (waiver)"
	}
	if c.Force {
		s += " (forced)"
	}
	return s
}

// previewRow returns the forecast of row i of d, or nil when p has none
// for it.
func previewRow(p *sim.Preview, d *sim.Decision, i int) *sim.PreviewRow {
	if p == nil || i < 0 || i >= len(p.Rows) || i >= len(d.Rows) || p.Rows[i].Recipient != d.Rows[i].Recipient {
		return nil
	}
	return &p.Rows[i]
}

// bullets formats lines as a tooltip's bullet list, each on its own line.
func bullets(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return "\n• " + strings.Join(lines, "\n• ")
}
