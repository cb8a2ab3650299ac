package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The fire tests run the binary built by TestMain (cli_test.go): on-demand
// injects and events fired in batches, by --fire and by experiment files.

const fireExp = "testdata/batch/fire.toml" // 6 points × 1 policy × 4 replications = 24 runs

// TestBatchFireGolden: an experiment with a fire factor and a fire in every
// run; the rows, summary and metadata carry the schedule.
func TestBatchFireGolden(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "fire.csv")
	stdout, stderr, code := runBin(t, nil, "batch", "-e", fireExp, "-q", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	goldenBatch(t, "fire.stdout", sanitize(stdout, dir))
	goldenBatch(t, "fire.csv", readFile(t, out))
	goldenBatch(t, "fire.summary.csv", readFile(t, filepath.Join(dir, "fire.csv.summary.csv")))
	goldenBatch(t, "fire.meta.json", sanitize(readFile(t, filepath.Join(dir, "fire.csv.meta.json")), dir))
}

// TestBatchFireWorkersAndShards: with fires, the rows do not depend on the
// number of workers, and shards (Parquet, whose fire columns are strings)
// merge into files byte-identical to the unsharded batch.
func TestBatchFireWorkersAndShards(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// 6 points × 40 replications = 240 runs: two chunks, split across shards.
	args := []string{"batch", "-e", fireExp, "-n", "40", "-q", "--fire", "korvath-converter@D+0 06:00"}
	for _, w := range []string{"1", "2"} {
		if _, e, c := runBin(t, nil, append(args, "-w", w, "-o", filepath.Join(dir, "w"+w+".parquet"))...); c != 0 {
			t.Fatal(e)
		}
	}
	if readFile(t, filepath.Join(dir, "w1.parquet")) != readFile(t, filepath.Join(dir, "w2.parquet")) {
		t.Fatal("rows differ between 1 and 2 workers")
	}
	const n = 2 // shards
	var shards []string
	for k := 0; k < n; k++ {
		if _, e, c := runBin(t, nil, append(args, "-w", strconv.Itoa(k+1), "--shard", strconv.Itoa(k)+"/"+strconv.Itoa(n), "-o", filepath.Join(dir, "s.parquet"))...); c != 0 {
			t.Fatal(e)
		}
		shards = append(shards, filepath.Join(dir, "s.shard-"+strconv.Itoa(k)+"-of-2.parquet"))
	}
	if _, e, c := runBin(t, nil, append([]string{"merge", "-o", filepath.Join(dir, "m.parquet")}, shards...)...); c != 0 {
		t.Fatal(e)
	}
	for _, suffix := range []string{".parquet", ".parquet.summary.csv", ".parquet.meta.json"} {
		if readFile(t, filepath.Join(dir, "w1"+suffix)) != readFile(t, filepath.Join(dir, "m"+suffix)) {
			t.Errorf("merged %s differs from unsharded", suffix)
		}
	}
	// --fire replaced the file's press-leak; the factor's levels stay.
	if m := readFile(t, filepath.Join(dir, "m.parquet.meta.json")); !strings.Contains(m, `"fire": "korvath-converter@D+0 06:00"`) || !strings.Contains(m, `"walk-in@D+1 12:00"`) {
		t.Errorf("meta does not record the fires:\n%s", m)
	}
}

// TestBatchFireMatchesRun: run 0 of `batch --fire` is `run --fire` with the
// same seed (stream 0), whose timeline shows the inject firing; without the
// fire the batch's run 0 differs.
func TestBatchFireMatchesRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fires := []string{"--fire", "press-leak@D+2", "--fire", "walk-in@D+1 12:00"}
	var j struct {
		Timeline []struct{ Clock, Kind, Text string }
		Metrics  map[string]float64
	}
	out, e, c := runBin(t, nil, append([]string{"run", "--seed", "5", "--json"}, fires...)...)
	if c != 0 {
		t.Fatal(e)
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err)
	}
	fired := false
	for _, l := range j.Timeline {
		fired = fired || l.Clock == "D+1 12:00" && l.Kind == "inject" && strings.Contains(l.Text, "Walk-in")
	}
	if !fired {
		t.Fatal("run --fire: no walk-in inject at D+1 12:00 in the timeline")
	}
	row0 := func(name string, extra ...string) map[string]float64 {
		p := filepath.Join(dir, name+".csv")
		// 3 runs; only run 0 (stream 0) is compared.
		if _, e, c := runBin(t, nil, append([]string{"batch", "-n", "3", "--seed", "5", "-q", "-o", p}, extra...)...); c != 0 {
			t.Fatal(e)
		}
		lines := strings.Split(readFile(t, p), "\n")
		head, vals := strings.Split(lines[0], ","), strings.Split(lines[1], ",")
		m := map[string]float64{}
		for i, h := range head[5:] { // after run, seed, policy, point, rep
			m[h], _ = strconv.ParseFloat(vals[5+i], 64)
		}
		return m
	}
	with, without := row0("with", fires...), row0("without")
	for k, v := range j.Metrics {
		// run --json rounds to 6 decimals.
		if diff := with[k] - v; diff > 1e-6 || diff < -1e-6 {
			t.Errorf("%s: batch run 0 has %v, run --fire %v", k, with[k], v)
		}
	}
	if with["deliveries"] == without["deliveries"] && with["score"] == without["score"] {
		t.Errorf("the fires changed nothing: %v", with)
	}
}

