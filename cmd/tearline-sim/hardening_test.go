package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tearline/cmd/tearline-sim/internal/results"
	"tearline/internal/safetext"
)

// The hardening tests are the regression tests of issue 11 ("Hardening")
// that live in the CLI: every defect it lists under "What was found" that
// tearline-sim can show has a case here (or in faults_test.go, for the
// failures of write, rename and fsync), run against the built binary.

// slow bounds a command that must not hang or read without end: on the
// 2-core machine under load a small batch takes well under a second, so
// 30 s means it blocked on a FIFO or read /dev/zero.
const slow = 30 * time.Second

// runBinWithin is runBin that fails the test if the command runs past d
// (and kills it).
func runBinWithin(t *testing.T, d time.Duration, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v ran past %s (blocked, or reading without end)", args, d)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func writeFile(t *testing.T, path, data string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mkfifo(t *testing.T, path string) string {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// expWith is small.toml with its scenario and a policy's log replaced.
func expWith(scenario, log string) string {
	s := "[experiment]\nid = \"x\"\nscenario = " + strconv.Quote(scenario) + "\nreplications = 2\n[[policy]]\nname = \"share-all\"\n"
	if log != "" {
		s += "log = " + strconv.Quote(log) + "\n"
	}
	return s
}

// TestBoundedInputs: a device, a FIFO, a folder or an oversized file given
// where the CLI reads a file is refused at once with a message naming it
// (issue 11: `lint /dev/zero`, `run`, `batch -e` read until memory ran out;
// a FIFO blocked).
func TestBoundedInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := mkfifo(t, filepath.Join(dir, "fifo.toml"))
	big := writeFile(t, filepath.Join(dir, "big.toml"), strings.Repeat("# padding\n", 300_000)) // 3 MB: over the 2 MiB limit
	expFifoScenario := writeFile(t, filepath.Join(dir, "e1.toml"), expWith(fifo, ""))
	expFifoLog := writeFile(t, filepath.Join(dir, "e2.toml"), expWith("default.toml", fifo))
	expZeroLog := writeFile(t, filepath.Join(dir, "e3.toml"), expWith("default.toml", "/dev/zero"))
	// A finished batch whose metadata and rows are then swapped for special files.
	rows := filepath.Join(dir, "r.csv")
	if _, e, c := runBin(t, nil, "batch", "-n", "4", "-q", "-o", rows); c != 0 {
		t.Fatal(e)
	}
	fifoRows := filepath.Join(dir, "f.csv")
	mkfifo(t, fifoRows)
	writeFile(t, filepath.Join(dir, "f.csv.meta.json"), readFile(t, filepath.Join(dir, "r.csv.meta.json")))
	fifoMeta := filepath.Join(dir, "g.csv")
	writeFile(t, fifoMeta, readFile(t, rows))
	mkfifo(t, filepath.Join(dir, "g.csv.meta.json"))

	for _, tt := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"lint /dev/zero", []string{"lint", "/dev/zero"}, 1, "/dev/zero: cannot read the scenario: not a regular file: it is a device"},
		{"lint FIFO", []string{"lint", fifo}, 1, "it is a named pipe (FIFO)"},
		{"lint folder", []string{"lint", dir}, 1, "it is a directory"},
		{"lint big", []string{"lint", big}, 1, "at most 2 MiB"},
		{"run /dev/zero", []string{"run", "/dev/zero"}, 1, "/dev/zero: cannot read the scenario: not a regular file: it is a device"},
		{"run FIFO", []string{"run", fifo}, 1, "named pipe"},
		{"run --decisions /dev/zero", []string{"run", "--decisions", "/dev/zero"}, 1, "--decisions /dev/zero: cannot read the decision log: not a regular file: it is a device"},
		{"run --decisions FIFO", []string{"run", "--decisions", fifo}, 1, "named pipe"},
		{"batch /dev/zero", []string{"batch", "/dev/zero", "-q", "-o", filepath.Join(dir, "o1.csv")}, 1, "it is a device"},
		{"batch -e /dev/zero", []string{"batch", "-e", "/dev/zero", "-q", "-o", filepath.Join(dir, "o2.csv")}, 1, "/dev/zero: cannot read the experiment: not a regular file: it is a device"},
		{"batch -e FIFO", []string{"batch", "-e", fifo, "-q", "-o", filepath.Join(dir, "o3.csv")}, 1, "named pipe"},
		{"batch -e big", []string{"batch", "-e", big, "-q", "-o", filepath.Join(dir, "o4.csv")}, 1, "at most 1 MiB"},
		{"experiment scenario FIFO", []string{"batch", "-e", expFifoScenario, "-q", "-o", filepath.Join(dir, "o5.csv")}, 1, "named pipe"},
		{"experiment log FIFO", []string{"batch", "-e", expFifoLog, "-q", "-o", filepath.Join(dir, "o6.csv")}, 1, "named pipe"},
		{"experiment log /dev/zero", []string{"batch", "-e", expZeroLog, "-q", "-o", filepath.Join(dir, "o7.csv")}, 1, "it is a device"},
		{"batch -p log:/dev/zero", []string{"batch", "-p", "log:/dev/zero", "-q", "-o", filepath.Join(dir, "o8.csv")}, 1, "it is a device"},
		{"merge FIFO shard", []string{"merge", "-o", filepath.Join(dir, "m.csv"), fifoRows}, 1, "named pipe"},
		{"report FIFO rows", []string{"report", fifoRows}, 1, "named pipe"},
		{"report FIFO metadata", []string{"report", fifoMeta}, 1, "named pipe"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdout, stderr, code := runBinWithin(t, slow, tt.args...)
			if code != tt.code || !strings.Contains(stdout+stderr, tt.msg) { // lint lists on stdout
				t.Errorf("exit %d, want %d, with %q:\n%s%s", code, tt.code, tt.msg, stdout, stderr)
			}
		})
	}
}

