package scenario

import (
	"fmt"
	"slices"
	"strings"
)

// This file holds the lint warnings: checks on a scenario that loaded, for
// things that are valid and play but are almost certainly not what the
// author meant. docs/scenario-format.md ("Lint warnings") lists each check;
// keep the two in step.

// Lint checks a loaded scenario for mistakes the loader accepts: an agreement
// member that cannot reach the agreement's standard channel, agreement
// partners with no network between them, an inject needed before it can
// arrive, a player forbidden by its own laws from sharing with anyone, a
// threat target that warns itself in full, a dormant law no event enacts,
// a threat no player share can change, and a conditional inject or event
// that can never come.
// Every result has Warning set, File set to sc.Name and, where the scenario
// came from Parse or Load, the line of its key. They are sorted by line.
func Lint(sc *Scenario) Problems {
	l := linter{sc: sc}
	l.channels()
	l.partnersOffNetwork()
	l.lateInjects()
	l.gaggedPlayers()
	l.selfWarned()
	l.unenactedLaws()
	l.unshareableThreats()
	l.neverConditions()
	l.out.Sort()
	return l.out
}

type linter struct {
	sc  *Scenario
	out Problems
}

func (l *linter) warn(path, format string, args ...any) {
	l.out = append(l.out, Problem{File: l.sc.Name, Line: l.sc.keys.Line(path), Key: path, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// channels warns about an agreement member that cannot use the agreement's
// standard channel at all: it neither runs that system nor has a gateway
// from one of its systems into it. A route is the standard channel when it
// arrives on that system (Run.route); Run.routes reaches a recipient only on
// systems it runs, and leaves a sender only from its own systems, directly
// or through one gateway. So no share to or from such a member goes over the
// standard channel, and the agreed format never spares those shares a
// translation (Run.translationFor). A member with a gateway into the channel
// (sending over it, receiving beside it) is a deliberate set-up and is not
// flagged.
func (l *linter) channels() {
	sc := l.sc
	for a := range sc.Agreements {
		ag := &sc.Agreements[a]
		if ag.Channel < 0 {
			continue
		}
		ch := sc.Systems[ag.Channel].ID
		for _, m := range ag.Members {
			if reaches(sc, m, ag.Channel) {
				continue
			}
			id := sc.Nations[m].ID
			format := ""
			if ag.Format >= 0 {
				format = fmt.Sprintf(", and the agreed format %s never spares them a translation", formatName(sc, ag.Format))
			}
			l.warn(fmt.Sprintf("agreement[%d].channel", a),
				"agreement %q: member %s neither runs the standard channel %s nor has a gateway into it, so no share to or from %s under the agreement can go over it%s; add %q to nation %s's systems or a [[gateway]] between it and one of %s's systems, or name a channel every member reaches",
				ag.ID, id, ch, id, format, ch, id, id)
		}
	}
}

// reaches reports whether nation n runs system s or has a gateway between
// one of its systems and s.
func reaches(sc *Scenario, n, s int) bool {
	own := sc.Nations[n].Systems
	if slices.Contains(own, s) {
		return true
	}
	for g := range sc.Gateways {
		gw := &sc.Gateways[g]
		if gw.A == s && slices.Contains(own, gw.B) || gw.B == s && slices.Contains(own, gw.A) {
			return true
		}
	}
	return false
}

// formatName returns the name of data format f.
func formatName(sc *Scenario, f int) string {
	for i := range sc.Systems {
		if sc.Systems[i].Format == f {
			return sc.Systems[i].FormatName
		}
	}
	return fmt.Sprintf("format %d", f)
}

// networked reports whether nations a and b have a route other than the
// liaison officer: a system both run (a Direct route) or a gateway between a
// system of one and a system of the other (a Bridged route), as Run.routes
// builds them. Either way the routes exist in both directions.
func networked(sc *Scenario, a, b int) bool {
	as, bs := sc.Nations[a].Systems, sc.Nations[b].Systems
	for _, s := range as {
		if slices.Contains(bs, s) {
			return true
		}
	}
	for g := range sc.Gateways {
		gw := &sc.Gateways[g]
		if slices.Contains(as, gw.A) && slices.Contains(bs, gw.B) || slices.Contains(as, gw.B) && slices.Contains(bs, gw.A) {
			return true
		}
	}
	return false
}

// partnersOffNetwork warns about two members of an agreement with no route
// but the liaison officer between them. The liaison route always exists, is
// never down and carries any level, so no pair is ever cut off entirely; but
// every share between these two goes by hand.
func (l *linter) partnersOffNetwork() {
	sc := l.sc
	liaison := FormatSpan(Hours(sc.Spec.Model.Liaison.Median))
	for a := range sc.Agreements {
		ag := &sc.Agreements[a]
		for i, x := range ag.Members {
			for _, y := range ag.Members[i+1:] {
				if networked(sc, x, y) {
					continue
				}
				xid, yid := sc.Nations[x].ID, sc.Nations[y].ID
				l.warn(fmt.Sprintf("agreement[%d].members", a),
					"agreement %q: members %s and %s share no system and no gateway joins their systems, so every share between them goes by liaison officer (median %s); give both a common system, or add a [[gateway]] between a system of %s and one of %s",
					ag.ID, xid, yid, liaison, xid, yid)
			}
		}
	}
}

// lateInjects warns about an inject that cannot arrive before it is needed.
// It arrives at its at, or for an on-demand inject whenever a facilitator
// fires it: at the earliest, the start. A delivery is on time when it is held
// by need_by, so one written before the inject arrives makes every delivery
// late. With need_by not written, an inject about a threat is needed by the
// threat's time minus its lead time; arriving at or after the threat itself
// it also adds no warning (timeliness falls to 0 at the threat's time), so it
// can do nothing at all. Arriving between the two it is late but still warns
// in part, which may be meant, and is not flagged.
func (l *linter) lateInjects() {
	sc := l.sc
	for i := range sc.Items {
		it := &sc.Items[i]
		written := i < len(sc.Spec.Injects) && sc.Spec.Injects[i].NeedBy >= 0
		switch {
		case written && !it.OnDemand && it.NeedBy < it.At:
			// (An on-demand inject could be fired at the start, and no time
			// is before that.)
			l.warn(fmt.Sprintf("inject[%d].need_by", i),
				"inject %q: need_by %s is before the inject arrives (%s), so every delivery of it is late; set need_by to %s or later, or move at earlier",
				it.ID, FormatClock(it.NeedBy), FormatClock(it.At), FormatClock(it.At))
		case written || it.Threat < 0:
			// A written need_by says when it is needed; with no threat
			// either, it is needed by the end, after every at.
		case !it.OnDemand && it.At >= sc.Threats[it.Threat].At:
			th := &sc.Threats[it.Threat]
			l.warn(fmt.Sprintf("inject[%d].at", i),
				"inject %q: arrives at %s, when threat %q (%s) has already struck, so it warns no one and every delivery of it is late; move at before %s (to %s or earlier to count as on time), or link it to a later threat",
				it.ID, FormatClock(it.At), th.ID, FormatClock(th.At), FormatClock(th.At), FormatClock(it.NeedBy))
		case it.OnDemand && sc.Threats[it.Threat].At <= 0:
			th := &sc.Threats[it.Threat]
			l.warn(fmt.Sprintf("inject[%d].threat", i),
				"inject %q: threat %q strikes at the start (%s), before this on-demand inject can be fired, so it warns no one and every delivery of it is late; link it to a later threat or move the threat's at",
				it.ID, th.ID, FormatClock(th.At))
		}
	}
}

// gaggedPlayers warns about a player nation whose own laws forbid every share
// to every other nation for the whole exercise: each of its shares is then a
// violation. Only laws that certainly apply count (see forbidsAll).
func (l *linter) gaggedPlayers() {
	sc := l.sc
	repealed := make([]bool, len(sc.Laws))
	for e := range sc.Events {
		if sc.Events[e].Kind == LeadershipChange { // the only kind that repeals (Run.applyEvent)
			for _, x := range sc.Events[e].Repeal {
				repealed[x] = true
			}
		}
	}
	for k, p := range sc.Players {
		var laws []string
		gagged := true
		for q := range sc.Nations {
			if q == p {
				continue
			}
			li := forbidsAll(sc, p, q, repealed)
			if li < 0 {
				gagged = false
				break
			}
			if id := fmt.Sprintf("%q", sc.Laws[li].ID); !containsString(laws, id) {
				laws = append(laws, id)
			}
		}
		if gagged {
			id := sc.Nations[p].ID
			l.warn(fmt.Sprintf("scenario.players[%d]", k),
				"player %s may share nothing with anyone: its forbid law(s) %s apply to every item and every other nation for the whole exercise, so each share it makes is a violation; narrow a law's when conditions, make it dormant, or repeal it in a leadership_change event",
				id, strings.Join(laws, ", "))
		}
	}
}

// forbidsAll returns the index of a law of nation from that forbids every
// share to nation to at every moment of the exercise, or -1. Such a law is in
// force from the start (not dormant) and never repealed, and its conditions
// hold for every item, form and moment (Run.lawApplies): no category, level,
// personal-data, trust or in_agreement condition (a suspension can change
// who is in force), the recipient on recipient_in (if given) and not on
// recipient_not_in, and for not_in_agreement the two not both members.
func forbidsAll(sc *Scenario, from, to int, repealed []bool) int {
	for li := range sc.Laws {
		lw := &sc.Laws[li]
		switch {
		case lw.Nation != from, lw.Effect != Forbid, lw.Dormant, repealed[li],
			lw.Categories != 0, lw.MinLevel > Unclassified, lw.Personal, lw.TrustBelow > 0, lw.InAgr >= 0,
			lw.In != nil && !slices.Contains(lw.In, to), lw.NotIn != nil && slices.Contains(lw.NotIn, to):
			continue
		case lw.NotInAgr >= 0 && sc.Agreements[lw.NotInAgr].Member(from) && sc.Agreements[lw.NotInAgr].Member(to):
			continue
		}
		return li
	}
	return -1
}

func containsString(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// selfWarned warns about a threat decided by its targets' own injects:
// every target originates, in time, an inject about the threat with full
// value. A nation collects its inject in full at the inject's at
// (Run.inject), so each target's warning (Run.warning) is 1 whatever anyone
// shares, and the threat is averted against each with avert_max every run:
// no share can matter. Only a scheduled inject (not on demand) of value 1,
// collected by the threat's time minus its lead time, with no source or a
// source no other inject shares (so no leak can burn it first), counts. A
// threat with one target that does not warn itself so is left alone: sharing
// with that target matters.
func (l *linter) selfWarned() {
	sc := l.sc
	srcUse := make([]int, len(sc.Sources))
	for i := range sc.Items {
		if s := sc.Items[i].Source; s >= 0 {
			srcUse[s]++
		}
	}
	for t := range sc.Threats {
		th := &sc.Threats[t]
		need := th.At - th.LeadTime
		first, who := -1, []string{}
		for _, target := range th.Targets {
			found := -1
			for i := range sc.Items {
				it := &sc.Items[i]
				if it.Threat == t && it.Origin == target && !it.OnDemand && it.When == nil && it.Value >= 1 && it.At <= need &&
					(it.Source < 0 || srcUse[it.Source] == 1) {
					found = i
					break
				}
			}
			if found < 0 {
				first = -1
				break
			}
			if first < 0 || found < first {
				first = found
			}
			who = append(who, fmt.Sprintf("%s (inject %q)", sc.Nations[target].ID, sc.Items[found].ID))
		}
		if first < 0 || len(who) == 0 {
			continue
		}
		l.warn(fmt.Sprintf("inject[%d].origin", first),
			"threat %q is decided by its targets' own injects: %s originates a full-value warning of it by its need time (%s), so every target's warning is always 100%% and no share can change whether it is averted; make a nation that is not a target the origin, lower value below 1, or move at after %s",
			th.ID, strings.Join(who, ", "), FormatClock(need), FormatClock(need))
	}
}

// unenactedLaws warns about a dormant law that no event enacts: it is never
// in force. Only a leadership_change event enacts (Run.applyEvent); one that
// may not happen (probability below 1, on demand) still counts as enacting.
func (l *linter) unenactedLaws() {
	sc := l.sc
	enacted := make([]bool, len(sc.Laws))
	for e := range sc.Events {
		if sc.Events[e].Kind == LeadershipChange {
			for _, x := range sc.Events[e].Enact {
				enacted[x] = true
			}
		}
	}
	for i := range sc.Laws {
		if !sc.Laws[i].Dormant || enacted[i] {
			continue
		}
		l.warn(fmt.Sprintf("law[%d].dormant", i),
			"law %q is dormant and no leadership_change event enacts it, so it is never in force; add enact = [%q] to a leadership_change [[event]], or remove dormant = true to have it in force from the start",
			sc.Laws[i].ID, sc.Laws[i].ID)
	}
}

// unshareableThreats warns about a threat that no player share can change:
// no inject about it is originated by a player nation, and none arrives
// before the threat strikes (a scheduled one at or after its at; an
// on-demand one only if the threat is at the start), so no player ever holds
// an item about it in time to pass on and its outcome is settled by
// avert_base and the nations' own injects. It is conservative: any item
// about the threat a player could hold before the threat's time, by any
// route, keeps the threat unflagged.
func (l *linter) unshareableThreats() {
	sc := l.sc
	for t := range sc.Threats {
		th := &sc.Threats[t]
		n, reach := 0, false
		for i := range sc.Items {
			it := &sc.Items[i]
			if it.Threat != t {
				continue
			}
			n++
			if sc.Nations[it.Origin].Player || it.OnDemand && th.At > 0 || !it.OnDemand && it.At < th.At {
				reach = true
				break
			}
		}
		if reach {
			continue
		}
		why := "no inject is about it"
		if n > 0 {
			why = fmt.Sprintf("its %d inject(s) come from nations no trainee plays and arrive only once it has struck", n)
		}
		l.warn(fmt.Sprintf("threat[%d]", t),
			"threat %q (%s): %s, so no player share can change whether it is averted (avert_base %v decides); add an inject about it (threat = %q) that arrives before %s",
			th.ID, FormatClock(th.At), why, th.AvertBase, th.ID, FormatClock(th.At))
	}
}
