package runner

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/cmd/tearline-sim/internal/shard"
	"tearline/scenarios"
)

// smallExperiment is 2 points × 2 policies × 300 replications = 1200 runs:
// enough for several chunks per shard and groups that straddle shards.
const smallExperiment = `
[experiment]
id = "runner-test"
scenario = "default.toml"
seed = 42
replications = 300
[[policy]]
name = "share-all"
[[policy]]
name = "by-trust"
params = { threshold = 0.7 }
[[factor]]
path = "model.leak_rate"
values = [0.002, 0.006]
`

func testExperiment(t testing.TB) *experiment.Experiment {
	return testExperimentReps(t, 0)
}

// testExperimentReps is testExperiment with reps replications (0: the file's).
func testExperimentReps(t testing.TB, reps int64) *experiment.Experiment {
	e, err := experiment.Parse("runner-test.toml", []byte(smallExperiment), experiment.Options{Replications: reps})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var testMeta = results.Meta{Tool: "tearline-sim", Version: "test", GoVersion: "go-test"}

func mustRun(t *testing.T, c Config) Result {
	t.Helper()
	if c.Meta.Tool == "" {
		c.Meta = testMeta
	}
	res, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete {
		t.Fatal("not complete")
	}
	return res
}

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWorkersDoNotMatter: 1 and 3 workers write the same bytes.
func TestWorkersDoNotMatter(t *testing.T) {
	t.Parallel()
	e := testExperiment(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	mustRun(t, Config{Exp: e, Out: a, Format: results.CSV, Workers: 1})
	mustRun(t, Config{Exp: e, Out: b, Format: results.CSV, Workers: 3})
	if !bytes.Equal(read(t, a), read(t, b)) {
		t.Fatal("rows differ between 1 and 3 workers")
	}
	if !bytes.Equal(read(t, results.PathsFor(a).Summary), read(t, results.PathsFor(b).Summary)) {
		t.Fatal("summaries differ")
	}
	for _, p := range []string{a + ".partial", a + ".partial.json"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s left behind", p)
		}
	}
}

// TestShardsConcatenate: the CSV shards' rows, in order, are the unsharded rows.
func TestShardsConcatenate(t *testing.T) {
	t.Parallel()
	e := testExperiment(t)
	dir := t.TempDir()
	whole := filepath.Join(dir, "w.csv")
	mustRun(t, Config{Exp: e, Out: whole, Format: results.CSV, Workers: 2})
	var cat []byte
	out := filepath.Join(dir, "s.csv")
	const n = 3 // shards
	for k := 0; k < n; k++ {
		res := mustRun(t, Config{Exp: e, Out: out, Format: results.CSV, Workers: k + 1, Shard: shard.Shard{Index: k, Count: n, Source: "--shard"}})
		b := read(t, res.Rows)
		if k > 0 {
			b = b[bytes.IndexByte(b, '\n')+1:]
		}
		cat = append(cat, b...)
		m, err := results.ReadMeta(results.PathsFor(res.Rows).Meta)
		if err != nil || m.Shard == nil || m.Shard.Index != k || !m.Complete {
			t.Fatalf("shard %d meta: %+v %v", k, m, err)
		}
	}
	if !bytes.Equal(cat, read(t, whole)) {
		t.Fatal("concatenated shards differ from the unsharded batch")
	}
}

// TestInterruptAndResume: cancel mid-batch, check the spool, resume, and
// compare with an uninterrupted batch.
func TestInterruptAndResume(t *testing.T) {
	t.Parallel()
	// 2 points × 2 policies × 2500 = 10000 runs, 79 chunks: far more than
	// the 4 per worker in flight when the cancel lands after 300 runs.
	e := testExperimentReps(t, 2500)
	dir := t.TempDir()
	for _, f := range results.Formats {
		// One folder per format: the summary and metadata of whole.csv and
		// whole.parquet would be the same files.
		dir := filepath.Join(dir, string(f))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		whole := filepath.Join(dir, "whole."+string(f))
		mustRun(t, Config{Exp: e, Out: whole, Format: f, Workers: 2})

		out := filepath.Join(dir, "cut."+string(f))
		ctx, cancel := context.WithCancel(context.Background())
		p := &cancelAfter{n: 300, cancel: cancel}
		res, err := Run(ctx, Config{Exp: e, Out: out, Format: f, Workers: 2, Meta: testMeta, Progress: p})
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("%s: err %v, want ErrInterrupted", f, err)
		}
		if res.Done < 300 || res.Done >= e.Runs() || res.Done%ChunkSize != 0 {
			t.Fatalf("%s: %d runs done", f, res.Done)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%s: final file written by an interrupted batch", f)
		}
		// Without --resume the spool is protected.
		if _, err := Run(context.Background(), Config{Exp: e, Out: out, Format: f, Meta: testMeta}); err == nil || !strings.Contains(err.Error(), "--resume") {
			t.Fatalf("%s: rerun without resume: %v", f, err)
		}
		// A torn last line, as a SIGKILL mid-write leaves it.
		sp, _ := os.OpenFile(out+".partial", os.O_APPEND|os.O_WRONLY, 0)
		sp.WriteString("99999,42,share-a")
		sp.Close()
		res = mustRun(t, Config{Exp: e, Out: out, Format: f, Workers: 3, Resume: true})
		if res.Resumed == 0 {
			t.Fatalf("%s: resumed nothing", f)
		}
		for _, get := range []func(results.Paths) string{
			func(p results.Paths) string { return p.Rows },
			func(p results.Paths) string { return p.Summary },
			func(p results.Paths) string { return p.Meta },
		} {
			a, b := get(results.PathsFor(whole)), get(results.PathsFor(out))
			if ab, bb := read(t, a), read(t, b); !bytes.Equal(ab, bytes.ReplaceAll(bb, []byte("cut."), []byte("whole."))) {
				t.Errorf("%s: %s differs from %s", f, b, a)
			}
		}
		// Resuming a finished batch does nothing.
		if res := mustRun(t, Config{Exp: e, Out: out, Format: f, Resume: true}); !res.AlreadyComplete {
			t.Errorf("%s: second resume was not a no-op", f)
		}
	}
}

