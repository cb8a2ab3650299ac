package sim

import (
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"tearline/scenario"
)

// TestSpreadIndependentOfOrder: the spread is the same whether its chunks
// are played in order on one goroutine or in reverse on several, and run 0
// of the team's policy is the team's actual run (stream 0).
func TestSpreadIndependentOfOrder(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	w, actual := playedExercise(t, sc, 2)
	// 60 runs: not a multiple of the chunk size, so a short chunk is tested.
	const runs = 60
	one, err := NewSpreadJob(sc, w.Log, w.Seed, runs)
	if err != nil {
		t.Fatal(err)
	}
	one.Run()
	a, err := one.Result(actual)
	if err != nil {
		t.Fatal(err)
	}
	many, _ := NewSpreadJob(sc, w.Log, w.Seed, runs)
	var next atomic.Int64
	next.Store(int64(many.Chunks()))
	var wg sync.WaitGroup
	for range 3 { // three workers: more than this machine may have
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := next.Add(-1); c >= 0; c = next.Add(-1) {
				many.PlayChunk(int(c), nil)
			}
		}()
	}
	wg.Wait()
	b, err := many.Result(actual)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("the spread depends on the order its chunks were played in")
	}
	if len(a.Policies) != 1+len(PolicyNames()) || a.Policies[0].Name != TeamPolicy {
		t.Fatalf("policies: %d, first %q", len(a.Policies), a.Policies[0].Name)
	}
	if got := a.Policies[0].Values[0]; got != HeadlinesOf(actual) {
		t.Errorf("world 0 of the team's policy %v is not the actual run %v", got, HeadlinesOf(actual))
	}
	for _, p := range a.Policies {
		for h := range NumHeadlines {
			if pc := p.Percentile[h]; pc < 0 || pc > 100 {
				t.Errorf("%s %s: percentile %v outside [0, 100]", p.Name, HeadlineNames[h], pc)
			}
		}
		t.Logf("%-16s mean %.3f  percentile of actual %v", p.Name, p.Mean, p.Percentile)
	}
}

// TestSpreadCancel: a chunk told to stop says it was not played, and the
// result refuses to assemble.
func TestSpreadCancel(t *testing.T) {
	t.Parallel()
	sc := scenario.Default()
	w, actual := playedExercise(t, sc, 2)
	j, _ := NewSpreadJob(sc, w.Log, w.Seed, 30)
	if j.PlayChunk(0, func() bool { return true }) {
		t.Error("a stopped chunk reported it was played")
	}
	if _, err := j.Result(actual); err == nil {
		t.Error("a spread with chunks unplayed assembled")
	}
	if _, err := NewSpreadJob(sc, w.Log, 1, 0); err == nil {
		t.Error("a spread of no runs was accepted")
	}
}

// TestMidRank checks the percentile's handling of ties and ends.
func TestMidRank(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		vals []float64
		x    float64
		want float64
	}{
		{nil, 3, 50},
		{[]float64{1, 2, 3, 4}, 0, 0},
		{[]float64{1, 2, 3, 4}, 5, 100},
		{[]float64{1, 2, 3, 4}, 2, 37.5},  // 1 below, 1 equal: (1 + 0.5) / 4
		{[]float64{2, 2, 2, 2}, 2, 50},    // all tied: the middle
		{[]float64{1, 1, 3, 3}, 2, 50},    // between: half below
		{[]float64{0, 1, 1, 1, 5}, 1, 50}, // 1 below, 3 equal: 2.5 / 5
	} {
		if got := MidRank(tt.vals, tt.x); got != tt.want {
			t.Errorf("MidRank(%v, %v) = %v, want %v", tt.vals, tt.x, got, tt.want)
		}
	}
}

// BenchmarkSpread is a whole spread — the team's policy and every built-in
// doctrine, SpreadRuns worlds each — of the largest shipped scenario, on
// all cores in fixed chunks, as the debrief runs it (at normal priority).
func BenchmarkSpread(b *testing.B) {
	sc, err := scenario.LoadShipped("nato-cyber.toml")
	if err != nil {
		b.Fatal(err)
	}
	w, actual := playedExercise(b, sc, 1)
	b.ReportAllocs()
	for b.Loop() {
		j, err := NewSpreadJob(sc, w.Log, w.Seed, SpreadRuns)
		if err != nil {
			b.Fatal(err)
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 2 { // the target machine has two cores
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := next.Add(1) - 1; c < int64(j.Chunks()); c = next.Add(1) - 1 {
					j.PlayChunk(int(c), nil)
				}
			}()
		}
		wg.Wait()
		if _, err := j.Result(actual); err != nil {
			b.Fatal(err)
		}
	}
}