// deepExperiment is an experiment whose factor values nest n arrays deep,
// and whose [experiment] table holds an inline table nested n deep.
func deepExperiment(n int) string {
	return expWith("default.toml", "") +
		"[[factor]]\npath = \"model.leak_rate\"\nvalues = " + strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + "\n" +
		"[design]\nx = " + strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) + "\n"
}

// TestDeepTOML: a 2,000-deep experiment is refused before the TOML library
// sees it, fast and in a few lines (issue 11: 4 MB of errors), and so is a
// deep scenario (a 40 KB one took the library 108 s and 4.2 GB).
func TestDeepTOML(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	exp := writeFile(t, filepath.Join(dir, "deep.toml"), deepExperiment(2000))
	start := time.Now()
	_, stderr, code := runBinWithin(t, slow, "batch", "-e", exp, "-q", "-o", filepath.Join(dir, "o.csv"))
	if code != 1 || !strings.Contains(stderr, "nested") || !strings.Contains(stderr, "deep") {
		t.Errorf("exit %d, want 1 with a nesting message:\n%.2000s", code, stderr)
	}
	// Two statements nest too deep, one problem each, plus the count line.
	if n := strings.Count(stderr, "\n"); len(stderr) > 4<<10 || n > 4 {
		t.Errorf("%d bytes, %d lines of errors; want a few short lines:\n%.2000s", len(stderr), n, stderr)
	}
	t.Logf("refused in %s", time.Since(start))

	// A deep scenario: lint, run and batch refuse it as fast (the check is
	// scenario.CheckTOMLShape, before the TOML library).
	deep := writeFile(t, filepath.Join(dir, "deep-scenario.toml"), "[scenario]\nid = "+strings.Repeat("{a=", 10000)+"1"+strings.Repeat("}", 10000)+"\n")
	for _, args := range [][]string{{"lint", deep}, {"run", deep}, {"batch", deep, "-q", "-o", filepath.Join(dir, "o.csv")}} {
		stdout, stderr, code := runBinWithin(t, slow, args...)
		if code != 1 || !strings.Contains(stdout+stderr, "nested 33 deep here") {
			t.Errorf("%v: exit %d, want 1 with a nesting message:\n%.2000s%.2000s", args, code, stdout, stderr)
		}
	}

	// Many problems are capped: 300 unknown keys give 50 lines and "and 250 more".
	var b strings.Builder
	b.WriteString(expWith("default.toml", ""))
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "[[policy]]\nname = \"share-all\"\nlabel = \"p%d\"\nnope%d = 1\n", i, i)
	}
	many := writeFile(t, filepath.Join(dir, "many.toml"), b.String())
	_, stderr, code = runBinWithin(t, slow, "batch", "-e", many, "-q", "-o", filepath.Join(dir, "o.csv"))
	if code != 1 || !strings.Contains(stderr, "and 251 more problems") || strings.Count(stderr, "\n") > 60 {
		t.Errorf("exit %d, want 1 with at most 50 problems then \"and N more\":\n%.3000s", code, stderr)
	}
}

