package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The batch tests run the binary built by TestMain (cli_test.go) end to end
// and compare with golden files in testdata/batch; -update rewrites them.

const smallExp = "testdata/batch/small.toml" // 2 points × 2 policies × 6 replications = 24 runs

// goldenBatch compares got with testdata/batch/<name>.
func goldenBatch(t *testing.T, name, got string) {
	t.Helper()
	golden(t, "batch/"+name, got)
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sanitize replaces the temporary folder and the Go version, which vary
// between machines.
func sanitize(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "DIR")
	// The build identity changes with every build of the tree under test.
	s = regexp.MustCompile(`"build": "[^"]*"`).ReplaceAllString(s, `"build": "BUILD"`)
	return regexp.MustCompile(`"go_version": "[^"]*"`).ReplaceAllString(s, `"go_version": "GO"`)
}

func TestBatchGolden(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"plain", []string{"batch", "-n", "8", "--seed", "3", "-p", "share-all", "-p", "by-trust:threshold=0.7,tearline=0.5"}},
		{"experiment", []string{"batch", "-e", smallExp}},
	} {
		out := filepath.Join(dir, tt.name+".csv")
		stdout, stderr, code := runBin(t, nil, append(tt.args, "-q", "-o", out)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.name, code, stderr)
		}
		goldenBatch(t, tt.name+".stdout", sanitize(stdout, dir))
		goldenBatch(t, tt.name+".csv", readFile(t, out))
		goldenBatch(t, tt.name+".summary.csv", readFile(t, filepath.Join(dir, tt.name+".csv.summary.csv")))
		goldenBatch(t, tt.name+".meta.json", sanitize(readFile(t, filepath.Join(dir, tt.name+".csv.meta.json")), dir))
	}
}

// TestMergeEqualsUnsharded: shards taken from --shard, Slurm and Kubernetes
// variables merge into files byte-identical to one unsharded batch, in
// every format.
func TestMergeEqualsUnsharded(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"csv", "jsonl", "parquet"} {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			whole := filepath.Join(dir, "whole."+f)
			if _, e, c := runBin(t, nil, "batch", "-e", smallExp, "-n", "40", "-q", "-o", whole); c != 0 {
				t.Fatal(e)
			}
			out := filepath.Join(dir, "s."+f)
			envs := [][]string{
				{"JOB_COMPLETION_INDEX=2", "SHARD_COUNT=3"},
				// Slurm --array=1-3: ids 1..3, this is the first.
				{"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_MAX=3", "SLURM_ARRAY_TASK_COUNT=3", "SLURM_ARRAY_TASK_STEP=1"},
				nil,
			}
			args := [][]string{nil, nil, {"--shard", "1/3"}}
			for i := range envs {
				a := append([]string{"batch", "-e", smallExp, "-n", "40", "-q", "-o", out, "-w", strconv.Itoa(i + 1)}, args[i]...)
				if _, e, c := runBin(t, envs[i], a...); c != 0 {
					t.Fatalf("shard run %d: %s", i, e)
				}
			}
			shards, _ := filepath.Glob(filepath.Join(dir, "s.shard-*-of-3."+f))
			if len(shards) != 3 {
				t.Fatalf("shards: %v", shards)
			}
			merged := filepath.Join(dir, "m."+f)
			if _, e, c := runBin(t, nil, append([]string{"merge", "-o", merged}, shards...)...); c != 0 {
				t.Fatal(e)
			}
			for _, suffix := range []string{"." + f, "." + f + ".summary.csv", "." + f + ".meta.json"} {
				a := readFile(t, filepath.Join(dir, "whole"+suffix))
				b := readFile(t, filepath.Join(dir, "m"+suffix))
				if a != b {
					t.Errorf("merged %s differs from unsharded", suffix)
				}
			}
			// The per-threat and per-objective columns are merged too: the
			// default scenario has 3 threats (2 columns each) and 7 objectives.
			var m struct {
				Outcomes []struct{ Name string } `json:"outcome_columns"`
			}
			if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "m."+f+".meta.json"))), &m); err != nil || len(m.Outcomes) != 3*2+7 ||
				m.Outcomes[0].Name != "threat_ferry_attack_averted" || !strings.Contains(readFile(t, filepath.Join(dir, "m."+f+".summary.csv")), ",objective_lawful_met,") {
				t.Errorf("merged outcome columns: %+v %v", m.Outcomes, err)
			}
		})
	}
}

