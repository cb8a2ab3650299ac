package experiment

import (
	"math"
	"os"
	"strings"
	"testing"
)

func TestExampleSensitivityExperiments(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		file   string
		design string
		points int
	}{
		{"doctrine-morris.toml", "morris", 20 * (5 + 1)}, // r = 20 trajectories of k + 1 = 6 points
		{"doctrine-sobol.toml", "sobol", 512 * (5 + 2)},  // N = 512 base rows of k + 2 = 7 points
	} {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			e, err := Load("../../../../experiments/"+tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if e.Design != tt.design || len(e.Points) != tt.points || len(e.Units) != tt.points {
				t.Fatalf("design %q, %d points, %d units; want %q, %d", e.Design, len(e.Points), len(e.Units), tt.design, tt.points)
			}
			if !e.PolicyFactors() {
				t.Fatal("policy factors not recognised")
			}
			for pt, p := range e.Points {
				for j, f := range e.Factors {
					if p[j] < f.Min || p[j] > f.Max {
						t.Fatalf("point %d: %s = %v outside [%v, %v]", pt, f.Name, p[j], f.Min, f.Max)
					}
				}
				params := e.PolicyParams(pt, 0)
				if params["threshold"] != p[0] || params["tearline"] != p[1] || params["waivers"] != p[2] {
					t.Fatalf("point %d: policy params %v, factors %v", pt, params, p[:3])
				}
				if _, err := e.NewDecider(pt, 0); err != nil {
					t.Fatalf("point %d: %v", pt, err)
				}
			}
			// The report re-derives the same unit design from the text.
			src, _ := os.ReadFile("../../../../experiments/" + tt.file)
			d, err := ReadSensitivityDesign(string(src), e.Seed)
			if err != nil || d == nil || len(d.Units) != len(e.Units) || d.Units[7][2] != e.Units[7][2] || d.Factors[4] != "kor_security" {
				t.Fatalf("ReadSensitivityDesign: %v %+v", err, d)
			}
			// Points that differ only in policy parameters share a compiled scenario.
			distinct := map[any]bool{}
			for _, sc := range e.Scenarios {
				distinct[sc] = true
			}
			if len(distinct) > len(e.Points) {
				t.Fatalf("%d scenarios for %d points", len(distinct), len(e.Points))
			}
		})
	}
}

// sampled is a small experiment with one factor; %s is the factor's keys.
const sampled = `[experiment]
id = "t"
scenario = "default.toml"
replications = 2

[design]
kind = "lhs"
samples = 8

[[policy]]
name = "by-trust"

[[factor]]
path = "model.leak_rate"
`