// TestOutputsNeverDestroy: every output path is checked before any run; a
// directory, device, FIFO or missing folder is refused, and an existing
// decision log or batch output is replaced only with --force (issue 11).
func TestOutputsNeverDestroy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder.csv")
	os.Mkdir(folder, 0o755)
	fifo := mkfifo(t, filepath.Join(dir, "fifo.csv"))
	sumDir := filepath.Join(dir, "s.csv.summary.csv") // the summary of -o s.csv
	os.Mkdir(sumDir, 0o755)
	log := writeFile(t, filepath.Join(dir, "decisions.json"), "precious log\n")
	// A device node of our own (as root), so that a failure replaces
	// nothing of the system's: the null device's numbers, 1:3.
	dev := filepath.Join(dir, "dev.csv")
	haveDev := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3) == nil

	type check func(t *testing.T)
	isDir := func(p string) check {
		return func(t *testing.T) {
			if st, err := os.Stat(p); err != nil || !st.IsDir() {
				t.Errorf("%s is no longer a folder", p)
			}
		}
	}
	isFifo := func(p string) check {
		return func(t *testing.T) {
			if st, err := os.Lstat(p); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
				t.Errorf("%s is no longer a FIFO", p)
			}
		}
	}
	same := func(p, want string) check {
		return func(t *testing.T) {
			if got := readFile(t, p); got != want {
				t.Errorf("%s was changed", p)
			}
		}
	}
	absent := func(p string) check {
		return func(t *testing.T) {
			if _, err := os.Lstat(p); err == nil {
				t.Errorf("%s was written", p)
			}
		}
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		msg    string
		checks []check
	}{
		{"batch -o folder", []string{"batch", "-n", "4", "-q", "-o", folder}, 1, "folder.csv: not a regular file: it is a directory",
			[]check{isDir(folder), absent(folder + ".partial")}},
		{"batch -o FIFO", []string{"batch", "-n", "4", "-q", "-o", fifo}, 1, "it is a named pipe", []check{isFifo(fifo)}},
		{"batch summary is a folder", []string{"batch", "-n", "4", "-q", "-o", filepath.Join(dir, "s.csv")}, 1, "s.csv.summary.csv: not a regular file: it is a directory",
			[]check{isDir(sumDir), absent(filepath.Join(dir, "s.csv.partial"))}},
		{"batch -o missing folder", []string{"batch", "-n", "4", "-q", "-o", filepath.Join(dir, "nope", "x.csv")}, 1, "does not exist; create it first", nil},
		{"run --record folder", []string{"run", "--record", folder}, 1, "--record: " + folder + ": not a regular file: it is a directory", []check{isDir(folder)}},
		{"run --record FIFO", []string{"run", "--record", fifo}, 1, "named pipe", []check{isFifo(fifo)}},
		{"run --record existing", []string{"run", "--record", log}, 1, "a file is already there; pass --force", []check{same(log, "precious log\n")}},
	}
	if haveDev {
		isDev := func(t *testing.T) {
			if st, err := os.Lstat(dev); err != nil || st.Mode()&os.ModeDevice == 0 {
				t.Errorf("%s is no longer a device", dev)
			}
		}
		cases = append(cases,
			struct {
				name   string
				args   []string
				code   int
				msg    string
				checks []check
			}{"batch -o device", []string{"batch", "-n", "4", "-q", "-o", dev}, 1, "it is a device", []check{isDev}},
			struct {
				name   string
				args   []string
				code   int
				msg    string
				checks []check
			}{"run --record device", []string{"run", "--record", dev, "--force"}, 1, "it is a device", []check{isDev}})
	}
	for _, tt := range cases {
		start := time.Now()
		_, stderr, code := runBinWithin(t, slow, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%s: exit %d, want %d with %q:\n%s", tt.name, code, tt.code, tt.msg, stderr)
		}
		for _, c := range tt.checks {
			c(t)
		}
		t.Logf("%s: refused in %s", tt.name, time.Since(start))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.lock")); len(left) > 0 {
		t.Errorf("locks left behind: %v", left)
	}

	// --force replaces a decision log; without it, it stays.
	if _, e, c := runBin(t, nil, "run", "--record", log, "--force"); c != 0 || !strings.Contains(readFile(t, log), "decisions") {
		t.Errorf("run --record --force: exit %d: %s", c, e)
	}

	// A finished output, of this batch or another, is kept without --force.
	out := filepath.Join(dir, "b.csv")
	if _, e, c := runBin(t, nil, "batch", "-n", "4", "-q", "-o", out); c != 0 {
		t.Fatal(e)
	}
	first := readFile(t, out)
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-n", "4"}, 1, "it is the finished output of this same batch (--resume leaves it as it is); pass --force"},
		{[]string{"-n", "5"}, 1, "it is the finished output of another batch (4 runs, seed 1, scenario default.toml); pass --force"},
		{[]string{"-n", "4", "--resume"}, 0, ""},
	} {
		stdout, stderr, code := runBin(t, nil, append([]string{"batch", "-q", "-o", out}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) || readFile(t, out) != first {
			t.Errorf("batch %v over a finished output: exit %d, want %d with %q; output kept: %v\n%s%s", tt.args, code, tt.code, tt.msg, readFile(t, out) == first, stdout, stderr)
		}
	}
	if _, e, c := runBin(t, nil, "batch", "-n", "5", "-q", "-o", out, "--force"); c != 0 || strings.Count(readFile(t, out), "\n") != 6 {
		t.Errorf("batch --force: exit %d: %s", c, e)
	}
}

