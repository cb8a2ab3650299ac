package scenario

import "strings"

// This file compiles [scenario] and [model].

// compileHeader checks [scenario]: id, title, duration, notional.
func (c *compiler) compileHeader() {
	f, sc := c.f, c.sc
	h := &f.Scenario
	if h.ID == "" {
		c.fail("scenario.id", "the scenario needs an id (letters, digits, - and _)")
	} else if !validID(h.ID) {
		c.fail("scenario.id", "%s", badID("scenario", h.ID))
	}
	if strings.TrimSpace(h.Title) == "" {
		c.fail("scenario.title", "the scenario needs a title for trainees")
	}
	if h.Duration <= 0 {
		c.fail("scenario.duration", "the exercise needs a duration greater than 0, e.g. duration = \"72h\"")
	}
	if !h.Notional {
		c.fail("scenario.notional", "set notional = true to confirm the parameters are notional, for training only")
	}
	sc.end = Hours(h.Duration)
}

// compileModel checks [model] and prepares its delays.
func (c *compiler) compileModel() {
	f := c.f
	m := &f.Model
	for _, dl := range []*Delay{&m.Translation, &m.Liaison, &m.AdHoc} {
		dl.prep()
	}
	c.within("model.default_evidence", m.DefaultEvidence, 0, 1000, "model", "default_evidence")
	c.within("model.leak_rate", m.LeakRate, 0, 1, "model", "leak_rate")
	for _, x := range []struct {
		key string
		v   float64
	}{{"share_gain", m.ShareGain}, {"leak_penalty", m.LeakPenalty}, {"breach_penalty", m.BreachPenalty},
		{"withhold_penalty", m.WithholdPenalty}, {"legal_penalty", m.LegalPenalty}, {"review_gain", m.ReviewGain}} {
		c.within("model."+x.key, x.v, 0, 100, "model", x.key)
	}
}