// TestResumeOtherBatch: a spool of another batch is refused, naming the
// first field that differs with both values (issue 10: the refusal did not
// say what differs).
func TestResumeOtherBatch(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		change func(e *experiment.Experiment, m *results.Meta) *experiment.Experiment
		want   string
	}{
		{"seed", func(e *experiment.Experiment, m *results.Meta) *experiment.Experiment {
			e.Seed = 43 // the file's seed is 42
			return e
		}, "was started with seed 42, this run has seed 43"},
		{"replications", func(_ *experiment.Experiment, m *results.Meta) *experiment.Experiment {
			return testExperimentReps(t, 3) // the file has 300 replications
		}, "was started with replications 300, this run has replications 3 (also differ: runs)"},
		{"build", func(e *experiment.Experiment, m *results.Meta) *experiment.Experiment {
			m.Build = "exe-sha256:other"
			return e
		}, "was started with build exe-sha256:test, this run has build exe-sha256:other"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "r.csv")
			meta := testMeta
			meta.Build = "exe-sha256:test"
			ctx, cancel := context.WithCancel(context.Background())
			// Stopped after its first chunk: a spool is left.
			if _, err := Run(ctx, Config{Exp: testExperiment(t), Out: out, Format: results.CSV, Workers: 1, Meta: meta,
				Progress: &cancelAfter{n: 1, cancel: cancel}}); !errors.Is(err, ErrInterrupted) {
				t.Fatalf("first run: %v", err)
			}
			e2 := tt.change(testExperiment(t), &meta)
			_, err := Run(context.Background(), Config{Exp: e2, Out: out, Format: results.CSV, Meta: meta, Resume: true})
			want := "--resume: the partial " + out + ".partial " + tt.want
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("err %v\nwant %q", err, want)
			}
		})
	}
}

// TestResumeCleansTemps: --resume removes the temporaries a killed batch
// left beside its outputs (issue 10: a kill -9 left hidden *.tmp-* files).
func TestResumeCleansTemps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "r.csv")
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := Run(ctx, Config{Exp: testExperiment(t), Out: out, Format: results.CSV, Workers: 1, Meta: testMeta,
		Progress: &cancelAfter{n: 1, cancel: cancel}}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("first run: %v", err)
	}
	// What a kill -9 while committing leaves: a temporary of each file.
	var left []string
	p := results.PathsFor(out)
	for _, final := range []string{p.Rows, p.Summary, p.Meta, p.SpoolMeta} {
		tmp := filepath.Join(dir, results.TempPrefix(final)+"123")
		if err := os.WriteFile(tmp, []byte("half written"), 0o644); err != nil {
			t.Fatal(err)
		}
		left = append(left, tmp)
	}
	res := mustRun(t, Config{Exp: testExperiment(t), Out: out, Format: results.CSV, Workers: 1, Resume: true})
	if len(res.Cleaned) != len(left) {
		t.Errorf("cleaned %v, want %v", res.Cleaned, left)
	}
	for _, tmp := range left {
		if _, err := os.Stat(tmp); err == nil {
			t.Errorf("%s left after --resume", tmp)
		}
	}
}