// TestTempsCleaned: temporaries that a kill -9 left beside an output are
// removed by the next batch on it (issue 11: nothing removed them).
func TestTempsCleaned(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "r.csv")
	left := []string{
		filepath.Join(dir, ".r.csv.tmp-123"), filepath.Join(dir, ".r.csv.summary.csv.tmp-9"),
		filepath.Join(dir, ".r.csv.meta.json.tmp-77"), filepath.Join(dir, ".r.csv.partial.json.tmp-5"),
	}
	for _, p := range left {
		writeFile(t, p, "half written")
	}
	other := writeFile(t, filepath.Join(dir, ".other.csv.tmp-1"), "not ours")
	_, stderr, code := runBin(t, nil, "batch", "-n", "4", "-q", "-o", out)
	if code != 0 || !strings.Contains(stderr, "removed 4 temporary file(s) left by a process that was killed") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range left {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s left", p)
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("removed another output's temporary")
	}

	// A report folder's temporaries too.
	rep := filepath.Join(dir, "r-report")
	os.MkdirAll(filepath.Join(dir, ".r-report.tmp-42"), 0o755)
	if _, e, c := runBin(t, nil, "report", out); c != 0 {
		t.Fatal(e)
	}
	if _, err := os.Stat(filepath.Join(dir, ".r-report.tmp-42")); err == nil {
		t.Error("report temporary left")
	}
	// A second report needs --force, and --force never replaces a folder
	// that holds anything but a report.
	if _, e, c := runBin(t, nil, "report", out); c != 1 || !strings.Contains(e, "already there; pass --force") {
		t.Errorf("second report: exit %d: %s", c, e)
	}
	if _, e, c := runBin(t, nil, "report", out, "--force"); c != 0 {
		t.Errorf("report --force: exit %d: %s", c, e)
	}
	writeFile(t, filepath.Join(rep, "notes.txt"), "mine")
	if _, e, c := runBin(t, nil, "report", out, "--force"); c != 1 || !strings.Contains(e, "notes.txt, which is not part of a report") {
		t.Errorf("report --force over other files: exit %d: %s", c, e)
	}
	if _, e, c := runBin(t, nil, "report", out, "-o", dir, "--force"); c != 1 || !strings.Contains(e, "not part of a report") {
		t.Errorf("report -o . --force: exit %d: %s", c, e)
	}
}

