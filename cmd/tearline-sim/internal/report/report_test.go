package report

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"tearline/cmd/tearline-sim/internal/results"
)

// sliceReader serves rows from memory as a results.Reader.
type sliceReader struct{ rows []results.Row }

func (r *sliceReader) Read(row *results.Row) error {
	if len(r.rows) == 0 {
		return io.EOF
	}
	*row = r.rows[0]
	r.rows = r.rows[1:]
	return nil
}

func (r *sliceReader) Close() error { return nil }

// testMetrics are the metric columns Build needs.
var testMetrics = []string{"coverage", "on_time_share", "mean_latency_h", "attributable_leaks",
	"attributable_leak_weight", "leaks", "threats_averted", "harm", "score"}

// synthetic builds an input of one policy, "p", over points design points
// of one factor f (its value at point i is i), reps runs per point, with
// every metric set by metric(point, rep).
func synthetic(points, reps int, metric func(point, rep int) float64) Input {
	m := &results.Meta{Seed: 5, Replications: int64(reps), Metrics: testMetrics,
		Factors: []results.FactorMeta{{Name: "f", Min: 0, Max: float64(points - 1)}}}
	var rows []results.Row
	for p := range points {
		m.Points = append(m.Points, []float64{float64(p)})
		for r := range reps {
			vs := make([]float64, len(testMetrics))
			for i := range vs {
				vs[i] = metric(p, r)
			}
			rows = append(rows, results.Row{Policy: "p", Point: int64(p), Rep: int64(r), Factors: []float64{float64(p)}, Metrics: vs})
		}
	}
	m.Runs = int64(len(rows))
	return Input{Meta: m, Rows: &sliceReader{rows}, Name: "synthetic.csv", Bootstrap: 200}
}

// row returns the report's table row that starts with prefix.
func row(md, prefix string) string {
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

func TestPooledInterval(t *testing.T) {
	t.Parallel()
	// Three design points whose means are 0.5, 0.6 and 0.7, each from four
	// runs at mean ± 0.05. With the points as units, by hand: mean 0.6, sd
	// 0.1, half-width t(0.975, 2)·0.1/√3 = 4.302653·0.0577350 = 0.248414,
	// so [0.352, 0.848]. Pooling the 12 runs as if independent would give
	// t(0.975, 11)·0.0853/√12 = ±0.054: far narrower than the points' spread.
	in := synthetic(3, 4, func(p, r int) float64 { return 0.5 + 0.1*float64(p) + 0.05*float64(2*(r%2)-1) })
	out, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	md := string(out.Markdown)
	got := row(md, "| p | 12 | 3 |")
	if want := "| p | 12 | 3 | 0.600 [0.352, 0.848] |"; !strings.HasPrefix(got, want) {
		t.Errorf("policy row %q; want it to start %q", got, want)
	}
	if !strings.Contains(md, "**design points as units**") {
		t.Error("the table does not say its intervals take the design points as units")
	}
	// One design point: the runs are the units. 0.5 ± 0.05 in four runs:
	// sd 0.057735, t(0.975, 3) = 3.182446, half-width 0.091869.
	one, err := Build(synthetic(1, 4, func(_, r int) float64 { return 0.5 + 0.05*float64(2*(r%2)-1) }))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := row(string(one.Markdown), "| p | 4 | 1 |"), "| p | 4 | 1 | 0.500 [0.408, 0.592] |"; !strings.HasPrefix(got, want) {
		t.Errorf("one point: %q; want it to start %q", got, want)
	}
}

func TestFactorEffectsOnMeans(t *testing.T) {
	t.Parallel()
	// 12 points (a factor needs at least 4), 30 runs each: the point mean
	// rises with f while single runs are dominated by noise of sd 1, ten
	// times the whole effect (0.1 over the design) — the situation of the
	// issue, where per-run PRCCs read as no effect.
	build := func() *Output {
		noise := rand.New(rand.NewPCG(1, 2))
		vals := map[[2]int]float64{}
		in := synthetic(12, 30, func(p, r int) float64 {
			k := [2]int{p, r}
			if _, ok := vals[k]; !ok {
				vals[k] = 0.01*float64(p) + noise.NormFloat64()/30 // mean noise sd 1/30/√30 ≈ 0.006
			}
			return vals[k]
		})
		out, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	out := build()
	md := string(out.Markdown)
	sec := md[strings.Index(md, "### coverage"):]
	cell := row(sec, "| f |")
	// On the means the ranks follow f almost perfectly: PRCC near 1 with a
	// bootstrap interval above 0.8.
	var est, lo, hi float64
	if _, err := fmt.Sscanf(cell, "| f | %f [%f, %f] |", &est, &lo, &hi); err != nil || est < 0.9 || lo < 0.8 || hi > 1 || lo > est || est > hi {
		t.Errorf("coverage PRCC cell %q (%v): want about 1 with an interval above 0.8", cell, err)
	}
	for _, f := range []string{"prcc_coverage.png", "prcc_coverage.svg"} {
		if len(out.Files[f]) == 0 {
			t.Errorf("no %s", f)
		}
	}
	if !bytes.Equal(out.Markdown, build().Markdown) {
		t.Error("two builds of the same rows differ")
	}
	if !strings.Contains(md, "## Runs needed") || row(md, "| `coverage` | 0.01 |") == "" {
		t.Error("no runs-needed row for coverage")
	}
}
