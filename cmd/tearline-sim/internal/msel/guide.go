package msel

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"tearline/internal/safetext"
	"tearline/scenario"
	"tearline/sim"
)

// This file builds the facilitator's guide from a scenario: what the
// Markdown and HTML pages show, as plain text. Every text from the scenario
// is made safe to show here (safetext.Text: controls and bidirectional
// overrides become visible escapes); each renderer then escapes it for its
// page.

// Disclaimer heads every guide: the shipped scenarios, and every scenario
// written for a training centre, are notional.
const Disclaimer = "NOTIONAL - FOR TRAINING ONLY. Every nation, agreement, law, person, event and number in this exercise is invented; none of it describes a real arrangement, system or capability."

// guide is the content of the facilitator's guide.
type guide struct {
	Title, ID, File, Hash string
	Duration, End         string
	Players               string
	Summary               string
	Disclaimer            string

	Timeline      []entry // scheduled and conditional injects and events, by time
	Contingencies []entry // on demand: fired by the facilitator
	Evaluation    []evalEntry
	Threats       []threatEntry
	Objectives    []objectiveEntry
	TotalWeight   string
}

// entry is one line of the timeline or of the contingencies.
type entry struct {
	Time      string // "D+1 06:00", "from D+1 06:00" (conditional), "D+0 12:00 to D+2 12:00" (window)
	Kind      string // "inject" or the event's kind
	ID, Title string
	Detail    string // origin, category, level and markings; or what the event concerns
	When      string // the condition, verbatim; "" for none
	Fire      string // on demand: the --fire argument, ID@TIME

	at   sim.Hours
	seq  int
	item int // index in Scenario.Items; -1 for an event
}

// evalEntry is one inject of the evaluation guide.
type evalEntry struct {
	Time, ID, Title, Origin string
	Actions                 []evalAction // in nation order; empty: none given
}

// evalAction is the expected action for one recipient.
type evalAction struct {
	Nation, Action string
}

// threatEntry is one threat.
type threatEntry struct {
	Time, ID, Title, Targets, LeadTime, WarnBy, Impact, Injects string

	at sim.Hours
}

// objectiveEntry is one objective and its part of the score.
type objectiveEntry struct {
	ID, Text, Kind, Target, Weight, Share string
}

