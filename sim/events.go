package sim

import (
	"fmt"
	"math"
	"strings"

	"tearline/scenario"
)

// applyEvent carries out scenario event i now.
func (r *Run) applyEvent(i int) {
	sc := r.sc
	e := &sc.Events[i]
	r.evFired[i] = true
	switch e.Kind {
	case LeadershipChange:
		for _, l := range e.Enact {
			r.lawActive[l] = true
		}
		for _, l := range e.Repeal {
			r.lawActive[l] = false
		}
		var tr trustShift
		for _, a := range e.Nations {
			for b := 0; b < r.n; b++ {
				if a != b {
					tr.before(r, a, b)
				}
				r.evidence(a, b, e.TrustChange)
			}
		}
		if !r.quiet {
			parts := r.lawParts(e)
			if t := tr.text(r); t != "" {
				parts = append(parts, "trust "+t)
			}
			r.logf(LogEvent, -1, -1, -1, "%s%s", e.Title, sentence(parts))
		}
	case Crisis:
		// Trust between every ordered pair moves; an unstable truster moves
		// more: scale (1.5 − stability), in [0.5, 1.5].
		var tr trustShift
		for _, a := range e.Nations {
			for _, b := range e.Nations {
				if a != b {
					tr.before(r, a, b)
					r.evidence(a, b, e.TrustChange*(1.5-sc.Nations[a].Stability))
				}
			}
		}
		if !r.quiet {
			what := "trust between " + r.nationIDs(e.Nations) + " shifts"
			if t := tr.text(r); t != "" {
				what += ": " + t
			}
			r.logf(LogEvent, -1, -1, -1, "%s: %s.", e.Title, what)
		}
	case Suspension:
		r.agrSuspend[e.Agreement]++
		if !r.quiet {
			r.logf(LogEvent, -1, -1, -1, "%s: %s is suspended%s; sharing under it loses its routine status.", e.Title, sc.Agreements[e.Agreement].Name, r.forText(e))
		}
	case Reinstatement:
		if r.agrSuspend[e.Agreement] > 0 {
			r.agrSuspend[e.Agreement] = 0
			if !r.quiet {
				r.logf(LogEvent, -1, -1, -1, "%s: %s is back in force.", e.Title, sc.Agreements[e.Agreement].Name)
			}
		}
	case Outage:
		r.sysDown[e.System]++
		if !r.quiet {
			r.logf(LogEvent, -1, -1, -1, "%s: %s is down%s.", e.Title, sc.Systems[e.System].Name, r.forText(e))
		}
	case Audit:
		r.audit(e.Agreement)
	case Review:
		r.review(e.Agreement, false)
	case Standardisation:
		for _, a := range e.Formats {
			for _, b := range e.Formats {
				r.compat[a*r.nformats+b] = true
			}
		}
		if !r.quiet {
			r.logf(LogEvent, -1, -1, -1, "%s: formats are now compatible without translation.", e.Title)
		}
	}
	if (e.Kind == Suspension || e.Kind == Outage) && e.Duration > 0 {
		r.schedule(r.now+e.Duration, evEventEnd, i, 0, 0)
	}
}

// trustShift notes expected trust before an event moves it, to say in the
// log what the event changed. It is used only when the run keeps a log.
type trustShift struct {
	pairs []shiftPair
}

type shiftPair struct {
	from, to int
	was      float64
}

// maxShiftPairs is how many pairs an event's log line lists; the rest are
// counted. Six pairs (both directions between four nations' worth of
// player pairs) keep the line readable in the desktop log.
const maxShiftPairs = 6

// before records pair (a, b)'s trust before the change, if the run logs.
func (t *trustShift) before(r *Run, a, b int) {
	if !r.quiet {
		t.pairs = append(t.pairs, shiftPair{a, b, r.Trust(a, b)})
	}
}

// text lists the pairs that moved, those with a player nation first, as
// "VEL→KOR 0.62→0.48, …" ("" if none moved by 0.005 or more).
func (t *trustShift) text(r *Run) string {
	var mine, others []string
	for _, p := range t.pairs {
		now := r.Trust(p.from, p.to)
		if math.Abs(now-p.was) < 0.005 { // below the two decimals shown
			continue
		}
		s := fmt.Sprintf("%s→%s %.2f→%.2f", r.sc.Nations[p.from].ID, r.sc.Nations[p.to].ID, p.was, now)
		if r.sc.Nations[p.from].Player || r.sc.Nations[p.to].Player {
			mine = append(mine, s)
		} else {
			others = append(others, s)
		}
	}
	all := append(mine, others...)
	out := strings.Join(all[:min(len(all), maxShiftPairs)], ", ")
	if n := len(all) - maxShiftPairs; n > 0 {
		out += fmt.Sprintf(" and %d more pair(s)", n)
	}
	return out
}

