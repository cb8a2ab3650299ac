package scenario

import (
	"fmt"
	"strings"
)

// This file compiles [[threat]] and checks [[objective]].

// compileThreats compiles [[threat]].
func (c *compiler) compileThreats() {
	f, sc := c.f, c.sc
	c.threats = c.index("threat", "threat", len(f.Threats), func(i int) string { return f.Threats[i].ID })
	for i := range f.Threats {
		t := &f.Threats[i]
		p := fmt.Sprintf("threat[%d]", i)
		ctx := fmt.Sprintf("threat %q", t.ID)
		th := Threat{ID: t.ID, Title: orID(t.Title, t.ID), Topic: t.Topic, Targets: c.nationList(p+".targets", t.Targets, ctx),
			At: c.clock(p+".at", t.At, ctx), LeadTime: Hours(t.LeadTime), AvertBase: float64(t.AvertBase), AvertMax: float64(t.AvertMax), Impact: t.Impact}
		if len(t.Targets) == 0 {
			c.fail(p+".targets", "%s: name the nation(s) it strikes, e.g. targets = [\"%s\"]", ctx, firstID(f))
		}
		if t.AvertMax < t.AvertBase {
			c.fail(p+".avert_max", "%s: avert_max (%v) is below avert_base (%v); warning can only help", ctx, t.AvertMax, t.AvertBase)
		}
		c.within(p+".impact", t.Impact, 0, 100, ctx, "impact")
		if t.LeadTime <= 0 {
			c.fail(p+".lead_time", "%s: lead_time must be more than 0", ctx)
		}
		sc.Threats = append(sc.Threats, th)
	}
}

// compileObjectives checks [[objective]].
func (c *compiler) compileObjectives() {
	f := c.f
	c.index("objective", "objective", len(f.Objectives), func(i int) string { return f.Objectives[i].ID })
	for i := range f.Objectives {
		o := &f.Objectives[i]
		p := fmt.Sprintf("objective[%d]", i)
		ctx := fmt.Sprintf("objective %q", o.ID)
		c.within(p+".weight", o.Weight, 0, 100, ctx, "weight")
		switch o.Kind {
		case "avert":
			if o.Threat == "" {
				c.fail(p+".threat", "%s: threat is missing; kind avert names the threat to avert, e.g. threat = %q (threats: %s)", ctx, firstThreat(f), IDList(f.Threats, func(t *ThreatSpec) string { return t.ID }))
			} else if _, ok := c.threats[o.Threat]; !ok {
				c.fail(p+".threat", "%s: %q is not a threat in this scenario (threats: %s)", ctx, o.Threat, IDList(f.Threats, func(t *ThreatSpec) string { return t.ID }))
			}
		case "on_time":
			c.within(p+".min", o.Min, 0, 1, ctx, "min")
		case "max_leaks":
			c.within(p+".max", o.Max, 0, 1e6, ctx, "max")
			switch o.Scope {
			case "":
				o.Scope = LeakScopePlayers // the default, filled in for the engine
			case LeakScopePlayers, LeakScopeAll:
			default:
				c.fail(p+".scope", "%s: scope %q is not one of %s (only leaks that follow a player nation's share) or %s (every leak)", ctx, o.Scope, LeakScopePlayers, LeakScopeAll)
			}
		case "min_trust":
			c.nation(p+".from", o.From, ctx)
			c.nation(p+".to", o.To, ctx)
			c.within(p+".min", o.Min, 0, 1, ctx, "min")
		case "coverage":
			c.within(p+".min", o.Min, 0, 1, ctx, "min")
		case "no_violations":
		case "":
			c.fail(p+".kind", "%s: kind is missing; say how the objective is met, e.g. kind = \"avert\" (one of %s)", ctx, strings.Join(objectiveKinds[:], ", "))
		default:
			c.fail(p+".kind", "%s: kind %q is not one of %s", ctx, o.Kind, strings.Join(objectiveKinds[:], ", "))
		}
		if o.Scope != "" && o.Kind != "max_leaks" {
			c.fail(p+".scope", "%s: scope applies only to kind max_leaks, not %q; remove it", ctx, o.Kind)
		}
	}
}
