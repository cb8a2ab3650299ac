package main

import (
	"math"
	"strings"
	"testing"
)

func TestMeanHalfWidth(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		xs         []float64
		mean, half float64
	}{
		// sd = √2.5, t(0.975, 4) = 2.7764451 (any t table): 2.7764451·√2.5/√5.
		{[]float64{1, 2, 3, 4, 5}, 3, 1.9632432},
		// No spread, no interval.
		{[]float64{2, 2}, 2, 0},
		// sd = √0.5, t(0.975, 1) = 12.7062047: 12.7062047·√0.5/√2.
		{[]float64{0, 1}, 0.5, 6.3531024},
	} {
		mean, half := meanHalfWidth(tt.xs)
		// 1e-6: the expected values above are given to 7 decimals.
		if math.Abs(mean-tt.mean) > 1e-6 || math.Abs(half-tt.half) > 1e-6 {
			t.Errorf("meanHalfWidth(%v) = %v ± %v, want %v ± %v", tt.xs, mean, half, tt.mean, tt.half)
		}
	}
}

// row makes a policyRow with the given mean coverage (a share, 0 to 1) and
// mean attributable leaks; the other columns are 0.
func row(policy string, coverage, leaks float64) policyRow {
	r := policyRow{policy: policy, mean: make([]float64, len(tableColumns)), half: make([]float64, len(tableColumns))}
	r.mean[colCoverage], r.mean[colAttrLeaks] = coverage, leaks
	return r
}

func TestTableChecks(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		rows []policyRow
		want [3]string // a substring of each check line
	}{
		{"all met", []policyRow{row("share-all", 0.70, 0.9), row("interested", 0.60, 0.3), row("withhold-all", 0.20, 0)},
			[3]string{"spread best−worst: 50.0 points (target ≥ 30): met (share-all 70.0%, withhold-all 20.0%)",
				"worst/best: 3.00× (target ≥ 2×): met (share-all 0.900, interested 0.300)",
				"withhold-all has the lowest coverage: yes (20.0%; next lowest interested 60.0%)"}},
		{"none met", []policyRow{row("share-all", 0.50, 0.5), row("interested", 0.30, 0.4), row("withhold-all", 0.35, 0)},
			[3]string{"20.0 points (target ≥ 30): NOT met (share-all 50.0%, interested 30.0%)",
				"1.25× (target ≥ 2×): NOT met",
				"withhold-all has the lowest coverage: NO (35.0%; next lowest interested 30.0%)"}},
		// withhold-all's 0 is left out; doctrine's 0 is reported, and a
		// zero smallest makes worst/best unbounded, so the target is met.
		{"smallest zero", []policyRow{row("doctrine", 0.6, 0), row("share-all", 0.7, 0.5), row("tearline-all", 0.7, 0.4), row("withhold-all", 0.1, 0)},
			[3]string{"60.0 points", "1.25× (target ≥ 2×): met (share-all 0.500, tearline-all 0.400); the smallest is 0 (doctrine: no attributable leak in any run)", ": yes"}},
		{"no leaks at all", []policyRow{row("share-all", 0.7, 0), row("withhold-all", 0.1, 0)},
			[3]string{"met", "undefined, no sharing policy leaked attributably in any run (target ≥ 2×): NOT met", "yes (10.0%; next lowest share-all 70.0%)"}},
		{"no withhold-all", []policyRow{row("share-all", 0.7, 1), row("interested", 0.6, 0.5)},
			[3]string{"10.0 points", "2.00×", "not played"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tableChecks(tt.rows)
			if len(got) != 3 {
				t.Fatalf("%d check lines, want 3: %q", len(got), got)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("check %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestJoinAnd(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c"}, "a, b and c"},
	} {
		if got := joinAnd(tt.in); got != tt.want {
			t.Errorf("joinAnd(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPolicyTableWorkers: the table does not depend on the number of
// workers (each run writes its own slot; sums go in run order).
func TestPolicyTableWorkers(t *testing.T) {
	t.Parallel()
	var outs []string
	for _, w := range []string{"1", "3"} {
		out, errOut, code := runBin(t, nil, "policies", "bilateral-tension", "--runs", "40", "--seed", "9", "-w", w)
		if code != 0 {
			t.Fatalf("-w %s: exit %d: %s", w, code, errOut)
		}
		outs = append(outs, out)
	}
	if outs[0] != outs[1] {
		t.Errorf("the table depends on --workers:\n%s", firstDiff(outs[0], outs[1]))
	}
	if !strings.Contains(outs[0], "| withhold-all |") || !strings.Contains(outs[0], "40 runs per policy, seed 9") {
		t.Errorf("table lacks withhold-all or its header:\n%s", outs[0])
	}
}