// buildGuide collects the guide of sc.
func buildGuide(sc *sim.Scenario) *guide {
	s := safetext.Text
	h := &sc.Spec.Scenario
	g := &guide{
		Title: s(h.Title), ID: s(h.ID), File: s(sc.Name), Hash: sc.Hash,
		Duration: scenario.FormatSpan(sc.End()), End: scenario.FormatClock(sc.End()),
		Summary: s(strings.TrimSpace(h.Summary)), Disclaimer: Disclaimer,
	}
	if len(g.Hash) > 12 { // 12 hex digits (48 bits) identify a file among any a facilitator holds
		g.Hash = g.Hash[:12]
	}
	var players []string
	for _, p := range sc.Players {
		players = append(players, nationName(sc, p))
	}
	g.Players = strings.Join(players, ", ")

	seq := 0
	for k := range sc.Items {
		it, in := &sc.Items[k], &sc.Spec.Injects[k]
		e := entry{Kind: "inject", ID: s(it.ID), Title: s(it.Title), Detail: injectDetail(sc, it, in), When: s(in.When), at: it.At, seq: seq, item: k}
		seq++
		switch {
		case it.OnDemand:
			e.Time = plannedTime(it.At)
			e.Fire = s(it.ID) + "@TIME"
			g.Contingencies = append(g.Contingencies, e)
			continue
		case in.When != "":
			e.Time = "from " + scenario.FormatClock(it.At)
		default:
			e.Time = scenario.FormatClock(it.At)
		}
		g.Timeline = append(g.Timeline, e)
	}
	for k := range sc.Events {
		ev, es := &sc.Events[k], &sc.Spec.Events[k]
		e := entry{Kind: ev.Kind.String(), ID: s(ev.ID), Title: s(ev.Title), Detail: eventDetail(sc, ev), When: s(es.When), at: ev.At, seq: seq, item: -1}
		seq++
		switch {
		case ev.OnDemand:
			e.Time = plannedTime(ev.At)
			if len(es.Window) > 0 {
				e.Time = "—"
			}
			e.Fire = s(ev.ID) + "@TIME"
			g.Contingencies = append(g.Contingencies, e)
			continue
		case es.When != "":
			e.Time = "from " + scenario.FormatClock(ev.At)
		case ev.Window[1] > ev.Window[0]:
			e.at = ev.Window[0]
			e.Time = scenario.FormatClock(ev.Window[0]) + " to " + scenario.FormatClock(ev.Window[1])
		default:
			e.Time = scenario.FormatClock(ev.At)
		}
		g.Timeline = append(g.Timeline, e)
	}
	byTime := func(es []entry) {
		sort.SliceStable(es, func(i, j int) bool {
			if es[i].at != es[j].at {
				return es[i].at < es[j].at
			}
			return es[i].seq < es[j].seq
		})
	}
	byTime(g.Timeline)
	byTime(g.Contingencies)

	// The evaluation guide follows the timeline, contingencies last.
	for _, list := range [][]entry{g.Timeline, g.Contingencies} {
		for _, e := range list {
			if e.item < 0 {
				continue
			}
			it := &sc.Items[e.item]
			ev := evalEntry{Time: e.Time, ID: e.ID, Title: e.Title, Origin: nationName(sc, it.Origin)}
			if it.OnDemand {
				ev.Time = "on demand"
			}
			for n, a := range it.Expected {
				if a >= 0 {
					ev.Actions = append(ev.Actions, evalAction{Nation: nationName(sc, n), Action: a.String()})
				}
			}
			g.Evaluation = append(g.Evaluation, ev)
		}
	}

	for t := range sc.Threats {
		th := &sc.Threats[t]
		var targets, injects []string
		for _, n := range th.Targets {
			targets = append(targets, nationName(sc, n))
		}
		for k := range sc.Items {
			if sc.Items[k].Threat == t {
				injects = append(injects, s(sc.Items[k].ID))
			}
		}
		g.Threats = append(g.Threats, threatEntry{
			Time: scenario.FormatClock(th.At), ID: s(th.ID), Title: s(th.Title), Targets: strings.Join(targets, ", "),
			LeadTime: scenario.FormatSpan(th.LeadTime), WarnBy: scenario.FormatClock(max(0, th.At-th.LeadTime)),
			Impact: formatNumber(th.Impact), Injects: strings.Join(injects, ", "), at: th.At,
		})
	}
	sort.SliceStable(g.Threats, func(i, j int) bool { return g.Threats[i].at < g.Threats[j].at })

	total := 0.0
	for _, o := range sc.Spec.Objectives {
		total += o.Weight
	}
	g.TotalWeight = formatNumber(total)
	for _, o := range sc.Spec.Objectives {
		share := "—"
		if total > 0 {
			share = fmt.Sprintf("%.0f%%", 100*o.Weight/total)
		}
		g.Objectives = append(g.Objectives, objectiveEntry{
			ID: s(o.ID), Text: s(o.Text), Kind: s(o.Kind), Target: objectiveTarget(sc, &o),
			Weight: formatNumber(o.Weight), Share: share,
		})
	}
	return g
}

// plannedTime shows the time an author gave an on-demand inject or event
// (a suggestion: it comes when fired), or "—" for none (the start).
func plannedTime(at sim.Hours) string {
	if at <= 0 {
		return "—"
	}
	return scenario.FormatClock(at)
}

// nationName returns "Name (ID)", or the id alone when the nation has no
// other name.
func nationName(sc *sim.Scenario, n int) string {
	if n < 0 || n >= len(sc.Nations) {
		return "?"
	}
	id, name := safetext.Text(sc.Nations[n].ID), safetext.Text(sc.Nations[n].Name)
	if name == "" || name == id {
		return id
	}
	return name + " (" + id + ")"
}

// nationIDs returns the ids of the nations ns, comma-separated.
func nationIDs(sc *sim.Scenario, ns []int) string {
	ids := make([]string, len(ns))
	for i, n := range ns {
		if n >= 0 && n < len(sc.Nations) {
			ids[i] = safetext.Text(sc.Nations[n].ID)
		}
	}
	return strings.Join(ids, ", ")
}