// TestBatchFireBadInput: a bad --fire gives batch exactly run's messages
// and exit status 2; a bad experiment file lists every fire problem with
// its line and key, exit 1.
func TestBatchFireBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct {
		name  string
		fires []string
		want  string
	}{
		{"unknown id", []string{"nope@D+1"}, `--fire nope@D+1: "nope" is not an on-demand inject or event (on demand: walk-in, korvath-converter, press-leak)`},
		{"not on demand", []string{"courier-intercept@D+1"}, `--fire courier-intercept@D+1: "courier-intercept" is not an on-demand inject or event`},
		{"bad time", []string{"walk-in@D+1 7pm"}, `--fire walk-in@D+1 7pm: "D+1 7pm" has a bad time of day`},
		{"after the end", []string{"walk-in@D+3 06:00"}, `--fire walk-in@D+3 06:00: D+3 06:00 is not before the end of the exercise (D+3 00:00)`},
		{"not ID@TIME", []string{"walk-in"}, `--fire "walk-in": write it as ID@TIME`},
		{"all at once", []string{"nope@D+1", "walk-in@D+9", "walk-in@D+1", "walk-in"}, "not before the end"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var flags []string
			for _, f := range tt.fires {
				flags = append(flags, "--fire", f)
			}
			out := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".csv")
			_, runErr, runCode := runBin(t, nil, append([]string{"run"}, flags...)...)
			for _, args := range [][]string{
				append([]string{"batch", "-q", "-o", out}, flags...),
				append([]string{"batch", "-e", fireExp, "-q", "-o", out}, flags...),
			} {
				_, stderr, code := runBin(t, nil, args...)
				if code != 2 || runCode != 2 || stderr != runErr || !strings.Contains(stderr, tt.want) {
					t.Errorf("%v: exit %d (run: %d)\n%s\nwant run's\n%s\ncontaining %q", args, code, runCode, stderr, runErr, tt.want)
				}
				if len(tt.fires) > 1 && strings.Count(stderr, "--fire ") != 3 { // the one valid fire is not reported
					t.Errorf("%v: not every problem is listed:\n%s", args, stderr)
				}
			}
		})
	}

	_, stderr, code := runBin(t, nil, "batch", "-e", "testdata/batch/bad-fire.toml", "-q", "-o", filepath.Join(dir, "x.csv"))
	const f = "testdata/batch/bad-fire.toml"
	want := []string{
		f + `:6: experiment.fire[0]: "nope@D+1": "nope" is not an on-demand inject or event (on demand: walk-in, korvath-converter, press-leak)`,
		f + `:6: experiment.fire[1]: "courier-intercept@D+1": "courier-intercept" is not an on-demand inject or event`,
		f + `:6: experiment.fire[2]: "walk-in@D+1 25:00": "D+1 25:00" has a bad time of day; write it like "D+1 06:00" (00:00 to 23:59)`,
		f + `:6: experiment.fire[3]: "press-leak@D+5": D+5 00:00 is not before the end of the exercise (D+3 00:00)`,
		f + `:6: experiment.fire[4]: "walk-in": write it as ID@TIME, e.g. 'ferry-tip@D+1 06:00'`,
		f + `:13: factor[0].fire[2]: fires "walk-in@D+1 00:00", as level 1 does; list each schedule once`,
		f + `:13: factor[0].fire[3][0]: "nope@H+3": "nope" is not an on-demand inject or event`,
		"7 problem(s)",
	}
	if code != 1 {
		t.Errorf("bad-fire.toml: exit %d, want 1", code)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("bad-fire.toml: stderr lacks\n%s\n in:\n%s", w, stderr)
		}
	}
}

