package scenario

import "fmt"

// This file compiles [[inject]].

// compileInjects compiles [[inject]] (see inject).
func (c *compiler) compileInjects() {
	f, sc := c.f, c.sc
	if len(f.Injects) > MaxItems {
		c.fail("inject", "a scenario may have at most %d injects; it has %d", MaxItems, len(f.Injects))
	}
	if len(f.Injects) == 0 {
		c.fail("inject", "a scenario needs at least one [[inject]] (an intelligence item) to play")
	}
	c.index("inject", "inject", len(f.Injects), func(i int) string { return f.Injects[i].ID })
	c.sources = map[string]int{}
	for i := range f.Injects {
		sc.Items = append(sc.Items, c.inject(i))
	}
	sc.Sources = sourceNames(c.sources)
}

func (c *compiler) inject(i int) Item {
	f, sc := c.f, c.sc
	in := &f.Injects[i]
	p := fmt.Sprintf("inject[%d]", i)
	ctx := fmt.Sprintf("inject %q", in.ID)
	it := Item{ID: in.ID, Title: orID(in.Title, in.ID), Narrative: in.Narrative, Origin: c.nation(p+".origin", in.Origin, ctx),
		At: c.clock(p+".at", in.At, ctx), OnDemand: in.OnDemand, NoForn: in.NoForn, ORCON: in.ORCON,
		Sensitivity: float64(in.SourceSensitivity), Personal: in.PersonalData, Threat: -1, Topic: in.Topic,
		Value: float64(in.Value), Source: -1, TearValue: float64(in.Tearline.Value), TearNarrative: in.Tearline.Narrative}
	if float64(in.At) >= float64(sc.end) && sc.end > 0 {
		c.fail(p+".at", "%s: arrives at %s, at or after the end of the exercise (%s)", ctx, FormatClock(Hours(in.At)), FormatClock(sc.end))
	}
	if cat, ok := c.category(p+".category", in.Category, ctx); ok {
		it.Category = cat
	}
	if in.Level == "" {
		c.fail(p+".level", "%s: give its classification in %s's own scheme, e.g. level = \"SECRET\"", ctx, in.Origin)
	} else {
		it.Level, _ = c.nationLevel(p+".level", it.Origin, in.Level, ctx)
	}
	if in.RelTo != nil {
		it.RelTo = c.nationList(p+".rel_to", in.RelTo, ctx)
	}
	if in.Tearline.RelTo != nil { // [] (not nil) is an empty REL TO list, as for the item
		it.TearRelTo = c.nationList(p+".tearline.rel_to", in.Tearline.RelTo, ctx+" tearline")
	}
	if in.NoForn && len(in.RelTo) > 0 {
		c.fail(p+".noforn", "%s: NOFORN and a REL TO list contradict each other; keep one", ctx)
	}
	if in.Threat != "" {
		if t, ok := c.threats[in.Threat]; ok {
			it.Threat = t
			if it.Topic == "" {
				it.Topic = f.Threats[t].Topic
			}
		} else {
			c.fail(p+".threat", "%s: %q is not a threat in this scenario (threats: %s)", ctx, in.Threat, IDList(f.Threats, func(t *ThreatSpec) string { return t.ID }))
		}
	}
	if in.Source != "" {
		s, ok := c.sources[in.Source]
		if !ok {
			s = len(c.sources)
			c.sources[in.Source] = s
		}
		it.Source = s
	}
	switch {
	case in.NeedBy >= 0:
		it.NeedBy = c.clock(p+".need_by", in.NeedBy, ctx)
	case it.Threat >= 0:
		t := &sc.Threats[it.Threat]
		it.NeedBy = max(0, t.At-t.LeadTime)
	default:
		it.NeedBy = sc.end
	}
	// Tearline.
	switch {
	case in.Tearline.Level != "":
		it.TearLevel, _ = c.nationLevel(p+".tearline.level", it.Origin, in.Tearline.Level, ctx)
		if it.TearLevel > it.Level {
			c.fail(p+".tearline.level", "%s: the tearline (%s) is above the item itself (%s); a tearline is written for release at a lower level", ctx, it.TearLevel, it.Level)
		}
	case it.Level > 0:
		it.TearLevel = it.Level - 1
	}
	it.TearExposure = float64(in.Tearline.Exposure)
	if in.Tearline.Exposure < 0 {
		it.TearExposure = float64(f.Model.TearlineExposure)
	}
	it.Expected = make([]Action, len(f.Nations))
	for k := range it.Expected {
		it.Expected[k] = -1
	}
	for _, who := range sortedStringKeys(in.Expected) {
		n := c.nation(p+".expected."+quoteKey(who), who, ctx+" expected action")
		a, ok := ParseAction(in.Expected[who])
		if !ok {
			c.fail(p+".expected."+quoteKey(who), "%s: expected action %q for %s is not one of full, tearline, withhold", ctx, in.Expected[who], who)
		}
		if n >= 0 && ok {
			it.Expected[n] = a
		}
	}
	return it
}
