package view

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"tearline/scenario"
	"tearline/sim"
)

// exercise plays sc as the desktop app does (stream 0, not quiet, answers
// recorded), answering with policy pol and firing the first on-demand item
// at 20 h, and returns the log and the outcome the debrief gets.
func exercise(t testing.TB, sc *sim.Scenario, pol string, seed uint64) (*sim.DecisionLog, *sim.Outcome) {
	t.Helper()
	p, err := sim.NewPolicy(pol, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := sim.NewRecorder(p)
	var fires []sim.Fire
	if ids := sc.OnDemand(); len(ids) > 0 {
		// 20 h: inside every shipped exercise.
		fires = append(fires, sim.Fire{ID: ids[0], At: 20})
		rec.Log().AddFire(ids[0], 20)
	}
	out, err := sim.PlayWithFires(sim.NewRun(sc, seed, 0), rec, fires)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Log(), out
}

// TestSpreadModel checks the model the debrief draws: one chart per
// headline figure with every position on its axis, the team's policy and
// every doctrine's mean, a counterfactual line per decision and alternative,
// and the same model whatever the number of workers.
func TestSpreadModel(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	log, out := exercise(t, sc, "by-trust", 4)
	// 40 runs keep the test fast; the chunking is tested in sim.
	var models []*SpreadModel
	for _, workers := range []int{1, 3} {
		s := StartSpread(sc, log, out, SpreadOptions{Runs: 40, Workers: workers})
		s.Wait()
		snap := s.Snapshot()
		if snap.Model == nil || snap.Progress != 1 {
			t.Fatalf("workers %d: finished with progress %v, model %v", workers, snap.Progress, snap.Model)
		}
		s.Close() // after the end: returns at once
		models = append(models, snap.Model)
	}
	m := models[0]
	if !reflect.DeepEqual(models[0], models[1]) {
		t.Error("the model depends on the number of workers")
	}
	if m.Err != "" {
		t.Fatal(m.Err)
	}
	if len(m.Metrics) != int(sim.NumHeadlines) {
		t.Fatalf("%d charts, want %d", len(m.Metrics), sim.NumHeadlines)
	}
	for _, c := range m.Metrics {
		in01 := func(what string, v float64) {
			if v < 0 || v > 1 {
				t.Errorf("%s: %s %v outside [0, 1]", c.Title, what, v)
			}
		}
		in01("actual", c.ActualX)
		if len(c.Bins) == 0 {
			t.Errorf("%s: no bins", c.Title)
		}
		tallest := 0.0
		for _, b := range c.Bins {
			in01("bin", b)
			tallest = max(tallest, b)
		}
		if tallest != 1 {
			t.Errorf("%s: tallest bin %v, want 1", c.Title, tallest)
		}
		if len(c.Means) != 1+len(sim.PolicyNames()) || c.Means[0].Name != sim.TeamPolicy {
			t.Errorf("%s: means %+v", c.Title, c.Means)
		}
		for _, mn := range c.Means {
			in01("mean of "+mn.Name, mn.X)
		}
		if !strings.Contains(c.Summary, "percentile of 40 runs") {
			t.Errorf("%s: summary %q", c.Title, c.Summary)
		}
		t.Logf("%s: %s; %s", c.Title, c.Summary, c.MeansText)
	}
	want := 0
	for k := range log.Decisions {
		want += len(sim.Alternatives(loggedKind(&log.Decisions[k])))
	}
	if len(m.Counterfactuals) != want {
		t.Errorf("%d counterfactual lines, want %d", len(m.Counterfactuals), want)
	}
	for _, l := range m.Counterfactuals[:min(6, len(m.Counterfactuals))] {
		t.Logf("%s %s | %s | %s | cov %s leaks %s averted %s score %s", l.When, l.Decision, l.Chosen, l.Alternative, l.Coverage, l.Leaks, l.Averted, l.Score)
	}
}

// TestSpreadCloseStops: closing a spread that is running stops it promptly
// and leaves no model.
func TestSpreadCloseStops(t *testing.T) {
	t.Parallel()
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		t.Fatal(err)
	}
	log, out := exercise(t, sc, "interested", 1)
	s := StartSpread(sc, log, out, SpreadOptions{Workers: 1})
	t0 := time.Now()
	s.Close()
	// A chunk's run takes well under a millisecond; a second is lenient
	// for a loaded machine under the race detector.
	if d := time.Since(t0); d > time.Second {
		t.Errorf("Close took %v", d)
	}
	if snap := s.Snapshot(); snap.Model != nil || snap.Progress >= 1 {
		t.Errorf("a stopped spread published progress %v, model %v", snap.Progress, snap.Model != nil)
	}
}