// startBatch starts a long batch and waits until its spool holds some rows.
func startBatch(t *testing.T, out string, runs int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary, "batch", "-n", strconv.Itoa(runs), "-q", "-o", out)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if st, err := os.Stat(out + ".partial"); err == nil && st.Size() > 300<<10 { // past the first 256 KiB buffer flush
			return cmd
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no spool after 60 s: %s", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestResumeAfterKill: SIGKILL mid-batch (which may tear the last line),
// then --resume, gives the same files as an uninterrupted batch.
func TestResumeAfterKill(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const runs = 40000 // long enough to kill mid-way on a loaded 2-core machine
	whole := filepath.Join(dir, "whole.csv")
	if _, e, c := runBin(t, nil, "batch", "-n", strconv.Itoa(runs), "-q", "-o", whole); c != 0 {
		t.Fatal(e)
	}
	out := filepath.Join(dir, "k.csv")
	cmd := startBatch(t, out, runs)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if _, err := os.Stat(out); err == nil {
		t.Skip("the batch finished before it was killed; nothing to test")
	}
	// Without --resume the finished runs are protected.
	if _, e, c := runBin(t, nil, "batch", "-n", strconv.Itoa(runs), "-q", "-o", out); c != 1 || !strings.Contains(e, "--resume") {
		t.Fatalf("rerun without --resume: exit %d: %s", c, e)
	}
	if _, e, c := runBin(t, nil, "batch", "-n", strconv.Itoa(runs), "-q", "-o", out, "--resume"); c != 0 {
		t.Fatal(e)
	}
	for _, suffix := range []string{".csv", ".csv.summary.csv", ".csv.meta.json"} {
		if readFile(t, filepath.Join(dir, "whole"+suffix)) != readFile(t, filepath.Join(dir, "k"+suffix)) {
			t.Errorf("resumed %s differs from the uninterrupted batch", suffix)
		}
	}
}

// TestInterrupt: SIGINT stops cleanly with exit 130 and keeps the runs.
func TestInterrupt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "i.csv")
	cmd := startBatch(t, out, 200000)
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit: %v, want 130", err)
	}
	f, err := os.Open(out + ".partial")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Every line is complete and runs follow on from 0.
	sc := bufio.NewScanner(f)
	sc.Scan()
	n := 0
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), strconv.Itoa(n)+",") {
			t.Fatalf("line %d: %q", n+2, sc.Text())
		}
		n++
	}
	if n == 0 || n%128 != 0 { // whole chunks of runner.ChunkSize
		t.Fatalf("%d runs kept", n)
	}
}

