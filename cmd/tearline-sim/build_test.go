package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The build and naming tests run the binary built by TestMain (cli_test.go).

// TestBuildRecorded: every metadata file records the build, even though
// the test binary is built without a clean VCS stamp (issue 10: it said
// "devel"), and merge refuses shards of different builds, naming both.
func TestBuildRecorded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "s.csv")
	var shards []string
	for _, k := range []string{"0/2", "1/2"} {
		if _, e, c := runBin(t, nil, "batch", "-e", smallExp, "-q", "-o", out, "--shard", k); c != 0 {
			t.Fatal(e)
		}
	}
	shards = []string{filepath.Join(dir, "s.shard-0-of-2.csv"), filepath.Join(dir, "s.shard-1-of-2.csv")}
	var m struct {
		Build string `json:"build"`
	}
	if err := json.Unmarshal([]byte(readFile(t, shards[0]+".meta.json")), &m); err != nil {
		t.Fatal(err)
	}
	// A clean stamped build, or the executable's SHA-256 (64 hex digits).
	if !regexp.MustCompile(`^(git:[0-9a-f]+|(git:[0-9a-f]+-dirty )?exe-sha256:[0-9a-f]{64})$`).MatchString(m.Build) {
		t.Fatalf("build %q", m.Build)
	}
	other := filepath.Join(dir, "s.shard-1-of-2.csv.meta.json")
	writeFile(t, other, strings.Replace(readFile(t, other), m.Build, "exe-sha256:0000", 1))
	_, e, c := runBin(t, nil, "merge", "-o", filepath.Join(dir, "m.csv"), shards[0], shards[1])
	want := "are shards of different batches: the first was written with build " + m.Build + ", the second with build exe-sha256:0000"
	if c != 1 || !strings.Contains(e, want) {
		t.Errorf("merge of two builds: exit %d: %s\nwant %q", c, e, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "m.csv")); err == nil {
		t.Error("merge of two builds wrote its output")
	}
}

// TestNamesPerOutput: -o r.csv and -o r.parquet in one folder keep their
// own summary and metadata, and outputs of an older tearline-sim (r.meta.json)
// are still read by merge and report.
func TestNamesPerOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, f := range []string{"csv", "parquet"} {
		// 4 runs each, with another seed per format: the files must differ.
		seed := map[string]string{"csv": "1", "parquet": "2"}[f]
		if _, e, c := runBin(t, nil, "batch", "-n", "4", "--seed", seed, "-q", "-o", filepath.Join(dir, "r."+f)); c != 0 {
			t.Fatalf("%s: %s", f, e)
		}
	}
	for _, f := range []string{"csv", "parquet"} {
		if m := readFile(t, filepath.Join(dir, "r."+f+".meta.json")); !strings.Contains(m, `"format": "`+f+`"`) {
			t.Errorf("r.%s.meta.json is not r.%s's", f, f)
		}
		if _, stdout, c := runBin(t, nil, "report", filepath.Join(dir, "r."+f), "-o", filepath.Join(dir, f+"-report")); c != 0 {
			t.Errorf("report r.%s: %s", f, stdout)
		}
	}

	// Shards under the old names (s.shard-0-of-2.meta.json) still merge.
	old := t.TempDir()
	for _, k := range []string{"0/2", "1/2"} {
		if _, e, c := runBin(t, nil, "batch", "-n", "4", "-q", "-o", filepath.Join(old, "s.csv"), "--shard", k); c != 0 {
			t.Fatal(e)
		}
	}
	var shards []string
	for _, k := range []string{"0", "1"} {
		s := filepath.Join(old, "s.shard-"+k+"-of-2.csv")
		for _, suffix := range []string{".meta.json", ".summary.csv"} {
			if err := os.Rename(s+suffix, filepath.Join(old, "s.shard-"+k+"-of-2"+suffix)); err != nil {
				t.Fatal(err)
			}
		}
		shards = append(shards, s)
	}
	merged := filepath.Join(old, "m.csv")
	if _, e, c := runBin(t, nil, append([]string{"merge", "-o", merged}, shards...)...); c != 0 {
		t.Fatalf("merge of old-style shards: %s", e)
	}
	if err := os.Rename(merged+".meta.json", filepath.Join(old, "m.meta.json")); err != nil {
		t.Fatal(err)
	}
	if _, e, c := runBin(t, nil, "report", merged, "-o", filepath.Join(old, "report")); c != 0 {
		t.Errorf("report with an old-style metadata name: %s", e)
	}
}
