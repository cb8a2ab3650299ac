package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"tearline/cmd/tearline-sim/internal/results"
)

// The fault-injection tests run batch, merge and report in this process
// with results.InjectFaults making one file operation fail — every create,
// write, fsync, close, link and rename of the run in turn — and check that
// nothing is lost: a spool with runs in it survives, a final file is never
// half-written, metadata only ever sits beside the rows and summary it
// describes, an existing output is untouched until the new one is complete,
// no temporary or lock is left, and rerunning (--resume) finishes the job
// with the same bytes as a run without faults.
//
// They set a global hook, so they do not call t.Parallel(): Go runs them
// before any parallel test starts.

var errInjected = errors.New("injected failure")

// faults counts the output file operations of one command and fails the
// one numbered failAt (from 1; 0 fails none).
type faults struct {
	mu     sync.Mutex
	failAt int
	ops    []string // "op file", in order
}

func (f *faults) hook(op results.Op, path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops = append(f.ops, string(op)+" "+filepath.Base(path))
	if len(f.ops) == f.failAt {
		return errInjected
	}
	return nil
}

// inproc runs tearline-sim in this process with the fault hook f (nil: no
// hook).
func inproc(f *faults, args ...string) (string, string, int) {
	if f != nil {
		defer results.InjectFaults(f.hook)()
	}
	var out, errb bytes.Buffer
	code := run(args, env{stdout: &out, stderr: &errb})
	return out.String(), errb.String(), code
}

// countOps returns the file operations a command makes, run once with
// mkArgs(dir) in a new folder.
func countOps(t *testing.T, setup func(dir string), mkArgs func(dir string) []string) []string {
	t.Helper()
	dir := t.TempDir()
	setup(dir)
	f := &faults{}
	if _, e, c := inproc(f, mkArgs(dir)...); c != 0 {
		t.Fatalf("without faults: exit %d: %s", c, e)
	}
	if len(f.ops) == 0 {
		t.Fatal("no file operation went through the hook")
	}
	return f.ops
}

// snapshot reads the files named in dir (missing ones as absent).
func snapshot(dir string, names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		if b, err := os.ReadFile(filepath.Join(dir, n)); err == nil {
			m[n] = string(b)
		}
	}
	return m
}

// restore writes the files of a snapshot into dir.
func restore(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for n, b := range files {
		writeFile(t, filepath.Join(dir, n), b)
	}
}

// leftovers lists temporaries and locks in dir.
func leftovers(dir string) []string {
	var out []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") || strings.HasSuffix(e.Name(), ".lock") {
			out = append(out, e.Name())
		}
	}
	return out
}

// checkOutput checks the invariant of an output's files after a failure:
// each of them is absent or whole (equal to one of the complete versions
// given), and metadata, if there, sits beside the rows and summary of the
// same version.
func checkOutput(t *testing.T, what string, got map[string]string, versions ...map[string]string) {
	t.Helper()
	for name, b := range got {
		ok := false
		for _, v := range versions {
			ok = ok || v[name] == b
		}
		if !ok {
			t.Errorf("%s: %s is half-written or of no known version", what, name)
		}
	}
	for name := range got {
		if !strings.HasSuffix(name, ".meta.json") {
			continue
		}
		match := false
		for _, v := range versions {
			if v[name] != got[name] {
				continue
			}
			match = true
			for n, b := range v {
				if got[n] != b {
					match = false
				}
			}
		}
		if !match {
			t.Errorf("%s: %s vouches for rows or a summary that are not beside it", what, name)
		}
	}
}