// TestBatchBadInput: every bad input gives a clear message and exit 1 or 2,
// and leaves an existing results file untouched.
func TestBatchBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.csv")
	const precious = "results from yesterday\n"
	os.WriteFile(keep, []byte(precious), 0o644)
	// Shards for the merge cases.
	sh := func(exp, k string) {
		if _, e, c := runBin(t, nil, "batch", "-e", exp, "-q", "-o", filepath.Join(dir, "s.csv"), "--shard", k); c != 0 {
			t.Fatal(e)
		}
	}
	sh(smallExp, "0/2")
	sh(smallExp, "1/2")
	os.WriteFile(filepath.Join(dir, "o.csv"), nil, 0o644)
	if _, e, c := runBin(t, nil, "batch", "-e", "testdata/batch/other.toml", "-q", "-o", filepath.Join(dir, "o.csv"), "--shard", "1/2"); c != 0 {
		t.Fatal(e)
	}
	cut := filepath.Join(dir, "cut.shard-1-of-2.csv")
	full := readFile(t, filepath.Join(dir, "s.shard-1-of-2.csv"))
	os.WriteFile(cut, []byte(full[:len(full)-40]), 0o644)
	os.WriteFile(filepath.Join(dir, "cut.shard-1-of-2.csv.meta.json"), []byte(readFile(t, filepath.Join(dir, "s.shard-1-of-2.csv.meta.json"))), 0o644)

	var log strings.Builder
	for _, tt := range []struct {
		name string
		env  []string
		args []string
		code int
	}{
		// A --policy flag is judged as run judges it: exit 2 (issue 11: batch exited 1).
		{"unknown policy", nil, []string{"batch", "-p", "share-most"}, 2},
		{"bad policy param", nil, []string{"batch", "-p", "by-trust:threshold=2"}, 2},
		{"bad policy syntax", nil, []string{"batch", "-p", "by-trust:threshold"}, 2},
		{"bad experiment", nil, []string{"batch", "-e", "testdata/batch/bad.toml"}, 1},
		{"missing experiment", nil, []string{"batch", "-e", "testdata/batch/none.toml"}, 1},
		{"missing scenario", nil, []string{"batch", "nope.toml"}, 1},
		{"policy with experiment", nil, []string{"batch", "-e", smallExp, "-p", "share-all"}, 2},
		{"bad shard", nil, []string{"batch", "--shard", "4/4"}, 2},
		{"slurm list array", []string{"SLURM_ARRAY_TASK_ID=3", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_MAX=5", "SLURM_ARRAY_TASK_COUNT=3"}, []string{"batch"}, 2},
		{"k8s without count", []string{"JOB_COMPLETION_INDEX=1"}, []string{"batch"}, 2},
		{"format clash", nil, []string{"batch", "--format", "parquet"}, 2},
		{"negative runs", nil, []string{"batch", "-n", "-5"}, 2},
		{"merge missing shard", nil, []string{"merge", "-o", keep, filepath.Join(dir, "s.shard-0-of-2.csv")}, 1},
		{"merge different batches", nil, []string{"merge", "-o", keep, filepath.Join(dir, "s.shard-0-of-2.csv"), filepath.Join(dir, "o.shard-1-of-2.csv")}, 1},
		{"merge truncated shard", nil, []string{"merge", "-o", filepath.Join(dir, "m.csv"), filepath.Join(dir, "s.shard-0-of-2.csv"), cut}, 1},
		{"merge onto an output", nil, []string{"merge", "-o", keep, filepath.Join(dir, "s.shard-0-of-2.csv"), filepath.Join(dir, "s.shard-1-of-2.csv")}, 1},
		{"merge unreadable", nil, []string{"merge", "-o", keep, filepath.Join(dir, "nope.shard-0-of-2.csv")}, 1},
		{"merge not a shard", nil, []string{"merge", "-o", keep, keep}, 2},
		{"merge bad out", nil, []string{"merge", "-o", filepath.Join(dir, "x.txt"), filepath.Join(dir, "s.shard-0-of-2.csv")}, 2},
		{"report no meta", nil, []string{"report", keep}, 1},
		{"report bad name", nil, []string{"report", filepath.Join(dir, "r.txt")}, 2},
	} {
		args := tt.args
		if args[0] == "batch" {
			args = append(args, "-q", "-o", keep)
		}
		_, stderr, code := runBin(t, tt.env, args...)
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d: %s", tt.name, code, tt.code, stderr)
		}
		if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
			t.Errorf("%s: panicked: %s", tt.name, stderr)
		}
		if got := readFile(t, keep); got != precious {
			t.Fatalf("%s: overwrote %s", tt.name, keep)
		}
		// Only the first lines of the usage text matter.
		if i := strings.Index(stderr, "\nUsage:"); i >= 0 {
			stderr = stderr[:i] + "\n"
		}
		first := strings.SplitN(stderr, "\nUsage", 2)[0]
		log.WriteString("## " + tt.name + " (exit " + strconv.Itoa(code) + ")\n" + sanitize(first, dir) + "\n")
	}
	goldenBatch(t, "errors.txt", log.String())
	// A failed merge leaves nothing behind: no output, temporary or lock.
	if left, _ := filepath.Glob(filepath.Join(dir, "*m.*")); len(left) > 0 {
		t.Errorf("a failed merge left %v", left)
	}
}

// readAllFormats runs `batch -q` with args once per output format (CSV,
// JSONL, Parquet) and reads the files with DuckDB through script (a Node.js
// file in testdata; scripts/duckdb-reader.sh installs DuckDB's client from
// npm). It returns the files and what the script printed, and skips the
// test if the reader cannot be installed here.
func readAllFormats(t *testing.T, script string, args ...string) ([]string, []byte) {
	t.Helper()
	inst := exec.Command("../../scripts/duckdb-reader.sh")
	var errb bytes.Buffer
	inst.Stderr = &errb
	ddir, err := inst.Output()
	if err != nil {
		t.Skipf("DuckDB's reader cannot be installed here, so the outputs are not cross-checked: %v\n%s", err, errb.String())
	}
	dir := t.TempDir()
	var files []string
	for _, f := range []string{"csv", "jsonl", "parquet"} {
		// A folder each, as the DuckDB script expects (one format per folder).
		if err := os.Mkdir(filepath.Join(dir, f), 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, f, "r."+f)
		a := append(append([]string{"batch"}, args...), "-q", "-o", p)
		if _, e, c := runBin(t, nil, a...); c != 0 {
			t.Fatal(e)
		}
		files = append(files, p)
	}
	cmd := exec.Command("node", append([]string{script}, files...)...)
	cmd.Env = append(os.Environ(), "DUCKDB_DIR="+strings.TrimSpace(string(ddir)))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("DuckDB reader: %v\n%s", err, out)
	}
	return files, out
}

