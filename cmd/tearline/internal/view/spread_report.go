package view

import "tearline/sim"

// SpreadSections renders the spread and the counterfactuals as sections of
// the after-action report (AAR.Extra), so that the Markdown and the HTML
// report carry the same: "Your run against 1,000" (how to read it, a strip
// chart per headline figure with the actual run marked, and a table of the
// actual value, its percentile among the runs of the team's own decisions
// and each policy's mean) and "Had you chosen otherwise" (what the deltas
// compare, and one row per decision and alternative). A nil model — the
// report was saved before the spread finished — gives one section saying
// so, never an empty one.
func SpreadSections(m *SpreadModel) []Section {
	if m == nil {
		return []Section{{Title: "Your run against 1,000",
			Lines: []string{"Not computed: the report was saved before the spread and the counterfactuals finished."}}}
	}
	spread := Section{Title: m.Heading}
	if m.Err != "" {
		spread.Lines = append(spread.Lines, "Not complete: "+m.Err)
	}
	if sp := m.Spread; sp != nil && len(sp.Policies) > 0 {
		spread.Lines = append(spread.Lines, m.Note)
		spread.Header = []string{"Figure", "Your run", "Percentile among your decisions' runs"}
		for _, p := range sp.Policies {
			spread.Header = append(spread.Header, "Mean: "+p.Name)
		}
		for k, c := range m.Metrics {
			name := c.Title
			if sim.Headline(k).LowerIsBetter() {
				name += " (lower is better)"
			}
			row := []string{name, c.Actual, ordinal(c.Percentile)}
			for _, mean := range c.Means {
				row = append(row, mean.Value)
			}
			spread.Rows = append(spread.Rows, row)
			spread.Strips = append(spread.Strips, Strip{Caption: c.Title + ": " + c.Summary, Bins: c.Bins, Mark: c.ActualX, Lo: c.Lo, Hi: c.Hi})
		}
	}
	cf := Section{Title: "Had you chosen otherwise", Lines: []string{m.CounterfactualNote}}
	if len(m.Counterfactuals) == 0 {
		cf.Lines = append(cf.Lines, "No decisions were made, so there is nothing to change.")
		return []Section{spread, cf}
	}
	cf.Lines = append(cf.Lines, "Δ: the alternative minus your answer, in the same world with doctrine after it; coverage and score in percentage points.")
	cf.Header = []string{"When", "Decision", "Your choice", "Instead", "Δ coverage", "Δ attributable leaks", "Δ threats averted", "Δ score"}
	for _, l := range m.Counterfactuals {
		if l.Same {
			cf.Rows = append(cf.Rows, []string{l.When, l.Decision, l.Chosen, l.Alternative, "(your choice)", "", "", ""})
			continue
		}
		cf.Rows = append(cf.Rows, []string{l.When, l.Decision, l.Chosen, l.Alternative, l.Coverage, l.Leaks, l.Averted, l.Score})
	}
	return []Section{spread, cf}
}
