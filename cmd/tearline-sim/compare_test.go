package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tearline/cmd/tearline-sim/internal/compare"
	"tearline/sim"
)

// TestCompareGolden: the Markdown of a small comparison of every built-in
// policy on the default scenario.
func TestCompareGolden(t *testing.T) {
	t.Parallel()
	out, errOut, code := runBin(t, nil, "compare", "--runs", "40", "--seed", "7")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "golden/compare-default.md", out)
}

// TestCompareWorkers: the output is byte-identical whatever the number of
// workers, in Markdown and JSON.
func TestCompareWorkers(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"markdown", []string{"compare", "--runs", "64", "-p", "share-all", "-p", "by-trust:threshold=0.7", "-p", "withhold-all"}},
		{"json baseline", []string{"compare", "--runs", "64", "--json", "--baseline", "doctrine", "--metric", "coverage,harm"}},
	} {
		var first string
		for _, w := range []string{"1", "2", "5"} {
			out, errOut, code := runBin(t, nil, append(tt.args, "-w", w)...)
			if code != 0 {
				t.Fatalf("%s -w %s: exit %d: %s", tt.name, w, code, errOut)
			}
			if first == "" {
				first = out
			} else if out != first {
				t.Errorf("%s: -w %s differs from -w 1\n%s", tt.name, w, firstDiff(first, out))
			}
		}
	}
}

func TestCompareJSON(t *testing.T) {
	t.Parallel()
	out, errOut, code := runBin(t, nil, "compare", "--runs", "30", "--json", "-p", "share-all", "-p", "share-all:waivers=0", "-p", "withhold-all")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Seed       uint64 `json:"seed"`
		Comparison struct {
			Runs        int `json:"runs"`
			Comparisons []struct {
				Metric string   `json:"metric"`
				A      string   `json:"a"`
				B      string   `json:"b"`
				PT     *float64 `json:"p_t"`
			} `json:"comparisons"`
			Pareto []struct {
				Policy  string `json:"policy"`
				OnFront bool   `json:"on_front"`
			} `json:"pareto"`
		} `json:"comparison"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// 3 pairs × 6 default metrics; 3 policies on the Pareto table.
	if doc.Seed != 1 || doc.Comparison.Runs != 30 || len(doc.Comparison.Comparisons) != 18 || len(doc.Comparison.Pareto) != 3 {
		t.Errorf("unexpected document: %+v", doc)
	}
	if doc.Comparison.Pareto[1].Policy != "share-all(waivers=0)" {
		t.Errorf("label %q, want share-all(waivers=0)", doc.Comparison.Pareto[1].Policy)
	}
}

// TestCompareBadInput: usage mistakes exit 2 with a message that says what
// is wrong.
func TestCompareBadInput(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown policy", []string{"-p", "share-most", "-p", "share-all"}, `unknown policy "share-most"`},
		{"runs 0", []string{"--runs", "0"}, "--runs 0 is outside 2 to 200000"},
		{"one policy", []string{"-p", "share-all"}, "give at least 2 different policies"},
		{"same policy twice", []string{"-p", "share-all", "-p", "share-all"}, `--policy "share-all" is given twice`},
		{"unknown metric", []string{"--metric", "coverage,leak"}, `--metric "leak" is not a metric`},
		{"bad parameter", []string{"-p", "by-trust:treshold=0.5", "-p", "share-all"}, `has no parameter "treshold"`},
		{"negative workers", []string{"--workers=-1"}, "--workers -1"},
		{"log", []string{"-p", "log:x.json", "-p", "share-all"}, "decision logs are not supported"},
	} {
		_, errOut, code := runBin(t, nil, append([]string{"compare"}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", tt.name, code, errOut, tt.want)
		}
	}
}

// TestCompareOutDir: -o writes the Markdown and the charts into a new
// folder, refuses a non-empty one without --force, and replaces it with.
func TestCompareOutDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "cmp")
	args := []string{"compare", "--runs", "20", "-p", "share-all", "-p", "withhold-all", "-o", out}
	if _, errOut, code := runBin(t, nil, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []string{"compare.md", "pareto.png", "pareto.svg"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, errOut, code := runBin(t, nil, args...); code != 1 || !strings.Contains(errOut, "pass --force") {
		t.Errorf("second run: exit %d, %q; want a refusal", code, errOut)
	}
	if _, errOut, code := runBin(t, nil, append(args, "--force")...); code != 0 {
		t.Errorf("--force: exit %d, %s", code, errOut)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runBin(t, nil, "compare", "--runs", "5", "-p", "share-all", "-p", "withhold-all", "-o", empty); code != 0 {
		t.Errorf("empty folder: exit %d, %s", code, errOut)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// BenchmarkCompare plays every built-in policy on 1,000 paired runs of the
// default scenario and builds the full table (the target is 7 ×
// 10,000 runs in 10 s on 2 cores).
func BenchmarkCompare(b *testing.B) {
	sc, _, err := loadScenario("")
	if err != nil {
		b.Fatal(err)
	}
	var pols []comparePolicy
	for _, n := range sim.PolicyNames() {
		pols = append(pols, comparePolicy{label: n, name: n})
	}
	labels := make([]string, len(pols))
	for i, p := range pols {
		labels[i] = p.label
	}
	cols := make([]int, len(defaultCompareMetrics))
	for k, m := range defaultCompareMetrics {
		cols[k] = slices.Index(sim.MetricNames, m)
	}
	const runs = 1000 // 7,000 runs per iteration
	b.ReportAllocs()
	for b.Loop() {
		s, err := playPaired(sc, pols, cols, 1, runs, 0)
		if err != nil {
			b.Fatal(err)
		}
		compare.Build(labels, defaultCompareMetrics, s, compare.Pairs(len(pols), -1), nil)
	}
	b.ReportMetric(float64(b.N*runs*len(pols))/b.Elapsed().Seconds(), "runs/s")
}
