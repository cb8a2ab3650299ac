package view

import (
	"fmt"
	"strings"
	"testing"

	"tearline/internal/safetext"
	"tearline/scenario"
	"tearline/sim"
)

// playRecorded plays the default scenario with the built-in policy named
// and records every decision as the exercise screen does: a copy of the
// decision, the answer sent and a forecast of that answer (withholding
// and consent answers included).
func playRecorded(t *testing.T, policy string, seed uint64) (*sim.Scenario, []Record, *sim.Outcome) {
	t.Helper()
	// Few rollouts: the report only needs a forecast to show, not a good one.
	const rollouts = 16
	sc := scenario.Default()
	p, err := sim.NewPolicy(policy, nil)
	if err != nil {
		t.Fatal(err)
	}
	var recs []Record
	out := sim.Play(sim.NewRun(sc, seed, 0), sim.DeciderFunc(func(r *sim.Run, d *sim.Decision) sim.Answer {
		a := p.Decide(r, d)
		// The policy's Shares is the run's scratch memory: keep a copy.
		a.Shares = append([]sim.ShareChoice(nil), a.Shares...)
		rec := Record{Decision: *d, Answer: a}
		rec.Decision.Rows = append([]sim.Row(nil), d.Rows...)
		for i := range rec.Decision.Rows {
			rec.Decision.Rows[i].Routes = append([]sim.Route(nil), d.Rows[i].Routes...)
		}
		rec.Preview = r.Preview(a, rollouts, seed)
		recs = append(recs, rec)
		return a
	}))
	return sc, recs, out
}

// mdLine is the Markdown table row of cells, written independently of
// mdRow so that the test checks it.
func mdLine(cells ...string) string {
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(c, "|", `\|`)
	}
	return "| " + strings.Join(cells, " | ") + " |"
}

func TestReport(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		policy    string
		seed      uint64
		generated string
	}{
		// Seeds are arbitrary; two differ so the seed line is checked.
		{"share-all", 1, "2025-01-02 03:04 UTC"},
		{"tearline-all", 7, ""},
		{"withhold-all", 3, "D+0"},
	} {
		t.Run(tt.policy, func(t *testing.T) {
			t.Parallel()
			sc, recs, out := playRecorded(t, tt.policy, tt.seed)
			if len(recs) == 0 {
				t.Fatal("the default scenario raised no decision")
			}
			md := Report(sc, recs, out, tt.generated)
			h := sc.Spec.Scenario
			has := func(what, s string) {
				t.Helper()
				if !strings.Contains(md, s) {
					t.Errorf("%s: report lacks %q\n%s", what, s, md)
				}
			}
			has("title", "# After-action report: "+h.Title+" (`"+h.ID+"`)\n")
			has("seed", fmt.Sprintf("- Seed: %d (stream 0)\n", tt.seed))
			has("disclaimer", "> "+NotionalNote+"\n")
			has("disclaimer", "notional, for training only")
			if tt.generated != "" {
				has("timestamp", "- Generated: "+tt.generated+"\n")
			} else if strings.Contains(md, "Generated") {
				t.Error("a report without a timestamp says when it was generated")
			}

			has("score", "## Objectives (score "+Percent(out.Score)+")")
			if len(out.Objectives) != len(sc.Spec.Objectives) {
				t.Fatalf("%d objective results for %d objectives", len(out.Objectives), len(sc.Spec.Objectives))
			}
			for _, ol := range BuildDebrief(sc, recs, out, nil).Objectives {
				mark := "**MET**: "
				if !ol.Met {
					mark = "**MISSED**: "
				}
				if ol.Figure == "" {
					t.Errorf("objective %q has no figure", ol.Goal)
				}
				has("objective", "- "+mark+ol.Goal+" — "+ol.Figure+"\n")
			}
			for _, f := range Figures(out) {
				has("figure", mdLine(f.Label, f.Value, f.Tip)+"\n")
			}

			lines := DebriefLines(sc, recs, out)
			has("decisions", fmt.Sprintf("## Decisions (%d)", len(recs)))
			has("decisions", mdLine("Time", "Item", "Recipient", "Choice", "Forecast when sent", "What happened")+"\n")
			for _, l := range lines {
				// The choice loses its "Recipient: " prefix: the recipient has its own column.
				choice := strings.TrimPrefix(l.Choice, l.Recipient+": ")
				has("decision", mdLine(l.When, l.Item, l.Recipient, choice, l.Forecast, l.Happened)+"\n")
			}
			// Exactly one table row per debrief line: the section's rows
			// less its header and rule (2).
			from := strings.Index(md, "## Decisions")
			to := from + 1 + strings.Index(md[from+1:], "\n## ")
			if from < 0 || to <= from {
				t.Fatalf("sections missing or out of order\n%s", md)
			}
			sec := md[from:to]
			if n := strings.Count(sec, "\n|") - 2; n != len(lines) {
				t.Errorf("%d decision rows, want %d", n, len(lines))
			}

			has("trust", "## Trust before → after\n")
			has("trust", mdLine("From", "To", "Before", "After", "Change")+"\n")
			trust := TrustLines(sc, out)
			if len(trust) == 0 {
				t.Fatal("no trust lines")
			}
			for _, tl := range trust {
				has("trust", mdLine(sc.Nations[tl.From].ID, sc.Nations[tl.To].ID,
					FormatFloat(tl.Start, 2), FormatFloat(tl.End, 2), Signed(tl.End-tl.Start, 2))+"\n")
			}
		})
	}
}

