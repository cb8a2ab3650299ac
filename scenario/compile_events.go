package scenario

import (
	"fmt"
	"strings"
)

// This file compiles [[event]].

// compileEvents compiles [[event]] (see event), then every when condition.
func (c *compiler) compileEvents() {
	f, sc := c.f, c.sc
	if len(f.Events) > MaxEvents {
		c.fail("event", "a scenario may have at most %d events; it has %d", MaxEvents, len(f.Events))
	}
	c.index("event", "event", len(f.Events), func(i int) string { return f.Events[i].ID })
	for i := range f.Events {
		sc.Events = append(sc.Events, c.event(i))
	}
	c.conditions()
}

func (c *compiler) event(i int) Event {
	f := c.f
	e := &f.Events[i]
	p := fmt.Sprintf("event[%d]", i)
	ctx := fmt.Sprintf("event %q", e.ID)
	ev := Event{ID: e.ID, Title: orID(e.Title, e.ID), At: c.clock(p+".at", e.At, ctx), Probability: float64(e.Probability), OnDemand: e.OnDemand,
		Nations: c.nationList(p+".nations", e.Nations, ctx), Agreement: c.agreement(p+".agreement", e.Agreement, ctx), System: -1,
		Duration: Hours(e.Duration), TrustChange: e.TrustChange}
	kind := -1
	for k, n := range eventKindNames {
		if e.Kind == n {
			kind = k
		}
	}
	switch {
	case kind < 0 && e.Kind == "":
		c.fail(p+".kind", "%s: kind is missing; say what happens, e.g. kind = \"crisis\" (one of %s)", ctx, strings.Join(eventKindNames[:], ", "))
	case kind < 0:
		c.fail(p+".kind", "%s: kind %q is not one of %s", ctx, e.Kind, strings.Join(eventKindNames[:], ", "))
	}
	ev.Kind = EventKind(kind)
	if e.System != "" {
		ev.System = c.system(p+".system", e.System, ctx)
	}
	c.within(p+".trust_change", e.TrustChange, -100, 100, ctx, "trust_change")
	if len(e.Window) > 0 {
		if len(e.Window) != 2 {
			c.fail(p+".window", "%s: window must be [from, to], e.g. window = [\"D+0 12:00\", \"D+1 12:00\"]", ctx)
		} else {
			ev.Window = [2]Hours{c.clock(p+".window[0]", e.Window[0], ctx), c.clock(p+".window[1]", e.Window[1], ctx)}
			if ev.Window[1] <= ev.Window[0] {
				c.fail(p+".window", "%s: the window ends (%s) before it starts (%s)", ctx, FormatClock(ev.Window[1]), FormatClock(ev.Window[0]))
			}
		}
	}
	for j, lid := range e.Enact {
		if l, ok := c.laws[lid]; ok {
			ev.Enact = append(ev.Enact, l)
		} else {
			c.fail(fmt.Sprintf("%s.enact[%d]", p, j), "%s: %q is not a law in this scenario (laws: %s)", ctx, lid, IDList(f.Laws, func(l *LawSpec) string { return l.ID }))
		}
	}
	for j, lid := range e.Repeal {
		if l, ok := c.laws[lid]; ok {
			ev.Repeal = append(ev.Repeal, l)
		} else {
			c.fail(fmt.Sprintf("%s.repeal[%d]", p, j), "%s: %q is not a law in this scenario (laws: %s)", ctx, lid, IDList(f.Laws, func(l *LawSpec) string { return l.ID }))
		}
	}
	for j, fm := range e.Formats {
		if x := c.format(fmt.Sprintf("%s.formats[%d]", p, j), fm, ctx); x >= 0 {
			ev.Formats = append(ev.Formats, x)
		}
	}
	switch ev.Kind {
	case Crisis:
		if len(e.Nations) < 2 {
			c.fail(p+".nations", "%s: a crisis needs at least two nations, e.g. nations = [\"A\", \"B\"]", ctx)
		}
	case Suspension, Audit, Review, Reinstatement:
		if e.Agreement == "" {
			c.fail(p+".agreement", "%s: a %s names the agreement it concerns", ctx, ev.Kind)
		}
	case Outage:
		if e.System == "" {
			c.fail(p+".system", "%s: an outage names the system that goes down", ctx)
		}
	case Standardisation:
		if len(e.Formats) < 2 {
			c.fail(p+".formats", "%s: a standardisation names at least two formats that become compatible", ctx)
		}
	case LeadershipChange:
		if len(e.Enact)+len(e.Repeal) == 0 && e.TrustChange == 0 {
			c.fail(p, "%s: a leadership change should enact or repeal laws or change trust", ctx)
		}
	}
	return ev
}
