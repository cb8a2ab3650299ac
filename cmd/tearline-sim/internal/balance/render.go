package balance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"tearline/internal/safetext"
)

// WriteText writes t as plain text for a terminal: a block per objective,
// per threat and for the score, one line per policy, then the paired
// best-against-worst score comparison and the balance problems. Text from
// the scenario (titles, objective texts, its file name) is escaped
// (safetext.Line).
func WriteText(w io.Writer, t *Table) error {
	b := bufio.NewWriter(w)
	title := safetext.Line(t.Scenario.Title)
	if title == "" {
		title = "(untitled)"
	}
	fmt.Fprintf(b, "Balance of %s (%s, SHA-256 %.12s)\n", title, safetext.Line(t.Scenario.Name), t.Scenario.SHA256)
	fmt.Fprintf(b, "%d built-in policies × %d runs, seed %d: run i of every policy plays the stream (%d, i), the same world for all (common random numbers).\n",
		len(t.Policies), t.Runs, t.Seed, t.Seed)
	fmt.Fprintln(b, "Rates in % with 95% Wilson intervals; mean scores with 95% Student's t intervals.")

	width := len("policy")
	for _, p := range t.Policies {
		width = max(width, len(p))
	}
	// head and line write a block's header and a policy's line: the policy
	// padded to width, then the cells.
	// An estimate is at most 9 wide ("met %", "averted %", "100.0",
	// "0.818"), an interval at most 16 ("[100.0, 100.0]", "[-0.123,
	// 0.456]").
	cols := func(policy, est, iv, more string) {
		l := fmt.Sprintf("  %-*s  %9s   %-16s%s", width, policy, est, iv, more)
		fmt.Fprintln(b, strings.TrimRight(l, " "))
	}
	head := func(est, iv, more string) { cols("policy", est, iv, more) }
	line := func(p int, est, iv, more string) { cols(t.Policies[p], est, iv, more) }
	// pcts formats a rate and its interval in percent.
	pcts := func(e Estimate) (string, string) {
		if e.N == 0 {
			return "n/a", ""
		}
		return fmt.Sprintf("%.1f", 100*float64(e.Value)), fmt.Sprintf("[%.1f, %.1f]", 100*float64(e.Lo), 100*float64(e.Hi))
	}
	for _, o := range t.Objectives {
		fmt.Fprintf(b, "\nobjective %s (%s, weight %g): %s\n", o.ID, o.Kind, o.Weight, safetext.Line(o.Text))
		head("met %", "95% interval", "")
		for p := range t.Policies {
			est, iv := pcts(o.Met[p])
			line(p, est, iv, "")
		}
	}
	for _, x := range t.Threats {
		fmt.Fprintf(b, "\nthreat %s (targets %s): %s\n", x.ID, strings.Join(x.Targets, ", "), safetext.Line(x.Title))
		if len(x.Targets) > 1 {
			fmt.Fprintf(b, "  averted: the share of its %d targets that averted it; warning: their mean warning at its time, 0 to 1\n", len(x.Targets))
		} else {
			fmt.Fprintf(b, "  warning: the warning its target held at its time, 0 to 1\n")
		}
		head("averted %", "95% interval", "warning")
		for p := range t.Policies {
			est, iv := pcts(x.Averted[p])
			line(p, est, iv, fmt.Sprintf("%7.2f", float64(x.Warning[p])))
		}
	}
	fmt.Fprintf(b, "\nscore: the weighted share of objectives met, 0 to 1\n")
	head("mean", "95% interval", "")
	for p := range t.Policies {
		s := t.Score[p]
		line(p, fmt.Sprintf("%.3f", float64(s.Value)), fmt.Sprintf("[%.3f, %.3f]", float64(s.Lo), float64(s.Hi)), "")
	}
	if g := t.ScoreGap; g != nil {
		fmt.Fprintf(b, "  best − worst, paired run by run: %s − %s = %.3f [%.3f, %.3f]\n", g.Best, g.Worst,
			float64(g.Diff.Value), float64(g.Diff.Lo), float64(g.Diff.Hi))
	}
	if len(t.Problems) == 0 {
		fmt.Fprintf(b, "\nbalance problems: none found (thresholds: docs/batch.md#balance)\n")
	} else {
		fmt.Fprintf(b, "\nbalance problems (thresholds: docs/batch.md#balance):\n")
		for _, p := range t.Problems {
			fmt.Fprintf(b, "- %s\n", safetext.Line(p.Text))
		}
	}
	return b.Flush()
}

// WriteJSON writes t as indented JSON: rates and means as fractions, an
// undefined value (NaN) as null.
func WriteJSON(w io.Writer, t *Table) error {
	out, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}