// TestFaultsBatch: batch with every file operation failing in turn, for a
// new output and for one replacing another batch's (--force).
func TestFaultsBatch(t *testing.T) {
	for _, tt := range []struct {
		format string
		force  bool
	}{{"csv", false}, {"parquet", false}, {"csv", true}} {
		t.Run(fmt.Sprintf("%s force=%v", tt.format, tt.force), func(t *testing.T) {
			names := []string{"r." + tt.format, "r." + tt.format + ".summary.csv", "r." + tt.format + ".meta.json"}
			// 300 runs: three chunks of runner.ChunkSize.
			batch := func(dir string, extra ...string) []string {
				return append([]string{"batch", "-n", "300", "--seed", "3", "-q", "-w", "2", "-o", filepath.Join(dir, names[0])}, extra...)
			}
			refDir := t.TempDir()
			if _, e, c := inproc(nil, batch(refDir)...); c != 0 {
				t.Fatal(e)
			}
			ref := snapshot(refDir, names...)
			var oldOut map[string]string // another batch's output, to be replaced
			if tt.force {
				oldDir := t.TempDir()
				if _, e, c := inproc(nil, "batch", "-n", "50", "--seed", "4", "-q", "-o", filepath.Join(oldDir, names[0])); c != 0 {
					t.Fatal(e)
				}
				oldOut = snapshot(oldDir, names...)
			}
			old := func(dir string) { restore(t, dir, oldOut) }
			ops := countOps(t, old, func(dir string) []string { return batch(dir, "--force") })
			spoolAt := -1
			for i, op := range ops {
				if op == "create "+names[0]+".partial" {
					spoolAt = i + 1
				}
			}
			if spoolAt < 0 {
				t.Fatalf("the spool is never created: %v", ops)
			}
			for k := 1; k <= len(ops); k++ {
				what := fmt.Sprintf("failing op %d (%s)", k, ops[k-1])
				dir := t.TempDir()
				old(dir)
				_, stderr, code := inproc(&faults{failAt: k}, batch(dir, "--force")...)
				if code == 0 {
					t.Errorf("%s: exit 0", what)
				}
				if !strings.Contains(stderr, errInjected.Error()) {
					t.Errorf("%s: the message does not say what failed: %s", what, stderr)
				}
				got := snapshot(dir, names...)
				checkOutput(t, what, got, ref, oldOut)
				if mf := "r." + tt.format + ".meta.json"; got[mf] != ref[mf] {
					// Not finished: the runs must still be in the spool,
					// once it was made.
					if _, err := os.Stat(filepath.Join(dir, names[0]+".partial")); err != nil && k > spoolAt {
						t.Errorf("%s: the spool is gone and the batch is not finished", what)
					}
				}
				if left := leftovers(dir); len(left) > 0 {
					t.Errorf("%s: left %v", what, left)
				}
				if _, e, c := inproc(nil, batch(dir, "--resume", "--force")...); c != 0 {
					t.Errorf("%s: resume: exit %d: %s", what, c, e)
					continue
				}
				if again := snapshot(dir, names...); fmt.Sprint(again) != fmt.Sprint(ref) {
					t.Errorf("%s: the resumed output differs from a batch without faults", what)
				}
				if _, err := os.Stat(filepath.Join(dir, names[0]+".partial")); err == nil {
					t.Errorf("%s: spool left after the resumed batch finished", what)
				}
			}
			t.Logf("%d file operations, each made to fail: %s", len(ops), strings.Join(ops, ", "))
		})
	}
}

// TestFaultsMerge: merge with every file operation failing in turn; the
// shards are never touched.
func TestFaultsMerge(t *testing.T) {
	src := t.TempDir()
	for _, k := range []string{"0/2", "1/2"} {
		if _, e, c := inproc(nil, "batch", "-e", smallExp, "-q", "-o", filepath.Join(src, "s.csv"), "--shard", k); c != 0 {
			t.Fatal(e)
		}
	}
	shardNames := []string{"s.shard-0-of-2.csv", "s.shard-0-of-2.csv.summary.csv", "s.shard-0-of-2.csv.meta.json",
		"s.shard-1-of-2.csv", "s.shard-1-of-2.csv.summary.csv", "s.shard-1-of-2.csv.meta.json"}
	shards := snapshot(src, shardNames...)
	in := []string{filepath.Join(src, shardNames[0]), filepath.Join(src, shardNames[3])}
	names := []string{"m.parquet", "m.parquet.summary.csv", "m.parquet.meta.json"}
	merge := func(dir string, extra ...string) []string {
		return append(append([]string{"merge", "-o", filepath.Join(dir, names[0])}, extra...), in...)
	}
	refDir := t.TempDir()
	if _, e, c := inproc(nil, merge(refDir)...); c != 0 {
		t.Fatal(e)
	}
	ref := snapshot(refDir, names...)
	// The old output: a merge of another batch (other.toml's shards).
	oldSrc := t.TempDir()
	for _, k := range []string{"0/1"} {
		if _, e, c := inproc(nil, "batch", "-e", "testdata/batch/other.toml", "-q", "-o", filepath.Join(oldSrc, "o.parquet"), "--shard", k); c != 0 {
			t.Fatal(e)
		}
	}
	oldDir := t.TempDir()
	if _, e, c := inproc(nil, "merge", "-o", filepath.Join(oldDir, names[0]), filepath.Join(oldSrc, "o.shard-0-of-1.parquet")); c != 0 {
		t.Fatal(e)
	}
	oldOut := snapshot(oldDir, names...)
	old := func(dir string) { restore(t, dir, oldOut) }
	ops := countOps(t, old, func(dir string) []string { return merge(dir, "--force") })
	for k := 1; k <= len(ops); k++ {
		what := fmt.Sprintf("failing op %d (%s)", k, ops[k-1])
		for _, force := range []bool{false, true} {
			dir := t.TempDir()
			args := merge(dir)
			if force {
				old(dir)
				args = merge(dir, "--force")
			}
			_, stderr, code := inproc(&faults{failAt: k}, args...)
			if code == 0 && k <= len(ops) && !force {
				// Without an old output the merge makes fewer operations:
				// past its last one, nothing fails.
				if got := snapshot(dir, names...); fmt.Sprint(got) != fmt.Sprint(ref) {
					t.Errorf("%s: exit 0 but the output differs", what)
				}
				continue
			}
			if code == 0 {
				t.Errorf("%s (force=%v): exit 0", what, force)
			} else if !strings.Contains(stderr, errInjected.Error()) {
				t.Errorf("%s (force=%v): the message does not say what failed: %s", what, force, stderr)
			}
			checkOutput(t, what, snapshot(dir, names...), ref, oldOut)
			if left := leftovers(dir); len(left) > 0 {
				t.Errorf("%s: left %v", what, left)
			}
			if now := snapshot(src, shardNames...); fmt.Sprint(now) != fmt.Sprint(shards) {
				t.Fatalf("%s: the shards changed", what)
			}
			if _, e, c := inproc(nil, merge(dir, "--force")...); c != 0 || fmt.Sprint(snapshot(dir, names...)) != fmt.Sprint(ref) {
				t.Errorf("%s: merging again: exit %d: %s", what, c, e)
			}
		}
	}
	t.Logf("%d file operations, each made to fail", len(ops))
}

