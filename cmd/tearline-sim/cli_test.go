package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"tearline/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// binary is the tearline-sim built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "tearline-sim-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "tearline-sim")
	// CGO off: the headless tool must build without a C toolchain.
	cmd := exec.Command("go", "build", "-o", binary, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		panic("building tearline-sim: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runBin runs the built binary and returns stdout, stderr and exit status.
func runBin(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// golden compares got with testdata/<name> ("golden/run-default.txt",
// "batch/plain.csv"); with -update it rewrites the file instead.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name))
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/tearline-sim -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/tearline-sim -run '%s' -update rewrites it after a deliberate change)\n%s", path, t.Name(), firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}

func TestRunGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		args   []string
	}{
		{"run-default.txt", []string{"run"}},
		{"run-default.json", []string{"run", "--json", "--seed", "7", "--policy", "by-trust", "--param", "threshold=0.7"}},
		{"run-bilateral-withhold.txt", []string{"run", "bilateral-tension", "--policy", "withhold-all"}},
		{"policies.txt", []string{"policies"}},
		// Every built-in policy on the default scenario, 50 runs each: the
		// table, its check lines and the footnote.
		{"policies-default.md", []string{"policies", "default", "--runs", "50"}},
		{"run-default-fire.txt", []string{"run", "--fire", "walk-in@D+1 12:00", "--fire", "press-leak@D+2", "--policy", "interested"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runBin(t, nil, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, "golden/"+tt.golden, out)
		})
	}
}

func TestRunSameWhateverGOMAXPROCS(t *testing.T) {
	t.Parallel()
	a, _, _ := runBin(t, []string{"GOMAXPROCS=1"}, "run", "nato-cyber", "--json", "--seed", "3")
	b, _, _ := runBin(t, []string{"GOMAXPROCS=" + strconv.Itoa(max(2, runtime.NumCPU()))}, "run", "nato-cyber", "--json", "--seed", "3")
	if a != b || a == "" {
		t.Error("run output depends on GOMAXPROCS")
	}
}

