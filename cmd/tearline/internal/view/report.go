package view

import (
	"fmt"
	"strings"

	"tearline/internal/safetext"
	"tearline/sim"
)

// NotionalNote is the disclaimer an after-action report carries.
const NotionalNote = "The scenario's parameters are notional, for training only: " +
	"no agreement, law or event in it is real."

// Report renders the debrief of a finished run as a Markdown after-action
// report: scenario and seed, the notional disclaimer, objectives, the
// coverage, leak, timeliness and threat figures, every decision against its forecast
// and what happened, and trust before and after. Its rows come from
// DebriefLines, Figures and TrustLines, as on the debrief screen. generated
// is the time of writing as the caller wants it shown; "" leaves it out
// (view reads no clock). o may be nil for a run without an outcome.
func Report(sc *sim.Scenario, recs []Record, o *sim.Outcome, generated string) string {
	var b strings.Builder
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
	if generated != "" {
		fmt.Fprintf(&b, "- Generated: %s\n", mdText(generated))
	}
	fmt.Fprintf(&b, "\n> %s\n", NotionalNote)

	if o != nil {
		fmt.Fprintf(&b, "\n## Objectives (score %s)\n\n", Percent(o.Score))
		if len(o.Objectives) == 0 {
			b.WriteString("No objectives.\n")
		}
		for _, r := range o.Objectives {
			mark := "MET"
			if !r.Met {
				mark = "MISSED"
			}
			fmt.Fprintf(&b, "- **%s**: %s\n", mark, mdText(ObjectiveText(sc, r)))
		}

		b.WriteString("\n## Coverage, leaks and threats\n\n")
		mdRow(&b, "Figure", "Value", "Meaning")
		mdRule(&b, 3)
		for _, f := range Figures(o) {
			mdRow(&b, f.Label, f.Value, f.Tip)
		}
	}

	lines := DebriefLines(sc, recs, o)
	fmt.Fprintf(&b, "\n## Decisions (%d): forecast against what happened\n\n", len(recs))
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

	if o != nil {
		b.WriteString("\n## Trust before → after\n\n")
		trust := TrustLines(sc, o)
		if len(trust) == 0 {
			b.WriteString("No trust figures.\n")
		} else {
			b.WriteString("Expected trust (0 to 1) from the first nation in the second, for every pair with a nation played; largest change first.\n\n")
			mdRow(&b, "From", "To", "Before", "After", "Change")
			mdRule(&b, 5)
			for _, t := range trust {
				mdRow(&b, sc.Nations[t.From].ID, sc.Nations[t.To].ID,
					FormatFloat(t.Start, 2), FormatFloat(t.End, 2), Signed(t.End-t.Start, 2))
			}
		}
	}
	return b.String()
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
