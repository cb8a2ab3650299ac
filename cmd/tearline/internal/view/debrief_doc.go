package view

import (
	"fmt"
	"strconv"

	"tearline/sim"
)

// DocLine is one line of the debrief screen's scrolling list.
type DocLine struct {
	// Text is the line; Head marks a section heading; Indent is in levels.
	Text   string
	Head   bool
	Indent int
	// Tone colours it: 0 plain, 1 good, -1 bad, 2 dim.
	Tone int
}

// Line tones of a DocLine.
const (
	TonePlain = 0
	ToneGood  = 1
	ToneBad   = -1
	ToneDim   = 2
)

// DebriefDoc lays the debrief out as the screen's scrolling list: the
// decisions (choice, forecast, what happened), threats with their
// warnings, what was never held and why, expected against chosen actions
// with the tally, consents, the facilitator's fires, and every trust pair.
func DebriefDoc(sc *sim.Scenario, db *Debrief, decisions int) []DocLine {
	var out []DocLine
	head := func(s string) { out = append(out, DocLine{Text: s, Head: true}) }
	line := func(s string, indent, tone int) { out = append(out, DocLine{Text: s, Indent: indent, Tone: tone}) }
	good := func(g bool) int {
		if g {
			return ToneGood
		}
		return ToneBad
	}
	head(fmt.Sprintf("Your decisions (%d): forecast against what happened", decisions))
	if len(db.Decisions) == 0 {
		line("No decisions were made.", 0, ToneDim)
	}
	for _, l := range db.Decisions {
		line(l.When+"  "+l.Item, 0, TonePlain)
		line("→ "+l.Choice, 1, TonePlain)
		line("forecast: "+l.Forecast, 1, ToneDim)
		line("happened: "+l.Happened, 1, good(l.Good))
	}
	head("Threats: the warning each target got")
	if len(db.Threats) == 0 {
		line("No threats.", 0, ToneDim)
	}
	for _, t := range db.Threats {
		line(threatSummary(sc, sim.ThreatResult{Threat: t.Threat, Target: t.Target, Warning: t.Warning, PAvert: t.PAvert, Averted: t.Averted}), 0, good(t.Averted))
		for _, w := range t.Warned {
			line(w, 1, ToneDim)
		}
	}
	head("Never held, and why")
	if len(db.NeverHeld) == 0 {
		line("Every nation that needed an item came to hold it.", 0, ToneGood)
	}
	for _, n := range db.NeverHeld {
		line(NationName(sc, n.Nation)+" never held "+strconv.Quote(itemTitle(sc, n.Item))+": "+n.Why, 0, ToneBad)
	}
	t := db.Tally
	head(fmt.Sprintf("Expected actions: matched %d · differed %d · no expectation %d", t.Matched, t.Differed, t.NoExpectation))
	for _, e := range db.Expected {
		if !e.HasExpected {
			continue
		}
		line(fmt.Sprintf("%s  %s → %s, %q: expected %s, chose %s", e.When, e.Holder, e.Recipient, e.Item, expectedText(e), e.Chosen), 0, good(e.Match()))
	}
	head("Consents")
	if len(db.Consents) == 0 {
		line("No consent was asked.", 0, ToneDim)
	}
	for _, c := range db.Consents {
		line(c, 0, TonePlain)
	}
	head("Facilitator fires")
	if len(db.Fires) == 0 {
		line("The facilitator fired nothing.", 0, ToneDim)
	}
	for _, f := range db.Fires {
		line(f, 0, TonePlain)
	}
	head(fmt.Sprintf("Trust before → after (all %d pairs with a nation you play)", len(db.Trust)))
	for _, tl := range db.Trust {
		tone := TonePlain
		switch d := tl.End - tl.Start; {
		case d > 0.005: // half a hundredth: below the two decimals shown
			tone = ToneGood
		case d < -0.005:
			tone = ToneBad
		}
		line(fmt.Sprintf("%s → %s  %.2f → %.2f  (%s)", sc.Nations[tl.From].ID, sc.Nations[tl.To].ID, tl.Start, tl.End, Signed(tl.End-tl.Start, 2)), 0, tone)
	}
	return out
}