func TestRunEveryShippedScenario(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../../scenarios/*.toml")
	for _, f := range files {
		for _, p := range sim.PolicyNames() {
			out, errOut, code := runBin(t, nil, "run", f, "--policy", p)
			if code != 0 || !strings.Contains(out, "score") {
				t.Errorf("run %s --policy %s: exit %d\n%s", f, p, code, errOut)
			}
		}
	}
}

func TestRecordReplay(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	log := filepath.Join(dir, "decisions.json")
	a, errOut, code := runBin(t, nil, "run", "--policy", "by-trust", "--record", log, "--seed", "4")
	if code != 0 {
		t.Fatal(errOut)
	}
	b, errOut, code := runBin(t, nil, "run", "--policy", "withhold-all", "--decisions", log, "--seed", "4")
	if code != 0 {
		t.Fatal(errOut)
	}
	// The header names the policy; everything after it must match.
	cut := func(s string) string { return s[strings.Index(s, "Timeline"):] }
	if cut(a) != cut(b) {
		t.Errorf("replaying the recorded log gives a different run:\n%s", firstDiff(cut(a), cut(b)))
	}
}

func TestLintAndBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[scenario]\nid = \"x\"\ntitle = \"X\"\nduration = \"2d\"\nplayers = [\"NOPE\"]\nnotional = true\n[[nation]]\nid = \"A\"\nsecurity = 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badLog := filepath.Join(dir, "log.json")
	if err := os.WriteFile(badLog, []byte("{\"decisions\": [{\"kind\": \"vote\"}]}"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../scenarios/*.toml")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"lint clean", append([]string{"lint"}, files...), 0, []string{"default.toml: ok"}, nil},
		{"lint bad", []string{"lint", bad}, 1,
			[]string{bad + ":5: scenario.players[0]: players: players \"NOPE\" is not a nation", bad + ":9: nation[0].security: 7 is outside 0 to 1", "at least two [[nation]]"},
			[]string{"1 of 1 file(s) have problems"}},
		{"lint missing", []string{"lint", filepath.Join(dir, "none.toml")}, 1, []string{"cannot read the scenario"}, nil},
		// Warnings alone exit 0; --strict makes them exit 1, files[0] being clean.
		{"lint warnings", []string{"lint", lintWarnings}, 0, []string{lintWarnings + ": ok", ": warning: ", lintWarnings + ": 8 warning(s)"}, nil},
		{"lint warnings strict", []string{"lint", "--strict", lintWarnings, files[0]}, 1, []string{": warning: "}, []string{"1 of 2 file(s) have warnings (--strict)"}},
		{"lint clean strict", append([]string{"lint", "--strict"}, files...), 0, []string{"default.toml: ok"}, nil},
		// bad has 4 problems (players, security, no inject, one nation);
		// lintWarnings 8 warnings, one per lint check (scenario.Lint).
		{"lint bad and warnings strict", []string{"lint", "--strict", bad, lintWarnings}, 1, []string{"8 warning(s)", bad + ": 4 problem(s)"},
			[]string{"1 of 2 file(s) have problems; 1 of 2 file(s) have warnings (--strict)"}},
		{"lint no args", []string{"lint"}, 2, nil, []string{"expected"}},
		{"unknown command", []string{"frobnicate"}, 2, nil, []string{"unexpected argument frobnicate"}},
		{"unknown flag", []string{"run", "--sed", "3"}, 2, nil, []string{"unknown flag --sed"}},
		{"bad seed", []string{"run", "--seed", "minus"}, 2, nil, []string{"--seed"}},
		{"unknown policy", []string{"run", "--policy", "yolo"}, 2, nil, []string{`unknown policy "yolo"`, "share-all"}},
		{"bad param", []string{"run", "--policy", "by-trust", "--param", "threshold=7"}, 2, nil, []string{"outside 0 to 1"}},
		{"bad scenario", []string{"run", bad}, 1, nil, []string{bad + ":9: nation[0].security"}},
		{"missing scenario", []string{"run", "nowhere"}, 1, nil, []string{"cannot read the scenario", "shipped scenarios"}},
		{"bad log", []string{"run", "--decisions", badLog}, 1, nil, []string{`"vote" is not share or consent`}},
		{"help", []string{"--help"}, 0, []string{"Usage: tearline-sim"}, nil},
		{"policies runs without scenario", []string{"policies", "--runs", "10"}, 2, nil, []string{"give SCENARIO files or --shipped"}},
		{"policies files and shipped", []string{"policies", "--shipped", "default"}, 2, nil, []string{"not both"}},
		{"policies one run", []string{"policies", "default", "--runs", "1"}, 2, nil, []string{"--runs 1: give 2 to"}},
		{"policies negative workers", []string{"policies", "default", "--workers=-2"}, 2, nil, []string{"--workers -2"}},
		{"policies bad scenario", []string{"policies", "default", bad, "nowhere"}, 1, nil, []string{bad + ":9: nation[0].security", "nowhere: cannot read the scenario"}},
		{"bad fire", []string{"run", "--fire", "nope@D+1", "--fire", "walk-in@D+9", "--fire", "walk-in"}, 2, nil,
			[]string{`"nope" is not an on-demand inject or event (on demand: walk-in`, "not before the end of the exercise", "write it as ID@TIME"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runBin(t, nil, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
			if strings.Contains(errOut, "panic") || strings.Contains(out, "goroutine ") {
				t.Errorf("panicked:\n%s", errOut)
			}
		})
	}
}

// lintWarnings is a scenario that loads but trips every lint warning, once
// each (5 in all).
const lintWarnings = "testdata/lint/warnings.toml"

// TestLintWarningsGolden holds the exact lint output of a file with warnings:
// the ok line, each warning in file order, the count, and exit status 0.
func TestLintWarningsGolden(t *testing.T) {
	t.Parallel()
	out, errOut, code := runBin(t, nil, "lint", lintWarnings)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, want 0 (warnings alone pass without --strict)\n%s", code, errOut)
	}
	golden(t, "golden/lint-warnings.txt", out)
}

// TestNoGraphics enforces that the engine and the headless tool never link a
// graphics library, even indirectly: they must run where there is no display.
func TestNoGraphics(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "tearline/sim", "tearline/cmd/tearline-sim").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "hajimehoshi/ebiten") || strings.Contains(line, "ebitenui") || strings.Contains(line, "golang.org/x/mobile") {
			t.Errorf("the headless side imports %s", line)
		}
	}
}