func TestParseDistributionsAndPolicyFactors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, extra string
		want        string // "" = valid
	}{
		{"triangular", "dist = \"triangular\"\nmin = 0.001\nmode = 0.002\nmax = 0.008\n", ""},
		{"normal", "dist = \"normal\"\nmean = 0.004\nsd = 0.002\nmin = 0.001\nmax = 0.008\n", ""},
		{"discrete", "dist = \"discrete\"\nvalues = [0.001, 0.004]\nweights = [1, 2]\n", ""},
		{"policy threshold", "min = 0.001\nmax = 0.002\n[[factor]]\npath = \"policy.threshold\"\nmin = 0.5\nmax = 0.9\n", ""},
		{"policy by index", "min = 0.001\nmax = 0.002\n[[factor]]\npath = \"policy[0].tearline\"\nmin = 0.1\nmax = 0.4\n", ""},
		{"unknown dist", "dist = \"gamma\"\nmin = 0\nmax = 1\n", `x.toml:15: factor[0].dist: "gamma" is not a distribution`},
		{"mode outside", "dist = \"triangular\"\nmin = 0.001\nmode = 0.01\nmax = 0.008\n", "x.toml:17: factor[0].mode: 0.01 is outside min 0.001 to max 0.008"},
		{"mode missing", "dist = \"triangular\"\nmin = 0.001\nmax = 0.008\n", `factor[0].mode: is required for dist = "triangular"`},
		{"sd zero", "dist = \"normal\"\nmean = 0.004\nsd = 0\nmin = 0.001\nmax = 0.008\n", "x.toml:17: factor[0].sd: 0: the standard deviation must be above 0"},
		{"normal far away", "dist = \"normal\"\nmean = 5\nsd = 0.001\nmin = 0.001\nmax = 0.008\n", "factor[0].mean: mean 5, sd 0.001 puts almost no probability"},
		{"mean on uniform", "min = 0\nmax = 0.01\nmean = 0.1\n", `x.toml:17: factor[0].mean: dist = "uniform" takes min, max, not mean`},
		{"weights count", "dist = \"discrete\"\nvalues = [0.001, 0.004]\nweights = [1]\n", "x.toml:17: factor[0].weights: has 1 weights for 2 values"},
		{"weight negative", "dist = \"discrete\"\nvalues = [0.001, 0.004]\nweights = [1, -1]\n", "factor[0].weights[1]: -1: a weight is a positive finite number"},
		{"unknown policy param", "min = 0.001\nmax = 0.002\n[[factor]]\npath = \"policy.speed\"\nmin = 0\nmax = 1\n", `x.toml:18: factor[1].path: "policy.speed": no [[policy]] of this experiment takes "speed"`},
		{"policy index out of range", "min = 0.001\nmax = 0.002\n[[factor]]\npath = \"policy[3].threshold\"\nmin = 0\nmax = 1\n", `x.toml:18: factor[1].path: "policy[3].threshold": there are 1 [[policy]] entries`},
		{"policy value out of range", "min = 0.001\nmax = 0.002\n[[factor]]\npath = \"policy.threshold\"\nmin = 0.5\nmax = 1.5\n", `factor[1].path: at design point `},
		{"bad policy path", "min = 0.001\nmax = 0.002\n[[factor]]\npath = \"policy.threshold.x\"\nmin = 0\nmax = 1\n", `a policy parameter is "policy.PARAM"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := Parse("x.toml", []byte(sampled+tt.extra), Options{})
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range e.Points {
					for j, f := range e.Factors {
						if p[j] < f.Min || p[j] > f.Max {
							t.Fatalf("%s = %v outside [%v, %v]", f.Name, p[j], f.Min, f.Max)
						}
					}
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error\n%v\ndoes not contain %q", err, tt.want)
			}
		})
	}
}

func TestParseSensitivityDesigns(t *testing.T) {
	t.Parallel()
	base := strings.Replace(sampled, "kind = \"lhs\"\nsamples = 8\n", "%DESIGN%", 1) + "min = 0.001\nmax = 0.008\n[[factor]]\npath = \"policy.threshold\"\nmin = 0.5\nmax = 0.9\n"
	for _, tt := range []struct {
		name, design string
		points       int
		want         string
	}{
		{"morris", "kind = \"morris\"\ntrajectories = 5\n", 5 * 3, ""},                 // r(k+1), k = 2
		{"morris p=6", "kind = \"morris\"\ntrajectories = 4\nlevels = 6\n", 4 * 3, ""}, // levels other than the default 4
		{"sobol", "kind = \"sobol\"\nsamples = 10\n", 10 * 4, ""},                      // N(k+2)
		{"odd levels", "kind = \"morris\"\ntrajectories = 5\nlevels = 3\n", 0, "x.toml:9: design.levels: 3: Morris levels p are even"},
		{"no trajectories", "kind = \"morris\"\n", 0, "design.trajectories: 0 is outside 2 to 2048"},
		{"samples on morris", "kind = \"morris\"\ntrajectories = 5\nsamples = 3\n", 0, "x.toml:9: design.samples: applies to kind"},
		{"sobol too big", "kind = \"sobol\"\nsamples = 4000\n", 0, "design.samples: 4000 base samples × (2 factors + 2) = 16000 points, more than 4096"},
		{"levels on sobol", "kind = \"sobol\"\nsamples = 10\nlevels = 4\n", 0, "design.levels: applies to kind = \"morris\" only"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := Parse("x.toml", []byte(strings.Replace(base, "%DESIGN%", tt.design, 1)), Options{})
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error\n%v\ndoes not contain %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Points) != tt.points || e.Runs() != int64(tt.points)*2 { // 1 policy × 2 replications
				t.Fatalf("%d points, %d runs; want %d", len(e.Points), e.Runs(), tt.points)
			}
		})
	}
}

func TestDistQuantiles(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		d    Dist
		u    float64
		want float64
	}{
		{"uniform mid", Dist{Kind: DistUniform, Min: 2, Max: 6}, 0.25, 3},
		// Triangular(0, 1, 2): F(x) = x²/2 below the mode, so F⁻¹(1/8) = 1/2.
		{"triangular lower", Dist{Kind: DistTriangular, Min: 0, Mode: 1, Max: 2}, 0.125, 0.5},
		// Above the mode F(x) = 1 − (2 − x)²/2: F⁻¹(7/8) = 1.5.
		{"triangular upper", Dist{Kind: DistTriangular, Min: 0, Mode: 1, Max: 2}, 0.875, 1.5},
		{"triangular ends", Dist{Kind: DistTriangular, Min: 0, Mode: 0, Max: 2}, 1, 2},
		// A symmetric truncation keeps the median at the mean.
		{"normal median", Dist{Kind: DistNormal, Mean: 5, SD: 2, Min: 1, Max: 9}, 0.5, 5},
		// Truncated to [mean, ∞) ≈ [0, 40 sd]: half-normal; its median is Φ⁻¹(0.75) = 0.6744897501960817.
		{"half normal", Dist{Kind: DistNormal, Mean: 0, SD: 1, Min: 0, Max: 40}, 0.5, 0.6744897501960817},
		// Far in the upper tail ([8, 9] sd, where Φ(8) rounds to 1 in float64):
		// the mirrored form gives the median 8.084888899018168, found by
		// bisection on (erfc(8/√2) + erfc(9/√2))/4 with Python's math.erfc.
		{"upper tail", Dist{Kind: DistNormal, Mean: 0, SD: 1, Min: 8, Max: 9}, 0.5, 8.084888899018168},
		{"normal ends", Dist{Kind: DistNormal, Mean: 0, SD: 1, Min: -1, Max: 2}, 1, 2},
		{"discrete first", newDiscrete([]float64{3, 1, 2}, []float64{1, 1, 2}), 0.2, 1},  // sorted: 1 (0.25), 2 (0.5), 3 (0.25)
		{"discrete middle", newDiscrete([]float64{3, 1, 2}, []float64{1, 1, 2}), 0.6, 2}, // cumulative 0.25, 0.75, 1
		{"discrete last", newDiscrete([]float64{3, 1, 2}, []float64{1, 1, 2}), 0.9, 3},
	} {
		got := tt.d.Quantile(tt.u)
		if math.Abs(got-tt.want) > 1e-9 { // exact up to rounding and gonum's Φ⁻¹ (accurate to ~1e-15 relative)
			t.Errorf("%s: Q(%v) = %v, want %v", tt.name, tt.u, got, tt.want)
		}
	}
}