// TestLock: a live process's lock stops a second writer of the same
// output; a lock left by a dead process, or not refreshed for
// results.LockStale, is replaced.
func TestLock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	host, _ := os.Hostname()
	lockFor := func(out string, pid int, host string, age time.Duration) {
		p := results.LockPath(out)
		writeFile(t, p, fmt.Sprintf("pid=%d host=%s token=abc started=2026-01-01T00:00:00Z\n", pid, host))
		then := time.Now().Add(-age)
		os.Chtimes(p, then, then)
	}
	// This test process is alive: its lock holds.
	live := filepath.Join(dir, "live.csv")
	lockFor(live, os.Getpid(), host, 0)
	if _, e, c := runBin(t, nil, "batch", "-n", "4", "-q", "-o", live); c != 1 || !strings.Contains(e, fmt.Sprintf("is being written by another tearline-sim (pid %d on %s", os.Getpid(), host)) {
		t.Errorf("live lock: exit %d: %s", c, e)
	}
	// A process that has exited: its lock is stale.
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(dir, "dead.csv")
	lockFor(dead, done.Process.Pid, host, 0)
	if _, e, c := runBin(t, nil, "batch", "-n", "4", "-q", "-o", dead); c != 0 {
		t.Errorf("dead holder's lock: exit %d: %s", c, e)
	}
	// Another host, not refreshed for longer than LockStale: stale.
	old := filepath.Join(dir, "old.csv")
	lockFor(old, 1, "elsewhere", results.LockStale+time.Minute)
	if _, e, c := runBin(t, nil, "batch", "-n", "4", "-q", "-o", old); c != 0 {
		t.Errorf("stale lock from another host: exit %d: %s", c, e)
	}
	// Another host, refreshed lately: it holds.
	fresh := filepath.Join(dir, "fresh.csv")
	lockFor(fresh, 1, "elsewhere", 0)
	if _, e, c := runBin(t, nil, "batch", "-n", "4", "-q", "-o", fresh); c != 1 || !strings.Contains(e, "pid 1 on elsewhere") {
		t.Errorf("live lock on another host: exit %d: %s", c, e)
	}
	for _, out := range []string{dead, old} {
		if _, err := os.Stat(results.LockPath(out)); err == nil {
			t.Errorf("%s: lock left after the batch", out)
		}
	}

	// Two live batches on one output: the second is refused at once.
	out := filepath.Join(dir, "two.csv")
	first := startBatch(t, out, 200000)
	_, e, c := runBin(t, nil, "batch", "-n", "200000", "-q", "-o", out, "--resume")
	first.Process.Signal(syscall.SIGINT)
	first.Wait()
	if c != 1 || !strings.Contains(e, "is being written by another tearline-sim") {
		t.Errorf("second live batch: exit %d: %s", c, e)
	}
}

// editCell changes the last cell of line n (from 0, the header) of a CSV
// file, as a hand edit does, keeping its length.
func editCell(t *testing.T, path string, n int) {
	t.Helper()
	lines := strings.Split(readFile(t, path), "\n")
	l := lines[n]
	last := l[len(l)-1]
	repl := byte('1')
	if last == '1' {
		repl = '2'
	}
	lines[n] = l[:len(l)-1] + string(repl)
	writeFile(t, path, strings.Join(lines, "\n"))
}