type cancelAfter struct {
	n, seen int
	cancel  func()
}

func (c *cancelAfter) Start(total, done int64) {}
func (c *cancelAfter) Add(n int) {
	c.seen += n
	if c.seen >= c.n {
		c.cancel()
	}
}
func (c *cancelAfter) Finish() {}

func plain(b testing.TB, runs int64) *experiment.Experiment {
	data, err := scenarios.FS.ReadFile(scenarios.Default)
	if err != nil {
		b.Fatal(err)
	}
	e, err := experiment.Plain(scenarios.Default, data, nil, 1, runs)
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// BenchmarkBatch measures end-to-end batch throughput on the default
// scenario with share-all, rows and summary written to disk: one op is one
// run. Compare workers=1 and workers=2 for the scaling.
func BenchmarkBatch(b *testing.B) {
	for _, bc := range []struct {
		name    string
		workers int
		format  results.Format
	}{
		{"csv/workers=1", 1, results.CSV},
		{"csv/workers=2", 2, results.CSV},
		{"parquet/workers=1", 1, results.Parquet},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			e := plain(b, int64(max(b.N, 1)))
			out := filepath.Join(b.TempDir(), "b."+string(bc.format))
			b.ResetTimer()
			cpu0 := cpuSeconds()
			if _, err := Run(context.Background(), Config{Exp: e, Out: out, Format: bc.format, Workers: bc.workers, Meta: testMeta}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			// runs/s/core is wall-clock throughput per worker; runs/cpu-s
			// divides by the CPU time the process really got, which stays
			// meaningful when other processes share the cores.
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/float64(bc.workers), "runs/s/core")
			if cpu := cpuSeconds() - cpu0; cpu > 0 {
				b.ReportMetric(float64(b.N)/cpu, "runs/cpu-s")
			}
		})
	}
}

// fireExperiment is 1 point × 3 fire levels × 1 policy × 200 replications =
// 600 runs: walk-in (an on-demand inject of Ardenmark, the played nation)
// not fired, fired at D+0 12:00 or at D+1 12:00, with the Velmoran press
// leak fired in every run. Enough runs for several chunks per shard.
const fireExperiment = `
[experiment]
id = "runner-fire"
scenario = "default.toml"
seed = 42
replications = 200
fire = ["press-leak@D+2"]
[[policy]]
name = "share-all"
[[factor]]
name = "walk_in"
fire = [[], ["walk-in@D+0 12:00"], ["walk-in@D+1 12:00"]]
`

