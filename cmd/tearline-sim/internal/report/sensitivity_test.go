package report

import (
	"math"
	"strings"
	"testing"

	"tearline/cmd/tearline-sim/internal/experiment"
	"tearline/cmd/tearline-sim/internal/results"
)

// sensText is an experiment with three factors; %s is its [design] table.
// ReadSensitivityDesign needs no scenario, so the paths are not checked.
const sensText = `[experiment]
id = "s"
scenario = "default.toml"
replications = 1
[design]
%s
[[policy]]
name = "share-all"
[[factor]]
name = "x1"
path = "a"
min = 0
max = 1
[[factor]]
name = "x2"
path = "b"
min = 0
max = 1
[[factor]]
name = "x3"
path = "c"
min = 0
max = 1
`

func TestSensitivitySection(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, design string
		want         []string
	}{
		{"sobol", "kind = \"sobol\"\nsamples = 400", []string{"## Variance shares (Sobol indices)", "| x2 | 0.", "n/a: sensitivity: SobolIndices: the output does not vary"}},
		{"morris", "kind = \"morris\"\ntrajectories = 30", []string{"## Factor screening (Morris elementary effects)", "| x1 | ", "| x3 | 0 | 0 – 0 | 0 | 0 |"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			text := strings.Replace(sensText, "%s", tt.design, 1)
			const seed = 5 // any batch seed: the design is re-derived from it
			d, err := experiment.ReadSensitivityDesign(text, seed)
			if err != nil || d == nil {
				t.Fatal(err, d)
			}
			m := &results.Meta{Seed: seed, Experiment: &results.ExperimentMeta{Design: d.Kind, Text: text},
				Policies: []results.PolicyMeta{{Label: "share-all", Name: "share-all"}}, Points: make([][]float64, len(d.Units))}
			// Outcome 0 is Ishigami on [−π, π]³ (S2 ≈ 0.44; at N = 400 the estimate is
			// only good to ±0.15), outcome 1 never varies (Sobol: n/a; Morris: all 0).
			pts := make([][]float64, len(d.Units))
			for i, u := range d.Units {
				x := []float64{-math.Pi + 2*math.Pi*u[0], -math.Pi + 2*math.Pi*u[1], -math.Pi + 2*math.Pi*u[2]}
				pts[i] = []float64{math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0]), 3}
			}
			md, err := SensitivitySection(m, map[string][][]float64{"share-all": pts}, []string{"coverage", "harm"})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(md), w) {
					t.Errorf("section lacks %q:\n%s", w, md)
				}
			}
			again, _ := SensitivitySection(m, map[string][][]float64{"share-all": pts}, []string{"coverage", "harm"})
			if string(again) != string(md) {
				t.Error("the section is not reproducible")
			}
		})
	}
}

func TestSensitivitySectionOtherDesigns(t *testing.T) {
	t.Parallel()
	m := &results.Meta{Experiment: &results.ExperimentMeta{Design: "lhs", Text: strings.Replace(sensText, "%s", "kind = \"lhs\"\nsamples = 4", 1)}}
	if md, err := SensitivitySection(m, nil, nil); md != nil || err != nil {
		t.Fatalf("lhs design: %q, %v; want nothing", md, err)
	}
	if md, err := SensitivitySection(&results.Meta{}, nil, nil); md != nil || err != nil {
		t.Fatalf("plain batch: %q, %v; want nothing", md, err)
	}
}
