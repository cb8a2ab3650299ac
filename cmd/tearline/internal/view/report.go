package view

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"tearline/scenario"

	"tearline/internal/safetext"
	"tearline/sim"
)

// NotionalNote is the disclaimer an after-action report carries.
const NotionalNote = "The scenario's parameters are notional, for training only: " +
	"no agreement, law or event in it is real."

// Section is one extra section of an after-action report, filled by the
// caller: the hook for results this package does not compute, such as the
// counterfactuals ("had you chosen X") and the spread of many runs. Title
// is its heading; Lines its paragraphs, each plain text (escaped in both
// formats); Rows, if any, a table under Header.
type Section struct {
	Title  string
	Lines  []string
	Header []string
	Rows   [][]string
	// Strips, if any, are small distribution charts drawn (as inline SVG)
	// in the HTML report; the Markdown report gives their captions.
	Strips []Strip
}

// Strip is a small distribution chart: a histogram of bars and a mark.
type Strip struct {
	// Caption says what it shows and where the mark falls.
	Caption string
	// Bins are the bar heights, each in [0, 1] of the tallest.
	Bins []float64
	// Mark is the marked value's position on the axis, in [0, 1].
	Mark float64
	// Lo and Hi label the axis ends.
	Lo, Hi string
}

// AAR is an after-action report: the debrief model of a finished run plus
// what only a report carries (the timeline, the time of writing). Render
// it with Markdown or HTML.
type AAR struct {
	Sc      *sim.Scenario
	Records []Record
	// Outcome may be nil for a run without one.
	Outcome *sim.Outcome
	// Debrief is the model the debrief screen shows (BuildDebrief).
	Debrief *Debrief
	// Generated is the time of writing as the caller wants it shown; ""
	// leaves it out (view reads no clock).
	Generated string
	// Extra holds sections the caller adds after the built-in ones — the
	// hook for the counterfactual and spread results (see Section). Empty
	// sections are left out.
	Extra []Section
}

// NewAAR builds the after-action report of a finished run; fires are the
// facilitator's fires as sim.DecisionLog.Fires keeps them.
func NewAAR(sc *sim.Scenario, recs []Record, o *sim.Outcome, fires []string, generated string) *AAR {
	return &AAR{Sc: sc, Records: recs, Outcome: o, Debrief: BuildDebrief(sc, recs, o, fires), Generated: generated}
}

// Report renders the debrief of a finished run as a Markdown after-action
// report (NewAAR(...).Markdown() without fires).
func Report(sc *sim.Scenario, recs []Record, o *sim.Outcome, generated string) string {
	return NewAAR(sc, recs, o, nil, generated).Markdown()
}