// TestSpreadBadLog: a log whose fires do not fit the scenario gives a model
// with the reason at once, not a hang or a panic.
func TestSpreadBadLog(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	log, out := exercise(t, sc, "doctrine", 1)
	bad := *log
	bad.Fires = []string{"no-such-inject@D+0 01:00"}
	s := StartSpread(sc, &bad, out, SpreadOptions{Runs: 10})
	s.Wait()
	m := s.Snapshot().Model
	if m == nil || !strings.Contains(m.Err, "no-such-inject") {
		t.Fatalf("model %+v", m)
	}
	if md := sectionsText(SpreadSections(m)); !strings.Contains(md, "Not complete") {
		t.Errorf("the report hides the failure:\n%s", md)
	}
}

// sectionsText joins sections' titles, lines and cells for searching.
func sectionsText(ss []Section) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString("# " + s.Title + "\n")
		for _, l := range s.Lines {
			b.WriteString(l + "\n")
		}
		b.WriteString(strings.Join(s.Header, " | ") + "\n")
		for _, r := range s.Rows {
			b.WriteString(strings.Join(r, " | ") + "\n")
		}
		for _, st := range s.Strips {
			b.WriteString("strip " + st.Caption + "\n")
		}
	}
	return b.String()
}

// TestSpreadSections checks the report sections of the spread: both
// headings, the figure row with its percentile and means, a strip per
// figure, the counterfactual row, and a nil model saying it was not
// computed. The Markdown and HTML renderings of sections are tested with
// the report (TestAAR*).
func TestSpreadSections(t *testing.T) {
	t.Parallel()
	m := &SpreadModel{
		Heading: "Your run against 1,000", Note: "note",
		Metrics:            []SpreadChart{{Title: "Coverage", Actual: "52%", Percentile: 44, Summary: "52%: 44th percentile", Bins: []float64{0.5, 1}, ActualX: 0.52, Means: []SpreadMean{{Name: sim.TeamPolicy, Value: "53%"}}}},
		Counterfactuals:    []CounterfactualLine{{When: "D+0 06:00", Decision: "Raid | warning", Chosen: "withheld from all", Alternative: "full to all it may go to", Coverage: "+4 pts", Leaks: "+1", Averted: "±0", Score: "+9 pts"}},
		CounterfactualNote: CounterfactualNote,
		Spread:             &sim.Spread{Runs: 1000, Policies: []sim.SpreadPolicy{{Name: sim.TeamPolicy}}},
	}
	txt := sectionsText(SpreadSections(m))
	for _, w := range []string{"# Your run against 1,000\n", "# Had you chosen otherwise\n", "Coverage | 52% | 44th | 53%", "Raid | warning", "+4 pts | +1 | ±0 | +9 pts", "strip Coverage: 52%: 44th percentile"} {
		if !strings.Contains(txt, w) {
			t.Errorf("missing %q in\n%s", w, txt)
		}
	}
	if txt := sectionsText(SpreadSections(nil)); !strings.Contains(txt, "Not computed") {
		t.Errorf("nil model: %q", txt)
	}
	// Rendered in a report, the strip is an inline SVG in the HTML.
	a := &AAR{Sc: scenario.Default(), Extra: SpreadSections(m)}
	a.Debrief = BuildDebrief(a.Sc, nil, nil, nil)
	page, err := a.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, `class="strip"`) || !strings.Contains(page, "Raid | warning") {
		t.Errorf("the HTML report lacks the strip or the counterfactual row")
	}
	if md := a.Markdown(); !strings.Contains(md, "## Had you chosen otherwise") || !strings.Contains(md, `Raid \| warning`) {
		t.Errorf("the Markdown report lacks the counterfactuals:\n%s", md)
	}
}

// TestOrdinalAndThousands checks two small formatters.
func TestOrdinalAndThousands(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		p    float64
		want string
	}{{0, "0th"}, {1, "1st"}, {2.4, "2nd"}, {3, "3rd"}, {11, "11th"}, {12, "12th"}, {13, "13th"}, {21, "21st"}, {44.2, "44th"}, {100, "100th"}} {
		if got := ordinal(tt.p); got != tt.want {
			t.Errorf("ordinal(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}} {
		if got := thousands(tt.n); got != tt.want {
			t.Errorf("thousands(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// BenchmarkSpread is the debrief's whole background job — every decision's
// counterfactuals, then the team's policy and the 7 built-in doctrines ×
// 1,000 worlds — on the largest shipped scenario, at normal priority on all
// cores (GOMAXPROCS; -cpu 2 for the two-core target).
func BenchmarkSpread(b *testing.B) {
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		b.Fatal(err)
	}
	log, out := exercise(b, sc, "by-trust", 1)
	b.ReportAllocs()
	for b.Loop() {
		s := StartSpread(sc, log, out, SpreadOptions{NormalPriority: true})
		s.Wait()
		if m := s.Snapshot().Model; m == nil || m.Err != "" {
			b.Fatalf("model %+v", m)
		}
	}
}