// TestIntegrity: rows edited in a shard, a spool or a finished output are
// refused by merge, --resume and report, naming the file; report refuses a
// shard unless --allow-shard (issue 11: such edits merged and resumed with
// exit 0; report showed the whole batch's header over one shard's runs).
func TestIntegrity(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "s.csv")
	for _, k := range []string{"0/2", "1/2"} {
		if _, e, c := runBin(t, nil, "batch", "-e", smallExp, "-q", "-o", out, "--shard", k); c != 0 {
			t.Fatal(e)
		}
	}
	s0, s1 := filepath.Join(dir, "s.shard-0-of-2.csv"), filepath.Join(dir, "s.shard-1-of-2.csv")

	// report refuses a shard, then reports on it alone when told.
	if _, e, c := runBin(t, nil, "report", s1); c != 1 || !strings.Contains(e, "is shard 1 of 2 (runs 12 to 23 of the batch's 24)") || !strings.Contains(e, "--allow-shard") {
		t.Errorf("report on a shard: exit %d: %s", c, e)
	}
	if _, e, c := runBin(t, nil, "report", s1, "--allow-shard"); c != 0 {
		t.Errorf("report --allow-shard: exit %d: %s", c, e)
	} else if md := readFile(t, filepath.Join(dir, "s.shard-1-of-2-report", "report.md")); !strings.Contains(md, "**One shard only.**") ||
		!strings.Contains(md, "| runs | 12 of the batch's 24 (shard 1 of 2: runs 12 to 23)") {
		t.Errorf("the report on a shard does not say so:\n%.1500s", md)
	}

	// merge checks its output before reading any rows.
	folder := filepath.Join(dir, "folder.csv")
	os.Mkdir(folder, 0o755)
	if _, e, c := runBin(t, nil, "merge", "-o", folder, s0, s1); c != 1 || !strings.Contains(e, "folder.csv: not a regular file: it is a directory") {
		t.Errorf("merge -o folder: exit %d: %s", c, e)
	}

	// A hand-edited cell in a shard.
	editCell(t, s1, 3)
	if _, e, c := runBin(t, nil, "merge", "-o", filepath.Join(dir, "m.csv"), s0, s1); c != 1 ||
		!strings.Contains(e, s1+": its rows differ from the checksum in "+filepath.Join(dir, "s.shard-1-of-2.csv.meta.json")) {
		t.Errorf("merge of an edited shard: exit %d: %s", c, e)
	}
	if _, err := os.Stat(filepath.Join(dir, "m.csv")); err == nil {
		t.Error("merge wrote an output from an edited shard")
	}
	// ... in a finished output: report and --resume refuse it.
	whole := filepath.Join(dir, "w.csv")
	if _, e, c := runBin(t, nil, "batch", "-e", smallExp, "-q", "-o", whole); c != 0 {
		t.Fatal(e)
	}
	editCell(t, whole, 5)
	if _, e, c := runBin(t, nil, "report", whole); c != 1 || !strings.Contains(e, whole+": its rows differ from the checksum") {
		t.Errorf("report on an edited output: exit %d: %s", c, e)
	}
	if _, e, c := runBin(t, nil, "batch", "-e", smallExp, "-q", "-o", whole, "--resume"); c != 1 || !strings.Contains(e, "its rows differ from the checksum") {
		t.Errorf("--resume on an edited output: exit %d: %s", c, e)
	}
	// ... in a spool, within its last checkpoint.
	part := filepath.Join(dir, "p.csv")
	cmd := startBatch(t, part, 200000)
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	editCell(t, part+".partial", 2)
	if _, e, c := runBin(t, nil, "batch", "-n", "200000", "-q", "-o", part, "--resume"); c != 1 ||
		!strings.Contains(e, "the rows of "+part+".partial differ from the checksum in "+part+".partial.json") {
		t.Errorf("--resume of an edited spool: exit %d: %s", c, e)
	}

	// A binary file under a shard's name: its "header" is escaped and cut.
	bin := filepath.Join(dir, "b.shard-1-of-2.csv")
	writeFile(t, bin, "\x1b]0;pwned\x07\u202e"+strings.Repeat("\x00\x01garbage", 10000)+"\n1,2\n")
	writeFile(t, filepath.Join(dir, "b.shard-1-of-2.csv.meta.json"), readFile(t, filepath.Join(dir, "s.shard-1-of-2.csv.meta.json")))
	_, e, c := runBin(t, nil, "merge", "-o", filepath.Join(dir, "m2.csv"), s0, bin)
	if c != 1 || !strings.Contains(e, `\x1b]0;pwned\x07\u202e`) || len(e) > 2000 || safetext.Has(e) {
		t.Errorf("merge of a binary shard: exit %d, %d bytes: %q", c, len(e), e)
	}
}