// Markdown renders the report: scenario and seed, the notional disclaimer,
// objectives with their figures and causes, the coverage, leak, timeliness
// and threat figures, each threat with its warning, every decision against
// its forecast and what happened, expected against chosen actions, items
// never held and why, consents, fires, violations by kind, trust before and
// after, the timeline, and the Extra sections.
func (a *AAR) Markdown() string {
	var b strings.Builder
	sc, o, db := a.Sc, a.Outcome, a.Debrief
	h := sc.Spec.Scenario
	fmt.Fprintf(&b, "# After-action report: %s (`%s`)\n\n", mdText(h.Title), mdCode(h.ID))
	if len(sc.Players) > 0 {
		names := make([]string, len(sc.Players))
		for i, p := range sc.Players {
			names[i] = NationName(sc, p)
		}
		fmt.Fprintf(&b, "- Played as: %s\n", mdText(strings.Join(names, ", ")))
	}
	if sc.Name != "" {
		fmt.Fprintf(&b, "- Scenario file: `%s`\n", mdCode(sc.Name))
	}
	if o != nil {
		fmt.Fprintf(&b, "- Seed: %d (stream %d)\n", o.Seed, o.Stream)
	}
	if a.Generated != "" {
		fmt.Fprintf(&b, "- Generated: %s\n", mdText(a.Generated))
	}
	fmt.Fprintf(&b, "\n> %s\n", NotionalNote)

	if o != nil {
		fmt.Fprintf(&b, "\n## Objectives (score %s)\n\n", Percent(o.Score))
		if len(db.Objectives) == 0 {
			b.WriteString("No objectives.\n")
		}
		for _, ol := range db.Objectives {
			mark := "MET"
			if !ol.Met {
				mark = "MISSED"
			}
			fmt.Fprintf(&b, "- **%s**: %s", mark, mdText(ol.Goal))
			if ol.Figure != "" {
				fmt.Fprintf(&b, " — %s", mdText(ol.Figure))
			}
			b.WriteString("\n")
			for _, w := range ol.Behind {
				fmt.Fprintf(&b, "  - %s\n", mdText(w))
			}
		}

		b.WriteString("\n## Coverage, leaks and threats\n\n")
		mdRow(&b, "Figure", "Value", "Meaning")
		mdRule(&b, 3)
		for _, f := range db.Figures {
			mdRow(&b, f.Label, f.Value, f.Tip)
		}

		b.WriteString("\n## Threats: the warning each target got\n\n")
		if len(db.Threats) == 0 {
			b.WriteString("No threats.\n")
		}
		for _, t := range db.Threats {
			fmt.Fprintf(&b, "- %s\n", mdText(threatSummary(sc, sim.ThreatResult{Threat: t.Threat, Target: t.Target, Warning: t.Warning, PAvert: t.PAvert, Averted: t.Averted})))
			for _, w := range t.Warned {
				fmt.Fprintf(&b, "  - %s\n", mdText(w))
			}
		}
	}

	lines := db.Decisions
	fmt.Fprintf(&b, "\n## Decisions (%d): forecast against what happened\n\n", len(a.Records))
	if len(lines) == 0 {
		b.WriteString("No decisions were made.\n")
	} else {
		mdRow(&b, "Time", "Item", "Recipient", "Choice", "Forecast when sent", "What happened")
		mdRule(&b, 6)
		for _, l := range lines {
			// The screen's choice names the recipient; here it has its column.
			choice := strings.TrimPrefix(l.Choice, l.Recipient+": ")
			mdRow(&b, l.When, l.Item, l.Recipient, choice, l.Forecast, l.Happened)
		}
		b.WriteString("\nA forecast is a probability over many runs; one run can differ from it.\n")
	}

	t := db.Tally
	fmt.Fprintf(&b, "\n## Expected player actions against those chosen\n\nMatched %d · differed %d · no expectation %d\n\n", t.Matched, t.Differed, t.NoExpectation)
	if len(db.Expected) > 0 {
		mdRow(&b, "Time", "Item", "Holder", "Recipient", "Expected", "Chosen", "")
		mdRule(&b, 7)
		for _, e := range db.Expected {
			mdRow(&b, e.When, e.Item, e.Holder, e.Recipient, expectedText(e), e.Chosen.String(), matchText(e))
		}
	}

	if o != nil {
		b.WriteString("\n## Never held, and why\n\n")
		if len(db.NeverHeld) == 0 {
			b.WriteString("Every nation that needed an item came to hold it.\n")
		}
		for _, n := range db.NeverHeld {
			fmt.Fprintf(&b, "- %s never held %s: %s\n", mdText(NationName(sc, n.Nation)), mdText(strconv.Quote(itemTitle(sc, n.Item))), mdText(n.Why))
		}
	}
	mdList(&b, "Consents", "No consent was asked.", db.Consents)
	mdList(&b, "Facilitator fires", "The facilitator fired nothing.", db.Fires)
	if o != nil {
		b.WriteString("\n## Violations by kind\n\n")
		if len(o.Violations) == 0 {
			b.WriteString("No violations.\n")
		}
		for _, k := range violationKinds(db.Violations) {
			fmt.Fprintf(&b, "- %s: %d\n", mdText(k), db.Violations[k])
		}
		for _, v := range o.Violations {
			fmt.Fprintf(&b, "  - %s %s → %s (%s): %s\n", scenario.FormatClock(v.Time), mdText(NationName(sc, v.From)), mdText(NationName(sc, v.To)), mdText(v.Kind), mdText(v.Reason))
		}

		b.WriteString("\n## Trust before → after\n\n")
		if len(db.Trust) == 0 {
			b.WriteString("No trust figures.\n")
		} else {
			b.WriteString("Expected trust (0 to 1) from the first nation in the second, for every pair with a nation played; largest change first.\n\n")
			mdRow(&b, "From", "To", "Before", "After", "Change")
			mdRule(&b, 5)
			for _, t := range db.Trust {
				mdRow(&b, sc.Nations[t.From].ID, sc.Nations[t.To].ID,
					FormatFloat(t.Start, 2), FormatFloat(t.End, 2), Signed(t.End-t.Start, 2))
			}
		}
		if len(o.Timeline) > 0 {
			b.WriteString("\n## Timeline\n\n")
			mdRow(&b, "Time", "Kind", "Entry")
			mdRule(&b, 3)
			for _, e := range o.Timeline {
				mdRow(&b, scenario.FormatClock(e.Time), e.Kind.String(), e.Text)
			}
		}
	}
	for _, x := range a.Extra {
		if len(x.Lines) == 0 && len(x.Rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n", mdText(x.Title))
		for _, l := range x.Lines {
			fmt.Fprintf(&b, "%s\n\n", mdText(l))
		}
		for _, st := range x.Strips {
			fmt.Fprintf(&b, "- %s\n", mdText(st.Caption))
		}
		if len(x.Strips) > 0 {
			b.WriteString("\n")
		}
		if len(x.Rows) > 0 {
			mdRow(&b, x.Header...)
			mdRule(&b, len(x.Header))
			for _, r := range x.Rows {
				mdRow(&b, r...)
			}
		}
	}
	return b.String()
}

func mdList(b *strings.Builder, title, none string, items []string) {
	fmt.Fprintf(b, "\n## %s\n\n", title)
	if len(items) == 0 {
		b.WriteString(none + "\n")
	}
	for _, s := range items {
		fmt.Fprintf(b, "- %s\n", mdText(s))
	}
}

func expectedText(e ExpectedLine) string {
	if !e.HasExpected {
		return "-"
	}
	return e.Expected.String()
}

func matchText(e ExpectedLine) string {
	switch {
	case !e.HasExpected:
		return "no expectation"
	case e.Match():
		return "matched"
	}
	return "DIFFERED"
}

// violationKinds returns the kinds in m, sorted.
func violationKinds(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// mdText makes s safe on one Markdown line or table cell: newlines become
// spaces, pipes are escaped, and other control and bidirectional
// characters are written as visible escapes (safetext.Line), so a scenario's
// text cannot reorder or hide what a reader of the report sees.
func mdText(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	return strings.ReplaceAll(safetext.Line(s), "|", `\|`)
}

// mdCode makes s safe inside a Markdown code span: escaped as mdText, with
// backticks (which would end the span) as single quotes.
func mdCode(s string) string {
	return strings.ReplaceAll(safetext.Line(s), "`", "'")
}

// mdRow writes one Markdown table row.
func mdRow(b *strings.Builder, cells ...string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + mdText(c) + " |")
	}
	b.WriteString("\n")
}

// mdRule writes the rule under a Markdown table header of n columns.
func mdRule(b *strings.Builder, n int) {
	b.WriteString("|" + strings.Repeat(" --- |", n) + "\n")
}
