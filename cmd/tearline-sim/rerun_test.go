package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tearline/scenarios"
)

// The rerun tests run the binary built by TestMain (cli_test.go).

// runBinIn runs the binary in the folder dir.
func runBinIn(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), 0
}

// ownScenario writes a copy of the default scenario that no shipped
// scenario matches by hash (a comment added) as dir/name.
func ownScenario(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := scenarios.FS.ReadFile(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, filepath.Join(dir, name), "# a researcher's copy\n"+string(data))
}

// TestRerunIdentical: batch, then rerun from the metadata file alone, from
// another folder: the rerun's rows are byte-identical to the batch's.
func TestRerunIdentical(t *testing.T) {
	t.Parallel()
	absExp, err := filepath.Abs(smallExp)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string // batch arguments, run in the output's folder
		out  string
		rows string // the rerun's rows file, in the same folder
	}{
		// 8 runs per policy, 2 policies, a relative scenario path: it
		// must resolve from the metadata's folder, not the current one.
		{"plain", []string{"batch", "own.toml", "-n", "8", "--seed", "3", "-p", "share-all", "-p", "by-trust:threshold=0.7"}, "r.csv", "r.rerun.csv"},
		// The small experiment (24 runs) as Parquet, --fire replacing its fire.
		{"experiment", []string{"batch", "-e", absExp, "--fire", "walk-in@D+1 12:00"}, "e.parquet", "e.rerun.parquet"},
		// Shard 1 of 2 of the experiment: the rerun is of that shard.
		{"shard", []string{"batch", "-e", absExp, "--shard", "1/2"}, "s.jsonl", "s.rerun.shard-1-of-2.jsonl"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			ownScenario(t, dir, "own.toml")
			if _, e, c := runBinIn(t, dir, append(tt.args, "-q", "-o", tt.out)...); c != 0 {
				t.Fatalf("batch: exit %d: %s", c, e)
			}
			orig := filepath.Join(dir, tt.out)
			if tt.name == "shard" {
				orig = filepath.Join(dir, "s.shard-1-of-2.jsonl")
			}
			// From another folder (the package's), by the metadata's path.
			stdout, stderr, code := runBin(t, nil, "rerun", "-w", "2", orig+".meta.json")
			if code != 0 || !strings.HasPrefix(stdout, "identical: ") {
				t.Fatalf("rerun: exit %d\n%s%s", code, stdout, stderr)
			}
			if readFile(t, orig) != readFile(t, filepath.Join(dir, tt.rows)) {
				t.Errorf("the rerun's rows differ from the batch's")
			}
			// A second rerun refuses the first's output unless --force.
			if _, e, c := runBin(t, nil, "rerun", orig+".meta.json"); c != 1 || !strings.Contains(e, "pass --force") {
				t.Errorf("second rerun: exit %d: %s", c, e)
			}
		})
	}
}

// TestRerunProblems: what rerun refuses, and how it says a rerun differs.
func TestRerunProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	own := ownScenario(t, dir, "own.toml")
	// 4 runs of share-all on the researcher's own scenario.
	if _, e, c := runBinIn(t, dir, "batch", "own.toml", "-n", "4", "-q", "-o", "r.csv"); c != 0 {
		t.Fatal(e)
	}
	rows, meta := filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.csv.meta.json")

	// A batch whose recorded rows are not what this build makes: row 2's
	// last cell changed, with a checksum to match (as if another engine
	// had written it).
	edDir := t.TempDir()
	lines := strings.SplitAfter(readFile(t, rows), "\n")
	lines[3] = regexp.MustCompile(`[^,]*\n$`).ReplaceAllString(lines[3], "0.123\n") // row 2 (line 0 is the header)
	edited := strings.Join(lines, "")
	sum := sha256.Sum256([]byte(strings.Join(lines[1:], "")))
	writeFile(t, filepath.Join(edDir, "r.csv"), edited)
	m := readFile(t, meta)
	m = regexp.MustCompile(`"rows_sha256": "[0-9a-f]*"`).ReplaceAllString(m, `"rows_sha256": "`+hex.EncodeToString(sum[:])+`"`)
	m = strings.ReplaceAll(m, `"name": "own.toml"`, `"name": "`+own+`"`)
	writeFile(t, filepath.Join(edDir, "r.csv.meta.json"), m)

	lost := t.TempDir() // the metadata without its scenario
	writeFile(t, filepath.Join(lost, "r.csv.meta.json"), readFile(t, meta))

	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"scenario not found", []string{"rerun", filepath.Join(lost, "r.csv.meta.json")}, 1,
			"cannot find the scenario own.toml with SHA-256 "},
		{"--scenario of another hash", []string{"rerun", filepath.Join(lost, "r.csv.meta.json"), "--scenario", "../../scenarios/default.toml"}, 1,
			"--scenario ../../scenarios/default.toml has SHA-256 "},
		{"--scenario found", []string{"rerun", filepath.Join(lost, "r.csv.meta.json"), "--scenario", own, "-o", filepath.Join(lost, "found.csv")}, 0, "identical: the 4 rows of "},
		{"over the original", []string{"rerun", meta, "-o", rows}, 2, "would write over the original"},
		{"different rows", []string{"rerun", filepath.Join(edDir, "r.csv.meta.json")}, 1,
			"first difference at row 2 (run 2), column objective_lawful_met: 0.123 in " + filepath.Join(edDir, "r.csv")},
		{"not metadata", []string{"rerun", rows}, 1, "not a tearline-sim metadata file"},
	} {
		stdout, stderr, code := runBin(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
			t.Errorf("%s: exit %d, want %d with %q:\n%s%s", tt.name, code, tt.code, tt.want, stdout, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(lost, "r.rerun.csv")); err == nil {
		t.Error("a rerun whose scenario was not found wrote rows")
	}
}
