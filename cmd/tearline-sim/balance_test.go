package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tearline/scenario"
	"tearline/sim"
)

// balanceRuns keeps the balance tests fast (7 policies × 50 runs) while
// the default scenario still shows three kinds of balance problem.
const balanceRuns = "50"

// TestBalanceGolden: the text table of every built-in policy on the default
// scenario, byte for byte, and the same for any number of workers.
func TestBalanceGolden(t *testing.T) {
	t.Parallel()
	out, errOut, code := runBin(t, nil, "balance", "default", "--runs", balanceRuns, "-w", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "golden/balance-default.txt", out)
	if out2, _, _ := runBin(t, nil, "balance", "default", "--runs", balanceRuns, "-w", "3"); out2 != out {
		t.Error("3 workers print another table than 1")
	}
}

// balanceJSON is the part of `balance --json` the test reads.
type balanceJSON struct {
	Runs       int64
	Seed       uint64
	Policies   []string
	Objectives []struct {
		ID, Column string
		Met        []balanceEst
	}
	Threats []struct {
		ID, Column    string
		WarningColumn string `json:"warning_column"`
		Averted       []balanceEst
		Warning       []float64
	}
	Score    []balanceEst
	Problems []struct{ Kind, Subject, Text string }
}

type balanceEst struct {
	Policy        string
	Value, Lo, Hi float64
	N             int64
}

// TestBalanceJSON: --json holds every built-in policy, objective and
// threat, and its rates and means are exactly the means of the columns a
// batch of the same policies, runs and seed writes (both play run i of
// every policy in the world (seed, i)).
func TestBalanceJSON(t *testing.T) {
	t.Parallel()
	out, errOut, code := runBin(t, nil, "balance", "default", "--runs", balanceRuns, "--seed", "4", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var b balanceJSON
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	sc, err := scenario.LoadShipped("default.toml")
	if err != nil {
		t.Fatal(err)
	}
	if b.Runs != 50 || b.Seed != 4 || strings.Join(b.Policies, ",") != strings.Join(sim.PolicyNames(), ",") ||
		len(b.Objectives) != len(sc.Spec.Objectives) || len(b.Threats) != len(sc.Threats) || len(b.Score) != len(b.Policies) {
		t.Fatalf("JSON: runs %d, seed %d, policies %v, %d objectives, %d threats, %d scores", b.Runs, b.Seed, b.Policies, len(b.Objectives), len(b.Threats), len(b.Score))
	}
	if len(b.Problems) == 0 {
		t.Error("no balance problems: the default scenario's lawful objective is met by every policy")
	}

	// The same runs as a batch.
	rows := filepath.Join(t.TempDir(), "b.csv")
	args := []string{"batch", "default", "-n", balanceRuns, "--seed", "4", "-q", "-o", rows}
	for _, p := range b.Policies {
		args = append(args, "-p", p)
	}
	if _, e, c := runBin(t, nil, args...); c != 0 {
		t.Fatal(e)
	}
	f, err := os.Open(rows)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	mean := func(policy, column string) float64 {
		c, ok := col[column]
		if !ok {
			t.Fatalf("the batch has no column %s", column)
		}
		var s float64
		var n int
		for _, r := range recs[1:] {
			if r[col["policy"]] == policy {
				v, err := strconv.ParseFloat(r[c], 64)
				if err != nil {
					t.Fatal(err)
				}
				s += v
				n++
			}
		}
		return s / float64(n)
	}
	check := func(what, policy, column string, got float64) {
		// 1e-12: the same values summed in the same order; only the mean's
		// last bit may differ (balance divides once, Moments updates).
		if want := mean(policy, column); math.Abs(got-want) > 1e-12 {
			t.Errorf("%s, %s: balance %v, batch column %s mean %v", what, policy, got, column, want)
		}
	}
	for p, pol := range b.Policies {
		for _, o := range b.Objectives {
			if o.Met[p].Policy != pol || o.Met[p].N != 50 || !(o.Met[p].Lo <= o.Met[p].Value && o.Met[p].Value <= o.Met[p].Hi) {
				t.Errorf("objective %s, %s: %+v", o.ID, pol, o.Met[p])
			}
			check("objective "+o.ID, pol, o.Column, o.Met[p].Value)
		}
		for _, x := range b.Threats {
			check("threat "+x.ID, pol, x.Column, x.Averted[p].Value)
			check("threat "+x.ID+" warning", pol, x.WarningColumn, x.Warning[p])
		}
		check("score", pol, "score", b.Score[p].Value)
	}
}

// TestBalanceBadFlags: bad flags exit 2 with a message saying what would
// be right; a scenario that cannot be read exits 1.
func TestBalanceBadFlags(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"one run", []string{"balance", "default", "--runs", "1"}, 2, "--runs 1 is outside 2 to 200000"},
		{"too many runs", []string{"balance", "default", "-n", "200001"}, 2, "--runs 200001 is outside 2 to 200000"},
		{"runs not a number", []string{"balance", "default", "--runs", "lots"}, 2, "--runs"},
		{"negative seed", []string{"balance", "default", "--seed", "-1"}, 2, "--seed"},
		{"seed too large", []string{"balance", "default", "--seed", "9223372036854775808"}, 2, "--seed 9223372036854775808 is above 2^63−1"},
		{"negative workers", []string{"balance", "default", "--workers=-1"}, 2, "--workers -1: give a positive number"},
		{"no scenario", []string{"balance"}, 2, "expected \"<SCENARIO>\""},
		{"unknown flag", []string{"balance", "default", "--policy", "share-all"}, 2, "unknown flag --policy"},
		{"missing scenario", []string{"balance", "nope"}, 1, "nope: cannot read the scenario"},
	} {
		out, errOut, code := runBin(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) || out != "" && tt.code != 2 {
			t.Errorf("%s: exit %d, want %d with %q:\n%s%s", tt.name, code, tt.code, tt.want, out, errOut)
		}
		if strings.Contains(errOut, "panic") {
			t.Errorf("%s: panicked: %s", tt.name, errOut)
		}
	}
}