// injectDetail says who collects an inject and how it is marked:
// "ARD · SIGINT · SECRET (common SECRET) · REL TO ARD, VEL · threat ferry-attack".
func injectDetail(sc *sim.Scenario, it *sim.Item, in *scenario.InjectSpec) string {
	parts := []string{nationIDs(sc, []int{it.Origin}), it.Category.String()}
	level := it.Level.String()
	if in.Level != "" && !strings.EqualFold(in.Level, level) {
		level = safetext.Text(in.Level) + " (common " + level + ")"
	}
	parts = append(parts, level)
	switch {
	case it.NoForn:
		parts = append(parts, "NOFORN")
	case it.RelTo != nil && len(it.RelTo) == 0:
		parts = append(parts, "REL TO none")
	case it.RelTo != nil:
		parts = append(parts, "REL TO "+nationIDs(sc, it.RelTo))
	}
	if it.ORCON {
		parts = append(parts, "ORCON")
	}
	if it.Threat >= 0 {
		parts = append(parts, "threat "+safetext.Text(sc.Threats[it.Threat].ID))
	}
	parts = append(parts, "need by "+scenario.FormatClock(it.NeedBy))
	return strings.Join(parts, " · ")
}

// eventDetail says what an event concerns: "VEL, KOR · trust -6",
// "agreement ard-vel · 12h", "p = 0.4".
func eventDetail(sc *sim.Scenario, ev *sim.Event) string {
	var parts []string
	if len(ev.Nations) > 0 {
		parts = append(parts, nationIDs(sc, ev.Nations))
	}
	if ev.Agreement >= 0 && ev.Agreement < len(sc.Agreements) {
		parts = append(parts, "agreement "+safetext.Text(sc.Agreements[ev.Agreement].ID))
	}
	if ev.System >= 0 && ev.System < len(sc.Systems) {
		parts = append(parts, "system "+safetext.Text(sc.Systems[ev.System].ID))
	}
	if ev.TrustChange != 0 {
		parts = append(parts, "trust "+formatNumber(ev.TrustChange))
	}
	if len(ev.Enact) > 0 {
		parts = append(parts, "enacts "+lawIDs(sc, ev.Enact))
	}
	if len(ev.Repeal) > 0 {
		parts = append(parts, "repeals "+lawIDs(sc, ev.Repeal))
	}
	if ev.Duration > 0 {
		parts = append(parts, "for "+scenario.FormatSpan(ev.Duration))
	}
	if ev.Probability < 1 {
		parts = append(parts, "p = "+formatNumber(ev.Probability))
	}
	return strings.Join(parts, " · ")
}

func lawIDs(sc *sim.Scenario, ls []int) string {
	ids := make([]string, 0, len(ls))
	for _, l := range ls {
		if l >= 0 && l < len(sc.Laws) {
			ids = append(ids, safetext.Text(sc.Laws[l].ID))
		}
	}
	return strings.Join(ids, ", ")
}

// objectiveTarget says when an objective is met, in a few words.
func objectiveTarget(sc *sim.Scenario, o *scenario.ObjectiveSpec) string {
	s := safetext.Text
	// A share as a percentage to two decimals: 0.55 is "55%", not the
	// "55.00000000000001%" that 100 × 0.55 is in floating point.
	pct := func(x float64) string { return formatNumber(math.Round(100*100*x)/100) + "%" }
	switch o.Kind {
	case "avert":
		return "threat " + s(o.Threat) + " averted for every target"
	case "on_time":
		return "at least " + pct(o.Min) + " of the players' deliveries in time"
	case "coverage":
		return "coverage at least " + pct(o.Min)
	case "max_leaks":
		scope := "player-attributable"
		if o.Scope == scenario.LeakScopeAll {
			scope = "any"
		}
		return "at most " + formatNumber(o.Max) + " " + scope + " leak(s)"
	case "min_trust":
		return s(o.From) + "'s trust in " + s(o.To) + " ends at " + formatNumber(o.Min) + " or more"
	case "no_violations":
		return "no legal, marking or third-party violation"
	}
	return ""
}
