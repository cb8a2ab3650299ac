package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"

	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/results"
	"tearline/cmd/tearline-sim/internal/sensitivity"
)

// bootStream is the PCG stream of the sensitivity bootstrap, seeded with
// the batch seed: far above any run index, apart from the designs' streams.
const bootStream = 1<<62 + 16

// PointMeans reads rows and returns, per policy label, per design point,
// the mean of each outcome (in outcomes' order) over the point's
// replications; NaN values are skipped. Memory is O(policies × points ×
// outcomes).
func PointMeans(rows results.Reader, m *results.Meta, outcomes []string) (map[string][][]float64, error) {
	l := m.Layout()
	col := make([]int, len(outcomes))
	for j, o := range outcomes {
		col[j] = -1
		for i, n := range l.Metrics {
			if n == o {
				col[j] = i
			}
		}
		if col[j] < 0 {
			return nil, fmt.Errorf("the batch has no %s column", o)
		}
	}
	np := len(m.Points)
	sum := map[string][][]float64{}
	cnt := map[string][][]float64{}
	var row results.Row
	for {
		err := rows.Read(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if row.Point < 0 || int(row.Point) >= np {
			return nil, fmt.Errorf("run %d: design point %d outside the metadata's %d", row.Run, row.Point, np)
		}
		if sum[row.Policy] == nil {
			ps, pc := make([][]float64, np), make([][]float64, np)
			for i := range ps {
				ps[i], pc[i] = make([]float64, len(outcomes)), make([]float64, len(outcomes))
			}
			sum[row.Policy], cnt[row.Policy] = ps, pc
		}
		s, c := sum[row.Policy][row.Point], cnt[row.Policy][row.Point]
		for j, ci := range col {
			if v := row.Metrics[ci]; !math.IsNaN(v) {
				s[j] += v
				c[j]++
			}
		}
	}
	for p, s := range sum {
		for i := range s {
			for j := range s[i] {
				s[i][j] /= cnt[p][i][j] // 0/0 = NaN for a point without rows
			}
		}
	}
	return sum, nil
}

// SensitivitySection renders the Markdown section of a Morris or Sobol
// batch: per policy (in m.Policies order) and per outcome, a table of each
// factor's Morris μ* (with its bootstrap 95% interval), μ and σ, or its
// Sobol first-order S1 and total-order ST indices with bootstrap 95%
// intervals. means holds, per policy label, per design point, the mean of
// each outcome (outcomes' order) over its replications, as PointMeans
// returns: the indices are computed on design-point means, so run-to-run
// noise averages out instead of posing as a factor effect. The design's
// unit points are re-derived from the experiment text in m (with m.Seed);
// the bootstrap draws from the PCG stream (m.Seed, bootStream), so the
// section is a pure function of its inputs.
//
// It returns nil, nil when the batch is not a Morris or Sobol experiment,
// and an error when m's design and points disagree. A (policy, outcome)
// whose indices cannot be computed (an outcome that never varies, a point
// without runs) shows n/a with the reason.
func SensitivitySection(m *results.Meta, means map[string][][]float64, outcomes []string) ([]byte, error) {
	if m.Experiment == nil {
		return nil, nil
	}
	d, err := experiment.ReadSensitivityDesign(m.Experiment.Text, m.Seed)
	if err != nil || d == nil {
		return nil, err
	}
	if len(d.Units) != len(m.Points) {
		return nil, fmt.Errorf("the %s design has %d points, the metadata %d", d.Kind, len(d.Units), len(m.Points))
	}
	k := len(d.Factors)
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	rng := rand.New(rand.NewPCG(m.Seed, bootStream))
	if d.Kind == "morris" {
		w("## Factor screening (Morris elementary effects)\n\n")
		w("%d trajectories on a %d-level grid (step Δ = %.3g of each factor's probability scale), %d points, "+
			"on design-point means. **μ\\*** (mean |effect|, with its bootstrap 95%% interval over trajectories) ranks the factors' "+
			"influence in outcome units per full range of the factor's probability scale; **μ** is the signed mean (near 0 with a large "+
			"μ\\*: effects of both signs); **σ** large against μ\\* means interactions or non-linearity (Morris 1991; Campolongo et al. 2007).\n\n",
			d.Trajectories, d.Levels, sensitivity.MorrisStep(d.Levels), len(d.Units))
	} else {
		w("## Variance shares (Sobol indices)\n\n")
		w("Saltelli sample of N = %d base rows (%d points), on design-point means. **S1** is the share of the outcome's variance "+
			"a factor explains alone, **ST** its share with all its interactions (ST ≈ 0: the factor can be fixed anywhere in its range; "+
			"ST − S1: its share through interactions). Estimators of Saltelli et al. (2010) and Jansen (1999); intervals are bootstrap "+
			"95%% percentiles over base rows (%d resamples). With small N the intervals are wide and S1 can dip below 0: read them, "+
			"not the point estimates alone.\n\n", d.Samples, len(d.Units), DefaultBootstrap)
	}
	for _, pm := range m.Policies {
		pts := means[pm.Label]
		if pts == nil {
			continue
		}
		w("### %s\n\n", mdEscape(pm.Label))
		for j, o := range outcomes {
			y := make([]float64, len(pts))
			for i := range pts {
				y[i] = pts[i][j]
			}
			w("**%s**\n\n", o)
			if d.Kind == "morris" {
				eff, err := sensitivity.Morris(d.Units, y, k, DefaultBootstrap, rng)
				if err != nil {
					w("n/a: %v\n\n", err)
					continue
				}
				w("| factor | μ* | 95%% interval | μ | σ |\n|---|---:|---:|---:|---:|\n")
				for i, e := range eff {
					w("| %s | %s | %s – %s | %s | %s |\n", d.Factors[i], sensNum(e.MuStar), sensNum(e.MuStarLo), sensNum(e.MuStarHi), sensNum(e.Mu), sensNum(e.Sigma))
				}
			} else {
				idx, err := sensitivity.SobolIndices(y, d.Samples, k, DefaultBootstrap, rng)
				if err != nil {
					w("n/a: %v\n\n", err)
					continue
				}
				w("| factor | S1 | 95%% interval | ST | 95%% interval |\n|---|---:|---:|---:|---:|\n")
				for i, s := range idx {
					w("| %s | %.3f | %.3f – %.3f | %.3f | %.3f – %.3f |\n", d.Factors[i], s.S1, s.S1Lo, s.S1Hi, s.ST, s.STLo, s.STHi)
				}
			}
			w("\n")
		}
	}
	return b.Bytes(), nil
}

// sensNum formats a statistic to 4 significant digits, n/a for NaN.
func sensNum(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.4g", v)
}