// TestSchedulerVariables: variables that disagree are an error naming them
// (issue 11: SHARD_COUNT without JOB_COMPLETION_INDEX ran the whole batch).
func TestSchedulerVariables(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct {
		env []string
		msg string
	}{
		{[]string{"SHARD_COUNT=4"}, "SHARD_COUNT=4 is set but JOB_COMPLETION_INDEX is not"},
		{[]string{"SLURM_ARRAY_TASK_COUNT=4"}, "SLURM_ARRAY_TASK_COUNT=4 set but SLURM_ARRAY_TASK_ID is not"},
		{[]string{"JOB_COMPLETION_INDEX=0", "SHARD_COUNT=2", "SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_COUNT=2"}, "both SLURM_ARRAY_TASK_ID=0 (Slurm) and JOB_COMPLETION_INDEX=0"},
		{[]string{"SLURM_ARRAY_TASK_ID=7", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_MAX=3", "SLURM_ARRAY_TASK_COUNT=4", "SLURM_ARRAY_TASK_STEP=1"}, "SLURM_ARRAY_TASK_ID=7 is above SLURM_ARRAY_TASK_MAX=3"},
	} {
		out := filepath.Join(dir, "r.csv")
		_, e, c := runBin(t, tt.env, "batch", "-n", "4", "-q", "-o", out)
		if c != 2 || !strings.Contains(e, tt.msg) {
			t.Errorf("%v: exit %d, want 2 with %q: %s", tt.env, c, tt.msg, e)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v: ran a batch", tt.env)
		}
	}
}

// TestMessages: a factor that breaks the scenario names the factor and the
// design point; --param says what is wrong and what would be right; the
// same bad value exits 2 from run and from batch (issue 11).
func TestMessages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	exp := writeFile(t, filepath.Join(dir, "short.toml"), expWith("default.toml", "")+
		"[[factor]]\nname = \"hours\"\npath = \"scenario.duration\"\nvalues = [72, 0.5]\n")
	_, e, c := runBin(t, nil, "batch", "-e", exp, "-q", "-o", filepath.Join(dir, "o.csv"))
	if c != 1 || !strings.Contains(e, exp+":9: factor[0].path: at design point 1 (hours = 0.5): this value makes the scenario invalid: default.toml:") ||
		!strings.Contains(e, "at design point 1 (hours = 0.5): and ") || strings.Count(e, "\n") > 6 {
		t.Errorf("a factor that breaks the scenario: exit %d:\n%s", c, e)
	}
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"run", "--policy", "by-trust", "--param", "threshold="}, 2, "--param threshold=: the value is missing; write NAME=NUMBER, e.g. --param threshold=0.7 (policy by-trust takes tearline, threshold, waivers)"},
		{[]string{"run", "--policy", "by-trust", "--param", "threshold=high"}, 2, `--param threshold=high: "high" is not a number`},
		{[]string{"run", "--policy", "by-trust", "--param", "0.7"}, 2, `--param "0.7": write it as NAME=NUMBER`},
		{[]string{"run", "--policy", "by-trust", "--param", "threshold=0.5,threshold=0.7"}, 2, "--param threshold is given twice"},
		{[]string{"run", "--policy", "by-trust", "--param", "threshold=7"}, 2, "threshold = 7 is outside 0 to 1"},
		{[]string{"batch", "-q", "-o", filepath.Join(dir, "b.csv"), "-p", "by-trust:threshold=7"}, 2, "threshold = 7 is outside 0 to 1"},
		{[]string{"run", "--policy", "yolo"}, 2, `unknown policy "yolo"`},
		{[]string{"batch", "-q", "-o", filepath.Join(dir, "b.csv"), "-p", "yolo"}, 2, `unknown policy "yolo"`},
		{[]string{"batch", "-q", "-o", filepath.Join(dir, "b.csv"), "--seed", "18446744073709551615"}, 2, "--seed 18446744073709551615: give a seed from 0 to 9223372036854775807"},
		{[]string{"batch", "-q", "-o", filepath.Join(dir, "b.csv"), "-e", smallExp, "--seed", "18446744073709551615"}, 2, "give a seed from 0 to"},
		// Day numbers that overflowed (d*24) and played at another time.
		{[]string{"run", "--fire", "walk-in@D+9223372036854775807"}, 2, "more than a year after the start"},
		{[]string{"batch", "-q", "-o", filepath.Join(dir, "b.csv"), "--fire", "walk-in@D+9223372036854775807"}, 2, "more than a year after the start"},
	} {
		_, e, c := runBin(t, nil, tt.args...)
		if c != tt.code || !strings.Contains(e, tt.msg) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s", tt.args, c, tt.code, tt.msg, e)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b.csv")); err == nil {
		t.Error("a batch with a usage error wrote its output")
	}
}

