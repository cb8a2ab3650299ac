package scenario

import "fmt"

// neverConditions warns about a conditional inject or event that can never
// come, for a reason the loader does not reject (it rejects cycles):
//
//   - its condition needs something that never comes: an event with
//     probability 0, a burned source whose injects have no source
//     sensitivity (only a leak of a full item with source_sensitivity above
//     0 burns a source, Run.leak), or another conditional inject or event
//     that can never come;
//   - a held(NATION, INJECT, by TIME) whose inject cannot come by TIME;
//   - it would come only after the end: the earliest its condition can hold
//     (a threat's time, an inject's or event's earliest time, a by time, and
//     not before its own at, from which it is watched), plus the delay, is
//     after the end of the exercise.
//
// An "and" fails if any part fails; an "or" only if every part does.
func (l *linter) neverConditions() {
	sc := l.sc
	if len(sc.Triggers) == 0 {
		return
	}
	can := sc.possible()
	early := sc.earliestTimes(can)
	for _, ref := range sc.Triggers {
		t, at := sc.WhenOf(ref)
		path := fmt.Sprintf("inject[%d].when", ref.Index)
		if ref.Event {
			path = fmt.Sprintf("event[%d].when", ref.Index)
		}
		name := sc.entityName(ref)
		if why := t.Root.never(sc, can, early); why != "" {
			l.warn(path, "%s can never come: its condition %q cannot hold, because %s; check the condition", name, t.Text, why)
			continue
		}
		if e := max(t.Root.earliest(sc, early), at) + t.Delay; e > sc.end {
			l.warn(path, "%s can never come: its condition %q cannot hold before %s, and with the delay of %s it would come at %s, after the end (%s); shorten the delay or move what it waits for earlier",
				name, t.Text, FormatClock(max(t.Root.earliest(sc, early), at)), FormatSpan(t.Delay), FormatClock(e), FormatClock(sc.end))
		}
	}
}

// earliestTimes returns, per entity (Scenario.entity), the earliest time it
// can come: its at (a window's start; 0 on demand), or for a conditional
// one, the earliest its condition can hold (watched from at) plus the delay.
// Entities that can never come get +Inf-like sc.end+1.
func (sc *Scenario) earliestTimes(can []bool) []Hours {
	never := sc.end + 1
	early := make([]Hours, len(sc.Items)+len(sc.Events))
	for i := range sc.Items {
		switch it := &sc.Items[i]; {
		case !can[i]:
			early[i] = never
		case it.OnDemand:
			early[i] = 0
		default:
			early[i] = it.At
		}
	}
	for i := range sc.Events {
		e, k := &sc.Events[i], len(sc.Items)+i
		switch {
		case !can[k]:
			early[k] = never
		case e.OnDemand:
			early[k] = 0
		case e.Window[1] > e.Window[0]:
			early[k] = e.Window[0]
		default:
			early[k] = e.At
		}
	}
	// Conditions only push times later, and chains are acyclic among the
	// entities that can come, so one pass per trigger reaches the fixed point.
	for range sc.Triggers {
		for _, ref := range sc.Triggers {
			k := sc.entity(ref)
			if !can[k] {
				continue
			}
			t, at := sc.WhenOf(ref)
			early[k] = min(never, max(at, t.Root.earliest(sc, early))+t.Delay)
		}
	}
	return early
}

// earliest is a lower bound on when n can first hold.
func (n *Cond) earliest(sc *Scenario, early []Hours) Hours {
	switch n.Op {
	case CondAnd:
		var t Hours
		for i := range n.Kids {
			t = max(t, n.Kids[i].earliest(sc, early))
		}
		return t
	case CondOr:
		t := sc.end + 1
		for i := range n.Kids {
			t = min(t, n.Kids[i].earliest(sc, early))
		}
		return t
	case CondStruck, CondAverted:
		return sc.Threats[n.A].At
	case CondLeaked, CondHeld:
		return early[n.b0()]
	case CondHappened:
		return early[len(sc.Items)+n.A]
	case CondBurned:
		t := sc.end + 1
		for i := range sc.Items {
			if sc.Items[i].Source == n.A {
				t = min(t, early[i])
			}
		}
		return t
	case CondMissed:
		return n.By
	}
	return 0
}

// never returns why n can never hold, or "".
func (n *Cond) never(sc *Scenario, can []bool, early []Hours) string {
	switch n.Op {
	case CondAnd:
		for i := range n.Kids {
			if why := n.Kids[i].never(sc, can, early); why != "" {
				return why
			}
		}
		return ""
	case CondOr:
		why := ""
		for i := range n.Kids {
			w := n.Kids[i].never(sc, can, early)
			if w == "" {
				return ""
			}
			if why == "" {
				why = w
			}
		}
		return why
	case CondLeaked, CondHeld:
		it := &sc.Items[n.b0()]
		if !can[n.b0()] {
			return fmt.Sprintf("inject %q never comes", it.ID)
		}
		if n.Op == CondHeld && n.HasBy && early[n.b0()] > n.By {
			return fmt.Sprintf("inject %q cannot come before %s, after the %s of held(%s, %s, by %s)",
				it.ID, FormatClock(early[n.b0()]), FormatClock(n.By), sc.Nations[n.A].ID, it.ID, FormatClock(n.By))
		}
	case CondHappened:
		ev := &sc.Events[n.A]
		if !can[len(sc.Items)+n.A] {
			if ev.Probability <= 0 {
				return fmt.Sprintf("event %q has probability 0", ev.ID)
			}
			return fmt.Sprintf("event %q never happens", ev.ID)
		}
	case CondBurned:
		for i := range sc.Items {
			if sc.Items[i].Source == n.A && can[i] && sc.Items[i].Sensitivity > 0 {
				return ""
			}
		}
		return "no inject from the source that can come has source_sensitivity above 0, and only a leak of such an inject burns a source"
	}
	return ""
}
