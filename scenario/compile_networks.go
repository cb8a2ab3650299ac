package scenario

import (
	"fmt"
	"strings"
)

// This file compiles the links between systems: gateways and translations.

// compileGateways compiles [[gateway]].
func (c *compiler) compileGateways() {
	f, sc := c.f, c.sc
	c.index("gateway", "gateway", len(f.Gateways), func(i int) string { return f.Gateways[i].ID })
	for i := range f.Gateways {
		g := &f.Gateways[i]
		p := fmt.Sprintf("gateway[%d]", i)
		ctx := fmt.Sprintf("gateway %q", g.ID)
		gw := Gateway{ID: g.ID, Name: orID(g.Name, g.ID), A: -1, B: -1, Delay: c.delay(p+".delay", g.Delay, ctx), MaxLevel: g.MaxLevel, Compromise: float64(g.Compromise)}
		if len(g.Between) != 2 {
			c.fail(p+".between", "%s: between must name exactly two systems, e.g. between = [\"A\", \"B\"]", ctx)
		} else {
			gw.A, gw.B = c.system(p+".between[0]", g.Between[0], ctx), c.system(p+".between[1]", g.Between[1], ctx)
			if gw.A >= 0 && gw.A == gw.B {
				c.fail(p+".between", "%s: bridges a system to itself; name two different systems", ctx)
			}
		}
		if gw.A >= 0 && gw.B >= 0 {
			a, b := sc.Systems[gw.A].Name, sc.Systems[gw.B].Name
			gw.RouteAB = a + " → " + b + " via " + gw.Name
			gw.RouteBA = b + " → " + a + " via " + gw.Name
		}
		sc.Gateways = append(sc.Gateways, gw)
	}
}

// compileTranslations compiles [[translation]].
func (c *compiler) compileTranslations() {
	f, sc := c.f, c.sc
	seenFmt := map[[2]int]int{}
	for i := range f.Translations {
		t := &f.Translations[i]
		p := fmt.Sprintf("translation[%d]", i)
		ctx := fmt.Sprintf("translation %s", strings.Join(t.Formats, "⇄"))
		if len(t.Formats) != 2 {
			c.fail(p+".formats", "%s: formats must name exactly two data formats", ctx)
			continue
		}
		a, b := c.format(p+".formats[0]", t.Formats[0], ctx), c.format(p+".formats[1]", t.Formats[1], ctx)
		if a < 0 || b < 0 {
			continue
		}
		if a == b {
			c.fail(p+".formats", "%s: a format needs no translation to itself", ctx)
			continue
		}
		key := [2]int{min(a, b), max(a, b)}
		if j, dup := seenFmt[key]; dup {
			c.fail(p, "%s: this pair is already given in translation[%d]", ctx, j)
			continue
		}
		seenFmt[key] = i
		sc.Translations = append(sc.Translations, Translation{A: a, B: b, Delay: c.delay(p+".delay", t.Delay, ctx), Garble: float64(t.Garble)})
	}
}