// TestIndependentReader reads the CSV, JSONL and Parquet outputs with
// DuckDB (scripts/duckdb-reader.sh installs its Node.js client from npm)
// and checks counts, sums and columns against what tearline-sim wrote.
func TestIndependentReader(t *testing.T) {
	t.Parallel()
	files, out := readAllFormats(t, "testdata/batch/read.mjs", "-e", smallExp, "-n", "50")
	// 2 points × 2 policies × 50 replications = 200 runs, numbered 0..199.
	const n, runSum = 200, 199 * 200 / 2
	var meta struct {
		Columns []string `json:"columns"`
	}
	json.Unmarshal([]byte(readFile(t, files[0]+".meta.json")), &meta)
	want := ots(t, files[0])
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var got struct {
			File     string   `json:"file"`
			N        int      `json:"n"`
			Runs     int      `json:"runs"`
			OTS      float64  `json:"ots"`
			Policies int      `json:"policies"`
			Columns  []string `json:"columns"`
		}
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if got.N != n || got.Runs != runSum || got.Policies != 2 || math.Abs(got.OTS-want) > 1e-9 ||
			strings.Join(got.Columns, ",") != strings.Join(meta.Columns, ",") {
			t.Errorf("%s read by DuckDB: %+v; want n %d, run sum %d, on_time_share sum %v, columns %v", got.File, got, n, runSum, want, meta.Columns)
		}
	}
}

// ots sums the on_time_share column of a CSV file, read by hand.
func ots(t *testing.T, path string) float64 {
	lines := strings.Split(strings.TrimSpace(readFile(t, path)), "\n")
	head := strings.Split(lines[0], ",")
	col := -1
	for i, h := range head {
		if h == "on_time_share" {
			col = i
		}
	}
	var s float64
	for _, l := range lines[1:] {
		v, err := strconv.ParseFloat(strings.Split(l, ",")[col], 64)
		if err != nil {
			t.Fatal(err)
		}
		s += v
	}
	return s
}

func TestReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rows := filepath.Join(dir, "r.parquet")
	if _, e, c := runBin(t, nil, "batch", "-e", smallExp, "-q", "-o", rows); c != 0 {
		t.Fatal(e)
	}
	stdout, e, c := runBin(t, nil, "report", rows)
	if c != 0 {
		t.Fatal(e)
	}
	goldenBatch(t, "report.stdout", sanitize(stdout, dir))
	rdir := filepath.Join(dir, "r-report")
	goldenBatch(t, "report.md", readFile(t, filepath.Join(rdir, "report.md")))
	for _, name := range []string{"coverage", "on_time_share", "attributable_leaks"} { // 2 design points: too few for PRCC, so no tornado charts
		f, err := os.Open(filepath.Join(rdir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(f); err != nil {
			t.Errorf("%s.png: %v", name, err)
		}
		f.Close()
		svg := readFile(t, filepath.Join(rdir, name+".svg"))
		if !strings.Contains(svg, "<svg") || !strings.Contains(svg, "@font-face") {
			t.Errorf("%s.svg is not an SVG with embedded fonts", name)
		}
	}
}

// TestBatchReplaysDecisionLog: a decision log recorded by `run` and replayed
// as a batch policy gives run 0 (the recorded seed and stream) the same
// outcome as the policy that made the decisions.
func TestBatchReplaysDecisionLog(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rec := filepath.Join(dir, "rec.json")
	if _, e, c := runBin(t, nil, "run", "--seed", "5", "--policy", "interested", "--record", rec); c != 0 {
		t.Fatal(e)
	}
	metrics := func(policy, out string) string {
		if _, e, c := runBin(t, nil, "batch", "-n", "3", "--seed", "5", "-p", policy, "-q", "-o", out); c != 0 {
			t.Fatal(e)
		}
		lines := strings.Split(readFile(t, out), "\n")
		f := strings.SplitN(lines[1], ",", 6) // run, seed, policy, point, rep, metrics...
		return f[5]
	}
	a := metrics("interested", filepath.Join(dir, "a.csv"))
	b := metrics("log:"+rec, filepath.Join(dir, "b.csv"))
	if a != b {
		t.Fatalf("replayed log gives %s, the recorded policy %s", b, a)
	}
}