// TestIndependentReaderFire reads the fire column of every format with
// DuckDB (as TestIndependentReader does): a text column with the runs of
// each level.
func TestIndependentReaderFire(t *testing.T) {
	t.Parallel()
	files, out := readAllFormats(t, "testdata/batch/read-fire.mjs", "-e", fireExp)
	// Each level: 2 leak rates × 4 replications = 8 runs.
	const want = `"type":"VARCHAR","levels":{"":8,"walk-in@D+0 12:00":8,"walk-in@D+1 12:00":8}}`
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(files) {
		t.Fatalf("DuckDB read %d files, want %d:\n%s", len(lines), len(files), out)
	}
	for _, l := range lines {
		if !strings.HasSuffix(l, want) {
			t.Errorf("DuckDB: %s\nwant ...%s", l, want)
		}
	}
}

// TestReportFire: the report names the fires of every run and lists each
// design point's fire level.
func TestReportFire(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rows := filepath.Join(dir, "r.jsonl")
	if _, e, c := runBin(t, nil, "batch", "-e", fireExp, "-q", "-o", rows); c != 0 {
		t.Fatal(e)
	}
	if _, e, c := runBin(t, nil, "report", rows); c != 0 {
		t.Fatal(e)
	}
	md := readFile(t, filepath.Join(dir, "r-report", "report.md"))
	for _, want := range []string{
		"| fired in every run | `press-leak@D+2 00:00` |",
		"| policy | point | leak_rate | walk_in | coverage | on-time share (of delivered) |",
		"| share-all | 0 | 0.0020 | (none) |",
		"| share-all | 5 | 0.0060 | walk-in@D+1 12:00 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}

// TestRunReplaysLoggedFires: a decision log's fires (what a facilitator
// fired in the desktop app) are fired again by run --decisions, exactly as
// --fire would; a fire the scenario cannot take is an error naming the
// log; and --record writes the fires back.
func TestRunReplaysLoggedFires(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, fires string) string {
		p := filepath.Join(dir, name)
		src := `{"seed": 1, "decisions": [], "fires": [` + fires + `]}`
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// walk-in and press-leak are on demand in the default scenario; D+1
	// 12:00 and H+30.2525 (not a whole minute, so kept exact) are inside
	// its three days.
	good := write("good.json", `"walk-in@D+1 12:00", "press-leak@H+30.2525"`)
	viaLog, e, c := runBin(t, nil, "run", "--decisions", good, "--policy", "withhold-all")
	if c != 0 {
		t.Fatal(e)
	}
	viaFlag, e, c := runBin(t, nil, "run", "--fire", "walk-in@D+1 12:00", "--fire", "press-leak@H+30.2525", "--policy", "withhold-all")
	if c != 0 {
		t.Fatal(e)
	}
	if viaLog != viaFlag {
		t.Errorf("run --decisions with fires differs from run --fire:\n%s\n---\n%s", viaLog, viaFlag)
	}
	rec := filepath.Join(dir, "rec.json")
	if _, e, c := runBin(t, nil, "run", "--decisions", good, "--policy", "withhold-all", "--record", rec); c != 0 {
		t.Fatal(e)
	}
	if got := readFile(t, rec); !strings.Contains(got, `"walk-in@D+1 12:00"`) || !strings.Contains(got, `"press-leak@H+30.2525"`) {
		t.Errorf("--record lost the fires:\n%s", got)
	}
	bad := write("bad.json", `"walk-in@D+9"`)
	_, e, c = runBin(t, nil, "run", "--decisions", bad)
	if c != 1 || !strings.Contains(e, "bad.json: fires walk-in@D+9") {
		t.Errorf("exit %d, stderr %q; want 1 and a message naming bad.json's fire", c, e)
	}
}

// TestRunDecisionsSeed: run --decisions replays with the seed the log was
// recorded with unless --seed says otherwise, and warns when the log was
// recorded on another scenario.
func TestRunDecisionsSeed(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "log.json")
	// Seed 7: not the default 1. The hash is not the default scenario's.
	if err := os.WriteFile(p, []byte(`{"scenario": "other.toml", "scenario_hash": "abc", "seed": 7, "decisions": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name       string
		logArgs    []string
		plainArgs  []string
		wantWarned bool
	}{
		{"log's seed", []string{"run", "--decisions", p}, []string{"run", "--seed", "7"}, true},
		{"--seed wins", []string{"run", "--decisions", p, "--seed", "3"}, []string{"run", "--seed", "3"}, true},
	} {
		got, e, c := runBin(t, nil, tt.logArgs...)
		if c != 0 {
			t.Fatalf("%s: %s", tt.name, e)
		}
		want, _, _ := runBin(t, nil, tt.plainArgs...)
		if got != want {
			t.Errorf("%s: output differs from %v", tt.name, tt.plainArgs)
		}
		if warned := strings.Contains(e, "warning: "+p+" was recorded on other.toml"); warned != tt.wantWarned {
			t.Errorf("%s: stderr %q, want a warning: %v", tt.name, e, tt.wantWarned)
		}
	}
}
