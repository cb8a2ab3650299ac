package scenario

import "fmt"

// This file compiles [[law]].

// compileLaws compiles [[law]].
func (c *compiler) compileLaws() {
	f, sc := c.f, c.sc
	c.laws = c.index("law", "law", len(f.Laws), func(i int) string { return f.Laws[i].ID })
	for i := range f.Laws {
		l := &f.Laws[i]
		p := fmt.Sprintf("law[%d]", i)
		ctx := fmt.Sprintf("law %q", l.ID)
		law := Law{ID: l.ID, Title: orID(l.Title, l.ID), Nation: c.nation(p+".nation", l.Nation, ctx),
			Categories: c.categorySet(p+".when.categories", l.When.Categories, ctx), Personal: l.When.PersonalData,
			InAgr: c.agreement(p+".when.in_agreement", l.When.InAgreement, ctx), NotInAgr: c.agreement(p+".when.not_in_agreement", l.When.NotInAgreement, ctx),
			TrustBelow: float64(l.When.TrustBelow), Delay: c.delay(p+".delay", l.Delay, ctx), Probability: float64(l.Probability), Dormant: l.Dormant}
		switch l.Effect {
		case "forbid":
			law.Effect = Forbid
		case "approval":
			law.Effect = Approval
		case "waiver":
			law.Effect = Waiver
		case "":
			c.fail(p+".effect", "%s: effect is missing; say what the law does, e.g. effect = \"forbid\" (one of forbid, approval, waiver)", ctx)
		default:
			c.fail(p+".effect", "%s: effect %q is not one of forbid, approval, waiver", ctx, l.Effect)
		}
		if l.When.MinLevel != "" {
			law.MinLevel, _ = c.nationLevel(p+".when.min_level", law.Nation, l.When.MinLevel, ctx)
		}
		if l.When.RecipientIn != nil {
			law.In = c.nationList(p+".when.recipient_in", l.When.RecipientIn, ctx)
		}
		if l.When.RecipientNotIn != nil {
			law.NotIn = c.nationList(p+".when.recipient_not_in", l.When.RecipientNotIn, ctx)
		}
		sc.Laws = append(sc.Laws, law)
	}
}