// TestDecisionLogs: run --decisions reads a log strictly (issue 11: null
// was accepted as a log with seed 0 and no decisions, and trailing data
// ignored; a byte-order mark failed with "invalid character 'ï'").
func TestDecisionLogs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rec := filepath.Join(dir, "rec.json")
	if _, e, c := runBin(t, nil, "run", "--seed", "4", "--record", rec); c != 0 {
		t.Fatal(e)
	}
	good := readFile(t, rec)
	for _, tt := range []struct {
		name, data string
		code       int
		msg        string
	}{
		{"null", "null", 1, "null.json:1:1: expected the log: a JSON object"},
		{"trailing data", good + "garbage\n", 1, "after the end of the log"},
		{"byte-order mark", "\ufeff" + good, 0, ""},
		// A nation the scenario the log was recorded on does not have: the
		// log was edited (issue 11: the share was dropped, the rest applied).
		{"unknown nation", strings.Replace(good, `"to": "VEL"`, `"to": "XXX"`, 1), 1, "XXX"},
	} {
		p := writeFile(t, filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json"), tt.data)
		_, e, c := runBin(t, nil, "run", "--decisions", p)
		if c != tt.code || !strings.Contains(e, tt.msg) {
			t.Errorf("%s: exit %d, want %d with %q: %s", tt.name, c, tt.code, tt.msg, e)
		}
	}
}

const (
	hostile    = "testdata/hostile/hostile.toml"     // a valid scenario with ESC, OSC, CR and RLO in its texts
	hostileBad = "testdata/hostile/hostile-bad.toml" // problems that quote hostile text
)

// TestHostileText: text from a scenario (title, injects, objectives), from
// problems that quote a file, and file names reach the terminal escaped
// (issue 11: titles with ESC/OSC/CR passed lint and run printed them raw).
func TestHostileText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		golden string
		args   []string
		code   int
	}{
		{"run-hostile.txt", []string{"run", hostile}, 0},
		{"lint-hostile.txt", []string{"lint", hostile, hostileBad}, 1},
		{"run-hostile-bad.txt", []string{"run", hostileBad}, 1},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			stdout, stderr, code := runBin(t, nil, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			if safetext.Has(stdout) || safetext.Has(stderr) {
				t.Errorf("control or bidi characters reach the terminal:\n%q\n%q", stdout, stderr)
			}
			golden(t, "golden/"+tt.golden, stdout+stderr)
		})
	}
	// A file name with an escape sequence.
	dir := t.TempDir()
	odd := filepath.Join(dir, "a\x1b[2Jb\u202e.toml")
	writeFile(t, odd, readFile(t, hostile))
	stdout, stderr, _ := runBin(t, nil, "lint", odd, filepath.Join(dir, "missing\x1b]0;x\x07.toml"))
	if safetext.Has(stdout) || safetext.Has(stderr) || !strings.Contains(stdout, `a\x1b[2Jb\u202e.toml: ok`) {
		t.Errorf("file names reach the terminal raw:\n%q\n%q", stdout, stderr)
	}
}
