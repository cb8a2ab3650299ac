package runner

import (
	"bytes"
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/scenario"
	"tearline/scenarios"
	"tearline/sim"
)

// defaultText is the shipped default scenario's TOML.
func defaultText(t testing.TB) string {
	b, err := scenarios.FS.ReadFile(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// variant parses the default scenario with each old string replaced by
// the new one that follows it (ids renamed everywhere they are used).
func variant(t testing.TB, oldNew ...string) *sim.Scenario {
	t.Helper()
	sc, err := scenario.Parse("variant.toml", []byte(strings.NewReplacer(oldNew...).Replace(defaultText(t))))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestOutcomeValues: the columns hold, per threat, the share of its
// targets that averted it and their mean warning, and per objective 1 or
// 0, computed here afresh from the outcome of the same run, for several
// policies and worlds (grid-attack has one target, the others two).
func TestOutcomeValues(t *testing.T) {
	t.Parallel()
	sc, err := scenario.LoadShipped(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	o := NewOutcomes([]*sim.Scenario{sc})
	col := map[string]int{}
	for i, n := range o.Names() {
		col[n] = i
	}
	if len(col) != 2*len(sc.Threats)+len(sc.Spec.Objectives) {
		t.Fatalf("columns %v", o.Names())
	}
	for _, policy := range []string{"share-all", "withhold-all", "by-trust", "interested"} {
		d, err := sim.NewPolicy(policy, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := sim.NewRun(sc, 9, 0)
		r.SetQuiet(true)
		seen := map[string]bool{}                        // values met, so that the runs test both cases
		for stream := uint64(0); stream < 40; stream++ { // 40 worlds show averted shares of 0, ½ and 1 under share-all
			r.Reset(9, stream)
			out := sim.Play(r, d)
			got := o.Append(nil, 0, out)
			for ti, th := range sc.Threats {
				var averted, warning, n float64
				for _, tr := range out.Threats {
					if tr.Threat == ti {
						n++
						warning += tr.Warning
						if tr.Averted {
							averted++
						}
					}
				}
				if n != float64(len(th.Targets)) {
					t.Fatalf("%s stream %d: threat %s has %v results for %d targets", policy, stream, th.ID, n, len(th.Targets))
				}
				a, w := got[col["threat_"+results.ColumnID(th.ID)+"_averted"]], got[col["threat_"+results.ColumnID(th.ID)+"_warning"]]
				// The same sums in the same order: exact, up to the last bit
				// of the warning's mean.
				if a != averted/n || math.Abs(w-warning/n) > 1e-15 {
					t.Errorf("%s stream %d: threat %s: averted %v warning %v, want %v %v", policy, stream, th.ID, a, w, averted/n, warning/n)
				}
				seen["averted "+strconv.FormatFloat(a, 'g', -1, 64)] = true
			}
			for _, res := range out.Objectives {
				id := sc.Spec.Objectives[res.Objective].ID
				want := 0.0
				if res.Met {
					want = 1
				}
				if g := got[col["objective_"+results.ColumnID(id)+"_met"]]; g != want {
					t.Errorf("%s stream %d: objective %s: %v, want %v", policy, stream, id, g, want)
				}
				seen["met "+strconv.FormatFloat(want, 'g', -1, 64)] = true
			}
		}
		if policy == "share-all" && !(seen["averted 0"] && seen["averted 0.5"] && seen["averted 1"] && seen["met 0"] && seen["met 1"]) {
			t.Errorf("share-all: 40 runs did not show every case: %v", seen)
		}
	}
}

// twoScenarios is the default scenario at point 0 and, at point 1, the
// same with threat grid-attack renamed grid-sabotage and objective
// protect-grid renamed keep-grid: what an experiment whose design points'
// scenarios differ in their ids would give.
func twoScenarios(t testing.TB, reps int64) *experiment.Experiment {
	t.Helper()
	e, err := experiment.Plain(scenarios.Default, []byte(defaultText(t)), []experiment.PolicySpec{{Name: "share-all"}, {Name: "withhold-all"}}, 3, reps)
	if err != nil {
		t.Fatal(err)
	}
	b := variant(t, `"grid-attack"`, `"grid-sabotage"`, `"protect-grid"`, `"keep-grid"`)
	e.Points = [][]float64{{}, {}}
	e.Scenarios = []*sim.Scenario{e.Scenarios[0], b}
	return e
}

// TestOutcomeUnion: when design points' scenarios differ in their ids, the
// columns are the union (threats, then objectives, in order of first
// appearance) and a run's cell for an id its scenario lacks is NaN, in
// every format and in the summary's n.
func TestOutcomeUnion(t *testing.T) {
	t.Parallel()
	e := twoScenarios(t, 5)
	want := "threat_ferry_attack_averted,threat_ferry_attack_warning,threat_grid_attack_averted,threat_grid_attack_warning," +
		"threat_halsa_transfer_averted,threat_halsa_transfer_warning,threat_grid_sabotage_averted,threat_grid_sabotage_warning," +
		"objective_stop_ferry_met,objective_protect_grid_met,objective_stop_transfer_met,objective_coverage_met,objective_no_leaks_met," +
		"objective_keep_velmora_met,objective_lawful_met,objective_keep_grid_met"
	if got := strings.Join(NewOutcomes(e.Scenarios).Names(), ","); got != want {
		t.Fatalf("columns\n%s\nwant\n%s", got, want)
	}
	l := Layout(e)
	idx := func(name string) int {
		for i, n := range l.Metrics {
			if n == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	// Present at one point only: NaN at the other.
	only := map[string]int64{"threat_grid_attack_averted": 0, "objective_protect_grid_met": 0, "threat_grid_sabotage_warning": 1, "objective_keep_grid_met": 1}
	dir := t.TempDir()
	var csvRows []string
	for _, f := range results.Formats {
		out := filepath.Join(dir, "u."+string(f))
		mustRun(t, Config{Exp: e, Out: out, Format: f, Workers: 2})
		m, err := results.ReadMeta(results.PathsFor(out).Meta)
		if err != nil {
			t.Fatal(err)
		}
		rd, err := results.Open(out, m.Layout())
		if err != nil {
			t.Fatal(err)
		}
		var row results.Row
		var n int
		for ; ; n++ {
			err := rd.Read(&row)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			for name, pt := range only {
				v := row.Metrics[idx(name)]
				if (row.Point == pt) == math.IsNaN(v) {
					t.Errorf("%s: run %d (point %d): %s = %v", f, row.Run, row.Point, name, v)
				}
			}
			line := strings.Join(results.Cells(&row), ",")
			if f == results.CSV {
				csvRows = append(csvRows, line)
			} else if line != csvRows[n] {
				t.Errorf("%s row %d differs from the CSV's:\n%s\n%s", f, n, line, csvRows[n])
			}
		}
		rd.Close()
		if n != int(e.Runs()) {
			t.Fatalf("%s: %d rows", f, n)
		}
	}
	// The summary counts only the runs that have the value.
	sum := string(read(t, filepath.Join(dir, "u.csv.summary.csv")))
	for _, line := range []string{"share-all,0,threat_grid_attack_averted,5,", "share-all,1,threat_grid_attack_averted,0,,,,,,,,,\n",
		"withhold-all,1,objective_keep_grid_met,5,", "withhold-all,0,objective_keep_grid_met,0,,,,,,,,,\n"} {
		if !strings.Contains(sum, line) {
			t.Errorf("summary has no line starting %q", line)
		}
	}
}

// TestOutcomeClash: column names that clash are refused before anything
// is written, naming the ids (or the factor) at fault.
func TestOutcomeClash(t *testing.T) {
	t.Parallel()
	// Two threats whose ids differ only in - and _.
	twin, err := experiment.Plain("twin.toml", []byte(strings.NewReplacer(`"ferry-attack"`, `"grid_attack"`).Replace(defaultText(t))), nil, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	factor, err := experiment.Parse("clash.toml", []byte(`
[experiment]
id = "clash"
scenario = "default.toml"
replications = 2
[[policy]]
name = "share-all"
[[factor]]
name = "objective_lawful_met"
path = "model.leak_rate"
values = [0.002]
`), experiment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		e    *experiment.Experiment
		want string
	}{
		{"ids", twin, `twin.toml: threat "grid_attack" and threat "grid-attack" both make the column threat_grid_attack_averted`},
		{"factor", factor, `the column objective_lawful_met of objective "lawful" is also the name of another column of the batch`},
	} {
		dir := t.TempDir()
		out := filepath.Join(dir, "r.csv")
		_, err := Run(context.Background(), Config{Exp: tt.e, Out: out, Format: results.CSV, Meta: testMeta})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Run: %v, want %q", tt.name, err, tt.want)
		}
		if left, _ := os.ReadDir(dir); len(left) > 0 {
			t.Errorf("%s: the refused batch left %d files", tt.name, len(left))
		}
		if err := Each(context.Background(), tt.e, 1, func(*results.Row) error { return nil }); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Each: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestEachIsRun: Each hands over exactly the rows Run writes, in order,
// for any number of workers.
func TestEachIsRun(t *testing.T) {
	t.Parallel()
	e := testExperimentReps(t, 70) // 280 runs: several chunks
	out := filepath.Join(t.TempDir(), "r.csv")
	mustRun(t, Config{Exp: e, Out: out, Format: results.CSV, Workers: 2})
	for _, workers := range []int{1, 3} {
		var buf bytes.Buffer
		w, err := results.NewCSVWriter(&buf, Layout(e), true)
		if err != nil {
			t.Fatal(err)
		}
		if err := Each(context.Background(), e, workers, w.Write); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		if !bytes.Equal(buf.Bytes(), read(t, out)) {
			t.Errorf("%d workers: Each's rows differ from Run's", workers)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Each(ctx, e, 1, func(*results.Row) error { return nil }); err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("cancelled: %v", err)
	}
}