// TestFireDeterministic: with fires, 1 and 3 workers and 3 shards write the
// same rows, the fire level is in every row and in the metadata, and
// firing the inject changes the outcome the way it must.
func TestFireDeterministic(t *testing.T) {
	t.Parallel()
	e, err := experiment.Parse("runner-fire.toml", []byte(fireExperiment), experiment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	mustRun(t, Config{Exp: e, Out: a, Format: results.CSV, Workers: 1})
	mustRun(t, Config{Exp: e, Out: b, Format: results.CSV, Workers: 3})
	rows := read(t, a)
	if !bytes.Equal(rows, read(t, b)) || !bytes.Equal(read(t, results.PathsFor(a).Summary), read(t, results.PathsFor(b).Summary)) {
		t.Fatal("rows or summaries differ between 1 and 3 workers")
	}
	var cat []byte
	const n = 3 // shards
	for k := 0; k < n; k++ {
		res := mustRun(t, Config{Exp: e, Out: filepath.Join(dir, "s.csv"), Format: results.CSV, Workers: 2, Shard: shard.Shard{Index: k, Count: n, Source: "--shard"}})
		s := read(t, res.Rows)
		if k > 0 {
			s = s[bytes.IndexByte(s, '\n')+1:]
		}
		cat = append(cat, s...)
	}
	if !bytes.Equal(cat, rows) {
		t.Fatal("concatenated shards differ from the unsharded batch")
	}

	m, err := results.ReadMeta(results.PathsFor(a).Meta)
	if err != nil {
		t.Fatal(err)
	}
	if m.Fire != "press-leak@D+2 00:00" || len(m.FireFactors) != 1 || strings.Join(m.FireFactors[0].Levels, "|") != "|walk-in@D+0 12:00|walk-in@D+1 12:00" ||
		len(m.PointFires) != 3 || m.PointFires[2][0] != "walk-in@D+1 12:00" || strings.Join(m.Columns[:7], ",") != "run,seed,policy,point,rep,walk_in,deliveries" {
		t.Fatalf("meta: fire %q, factors %+v, points %v, columns %v", m.Fire, m.FireFactors, m.PointFires, m.Columns)
	}

	// Mean deliveries per level: share-all sends the walk-in report to
	// Ardenmark's partners, so each fired level must deliver clearly more
	// (at least 1 more per run on average over 200 runs; 1.9 and 2.75 are
	// seen for the late and early fire).
	rd, err := results.NewCSVReader(bytes.NewReader(rows), "a.csv", Layout(e))
	if err != nil {
		t.Fatal(err)
	}
	var sum [3]float64
	var cnt [3]int
	var row results.Row
	for rd.Read(&row) == nil {
		lv := map[string]int{"": 0, "walk-in@D+0 12:00": 1, "walk-in@D+1 12:00": 2}[row.Fires[0]]
		if int64(lv) != row.Point {
			t.Fatalf("run %d: point %d has fire column %q", row.Run, row.Point, row.Fires[0])
		}
		sum[lv] += row.Metrics[0] // deliveries
		cnt[lv]++
	}
	none, early, late := sum[0]/float64(cnt[0]), sum[1]/float64(cnt[1]), sum[2]/float64(cnt[2])
	if cnt[0] != 200 || early < none+1 || late < none+1 {
		t.Fatalf("mean deliveries: not fired %.2f, D+0 12:00 %.2f, D+1 12:00 %.2f (%v runs)", none, early, late, cnt)
	}
}

// TestResumeChecksSpool: a spool edited within its last checkpoint is
// refused; rows appended after it are dropped and run again.
func TestResumeChecksSpool(t *testing.T) {
	t.Parallel()
	e := testExperimentReps(t, 200) // 800 runs
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.csv")
	mustRun(t, Config{Exp: e, Out: whole, Format: results.CSV, Workers: 2})
	interrupted := func(name string) string {
		out := filepath.Join(dir, name)
		ctx, cancel := context.WithCancel(context.Background())
		if _, err := Run(ctx, Config{Exp: e, Out: out, Format: results.CSV, Workers: 1, Meta: testMeta, Progress: &cancelAfter{n: 200, cancel: cancel}}); !errors.Is(err, ErrInterrupted) {
			t.Fatal(err)
		}
		return out
	}
	edited := interrupted("edited.csv")
	b := read(t, edited+".partial")
	i := bytes.Index(b, []byte("\n5,")) + 3 // run 5's seed
	b[i] = '9'
	os.WriteFile(edited+".partial", b, 0o644)
	if _, err := Run(context.Background(), Config{Exp: e, Out: edited, Format: results.CSV, Meta: testMeta, Resume: true}); err == nil ||
		!strings.Contains(err.Error(), "differ from the checksum in "+edited+".partial.json") {
		t.Errorf("edited spool: %v", err)
	}

	extra := interrupted("extra.csv")
	sp, _ := os.OpenFile(extra+".partial", os.O_APPEND|os.O_WRONLY, 0)
	sp.WriteString("999,42,share-all,0,0,1,2,3\n") // whole, but past the checkpoint
	sp.Close()
	mustRun(t, Config{Exp: e, Out: extra, Format: results.CSV, Resume: true})
	if !bytes.Equal(read(t, extra), read(t, whole)) {
		t.Error("rows after the checkpoint were kept")
	}
}

// TestOutputChecked: an output path that is a folder, or a finished output
// without Force, is refused before any run; Force replaces it.
func TestOutputChecked(t *testing.T) {
	t.Parallel()
	e := testExperiment(t)
	dir := t.TempDir()
	folder := filepath.Join(dir, "f.csv")
	os.Mkdir(folder, 0o755)
	if _, err := Run(context.Background(), Config{Exp: e, Out: folder, Format: results.CSV, Meta: testMeta}); err == nil ||
		!strings.Contains(err.Error(), "it is a directory") {
		t.Errorf("folder: %v", err)
	}
	if _, err := os.Stat(folder + ".partial"); err == nil {
		t.Error("a spool was started for a folder")
	}
	out := filepath.Join(dir, "r.csv")
	mustRun(t, Config{Exp: e, Out: out, Format: results.CSV})
	e2 := testExperiment(t)
	e2.Seed = 99
	if _, err := Run(context.Background(), Config{Exp: e2, Out: out, Format: results.CSV, Meta: testMeta}); err == nil ||
		!strings.Contains(err.Error(), "finished output of another batch") {
		t.Errorf("existing output: %v", err)
	}
	mustRun(t, Config{Exp: e2, Out: out, Format: results.CSV, Force: true})
	if m, err := results.ReadMeta(results.PathsFor(out).Meta); err != nil || m.Seed != 99 {
		t.Errorf("--force did not replace the output: %+v %v", m, err)
	}
}