// reportFolder reads every file of a report folder (nil if there is none).
func reportFolder(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	m := map[string]string{}
	for _, e := range ents {
		m[e.Name()] = readFile(t, filepath.Join(dir, e.Name()))
	}
	return m
}

// TestFaultsReport: report with every file operation failing in turn: the
// folder is the old one (or none), or the whole new one. The batches have
// no factors, so the report has three charts and no PRCC: each report
// takes a fraction of a second, but seconds under the race detector, and
// there are 32 operations (×2). The six chart files are written by one
// function, so under -short (make test) only the first chart's operations
// are failed, with every other operation (lock, folder, report.md, the
// renames): 12 of 32.
func TestFaultsReport(t *testing.T) {
	src := t.TempDir()
	rows, other := filepath.Join(src, "r.csv"), filepath.Join(src, "o.csv")
	if _, e, c := inproc(nil, "batch", "-n", "20", "-q", "-o", rows); c != 0 {
		t.Fatal(e)
	}
	if _, e, c := inproc(nil, "batch", "-n", "20", "--seed", "2", "-q", "-o", other); c != 0 {
		t.Fatal(e)
	}
	report := func(dir, of string, extra ...string) []string {
		return append([]string{"report", of, "-o", filepath.Join(dir, "rep")}, extra...)
	}
	refDir := t.TempDir()
	if _, e, c := inproc(nil, report(refDir, rows)...); c != 0 {
		t.Fatal(e)
	}
	ref := reportFolder(t, filepath.Join(refDir, "rep"))
	oldDir := t.TempDir()
	if _, e, c := inproc(nil, report(oldDir, other)...); c != 0 {
		t.Fatal(e)
	}
	oldRep := reportFolder(t, filepath.Join(oldDir, "rep"))
	old := func(dir string) {
		os.Mkdir(filepath.Join(dir, "rep"), 0o755)
		restore(t, filepath.Join(dir, "rep"), oldRep)
	}
	ops := countOps(t, old, func(dir string) []string { return report(dir, rows, "--force") })
	firstChart, failed := "", 0
	for k := 1; k <= len(ops); k++ {
		if file := opFile(ops[k-1]); isChart(file) {
			if firstChart == "" {
				firstChart = file
			}
			if testing.Short() && file != firstChart {
				continue // the charts are written alike: the first stands for all
			}
		}
		failed++
		what := fmt.Sprintf("failing op %d (%s)", k, ops[k-1])
		for _, force := range []bool{false, true} {
			dir := t.TempDir()
			args := report(dir, rows)
			if force {
				old(dir)
				args = report(dir, rows, "--force")
			}
			_, stderr, code := inproc(&faults{failAt: k}, args...)
			got := reportFolder(t, filepath.Join(dir, "rep"))
			switch {
			case code == 0 && !force:
				// Fewer operations without an old folder: past the last, none fails.
			case code == 0:
				t.Errorf("%s (force): exit 0", what)
			case !strings.Contains(stderr, errInjected.Error()):
				t.Errorf("%s (force=%v): the message does not say what failed: %s", what, force, stderr)
			}
			want := []map[string]string{ref}
			if force {
				want = append(want, oldRep)
			} else if code != 0 {
				want = append(want, nil)
			}
			ok := false
			for _, w := range want {
				ok = ok || fmt.Sprint(keys(got)) == fmt.Sprint(keys(w)) && fmt.Sprint(got) == fmt.Sprint(w)
			}
			if !ok {
				t.Errorf("%s (force=%v): the report folder is neither the old one nor the whole new one: %v", what, force, keys(got))
			}
			if left := leftovers(dir); len(left) > 0 {
				t.Errorf("%s: left %v", what, left)
			}
		}
	}
	t.Logf("%d file operations, %d of them made to fail: %s", len(ops), failed, strings.Join(ops, ", "))
}

// opFile is the file of a recorded file operation ("report.md" of "write
// report.md").
func opFile(op string) string {
	_, f, _ := strings.Cut(op, " ")
	return f
}

// isChart reports whether file is one of the report's chart images.
func isChart(file string) bool {
	return strings.HasSuffix(file, ".png") || strings.HasSuffix(file, ".svg")
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