// sentence ends a log line: ": a; b." after a title, or "." with no parts.
func sentence(parts []string) string {
	if len(parts) == 0 {
		return "."
	}
	return ": " + strings.Join(parts, "; ") + "."
}

func (r *Run) forText(e *Event) string {
	if e.Duration > 0 {
		return " for " + scenario.FormatSpan(e.Duration)
	}
	return ""
}

// lawParts says which laws an event enacts and repeals.
func (r *Run) lawParts(e *Event) []string {
	var parts []string
	for _, l := range e.Enact {
		parts = append(parts, r.sc.Laws[l].Title+" comes into force")
	}
	for _, l := range e.Repeal {
		parts = append(parts, r.sc.Laws[l].Title+" lapses")
	}
	return parts
}

// endEvent ends a suspension or outage.
func (r *Run) endEvent(i int) {
	e := &r.sc.Events[i]
	switch e.Kind {
	case Suspension:
		if r.agrSuspend[e.Agreement] == 0 {
			return // reinstated early
		}
		r.agrSuspend[e.Agreement]--
		if r.agrSuspend[e.Agreement] == 0 {
			if !r.quiet {
				r.logf(LogEvent, -1, -1, -1, "%s is back in force.", r.sc.Agreements[e.Agreement].Name)
			}
		}
	case Outage:
		r.sysDown[e.System]--
		if r.sysDown[e.System] == 0 {
			if !r.quiet {
				r.logf(LogEvent, -1, -1, -1, "%s is back up.", r.sc.Systems[e.System].Name)
			}
		}
	}
}

// audit checks an agreement's members for violations since the last audit:
// every other member loses legal_penalty trust in a violator per violation;
// with none, every member pair gains review_gain.
func (r *Run) audit(a int) {
	ag := &r.sc.Agreements[a]
	clean := true
	for _, v := range ag.Members {
		nv := r.violations[v] - r.audited[v]
		if nv <= 0 {
			continue
		}
		clean = false
		r.audited[v] = r.violations[v]
		for _, m := range ag.Members {
			r.evidence(m, v, -r.sc.Spec.Model.LegalPenalty*float64(nv))
		}
		if !r.quiet {
			r.logf(LogTrust, -1, -1, v, "Audit of %s finds %d violation(s) by %s; partners trust it less.", ag.Name, nv, r.nid(v))
		}
	}
	if clean {
		r.gainAll(ag)
		if !r.quiet {
			r.logf(LogEvent, -1, -1, -1, "Audit of %s finds no violations; members trust each other more.", ag.Name)
		}
	}
}

// review is an agreement's review: held (in force) it raises trust between
// members; suspended, it is postponed. A review also runs the audit check.
func (r *Run) review(a int, periodic bool) {
	ag := &r.sc.Agreements[a]
	if r.agrSuspend[a] > 0 {
		if !r.quiet {
			r.logf(LogEvent, -1, -1, -1, "Review of %s postponed: the agreement is suspended.", ag.Name)
		}
		return
	}
	for _, v := range ag.Members {
		if r.violations[v] > r.audited[v] {
			r.audit(a)
			return
		}
	}
	r.gainAll(ag)
	if !periodic || !r.quiet {
		if !r.quiet {
			r.logf(LogEvent, -1, -1, -1, "Review of %s held: members reaffirm it.", ag.Name)
		}
	}
}

func (r *Run) gainAll(ag *Agreement) {
	g := r.sc.Spec.Model.ReviewGain
	for _, x := range ag.Members {
		for _, y := range ag.Members {
			r.evidence(x, y, g)
		}
	}
}

// Fire fires an on-demand inject or event (by id) now. It is how a
// facilitator adds pressure during play. Like every facilitator action
// (facilitator.go) it takes effect at this instant after everything else the
// run holds for it — the decisions pending and what their answers start at
// once — when the run next advances (AdvanceTo(r.Now()) applies it without
// moving the clock), so a decision log that records it at this instant
// replays it at the same point. A run that keeps a journal (Record) logs it.
func (r *Run) Fire(id string) error {
	if r.done {
		return fmt.Errorf("the exercise has ended")
	}
	for i := range r.sc.Items {
		if r.sc.Items[i].ID == id {
			if !r.sc.Items[i].OnDemand {
				return fmt.Errorf("inject %q is scheduled, not on demand", id)
			}
			r.scheduleLate(evInject, i, 0, 0)
			r.journalFire(id)
			return nil
		}
	}
	for i := range r.sc.Events {
		if r.sc.Events[i].ID == id {
			if !r.sc.Events[i].OnDemand {
				return fmt.Errorf("event %q is scheduled, not on demand", id)
			}
			r.scheduleLate(evEvent, i, 0, 0)
			r.journalFire(id)
			return nil
		}
	}
	return fmt.Errorf("no inject or event has id %q", id)
}