// TestReportPolicies checks what each policy's choices look like in the
// report, so the rows are not vacuously right.
func TestReportPolicies(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		policy string
		want   string
	}{
		{"share-all", "P(in time) "},                  // shares carry their forecast
		{"share-all", "; vs withholding: leak risk "}, // and what each adds
		{"tearline-all", "| tearline via "},           // and their form and route
		// withholding is forecast too: what it cost
		{"withhold-all", "| all | withheld from all | costliest: withholding from "},
	} {
		t.Run(tt.policy, func(t *testing.T) {
			t.Parallel()
			// Seed 1, as the app's default.
			sc, recs, out := playRecorded(t, tt.policy, 1)
			if md := Report(sc, recs, out, ""); !strings.Contains(md, tt.want) {
				t.Errorf("report lacks %q\n%s", tt.want, md)
			}
		})
	}
}

func TestReportEdges(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	sc.Spec.Scenario.Title = "A | B\nC"
	sc.Spec.Scenario.ID = "ab"
	md := Report(sc, nil, nil, "")
	for _, want := range []string{
		"# After-action report: A \\| B C (`ab`)\n", // pipe escaped, newline flattened
		"> " + NotionalNote,
		"No decisions were made.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q\n%s", want, md)
		}
	}
	for _, absent := range []string{"Seed", "## Objectives", "## Trust"} { // no outcome: nothing to show
		if strings.Contains(md, absent) {
			t.Errorf("report without an outcome has %q\n%s", absent, md)
		}
	}
}

// TestReportEscapes: control and bidirectional characters in a scenario's
// text reach the Markdown report as visible escapes, never raw (a
// right-to-left override would reorder what the reader of the AAR sees).
func TestReportEscapes(t *testing.T) {
	t.Parallel()
	sc := testScenario()
	sc.Spec.Scenario.Title = "Evil\x1b]0;owned\x07 \u202eelttil"
	sc.Spec.Scenario.ID = "a`b"
	sc.Name = "dir/\u2066x.toml"
	md := Report(sc, nil, nil, "")
	for _, want := range []string{
		`# After-action report: Evil\x1b]0;owned\x07 \u202eelttil (` + "`a'b`)",
		"- Scenario file: `dir/\\u2066x.toml`",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q\n%s", want, md)
		}
	}
	for _, r := range md {
		if r != '\n' && safetext.Unsafe(r) {
			t.Fatalf("the report holds %U raw:\n%q", r, md)
		}
	}
}
