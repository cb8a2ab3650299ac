package scenario

import "fmt"

// This file compiles [[agreement]].

// compileAgreements compiles [[agreement]].
func (c *compiler) compileAgreements() {
	f, sc := c.f, c.sc
	c.agrs = c.index("agreement", "agreement", len(f.Agreements), func(i int) string { return f.Agreements[i].ID })
	for i := range f.Agreements {
		a := &f.Agreements[i]
		p := fmt.Sprintf("agreement[%d]", i)
		ctx := fmt.Sprintf("agreement %q", a.ID)
		ag := Agreement{ID: a.ID, Name: orID(a.Name, a.ID), Members: c.nationList(p+".members", a.Members, ctx),
			Categories: c.categorySet(p+".categories", a.Categories, ctx), MaxLevel: a.MaxLevel, ThirdPartyRule: a.ThirdPartyRule,
			Channel: -1, Format: -1, ResponseTime: Hours(a.ResponseTime), ReviewEvery: Hours(a.ReviewEvery), Suspended: a.Suspended}
		if len(a.Members) < 2 {
			c.fail(p+".members", "%s: an agreement needs at least two members", ctx)
		}
		if len(a.Categories) == 0 {
			c.fail(p+".categories", "%s: name the intelligence categories in scope, e.g. categories = [\"SIGINT\", \"OSINT\"]", ctx)
		}
		if a.Channel != "" {
			ag.Channel = c.system(p+".channel", a.Channel, ctx)
		}
		if a.Format != "" {
			ag.Format = c.format(p+".format", a.Format, ctx)
		}
		if a.ReviewEvery > 0 && a.ReviewEvery < 1 {
			c.fail(p+".review_every", "%s: reviews more often than hourly are not supported; use at least \"1h\" or 0 for none", ctx)
		}
		sc.Agreements = append(sc.Agreements, ag)
	}
}
